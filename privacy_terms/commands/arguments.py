"""Argument types shared by the commands (kept apart from cli.py, which imports every command)."""

from __future__ import annotations

import argparse
import datetime as dt

from privacy_terms.utils.dates import today_anywhere


def date_argument(value: str) -> dt.date:
    """Parse `--today YYYY-MM-DD`, or say what is wrong (argparse then exits with code 2)."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date: write YYYY-MM-DD") from None


def add_today_option(parser: argparse.ArgumentParser) -> None:
    """Add `--today YYYY-MM-DD`: check as if that were the date, for reproducible runs."""
    parser.add_argument(
        "--today",
        type=date_argument,
        default=None,
        help="check as if today were YYYY-MM-DD (for reproducible runs)",
    )


def today_from(args: argparse.Namespace) -> dt.date:
    """Return the date checks compare against: --today, or the latest date anywhere on Earth."""
    today: dt.date | None = getattr(args, "today", None)
    return today or today_anywhere()
