"""How old the evidence is: the thresholds past which a conclusion is no longer shown as current.

Set in one place, read by the checks (which warn) and by the pages (which say so). The pages
measure age from the data's own date (the newest review), never from the clock, so two builds of
the same data are identical.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from privacy_terms.data.model import Jurisdiction, Platform
from privacy_terms.data.vocabulary import Section
from privacy_terms.utils.dates import date_end, date_start

CONFIRMED_WITHIN_MONTHS = 24
"""A stance or a transparency report older than this is shown as not confirmed since its date."""
REVIEWED_WITHIN_DAYS = 365
"""A file (or, with a review log, a section) not reviewed for longer gets a warning from `check`."""

PLATFORM_SECTIONS = (Section.STANCES, Section.DISCLOSURE, Section.TRANSPARENCY)
JURISDICTION_SECTIONS = (Section.EVENTS,)


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole calendar months from `earlier` to `later` (0 when later is not after earlier)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(months, 0)


@dataclass(frozen=True)
class Age:
    """The age of a piece of evidence, measured at a given day."""

    date: str
    months: int
    limit: int

    @property
    def stale(self) -> bool:
        """True when the evidence is older than the limit."""
        return self.months > self.limit

    def words(self) -> str:
        """The age for readers: 'under a month', '5 months', 'over 2 years'."""
        if self.months < 1:
            return "under a month"
        if self.months < 24:
            return f"{self.months} month{'s' if self.months > 1 else ''}"
        years, rest = divmod(self.months, 12)
        return f"{years} years" if rest == 0 else f"over {years} years"


def age_of(date: str, at: dt.date, limit: int = CONFIRMED_WITHIN_MONTHS) -> Age:
    """Return how old a (partial) date is at day `at`, counted from its last possible day."""
    return Age(date, months_between(date_end(date), at), limit)


def data_date(platforms: tuple[Platform, ...], jurisdictions: tuple[Jurisdiction, ...]) -> dt.date:
    """The day the data speaks for: its newest review."""
    reviewed = [p.last_reviewed for p in platforms] + [j.last_reviewed for j in jurisdictions]
    return date_start(max(reviewed))


def section_reviewed(item: Platform | Jurisdiction, section: Section) -> str | None:
    """Return when a section was last reviewed; a file without a review log counts as reviewed
    whole on `last_reviewed`, and a section its log never names was never reviewed (None)."""
    if not item.reviews:
        return item.last_reviewed
    dates = [r.date for r in item.reviews if section in r.sections]
    return max(dates) if dates else None
