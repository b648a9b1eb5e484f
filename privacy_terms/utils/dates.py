"""Partial dates (YYYY-MM-DD or YYYY-MM) as the data writes them, and how to compare them."""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

DATE_FIELDS = frozenset(
    {"since", "until", "published", "accessed", "date", "as_of", "start", "end",
     "effective_from", "effective_until", "last_reviewed", "latest_period_end"}
)  # fmt: skip
"""Names of every field that holds a date, in any model."""


LATEST_UTC_OFFSET = dt.timedelta(hours=14)
"""Kiribati's Line Islands: where each new day starts first."""


def today_anywhere() -> dt.date:
    """Return the latest date it is anywhere on Earth right now.

    "In the future" means after this day, so whether a date has happened never depends on the
    time zone of the machine that checks it: a date that is today in Hong Kong passes a check
    run in UTC-10, and the same files pass or fail everywhere at the same moment.
    """
    return (dt.datetime.now(dt.UTC) + LATEST_UTC_OFFSET).date()


def date_start(value: str) -> dt.date:
    """Return the first day a (validated) partial date can mean."""
    year, month, *rest = (int(part) for part in value.split("-"))
    return dt.date(year, month, rest[0] if rest else 1)


def date_end(value: str) -> dt.date:
    """Return the last day a (validated) partial date can mean."""
    year, month, *rest = (int(part) for part in value.split("-"))
    return dt.date(year, month, rest[0] if rest else calendar.monthrange(year, month)[1])


def sort_key(value: str | None) -> str:
    """Sort partial dates chronologically; unknown and missing sort first."""
    return value if value and value[0].isdigit() else ""


@lru_cache(maxsize=4096)
def human_date(value: str | None) -> str:
    """Write a partial date for readers: 6 July 2020, July 2020, or unknown."""
    if not value or value == "unknown":
        return "date unknown"
    parts = [int(part) for part in value.split("-")]
    month = MONTHS[parts[1] - 1]
    return f"{parts[2]} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"
