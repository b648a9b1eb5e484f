"""Request figures as a series: one row per reporting period, gaps kept, and the chart's layout.

A stretch of time with no figures is a gap, never a zero, and it carries its reason: "not
published" only where the data records that the company published no reports then (a
transparency period of form `none`), otherwise "not yet reviewed": the record has not looked.

The chart runs down the page on a time axis: each period is a row as tall as the period is long,
so two bars can never stand for the same months and a three-year gap takes three years' room.
Periods that overlap (a whole year beside one of its halves) go in separate lanes side by side.
A bar's length is the period's requests per month, so its area is its count and a year's bar is
not twice a half-year's for the same pace. The layout is plain numbers; `website` draws it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from enum import StrEnum

from privacy_terms.data.model import UNKNOWN, RequestFigures, TransparencyPeriod
from privacy_terms.data.vocabulary import ReportForm
from privacy_terms.utils.dates import MONTHS, date_end, date_start


class GapReason(StrEnum):
    """Why a stretch of time between reported periods has no figures."""

    NOT_PUBLISHED = "not_published"
    """The data records that the company published no reports for this time."""
    NOT_REVIEWED = "not_reviewed"
    """The record has not looked for figures for this time."""


@dataclass(frozen=True)
class Period:
    """One reporting period: its figures, or None for a gap between published periods."""

    label: str
    start: str
    end: str
    figures: RequestFigures | None
    gap: GapReason | None = None
    """For a gap, why it has no figures; None for a reported period."""


def request_series(
    requests: tuple[RequestFigures, ...], transparency: tuple[TransparencyPeriod, ...] = ()
) -> list[Period]:
    """Return the periods oldest first, with a gap wherever a stretch of time has no figures.
    `transparency` is the platform's reporting record, which says where a gap was not published."""
    ordered = sorted(requests, key=lambda r: (date_start(r.start), date_end(r.end)))
    periods: list[Period] = []
    covered: dt.date | None = None  # the last day any period so far covers
    for figures in ordered:
        if covered is not None:
            gap = _gap(covered, date_start(figures.start), transparency)
            if gap:
                periods.append(gap)
        periods.append(Period(figures.period, figures.start, figures.end, figures))
        end = date_end(figures.end)
        covered = end if covered is None else max(covered, end)
    return periods


def _gap(
    after: dt.date, before: dt.date, transparency: tuple[TransparencyPeriod, ...]
) -> Period | None:
    first = after + dt.timedelta(days=1)
    last = before - dt.timedelta(days=1)
    if (last - first).days < 27:  # a few days between periods is not a missing period
        return None
    label = f"{_month(first)} to {_month(last)}"
    reason = GapReason.NOT_PUBLISHED if _unpublished(first, last, transparency) else None
    return Period(
        label, first.isoformat(), last.isoformat(), None, reason or GapReason.NOT_REVIEWED
    )


def _unpublished(first: dt.date, last: dt.date, record: tuple[TransparencyPeriod, ...]) -> bool:
    """True when one transparency period of form `none` covers the whole gap: only then does the
    data say the company published nothing for it."""
    for reporting in record:
        if reporting.form != ReportForm.NONE or reporting.since == UNKNOWN:
            continue
        until = date_end(reporting.until) if reporting.until else dt.date.max
        if date_start(reporting.since) <= first and last <= until:
            return True
    return False


def _month(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1][:3]} {day.year}"


def has_counts(periods: list[Period]) -> bool:
    """True when at least one period has a request count to draw."""
    return any(p.figures is not None and p.figures.requests != UNKNOWN for p in periods)


# --- The chart's layout ----------------------------------------------------------------------------

ROW_MIN_PX = 18
"""The shortest row: one line of the chart's text (13 px) with room above and below."""
MONTH_PX = 5
"""The height of a month, unless a short period needs more to hold its line of text."""
LONGEST_BAR = 70.0
"""The longest bar, in percent of its lane's bar area: the rest holds the number beside it."""


@dataclass(frozen=True)
class Row:
    """One period's place in the chart: `top` and `height` in pixels down the time axis, `lane`
    its column, `length` its bar in percent of the lane's bar area (None: count not known, or a
    gap), `count` the requests it reports."""

    index: int
    """The period's place in the series (and in the table)."""
    top: int
    height: int
    lane: int
    length: float | None
    count: int | None


@dataclass(frozen=True)
class ChartLayout:
    """Where everything goes: `rows` for the reported periods, `gaps` across every lane."""

    height: int
    lanes: int
    rows: tuple[Row, ...]
    gaps: tuple[Row, ...]


def months(period: Period) -> int:
    """How many calendar months the period touches (a period is given in months or days)."""
    start, end = date_start(period.start), date_end(period.end)
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _month_index(value: str, origin: dt.date) -> int:
    day = date_start(value)
    return (day.year - origin.year) * 12 + day.month - origin.month


def chart_layout(periods: list[Period]) -> ChartLayout:
    """Lay the periods out down a time axis: a row per period, its height proportional to its
    length, overlapping periods in separate lanes, gaps as empty rows across all lanes."""
    if not periods:
        return ChartLayout(0, 1, (), ())
    origin = date_start(periods[0].start)
    shortest = min(months(p) for p in periods)
    month_px = max(MONTH_PX, math.ceil(ROW_MIN_PX / shortest))
    rates = [_rate(p) for p in periods]
    peak = max((r for r in rates if r is not None), default=0.0)
    lane_ends: list[int] = []  # the month each lane is free from
    rows: list[Row] = []
    gaps: list[Row] = []
    for index, period in enumerate(periods):
        first = _month_index(period.start, origin)
        span = months(period)
        top, height = first * month_px, span * month_px
        if period.figures is None:
            gaps.append(Row(index, top, height, 0, None, None))
            continue
        lane = next((i for i, free in enumerate(lane_ends) if free <= first), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(0)
        lane_ends[lane] = first + span
        rate = rates[index]
        length = None if rate is None else _length(rate, peak)
        rows.append(Row(index, top, height, lane, length, _count(period)))
    bottom = max(r.top + r.height for r in (*rows, *gaps))
    return ChartLayout(bottom, max(len(lane_ends), 1), tuple(rows), tuple(gaps))


def _length(rate: float, peak: float) -> float:
    return round(LONGEST_BAR * rate / peak, 2) if peak else 0.0


def _rate(period: Period) -> float | None:
    count = _count(period)
    return None if count is None else count / months(period)


def _count(period: Period) -> int | None:
    if period.figures is None or period.figures.requests == UNKNOWN:
        return None
    return int(period.figures.requests)
