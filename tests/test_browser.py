"""The site as a reader gets it: in Chromium, over http and from file://, on a phone, by keyboard, in dark mode.

Once per session the real project is copied to a temporary folder, built (`build.py build`) and
exported (`build.py export`); the site is served on 127.0.0.1 at a free port, and the offline
copies (the unzipped site, the single file) are opened from file://. One Chromium runs the whole
session; each test opens its own context. Home-page screenshots go to test-artifacts/.

Needs Debian's /usr/bin/chromium, the Python package playwright, `npm ci` (axe-core, vnu-jar) and
java. Without them these tests are skipped with the reason; with CI=true they fail instead.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pytest
import yaml
from browser_support import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    VNU,
    Tab,
    axe_report,
    axe_violations,
    build_py,
    contrast_ratio,
    copy_project,
    local_server,
    missing_tools,
    parse_rgb,
    relative_luminance,
    require_tools,
    vnu_report,
)

from privacy_terms.website.comparison import STRIP_KINDS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ViewportSize

Scheme = Literal["light", "dark"]

pytestmark = pytest.mark.browser

SURFACES = ("http", "offline-site", "single-file")
"""Where readers meet the site: served over http, the unzipped copy, the single file."""


@dataclass(frozen=True)
class Surface:
    urls: list[str]
    """Every page to open."""
    allowed: tuple[str, ...]
    """The only URL prefixes any request may have."""
    home: str
    tables: list[tuple[str, str]]
    """(page URL, end of the table region's aria-labelledby) for the wide tables."""


# --- Session fixtures: tools, one browser, the built and exported project, a local server ----------


@pytest.fixture(scope="session")
def tools() -> None:
    """Skip (locally) or fail (CI=true) when Chromium, playwright, axe-core, vnu.jar or java is missing."""
    require_tools(missing_tools(), os.environ)


@pytest.fixture(scope="module")
def browser(tools: None) -> Iterator[Browser]:
    """One Chromium for all tests here; closed with the module, as Playwright's sync API allows one at a time."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def project(tools: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of this repository with the real data, built into site/ and exported into dist/."""
    root = copy_project(tmp_path_factory.mktemp("reader") / "project")
    build_py(root, "build")
    build_py(root, "export")
    return root


@pytest.fixture(scope="session")
def offline_site(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(project / "dist" / "privacy-terms-site.zip") as archive:
        archive.extractall(target)
    folder = target / "privacy-terms-site"
    assert (folder / "index.html").is_file(), "the zip must unzip to privacy-terms-site/index.html"
    return folder


@pytest.fixture(scope="session")
def base_url(project: Path) -> Iterator[str]:
    with local_server(project / "site") as url:
        yield url


@pytest.fixture(scope="session")
def surfaces(project: Path, base_url: str, offline_site: Path) -> dict[str, Surface]:
    site_pages = sorted(
        p.relative_to(project / "site").as_posix() for p in (project / "site").rglob("*.html")
    )
    offline_pages = sorted(
        p.relative_to(offline_site).as_posix() for p in offline_site.rglob("*.html")
    )
    assert {"index.html", "disclosure.html", "platforms/telegram.html"} <= set(site_pages), (
        site_pages
    )
    assert offline_pages == site_pages, "the zipped site must hold the same pages as the built one"
    single = (project / "dist" / "privacy-terms.html").as_uri()
    single_zh = (project / "dist" / "privacy-terms.zh-hant.html").as_uri()  # the Chinese edition
    offline = offline_site.as_uri() + "/"
    return {
        "http": Surface(
            urls=[base_url + page for page in site_pages],
            allowed=(base_url,),
            home=base_url + "index.html",
            tables=[
                (base_url + "index.html", "comparison"),
                (base_url + "disclosure.html", "matrix"),
            ],
        ),
        "offline-site": Surface(
            urls=[offline + page for page in offline_pages],
            allowed=(offline,),
            home=offline + "index.html",
            tables=[
                (offline + "index.html", "comparison"),
                (offline + "disclosure.html", "matrix"),
            ],
        ),
        "single-file": Surface(
            urls=[single, single_zh],
            allowed=(single, single_zh),
            home=single,
            tables=[(single, "comparison"), (single, "matrix")],
        ),
    }


@pytest.fixture(scope="session")
def hostile_site(tools: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real theme and pages, with the hostile fixture's data instead of the real data."""
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project", data_fixture="hostile")
    build_py(root, "build")
    return root / "site"


@pytest.fixture
def open_tab(browser: Browser) -> Iterator[Callable[..., Tab]]:
    """Open a recording tab in a fresh context: phone size and light mode unless asked otherwise."""
    contexts = []

    def open_(
        viewport: ViewportSize = PHONE, color_scheme: Scheme = "light", bypass_csp: bool = False
    ) -> Tab:
        context = browser.new_context(
            viewport=viewport, color_scheme=color_scheme, bypass_csp=bypass_csp
        )
        contexts.append(context)
        return Tab.open_in(context)

    yield open_
    for context in contexts:
        context.close()


# --- The tools fixture's rule, without a browser ---------------------------------------------------


def test_a_missing_tool_skips_locally_and_fails_in_ci() -> None:
    require_tools([], {"CI": "true"})  # nothing missing: no skip, no failure
    with pytest.raises(pytest.skip.Exception, match="need /usr/bin/chromium"):
        require_tools(["/usr/bin/chromium"], {})
    with pytest.raises(
        pytest.fail.Exception, match=r"need /usr/bin/chromium.*a failure, not a skip"
    ):
        require_tools(["/usr/bin/chromium"], {"CI": "true"})


# --- Every page: loads cleanly, stays local, fits a phone ------------------------------------------


@pytest.mark.parametrize("name", SURFACES)
def test_every_page_loads_without_errors_and_asks_no_other_origin(
    name: str, surfaces: dict[str, Surface], open_tab: Callable[..., Tab]
) -> None:
    surface = surfaces[name]
    tab = open_tab()
    for url in surface.urls:
        tab.goto(url)
    tab.settle()
    assert len(tab.requests) >= len(surface.urls), f"only {len(tab.requests)} requests recorded"
    assert tab.requests_outside(surface.allowed) == [], f"requests that leave {surface.allowed}"
    assert tab.failures == [], "failed requests"
    assert tab.console == [], "console errors or warnings"
    assert tab.errors == [], "page errors"
    if name != "single-file":
        assert any(url.endswith("/style.css") for url in tab.requests), (
            "the stylesheet was never requested"
        )


_OVERFLOWING = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > innerWidth + 1
               && e.parentElement.getBoundingClientRect().right <= innerWidth + 1)
  .slice(0, 3).map(e => e.outerHTML.slice(0, 120))"""


@pytest.mark.parametrize("name", SURFACES)
def test_no_page_scrolls_sideways_on_a_phone(
    name: str, surfaces: dict[str, Surface], open_tab: Callable[..., Tab]
) -> None:
    tab = open_tab(viewport=PHONE)
    too_wide = []
    for url in surfaces[name].urls:
        tab.goto(url)
        scroll_width, inner_width = tab.page.evaluate(
            "[document.documentElement.scrollWidth, innerWidth]"
        )
        if scroll_width > inner_width:
            too_wide.append(
                f"{url}: {scroll_width}px wide in {inner_width}px; sticks out: {tab.page.evaluate(_OVERFLOWING)}"
            )
    assert too_wide == [], "\n".join(too_wide)


PHONE_SCREENS = 30
"""The most phone screens (390×844) a page may take as first shown, its folds closed (issue #23)."""


def test_no_page_is_taller_than_thirty_phone_screens_as_first_shown(
    surfaces: dict[str, Surface], open_tab: Callable[..., Tab]
) -> None:
    tab = open_tab(viewport=PHONE)
    heights = {}
    for url in surfaces["http"].urls:  # every page the build wrote, both editions
        tab.goto(url)
        heights[url] = tab.page.evaluate("document.documentElement.scrollHeight") / PHONE["height"]
    assert any("zh-hant/" in url for url in heights), "the Chinese edition's pages were measured"
    too_tall = {
        url: round(screens, 1) for url, screens in heights.items() if screens > PHONE_SCREENS
    }
    assert too_tall == {}, f"taller than {PHONE_SCREENS} phone screens"


_FOLDED_TARGETS = """() => [...document.querySelectorAll('details.fold:not([open])')]
  .map(fold => [...fold.querySelectorAll('[id]')]
    .filter(e => e.closest('details') === fold && !e.closest('summary')).pop())
  .filter(Boolean).map(e => e.id)"""
"""The deepest id of each closed fold: what a link from another page may lead into. (An id in
a summary, such as a timeline year's heading, is shown with the fold closed.)"""

_SHOWN = """(id) => {
  const target = document.getElementById(id), box = target.getBoundingClientRect();
  return {open: target.closest('details').open, visible: target.checkVisibility(),
          top: box.top, bottom: box.bottom};
}"""


def test_a_link_to_an_id_inside_a_fold_opens_it_and_shows_the_target(
    surfaces: dict[str, Surface], open_tab: Callable[..., Tab]
) -> None:
    """Folds must not break the anchors other pages link to: Chromium opens a closed
    <details> for a fragment navigation, from another page and from a citation on the page."""
    tab = open_tab(viewport=PHONE)
    targets = []
    for url in surfaces["http"].urls:
        tab.goto(url)
        targets += [f"{url}#{ident}" for ident in tab.page.evaluate(_FOLDED_TARGETS)]
    assert any("/hong-kong.html#" in t for t in targets), "the Hong Kong timeline folds years"
    assert any("/sources.html#" in t for t in targets), "the Sources page folds its lists"
    hidden = []
    for target in targets:
        tab.goto(surfaces["http"].home)
        tab.goto(target)
        shown = tab.page.evaluate(_SHOWN, target.rpartition("#")[2])
        if not (shown["open"] and shown["visible"] and -1 <= shown["top"] < PHONE["height"]):
            hidden.append(f"{target}: {shown}")
    assert hidden == [], "\n".join(hidden)
    tab.goto(surfaces["http"].home.replace("index.html", "platforms/telegram.html"))
    citation = tab.page.locator("a[href^='#r']").first
    ident = str(citation.get_attribute("href")).removeprefix("#")
    assert not tab.page.evaluate(_SHOWN, ident)["open"], "the references are folded at first"
    citation.click()
    shown = tab.page.evaluate(_SHOWN, ident)
    assert shown["open"] and -1 <= shown["top"] < PHONE["height"], shown


_CHARTS = """() => [...document.querySelectorAll('figure.chart-figure')].map(figure => {
  const svg = figure.querySelector('svg.chart');
  const box = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll('text')].map(t => {
    const r = t.getBoundingClientRect();
    return {cls: t.getAttribute('class'), text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize),
            left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  });
  const rows = [...figure.nextElementSibling.querySelectorAll('tbody tr')].map(row => ({
    gap: row.classList.contains('gap'), period: row.querySelector('th').textContent.trim()}));
  return {hidden: svg.getAttribute('aria-hidden'), scale: svg.getScreenCTM().a,
          left: box.left, right: box.right, texts, rows};
})"""


def _overlapping(texts: list[dict[str, Any]]) -> list[str]:
    """Pairs of texts whose boxes share more than a pixel."""
    found = []
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            across = min(a["right"], b["right"]) - max(a["left"], b["left"])
            down = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if across > 1 and down > 1:
                found.append(f"{a['text']!r} and {b['text']!r}")
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_request_charts_on_a_phone_have_12px_text_that_names_the_tables_periods(
    scheme: Scheme, surfaces: dict[str, Surface], project: Path, open_tab: Callable[..., Tab]
) -> None:
    """Every request chart, in both editions: text of at least 12 px that nothing shrinks,
    within the chart and overlapping no other text, and no English in the Chinese edition's; the
    bars' labels are the table's reported periods in order, and each gap's text starts with the table's
    gap period and goes on to say why it has none."""
    tab = open_tab(viewport=PHONE, color_scheme=scheme)
    problems: list[str] = []
    charts = 0
    languages = set()
    for url in surfaces["http"].urls:
        tab.goto(url)
        # Charts in a closed fold have no size until it is opened, as a reader opens it.
        tab.page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        for chart in tab.page.evaluate(_CHARTS):
            charts += 1
            languages.add("zh" if "/zh-hant/" in url else "en")
            texts = chart["texts"]
            if chart["hidden"] != "true" or chart["scale"] != 1:
                problems.append(f"{url}: aria-hidden={chart['hidden']}, scaled {chart['scale']}")
            problems += [f"{url}: {t['text']!r} is {t['size']}px" for t in texts if t["size"] < 12]
            problems += [
                f"{url}: {t['text']!r} leaves the chart"
                for t in texts
                if t["left"] < chart["left"] - 0.5 or t["right"] > chart["right"] + 0.5
            ]
            problems += [f"{url}: {pair} overlap" for pair in _overlapping(texts)]
            if "/zh-hant/" in url:
                english = [t["text"] for t in texts if re.search("[A-Za-z]{2,}", t["text"])]
                problems += [f"{url}: English in the Chinese chart: {english}"] if english else []
            ticks = [t["text"] for t in texts if t["cls"] == "tick"]
            gaps = [t["text"] for t in texts if t["cls"] == "gap-text"]
            reported = [r["period"] for r in chart["rows"] if not r["gap"]]
            missing = [r["period"] for r in chart["rows"] if r["gap"]]
            if ticks != reported:
                problems.append(f"{url}: the chart labels {ticks}, the table {reported}")
            if len(gaps) != len(missing) or not all(
                g.startswith(p) and g != p for g, p in zip(gaps, missing, strict=True)
            ):
                problems.append(f"{url}: the chart's gaps {gaps}, the table's {missing}")
    platforms_with_figures = sum(
        1
        for path in (project / "platforms").glob("*.yaml")
        # A chart draws request counts: a platform with at least one period that gives one.
        if re.search(r"^        requests: \d", path.read_text(encoding="utf-8"), re.M)
    )
    assert languages == {"en", "zh"}
    # Each platform with counts has a chart on its page and on the Hong Kong page, per edition.
    assert charts >= 2 * 2 * platforms_with_figures > 0, charts
    assert problems == [], "\n".join(problems)


_TABLE = """(suffix) => {
  const wrap = document.querySelector(`.table-wrap[aria-labelledby$="${suffix}"]`);
  if (!wrap) return null;
  const cells = [...wrap.querySelectorAll('tbody td')];
  const labelled = cells.filter(c => c.dataset.label && getComputedStyle(c, '::before').content.includes(c.dataset.label));
  const outside = cells.filter(c => c.getBoundingClientRect().right > innerWidth + 1)
    .map(c => `${c.dataset.label}: ${c.innerText.trim().slice(0, 30)}`);
  return {scrollWidth: wrap.scrollWidth, clientWidth: wrap.clientWidth, cells: cells.length,
          labelled: labelled.length, outside, pageWidth: document.documentElement.scrollWidth, innerWidth};
}"""


def _chinese_edition(url: str) -> str:
    """The same page in the Chinese edition (the single file's is a file of its own)."""
    if url.endswith("privacy-terms.html"):
        return url.replace("privacy-terms.html", "privacy-terms.zh-hant.html")
    folder, page = url.rsplit("/", 1)
    return f"{folder}/zh-hant/{page}"


@pytest.mark.parametrize("name", SURFACES)
def test_wide_tables_are_cards_on_a_phone_and_fit_a_1280_pixel_screen(
    name: str, surfaces: dict[str, Surface], open_tab: Callable[..., Tab]
) -> None:
    """The home table and the disclosure matrix, in both editions: on a phone each row is a card
    whose every cell says its column; at 1280 px the whole table shows without scrolling."""
    tables = surfaces[name].tables
    tables += [(_chinese_edition(url), label) for url, label in tables]
    for viewport in (PHONE, DESKTOP):
        tab = open_tab(viewport=viewport)
        for url, label in tables:
            tab.goto(url)
            table = tab.page.evaluate(_TABLE, label)
            assert table is not None, f"{url}: no .table-wrap labelled by ...{label}"
            where = f"{url} ({label}) at {viewport['width']} px: {table}"
            assert table["cells"] > 0, where
            assert table["scrollWidth"] <= table["clientWidth"] + 1, f"scrolls sideways: {where}"
            assert table["pageWidth"] <= table["innerWidth"], f"the page scrolls sideways: {where}"
            assert table["outside"] == [], where
            if viewport is PHONE:
                assert table["labelled"] == table["cells"], (
                    f"a card cell without its column: {where}"
                )
            else:
                assert table["labelled"] == 0, f"column names repeated in a desktop table: {where}"


_STRIP = """() => {
  const strip = document.querySelector('#what-exactly');
  if (!strip) return null;
  const r = strip.querySelector('h2').getBoundingClientRect();
  const rows = [...strip.querySelectorAll('tbody tr')].map(tr => tr.querySelector('th').innerText.trim());
  return {top: r.top + scrollY, rows};
}"""


def test_every_platform_page_shows_what_exactly_within_two_phone_screens(
    surfaces: dict[str, Surface], project: Path, open_tab: Callable[..., Tab]
) -> None:
    """Both editions: the strip's heading starts within the first two screens, one line per kind."""
    tab = open_tab(viewport=PHONE)
    vocabulary = project / "translations" / "zh-hant" / "vocabulary.yaml"
    zh = yaml.safe_load(vocabulary.read_text(encoding="utf-8"))
    ids = sorted(p.stem for p in (project / "platforms").glob("*.yaml"))
    pages = [
        u for u in surfaces["http"].urls if u.endswith(tuple(f"/platforms/{i}.html" for i in ids))
    ]
    assert sorted({u.rsplit("/", 1)[1].removesuffix(".html") for u in pages}) == ids
    assert len(pages) == 2 * len(ids), pages  # both editions, read from the data
    for url in pages:
        tab.goto(url)
        strip = tab.page.evaluate(_STRIP)
        assert strip is not None, f"{url}: no what-exactly strip"
        assert strip["top"] < 2 * PHONE["height"], (url, strip)
        chinese = "/zh-hant/" in url
        words = [zh[kind.label] if chinese else kind.label for kind in STRIP_KINDS]
        assert strip["rows"] == words, (url, strip)


def test_home_page_at_phone_and_desktop_width(
    surfaces: dict[str, Surface], open_tab: Callable[..., Tab]
) -> None:
    """Screenshots for people to look at (test-artifacts/, not committed); neither width scrolls sideways."""
    ARTIFACTS.mkdir(exist_ok=True)
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        tab = open_tab(viewport=viewport)
        tab.goto(surfaces["http"].home)
        widths = tab.page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert widths[0] <= widths[1], f"{label}: {widths}"
        shot = ARTIFACTS / f"home-{label}.png"
        shot.unlink(missing_ok=True)
        tab.page.screenshot(path=str(shot), full_page=True)
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", shot


# --- Keyboard -------------------------------------------------------------------------------------

_FOCUSED = """() => {
  const e = document.activeElement, r = e.getBoundingClientRect(), s = getComputedStyle(e);
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {tag: e.tagName, cls: e.className, text: e.textContent.trim().slice(0, 40), href: e.getAttribute('href'),
          inMain: e.closest('main') !== null, inView: r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0
          && r.bottom <= innerHeight && r.right <= innerWidth, onTop: hit !== null && (hit === e || e.contains(hit)),
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0, shadow: s.boxShadow !== 'none'};
}"""


@pytest.mark.parametrize("name", SURFACES)
def test_tab_reaches_the_skip_link_first_and_it_leads_to_the_main_content(
    name: str, surfaces: dict[str, Surface], open_tab: Callable[..., Tab]
) -> None:
    tab = open_tab(viewport=PHONE)
    tab.goto(surfaces[name].home)
    page = tab.page
    page.keyboard.press("Tab")
    skip = page.evaluate(_FOCUSED)
    assert skip["cls"] == "skip" and skip["text"].startswith("Skip to"), f"Tab went first to {skip}"
    assert skip["inView"] and skip["onTop"], f"the focused skip link is not visible: {skip}"
    assert skip["outline"] or skip["shadow"], f"no focus indicator on the skip link: {skip}"

    page.keyboard.press("Enter")
    fragment = str(skip["href"]).removeprefix("#")
    target = page.evaluate(
        """(id) => { const t = document.getElementById(id); if (!t) return null; const r = t.getBoundingClientRect();
                     return {hash: location.hash, inMain: t.closest('main') !== null, top: r.top}; }""",
        fragment,
    )
    assert target is not None, f"the skip link points to a missing id: {skip['href']}"
    assert target["hash"] == f"#{fragment}" and target["inMain"], target
    assert -1 < target["top"] < PHONE["height"] / 2, (  # a fraction of a pixel is rounding
        f"the main content was not scrolled into view: {target}"
    )

    page.keyboard.press("Tab")
    after = page.evaluate(_FOCUSED)
    assert after["inMain"], f"after the skip link, Tab went to {after}, outside the main content"
    assert after["outline"] or after["shadow"], f"no focus indicator: {after}"


# --- Dark mode and accessibility ------------------------------------------------------------------

_COLOURS = """() => {
  const bg = e => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
                    if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c; } return 'rgb(255, 255, 255)'; };
  const link = document.querySelector('main a[href]');
  return {text: getComputedStyle(document.body).color, background: bg(document.body),
          link: link && getComputedStyle(link).color, linkBackground: link && bg(link)};
}"""


@pytest.mark.parametrize("name", SURFACES)
def test_dark_mode_is_dark_and_readable(
    name: str, surfaces: dict[str, Surface], open_tab: Callable[..., Tab]
) -> None:
    tab = open_tab(color_scheme="dark")
    problems = []
    for url in surfaces[name].urls:
        tab.goto(url)
        colours = tab.page.evaluate(_COLOURS)
        if relative_luminance(parse_rgb(colours["background"])) > 0.2:
            problems.append(f"{url}: the background is not dark: {colours}")
            continue
        pairs = (
            [("text", "background"), ("link", "linkBackground")]
            if colours["link"]
            else [("text", "background")]
        )
        for fg, bg in pairs:
            ratio = contrast_ratio(colours[fg], colours[bg])
            if ratio < 4.5:
                problems.append(
                    f"{url}: {fg} {colours[fg]} on {colours[bg]} is {ratio:.2f}:1, below 4.5:1"
                )
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", SURFACES)
def test_axe_finds_no_violations(
    name: str, scheme: Scheme, surfaces: dict[str, Surface], open_tab: Callable[..., Tab]
) -> None:
    tab = open_tab(color_scheme=scheme)
    reports = []
    for url in surfaces[name].urls:
        tab.goto(url)
        violations = axe_violations(tab.page)
        if violations:
            reports.append(axe_report(url, violations))
    assert reports == [], f"axe-core ({scheme} mode):\n" + "\n\n".join(reports)


# --- HTML validity --------------------------------------------------------------------------------


def test_nu_html_checker_finds_no_errors(project: Path, hostile_site: Path) -> None:
    # The hostile build too: escaped hostile text must still be valid HTML.
    targets = [
        project / "site",
        project / "dist" / "privacy-terms.html",
        project / "dist" / "privacy-terms.zh-hant.html",
        hostile_site,
    ]
    command = [
        "java",
        "-jar",
        str(VNU),
        "--errors-only",
        "--skip-non-html",
        "--format",
        "json",
        "--stdout",
    ]
    result = subprocess.run(
        [*command, *map(str, targets)], capture_output=True, text=True, timeout=300, check=False
    )
    messages: list[dict[str, Any]] = json.loads(result.stdout)["messages"]
    assert messages == [], "Nu HTML checker:\n" + vnu_report(messages, project)
    assert result.returncode == 0, result.stderr


# --- Hostile text ---------------------------------------------------------------------------------

_INERT = """() => {
  const problems = [];
  if (window.__pwned !== undefined) problems.push(`window.__pwned = ${window.__pwned}`);
  for (const e of document.querySelectorAll('script, iframe, img, svg, object, embed, frame, base'))
    // The home page's own table.js is the one script the theme loads; the one SVG is our own
    // request chart, drawn from numbers.
    if (!(e.tagName === 'SCRIPT' && e.getAttribute('src') === 'table.js' && location.pathname.endsWith('/index.html'))
        && !(e.tagName === 'SCRIPT' && ['search-index.js', 'vendor/minisearch.min.js', 'search.js'].includes(e.getAttribute('src')) && location.pathname.endsWith('/search.html'))
        && !(e.tagName === 'SCRIPT' && e.getAttribute('src') === 'timeline.js' && location.pathname.endsWith('/hong-kong.html'))
        && !(e.tagName === 'svg' && e.getAttribute('class') === 'chart'))
      problems.push(`element <${e.tagName.toLowerCase()}>`);
  for (const e of document.querySelectorAll('*'))
    for (const a of e.attributes) if (a.name.startsWith('on')) problems.push(`<${e.tagName.toLowerCase()} ${a.name}>`);
  for (const a of document.querySelectorAll('a[href]'))
    if (!['http:', 'https:', 'file:'].includes(a.protocol)) problems.push(`link to ${a.getAttribute('href')}`);
  return {problems, text: document.body.innerText};
}"""


@pytest.mark.parametrize("csp", ["enforced", "bypassed"])
def test_hostile_text_stays_text_in_the_browser(
    csp: str, hostile_site: Path, open_tab: Callable[..., Tab]
) -> None:
    """With the CSP bypassed, only the escaping stands between the data and the reader."""
    tab = open_tab(bypass_csp=csp == "bypassed")
    pages = sorted(hostile_site.rglob("*.html"))
    problems = []
    for path in pages:
        tab.goto(path.as_uri())
        tab.page.hover("main")  # mouse-over handlers, if any had survived
        found = tab.page.evaluate(_INERT)
        problems += [f"{path.name}: {problem}" for problem in found["problems"]]
        if "49" in found["text"]:
            problems.append(f"{path.name}: '49' on the page: a template expression was evaluated")
        if path.name == "hostile.html":
            for literal in (
                "<script>alert(1)</script> Evil {{ 7*7 }}",
                "<img src=x onerror=alert(3)>",
                "{{ 7*7 }}",
            ):
                if literal not in found["text"]:
                    problems.append(f"{path.name}: the literal text {literal!r} is not shown")
    tab.settle()
    assert any(path.name == "hostile.html" for path in pages), (
        "the hostile platform page was not built"
    )
    assert problems == [], "\n".join(problems)
    assert tab.dialogs == [], "a script ran and opened a dialog"
    assert tab.errors == [] and tab.console == [], tab.errors + tab.console
    assert tab.requests_outside((hostile_site.as_uri() + "/",)) == [], (
        "hostile text made the page load something"
    )


# --- The home table at scale: filter and sort with JavaScript, a plain table without -------------


ROW_NAMES = "() => [...document.querySelectorAll('table[data-sortable] tbody tr')].filter(r => !r.hidden).map(r => r.cells[0].innerText.trim())"


@pytest.mark.parametrize("surface", ["http", "offline-site"])
def test_home_table_filters_by_name_and_sorts_by_column(
    surface: str, surfaces: dict[str, Surface], open_tab: Callable[..., Tab]
) -> None:
    tab = open_tab(viewport=DESKTOP)
    tab.goto(surfaces[surface].home)
    everyone = tab.page.evaluate(ROW_NAMES)
    assert everyone == sorted(everyone, key=str.casefold) and len(everyone) >= 5
    tab.page.get_by_label("Filter platforms by name").fill("sig")
    assert tab.page.evaluate(ROW_NAMES) == ["Signal"]
    assert tab.page.get_by_role("status").inner_text() == f"1 of {len(everyone)} platforms shown"
    tab.page.get_by_label("Filter platforms by name").fill("")
    platform_header = tab.page.locator("table[data-sortable] thead tr:last-child th").first
    platform_header.get_by_role("button").click()
    assert platform_header.get_attribute("aria-sort") == "ascending"
    platform_header.get_by_role("button").click()
    assert platform_header.get_attribute("aria-sort") == "descending"
    assert tab.page.evaluate(ROW_NAMES) == sorted(everyone, key=str.casefold, reverse=True)
    told = tab.page.get_by_role("columnheader", name="Tells users")
    told.get_by_role("button").click()
    labels = tab.page.evaluate(
        "() => [...document.querySelectorAll('table[data-sortable] tbody tr')].map(r => r.cells[r.cells.length - 1].dataset.sort)"
    )
    assert len(set(labels)) > 1 and labels == sorted(labels, key=str.lower), labels
    tab.settle()
    assert tab.errors == [] and tab.console == [], tab.errors + tab.console


def test_home_table_without_javascript_is_the_whole_plain_table(
    project: Path, base_url: str, browser: Browser
) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(base_url + "index.html")
        assert page.locator("#platform-filter").count() == 0
        assert page.locator("table[data-sortable] th > button").count() == 0
        rows = page.locator("table[data-sortable] tbody tr")
        assert rows.count() == len(list((project / "platforms").glob("*.yaml")))
    finally:
        context.close()


# --- The answer first (issue: a reader in Hong Kong gets it in 30 seconds, on a phone) ---------

_ANSWERS = """() => [...document.querySelectorAll('.answers > .answer')].map(e => {
  const r = e.getBoundingClientRect();
  return {name: e.querySelector('.answer-name').innerText.trim(), top: r.top + scrollY, bottom: r.bottom + scrollY,
          left: r.left, right: r.right, status: e.querySelector('.verdict .status').innerText.trim(),
          date: /\\d{4}/.test(e.querySelector('.verdict').innerText)};
})"""


def _homes(surface: Surface, project: Path) -> list[str]:
    """Both editions' home pages on a surface (the single file's Chinese edition is its own file)."""
    if surface.home.endswith("privacy-terms.html"):
        return [surface.home, (project / "dist" / "privacy-terms.zh-hant.html").as_uri()]
    return [surface.home, surface.home.replace("index.html", "zh-hant/index.html")]


@pytest.mark.parametrize("name", SURFACES)
def test_every_answer_fits_in_two_phone_screens_fully_visible(
    name: str, surfaces: dict[str, Surface], project: Path, open_tab: Callable[..., Tab]
) -> None:
    tab = open_tab(viewport=PHONE)
    for home in _homes(surfaces[name], project):
        tab.goto(home)
        answers = tab.page.evaluate(_ANSWERS)
        # Every platform of the data, once: the page is read from the data, never a fixed list.
        assert sorted(a["name"] for a in answers) == sorted(platform_names(project)), home
        for answer in answers:
            # One line per platform, in groups, and the device route once above them: every
            # answer within the first two screens of a phone, in both editions.
            assert answer["bottom"] <= 2 * PHONE["height"], (home, answer)
            assert answer["left"] >= 0 and answer["right"] <= PHONE["width"], (home, answer)
            assert answer["status"] and answer["date"], (home, answer)  # a status with its date


_ROUTES = """() => ({
  groups: [...document.querySelectorAll('.answer-group')].map(e => e.innerText.trim()),
  cards: [...document.querySelectorAll('.answers > .answer')].map(e => ({
    name: e.querySelector('.answer-name').innerText.trim(),
    lead: e.querySelector('.route-lead') ? e.querySelector('.route-lead').innerText.trim() : '',
    next: e.querySelector('.answer-name').nextElementSibling.className,
    link: e.querySelector('.answer-name a').getAttribute('href')})),
  every: [...document.querySelectorAll('.every-platform')]
    .filter(e => e.compareDocumentPosition(document.querySelector('.answers')) & Node.DOCUMENT_POSITION_FOLLOWING)
    .map(e => e.innerText.trim()),
})"""


@pytest.mark.parametrize("name", SURFACES)
def test_each_home_line_gives_status_then_hong_kong_routes_and_the_device_route_is_said_once(
    name: str, surfaces: dict[str, Surface], project: Path, open_tab: Callable[..., Tab]
) -> None:
    tab = open_tab(viewport=PHONE)
    tab.goto(surfaces[name].home)
    found = tab.page.evaluate(_ROUTES)
    assert len(found["cards"]) == len(platform_names(project))
    assert found["groups"][0] == "Messaging" and len(found["groups"]) >= 2, found["groups"]
    for card in found["cards"]:
        assert card["next"].startswith("verdict"), card  # the status comes first, then the route
        assert card["link"].endswith("stance-hk"), card  # the full answer is a tap away
        if card["lead"]:
            assert card["lead"].startswith("Hong Kong police: Request to the company"), card
            assert "Open on a warrant" not in card["lead"], card  # the device route is said once
    assert any(card["lead"] for card in found["cards"])
    [every] = found["every"]  # once, above the answers (the single file's Hong Kong page follows)
    assert every.startswith("One route reaches every platform: the user's own device"), every
    assert "password" in every and "March 2026" in every, every


_SQUEEZED = """() => [...document.querySelectorAll('main td, main th, main dd, main p, main li')]
  .filter(e => e.innerText.trim().length > 150 && e.getBoundingClientRect().width > 0
               && e.getBoundingClientRect().width < 160)
  .map(e => `${e.tagName} ${Math.round(e.getBoundingClientRect().width)}px: ${e.innerText.trim().slice(0, 50)}`)"""


@pytest.mark.parametrize("name", ["http"])
def test_no_prose_is_squeezed_into_a_narrow_column_on_a_phone(
    name: str, surfaces: dict[str, Surface], open_tab: Callable[..., Tab]
) -> None:
    tab = open_tab(viewport=PHONE)
    squeezed = []
    for url in surfaces[name].urls:
        tab.goto(url)
        squeezed += [f"{url}: {item}" for item in tab.page.evaluate(_SQUEEZED)]
    assert squeezed == []


_SPLIT_HEADER_WORDS = """() => {
  const split = [];
  const probe = document.createElement('span');
  probe.style.cssText = 'white-space: nowrap; position: absolute; visibility: hidden';
  for (const th of document.querySelectorAll('main th')) {
    const head = th.closest('thead');
    if (!th.getBoundingClientRect().width || (head && head.getBoundingClientRect().width <= 1)) continue;
    const style = getComputedStyle(th);
    const room = th.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const words = th.innerText.match(/[A-Za-z0-9'’]+/g) || [];
    th.appendChild(probe);
    for (const word of words) {
      probe.textContent = word;
      const width = probe.getBoundingClientRect().width;
      if (width > room + 0.5) split.push(`"${word}" ${Math.round(width)}px in ${Math.round(room)}px`);
    }
    probe.remove();
  }
  return split;
}"""
"""Each table header's words whose width on one line is more than the header has room for: the
ones a phone would break inside ("Pri/ma/ry"). Headers hidden by a stacked table are skipped."""


@pytest.mark.parametrize("name", ["http", "single-file"])
def test_no_table_header_breaks_inside_a_word_on_a_phone(
    name: str, surfaces: dict[str, Surface], open_tab: Callable[..., Tab]
) -> None:
    tab = open_tab(viewport=PHONE)
    split, headers = [], 0
    for url in surfaces[name].urls:
        tab.goto(url)
        headers += tab.page.evaluate("document.querySelectorAll('main th').length")
        split += [f"{url}: {word}" for word in tab.page.evaluate(_SPLIT_HEADER_WORDS)]
    assert headers > 0
    assert split == [], "\n".join(split)


def search_result_links(tab: Tab, page: str, label: str, words: str) -> list[str]:
    """Open a search page, type `words` into the box labelled `label`, and return the
    addresses of the results once they show."""
    tab.goto(page)
    tab.page.get_by_label(label).fill(words)
    links = tab.page.locator("#search-results a")
    links.first.wait_for()
    return [links.nth(i).get_attribute("href") or "" for i in range(links.count())]


@pytest.mark.parametrize("name", ["http", "offline-site"])
def test_search_finds_telegrams_page_for_judicial(
    name: str, surfaces: dict[str, Surface], open_tab: Callable[..., Tab]
) -> None:
    tab = open_tab(viewport=PHONE)
    page = surfaces[name].home.replace("index.html", "search.html")
    hrefs = search_result_links(tab, page, "Search every page of this site", "judicial")
    assert any(href.startswith("platforms/telegram.html") for href in hrefs), hrefs
    assert "for “judicial”" in tab.page.locator("#search-status").inner_text()
    tab.settle()
    assert tab.errors == [] and tab.console == [], tab.errors + tab.console
    assert tab.requests_outside(surfaces[name].allowed) == []


@pytest.mark.parametrize("name", ["http", "offline-site"])
def test_chinese_search_finds_telegrams_page_for_a_chinese_word(
    name: str, surfaces: dict[str, Surface], open_tab: Callable[..., Tab]
) -> None:
    """The Chinese edition's own index, split into character pairs: 司法命令 (judicial order)
    has no spaces around it, and is found inside a sentence of Telegram's answer."""
    tab = open_tab(viewport=PHONE)
    page = surfaces[name].home.replace("index.html", "zh-hant/search.html")
    hrefs = search_result_links(tab, page, "搜尋本網站每一頁", "司法命令")
    assert any(href.startswith("platforms/telegram.html") for href in hrefs), hrefs
    assert "「司法命令」" in tab.page.locator("#search-status").inner_text()
    tab.settle()
    assert tab.errors == [] and tab.console == [], tab.errors + tab.console
    assert tab.requests_outside(surfaces[name].allowed) == []


_OPTIONS = (
    "() => [...document.querySelectorAll('#timeline-subject option')].map(o => o.textContent)"
)


def platform_names(project: Path) -> list[str]:
    """Every platform's name, from the data: names stay as the platform writes them."""
    return [
        yaml.safe_load(path.read_text(encoding="utf-8"))["name"]
        for path in sorted((project / "platforms").glob("*.yaml"))
    ]


def without_names(text: str, names: list[str]) -> str:
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, "")
    return text


@pytest.mark.parametrize("name", ["http", "offline-site"])
def test_the_scripts_of_the_chinese_edition_speak_chinese(
    name: str, project: Path, surfaces: dict[str, Surface], open_tab: Callable[..., Tab]
) -> None:
    """What table.js and timeline.js write comes from the page, in the page's language."""
    names = platform_names(project)
    tab = open_tab(viewport=DESKTOP)
    tab.goto(surfaces[name].home.replace("index.html", "zh-hant/index.html"))
    tab.page.get_by_label("按名稱篩選平台").fill("sig")
    assert tab.page.evaluate(ROW_NAMES) == ["Signal"]
    assert tab.page.locator(".table-tools [role=status]").inner_text() == (
        f"顯示{len(names)}個平台中的1個"
    )
    tab.goto(surfaces[name].home.replace("index.html", "zh-hant/hong-kong.html"))
    options = tab.page.evaluate(_OPTIONS)
    assert options[:2] == ["全部", "只顯示法律及其執行"] and len(options) > 2
    assert [o for o in options if re.search("[A-Za-z]", without_names(o, names))] == []
    tab.page.get_by_label("顯示").select_option(index=2)
    assert re.fullmatch(
        r"顯示\d+項中的\d+項", tab.page.locator(".table-tools [role=status]").inner_text()
    )
    tab.settle()
    assert tab.errors == [] and tab.console == [], tab.errors + tab.console


@pytest.mark.parametrize("name", ["http", "offline-site"])
def test_a_chinese_query_in_the_english_search_leads_to_the_chinese_edition(
    name: str, surfaces: dict[str, Surface], open_tab: Callable[..., Tab]
) -> None:
    tab = open_tab(viewport=PHONE)
    search_page = surfaces[name].home.replace("index.html", "search.html")
    tab.goto(search_page)
    tab.page.get_by_label("Search every page of this site").fill("司法命令")
    pointer = tab.page.locator("#search-other a")
    assert pointer.inner_text() == "在中文版搜尋「司法命令」"
    assert pointer.get_attribute("lang") == "zh-Hant-HK"
    pointer.click()
    links = tab.page.locator("#search-results a")
    links.first.wait_for()
    assert tab.page.url.split("?")[0].endswith("zh-hant/search.html")
    assert tab.page.get_by_label("搜尋本網站每一頁").input_value() == "司法命令"
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    assert any(href.startswith("platforms/telegram.html") for href in hrefs), hrefs
    assert tab.page.locator("#search-other").is_hidden()  # already in the Chinese edition
    # And the reverse: English words the Chinese edition does not have lead back to English.
    tab.page.get_by_label("搜尋本網站每一頁").fill("disclosure matrix")
    back = tab.page.locator("#search-other a")
    assert back.inner_text() == "Search the English edition for “disclosure matrix”"
    assert back.get_attribute("lang") == "en"
    tab.page.get_by_label("搜尋本網站每一頁").fill("")
    assert tab.page.locator("#search-other").is_hidden()
    tab.settle()
    assert tab.errors == [] and tab.console == [], tab.errors + tab.console


A4_WIDTH = 794
"""An A4 sheet's width in CSS pixels (210 mm at 96 per inch)."""


@pytest.mark.parametrize(
    "page", ["index.html", "disclosure.html", "hong-kong.html", "platforms/telegram.html"]
)
def test_printing_fits_an_a4_page_without_filters(
    page: str, surfaces: dict[str, Surface], open_tab: Callable[..., Tab]
) -> None:
    tab = open_tab(viewport={"width": A4_WIDTH, "height": 1123})
    tab.page.emulate_media(media="print")
    tab.goto(surfaces["http"].home.replace("index.html", page))
    width = tab.page.evaluate("document.documentElement.scrollWidth")
    assert width <= A4_WIDTH, width
    wider = tab.page.evaluate(
        "[...document.querySelectorAll('table')].filter(t => t.getBoundingClientRect().right > innerWidth + 1).length"
    )
    assert wider == 0
    hidden = tab.page.evaluate(
        "[...document.querySelectorAll('.table-tools, header nav, form.search')].every(e => getComputedStyle(e).display === 'none')"
    )
    assert hidden


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_the_answer_pages_for_people_to_look_at(
    scheme: Scheme, surfaces: dict[str, Surface], open_tab: Callable[..., Tab]
) -> None:
    """Phone and desktop, light and dark, saved in test-artifacts/ (not committed)."""
    ARTIFACTS.mkdir(exist_ok=True)
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        tab = open_tab(viewport=viewport, color_scheme=scheme)
        for page in ("index.html", "hong-kong.html", "platforms/telegram.html"):
            tab.goto(surfaces["http"].home.replace("index.html", page))
            shot = (
                ARTIFACTS / f"{page.replace('/', '-').removesuffix('.html')}-{label}-{scheme}.png"
            )
            shot.unlink(missing_ok=True)
            tab.page.screenshot(path=str(shot))
            assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", shot
