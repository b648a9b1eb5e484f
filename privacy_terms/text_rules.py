"""Rules on text that any field may hold: what a name may contain, and how much Markdown a field
may ask the renderer to do.

Kept apart from `checks` (rules about claims and sources); `dataset` runs both on every file.
"""

from __future__ import annotations

from privacy_terms.characters import BIDI_CONTROL, FORBIDDEN_IN_TEXT, INVISIBLE, describe
from privacy_terms.checks import AnyEntry
from privacy_terms.problems import Problem
from privacy_terms.validate import dotted

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
