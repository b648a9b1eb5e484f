"""Argument types and exit codes shared by the commands (a leaf: it imports no project module)."""

from __future__ import annotations

import argparse
import datetime as dt
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


def date_argument(value: str) -> dt.date:
    """Parse `--today YYYY-MM-DD`, or say what is wrong (argparse then exits with code 2)."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date: write YYYY-MM-DD") from None


def today_from(args: argparse.Namespace) -> dt.date:
    """Return the date checks compare against: --today, or the real date."""
    today: dt.date | None = getattr(args, "today", None)
    return today or dt.date.today()


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
