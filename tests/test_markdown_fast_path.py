"""The inline-Markdown filter skips Markdown for plain text: the output must be identical."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import BaseModel

from privacy_terms.data.dataset import load_dataset
from privacy_terms.website.render import _make_markdown, is_plain, make_environment

from conftest import ROOT

TRICKY = [
    "Plain words, with commas; colons: and (brackets).",
    "Quotes \"double\" and 'single' and the ellipsis … stay.",
    "1. looks like a list",
    "- looks like a list",
    "> looks like a quote",
    "# looks like a heading",
    "    indented like code",
    "two\n\nparagraphs",
    "line break  \nhere",
    "a *b* c",
    "a_b_c",
    "AT&T",
    "x < y > z",
    "[link](https://example.org)",
    "`code`",
    "3 + 4 = 7",
    "ends with a space ",
    "100% of 24",
    "URL https://example.org/a?b=c",
]


def through_markdown(text: str) -> str:
    html = _make_markdown().convert(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html


@pytest.mark.parametrize("text", TRICKY)
def test_plain_text_is_exactly_what_markdown_gives(text: str) -> None:
    if is_plain(text):
        assert through_markdown(text) == text


def test_some_tricky_texts_do_take_the_fast_path() -> None:
    assert [t for t in TRICKY if is_plain(t)] == [
        "Plain words, with commas; colons: and (brackets).",
        "Quotes \"double\" and 'single' and the ellipsis … stay.",
        "100% of 24",
    ]


def test_every_plain_text_in_the_real_data_renders_as_markdown_would() -> None:
    dataset = load_dataset(ROOT, dt.date.today()).dataset
    assert dataset is not None
    texts: set[str] = set()

    def collect(model: BaseModel) -> None:
        for value in model.__dict__.values():
            items = value if isinstance(value, tuple) else (value,)
            for item in items:
                if isinstance(item, BaseModel):
                    collect(item)
                elif isinstance(item, str):
                    texts.add(item)

    for item in (*dataset.platforms, *dataset.jurisdictions):
        collect(item)
    plain = [t for t in texts if is_plain(t)]
    assert len(plain) > 100
    assert [t for t in plain if through_markdown(t) != t] == []


def test_the_filter_uses_the_fast_path_and_markdown_alike() -> None:
    md = make_environment().filters["md"]
    assert str(md("plain text")) == "plain text"
    assert str(md("a *b* <i>c</i>")) == "a <em>b</em> &lt;i&gt;c&lt;/i&gt;"
