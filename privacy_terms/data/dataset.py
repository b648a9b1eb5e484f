"""Load and check every data file of a project: the one entry point to the data.

Everything is loaded and checked before anything is rendered, so a page is never built from a
partial set of platforms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from privacy_terms.data import checks, page_names, routes, text_rules
from privacy_terms.data.checks import AnyEntry, Entry
from privacy_terms.data.load import MAX_BYTES, Document, load_bytes, refused_whole
from privacy_terms.data.model import Jurisdiction, Platform
from privacy_terms.data.provenance import evidence_mix
from privacy_terms.data.publishers import (
    Register,
    check_against_register,
    load_register,
    source_weights,
    weight_of,
)
from privacy_terms.data.validate import repaired, validate_document
from privacy_terms.utils import workers
from privacy_terms.utils.cache import FileCache, as_mapping, plain_problems, problems_of
from privacy_terms.utils.files import (
    HAND_WRITTEN,
    FileRefused,
    read_regular,
    scan_data_folder,
    scan_tree,
)
from privacy_terms.utils.problems import Problem, errors

M = TypeVar("M", Platform, Jurisdiction)

PLATFORMS_DIR = "platforms"
FILE_DIGESTS = "file_digests"
"""Key in `Dataset.derived`: each data file's content key, by its path (e.g. `platforms/x.yaml`)."""
JURISDICTIONS_DIR = "jurisdictions"
CONTENT_MAX_BYTES = 1_000_000
"""The largest file in content/: the hand-written pages are a few kilobytes each."""


@dataclass(frozen=True)
class Dataset:
    """Every platform and jurisdiction, validated; platforms sorted by name."""

    platforms: tuple[Platform, ...]
    jurisdictions: tuple[Jurisdiction, ...]
    register: Register | None = None
    """Who publishes at each host the data cites (`publishers.yaml`); it weighs the sources."""
    derived: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """Values computed from the whole dataset (rows, timeline), kept with it so that each is
    computed once per build: several pages and files need them, and at a thousand platforms
    recomputing them costs seconds. The data itself is frozen, so they never go stale."""

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


def evidence_lines(dataset: Dataset) -> list[str]:
    """Return one line per data file: how many of its sources are primary, news and secondary."""
    owners = [(f"{PLATFORMS_DIR}/{p.id}.yaml", p.sources) for p in dataset.platforms]
    owners += [(f"{JURISDICTIONS_DIR}/{j.code}.yaml", j.sources) for j in dataset.jurisdictions]
    register = dataset.register
    return [
        f"{path}: {evidence_mix(weight_of(s, register) for s in sources)}"
        for path, sources in owners
    ]


def load_dataset(root: Path, today: dt.date, cache: FileCache | None = None) -> CheckResult:
    """Load, validate and check every data file under `root`; report all problems at once.

    Files unchanged since an earlier run come from `cache` (by default the user's cache folder,
    see `privacy_terms.utils.cache`); the checks across files always run.
    """
    cache = cache or FileCache.for_run(today.isoformat())
    platform_files, problems = scan_data_folder(root, PLATFORMS_DIR)
    jurisdiction_files, found_in_folder = scan_data_folder(root, JURISDICTIONS_DIR)
    problems += found_in_folder
    if not platform_files:
        problems.append(Problem(PLATFORMS_DIR, 1, 1, "error", "no platform files (*.yaml) found"))
    digests: dict[str, str] = {}
    platforms, found = _load_all(root, platform_files, Platform, today, cache, digests)
    jurisdictions, found_j = _load_all(
        root, jurisdiction_files, Jurisdiction, today, cache, digests
    )
    problems += found + found_j
    register, _, found_r = load_register(root)
    problems += found_r
    codes = {entry.item.code for entry in jurisdictions}
    partners = {entry.item.code: routes.treaty_partners(entry.item) for entry in jurisdictions}
    records = {entry.item.id: entry.item.company for entry in platforms}
    for entry in platforms:
        problems += checks.check_stances(entry, codes)
        problems += checks.check_company(entry, records)
        problems += routes.check_treaty_routes(entry, partners)
    for any_entry in [*platforms, *jurisdictions]:
        problems += _check_weights(any_entry, register)  # type: ignore[arg-type]
    problems += page_names.check_pages(root, platforms, jurisdictions)
    # MkDocs reads content/ itself, following links and waiting on pipes: refused here, before
    # any build starts.
    problems += scan_tree(root, page_names.CONTENT_DIR, CONTENT_MAX_BYTES, HAND_WRITTEN)[1]
    problems.sort()
    files = len(platform_files) + len(jurisdiction_files)
    if errors(problems):
        return CheckResult(None, problems, files)
    dataset = Dataset(
        tuple(sorted((e.item for e in platforms), key=lambda p: (p.name.casefold(), p.id))),
        tuple(sorted((e.item for e in jurisdictions), key=lambda j: j.code)),
        register,
        {FILE_DIGESTS: digests},
    )
    return CheckResult(dataset, problems, files)


def _check_weights(entry: AnyEntry, register: Register | None) -> list[Problem]:
    """The rules that weigh sources by their publisher: they depend on the register, so they
    run on every check rather than with the file's cached results."""
    weights = source_weights(entry, register)
    problems = checks.check_evidence(entry, weights) + checks.check_evidence_mix(entry, weights)
    if register is not None:
        problems += check_against_register(entry, register)
    return problems


def _load_all(
    root: Path,
    paths: list[Path],
    model: type[M],
    today: dt.date,
    cache: FileCache,
    digests: dict[str, str],
) -> tuple[list[Entry[M]], list[Problem]]:
    """Load every file (from the cache when unchanged); record each file's content key in
    `digests` (by its path in the project), which later steps use as the file's identity."""
    results: list[tuple[Entry[M] | None, list[Problem]] | None] = []
    misses: list[tuple[int, str, bytes | FileRefused]] = []
    for index, path in enumerate(paths):
        shown = path.relative_to(root).as_posix()
        try:
            raw: bytes | FileRefused = read_regular(path, MAX_BYTES)  # never a link or a pipe
        except FileRefused as exc:
            raw = exc
        key = cache.key(f"data:{model.__name__}", shown, raw) if isinstance(raw, bytes) else ""
        digests[shown] = key
        found = cache.get(key, _result_reader(root, shown, model)) if key else None
        results.append(found)
        if found is None:
            misses.append((index, key, raw))
    loaded = _load_misses(root, paths, misses, model, today, cache)
    for (index, _, _), result in zip(misses, loaded, strict=True):
        results[index] = result
    done = [result for result in results if result is not None]
    entries = [entry for entry, _ in done if entry is not None]
    return entries, [problem for _, found in done for problem in found]


def _load_misses(
    root: Path,
    paths: list[Path],
    misses: list[tuple[int, str, bytes | FileRefused]],
    model: type[M],
    today: dt.date,
    cache: FileCache,
) -> list[tuple[Entry[M] | None, list[Problem]]]:
    """Load the files the cache did not have, and keep each result under its key: the files are
    independent until the cross-file checks, so they load on every core when there are many."""
    jobs = [(root, paths[index], raw, model, today, cache, key) for index, key, raw in misses]
    return workers.run_all(_load_and_keep, jobs)


def _load_and_keep(
    root: Path,
    path: Path,
    raw: bytes | FileRefused,
    model: type[M],
    today: dt.date,
    cache: FileCache,
    key: str,
) -> tuple[Entry[M] | None, list[Problem]]:
    """`_load_one`, its result kept in the cache under `key` (by the worker: writing a
    thousand entries is itself worth sharing out)."""
    result = _load_one(root, path, raw, model, today)
    if key:
        cache.put(key, _plain_result(result))
    return result


def _plain_result(result: tuple[Entry[M] | None, list[Problem]]) -> dict[str, Any]:
    """A file's result as plain data for the cache: the model's fields as the file set them,
    and the problems; nothing of this checkout (the file is found again from the key's path)."""
    entry, problems = result
    # exclude_unset: validating the dump again gives an equal object, down to which fields
    # the file set.
    item = entry.item.model_dump(mode="json", exclude_unset=True) if entry else None
    return {"item": item, "problems": plain_problems(problems)}


def _result_reader(
    root: Path, shown: str, model: type[M]
) -> Callable[[Any], tuple[Entry[M] | None, list[Problem]]]:
    """Read back what `_plain_result` kept for the file at `shown`, in this checkout."""

    def read(value: Any) -> tuple[Entry[M] | None, list[Problem]]:
        found = as_mapping(value)
        problems = problems_of(found["problems"])
        if found["item"] is None:
            return None, problems
        item = model.model_validate(as_mapping(found["item"]))  # a ValueError if not the model's
        return Entry(Document(shown, source=root / shown), item), problems

    return read


def _load_one(
    root: Path, path: Path, raw: bytes | FileRefused, model: type[M], today: dt.date
) -> tuple[Entry[M] | None, list[Problem]]:
    """Load, validate and check one file on its own (everything that needs no other file)."""
    shown = path.relative_to(root).as_posix()
    if isinstance(raw, FileRefused):
        return None, [Problem(shown, 1, 1, "error", raw.message)]
    # Positions are recorded as the file is parsed (a few percent more): a file's checks often
    # point at something, and finding a position later means parsing the file again.
    document, problems = load_bytes(raw, shown, positions=True)
    if document is None:
        if refused_whole(raw):  # nothing of it was read: there is nothing to count
            return None, problems
        return None, problems + _not_run(problems, model, validated=False)
    item, found = validate_document(document, model)
    problems += found
    if item is None:  # a misspelt field must not hide the file's other problems
        document, item, inside = repaired(document, model)
        problems += inside
        if item is None:
            return None, problems + _not_run(problems, model, validated=True)
    entry = Entry(document, item)
    problems += checks.check_file_name(entry, path.stem)
    problems += [p for check in _ENTRY_CHECKS for p in check(entry)]
    problems += [p for check in _DAY_CHECKS for p in check(entry, today)]
    if isinstance(item, Platform):
        problems += [p for check in _PLATFORM_CHECKS for p in check(entry)]  # type: ignore[arg-type]
        problems += checks.check_stance_age(entry, today)  # type: ignore[arg-type]
    else:
        problems += routes.check_jurisdiction_routes(entry)
    if found:  # repaired: its positions were moved with the misspelt field, keep them
        return entry, problems
    # Hand back a light entry: the raw data, the text and the walk are not needed any more, and
    # positions are rebuilt from the file if a cross-file check has something to report (a
    # thousand files' text would otherwise stay in memory, and in every cache entry).
    return Entry(Document(document.path, source=path), item), problems


_ENTRY_CHECKS: tuple[Callable[[AnyEntry], list[Problem]], ...] = (
    checks.check_sources,
    checks.check_links_in_text,
    checks.check_addresses,
    checks.check_todos,
    checks.check_source_records,
    text_rules.check_names,
    text_rules.check_text_bounds,
)
_DAY_CHECKS: tuple[Callable[[AnyEntry, dt.date], list[Problem]], ...] = (
    checks.check_dates,
    checks.check_staleness,
    checks.check_reviews,
)
_PLATFORM_CHECKS: tuple[Callable[[Entry[Platform]], list[Problem]], ...] = (
    checks.check_policy_versions,
    checks.check_not_stated,
    routes.check_stance_evidence,
    routes.check_platform_routes,
)


def _not_run(problems: list[Problem], model: type[M], *, validated: bool) -> list[Problem]:
    """A note after a file's last error: how many checks of it wait for its errors to be fixed.

    Counted: validation (unless it ran), the file name, the checks of one file, and the checks
    across files that read it (its sources weighed against the register, its stances'
    jurisdictions, its page's name)."""
    found = errors(problems)
    if not found:  # pragma: no cover - a file is only left unchecked for an error
        return []
    count = (0 if validated else 1) + 1 + len(_ENTRY_CHECKS) + len(_DAY_CHECKS) + 1 + 1
    if model is Platform:
        count += len(_PLATFORM_CHECKS) + 1 + 1 + 1  # the stances' age and jurisdictions, treaties
    last = max(found)
    which = "the error above is" if len(found) == 1 else f"the {len(found)} errors above are"
    message = f"{count} checks of this file not run until {which} fixed"
    return [Problem(last.path, last.line, last.column, "note", message)]
