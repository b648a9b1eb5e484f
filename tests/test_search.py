"""The search documents: built at build time from every page, one per section, safe as a script."""

from __future__ import annotations

import json

from privacy_terms.website.search import (
    GLOBAL,
    Document,
    documents_script,
    markdown_documents,
    page_documents,
)

PAGE = """<div><h1>Telegram</h1><p>Intro text.</p>
<section id="disclosure"><h2>What can be disclosed</h2><p>A valid judicial order.</p></section>
<section id="sources"><h2>Sources</h2><p class="meta">3 sources</p>
<ol class="references"><li>Quoted source text that must not be indexed<ol><li>nested</li></ol></li></ol>
<p>After the list.</p></section></div>"""


def test_a_page_is_split_into_its_sections_without_the_reference_list() -> None:
    assert page_documents("Telegram", "platforms/telegram.html", PAGE) == [
        Document("Telegram", "platforms/telegram.html", "Intro text."),
        Document("Telegram: What can be disclosed", "platforms/telegram.html#disclosure", "A valid judicial order."),
        Document("Telegram: Sources", "platforms/telegram.html#sources", "3 sources After the list."),
    ]  # fmt: skip


def test_a_hand_written_page_loses_its_markup_and_markers() -> None:
    text = "# About\n\nWe cite [sources](sources.md) *always*.\n\n<!-- privacy-terms:legend -->\n"
    assert markdown_documents("About", "about.html", text) == [
        Document("About", "about.html", "About We cite sources always.")
    ]


def test_the_script_cannot_be_closed_by_a_text() -> None:
    script = documents_script([Document("x", "x.html", "</script><script>alert(1)</script>")])
    assert "</script>" not in script
    assert script.startswith(f"window.{GLOBAL} = ")
    payload = json.loads(script[script.index("=") + 1 :].strip().rstrip(";"))
    assert payload == [
        {"title": "x", "url": "x.html", "text": "</script><script>alert(1)</script>"}
    ]


def test_a_hand_written_page_is_indexed_without_its_front_matter() -> None:
    from privacy_terms.website.search import markdown_documents

    [document] = markdown_documents(
        "About",
        "about.html",
        "---\ndescription: What the site is.\n---\n\n# About\n\nWho we are.\n",
    )
    assert document.text == "About Who we are."
