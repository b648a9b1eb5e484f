"""Characters that never belong in the data, and how to show a string that holds them.

One place for every character rule, so the loader, the checks, `new` and the problem printer
agree: a control character refused in a file is also refused as an escape in a value, in a name
given to `new`, and is never printed raw to a terminal or a CI log.
"""

from __future__ import annotations

import re

_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
"""C0 controls except tab, line feed and carriage return; delete; C1 controls (with U+0085)."""
_LINE_SEPARATORS = "\u2028\u2029"
"""Line breaks to YAML and to Python's splitlines, but not to editors: line numbers would differ."""
_SURROGATES = "\ud800-\udfff"
"""Only an escape such as "\\ud800" makes one; no file can be written with it."""
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
"""Embeddings, overrides and isolates: they reorder how the text around them is shown."""
_INVISIBLE = "\u200b-\u200f\u2060\ufeff\u061c\u180e"
"""Zero-width characters and direction marks: invisible, but they change what a name is."""

_NEVER = _CONTROL + _LINE_SEPARATORS + _SURROGATES + _NONCHARACTERS

FORBIDDEN_IN_FILE = re.compile(f"[{_NEVER}]")
"""Characters refused anywhere in a data file (tab, line feed and carriage return are allowed)."""
FORBIDDEN_IN_TEXT = re.compile(f"[\r{_NEVER}]")
"""Characters refused in a value, however written (a double-quoted "\\e" is an escape)."""
BIDI_CONTROL = re.compile(f"[{_BIDI_CONTROLS}]")
INVISIBLE = re.compile(f"[{_INVISIBLE}]")
NOT_IN_URL = f"{_NEVER}{_BIDI_CONTROLS}{_INVISIBLE}"
"""For a regular expression's character class: what an address may never hold."""
_UNPRINTABLE = re.compile(f"[\t\n\r{_NEVER}{_BIDI_CONTROLS}{_INVISIBLE}]")

_NAMES = {
    0x00: "null",
    0x07: "bell",
    0x08: "backspace",
    0x09: "tab",
    0x0A: "line feed",
    0x0B: "vertical tab",
    0x0C: "form feed",
    0x0D: "carriage return",
    0x1B: "escape",
    0x7F: "delete",
    0x85: "next line",
    0x200B: "zero width space",
    0x200C: "zero width non-joiner",
    0x200D: "zero width joiner",
    0x200E: "left-to-right mark",
    0x200F: "right-to-left mark",
    0x2028: "line separator",
    0x2029: "paragraph separator",
    0x202A: "left-to-right embedding",
    0x202B: "right-to-left embedding",
    0x202C: "pop directional formatting",
    0x202D: "left-to-right override",
    0x202E: "right-to-left override",
    0x2060: "word joiner",
    0x2066: "left-to-right isolate",
    0x2067: "right-to-left isolate",
    0x2068: "first strong isolate",
    0x2069: "pop directional isolate",
    0xFEFF: "zero width no-break space",
}


def describe(char: str) -> str:
    """Name a character for a message: `U+000B (vertical tab)`, `U+0081 (control character)`."""
    code = ord(char)
    name = _NAMES.get(code)
    if name is None:
        if 0xD800 <= code <= 0xDFFF:
            name = "surrogate"
        elif code < 0x20 or 0x7F <= code <= 0x9F:
            name = "control character"
        else:
            name = "noncharacter"
    return f"U+{code:04X} ({name})"


def printable(text: str) -> str:
    """Return `text` with every control, invisible or direction character written as an escape.

    For output read by people and by CI runners: a file name holding a line break must not start a
    new line (which GitHub Actions would read as a workflow command), nor reorder what follows it.
    """
    if _UNPRINTABLE.search(text) is None:
        return text
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
