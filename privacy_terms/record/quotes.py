"""Is a quote still in a page? Text from HTML or Markdown, normalised the same way on both sides.

A page and a quote copied from it differ in ways that do not change the words: markup inside the
sentence (`<a>`, `**bold**`), entities (`&nbsp;`, `&#8217;`), typographic quotes and dashes,
line breaks, soft hyphens, full-width forms. Both sides are reduced to the same plain form before
comparing. An ellipsis in a quote (`…`, `...`, `[…]`) marks an omission: the parts around it must
appear in that order.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

import markdown

_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "option", "p", "pre", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul",
})  # fmt: skip
"""Tags that separate words; any other tag (a, b, em, span, …) joins the text around it."""
_HIDDEN_TAGS = frozenset({"script", "style", "template", "svg", "noscript"})

_CHARACTERS = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4`", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u300c\u300d", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63", "-"),
        **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff"),  # invisible: removed
    }
)
_SPACE = re.compile(r"\s+")
_AROUND_DASH = re.compile(r" ?- ?")
_ELLIPSIS = re.compile(r"\[?\.\.\.\]?")


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_text(page: str) -> str:
    """Return the readable text of an HTML page (no tags, scripts or styles; entities decoded)."""
    parser = _TextOf()
    parser.feed(page)
    parser.close()
    return "".join(parser.parts)


def markdown_text(page: str) -> str:
    """Return the readable text of a Markdown document (links, emphasis and escapes removed)."""
    return html_text(markdown.markdown(page))


def normalise(text: str) -> str:
    """Reduce text to the form quotes are compared in."""
    # Before and after NFKC: it would turn a double prime into two primes, and full-width
    # quotes into the ASCII ones the table then leaves alone.
    text = unicodedata.normalize("NFKC", text.translate(_CHARACTERS)).translate(_CHARACTERS)
    text = _SPACE.sub(" ", text).strip()
    return _AROUND_DASH.sub("-", text).casefold()


def quote_parts(quote: str) -> list[str]:
    """The normalised parts of a quote that must appear in order (split at each ellipsis)."""
    return [part.strip() for part in _ELLIPSIS.split(normalise(quote)) if part.strip()]


def contains_quote(text: str, quote: str, *, normalised: bool = False) -> bool:
    """Return True when every part of `quote` appears in the plain `text`, in order.

    Pass `normalised=True` when `text` already went through `normalise` (a page checked against
    several quotes is normalised once).
    """
    page = text if normalised else normalise(text)
    start = 0
    for part in quote_parts(quote):
        found = page.find(part, start)
        if found < 0:
            return False
        start = found + len(part)
    return True
