"""Quotation marks around quoted text, with the other kind for the quotation marks inside it.

A template that wraps a speaker's words or a title in quotation marks must not leave a double
quote inside double quotes: “… a “pen register” …” reads as two quotations. English puts the
inner ones in single curly quotes (U+2018, U+2019); Chinese, which quotes with corner brackets,
puts them in white corner brackets (「… a 『pen register』 …」).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPENING_CONTEXT = " \t\n([{—–-/‘"
"""Characters after which a straight double quote opens a quotation rather than closing one."""


@dataclass(frozen=True)
class Marks:
    """The outer and inner quotation marks of one language."""

    outer: tuple[str, str]
    inner: tuple[str, str]


ENGLISH_MARKS = Marks(("“", "”"), ("‘", "’"))
CHINESE_MARKS = Marks(("「", "」"), ("『", "』"))


def marks_for(language: str) -> Marks:
    """Return the quotation marks of an edition: corner brackets for Chinese, curly quotes else."""
    return CHINESE_MARKS if language.startswith("zh") else ENGLISH_MARKS


def nested(text: str, marks: Marks = ENGLISH_MARKS) -> str:
    """Return `text` with its double quotation marks (curly or straight) as the inner kind, so
    that the caller can put it between the outer kind. Apostrophes and single quotes stay."""
    opening, closing = marks.inner
    out = []
    for i, char in enumerate(text):
        if char == "“":
            out.append(opening)
        elif char == "”":
            out.append(closing)
        elif char == '"':
            opens = i == 0 or text[i - 1] in _OPENING_CONTEXT
            out.append(opening if opens else closing)
        else:
            out.append(char)
    return "".join(out)


_BETWEEN_QUOTATIONS = re.compile(r'["”](\s*(?:…|\.\.\.)\s*)["“]')
"""A close and an open quotation mark around an ellipsis: two quotations of the same speaker, as in
`"We remain committed." … "We will pause"` once its outermost marks are taken off."""


def quoted(text: str, marks: Marks = ENGLISH_MARKS) -> str:
    """Return `text` between the outer quotation marks, its own quotation marks nested; two
    quotations joined by an ellipsis each get the outer marks."""
    opening, closing = marks.outer
    pieces = _BETWEEN_QUOTATIONS.split(text)
    parts = [nested(piece, marks) if i % 2 == 0 else piece for i, piece in enumerate(pieces)]
    inner = "".join(
        part if i % 2 == 0 else f"{closing}{part}{opening}" for i, part in enumerate(parts)
    )
    return f"{opening}{inner}{closing}"
