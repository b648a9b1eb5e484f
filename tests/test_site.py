"""Real MkDocs builds of fixture projects: strict, atomic, deterministic, safe, and complete.

Each test makes a small project in tmp_path: data files copied from tests/fixtures/, a copy of
content/, and an mkdocs.yml that is this repository's, pointing at its theme and hook. The build
runs exactly as `python build.py build` does (MkDocs in a child process).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest
import yaml
from browser_support import require_tools

from privacy_terms.cli import main
from privacy_terms.commands.build import build_site
from privacy_terms.website.comparison import COLUMN_GROUPS, STRIP_KINDS, TABLE_COLUMNS, TABLE_TITLES
from privacy_terms.website.reach import HOLDS, KEPT, REACH_LABELS
from privacy_terms.website.site_views import NOT_LISTED

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'"


def make_project(
    tmp_path: Path, *fixtures: str, pages: dict[str, str] | None = None, **config: object
) -> Path:
    """Return a project root holding the fixtures' data, content/ and an mkdocs.yml."""
    root = tmp_path / "project"
    root.mkdir()
    for name in fixtures:
        shutil.copytree(FIXTURES / name, root, dirs_exist_ok=True)
    shutil.copytree(REPO / "content", root / "content")
    for uri, text in (pages or {}).items():
        (root / "content" / uri).write_text(text, encoding="utf-8")
    settings = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    settings["theme"]["custom_dir"] = str(REPO / "theme")
    settings["hooks"] = [str(REPO / "mkdocs_hooks.py")]
    del settings["watch"]  # only `serve` uses it, and its paths are relative to the repository
    settings.update(config)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    return root


def read_tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


class _Page(HTMLParser):
    """Collects what the tests look at: links, ids, headings, scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.headings: list[int] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.add(str(attributes["id"]))
        if tag in ("a", "link") and attributes.get("href"):
            self.links.append(str(attributes["href"]))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project, built once for the read-only tests below."""
    root = make_project(tmp_path_factory.mktemp("built"), "valid")
    assert main(["build"], root=root) == 0
    return root / "site"


def test_build_makes_every_page(built: Path) -> None:
    names = {p.relative_to(built).as_posix() for p in html_files(built)}
    assert names == {
        "index.html", "hong-kong.html", "disclosure.html", "platforms/index.html", "platforms/alpha.html",
        "sources.html", "changes.html", "methodology.html", "about.html", "search.html",
    }  # fmt: skip
    assert (built / "style.css").is_file()
    assert not (built / "sitemap.xml").exists()  # it would carry the build time


def test_every_page_has_one_h1_headings_in_order_and_lang(built: Path) -> None:
    for path in html_files(built):
        page = parse(path)
        assert page.headings.count(1) == 1, path
        assert page.headings[0] == 1, path
        for before, after in zip(page.headings, page.headings[1:], strict=False):
            assert after <= before + 1, f"{path}: h{before} then h{after}"
        assert '<html lang="en">' in path.read_text(encoding="utf-8")


HOME_SCRIPT = '<script src="table.js" defer></script>'
"""The home page's script: the table's filter and sort, from our own origin."""
SEARCH_SCRIPTS = (
    '<script src="search-index.js" defer></script>\n'
    '<script src="vendor/minisearch.min.js" defer></script>\n'
    '<script src="search.js" defer></script>'
)
"""The search page's scripts: its documents, the library, our code; all from our own origin."""


TIMELINE_SCRIPT = '<script src="timeline.js" defer></script>'
"""A jurisdiction page's script: the timeline's filter."""


def without_home_script(text: str) -> str:
    """Return the page without our own script tags (asserted elsewhere)."""
    return (
        text.replace(HOME_SCRIPT, "", 1)
        .replace(SEARCH_SCRIPTS, "", 1)
        .replace(TIMELINE_SCRIPT, "", 1)
    )


def test_the_jurisdiction_page_loads_only_its_timeline_filter(built: Path) -> None:
    text = (built / "hong-kong.html").read_text(encoding="utf-8")
    assert text.count("<script") == 1 and TIMELINE_SCRIPT in text
    assert (built / "timeline.js").is_file()


def test_the_search_page_loads_only_its_own_scripts(built: Path) -> None:
    text = (built / "search.html").read_text(encoding="utf-8")
    assert text.count("<script") == 3 and SEARCH_SCRIPTS in text
    for name in ("search-index.js", "vendor/minisearch.min.js", "search.js"):
        assert (built / name).is_file(), name
    csp = [
        a.get("content")
        for t, a in parse(built / "search.html").tags
        if a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp == [CSP + "; script-src 'self'"]


def test_the_search_documents_cover_every_page_once(built: Path) -> None:
    script = (built / "search-index.js").read_text(encoding="utf-8")
    payload = json.loads(script[script.index("=") + 1 :].strip().rstrip(";"))
    urls = {doc["url"].split("#")[0] for doc in payload}
    assert {"platforms/alpha.html", "hong-kong.html", "index.html", "methodology.html"} <= urls
    assert "changes.html" not in urls and "search.html" not in urls


def test_only_the_home_page_loads_a_script_and_only_ours(built: Path) -> None:
    home = (built / "index.html").read_text(encoding="utf-8")
    assert home.count("<script") == 1 and HOME_SCRIPT in home
    assert (built / "table.js").is_file()
    csp = [
        a.get("content")
        for t, a in parse(built / "index.html").tags
        if a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp == [CSP + "; script-src 'self'"]


def test_no_script_no_other_origin_and_a_strict_csp(built: Path) -> None:
    for path in html_files(built):
        if path in (built / "index.html", built / "search.html", built / "hong-kong.html"):
            continue
        text = path.read_text(encoding="utf-8")
        page = parse(path)
        assert "<script" not in text.lower(), path
        csp = [
            a.get("content")
            for t, a in page.tags
            if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
        ]
        assert csp == [CSP], path
        for tag, attributes in page.tags:
            if tag in ("link", "img", "iframe", "source"):
                for name in ("href", "src"):
                    assert not str(attributes.get(name) or "").startswith(
                        ("http:", "https:", "//")
                    ), (path, tag)


def test_meta_description_and_open_graph(built: Path) -> None:
    page = parse(built / "platforms" / "alpha.html")
    meta = {
        a.get("name") or a.get("property"): a.get("content") for t, a in page.tags if t == "meta"
    }
    assert meta["og:title"] == "Alpha Chat"
    assert meta["description"] == meta["og:description"]
    assert str(meta["description"]).startswith("What Alpha Chat hands over to the authorities")


def test_every_internal_link_and_anchor_resolves(built: Path) -> None:
    ids = {path: parse(path).ids for path in html_files(built)}
    for path in html_files(built):
        for href in parse(path).links:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                # "data:," is the empty favicon that spares browsers a request for /favicon.ico.
                assert parts.scheme in ("http", "https") or href == "data:,", (path, href)
                continue
            assert not href.startswith("/"), f"{path}: absolute link {href}"
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert target.is_file(), f"{path}: broken link {href}"
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in ids[target], f"{path}: no anchor for {href}"


def test_navigation_lists_sections_not_platforms(built: Path) -> None:
    text = (built / "platforms" / "alpha.html").read_text(encoding="utf-8")
    nav = text[text.index('<nav aria-label="Sections">') : text.index("</nav>")]
    assert re.findall(r">([^<]+)</a>", nav) == [
        "Home", "Hong Kong", "Disclosure", "Platforms", "Sources", "What changed", "Methodology", "About", "Search",
    ]  # fmt: skip
    assert '<a href="index.html" aria-current="true">Platforms</a>' in nav


def test_without_a_repository_address_there_are_no_edit_links(built: Path) -> None:
    for path in html_files(built):
        assert '">Edit this' not in path.read_text(encoding="utf-8"), path


def test_platform_page_edit_links_open_its_yaml(tmp_path: Path) -> None:
    repository = "https://git.example.org/privacy-terms/privacy-terms"
    root = make_project(tmp_path, "valid", repo_url=repository, edit_uri="edit/main/content/")
    assert main(["build"], root=root) == 0
    text = (root / "site" / "platforms" / "alpha.html").read_text(encoding="utf-8")
    assert f'<a href="{repository}/edit/main/platforms/alpha.yaml">Edit this data</a>' in text
    assert f'<a href="{repository}/edit/main/platforms/alpha.yaml">Edit this page</a>' in text


def test_footer_names_both_licences(built: Path) -> None:
    text = (built / "index.html").read_text(encoding="utf-8")
    assert "CC BY 4.0</a>. Code: MIT." in text
    assert 'See <a href="about.html#licences">About</a>.' in text


def test_sixth_platform_appears_everywhere_without_code_changes(tmp_path: Path) -> None:
    root = make_project(tmp_path, "valid", "sixth_platform")
    assert main(["build"], root=root) == 0
    site = root / "site"
    link_from_root = '<a href="platforms/zeta.html">Zeta Mail</a>'
    assert link_from_root in (site / "index.html").read_text(encoding="utf-8")  # comparison table
    assert '<a href="platforms/zeta.html#stance-hk">Zeta Mail</a>' in (
        site / "hong-kong.html"
    ).read_text(encoding="utf-8")
    assert '<a href="platforms/zeta.html#policy-policy-2022">Zeta Mail</a>' in (
        site / "disclosure.html"
    ).read_text(encoding="utf-8")
    assert '<a href="zeta.html">Zeta Mail</a>' in (site / "platforms" / "index.html").read_text(
        encoding="utf-8"
    )
    assert '<a href="platforms/zeta.html#sources">Zeta Mail</a>' in (
        site / "sources.html"
    ).read_text(encoding="utf-8")
    assert "Zeta Mail" in (site / "changes.html").read_text(encoding="utf-8")
    assert parse(site / "platforms" / "zeta.html").headings[0] == 1
    # The navigation stays the same size: it lists sections, never platforms.
    assert "zeta" not in (site / "about.html").read_text(encoding="utf-8")


def test_home_table_and_pages_stay_usable_at_120_platforms(tmp_path: Path) -> None:
    """Platforms are rows, not columns, and no page lists every platform in its navigation."""
    root = make_project(tmp_path, "valid")
    template = (root / "platforms" / "alpha.yaml").read_text(encoding="utf-8")
    for i in range(120):
        text = template.replace("\nid: alpha\n", f"\nid: p{i:03d}\n").replace(
            "\nname: Alpha Chat\n", f"\nname: Platform {i:03d}\n"
        )
        (root / "platforms" / f"p{i:03d}.yaml").write_text(text, encoding="utf-8")
    assert main(["build"], root=root) == 0
    site = root / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    table = home[home.index("<table data-sortable") : home.index("</table>")]
    assert table.count('<tr><th scope="row">') == 121
    headings = 1 + len(TABLE_COLUMNS)  # the platform's name, then each column the table shows
    assert table.count("<thead>") == 1 and table.count('<th scope="col">') == headings
    # A platform page weighs the same whatever the number of platforms.
    (tmp_path / "alone").mkdir()
    alone = make_project(tmp_path / "alone", "valid")
    assert main(["build"], root=alone) == 0
    size = len((alone / "site" / "platforms" / "alpha.html").read_bytes())
    assert len((site / "platforms" / "alpha.html").read_bytes()) == size


def test_failed_check_leaves_the_previous_site_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(tmp_path, "valid")
    assert main(["build"], root=root) == 0
    before = read_tree(root / "site")
    (root / "platforms" / "broken.yaml").write_text("id: broken\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["build"], root=root) == 1
    captured = capsys.readouterr()
    assert (
        captured.err == "The site was not built: fix the errors above. site/ was left as it was.\n"
    )
    assert "platforms/broken.yaml:1:1: error:" in captured.out
    assert read_tree(root / "site") == before
    assert not list(root.glob(".site-*"))


def test_failed_mkdocs_build_leaves_the_previous_site_untouched(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Even without the check in front, the hook stops MkDocs and site/ is not touched."""
    root = make_project(tmp_path, "valid")
    assert build_site(root) == 0
    before = read_tree(root / "site")
    shutil.copy(FIXTURES / "valid" / "platforms" / "alpha.yaml", root / "platforms" / "beta.yaml")
    capfd.readouterr()
    assert build_site(root) == 1
    err = capfd.readouterr().err
    assert "ERROR   -  The data has 1 error; nothing was built:\n" in err
    assert "platforms/beta.yaml:3:5: error: id: 'alpha' must equal the file name 'beta'" in err
    assert "The build failed (see above). site/ was left as it was.\n" in err
    assert "Traceback" not in err
    assert read_tree(root / "site") == before
    assert not list(root.glob(".site-*"))


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    root = make_project(tmp_path, "valid", "sixth_platform")
    assert build_site(root) == 0
    first = read_tree(root / "site")
    assert build_site(root) == 0
    assert read_tree(root / "site") == first


def test_hostile_text_comes_out_inert(tmp_path: Path) -> None:
    root = make_project(tmp_path, "hostile")
    assert main(["build"], root=root) == 0
    for path in html_files(root / "site"):
        text = without_home_script(path.read_text(encoding="utf-8"))
        page = parse(path)
        assert "<script" not in text.lower(), path
        assert not any(t in ("img", "iframe") for t, _ in page.tags), path
        # The only SVG is our own request chart, drawn from numbers.
        assert all(a.get("class") == "chart" for t, a in page.tags if t == "svg"), path
        assert not any(k.startswith("on") for _, a in page.tags for k in a), path
        assert not any(h.lower().startswith("javascript:") for h in page.links), path
        assert "49" not in re.sub(r"<[^>]+>", "", text), path
    text = (root / "site" / "platforms" / "hostile.html").read_text(encoding="utf-8")
    assert (
        "<title>&lt;script&gt;alert(1)&lt;/script&gt; Evil {{ 7*7 }} · Privacy Terms</title>"
        in text
    )
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt; Evil {{ 7*7 }}</h1>" in text
    assert "&lt;img src=x onerror=alert(3)&gt;" in text
    assert "&lt;/blockquote&gt;&lt;script&gt;alert(6)&lt;/script&gt;{{ 7*7 }}" in text
    assert '<a href="https://example.org/ok">ok</a>' in text


def test_unknown_marker_stops_the_build(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    root = make_project(
        tmp_path, "valid", pages={"extra.md": "# Extra\n\n<!-- privacy-terms:tabel -->\n"}
    )
    assert build_site(root) == 1
    err = capfd.readouterr().err
    assert (
        "ERROR   -  content/extra.md: unknown marker 'tabel': the known markers are "
        "answers, comparison, legend, review-policy, vocabulary"
    ) in err
    assert not (root / "site").exists()


def test_hand_written_page_may_not_clash_with_a_generated_one(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    root = make_project(tmp_path, "valid", pages={"sources.md": "# My sources\n"})
    assert build_site(root) == 1
    err = capfd.readouterr().err
    assert (
        "ERROR   -  content/sources.md clashes with a page generated from the data: rename or remove the hand-written page"
        in err
    )


def test_links_also_resolve_with_directory_urls(tmp_path: Path) -> None:
    root = make_project(tmp_path, "valid", use_directory_urls=True)
    assert build_site(root) == 0
    site = root / "site"
    for path in html_files(site):
        for href in parse(path).links:
            parts = urlsplit(href)
            if parts.scheme or not parts.path:
                continue
            target = (path.parent / unquote(parts.path)).resolve()
            target = (
                target / "index.html" if target.is_dir() else target
            )  # MkDocs writes the root as ".."
            assert target.is_file(), f"{path}: broken link {href}"


@pytest.mark.browser
def test_file_url_in_chromium_loads_the_stylesheet_under_the_csp(built: Path) -> None:
    """From file://, `style-src 'self'` still lets our stylesheet in, and a 390px phone never scrolls sideways."""
    chromium = shutil.which("chromium")
    require_tools([] if chromium else ["Debian's chromium (apt-get install chromium)"], os.environ)
    assert chromium is not None
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        messages: list[str] = []
        requests: list[str] = []
        for scheme, background in (("light", "rgb(255, 255, 255)"), ("dark", "rgb(18, 20, 23)")):
            page = browser.new_page(viewport={"width": 390, "height": 800}, color_scheme=scheme)
            page.on("console", lambda message: messages.append(message.text))
            page.on("request", lambda request: requests.append(request.url))
            for name in ("index.html", "platforms/alpha.html", "hong-kong.html", "disclosure.html"):
                page.goto((built / name).as_uri())
                assert (
                    page.evaluate("getComputedStyle(document.body).backgroundColor") == background
                )
                # Every table is a stack of cards on a phone: none is wider than the screen.
                assert page.evaluate(
                    "[...document.querySelectorAll('main table')]"
                    ".every(t => getComputedStyle(t.querySelector('tr')).display === 'block')"
                ), name
                width = page.evaluate(
                    "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
                )
                assert width[0] == width[1], (name, width)
            assert messages == []  # a CSP violation would be reported here
            assert all(url.startswith("file:") for url in requests)
            page.close()
        browser.close()


def test_links_in_content_are_never_followed_into_the_site(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.md").write_text("# Secret\n\nroot:x:0:0:root\n", encoding="utf-8")
    (outside / "folder" / "page.md").write_text("# Also secret\n", encoding="utf-8")
    root = make_project(tmp_path, "valid")
    (root / "content" / "leak.md").symlink_to(outside / "secret.md")
    (root / "content" / "linked").symlink_to(outside / "folder")
    assert build_site(root) == 1
    err = capfd.readouterr().err
    assert (
        "ERROR   -  content/leak.md, content/linked/page.md: links are not followed: the site "
        "publishes only files inside content/; replace each link with the file itself"
    ) in err
    assert "root:x" not in err
    assert not (root / "site").exists()


# --- Both editions: English at the root, Traditional Chinese under zh-hant/ ------------------------


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project with the Chinese edition (its config, pages and interface strings, but
    no translation of the fixture's data, which must then fall back to English), built strictly."""
    root = make_project(tmp_path_factory.mktemp("both"), "valid")
    shutil.copy(REPO / "mkdocs.zh-hant.yml", root / "mkdocs.zh-hant.yml")
    (root / "translations" / "zh-hant").mkdir(parents=True)
    for name in ("interface.yaml", "vocabulary.yaml", "status.yaml"):
        shutil.copy(
            REPO / "translations" / "zh-hant" / name, root / "translations" / "zh-hant" / name
        )
    assert main(["build"], root=root) == 0
    return root / "site"


def test_both_editions_have_the_same_pages_each_with_lang_hreflang_and_a_switch(both: Path) -> None:
    chinese_root = both / "zh-hant"
    english = {
        p.relative_to(both).as_posix() for p in html_files(both) if chinese_root not in p.parents
    }
    chinese = {p.relative_to(chinese_root).as_posix() for p in html_files(chinese_root)}
    assert english == chinese and "platforms/alpha.html" in english and len(english) == 10
    for page in sorted(english):
        for edition, lang, other in (
            (both, "en", chinese_root),
            (chinese_root, "zh-Hant-HK", both),
        ):
            path = edition / page
            text = path.read_text(encoding="utf-8")
            assert f'<html lang="{lang}">' in text, path
            parsed = parse(path)
            alternates = {
                str(a["hreflang"]): (path.parent / str(a["href"])).resolve()
                for tag, a in parsed.tags
                if tag == "link" and a.get("rel") == "alternate" and a.get("hreflang")
            }
            assert alternates == {
                "en": (both / page).resolve(),
                "zh-Hant-HK": (chinese_root / page).resolve(),
                "x-default": (both / page).resolve(),
            }, path
            [switch] = [a for tag, a in parsed.tags if tag == "a" and a.get("class") == "language"]
            assert (path.parent / str(switch["href"])).resolve() == (other / page).resolve(), path
            assert switch["hreflang"] == switch["lang"] == ("zh-Hant-HK" if lang == "en" else "en")
            if lang == "zh-Hant-HK":
                assert "機器輔助翻譯初稿，有待母語審閱" in text, path


def test_every_link_in_both_editions_resolves(both: Path) -> None:
    test_every_internal_link_and_anchor_resolves(both)


def test_chinese_pages_take_their_words_from_the_translations(both: Path) -> None:
    home = (both / "zh-hant" / "index.html").read_text(encoding="utf-8")
    assert ">如果香港當局索取你的資料</h1>" in home  # content/zh-hant/index.md
    assert '<th scope="col">香港立場</th>' in home  # the table's header, from interface.yaml
    assert "如何閱讀此表" in home and "對政府索取資料要求的立場" in home  # legend and vocabulary
    alpha = (both / "zh-hant" / "platforms" / "alpha.html").read_text(encoding="utf-8")
    assert "最後覆核" in alpha and "2026年11月1日" in alpha  # a date written the Hong Kong way


def test_an_untranslated_field_falls_back_to_english_with_its_marker(both: Path) -> None:
    page = (both / "zh-hant" / "platforms" / "alpha.html").read_text(encoding="utf-8")
    assert (
        '<p class="lead"><span lang="en">Alpha Chat is a fictional messenger used by the tests. It hands over '
        '<em>basic records</em> on a subpoena.</span> <span class="untranslated">（尚未翻譯）</span></p>'
    ) in page
    english = (both / "platforms" / "alpha.html").read_text(encoding="utf-8")
    assert "尚未翻譯" not in english and "untranslated" not in english


def test_every_untranslated_data_text_is_marked_in_the_chinese_edition(both: Path) -> None:
    """Not only the key fields: an event, a note, a policy's wording shown in English says so."""
    page = (both / "zh-hant" / "platforms" / "alpha.html").read_text(encoding="utf-8")
    assert (
        '<span lang="en">Alpha Chat announces a pause.</span> <span class="untranslated">（尚未翻譯）</span>'
    ) in page
    assert "<strong>聲明</strong>" in (both / "zh-hant" / "hong-kong.html").read_text(
        encoding="utf-8"
    )


def _template_strings() -> set[str]:
    """Every literal string the templates and the theme pass through `t` (or `t_literal`)."""
    found: set[str] = set()
    files = [
        *(REPO / "privacy_terms" / "website" / "templates").glob("*.html"),
        *(REPO / "theme").glob("*.html"),
    ]
    for path in files:
        text = path.read_text(encoding="utf-8")
        quoted = re.findall(r'"((?:[^"\\]|\\.)*)"\s*\)?\s*\|\s*t(?:_literal)?\b', text)
        found.update(string.replace('\\"', '"') for string in quoted)
        found.update(re.findall(r"'([^']*)'\s*\|\s*t(?:_literal)?\b", text))
        found.update(re.findall(r'\bt\(\s*"([^"]*)"', text))
        for pair in re.findall(r'\(\s*"([^"]*)"\s+if [^)]*?else\s+"([^"]*)"\s*\)\s*\|\s*t', text):
            found.update(pair)
    return found


def test_every_interface_string_of_the_templates_has_a_chinese_translation() -> None:
    strings = {}
    for name in ("interface.yaml", "vocabulary.yaml"):
        strings.update(
            yaml.safe_load((REPO / "translations" / "zh-hant" / name).read_text(encoding="utf-8"))
        )
    used = _template_strings()
    assert len(used) > 150  # the scan finds the templates' strings
    assert sorted(used - set(strings)) == []


def test_every_string_the_views_hand_to_the_templates_has_a_chinese_translation() -> None:
    """What exactly and the home table take words from Python (reach.py, comparison.py): each
    is translated too, even a short one the English-word scan of the pages would not see."""
    strings = {}
    for name in ("interface.yaml", "vocabulary.yaml"):
        strings.update(
            yaml.safe_load((REPO / "translations" / "zh-hant" / name).read_text(encoding="utf-8"))
        )
    handed = {
        *HOLDS.values(),
        KEPT,
        "Almost nothing",
        *REACH_LABELS.values(),
        *(kind.label for kind in STRIP_KINDS),
        *TABLE_TITLES.values(),
        *(title for title, _ in COLUMN_GROUPS),
        NOT_LISTED,
    }
    assert sorted(handed - set(strings)) == []


class _EnglishOutsideLang(HTMLParser):
    """Runs of three or more English words in text that is not inside an element marked
    `lang="en"` (nor code, scripts or styles): interface text left untranslated."""

    _VOID = frozenset({"br", "img", "meta", "link", "input", "hr", "wbr", "source", "col"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self._VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag: str) -> None:
        if tag in self._VOID:
            return
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if any(tag in ("script", "style", "code", "title", "svg") for tag, _ in self.stack):
            return
        lang = next((lang for _, lang in reversed(self.stack) if lang), "")
        if not lang.startswith("en"):
            self.found += re.findall(r"[A-Za-z][a-z'’]+(?:[ ,:;.-]+[A-Za-z][a-z'’]+){2,}", data)


SPACE_AFTER_FULL_WIDTH = re.compile(r"[。，、；：！？）」』](?:</?[a-z][^<>]*>)*[ \t]+(?=\S)")
ENGLISH_STOP_AFTER_FULL_WIDTH = re.compile(r"[）」](?:</[a-z]+>)*\.(?=\s|<)")


def test_chinese_pages_set_no_space_after_full_width_marks_and_no_english_stop(both: Path) -> None:
    found = {}
    for path in html_files(both / "zh-hant"):
        text = path.read_text(encoding="utf-8")
        hits = SPACE_AFTER_FULL_WIDTH.findall(text) + ENGLISH_STOP_AFTER_FULL_WIDTH.findall(text)
        if hits:
            found[path.relative_to(both).as_posix()] = hits[:3]
    assert found == {}
    assert "。" in (both / "zh-hant" / "sources.html").read_text(encoding="utf-8")


def test_chinese_pages_show_no_english_outside_text_marked_as_english(both: Path) -> None:
    """The fixture's data has no translation: every English text on a Chinese page is then data,
    marked `lang="en"` (with 尚未翻譯) or a name; three English words in a row elsewhere are an
    interface string the templates did not translate."""
    leaks = {}
    for path in html_files(both / "zh-hant"):
        parser = _EnglishOutsideLang()
        parser.feed(path.read_text(encoding="utf-8"))
        allowed = {
            "Alpha Chat",
            "Beta Talk",
            "Open Terms Archive",
            "platform.schema.json",
            "jurisdiction.schema.json",
        }
        words = [run for run in parser.found if run not in allowed]
        if words:
            leaks[path.relative_to(both).as_posix()] = words
    assert leaks == {}


def _chinese_project(tmp_path: Path) -> Path:
    root = make_project(tmp_path, "valid")
    shutil.copy(REPO / "mkdocs.zh-hant.yml", root / "mkdocs.zh-hant.yml")
    (root / "translations" / "zh-hant" / "platforms").mkdir(parents=True)
    for name in ("interface.yaml", "vocabulary.yaml", "status.yaml"):
        shutil.copy(
            REPO / "translations" / "zh-hant" / name, root / "translations" / "zh-hant" / name
        )
    return root


def test_any_prose_field_shows_its_translation_and_says_when_its_english_changed(
    tmp_path: Path,
) -> None:
    from privacy_terms.website.translations import fingerprint

    root = _chinese_project(tmp_path)
    (root / "translations" / "zh-hant" / "platforms" / "alpha.yaml").write_text(
        f'"stances[0].events[0].summary":\n  text: Alpha Chat 宣布暫停。\n  english: "{fingerprint("Alpha Chat announces a pause.")}"\n'
        '"stances[0].condition":\n  text: 有待人權審查。\n  english: "000000000000"\n',
        encoding="utf-8",
    )
    assert main(["build"], root=root) == 0
    page = (root / "site" / "zh-hant" / "platforms" / "alpha.html").read_text(encoding="utf-8")
    assert "<strong>聲明</strong>。Alpha Chat 宣布暫停。" in page
    assert "Alpha Chat announces a pause." not in page
    assert (
        '有待人權審查。<span class="stale-translation">（英文原文在翻譯後已有更改）</span>' in page
    )
    titles = [title for title, _ in _feed_entries(root / "site" / "zh-hant" / "feed.xml")]
    assert "Alpha Chat：Alpha Chat 宣布暫停。" in titles
    assert not any("Alpha Chat announces a pause." in title for title in titles)


def test_a_deciding_quote_shows_its_gloss_beside_it_marked_as_a_translation(
    tmp_path: Path,
) -> None:
    """A condition kept in English inside a Chinese sentence lost a reader without English the
    words that decide the answer: its gloss now stands beside it, marked as a translation."""
    from privacy_terms.website.translations import fingerprint

    said = "We are pausing the review of requests from Hong Kong."
    condition = "Pending a human rights review."
    root = _chinese_project(tmp_path)
    (root / "translations" / "zh-hant" / "platforms" / "alpha.yaml").write_text(
        f'"stances[0].statements[0].said.gloss":\n  text: 我們正暫停審查來自香港的要求。\n  english: "{fingerprint(said)}"\n'
        f'"stances[0].condition":\n  text: 條件："{condition}"\n  english: "{fingerprint(condition)}"\n'
        f'"stances[0].condition.gloss":\n  text: 有待人權審查。\n  english: "000000000000"\n',
        encoding="utf-8",
    )
    assert main(["build"], root=root) == 0
    site = root / "site"
    page = (site / "zh-hant" / "platforms" / "alpha.html").read_text(encoding="utf-8")
    assert (
        f'<blockquote><p lang="en">{said}</p></blockquote>'
        '<p class="gloss" lang="zh-Hant-HK">（譯文：我們正暫停審查來自香港的要求。）</p>'
    ) in page
    assert (
        '<span class="gloss" lang="zh-Hant-HK">（譯文：有待人權審查。）'
        '<span class="stale-translation">（英文原文在翻譯後已有更改）</span></span>'
    ) in page
    timeline = (site / "zh-hant" / "hong-kong.html").read_text(encoding="utf-8")
    assert (
        f'「<span lang="en">{said}</span>」<span class="gloss" lang="zh-Hant-HK">（譯文：我們正暫停審查來自香港的要求。）</span>'
        in timeline
    )
    english = (site / "platforms" / "alpha.html").read_text(encoding="utf-8")
    assert "gloss" not in english and "譯文" not in english


def test_a_translation_file_that_does_not_load_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _chinese_project(tmp_path)
    with (root / "translations" / "zh-hant" / "interface.yaml").open("a", encoding="utf-8") as file:
        file.write('"Sources": "來源"\n')
    assert main(["check", "--today", "2026-11-28"], root=root) == 1
    out = capsys.readouterr().out
    lines = len(
        (root / "translations" / "zh-hant" / "interface.yaml")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    assert (
        f"translations/zh-hant/interface.yaml:{lines}:1: error: duplicate key 'Sources': keep only one"
        in out
    )


def test_a_data_file_whose_translation_was_reviewed_says_by_whom(tmp_path: Path) -> None:
    root = _chinese_project(tmp_path)
    (root / "translations" / "zh-hant" / "platforms" / "alpha.yaml").write_text(
        'reviewed_by: "陳大文, 2027-01-15"\n', encoding="utf-8"
    )
    assert main(["build"], root=root) == 0
    page = (root / "site" / "zh-hant" / "platforms" / "alpha.html").read_text(encoding="utf-8")
    assert '<p class="meta">此頁資料的譯文已由 陳大文, 2027-01-15 審閱。</p>' in page
    english = (root / "site" / "platforms" / "alpha.html").read_text(encoding="utf-8")
    assert "reviewed by" not in english


def test_both_editions_publish_the_same_open_data(both: Path) -> None:
    for path in ("data/platforms.json", "data/events.csv", "data/comparison.csv"):
        assert (both / "zh-hant" / path).read_bytes() == (both / path).read_bytes(), path


ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _feed_entries(path: Path) -> list[tuple[str, str]]:
    """Each entry of an Atom feed, as a feed client reads it: (title, summary)."""
    root = ElementTree.parse(path).getroot()
    return [
        (entry.findtext(f"{ATOM}title") or "", entry.findtext(f"{ATOM}summary") or "")
        for entry in root.findall(f"{ATOM}entry")
    ]


def test_each_edition_has_its_own_feed_in_its_language(both: Path) -> None:
    english = ElementTree.parse(both / "feed.xml").getroot()
    chinese = ElementTree.parse(both / "zh-hant" / "feed.xml").getroot()
    assert english.attrib[XML_LANG] == "en"
    assert english.findtext(f"{ATOM}title") == "privacy-terms: what changed"
    assert chinese.attrib[XML_LANG] == "zh-Hant-HK"
    assert chinese.findtext(f"{ATOM}title") == "privacy-terms：更新紀錄"
    english_entries = _feed_entries(both / "feed.xml")
    chinese_entries = _feed_entries(both / "zh-hant" / "feed.xml")
    assert len(chinese_entries) == len(english_entries) > 0
    # The fixture's data has no translation: each entry's words are English, marked as such.
    assert "Alpha Chat：Alpha Chat announces a pause.（尚未翻譯）" in [
        t for t, _ in chinese_entries
    ]
    for title, summary in chinese_entries:
        assert title.partition("：")[1] == "：", title
        assert summary.startswith(title.removesuffix("…")), title
    link = chinese.find(f"{ATOM}link[@rel='alternate']")
    assert link is not None and (both / "zh-hant" / link.attrib["href"]).is_file()


# --- Characters outside the Basic Multilingual Plane --------------------------------------------

ASTRAL = "😀𠮶"
"""An emoji and an HKSCS character used in Hong Kong names: both outside the BMP."""


def _search_documents(site: Path) -> list[dict[str, str]]:
    script = (site / "search-index.js").read_text(encoding="utf-8")
    documents: list[dict[str, str]] = json.loads(
        script[script.index("=") + 1 :].strip().rstrip(";")
    )
    return documents


def _description(path: Path) -> str:
    [content] = [
        str(a.get("content"))
        for t, a in parse(path).tags
        if t == "meta" and a.get("name") == "description"
    ]
    return content


def test_characters_outside_the_bmp_survive_in_titles_scripts_and_search(tmp_path: Path) -> None:
    """Such a character was written into front matter as two escaped surrogates: MkDocs dropped
    the page's whole front matter, so the search page lost its scripts and the Hong Kong page its
    timeline filter, and both builds still passed."""
    root = _chinese_project(tmp_path)
    alpha = root / "platforms" / "alpha.yaml"
    text = alpha.read_text(encoding="utf-8")
    text = text.replace("name: Alpha Chat\n", f"name: Alpha {ASTRAL} Chat\n", 1)
    text = text.replace("summary: Alpha Chat is", f"summary: Alpha {ASTRAL} Chat is", 1)
    alpha.write_text(text, encoding="utf-8")
    hong_kong = root / "jurisdictions" / "HK.yaml"
    text = hong_kong.read_text(encoding="utf-8").replace(
        "name: Hong Kong", f"name: Hong Kong {ASTRAL}", 1
    )
    hong_kong.write_text(text, encoding="utf-8")
    interface = root / "translations" / "zh-hant" / "interface.yaml"
    words = interface.read_text(encoding="utf-8")
    words = words.replace("搜尋本網站每一頁。", f"搜尋本網站每一頁{ASTRAL}。", 1)
    words = words.replace("立場、按日期排列的時間線", f"立場{ASTRAL}、按日期排列的時間線", 1)
    interface.write_text(words, encoding="utf-8")
    assert main(["build"], root=root) == 0
    site = root / "site"
    for edition in (site, site / "zh-hant"):
        search = (edition / "search.html").read_text(encoding="utf-8")
        assert search.count("<script") == 3 and SEARCH_SCRIPTS in search, edition
        jurisdiction = (edition / "hong-kong.html").read_text(encoding="utf-8")
        assert TIMELINE_SCRIPT in jurisdiction, edition
        assert f"<h1>Hong Kong {ASTRAL}</h1>" in jurisdiction, edition
        alpha_page = (edition / "platforms" / "alpha.html").read_text(encoding="utf-8")
        assert f"<title>Alpha {ASTRAL} Chat · " in alpha_page, edition
        assert f"<h1>Alpha {ASTRAL} Chat</h1>" in alpha_page, edition
        assert f"Alpha {ASTRAL} Chat is a fictional messenger" in alpha_page, edition
        assert f"Alpha {ASTRAL} Chat" in _description(edition / "platforms" / "alpha.html")
        titles = {doc["title"] for doc in _search_documents(edition)}
        assert {f"Alpha {ASTRAL} Chat", f"Hong Kong {ASTRAL}"} <= titles, edition
    assert f"the Hong Kong {ASTRAL} authorities" in _description(site / "hong-kong.html")
    assert _description(site / "zh-hant" / "search.html") == f"搜尋本網站每一頁{ASTRAL}。"
    assert f"立場{ASTRAL}、按日期排列的時間線" in _description(site / "zh-hant" / "hong-kong.html")
    for generated in ("data/platforms.json", "data/comparison.csv", "data/events.csv", "feed.xml"):
        assert f"Alpha {ASTRAL} Chat" in (site / generated).read_text(encoding="utf-8"), generated


def test_front_matter_strings_read_back_unchanged_as_yaml_and_json() -> None:
    from privacy_terms.website.pages import quoted

    for text in (
        ASTRAL,
        'a "quoted" \\ path',
        "next\x85line",
        "line\u2028separator",
        "tab\tand\nbreak",
    ):
        assert yaml.safe_load(f"title: {quoted(text)}") == {"title": text}, text
        assert json.loads(quoted(text)) == text, text


def test_a_service_names_its_company_record_and_both_pages_show_the_relation(
    tmp_path: Path,
) -> None:
    root = make_project(tmp_path, "valid")
    # Built once before: Alpha's page, its file unchanged, must not come back from the cache.
    assert main(["build"], root=root) == 0
    text = (root / "platforms" / "alpha.yaml").read_text(encoding="utf-8")
    beta = text.replace("\nid: alpha\n", "\nid: beta\n").replace(
        "\nname: Alpha Chat\n", "\nname: Beta Talk\ncompany: alpha\n"
    )
    (root / "platforms" / "beta.yaml").write_text(beta, encoding="utf-8")
    assert main(["build"], root=root) == 0
    pages = root / "site" / "platforms"
    service = re.sub(r"<[^>]+>", "", (pages / "beta.html").read_text(encoding="utf-8"))
    record = re.sub(r"<[^>]+>", "", (pages / "alpha.html").read_text(encoding="utf-8"))
    assert "Part of Alpha Inc.: Alpha Chat, Beta Talk." in service
    assert (
        "Alpha Inc.&#39;s records are on Alpha Chat&#39;s page, each with what it covers:"
        " transparency reporting (Statistics by country, twice a year), Hong Kong request figures."
        " The rest of this page is Beta Talk&#39;s own: its encryption, what it holds, its policy"
        " versions and its stance."
    ) in service
    assert "Part of Alpha Inc.: Alpha Chat, Beta Talk." in record
    assert "This page is Alpha Inc.&#39;s record in this data" in record
    links = (pages / "beta.html").read_text(encoding="utf-8")
    assert '<a href="alpha.html#transparency">transparency reporting</a>' in links
