"""One self-contained HTML file holding the whole comparison, for copies that travel by hand.

The site's own page fragments are reused, then joined: each page becomes a section named after
the page, the ids inside it get a short prefix of its own (`s3-`) so they stay unique, links
between pages become links inside the file, and links to files the copy does not carry are dropped. Nothing in the result loads anything:
the stylesheet is inline, allowed by its hash in the Content-Security-Policy, and there is no script.
"""

from __future__ import annotations

import base64
import hashlib
import html
import posixpath
import re
from dataclasses import dataclass

from privacy_terms.utils.links import page_path
from privacy_terms.website.publish import UNKNOWN_VERSION

_TAG = re.compile(r"<[a-zA-Z][^<>]*>")
"""A start tag. Text never holds a raw `<` (templates and Markdown escape it), so attributes are
rewritten only inside these, never words in the text that merely look like `id="…"`."""
_HREF = re.compile(r'(?<=\s)href="([^"]*)"')
_ID = re.compile(r'(?<=\s)(id|aria-labelledby)="([^"]+)"')
_HEADING = re.compile(r"<(/?)h([1-5])\b")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_FOLD = re.compile(r'<details class="(fold[^"]*)"(?: open)?')
"""A fold of the site's pages (our own markup, never contributor text): the file opens them
all, as it is read on paper and searched from end to end."""
_SOURCE_LINK = re.compile(
    r'(<li(?: id="[^"]*")?>(?:[^<]|<span lang="en">[^<]*</span>)*'
    r'<a href="(https?://[^"]+)"(?: lang="en")?>[^<]*</a>'
    r'(?: <span class="described">[^<]*</span>)?(?:\.|\u3002))'
)
"""A source entry's publisher and linked title (in another edition, the English ones marked
`lang="en"`): the address is printed after it, for a copy read on paper."""


@dataclass(frozen=True)
class Section:
    """One page of the site, as it goes into the file."""

    uri: str
    """The page's source path, e.g. `platforms/telegram.md`."""
    title: str
    body: str
    """The page's HTML (front matter, if any, is removed)."""


@dataclass(frozen=True)
class Edition:
    """What the first screen says about the copy: the data's date and version."""

    data_date: str
    """Latest review date in the data, already written for readers."""
    data_version: str
    repository: str | None
    """The project's public address (mkdocs.yml's `repo_url`); None where none is set."""


def section_id(uri: str) -> str:
    """Return the id a page gets in the file: `platforms/telegram.md` -> `platforms-telegram`."""
    stem = uri.removesuffix(".md")
    if stem == "index":
        return "home"
    return stem.removesuffix("/index").replace("/", "-")


def build_single_file(
    sections: list[Section], edition: Edition, css: str, language: str = "en", note: str = ""
) -> str:
    """Return the whole document: in English, or with `language="zh-hant"` the Traditional
    Chinese edition, which says how it was translated (`note`)."""
    known = {page_path(s.uri, False): section_id(s.uri) for s in sections}
    # Ids inside a section get a short prefix (`s3-r12`), not the section's name: the file holds
    # thousands of citations, each an id and a link.
    short = {section_id(s.uri): f"s{index}" for index, s in enumerate(sections)}
    parts = _given_once([_section(s, known, short) for s in sections], sections, language)
    contents = "".join(
        f'<li><a href="#{section_id(s.uri)}">{html.escape(s.title)}</a></li>' for s in sections
    )
    style = css + _EXTRA_CSS
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode("ascii")
    csp = f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:; base-uri 'none'; form-action 'none'"
    chinese = language == "zh-hant"
    date = html.escape(edition.data_date)
    words = {key: text.replace("{date}", date) for key, text in _WORDS[language].items()}
    note_html = (
        f'<p class="translation-note" role="note">{html.escape(note)}</p>\n' if chinese else ""
    )
    return _DOCUMENT.format(
        **words,
        csp=csp,
        style=style,
        version_text=_version_text_zh(edition) if chinese else _version_text(edition),
        note=note_html,
        repository=(
            f'<span class="url">{html.escape(edition.repository)}</span>'
            if edition.repository
            else words["no_repository"]
        ),
        contents=contents,
        first=parts[0] if parts else "",  # the home page: the answers come before anything else
        sections="\n".join(parts[1:]),
    )


def _given_once(parts: list[str], sections: list[Section], language: str) -> list[str]:
    """Give each source in full once in the file: a later reference list's entry for a source
    already given in full, word for word, keeps its publisher and linked title and points to
    the full entry (its number and back-links stay). The same article is cited on the Hong
    Kong page and on several platforms' pages, and a copy that travels by hand should not
    carry it five times."""
    full: dict[str, tuple[str, str]] = {}
    """An entry's words (without its back-links) -> its id and the section it is in."""
    titles = {section_id(s.uri): s.title for s in sections}
    done = []
    for part in parts:
        own = _SECTION_ID.match(part)
        here = titles.get(own.group(1), "") if own else ""

        def once(entry: re.Match[str], here: str = here) -> str:
            ident, words, backlinks = entry.group(1), entry.group(2), entry.group(3)
            first = full.get(words)
            head = _ENTRY_HEAD.match(words)
            if first is None or head is None:
                full.setdefault(words, (ident, here))
                return entry.group(0)
            where = _WHERE[language].format(
                section=html.escape(first[1]), number=first[0].rpartition("-r")[2]
            )
            pointer = _GIVEN_IN_FULL[language].format(link=f'<a href="#{first[0]}">{where}</a>')
            return f'<li id="{ident}">{head.group(1)}{pointer}{backlinks}</li>'

        done.append(_REFERENCE.sub(once, part))
    return done


_SECTION_ID = re.compile(r'<section id="([^"]+)"')
_REFERENCE = re.compile(r'<li id="(s\d+-r\d+)">(.*?)(<p class="backlinks">.*?</p>)</li>', re.S)
"""An entry of a page's numbered reference list, and its back-links."""
_ENTRY_HEAD = re.compile(r'(.*?</a>(?: <span class="described">[^<]*</span>)?(?:\. |\u3002))', re.S)
"""A source entry's publisher and linked title, with the full stop after them in the edition's
own form (see render.source_body)."""
_WHERE = {"en": "{section}, source {number}", "zh-hant": "{section}，來源 {number}"}
_GIVEN_IN_FULL = {"en": "Given in full at {link}.", "zh-hant": "完整條目見{link}。"}


def _version_text(edition: Edition) -> str:
    """Say where the copy comes from: its git commit, or, built without git, only its data date."""
    date = html.escape(edition.data_date)
    if edition.data_version == UNKNOWN_VERSION:
        return (
            f"This copy was built from files without their version history, so it names no commit:"
            f" its data is as reviewed up to {date}."
        )
    version = html.escape(edition.data_version)
    return f"Data as reviewed up to {date}, version <code>{version}</code> (the git commit it was built from)."


def _version_text_zh(edition: Edition) -> str:
    """`_version_text`, in Traditional Chinese."""
    date = html.escape(edition.data_date)
    if edition.data_version == UNKNOWN_VERSION:
        return f"此副本由不含版本歷史的檔案生成，因此沒有提交編號：其資料為截至{date}的覆核。"
    version = html.escape(edition.data_version)
    return f"資料覆核至{date}，版本 <code>{version}</code>（生成時的 git 提交）。"


def _section(section: Section, known: dict[str, str], short: dict[str, str]) -> str:
    own = section_id(section.uri)
    here = page_path(section.uri, False)
    body = _FRONT_MATTER.sub("", section.body)
    body = _TAG.sub(lambda tag: _rewrite_attributes(tag.group(0), here, own, known, short), body)
    body = _HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", body)
    body = _SOURCE_LINK.sub(_with_address, body)
    body = _FOLD.sub(r'<details class="\1" open', body)
    return f'<section id="{own}" class="page">\n{body}\n</section>'


def _with_address(link: re.Match[str]) -> str:
    """A source's title followed by its address; Chinese sets no space after its full stop."""
    space = "" if link.group(1).endswith("\u3002") else " "
    return f'{link.group(1)}{space}<span class="url">{link.group(2)}</span>'


def _rewrite_attributes(
    tag: str, here: str, own: str, known: dict[str, str], short: dict[str, str]
) -> str:
    tag = _ID.sub(lambda m: f'{m.group(1)}="{short[own]}-{m.group(2)}"', tag)
    return _HREF.sub(lambda m: _rewrite_href(m.group(1), here, own, known, short), tag)


def _rewrite_href(
    href: str, here: str, own: str, known: dict[str, str], short: dict[str, str]
) -> str:
    if href.startswith(("https://", "http://")):
        return f'href="{href}"'
    if href.startswith("#"):
        return f'href="#{short[own]}-{href[1:]}"'
    path, _, fragment = href.partition("#")
    if path.endswith(".md"):  # links written in hand-written Markdown pages
        path = page_path(path, False)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(here), path))
    if target not in known:
        # A file this copy does not carry (the data downloads, the feed): keep the words only.
        return 'data-offline=""'
    anchor = f"{short[known[target]]}-{fragment}" if fragment else known[target]
    return f'href="#{anchor}"'


_EXTRA_CSS = """
.edition { border: 2px solid var(--line); padding: 0.3rem 0.7rem; margin: 0.5rem 0; }
.edition a { white-space: nowrap; }
.url { display: block; font-family: monospace; font-size: 0.85em; overflow-wrap: anywhere; }
section.page { border-top: 3px solid var(--line); margin-top: 2.5rem; }
section.page:first-of-type { border-top: 0; margin-top: 0; }
a[data-offline] { color: inherit; text-decoration: none; }
@media print { section.page { break-before: page; } main a[href^="http"]::after { content: none; } }
"""

_DOCUMENT = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<meta name="description" content="{description}">
<style>{style}</style>
</head>
<body>
<a class="skip" href="#contents">{skip}</a>
<main id="content">
<h1>{heading}</h1>
<p class="edition">{edition}</p>
{note}{first}
<nav aria-label="{contents_label}" id="contents"><h2>{contents_label}</h2><ol>{contents}</ol></nav>
{sections}
<section id="verify" class="page">
<h2>{verify_heading}</h2>
<p>{version_text}</p>
<p>{verify_text}{repository}</p>
</section>
</main>
</body>
</html>
"""

_WORDS = {
    "en": {
        "lang": "en",
        "title": "Privacy Terms: offline copy of {date}",
        "description": "When the authorities ask, will this platform hand over my data, and what exactly? The whole comparison in one file, with every source.",
        "skip": "Skip to contents",
        "heading": "Privacy Terms: offline copy",
        "edition": '<strong>Data as reviewed up to {date}.</strong> Works offline; pass it on. <a href="#verify">How to check this copy</a>.',
        "contents_label": "Contents",
        "verify_heading": "How to check this copy",
        "verify_text": "To check that your copy is unchanged, compare it with the release it came from: in the folder with the release's <code>SHA256SUMS</code> file, run <code>sha256sum -c SHA256SUMS</code> (every line must say OK), or compare <code>sha256sum privacy-terms.html</code> with the line for this file. The project and its history: ",
        "no_repository": "no address was set when this copy was built.",
    },
    "zh-hant": {
        "lang": "zh-Hant-HK",
        "title": "私隱條款：{date}的離線副本",
        "description": "當當局要求時，平台會否交出你的資料？交出甚麼？整個比較集於一個檔案，附每個來源。",
        "skip": "跳至目錄",
        "heading": "私隱條款：離線副本",
        "edition": '<strong>資料覆核至{date}。</strong>可離線使用；歡迎轉交他人。<a href="#verify">如何核對此副本</a>。',
        "contents_label": "目錄",
        "verify_heading": "如何核對此副本",
        "verify_text": "要確認你的副本未經改動，請與其所屬的發布版本比較：在存放該版本 <code>SHA256SUMS</code> 檔案的資料夾中執行 <code>sha256sum -c SHA256SUMS</code>（每行都必須顯示 OK），或將 <code>sha256sum privacy-terms.zh-hant.html</code> 與此檔案的一行比較。專案及其歷史：",
        "no_repository": "生成此副本時未有設定其網址。",
    },
}
"""The single file's own words, per edition; the skeleton above is shared."""
