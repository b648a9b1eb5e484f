"""Rules on text that any field may hold: what a name may contain, and how much Markdown a field
may ask the renderer to do.

Kept apart from `checks` (rules about claims and sources); `dataset` runs both on every file.
"""

from __future__ import annotations

from privacy_terms.data.checks import AnyEntry
from privacy_terms.data.validate import dotted
from privacy_terms.utils.characters import BIDI_CONTROL, FORBIDDEN_IN_TEXT, INVISIBLE, describe
from privacy_terms.utils.problems import Problem

MAX_MARKDOWN_CHARS = 5_000
"""The longest text one field may hold (the longest in the real data is under 800)."""
MAX_MARKDOWN_BRACKETS = 50
"""Python-Markdown matches links with work that grows with the square of the `[` in a text: at
most this many (and the length above) keep every field to milliseconds, so a build's time grows
only with the size of the data (20,000 `[` in one line took a build 115 s)."""
MARKDOWN_MARKS = "\\`*_<&["
"""Characters that start Markdown's inline syntax (escape, code, emphasis, autolink, entity, link)."""
BRACKET_WEIGHT = 10
"""A `[` costs Markdown about ten times what another mark costs: it scans the rest of the text."""
MAX_MARKDOWN_WORK = 50_000
"""Markdown's time on a field grows with its marks times its length (each mark rebuilds or rescans
the text after it): ten notes of 4,990 characters made only of `\\`` took a build from 6 to 37 s.
Bounding the product keeps any field to a few milliseconds; the real data's largest is 5,275."""

NAME_FIELDS = frozenset({"name", "title", "publisher", "speaker"})
"""Fields that name something: readers compare and search them, so what they show must be all."""


def name_problem(name: str) -> str | None:
    """Return why `name` can never be a display name (the error `check` would report), or None."""
    found = FORBIDDEN_IN_TEXT.search(name) or BIDI_CONTROL.search(name)
    if found:
        return f"the name holds {describe(found.group())}: remove it"
    return None


def check_names(entry: AnyEntry) -> list[Problem]:
    """Names hold no direction controls (an error) and no invisible characters (a warning)."""
    problems = []
    for where, value in entry.strings:
        if where[-1] not in NAME_FIELDS:
            continue
        control = BIDI_CONTROL.search(value)
        if control:
            message = f"{dotted(where)}: holds the direction control {describe(control.group())}, which reorders how the text around it is shown: delete it"
            problems.append(entry.problem(where, "error", message))
        hidden = INVISIBLE.search(value)
        if hidden:
            message = f"{dotted(where)}: holds the invisible character {describe(hidden.group())}: delete it unless the name is spelt with it"
            problems.append(entry.problem(where, "warning", message))
    return problems


def markdown_problem(text: str) -> str | None:
    """Return why `text` is more than the Markdown renderer is given, or None."""
    if len(text) > MAX_MARKDOWN_CHARS:
        return f"{len(text):,} characters; the limit for one field is {MAX_MARKDOWN_CHARS:,}: shorten it (quotes are a sentence or two; link to the rest)"
    brackets = text.count("[")
    if brackets > MAX_MARKDOWN_BRACKETS:
        return f"{brackets:,} square brackets; the limit for one field is {MAX_MARKDOWN_BRACKETS}: Markdown's time grows with the square of them, so split the text or remove some"
    marks = markdown_marks(text)
    if marks * len(text) > MAX_MARKDOWN_WORK:
        allowed = MAX_MARKDOWN_WORK // len(text)
        return f"{marks:,} Markdown marks (\\ ` * _ < &, and each [ counts {BRACKET_WEIGHT}) in {len(text):,} characters; a field this long may hold {allowed:,}: Markdown's time grows with marks times length, so remove marks or split the text"
    return None


def markdown_marks(text: str) -> int:
    """Return how many marks of Markdown's inline syntax `text` holds, a `[` counting as several."""
    plain = sum(text.count(mark) for mark in MARKDOWN_MARKS[:-1])
    return plain + BRACKET_WEIGHT * text.count("[")


def check_text_bounds(entry: AnyEntry) -> list[Problem]:
    """Every text field stays within what the Markdown renderer is given."""
    problems = []
    for where, value in entry.strings:
        if len(value) > MAX_MARKDOWN_BRACKETS:  # shorter text is always within every bound
            problem = markdown_problem(value)
            if problem:
                problems.append(entry.problem(where, "error", f"{dotted(where)}: {problem}"))
    return problems
