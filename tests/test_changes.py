"""The "What changed" page and the feed put what happened first: laws, rulings, policy versions,
changes to a policy or to encryption, statements. Notes of reviews that corrected our own record
come apart, after them on the page, and not in the feed."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from privacy_terms.data.dataset import Dataset, load_dataset
from privacy_terms.data.timeline import collect_entries, news
from privacy_terms.website.opendata import atom_feed
from privacy_terms.website.pages import SiteOptions, render_pages

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURE = TESTS / "fixtures" / "valid"
TODAY = dt.date(2026, 12, 7)
ATOM = "{http://www.w3.org/2005/Atom}"
REVIEW_LABEL = "review changed a conclusion"


def load(root: Path) -> Dataset:
    result = load_dataset(root, TODAY)
    assert result.dataset is not None, [str(p) for p in result.problems]
    return result.dataset


@pytest.fixture(scope="module")
def real() -> Dataset:
    return load(REPO)


def changes_page(dataset: Dataset) -> str:
    return render_pages(dataset, SiteOptions())["changes.md"]


def items(page: str) -> list[str]:
    return re.findall(r"<li>(.*?)</li>", page)


def test_the_fixture_page_opens_with_a_policy_version_and_ends_with_the_review_note() -> None:
    page = changes_page(load(FIXTURE))
    first, *_, last = items(page)
    assert first == (
        '<time datetime="2022-06-15">15 June 2022</time>, '
        '<a href="platforms/alpha.html#disclosure">Alpha Chat</a>, policy version: '
        "Privacy policy, 2022 version takes effect: Basic records on a subpoena; "
        "messages are end-to-end encrypted."
    )
    assert last == (
        '<time datetime="2026-11-01">1 November 2026</time>, '
        '<a href="platforms/alpha.html#last-reviewed">Alpha Chat</a>, '
        "review changed a conclusion: "
        "The Hong Kong stance was last confirmed in November 2025, not May 2021."
    )
    notes = page.index('<h2 id="review-notes">Corrections to this record</h2>')
    assert REVIEW_LABEL not in page[:notes]
    assert '<h2 id="y2026">' not in page  # the fixture's only 2026 entry is a review note


def test_the_real_page_opens_with_the_newest_fact_and_keeps_every_review_note_apart(
    real: Dataset,
) -> None:
    page = changes_page(real)
    entries = collect_entries(real)
    newest_fact = news(entries)[0]
    first = items(page)[0]
    assert first.startswith(f'<time datetime="{newest_fact.date}">')
    assert REVIEW_LABEL not in first
    notes = page.index('<h2 id="review-notes">')
    reviews = sum(1 for e in entries if e.kind == "review")
    assert page[:notes].count(REVIEW_LABEL) == 0
    assert page[notes:].count(REVIEW_LABEL) == reviews > 0
    assert len(items(page)) == len(entries)


def test_the_feed_leaves_review_notes_out_and_keeps_every_fact(real: Dataset) -> None:
    page_url = {p.id: f"platforms/{p.id}.html" for p in real.platforms}
    page_url |= {"hong-kong": "hong-kong.html", "changes": "changes.html"}
    root = ET.fromstring(atom_feed(real, page_url))
    terms = [c.attrib["term"] for c in root.iter(f"{ATOM}category")]
    facts = news(collect_entries(real))
    assert "review" not in terms
    assert terms == [e.kind for e in facts]
    newest = facts[0].date if len(facts[0].date) == 10 else f"{facts[0].date}-01"
    assert root.findtext(f"{ATOM}updated") == f"{newest}T00:00:00Z"
