"""The Chinese edition's glossary: one term per concept, and the variants the translations avoid.

`translations/zh-hant/glossary.yaml` lists each term with the source that shows it in official
Hong Kong usage (or says that none was found) and the variants to avoid (`avoid`). `check` warns
at each place a translation file or a translated page uses one of them, at its line and column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from privacy_terms.data.load import load_file
from privacy_terms.utils.files import FileRefused, read_regular
from privacy_terms.utils.problems import Problem
from privacy_terms.website.i18n import CHINESE, TRANSLATIONS_DIR

GLOSSARY_FILE = "glossary.yaml"
CONTENT_DIR = "content"


@dataclass(frozen=True)
class Term:
    """One concept's term in the edition, and the variants that stand for it elsewhere."""

    english: str
    term: str
    avoid: tuple[str, ...] = ()


def load_glossary(root: Path, language: str = CHINESE) -> tuple[Term, ...]:
    """Return the glossary's terms (none when it is missing or does not load: `check` reports a
    file that does not load with the other translation files)."""
    display = f"{TRANSLATIONS_DIR}/{language}/{GLOSSARY_FILE}"
    if not (root / display).is_file():
        return ()
    document, _ = load_file(root / display, display)
    data = document.data if document else None
    entries = data.get("terms") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return ()
    return tuple(
        Term(
            entry["english"],
            entry["term"],
            tuple(v for v in entry.get("avoid") or () if isinstance(v, str) and v),
        )
        for entry in entries
        if isinstance(entry, dict)
        and isinstance(entry.get("english"), str)
        and isinstance(entry.get("term"), str)
    )


def checked_files(root: Path, language: str = CHINESE) -> list[str]:
    """The files whose words the glossary governs: the edition's translation files (but the
    glossary itself) and its hand-written pages, relative to the root."""
    folders = [root / TRANSLATIONS_DIR / language, root / CONTENT_DIR / language]
    found = [
        path
        for folder in folders
        if folder.is_dir()
        for path in [*folder.rglob("*.yaml"), *folder.rglob("*.md")]
        if path.name != GLOSSARY_FILE and path.is_file() and not path.is_symlink()
    ]
    return sorted(path.relative_to(root).as_posix() for path in found)


def problems(root: Path, language: str = CHINESE) -> list[Problem]:
    """Warn at each use of a variant the glossary avoids, with the term to write instead."""
    terms = load_glossary(root, language)
    variants = [(variant, term) for term in terms for variant in term.avoid]
    if not variants:
        return []
    found: list[Problem] = []
    for name in checked_files(root, language):
        text = _text_of(root / name)
        for number, line in enumerate(text.splitlines(), 1):
            if line.lstrip().startswith("#"):  # a comment quotes the English, never translates
                continue
            for variant, term in variants:
                start = line.find(variant)
                while start >= 0:
                    found.append(_warning(name, number, start + 1, variant, term, language))
                    start = line.find(variant, start + len(variant))
    return sorted(found)


def _text_of(path: Path) -> str:
    try:
        return read_regular(path, 1_000_000).decode("utf-8", errors="replace")
    except FileRefused:
        return ""  # reported, where it matters, by the checks that read the file as data


def _warning(name: str, line: int, column: int, variant: str, term: Term, language: str) -> Problem:
    return Problem(
        name, line, column, "warning",
        f"{variant}: the glossary's term for {term.english} is {term.term}: write {term.term} "
        f"(see {TRANSLATIONS_DIR}/{language}/{GLOSSARY_FILE})",
    )  # fmt: skip
