"""`python build.py check`: load and check every data file, print every problem and a summary.

`build`, `serve` and `export` run the same check first, through `run_check`.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from privacy_terms.commands.arguments import add_today_option, today_from
from privacy_terms.commands.common import SubParsers
from privacy_terms.data.dataset import CheckResult, Dataset, evidence_lines, load_dataset
from privacy_terms.data.model import Jurisdiction, Platform
from privacy_terms.utils.problems import Problem, errors, summary
from privacy_terms.website import glossary, translations
from privacy_terms.website.i18n import CHINESE, CONFIG_FILES


def register(commands: SubParsers) -> None:
    """Add `check`."""
    check = commands.add_parser(
        "check", help="load and check every data file; report every problem"
    )
    _add_check_options(check)
    check.set_defaults(run=_run_check)


def _add_check_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help="text (file:line:column lines) or github (GitHub Actions annotations)",
    )
    add_today_option(parser)
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="list every translation warning (by default, one line per file with their number)",
    )


def run_check(args: argparse.Namespace, *, show_evidence: bool = False) -> CheckResult:
    """Load and check the data, print every problem and the summary line; return the result."""
    checked = load_dataset(args.root, today_from(args))
    found = translation_problems(args.root, checked)
    shown = found if args.verbose else translations.summarised(found)
    # Each variant the glossary avoids is shown where it stands, never summarised: it is a
    # word to change, not a field still to translate.
    terms = glossary.problems(args.root) if (args.root / CONFIG_FILES[CHINESE]).is_file() else []
    shown += terms
    result = replace(checked, problems=sorted([*checked.problems, *found, *terms]))
    for problem in sorted([*checked.problems, *shown]):  # by file, line and column
        print(problem.as_github() if args.format == "github" else str(problem))
    if show_evidence and result.dataset is not None:
        for line in evidence_lines(result.dataset):
            print(line, file=sys.stderr if args.format == "github" else sys.stdout)
    print(
        summary(result.problems, result.files),
        file=sys.stderr if args.format == "github" else sys.stdout,
    )
    return result


def translation_problems(root: Path, result: CheckResult) -> list[Problem]:
    """The translation findings (files that do not load; fields missing or older than their
    English) when the project has a Traditional Chinese edition (mkdocs.zh-hant.yml). With
    errors in the data, only the translation files that do not load: which fields need a
    translation is known once the data loads, but a broken file must not wait for that."""
    if not (root / CONFIG_FILES[CHINESE]).is_file():
        return []
    if result.dataset is None:
        return translations.load_problems(root)
    owners: tuple[Platform | Jurisdiction, ...] = (
        *result.dataset.platforms,
        *result.dataset.jurisdictions,
    )
    return translations.problems(root, owners)


def _run_check(args: argparse.Namespace) -> int:
    return 0 if run_check(args, show_evidence=True).ok else 1


def checked_dataset(args: argparse.Namespace, command: str) -> Dataset | None:
    """Load and check the data quietly; on errors print them on stderr and return None."""
    result = load_dataset(args.root, today_from(args))
    if result.dataset is not None:
        return result.dataset
    for problem in errors(result.problems):
        print(problem, file=sys.stderr)
    print(
        f"`{command}` reads data that passes `python build.py check`: fix the errors above.",
        file=sys.stderr,
    )
    return None
