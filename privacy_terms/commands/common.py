"""What the command modules share: the sub-parsers type, exit codes, `fail`, and options.

A leaf, like `arguments` (the date arguments): it imports no project module, so any command can
use it without an import cycle.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TypeAlias

SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""What each command module's `register` receives: argparse's sub-parsers object."""

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def fail(message: str, code: int) -> int:
    """Print `error: message` on stderr and return the exit code."""
    print(f"error: {message}", file=sys.stderr)
    return code


def number_argument(low: float, high: float, *, whole: bool = False) -> Callable[[str], float]:
    """An argparse type for a number from `low` to `high` (a whole number if `whole`)."""

    def parse(value: str) -> float:
        try:
            number = int(value) if whole else float(value)
        except ValueError:
            number = None
        if number is None or not low <= number <= high:
            kind = "a whole number" if whole else "a number"
            raise argparse.ArgumentTypeError(f"{value!r} is not {kind} from {low:g} to {high:g}")
        return number

    return parse


def add_report_format(parser: argparse.ArgumentParser) -> None:
    """`--format` for the commands that report findings (verify, watch)."""
    parser.add_argument(
        "--format",
        choices=["text", "github", "json", "markdown"],
        default="text",
        help="text (file:line: lines and a summary), github (annotations), json, or markdown "
        "(the scheduled issue)",
    )
