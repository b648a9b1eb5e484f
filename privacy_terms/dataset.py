"""Load and check every data file of a project: the one entry point to the data.

Everything is loaded and checked before anything is rendered, so a page is never built from a
partial set of platforms.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from privacy_terms import checks
from privacy_terms.checks import AnyEntry, Entry
from privacy_terms.load import load_file
from privacy_terms.model import Jurisdiction, Platform
from privacy_terms.problems import Problem, errors
from privacy_terms.validate import validate_document

M = TypeVar("M", Platform, Jurisdiction)

PLATFORMS_DIR = "platforms"
JURISDICTIONS_DIR = "jurisdictions"


@dataclass(frozen=True)
class Dataset:
    """Every platform and jurisdiction, validated; platforms sorted by name."""

    platforms: tuple[Platform, ...]
    jurisdictions: tuple[Jurisdiction, ...]

    def jurisdiction(self, code: str) -> Jurisdiction:
        """Return the jurisdiction with this code (checks guarantee it exists)."""
        return next(j for j in self.jurisdictions if j.code == code)


@dataclass(frozen=True)
class CheckResult:
    """The outcome of loading a project: the dataset (None if any error) and every problem."""

    dataset: Dataset | None
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not errors(self.problems)


def load_dataset(root: Path, today: dt.date) -> CheckResult:
    """Load, validate and check every data file under `root`; report all problems at once."""
    platform_files = _data_files(root / PLATFORMS_DIR)
    jurisdiction_files = _data_files(root / JURISDICTIONS_DIR)
    problems = _misnamed_files(root, [PLATFORMS_DIR, JURISDICTIONS_DIR])
    if not platform_files:
        problems.append(Problem(PLATFORMS_DIR, 1, 1, "error", "no platform files (*.yaml) found"))
    platforms, found = _load_all(root, platform_files, Platform)
    jurisdictions, found_j = _load_all(root, jurisdiction_files, Jurisdiction)
    problems += found + found_j
    codes = {entry.item.code for entry in jurisdictions}
    for entry in platforms:
        problems += checks.check_policy_versions(entry) + checks.check_stances(entry, codes)
    all_entries: list[AnyEntry] = [*platforms, *jurisdictions]
    for any_entry in all_entries:
        problems += _check_file(any_entry, today)
    problems.sort()
    files = len(platform_files) + len(jurisdiction_files)
    if errors(problems):
        return CheckResult(None, problems, files)
    dataset = Dataset(
        tuple(sorted((e.item for e in platforms), key=lambda p: (p.name.casefold(), p.id))),
        tuple(sorted((e.item for e in jurisdictions), key=lambda j: j.code)),
    )
    return CheckResult(dataset, problems, files)


def _data_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def _misnamed_files(root: Path, folders: list[str]) -> list[Problem]:
    problems = []
    for folder in folders:
        for path in sorted((root / folder).glob("*.yml")):
            shown = path.relative_to(root).as_posix()
            problems.append(Problem(shown, 1, 1, "error", "data files end in .yaml: rename it"))
    return problems


def _load_all(
    root: Path, paths: list[Path], model: type[M]
) -> tuple[list[Entry[M]], list[Problem]]:
    entries: list[Entry[M]] = []
    problems: list[Problem] = []
    for path in paths:
        shown = path.relative_to(root).as_posix()
        document, found = load_file(path, shown)
        problems += found
        if document is None:
            continue
        item, found = validate_document(document, model)
        problems += found
        if item is not None:
            entry = Entry(document, item)
            entries.append(entry)
            problems += checks.check_file_name(entry, path.stem)
    return entries, problems


def _check_file(entry: AnyEntry, today: dt.date) -> list[Problem]:
    return (
        checks.check_sources(entry)
        + checks.check_dates(entry, today)
        + checks.check_links_in_text(entry)
        + checks.check_todos(entry)
        + checks.check_staleness(entry, today)
    )
