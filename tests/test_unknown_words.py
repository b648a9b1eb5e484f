"""A value the data records as `unknown` is shown as what is unknown, in words ("jurisdiction
unknown", "number unknown"), and comparison.csv and a platform's page say the same of its operator."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from privacy_terms.data.dataset import Dataset, load_dataset
from privacy_terms.website.opendata import comparison_csv
from privacy_terms.website.pages import SiteOptions, render_pages

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def real() -> Dataset:
    result = load_dataset(REPO, dt.date(2026, 12, 7))
    assert result.dataset is not None
    return result.dataset


def operators(page: str) -> str:
    """The page's list of operators serving Hong Kong users, newest first."""
    return page.partition("Operator serving Hong Kong users</dt>\n")[2].partition("<dt>")[0]


def test_the_comparison_data_and_each_platform_page_say_the_same_of_its_operators_jurisdiction(
    real: Dataset,
) -> None:
    pages = render_pages(real, SiteOptions())
    rows = csv.DictReader(io.StringIO(comparison_csv(real)))
    by_id = {row["platform_id"]: row for row in rows}
    for platform in real.platforms:
        name, words = by_id[platform.id]["operator_label"], by_id[platform.id]["operator_detail"]
        assert words != "unknown", platform.id
        current = operators(pages[f"platforms/{platform.id}.md"]).partition("</dd>")[0]
        assert current.startswith(f"<dd>{name}, {words} ("), (platform.id, current)
    telegram = operators(pages["platforms/telegram.md"])
    assert telegram.startswith(
        "<dd>Telegram Messenger Inc., jurisdiction unknown (since date unknown)"
    )
