"""Did you mean ...? The closest of the words a field accepts to the one written."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, choices: Iterable[str]) -> str | None:
    """Return the choice closest to `word` if one is close enough to be a typo, else None."""
    found = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.75)
    return found[0] if found else None


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    """Return ": did you mean 'x'?" for the closest choice, or "" when none is close."""
    if not isinstance(word, str):
        return ""
    found = closest(word, choices)
    return f": did you mean {found!r}?" if found and found != word else ""
