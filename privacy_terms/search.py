"""The site search's documents: every page's title and text, written at build time as a script.

The search page loads them with a plain `<script>` tag, not `fetch`, so search works from the
unzipped offline copy (`file://`), where browsers refuse to fetch files. MiniSearch (vendored in
theme/vendor/) indexes them in the reader's browser; nothing is requested from anywhere else.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from privacy_terms.links import page_path

SEARCH_INDEX = "search-index.js"
NOT_INDEXED = frozenset({"changes.md", "search.md"})
"""Pages whose text repeats other pages (What changed lists the timelines) or has none."""
"""Where the documents are published, at the site's root."""
GLOBAL = "PRIVACY_TERMS_SEARCH"
"""The variable the script sets; search.js reads it."""
MAX_TEXT = 3000
"""Characters of text kept per section: enough to find a page, small enough to load on a phone."""

_MARKER = re.compile(r"<!--.*?-->", re.S)
_MARKDOWN_LINK_TARGET = re.compile(r"\]\([^)]*\)|\{[^}]*\}|[\[*_`]")
_MARKDOWN_NOISE = re.compile(r"[#>|]+")


@dataclass(frozen=True)
class Document:
    """One searchable part of a page: a page's section with its heading."""

    title: str
    url: str
    text: str


class _Sections(HTMLParser):
    """Split a page's HTML into sections at each h1/h2, keeping text, skipping reference lists."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[tuple[str, str | None, list[str]]] = [("", None, [])]
        self._heading: list[str] | None = None
        self._anchor: str | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "section" and found.get("id"):
            self._anchor = found["id"]
        if tag in ("h1", "h2"):
            self._heading = []
        if tag == "ol" and (self._skip or "references" in (found.get("class") or "")):
            self._skip += 1  # the references list repeats the sources page

    def handle_endtag(self, tag: str) -> None:
        if self._skip and tag == "ol":
            self._skip -= 1
        if tag in ("h1", "h2") and self._heading is not None:
            self.sections.append((" ".join(self._heading).strip(), self._anchor, []))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)
        elif not self._skip:
            self.sections[-1][2].append(data)


def page_documents(title: str, url: str, body_html: str) -> list[Document]:
    """Return the searchable sections of one generated page."""
    parser = _Sections()
    parser.feed(body_html)
    documents = []
    for heading, anchor, parts in parser.sections:
        text = _squeeze(" ".join(parts))
        if not text and not heading:
            continue
        name = title if not heading or heading == title else f"{title}: {heading}"
        target = f"{url}#{anchor}" if anchor and heading != title else url
        documents.append(Document(name, target, text[:MAX_TEXT]))
    return documents


def markdown_documents(title: str, url: str, markdown: str) -> list[Document]:
    """Return a hand-written page as one searchable document (markup and markers removed)."""
    text = _MARKDOWN_NOISE.sub(" ", _MARKDOWN_LINK_TARGET.sub("", _MARKER.sub(" ", markdown)))
    return [Document(title, url, _squeeze(text)[:MAX_TEXT])]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def documents_script(documents: list[Document]) -> str:
    """Return the script that hands the documents to the search page."""
    items = [{"title": d.title, "url": d.url, "text": d.text} for d in documents]
    # JSON is JavaScript; escaping "<" keeps "</script>" in a text from ending anything.
    payload = json.dumps(items, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return f"window.{GLOBAL} = {payload};\n"


def url_of(uri: str, use_directory_urls: bool) -> str:
    """Return a page's address relative to the site root, as the search page links to it."""
    return page_path(uri, use_directory_urls)
