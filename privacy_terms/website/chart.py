"""The request chart as inline SVG, written at build time from `series.chart_layout`.

No viewBox: the SVG is as wide as its column and as tall as the layout says, so its text keeps
the stylesheet's size on a phone instead of shrinking with the drawing. Horizontal positions are
percentages of the width, vertical ones pixels down the time axis. Every text is escaped here,
and every word comes from the caller, already in the edition's language. Colours are
`currentColor` and the theme's variables (theme/style.css), so it follows dark mode and prints.
The chart is `aria-hidden`: the table beside it holds the same figures for screen readers.
"""

from __future__ import annotations

from html import escape

from privacy_terms.data.series import ChartLayout, Row


def label_share(lanes: int) -> float:
    """The part of each lane that holds the period labels, the bars taking the rest: half of a
    single lane (a label such as 2019年7月至2020年6月 fits a phone's half), more of a narrower one."""
    return 0.5 if lanes == 1 else 0.6


TEXT_DROP = 14
"""From a row's top to its text's baseline, in pixels (the text is 13 px)."""
PAD = 2
"""Room above the first row and below the last, in pixels."""


def _pc(value: float) -> str:
    return f"{round(value, 2):g}%"


def chart_svg(layout: ChartLayout, texts: list[str], unknown: str) -> str:
    """Return the chart: `texts[i]` is what row i says (a period's label, or a gap's label and
    reason), `unknown` the word for a count that is not known."""
    lane_width = 100 / layout.lanes
    parts = [
        f'<svg class="chart" width="100%" height="{layout.height + 2 * PAD}"'
        ' aria-hidden="true" focusable="false">'
    ]
    for gap in layout.gaps:
        top = gap.top + PAD
        parts.append(
            f'<rect class="gap" x="0" y="{top + 1}" width="100%" height="{gap.height - 2}"/>'
            f'<text class="gap-text" x="1%" y="{top + TEXT_DROP}">{escape(texts[gap.index])}</text>'
        )
    for row in layout.rows:
        parts.append(_bar(row, texts[row.index], unknown, lane_width, label_share(layout.lanes)))
    parts.append("</svg>")
    return "".join(parts)


def _bar(row: Row, text: str, unknown: str, lane_width: float, share: float) -> str:
    left = row.lane * lane_width
    start = left + share * lane_width
    top = row.top + PAD
    baseline = top + TEXT_DROP
    label = f'<text class="tick" x="{_pc(left + 1)}" y="{baseline}">{escape(text)}</text>'
    if row.length is None:
        return (
            label
            + f'<text class="none" x="{_pc(start)}" dx="4" y="{baseline}">{escape(unknown)}</text>'
        )
    width = row.length / 100 * (1 - share) * lane_width
    bar = (
        f'<rect class="bar" x="{_pc(start)}" y="{top + 1}" width="{_pc(width)}"'
        f' height="{row.height - 2}"/>'
    )
    value = f'<text class="value" x="{_pc(start + width)}" dx="4" y="{baseline}">{row.count}</text>'
    return label + bar + value
