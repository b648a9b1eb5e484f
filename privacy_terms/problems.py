"""Problems found in the data: values that travel up to the command line, never exceptions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One error or warning, located at a file, line and column (all 1-based)."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"

    def as_github(self) -> str:
        """Return the problem as a GitHub Actions workflow command (an annotation)."""
        level = "error" if self.severity == "error" else "warning"
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{level} file={self.path},line={self.line},col={self.column}::{message}"


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """Return only the errors."""
    return [p for p in problems if p.severity == "error"]


def summary(problems: list[Problem], files: int) -> str:
    """Return the closing line of a check run."""
    n_err = len(errors(problems))
    n_warn = len(problems) - n_err
    noun = "file" if files == 1 else "files"
    return f"{files} {noun} checked: {_count(n_err, 'error')}, {_count(n_warn, 'warning')}"


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class DataError(Exception):
    """Raised at the edge (mkdocs hook, build command) when the data has errors."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
