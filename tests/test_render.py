"""Rendering without MkDocs: golden pages for the fixture project, filters, links and markers.

The golden files under tests/golden/ are the exact Markdown the hook hands to MkDocs for
tests/fixtures/valid. After an intended change to a template, refresh them with ONE command and
review the diff before committing:

    UPDATE_GOLDEN=1 python -m pytest tests/test_render.py
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from pathlib import Path

import markupsafe
import pytest
from jinja2 import UndefinedError

from privacy_terms.data.dataset import Dataset, load_dataset
from privacy_terms.data.load import load_file
from privacy_terms.data.model import Platform
from privacy_terms.data.text_rules import MAX_MARKDOWN_CHARS
from privacy_terms.utils.links import Linker, page_path
from privacy_terms.website import site_views
from privacy_terms.website.pages import (
    MARKERS,
    MarkerError,
    SiteOptions,
    render_pages,
    replace_markers,
)
from privacy_terms.website.render import make_environment
from privacy_terms.website.typography import typeset_chinese

TESTS = Path(__file__).resolve().parent
GOLDEN = TESTS / "golden"
FIXTURE = TESTS / "fixtures" / "valid"
TODAY = dt.date(2026, 11, 20)
OPTIONS = SiteOptions(False, "https://github.com/privacy-terms/privacy-terms/edit/main/")
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def load(root: Path) -> Dataset:
    result = load_dataset(root, TODAY)
    assert result.dataset is not None, [str(p) for p in result.problems]
    return result.dataset


def rendered_outputs() -> dict[str, str]:
    """Every generated page, plus each marker block as the home page would embed it."""
    dataset = load(FIXTURE)
    outputs = dict(render_pages(dataset, OPTIONS))
    for name in sorted(MARKERS):
        outputs[f"markers/{name}.md"] = replace_markers(
            f"<!-- privacy-terms:{name} -->", dataset, OPTIONS, "index.md"
        )
    return outputs


def test_golden_pages_match() -> None:
    outputs = rendered_outputs()
    if UPDATE:
        for old in GOLDEN.rglob("*.md"):
            old.unlink()
        for uri, text in outputs.items():
            (GOLDEN / uri).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / uri).write_text(text, encoding="utf-8")
    expected = {
        p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
        for p in GOLDEN.rglob("*.md")
    }
    assert sorted(expected) == sorted(outputs), (
        "pages added or removed: refresh with UPDATE_GOLDEN=1"
    )
    for uri, text in outputs.items():
        assert text == expected[uri], (
            f"{uri} differs from tests/golden/{uri}: refresh with UPDATE_GOLDEN=1"
        )


def test_rendering_twice_gives_identical_text() -> None:
    assert rendered_outputs() == rendered_outputs()


def test_generated_page_starts_with_front_matter_and_one_h1() -> None:
    page = render_pages(load(FIXTURE), OPTIONS)["platforms/alpha.md"]
    assert page.startswith('---\ntitle: "Alpha Chat"\ndescription: "What Alpha Chat hands over')
    assert page.count("<h1>") == 1
    assert (
        '<a href="https://github.com/privacy-terms/privacy-terms/edit/main/platforms/alpha.yaml">Edit this data</a>'
        in page
    )


def test_platform_page_has_every_anchor_the_home_table_links_to() -> None:
    dataset = load(FIXTURE)
    page = render_pages(dataset, OPTIONS)["platforms/alpha.md"]
    for row in site_views.comparison_rows(dataset):
        for cell in row.cells:
            assert f'id="{cell.anchor}"' in page, cell


def test_policy_history_lists_what_changed() -> None:
    page = render_pages(load(FIXTURE), OPTIONS)["platforms/alpha.md"]
    assert "<li>Message content: Search warrant → Never: end-to-end encrypted</li>" in page
    assert "<li>IP address: not listed → Court order</li>" in page
    assert "<li>User notification: Not stated → Notifies users</li>" in page


def test_citations_are_numbered_in_order_of_first_use_once_per_page() -> None:
    page = render_pages(load(FIXTURE), OPTIONS)["platforms/alpha.md"]
    # The stance's confirmation cites the transparency report first, so it is [1]; the news
    # report that the summary cites is [2]; the policy comes later.
    first = page.index('<span class="cite">')
    assert page[first:].startswith('<span class="cite">[<a href="#r1" id="c1-1">1</a>]</span>')
    numbers = [int(n) for n in re.findall(r'<a href="#r(\d+)" id="c\d+-\d+">', page)]
    assert sorted(set(numbers)) == [1, 2, 3, 4]
    assert [n for i, n in enumerate(numbers) if n not in numbers[:i]] == [
        1,
        2,
        3,
        4,
    ]  # first uses in order
    assert page.count('<li id="r') == 4  # each source listed once
    assert (
        '<li id="r2">Example News: <a href="https://news.example.org/alpha-hk">“Alpha pauses Hong Kong requests”</a>.'
        in page
    )
    assert '<p class="backlinks">Cited <a href="#c2-1">↑1</a> <a href="#c2-2">↑2</a>' in page


def test_adjacent_citations_are_one_group_in_number_order() -> None:
    page = render_pages(load(FIXTURE), OPTIONS)["platforms/alpha.md"]
    groups = re.findall(r'<span class="cite">\[(.*?)\]</span>', page)
    multi = [re.findall(r">(\d+)</a>", g) for g in groups if ", " in g]
    assert multi, "the fixture cites two sources together somewhere"
    assert all(group == sorted(group, key=int) for group in multi)


def test_legend_lists_only_values_the_table_uses() -> None:
    legend = replace_markers("<!-- privacy-terms:legend -->", load(FIXTURE), OPTIONS, "index.md")
    assert (
        '<span class="badge tone-protects"><span class="shape" aria-hidden="true">●</span> Paused</span>'
        in legend
    )
    assert (
        '<span class="badge tone-exposed"><span class="shape" aria-hidden="true">○</span> Subpoena</span>'
        in legend
    )  # basic subscriber records, current policy
    assert "Pen-register order" not in legend
    # Encryption and reporting are in comparison.csv, not in the table: the legend skips them.
    assert "End-to-end encryption" not in legend and "Transparency reporting" not in legend


def test_unknown_marker_is_an_error() -> None:
    with pytest.raises(MarkerError) as raised:
        replace_markers("a <!-- privacy-terms:nope --> b", load(FIXTURE), OPTIONS, "index.md")
    assert str(raised.value) == (
        "index.md: unknown marker 'nope': the known markers are answers, comparison, legend, review-policy, vocabulary"
    )


def test_text_without_markers_is_unchanged() -> None:
    text = "# Title\n\n<!-- an ordinary comment -->\n"
    assert replace_markers(text, load(FIXTURE), OPTIONS, "about.md") == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("[x](javascript:alert(1))", "<span>x</span>"),
        ("[x](JaVaScript:alert(1))", "<span>x</span>"),
        ("[x](data:text/html,hi)", "<span>x</span>"),
        ("<javascript:alert(1)>", "&lt;javascript:alert(1)&gt;"),
        ("![pic](https://example.org/x.png)", "<span>pic</span>"),
        ("{{ 7*7 }}", "{{ 7*7 }}"),
        (
            "see [the law](https://example.org/law)",
            'see <a href="https://example.org/law">the law</a>',
        ),
        ("*basic* records", "<em>basic</em> records"),
        ("# not a heading", "# not a heading"),
    ],
)
def test_markdown_filter_escapes_html_and_keeps_only_http_links(text: str, expected: str) -> None:
    assert str(make_environment().filters["md"](text)) == expected


def test_markdown_filter_escapes_text_when_model_checks_are_bypassed() -> None:
    """Defence in depth: even a javascript: link that `check` would reject renders inert."""
    document, problems = load_file(
        TESTS / "fixtures" / "hostile" / "platforms" / "hostile.yaml", "hostile.yaml"
    )
    assert document is not None and not problems
    data = dict(document.data, summary="[click](javascript:alert(1)) <script>x</script>")
    platform = Platform.model_validate(data)
    jurisdictions = load(FIXTURE).jurisdictions
    page = render_pages(Dataset((platform,), jurisdictions), OPTIONS)["platforms/hostile.md"]
    # The front matter is YAML data for the theme (which escapes it); check the HTML body.
    body = page.split("\n---\n", 1)[1]
    assert "javascript:" not in body.replace("&lt;javascript:alert(4)&gt;", "")
    assert "<script" not in body.lower()
    assert "&lt;script&gt;" in body


def test_templates_fail_on_undefined_names() -> None:
    with pytest.raises(UndefinedError):
        make_environment().from_string("{{ no_such_name }}").render()


def test_autoescape_is_on() -> None:
    assert make_environment().from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"


PAGES = ["index.md", "about.md", "platforms/index.md", "platforms/alpha.md", "hong-kong.md"]


@pytest.mark.parametrize("directory_urls", [False, True])
@pytest.mark.parametrize("source", PAGES)
@pytest.mark.parametrize("target", PAGES)
def test_links_match_mkdocs(directory_urls: bool, source: str, target: str) -> None:
    """Our relative links equal the ones MkDocs itself makes between the same pages."""
    from mkdocs.structure.files import File
    from mkdocs.utils import get_relative_url

    def url(uri: str) -> str:
        return File(uri, "/docs", "/site", directory_urls).url

    assert page_path(source, directory_urls) == url(source)
    expected = get_relative_url(url(target), url(source))
    assert Linker(source, directory_urls).to(target) == expected


def test_link_to_an_anchor_on_the_same_page_is_just_the_anchor() -> None:
    assert Linker("platforms/alpha.md", False).to("platforms/alpha.md", "sources") == "#sources"
    assert (
        Linker("index.md", False).to("platforms/alpha.md", "sources")
        == "platforms/alpha.html#sources"
    )


def test_markdown_is_given_bounded_text_so_any_field_renders_in_linear_time() -> None:
    render = make_environment().filters["md"]
    for hostile in ("[" * 8_000, "[a](<" * 2_000, "![a" * 3_000, "x" * 20_000 + "[" * 60):
        started = time.perf_counter()
        html = render(hostile)
        assert time.perf_counter() - started < 0.5, hostile[:10]
        assert html == markupsafe.escape(hostile)  # over the bound: shown as the text it is
    started = time.perf_counter()
    at_the_bound = ("*a* " * 5).ljust(MAX_MARKDOWN_CHARS, "x")  # 10 marks in 5,000 characters
    assert "<em>a</em>" in render(at_the_bound)  # still Markdown
    assert time.perf_counter() - started < 0.5


def test_markdown_is_not_given_text_whose_marks_times_length_is_over_the_bound() -> None:
    """Ten notes of `\\`` repeated to 4,990 characters took a build from 6 to 37 s: each mark
    made Markdown rebuild the text after it. Such a field is shown as the text it is."""
    render = make_environment().filters["md"]
    hostile = ("`\\`" * 2_000)[:4_990]
    assert str(render(hostile)) == hostile
    assert str(render(hostile[:10])) == "`" * 7  # a few marks: still Markdown (escaped backticks)


def test_check_reports_a_field_over_the_length_bound(valid_project: Path, today: dt.date) -> None:
    alpha = valid_project / "platforms" / "alpha.yaml"
    text = alpha.read_text(encoding="utf-8")
    long_note = "word " * 1_200
    alpha.write_text(
        text.replace(
            "        note: Accounts were not reported.", f"        note: {long_note.strip()}"
        ),
        encoding="utf-8",
    )
    assert [str(p) for p in load_dataset(valid_project, today).problems] == [
        "platforms/alpha.yaml:142:15: error: stances[0].requests[0].note: 5,999 characters; the "
        "limit for one field is 5,000: shorten it (quotes are a sentence or two; link to the rest)"
    ]


def test_chinese_typesetting_drops_the_space_after_full_width_marks_and_mends_english_stops() -> (
    None
):
    assert typeset_chinese('已暫停。 <a href="#e">證據</a>') == '已暫停。<a href="#e">證據</a>'
    assert typeset_chinese("內容： <a>CC BY 4.0</a>") == "內容：<a>CC BY 4.0</a>"
    assert typeset_chinese("（最後確認於 <time>2026年8月22日</time>）</span>. 平台") == (
        "（最後確認於 <time>2026年8月22日</time>）</span>。平台"
    )
    english = "Paused. <a>Evidence</a> (last confirmed 2026). Next: on"
    assert typeset_chinese(english) == english  # half-width marks keep their spaces
    assert typeset_chinese("。\n\n<p>下一段") == "。\n\n<p>下一段"  # blocks stay apart


def test_english_quoted_in_a_translation_is_marked_but_never_inside_a_tag() -> None:
    from markupsafe import Markup

    from privacy_terms.website.render import marked_quotes

    html = Markup('條件："a valid order"，見 <a href="https://example.org/a">“the policy”</a>。')
    assert marked_quotes(html) == (
        '條件："<span lang="en">a valid order</span>"，見 '
        '<a href="https://example.org/a">“<span lang="en">the policy</span>”</a>。'
    )


def test_a_stance_of_no_statement_gives_the_last_search_not_a_confirmation() -> None:
    """Nothing states "no statement": its date is when the record last looked, never a policy's
    date shown as "last confirmed" (issue: "last confirmed" means confirmed)."""
    from privacy_terms.website.pages import PageRenderer, _context

    dataset = load(FIXTURE)
    stance = (
        dataset.platforms[0]
        .stances[0]
        .model_copy(
            update={"status": "no_statement", "as_of": "2026-08-06", "searched": "2026-11-01"}
        )
    )
    renderer = PageRenderer(dataset, OPTIONS)
    context = _context(dataset, OPTIONS, "index.md", renderer.shared)
    template = renderer.env.from_string(
        '{% import "_macros.html" as m with context %}{{ m.stance_status(s) }}|{{ m.stance_brief(s) }}'
    )
    shown = template.render(context, s=stance)
    assert "(none found; last searched 1 November 2026)" in shown
    assert "none found; last searched 1 November 2026</span>" in shown.split("|")[1]
    assert "August" not in shown and "confirmed" not in shown
