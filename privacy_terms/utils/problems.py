"""Problems found in the data: values that travel up to the command line, never exceptions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from privacy_terms.utils.characters import printable

Severity = Literal["error", "warning", "note"]
"""A note is neither: it says what was not checked (see `dataset._not_run`)."""


@dataclass(frozen=True, order=True)
class Problem:
    """One error or warning, located at a file, line and column (all 1-based)."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        # File names come from pull requests: a line break in one must not start a new line.
        path, message = printable(self.path), printable(self.message)
        return f"{path}:{self.line}:{self.column}: {self.severity}: {message}"

    def as_github(self) -> str:
        """Return the problem as a GitHub Actions workflow command (an annotation).

        Escaped as GitHub's runner reads them: `%`, CR and LF in the message; also `:` and `,` in
        the file name, which would otherwise end the property (`a,line=1.yaml` moves the annotation).
        """
        level = {"error": "error", "warning": "warning", "note": "notice"}[self.severity]
        path = _github_property(self.path)
        message = _github_data(printable(self.message))
        return f"::{level} file={path},line={self.line},col={self.column}::{message}"


def _github_data(text: str) -> str:
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    # A file name that is not UTF-8 reaches us with surrogates, which no output can encode.
    return escaped.encode("utf-8", "backslashreplace").decode("utf-8")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """Return only the errors."""
    return [p for p in problems if p.severity == "error"]


def summary(problems: list[Problem], files: int) -> str:
    """Return the closing line of a check run."""
    n_err = len(errors(problems))
    n_warn = sum(1 for p in problems if p.severity == "warning")
    noun = "file" if files == 1 else "files"
    return f"{files} {noun} checked: {_count(n_err, 'error')}, {_count(n_warn, 'warning')}"


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class DataError(Exception):
    """Raised at the edge (mkdocs hook, build command) when the data has errors."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
