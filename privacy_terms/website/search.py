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

from privacy_terms.utils.links import page_path

SEARCH_INDEX = "search-index.js"
NOT_INDEXED = frozenset({"changes.md", "search.md"})
"""Pages whose text repeats other pages (What changed lists the timelines) or has none."""
"""Where the documents are published, at the site's root."""
GLOBAL = "PRIVACY_TERMS_SEARCH"
"""The variable the script sets; search.js reads it."""
MAX_TEXT = 3000
"""Characters of text kept per section: enough to find a page, small enough to load on a phone."""

_MARKER = re.compile(r"<!--.*?-->", re.S)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_MARKDOWN_LINK_TARGET = re.compile(r"\]\([^)]*\)|\{[^}]*\}|[\[*_`]")
_MARKDOWN_NOISE = re.compile(r"[#>|]+")


@dataclass(frozen=True)
class Document:
    """One searchable part of a page: a page's section with its heading."""

    title: str
    url: str
    text: str


_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|<!--.*?-->|([^<]+)", re.S)
_ID = re.compile(r'\bid="([^"]*)"')
_REFERENCES = re.compile(r'\bclass="[^"]*\breferences\b')
_MATTERS = re.compile(r"<(?:h1|h2|section|ol)\b", re.I)


def _sections(body_html: str) -> list[tuple[str, str | None, list[str]]]:
    """Split a page's HTML into sections at each h1/h2, keeping text, skipping reference lists.

    The HTML is our own templates' output, so a tokenizer of tags and text is enough; a full
    HTML parser made this the slowest step of a thousand-platform build.
    """
    sections: list[tuple[str, str | None, list[str]]] = [("", None, [])]
    heading: list[str] | None = None
    anchor: str | None = None
    skip = 0
    kept = 0
    position = 0
    while position < len(body_html):
        if kept >= 2 * MAX_TEXT and heading is None and not skip:
            # This section has all the text it keeps: go straight to the next tag that matters
            # (the sources page is tens of megabytes at a thousand platforms).
            ahead = _MATTERS.search(body_html, position)
            if ahead is None:
                break
            position = ahead.start()
        match = _TOKEN.match(body_html, position)
        if match is None:  # a "<" that starts no tag
            position += 1
            continue
        position = match.end()
        closing, tag, attributes, text = match.groups()
        if text is not None:
            if heading is not None:
                heading.append(text)
            elif not skip and kept < 2 * MAX_TEXT:  # beyond this, text is cut off anyway
                sections[-1][2].append(text)
                kept += len(text)
            continue
        if tag is None:
            continue  # a comment
        tag = tag.lower()
        if not closing:
            if tag == "section" and (found := _ID.search(attributes)):
                anchor = html.unescape(found.group(1))
            elif tag in ("h1", "h2"):
                heading = []
            elif tag == "ol" and (skip or _REFERENCES.search(attributes)):
                skip += 1  # the references list repeats the sources page
        elif skip and tag == "ol":
            skip -= 1
        elif tag in ("h1", "h2") and heading is not None:
            sections.append((html.unescape(" ".join(heading)).strip(), anchor, []))
            heading = None
            kept = 0
    return sections


def page_documents(title: str, url: str, body_html: str) -> list[Document]:
    """Return the searchable sections of one generated page."""
    documents = []
    for heading, anchor, parts in _sections(body_html):
        text = _squeeze(" ".join(parts))
        if not text and not heading:
            continue
        name = title if not heading or heading == title else f"{title}: {heading}"
        target = f"{url}#{anchor}" if anchor and heading != title else url
        documents.append(Document(name, target, text[:MAX_TEXT]))
    return documents


def markdown_documents(title: str, url: str, markdown: str) -> list[Document]:
    """Return a hand-written page as one searchable document (markup and markers removed)."""
    body = _FRONT_MATTER.sub("", markdown, count=1)  # the page's description is not its text
    text = _MARKDOWN_NOISE.sub(" ", _MARKDOWN_LINK_TARGET.sub("", _MARKER.sub(" ", body)))
    return [Document(title, url, _squeeze(text)[:MAX_TEXT])]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


SCRIPT_START = f"window.{GLOBAL} = ["
SCRIPT_END = "];\n"


def documents_json(documents: list[Document]) -> str:
    """Return the documents as the items of a JSON array, without its brackets (so that parts
    written apart can be joined with commas)."""
    items = [{"title": d.title, "url": d.url, "text": d.text} for d in documents]
    # JSON is JavaScript; escaping "<" keeps "</script>" in a text from ending anything.
    payload = json.dumps(items, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return payload[1:-1]


def documents_script(documents: list[Document]) -> str:
    """Return the script that hands the documents to the search page."""
    return SCRIPT_START + documents_json(documents) + SCRIPT_END


def url_of(uri: str, use_directory_urls: bool) -> str:
    """Return a page's address relative to the site root, as the search page links to it."""
    return page_path(uri, use_directory_urls)
