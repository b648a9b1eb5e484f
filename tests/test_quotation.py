"""Quoted text in quotation marks the template adds: the quotation marks inside it take the other
kind, so that a double quote never stands inside double quotes (English) and corner brackets
hold white corner brackets (Chinese)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from privacy_terms.data.dataset import Dataset, load_dataset
from privacy_terms.data.timeline import Entry, collect_entries
from privacy_terms.utils.quotation import CHINESE_MARKS, quoted
from privacy_terms.website.i18n import load_translations
from privacy_terms.website.render import make_environment
from privacy_terms.website.typography import typeset_chinese

REPO = Path(__file__).resolve().parent.parent
PEN_REGISTER = "metadata in response to a “pen register”—a surveillance request"


@pytest.mark.parametrize(
    ("text", "english", "chinese"),
    [
        (PEN_REGISTER,
         "“metadata in response to a ‘pen register’—a surveillance request”",
         "「metadata in response to a 『pen register』—a surveillance request」"),
        ('Twitter "cares" and has "a strong track record"',
         "“Twitter ‘cares’ and has ‘a strong track record’”",
         "「Twitter 『cares』 and has 『a strong track record』」"),
        ("we’d announce that we’re stopping too",
         "“we’d announce that we’re stopping too”",
         "「we’d announce that we’re stopping too」"),
        ('We remain committed." … "We will pause',
         "“We remain committed.” … “We will pause”",
         "「We remain committed.」 … 「We will pause」"),
        ('the Treaty" ... "the U.S. Department',
         "“the Treaty” ... “the U.S. Department”",
         "「the Treaty」 ... 「the U.S. Department」"),
    ],
)  # fmt: skip
def test_quoted_nests_inner_quotation_marks(text: str, english: str, chinese: str) -> None:
    assert quoted(text) == english
    assert quoted(text, CHINESE_MARKS) == chinese


def statement(quote: str) -> Entry:
    return Entry("2021-10-01", "statement", "", None, "HK", (), "x-hk-statement-1", "FBI", quote)


def test_a_statement_with_a_quotation_inside_prints_single_quotes_inside_double() -> None:
    text = make_environment().globals["entry_text"](statement(PEN_REGISTER))
    assert str(text) == "FBI: “metadata in response to a ‘pen register’—a surveillance request”"


def test_a_statement_in_the_chinese_edition_is_in_corner_brackets_nested_white() -> None:
    environment = make_environment(load_translations(REPO, "zh-hant"))
    text = typeset_chinese(str(environment.globals["entry_text"](statement(PEN_REGISTER))))
    assert text == (
        '<span lang="en">FBI</span> <span class="untranslated">（尚未翻譯）</span>：「<span lang="en">'
        "metadata in response to a 『pen register』—a surveillance request</span>」"
    )


@pytest.fixture(scope="module")
def real() -> Dataset:
    result = load_dataset(REPO, dt.date(2026, 12, 7))
    assert result.dataset is not None
    return result.dataset


def test_a_source_title_with_a_quotation_inside_nests_it_in_both_editions(real: Dataset) -> None:
    apple = next(p for p in real.platforms if p.id == "apple")
    source = next(s for s in apple.sources if s.id == "appleterm-2020-09-05")
    english = str(make_environment().globals["source_body"](source, apple))
    assert (
        ">“Apple says ‘limited’ user data requests have been received from Hong Kong since the "
        "national security law”</a>. " in english
    )
    chinese_environment = make_environment(load_translations(REPO, "zh-hant"))
    chinese = typeset_chinese(str(chinese_environment.globals["source_body"](source, apple)))
    assert (
        # Chinese sets no space after a full-width mark (`typography`), 』 included.
        ' lang="en">「Apple says 『limited』user data requests have been received from Hong Kong '
        "since the national security law」</a>。" in chinese
    )


def test_no_statement_of_the_real_data_shows_a_double_quote_inside_double_quotes(
    real: Dataset,
) -> None:
    text = make_environment().globals["entry_text"]
    shown = [str(text(e)) for e in collect_entries(real) if e.quote is not None]
    assert shown
    for line in shown:
        words = line.partition(": “")[2]
        assert '"' not in words and "“" not in words.replace("” … “", "").replace("” ... “", "")
