"""`python build.py export`: the offline copies and the open data, checked as their users would."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest
from test_workflows import release_gather_script

from privacy_terms.commands.export import checksums, write_zip
from privacy_terms.data.dataset import load_dataset
from privacy_terms.data.model import Jurisdiction, Platform
from privacy_terms.website.pages import SiteOptions, render_pages
from privacy_terms.website.single_file import Edition, Section, build_single_file
from privacy_terms.website.translations import load_translations

from conftest import ROOT, copy_repository

ATOM = "{http://www.w3.org/2005/Atom}"


def export(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "build.py", "export"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of this repository with the real data, exported once."""
    root = tmp_path_factory.mktemp("export") / "project"
    copy_repository(root)
    result = export(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture(scope="module")
def dist(project: Path) -> Path:
    return project / "dist"


def platform_ids(project: Path) -> list[str]:
    """Every platform id, read from the data files' names (the data decides how many)."""
    return sorted(path.stem for path in (project / "platforms").glob("*.yaml"))


def platform_names(project: Path) -> list[str]:
    """Every platform's display name, in the order the site lists them (by name)."""
    dataset = load_dataset(project, dt.date.today()).dataset
    assert dataset is not None
    return [platform.name for platform in dataset.platforms]


def fill_the_minimum(project: Path, platform_id: str) -> None:
    """Fill what `new` leaves to do with the least `check` accepts: every fact unknown with a
    note, one dated company source at a host added to the copy's publisher register."""
    path = project / "platforms" / f"{platform_id}.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^(\s*)note: TODO .*$", r"\1note: No source says yet.", text)
    text = re.sub(r"(?m)^\s*quote: TODO .*\n", "", text)
    text = re.sub(r"(?m)^(\s*)as_of: TODO .*$", r"\1as_of: 2026-12", text)
    text = re.sub(r"(?m)^(\s*)published: unknown$", r"\1published: 2026-12", text)
    text = re.sub(r"(?m)^(\s*(?:- )?[a-z_]+): TODO .*$", r"\1: Not yet known.", text)
    host = f"{platform_id}.example.org"
    text = text.replace("https://todo.invalid/write-the-address-you-read", f"https://{host}/")
    path.write_text(text, encoding="utf-8")
    entry = (
        f'  - host: {host}\n    name: "Omega"\n    class: company\n    reason: "Its own site."\n'
    )
    with (project / "publishers.yaml").open("a", encoding="utf-8") as register:
        register.write(entry)


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of this repository with one platform more than the data has, added by `new`."""
    root = tmp_path_factory.mktemp("grown") / "project"
    copy_repository(root)
    added = subprocess.run(
        [sys.executable, "build.py", "new", "omega", "--name", "Omega Mail"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert added.returncode == 0, added.stderr
    fill_the_minimum(root, "omega")
    return root


def test_one_more_platform_added_by_new_passes_check_and_reaches_every_export(
    grown: Path, tmp_path: Path
) -> None:
    count = len(list((ROOT / "platforms").glob("*.yaml")))
    assert len(platform_ids(grown)) == count + 1  # fifteen once the data holds fourteen
    checked = subprocess.run(
        [sys.executable, "build.py", "check"], cwd=grown, capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout
    assert f"{count + 2} files checked: 0 errors, " in checked.stdout.splitlines()[-1]
    result = export(grown)
    assert result.returncode == 0, result.stdout + result.stderr
    dist = grown / "dist"
    test_json_validates_against_the_schema_and_loads_into_the_model(dist)
    test_comparison_csv_has_a_header_and_one_row_per_platform(dist)
    assert "omega" in platform_ids(grown) and "Omega Mail" in platform_names(grown)
    single = (dist / "privacy-terms.html").read_text(encoding="utf-8")
    assert all(name in single for name in platform_names(grown))
    with zipfile.ZipFile(dist / "privacy-terms-site.zip") as archive:
        archive.extractall(tmp_path)
    home = (tmp_path / "privacy-terms-site" / "index.html").read_text(encoding="utf-8")
    assert '<a href="platforms/omega.html">Omega Mail</a>' in home
    assert (tmp_path / "privacy-terms-site" / "zh-hant" / "platforms" / "omega.html").is_file()


@pytest.fixture(scope="module")
def unzipped(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(dist / "privacy-terms-site.zip") as archive:
        archive.extractall(target)
    return target / "privacy-terms-site"


def test_export_writes_every_file(dist: Path) -> None:
    files = sorted(p.relative_to(dist).as_posix() for p in dist.rglob("*") if p.is_file())
    assert files == [
        "SHA256SUMS",
        "comparison.csv",
        "events.csv",
        "jurisdiction.schema.json",
        "platform.schema.json",
        "platforms.json",
        "privacy-terms-site.zip",
        "privacy-terms.html",
        "privacy-terms.zh-hant.html",  # the Traditional Chinese edition (mkdocs.zh-hant.yml)
        "requests.csv",
    ]


def test_checksums_verify_with_sha256sum(dist: Path) -> None:
    result = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=dist, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": OK") == 9
    assert "privacy-terms.html: OK" in result.stdout
    assert "privacy-terms.zh-hant.html: OK" in result.stdout


def test_checksums_catch_a_changed_copy(dist: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(dist, copy)
    (copy / "privacy-terms.html").write_text("tampered", encoding="utf-8")
    result = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=copy, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "privacy-terms.html: FAILED" in result.stdout


def test_json_validates_against_the_schema_and_loads_into_the_model(dist: Path) -> None:
    document = json.loads((dist / "platforms.json").read_text(encoding="utf-8"))
    assert document["schema_version"] == 1
    assert document["data_version"] == "unknown"  # the copy is not a git checkout
    platform_schema = json.loads((dist / "platform.schema.json").read_text(encoding="utf-8"))
    jurisdiction_schema = json.loads(
        (dist / "jurisdiction.schema.json").read_text(encoding="utf-8")
    )
    for item in document["platforms"]:
        jsonschema.validate(item, platform_schema)
        Platform.model_validate(item)
    for item in document["jurisdictions"]:
        jsonschema.validate(item, jurisdiction_schema)
        Jurisdiction.model_validate(item)
    assert sorted(p["id"] for p in document["platforms"]) == platform_ids(dist.parent)


def test_schema_rejects_what_the_model_rejects(dist: Path) -> None:
    schema = json.loads((dist / "platform.schema.json").read_text(encoding="utf-8"))
    item = json.loads((dist / "platforms.json").read_text(encoding="utf-8"))["platforms"][0]
    item["surprise"] = True
    with pytest.raises(jsonschema.ValidationError, match="Additional properties are not allowed"):
        jsonschema.validate(item, schema)


def test_comparison_csv_has_a_header_and_one_row_per_platform(dist: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((dist / "comparison.csv").read_text(encoding="utf-8"))))
    assert [row["platform"] for row in rows] == platform_names(dist.parent)
    telegram = next(row for row in rows if row["platform_id"] == "telegram")
    assert (telegram["hk_stance"], telegram["hk_stance_label"]) == (
        "paused_unconfirmed",
        "Paused, now unconfirmed",
    )
    assert (telegram["ip_address"], telegram["ip_address_label"]) == (
        "judicial_order_criminal_case",
        "Judicial order: criminal case",
    )


def test_events_csv_lists_dated_events_with_source_urls(dist: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((dist / "events.csv").read_text(encoding="utf-8"))))
    assert list(rows[0]) == [
        "date",
        "platform_id",
        "platform",
        "jurisdiction",
        "kind",
        "summary",
        "source_urls",
    ]
    dates = [row["date"] for row in rows]
    assert dates == sorted(dates, reverse=True)
    telegram_2020 = [
        r for r in rows if r["platform_id"] == "telegram" and r["date"] == "2020-07-05"
    ]
    assert telegram_2020 and all(r["source_urls"].startswith("https://") for r in telegram_2020)


def test_single_file_loads_nothing(dist: Path) -> None:
    text = (dist / "privacy-terms.html").read_text(encoding="utf-8")
    assert re.search(r"\ssrc=", text) is None
    assert "<script" not in text.lower()
    assert '<link rel="stylesheet"' not in text
    assert re.search(r"url\(|@import|@font-face", text) is None
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text)
    assert csp is not None and csp.group(1).startswith("default-src 'none'; style-src 'sha256-")


def test_single_file_opens_with_its_date_and_ends_with_how_to_verify(dist: Path) -> None:
    text = (dist / "privacy-terms.html").read_text(encoding="utf-8")
    first_screen = text[text.index("<main") : text.index('<nav aria-label="Contents"')]
    assert re.search(r"<strong>Data as reviewed up to \d{1,2} \w+ 20\d\d\.</strong>", first_screen)
    assert "sha256sum" not in first_screen
    # The answers come first, the verification details last.
    assert text.index('class="answers"') < text.index('<section id="verify"')
    closing = text[text.index('<section id="verify"') :]
    assert "sha256sum -c SHA256SUMS" in closing
    # The test project is a copy without git: the file says so, and gives the data date instead.
    assert re.search(
        r"names no commit: its data is as reviewed up to \d{1,2} \w+ 20\d\d\.", closing
    )


def test_single_file_holds_the_whole_comparison(dist: Path, project: Path) -> None:
    text = (dist / "privacy-terms.html").read_text(encoding="utf-8")
    dataset = load_dataset(project, dt.date.today()).dataset
    assert dataset is not None
    for platform in dataset.platforms:
        assert f'<section id="platforms-{platform.id}" class="page">' in text
        for source in platform.sources:
            assert f'<span class="url">{source.url.replace("&", "&amp;")}</span>' in text, source.id
    assert '<section id="hong-kong" class="page">' in text
    assert '<section id="disclosure" class="page">' in text


@pytest.mark.parametrize("name", ["privacy-terms.html", "privacy-terms.zh-hant.html"])
def test_single_file_prints_every_source_address(dist: Path, project: Path, name: str) -> None:
    """A copy read on paper shows each source's address, in both editions."""
    text = (dist / name).read_text(encoding="utf-8")
    dataset = load_dataset(project, dt.date.today()).dataset
    assert dataset is not None
    for owner in (*dataset.platforms, *dataset.jurisdictions):
        for source in owner.sources:
            assert f'<span class="url">{source.url.replace("&", "&amp;")}</span>' in text, source.id


@pytest.mark.parametrize("name", ["privacy-terms.html", "privacy-terms.zh-hant.html"])
def test_single_file_gives_each_source_in_full_once(dist: Path, name: str) -> None:
    text = (dist / name).read_text(encoding="utf-8")
    entries = re.findall(r'<li id="(s\d+-r\d+)">(.*?)<p class="backlinks">', text, re.S)
    pointer = re.compile(r'(?:Given in full at |完整條目見)<a href="#(s\d+-r\d+)">')
    full = {ident: words for ident, words in entries if not pointer.search(words)}
    assert len(set(full.values())) == len(full), "a source given in full twice"
    pointed = [pointer.search(words) for _, words in entries]
    targets = [match.group(1) for match in pointed if match]
    assert targets, "the Hong Kong page and the platforms share sources"
    assert set(targets) <= set(full)


def test_single_file_points_a_repeated_source_to_its_first_full_entry() -> None:
    entry = (
        '<li id="r1">Reuters: <a href="https://example.org/a">“A”</a>. <span class="kind">News'
        ' report</span>, 6 July 2020.<blockquote><p>Words.</p></blockquote><p class="backlinks">'
        'Cited <a href="#c1-1">↑1</a></p></li>'
    )
    other = entry.replace("Words.", "Other words.")
    sections = [
        Section("one.md", "One", f'<ol class="sources references">\n{entry}\n</ol>'),
        Section(
            "two.md",
            "Two",
            f'<ol class="sources references">\n{entry}\n{other.replace("r1", "r2")}\n</ol>',
        ),
    ]
    html = build_single_file(sections, Edition("1 May 2026", "abc", "https://example.org"), "")
    assert html.count("<p>Words.</p>") == 1 and html.count("<p>Other words.</p>") == 1
    assert (
        '<li id="s1-r1">Reuters: <a href="https://example.org/a">“A”</a>. Given in full at '
        '<a href="#s0-r1">One, source 1</a>.<p class="backlinks">Cited <a href="#s1-c1-1">↑1</a></p></li>'
    ) in html


def test_single_file_opens_every_fold_of_the_site() -> None:
    """The site folds long evidence for phones; the file, read on paper, shows it all."""
    body = (
        '<details class="fold" id="sources-list"><summary>2 sources</summary><ol></ol></details>\n'
        '<details class="fold year" open><summary><h2 id="y2026">2026</h2></summary></details>\n'
        '<details class="fold year"><summary><h2 id="y2020">2020</h2></summary></details>'
    )
    html = build_single_file(
        [Section("one.md", "One", body)], Edition("1 May 2026", "abc", "https://example.org"), ""
    )
    assert (
        '<details class="fold" open id="s0-sources-list"><summary>2 sources</summary><ol></ol></details>\n'
        '<details class="fold year" open><summary><h3 id="s0-y2026">2026</h3></summary></details>\n'
        '<details class="fold year" open><summary><h3 id="s0-y2020">2020</h3></summary></details>'
    ) in html


@pytest.mark.parametrize("name", ["privacy-terms.html", "privacy-terms.zh-hant.html"])
def test_no_fold_of_the_single_file_is_closed(dist: Path, name: str) -> None:
    text = (dist / name).read_text(encoding="utf-8")
    folds = re.findall(r"<details[^>]*>", text)
    assert len(folds) > 10, "the site's pages fold their sources, years and quotes"
    assert [fold for fold in folds if " open" not in fold] == []


def test_single_file_links_stay_inside_the_file(dist: Path) -> None:
    links = _links(dist / "privacy-terms.html")
    ids = _ids(dist / "privacy-terms.html")
    internal = [link for link in links if not link.startswith(("https://", "http://"))]
    assert internal, "expected links between sections"
    missing = [link for link in internal if not link.startswith("#") or link[1:] not in ids]
    assert missing == []


def test_every_link_in_the_unzipped_site_resolves_on_disk(unzipped: Path) -> None:
    pages = sorted(unzipped.rglob("*.html"))
    assert len(pages) >= 12
    broken = []
    for page in pages:
        for link in _links(page):
            parts = urlsplit(link)
            if parts.scheme in ("http", "https") or link == "data:,":  # the empty favicon
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_file():
                broken.append(f"{page.relative_to(unzipped)} -> {link}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in _ids(target):
                broken.append(f"{page.relative_to(unzipped)} -> {link} (no such anchor)")
    assert broken == []


def test_site_publishes_the_data_and_the_feed(unzipped: Path, dist: Path) -> None:
    for name in ("platforms.json", "comparison.csv", "events.csv", "platform.schema.json"):
        assert (unzipped / "data" / name).read_bytes() == (dist / name).read_bytes()
    home = (unzipped / "index.html").read_text(encoding="utf-8")
    for link in ("data/platforms.json", "data/comparison.csv", "data/events.csv", "feed.xml"):
        assert f'href="{link}"' in home
    methodology = (unzipped / "methodology.html").read_text(encoding="utf-8")
    assert 'href="data/platforms.json"' in methodology
    for page in unzipped.rglob("*.html"):
        assert '<link rel="alternate" type="application/atom+xml"' in page.read_text(
            encoding="utf-8"
        ), page.name


def test_feed_is_atom_newest_first(unzipped: Path) -> None:
    root = ET.parse(unzipped / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) > 20
    updated = [e.findtext(f"{ATOM}updated") or "" for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert root.findtext(f"{ATOM}updated") == updated[0]
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link is not None and (unzipped / link.attrib["href"].partition("#")[0]).is_file()


def test_the_chinese_feed_speaks_chinese(unzipped: Path) -> None:
    """The Chinese edition's feed was the English one: its title and every entry in English."""
    root = ET.parse(unzipped / "zh-hant" / "feed.xml").getroot()
    assert root.attrib["{http://www.w3.org/XML/1998/namespace}lang"] == "zh-Hant-HK"
    assert root.findtext(f"{ATOM}title") == "privacy-terms：更新紀錄"
    english = ET.parse(unzipped / "feed.xml").getroot().findall(f"{ATOM}entry")
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(english) > 20
    titles = [entry.findtext(f"{ATOM}title") or "" for entry in entries]
    # Every entry names its subject, then says what happened in Chinese: a field still without
    # a translation is marked, as the pages mark it.
    assert all("：" in title for title in titles)
    translated = [t for t in titles if "尚未翻譯" not in t and re.search("[\u4e00-\u9fff]{4}", t)]
    assert len(translated) > len(titles) // 2, titles
    # What a company said stays as said, with its gloss beside it.
    assert any("”（譯文：" in title for title in titles), titles
    for entry in entries:
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link is not None
        assert (unzipped / "zh-hant" / link.attrib["href"].partition("#")[0]).is_file()


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "The project and its history: no address was set when this copy was built."),
     ("zh-hant", "專案及其歷史：生成此副本時未有設定其網址。")],
)  # fmt: skip
def test_single_file_says_in_words_when_the_project_has_no_address(
    language: str, words: str
) -> None:
    html = build_single_file([], Edition("1 May 2026", "abc", None), "", language)
    assert words in html
    assert "unknown" not in html


class _UnmarkedEnglish(HTMLParser):
    """The text of a page outside elements marked `lang="en"` (and outside code, times and
    scripts), as a reader's screen reader would read it in the page's language."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})  # fmt: skip
    SKIPPED = frozenset({"script", "style", "code", "time"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            english = dict(attrs).get("lang") == "en" or tag in self.SKIPPED
            self.stack.append((tag, english or any(e for _, e in self.stack[-1:])))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1][1]):
            self.text.append(data)


_ENGLISH_SENTENCE = re.compile(r"[A-Za-z][\w'’.-]*(?:[ ,;:]+[A-Za-z0-9][\w'’.-]*){3,}")
"""Four or more English words in a row."""


def _is_a_sentence(words: str) -> bool:
    # A name (Hong Kong Democracy Council, L.N. 139 of 2020) has at most one small word.
    return len(re.findall(r"(?<![\w.])[a-z]{2,}(?![\w.])", words)) >= 2


def test_english_on_chinese_pages_is_marked_or_a_name(project: Path, unzipped: Path) -> None:
    """The About page promises 尚未翻譯 on untranslated text; English data text (a quote kept in
    a translation, a policy's title) appeared unmarked. Every English sentence on a Chinese
    page is now marked `lang="en"` (with 尚未翻譯 where it is untranslated); names of
    platforms, companies, publishers, documents and laws may stand in a Chinese sentence."""
    dataset = load_dataset(project, dt.date(2026, 12, 7)).dataset
    assert dataset is not None
    names = {p.name for p in dataset.platforms}
    names |= {s.publisher for m in (*dataset.platforms, *dataset.jurisdictions) for s in m.sources}
    names |= {s.title for m in (*dataset.platforms, *dataset.jurisdictions) for s in m.sources}
    names |= {o.name for p in dataset.platforms for o in p.identity.operators}
    laws = load_translations(project, "jurisdictions/HK.yaml").official_names
    names |= {law.english for law in laws}
    # A quote may write a name with a typographic apostrophe (U+2019), the name a straight one.
    ordered = sorted({name.replace("’", "'") for name in names}, key=len, reverse=True)
    found: dict[str, str] = {}
    for page in sorted((unzipped / "zh-hant").rglob("*.html")):
        parser = _UnmarkedEnglish()
        parser.feed(page.read_text(encoding="utf-8"))
        text = " ".join(parser.text).replace("’", "'")
        for name in ordered:
            text = text.replace(name, " ")
        for run in _ENGLISH_SENTENCE.findall(text):
            if _is_a_sentence(run):
                found.setdefault(run, page.relative_to(unzipped).as_posix())
    assert found == {}


def test_two_exports_are_byte_identical(project: Path, tmp_path: Path) -> None:
    first = _snapshot(project / "dist")
    result = export(project)
    assert result.returncode == 0, result.stderr
    assert _snapshot(project / "dist") == first


def test_failed_export_leaves_dist_untouched(project: Path) -> None:
    before = _snapshot(project / "dist")
    platform = project / "platforms" / "signal.yaml"
    text = platform.read_text(encoding="utf-8")
    platform.write_text(text.replace("\nid: signal\n", "\nid: Signal!\n"), encoding="utf-8")
    try:
        result = export(project)
    finally:
        platform.write_text(text, encoding="utf-8")
    assert result.returncode == 1
    assert result.stderr.endswith(
        "Nothing was exported: fix the errors above. dist/ was left as it was.\n"
    )
    assert _snapshot(project / "dist") == before
    assert not list(project.glob(".dist-*")) and not list(project.glob(".export-*"))


def test_zip_is_deterministic_and_sorted(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    (folder / "b").mkdir(parents=True)
    (folder / "b" / "z.html").write_text("z", encoding="utf-8")
    (folder / "a.html").write_text("a", encoding="utf-8")
    write_zip(folder, tmp_path / "one.zip", "copy", "2024-09")
    (folder / "a.html").touch()
    write_zip(folder, tmp_path / "two.zip", "copy", "2024-09")
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.zip") as archive:
        assert [i.filename for i in archive.infolist()] == ["copy/a.html", "copy/b/z.html"]
        assert {i.date_time for i in archive.infolist()} == {(2024, 9, 1, 0, 0, 0)}


def test_checksums_list_every_file_but_themselves(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x.txt").write_text("x", encoding="utf-8")
    (tmp_path / "SHA256SUMS").write_text("old", encoding="utf-8")
    assert (
        checksums(tmp_path)
        == "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881  d/x.txt\n"
    )


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("a", "link") and values.get("href"):
            self.links.append(values["href"] or "")
        if values.get("id"):
            self.ids.add(values["id"] or "")


def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def _links(path: Path) -> list[str]:
    return _parse(path).links


def _ids(path: Path) -> set[str]:
    return _parse(path).ids


def test_single_file_rewrites_only_real_attributes_never_text() -> None:
    body = (
        '<h2 id="notes">Notes</h2>\n'
        '<p>Search the page for id="notes" or href="#notes", or write href="other.html".</p>\n'
        '<p><a href="#notes">Up</a> <a href="other.html#x">Other</a> <code>id="x"</code></p>'
    )
    sections = [Section("one.md", "One", body), Section("other.md", "Other", '<p id="x">x</p>')]
    html = build_single_file(sections, Edition("1 May 2026", "abc", "https://example.org"), "")
    assert (
        '<h3 id="s0-notes">Notes</h3>\n'
        '<p>Search the page for id="notes" or href="#notes", or write href="other.html".</p>\n'
        '<p><a href="#s0-notes">Up</a> <a href="#s1-x">Other</a> <code>id="x"</code></p>'
    ) in html


def test_two_paragraphs_in_a_field_never_nest_paragraphs(valid_project: Path) -> None:
    alpha = valid_project / "platforms" / "alpha.yaml"
    text = alpha.read_text(encoding="utf-8").replace(
        "\nsummary: Alpha Chat is a fictional messenger used by the tests. It hands over *basic records* on a subpoena.\n",
        '\nsummary: "First paragraph.\\n\\nSecond *paragraph*."\n',
    )
    alpha.write_text(text, encoding="utf-8")
    dataset = load_dataset(valid_project, dt.date(2026, 11, 28)).dataset
    assert dataset is not None
    pages = render_pages(dataset, SiteOptions())
    for uri, page in pages.items():
        assert not re.search(r"<p[ >](?:(?!</p>).)*<p[ >]", page, re.S), uri
    assert (
        '<p class="lead">First paragraph.<br><br>Second <em>paragraph</em>.</p>'
        in pages["platforms/alpha.md"]
    )


def test_the_release_carries_exactly_what_sha256sums_covers(dist: Path, tmp_path: Path) -> None:
    """Run the release workflow's own gathering step on a real export, then the README's check
    (`sha256sum -c SHA256SUMS`) in the folder of files that would be uploaded, and only those."""
    shutil.copytree(dist, tmp_path / "dist")
    gathered = subprocess.run(
        ["bash", "-e", "-c", release_gather_script()],
        cwd=tmp_path, capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert gathered.returncode == 0, gathered.stdout + gathered.stderr
    uploaded = sorted(p.name for p in (tmp_path / "release").iterdir())
    listed = sorted(
        line.split("  ", 1)[1]
        for line in (tmp_path / "release" / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    )
    assert uploaded == sorted([*listed, "SHA256SUMS"])
    documented = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path / "release", capture_output=True, text=True, check=False
    )  # fmt: skip
    assert documented.returncode == 0, documented.stdout + documented.stderr
    assert documented.stdout.count(": OK") == len(listed) == 9  # with the Chinese single file


def test_the_release_refuses_a_dist_with_a_folder(dist: Path, tmp_path: Path) -> None:
    shutil.copytree(dist, tmp_path / "dist")
    (tmp_path / "dist" / "data").mkdir()
    gathered = subprocess.run(
        ["bash", "-e", "-c", release_gather_script()],
        cwd=tmp_path, capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert (gathered.returncode, gathered.stderr) == (
        1,
        "dist/ holds a folder, but a release carries only files\n",
    )


_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}
_BARE_UNKNOWN = re.compile(r"(?:^|[^\w\s]|[,:(（：，])\s*(unknown)\b")
"""The data's value `unknown` where a word should say what is unknown: at the start of a piece of
text or right after punctuation ("Telegram Messenger Inc., unknown", "<dd>unknown"), not after
the word it qualifies ("date unknown", "jurisdiction unknown")."""


class _BareUnknown(HTMLParser):
    """Collect the visible text runs that show a bare `unknown`, outside quotations (`blockquote`,
    `q`), the data's own literals (`code`) and text kept in English in the other edition."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        quoted = tag in ("blockquote", "q", "code", "script", "style", "title")
        quoted |= ("lang", "en") in attrs and tag != "html"
        self.stack.append((tag, quoted))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if any(quoted for _, quoted in self.stack):
            return
        for match in _BARE_UNKNOWN.finditer(data):
            self.found.append(data[max(0, match.start() - 40) : match.end() + 20].strip())


def bare_unknowns(html: str) -> list[str]:
    parser = _BareUnknown()
    parser.feed(html)
    return parser.found


def test_bare_unknown_is_caught_and_unknown_in_words_is_not() -> None:
    assert bare_unknowns("<dd>unknown <span>[1]</span></dd>") == ["unknown"]
    assert bare_unknowns("<dd>Telegram Messenger Inc., unknown (since date unknown)</dd>") == [
        "Telegram Messenger Inc., unknown (since date unknown"
    ]
    assert bare_unknowns('<p>專案及其歷史：<span class="url">unknown</span></p>') == ["unknown"]
    words = "<dd>Telegram Messenger Inc., jurisdiction unknown (since date unknown)</dd>"
    assert bare_unknowns(words) == []
    assert bare_unknowns("<blockquote><p>unknown</p></blockquote><code>unknown</code>") == []
    assert bare_unknowns('<html lang="en"><p lang="en">Found: unknown</p></html>') == []


def test_no_page_of_either_edition_shows_a_bare_unknown(unzipped: Path, dist: Path) -> None:
    pages = [*sorted(unzipped.rglob("*.html")), *sorted(dist.glob("privacy-terms*.html"))]
    assert any(p.parts[-2] == "zh-hant" for p in pages) and len(pages) > 20
    found = [
        f"{page.name}: {text}"
        for page in pages
        for text in bare_unknowns(page.read_text(encoding="utf-8"))
    ]
    assert found == [], "\n".join(found)
