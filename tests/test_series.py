"""The request series and its chart: gaps with their reasons, and a time axis on which two bars
can never stand for the same months."""

from __future__ import annotations

import itertools
from pathlib import Path

import yaml

from privacy_terms.data.model import RequestFigures, TransparencyPeriod
from privacy_terms.data.series import (
    ChartLayout,
    GapReason,
    Period,
    Row,
    chart_layout,
    request_series,
)
from privacy_terms.website.chart import chart_svg
from privacy_terms.website.i18n import CHINESE, Translations
from privacy_terms.website.render import make_environment

REPO = Path(__file__).resolve().parent.parent


def figures(period: str, start: str, end: str, requests: int | str = 10) -> RequestFigures:
    return RequestFigures.model_validate(
        {
            "period": period,
            "start": start,
            "end": end,
            "requests": requests,
            "accounts": "unknown",
            "some_data_produced_percent": "unknown",
            "note": "Not reported.",
            "sources": ["s"],
        }
    )


def reporting(form: str, since: str, until: str | None = None) -> TransparencyPeriod:
    fields = {"form": form, "frequency": "unknown", "since": since, "sources": ["s"]}
    return TransparencyPeriod.model_validate(fields | ({"until": until} if until else {}))


def spans(periods: list[Period]) -> list[tuple[str, str, str, GapReason | None]]:
    return [(p.label, p.start, p.end, p.gap) for p in periods]


# --- Gaps and their reasons -------------------------------------------------------------------------


def test_a_gap_the_record_has_not_looked_at_is_not_yet_reviewed() -> None:
    series = request_series(
        (figures("H1 2016", "2016-01", "2016-06"), figures("H2 2019", "2019-07", "2019-12"))
    )
    assert spans(series) == [
        ("H1 2016", "2016-01", "2016-06", None),
        ("Jul 2016 to Jun 2019", "2016-07-01", "2019-06-30", GapReason.NOT_REVIEWED),
        ("H2 2019", "2019-07", "2019-12", None),
    ]


def test_a_gap_is_not_published_only_where_reporting_of_form_none_covers_all_of_it() -> None:
    requests = (figures("2015", "2015-01", "2015-12"), figures("2019", "2019-01", "2019-12"))
    covered = (reporting("none", "2016-01", "2018-12"),)
    assert request_series(requests, covered)[1].gap == GapReason.NOT_PUBLISHED
    open_ended = (reporting("none", "2015-06"),)
    assert request_series(requests, open_ended)[1].gap == GapReason.NOT_PUBLISHED
    # Reports of another form, a part of the gap only, or an unknown start say nothing of it.
    for record in (
        (reporting("statistics_by_country", "2010-01"),),
        (reporting("none", "2016-01", "2017-12"),),
        (reporting("none", "unknown"),),
    ):
        assert request_series(requests, record)[1].gap == GapReason.NOT_REVIEWED, record


def test_a_period_inside_a_longer_one_opens_no_gap_after_it() -> None:
    series = request_series(
        (
            figures("2015", "2015-01", "2015-12"),
            figures("Q1 2015", "2015-01", "2015-03"),
            figures("H1 2016", "2016-01", "2016-06"),
        )
    )
    assert [p.label for p in series] == ["Q1 2015", "2015", "H1 2016"]


# --- The axis ---------------------------------------------------------------------------------------


def test_annual_and_half_year_periods_take_their_length_and_overlaps_take_a_lane() -> None:
    series = request_series(
        (
            figures("2014", "2014-01", "2014-12", 59),
            figures("2015", "2015-01", "2015-12", 184),
            figures("H2 2015", "2015-07", "2015-12", 113),
            figures("H1 2016", "2016-01", "2016-06", 190),
            figures("H2 2019", "2019-07", "2019-12", 241),
        )
    )
    # Five pixels a month; lengths are requests per month, the fastest at 70%.
    assert chart_layout(series) == ChartLayout(
        height=360,
        lanes=2,
        rows=(
            Row(index=0, top=0, height=60, lane=0, length=8.57, count=59),
            Row(index=1, top=60, height=60, lane=0, length=26.72, count=184),
            Row(index=2, top=90, height=30, lane=1, length=32.82, count=113),
            Row(index=3, top=120, height=30, lane=0, length=55.19, count=190),
            Row(index=5, top=330, height=30, lane=0, length=70.0, count=241),
        ),
        gaps=(Row(index=4, top=150, height=180, lane=0, length=None, count=None),),
    )


def test_quarters_get_rows_tall_enough_for_their_text() -> None:
    series = request_series(
        (
            figures("Q1 2020", "2020-01", "2020-03", 3),
            figures("Q2 2020", "2020-04", "2020-06", 0),
            figures("Q4 2020", "2020-10", "2020-12", "unknown"),
        )
    )
    assert [p.label for p in series] == ["Q1 2020", "Q2 2020", "Jul 2020 to Sep 2020", "Q4 2020"]
    # Six pixels a month: a quarter is 18, the height of one line of the chart's text.
    assert chart_layout(series) == ChartLayout(
        height=72,
        lanes=1,
        rows=(
            Row(index=0, top=0, height=18, lane=0, length=70.0, count=3),
            Row(index=1, top=18, height=18, lane=0, length=0.0, count=0),
            Row(index=3, top=54, height=18, lane=0, length=None, count=None),
        ),
        gaps=(Row(index=2, top=36, height=18, lane=0, length=None, count=None),),
    )


def test_no_two_bars_in_a_lane_and_no_gap_ever_share_a_pixel() -> None:
    candidates = [
        ("2019", "2019-01", "2019-12"),
        ("H1 2019", "2019-01", "2019-06"),
        ("H2 2019", "2019-07", "2019-12"),
        ("Q3 2019", "2019-07", "2019-09"),
        ("Jul 2019 – Jun 2020", "2019-07", "2020-06"),
        ("H1 2020", "2020-01", "2020-06"),
        ("2022", "2022-01", "2022-12"),
    ]
    checked = 0
    for size in range(1, len(candidates) + 1):
        for chosen in itertools.combinations(candidates, size):
            layout = chart_layout(request_series(tuple(figures(*c) for c in chosen)))
            rows = [(r.lane, r.top, r.top + r.height) for r in layout.rows]
            for (lane_a, top_a, end_a), (lane_b, top_b, end_b) in itertools.combinations(rows, 2):
                assert lane_a != lane_b or end_a <= top_b or end_b <= top_a, chosen
            for gap in layout.gaps:
                assert all(end <= gap.top or gap.top + gap.height <= top for _, top, end in rows)
            assert all(r.height >= 18 for r in (*layout.rows, *layout.gaps))
            checked += 1
    assert checked == 127


# --- The drawing ------------------------------------------------------------------------------------


def test_the_chart_writes_each_rows_text_escaped_at_its_place_and_hides_from_screen_readers() -> (
    None
):
    series = request_series(
        (
            figures("H2 2020", "2020-07", "2020-12", 12),
            figures("H2 2021", "2021-07", "2021-12", "unknown"),
        )
    )
    texts = ["H2 <2020>", "Jan 2021 to Jun 2021: not yet reviewed", "H2 2021"]
    assert chart_svg(chart_layout(series), texts, "unknown") == (
        '<svg class="chart" width="100%" height="94" aria-hidden="true" focusable="false">'
        '<rect class="gap" x="0" y="33" width="100%" height="28"/>'
        '<text class="gap-text" x="1%" y="46">Jan 2021 to Jun 2021: not yet reviewed</text>'
        '<text class="tick" x="1%" y="16">H2 &lt;2020&gt;</text>'
        '<rect class="bar" x="50%" y="3" width="35%" height="28"/>'
        '<text class="value" x="85%" dx="4" y="16">12</text>'
        '<text class="tick" x="1%" y="76">H2 2021</text>'
        '<text class="none" x="50%" dx="4" y="76">unknown</text>'
        "</svg>"
    )


def test_the_chinese_edition_writes_the_periods_in_chinese() -> None:
    strings = yaml.safe_load(
        (REPO / "translations" / "zh-hant" / "interface.yaml").read_text(encoding="utf-8")
    )
    label = make_environment(Translations(CHINESE, strings)).filters["period_label"]
    series = request_series(
        (
            figures("2014", "2014-01", "2014-12"),
            figures("H1 2020", "2020-01", "2020-06"),
            figures("Q4 2020", "2020-10", "2020-12"),
        )
    )
    assert [label(p) for p in series] == [
        "2014年",
        "2015年1月至2019年12月",
        "2020年上半年",
        "2020年7月至2020年9月",
        "2020年10月至2020年12月",
    ]
