"""PyYAML's syntax errors in our own words, each with what to do, at the place to fix.

PyYAML says what its parser expected ("mapping values are not allowed in this context"); a
contributor needs to know what they wrote and how to write it instead. Each common error is
recognised from the parser's problem and context, and from the text around the position.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import yaml

Position = tuple[int, int]
Rule = Callable[[yaml.MarkedYAMLError, str], tuple[Position, str] | None]

PREFIX = "YAML syntax: "
QUOTE_HINT = "put the whole value in double quotes"
_FIELD_NAME = re.compile(r"\s*(- )?[^\s:#][^:]*:[ \t]")
"""A line that starts `field: ` (or `- field: `): a later `: ` on it is inside the value."""


def explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[Position, str]:
    """Return where to point and what to say about a YAML syntax error in `text`."""
    for rule in _RULES:
        found = rule(exc, text)
        if found is not None:
            return found[0], PREFIX + found[1]
    what = exc.problem or exc.context or "invalid YAML"
    return _at(exc.problem_mark or exc.context_mark), (
        f"{PREFIX}{what}: usually a ': ' inside a value ({QUOTE_HINT}) or a line indented "
        "differently from the fields around it"
    )


def _at(mark: yaml.Mark | None) -> Position:
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _line_of(text: str, mark: yaml.Mark) -> str:
    lines = text.splitlines()
    return lines[mark.line] if mark.line < len(lines) else ""


def _char_at(text: str, mark: yaml.Mark | None) -> str:
    if mark is None:
        return ""
    line = _line_of(text, mark)
    return line[mark.column] if mark.column < len(line) else ""


def _colon_in_value(exc: yaml.MarkedYAMLError, text: str) -> tuple[Position, str] | None:
    mark = exc.problem_mark
    if mark is None or not (exc.problem or "").startswith("mapping values are not allowed"):
        return None
    before = _line_of(text, mark)[: mark.column]
    if _FIELD_NAME.match(before):
        return _at(mark), f"a value with ': ' must be in quotes: {QUOTE_HINT} (\"…\")"
    # No field name before the colon on this line: the line continues the value above it,
    # which happens when it is indented deeper than the field it was meant to follow.
    return _at(mark), (
        "this line is indented deeper than the field above it, so it reads as part of that "
        "field's value: line it up with the field above, or put a value that goes on in quotes"
    )


def _no_colon(exc: yaml.MarkedYAMLError, text: str) -> tuple[Position, str] | None:
    if exc.problem != "could not find expected ':'":
        return None
    return _at(exc.context_mark or exc.problem_mark), (
        "this line has no ': ' after its field name: write it as `field: value`; if it goes on "
        f"the value above, {QUOTE_HINT}"
    )


def _unclosed_quote(exc: yaml.MarkedYAMLError, text: str) -> tuple[Position, str] | None:
    if exc.context != "while scanning a quoted scalar" or "end of stream" not in (
        exc.problem or ""
    ):
        return None
    quote = _char_at(text, exc.context_mark) or '"'
    inside = 'write a " inside it as \\"' if quote == '"' else "write a ' inside it as ''"
    message = f"the quote {quote} opened here is never closed: close it ({inside})"
    return _at(exc.context_mark), message


def _bad_first_character(exc: yaml.MarkedYAMLError, text: str) -> tuple[Position, str] | None:
    problem = exc.problem or ""
    if not problem.startswith(("found character", "found a tab character")):
        return None
    character = _char_at(text, exc.problem_mark)
    if character == "\t" or "tab" in problem:
        return _at(exc.problem_mark), "a tab here: use spaces"
    shown = repr(character) if character else "this character"
    return _at(exc.problem_mark), f"a value cannot start with {shown}: {QUOTE_HINT}"


def _misaligned(exc: yaml.MarkedYAMLError, text: str) -> tuple[Position, str] | None:
    mark = exc.problem_mark
    problem = exc.problem or ""
    if mark is None or problem not in _MISSING_KEY_OR_ITEM:
        return None
    line = _line_of(text, mark)
    before = line[: mark.column].rstrip()
    if before.strip() and not before.strip().startswith("-"):
        if before.endswith(('"', "'")):
            return _at(mark), (
                "text after the closing quote: put the quotes around the whole value "
                '(write a " inside double quotes as \\")'
            )
        return _at(mark), f"unexpected text after the value: {QUOTE_HINT}"
    return _at(mark), (
        "this line is not lined up with the fields around it: indent it exactly as much as the "
        "other fields of its block (two spaces per level)"
    )


_MISSING_KEY_OR_ITEM = ("did not find expected key", "did not find expected '-' indicator")


def _unclosed_bracket(exc: yaml.MarkedYAMLError, text: str) -> tuple[Position, str] | None:
    if not (exc.context or "").startswith("while parsing a flow"):
        return None
    where = _at(exc.context_mark or exc.problem_mark)
    if exc.context == "while parsing a flow node":  # the parser points past the end: find the [
        where = _last_opening_bracket(text, where)
    return where, (
        "a list in [ ] or a mapping in { } that is not closed: close it, or, if the value is "
        f"text that starts with [ or {{, {QUOTE_HINT}"
    )


def _last_opening_bracket(text: str, before: Position) -> Position:
    lines = text.splitlines()[: before[0]]
    for number in range(len(lines), 0, -1):
        line = lines[number - 1][: before[1] - 1] if number == before[0] else lines[number - 1]
        column = max(line.rfind("["), line.rfind("{"))
        if column >= 0:
            return (number, column + 1)
    return before


def _unknown_escape(exc: yaml.MarkedYAMLError, text: str) -> tuple[Position, str] | None:
    if not (exc.problem or "").startswith("found unknown escape character"):
        return None
    return _at(exc.problem_mark), (
        "a backslash that starts no known escape in double quotes: write it as \\\\, or use "
        "single quotes"
    )


def _after_block_indicator(exc: yaml.MarkedYAMLError, text: str) -> tuple[Position, str] | None:
    if exc.context != "while scanning a block scalar":
        return None
    return _at(exc.problem_mark), (
        f"only a line break may follow | or >: start the text on the next line, or {QUOTE_HINT}"
    )


_RULES: tuple[Rule, ...] = (
    _colon_in_value,
    _no_colon,
    _unclosed_quote,
    _bad_first_character,
    _misaligned,
    _unclosed_bracket,
    _unknown_escape,
    _after_block_indicator,
)
