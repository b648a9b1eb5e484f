"""Request figures as a series: one row per reporting period, gaps kept, and a small bar chart.

A period with no published figures is a gap, never a zero: the table says "no figures published"
and the chart leaves the slot empty. The chart is inline SVG drawn in `currentColor`, so it needs
no script, follows dark mode and prints; the table beside it carries the same numbers for screen
readers.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from privacy_terms.data.model import UNKNOWN, RequestFigures
from privacy_terms.utils.dates import MONTHS, date_end, date_start


@dataclass(frozen=True)
class Period:
    """One reporting period: its figures, or None for a gap between published periods."""

    label: str
    start: str
    end: str
    figures: RequestFigures | None


def request_series(requests: tuple[RequestFigures, ...]) -> list[Period]:
    """Return the periods oldest first, with a gap wherever a stretch of time has no figures."""
    ordered = sorted(requests, key=lambda r: (date_start(r.start), date_end(r.end)))
    periods: list[Period] = []
    for figures in ordered:
        if periods:
            gap = _gap(date_end(periods[-1].end), date_start(figures.start))
            if gap:
                periods.append(gap)
        periods.append(Period(figures.period, figures.start, figures.end, figures))
    return periods


def _gap(after: dt.date, before: dt.date) -> Period | None:
    first = after + dt.timedelta(days=1)
    last = before - dt.timedelta(days=1)
    if (last - first).days < 27:  # a few days between periods is not a missing period
        return None
    label = f"{_month(first)} to {_month(last)}"
    return Period(label, first.isoformat(), last.isoformat(), None)


def _month(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1][:3]} {day.year}"


def has_counts(periods: list[Period]) -> bool:
    """True when at least one period has a request count to draw."""
    return any(p.figures is not None and p.figures.requests != UNKNOWN for p in periods)


_BAR = 28
_GAP = 8
_HEIGHT = 120
_TOP = 18
_LABEL = 34


def requests_chart(periods: list[Period], title: str) -> str:
    """Return an inline SVG bar chart of requests per period (empty slots for gaps)."""
    counts = [_count(p) for p in periods]
    peak = max((c for c in counts if c is not None), default=0) or 1
    width = len(periods) * (_BAR + _GAP) + _GAP
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {_TOP + _HEIGHT + _LABEL}" role="img"'
        f' aria-label="{html.escape(title)}" focusable="false">'
    ]
    for index, (period, count) in enumerate(zip(periods, counts, strict=True)):
        x = _GAP + index * (_BAR + _GAP)
        parts.append(_slot(x, period, count, peak))
    parts.append(
        f'<line x1="0" y1="{_TOP + _HEIGHT}" x2="{width}" y2="{_TOP + _HEIGHT}" class="axis"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _count(period: Period) -> int | None:
    if period.figures is None or period.figures.requests == UNKNOWN:
        return None
    return int(period.figures.requests)


def _slot(x: int, period: Period, count: int | None, peak: int) -> str:
    base = _TOP + _HEIGHT
    label = html.escape(_short(period))
    text = f'<text x="{x + _BAR / 2:g}" y="{base + 14}" class="tick">{label}</text>'
    if count is None:
        mark = "–" if period.figures is None else "?"
        return text + f'<text x="{x + _BAR / 2:g}" y="{base - 4}" class="none">{mark}</text>'
    height = round(_HEIGHT * count / peak) if count else 0
    bar = f'<rect x="{x}" y="{base - height}" width="{_BAR}" height="{height}" class="bar"/>'
    value = f'<text x="{x + _BAR / 2:g}" y="{base - height - 4}" class="value">{count}</text>'
    return bar + value + text


def _short(period: Period) -> str:
    """A label that fits under a bar: 'H2 20' for a half-year, else the start month."""
    start, end = date_start(period.start), date_end(period.end)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if months == 6 and start.month in (1, 7):
        return f"H{1 if start.month == 1 else 2} {start.year % 100:02d}"
    return f"{MONTHS[start.month - 1][:3]} {start.year % 100:02d}"
