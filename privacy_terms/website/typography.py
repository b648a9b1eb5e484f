"""Chinese typography for generated pages: full-width marks, and no space after them.

Templates join translated pieces the way English does: a space after each sentence or clause, and
an English full stop after a bracket that a translation closed. Chinese sets no space after its
full-width marks, and ends a sentence with an ideographic full stop. This mends both in a Chinese
page's HTML, across the tags between a mark and the next word, and leaves everything else (the
newlines between blocks, English text and its half-width marks) as it is.
"""

from __future__ import annotations

import re

_FULL_WIDTH_MARKS = "\u3002\uff0c\u3001\uff1b\uff1a\uff01\uff1f\uff09\u300d\u300f"
"""The ideographic full stop and comma, the enumeration comma, the full-width semicolon, colon,
exclamation and question marks, and the closing bracket and corner quotes."""
_TAGS = r"(?:</?[a-z][^<>]*>)*"
_SPACE_AFTER_MARK = re.compile(rf"([{_FULL_WIDTH_MARKS}]{_TAGS})[ \t]+(?=\S)")
_STOP_AFTER_CLOSING = re.compile(r"([\uff09\u300d](?:</[a-z]+>)*)\.(?=\s|<|$)")


def typeset_chinese(html: str) -> str:
    """Return `html` with an ideographic full stop after a closing full-width bracket or quote
    where an English one stood, and no space after any full-width mark."""
    return _SPACE_AFTER_MARK.sub(r"\1", _STOP_AFTER_CLOSING.sub("\\1\u3002", html))
