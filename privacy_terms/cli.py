"""The command line: `python build.py check | build | serve | export | new | diff`.

A thin layer: it parses arguments, calls the core, prints problems and chooses the exit code
(0 fine, 1 data errors or failed build, 2 wrong usage). No traceback ever reaches the user.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from privacy_terms import commands
from privacy_terms.arguments import date_argument, today_from
from privacy_terms.dataset import CheckResult, load_dataset
from privacy_terms.problems import summary
from privacy_terms.process import UserError, exit_cleanly_on_sigterm, failure_message
from privacy_terms.schema import write_schemas

Command = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None, root: Path | None = None) -> int:
    """Run the command line and return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    args.root = (root or Path.cwd()).resolve()
    command: Command = args.run
    exit_cleanly_on_sigterm()
    try:
        return command(args)
    except KeyboardInterrupt:
        return 130
    except (OSError, UserError) as exc:  # a broken machine, not a bug: say what failed
        print(f"error: {failure_message(exc, args.root)}", file=sys.stderr)
        return 1
    except Exception as exc:  # the last guard: a user sees a sentence, never a traceback
        print(f"internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print(
            "This is a bug in privacy-terms; please report it with the command you ran.",
            file=sys.stderr,
        )
        return 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python build.py",
        description="Check the platform data and build the privacy-terms site.",
    )
    parser.set_defaults(run=_run_build, format="text", today=None, site_dir=None)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    check = commands.add_parser(
        "check", help="load and check every data file; report every problem"
    )
    _add_check_options(check)
    check.set_defaults(run=_run_check)
    schema = commands.add_parser(
        "schema", help="write the JSON Schemas under schema/ from the model"
    )
    schema.set_defaults(run=_run_schema)
    for register in _extra_commands():
        register(commands)
    return parser


def _add_check_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help="text (file:line:column lines) or github (GitHub Actions annotations)",
    )
    parser.add_argument(
        "--today",
        type=date_argument,
        default=None,
        help="check as if today were YYYY-MM-DD (for reproducible runs)",
    )


def run_check(args: argparse.Namespace) -> CheckResult:
    """Load and check the data, print every problem and the summary line; return the result."""
    result = load_dataset(args.root, today_from(args))
    for problem in result.problems:
        print(problem.as_github() if args.format == "github" else str(problem))
    print(
        summary(result.problems, result.files),
        file=sys.stderr if args.format == "github" else sys.stdout,
    )
    return result


def _run_check(args: argparse.Namespace) -> int:
    return 0 if run_check(args).ok else 1


def _run_schema(args: argparse.Namespace) -> int:
    for path in write_schemas(args.root):
        print(f"wrote {path.relative_to(args.root).as_posix()}")
    return 0


def _run_build(args: argparse.Namespace) -> int:
    return commands.build_command(args)


def _extra_commands() -> list[commands.Registrar]:
    return commands.REGISTRARS
