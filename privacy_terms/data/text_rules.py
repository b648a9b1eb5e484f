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
    return None


def check_text_bounds(entry: AnyEntry) -> list[Problem]:
    """Every text field stays within what the Markdown renderer is given."""
    problems = []
    for where, value in entry.strings:
        if len(value) > MAX_MARKDOWN_BRACKETS:  # shorter text is always within both bounds
            problem = markdown_problem(value)
            if problem:
                problems.append(entry.problem(where, "error", f"{dotted(where)}: {problem}"))
    return problems
