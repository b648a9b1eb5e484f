"""The site's editions: English at the root, Traditional Chinese (Hong Kong) under `zh-hant/`.

Both editions are built by the same hook, templates and theme from the same data; the Chinese one
from `mkdocs.zh-hant.yml` (which inherits `mkdocs.yml`). Everything here is pure: the hook asks
which edition a build is, and the templates ask for the reader-facing strings in its language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from privacy_terms.data.load import load_file
from privacy_terms.utils.dates import human_date
from privacy_terms.utils.problems import Problem

ENGLISH = "en"
CHINESE = "zh-hant"
LANGUAGES = (ENGLISH, CHINESE)
HTML_LANG = {ENGLISH: "en", CHINESE: "zh-Hant-HK"}
"""The `lang` attribute (BCP 47) and `hreflang` of each edition."""
CONFIG_FILES = {ENGLISH: "mkdocs.yml", CHINESE: "mkdocs.zh-hant.yml"}
PREFIX = {ENGLISH: "", CHINESE: "zh-hant/"}
"""Where each edition lives, relative to the site root."""
SWITCH_LABEL = {ENGLISH: "English", CHINESE: "繁體中文"}
TRANSLATIONS_DIR = "translations"
STATUS_FILE = "status.yaml"
DRAFT_NOTE = "機器輔助翻譯初稿，有待母語審閱。"
REVIEWED_NOTE = "翻譯已由{reviewer}審閱。"

_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
"""The one placeholder syntax of interface strings: `{name}`, a lowercase word. Nothing else in a
string means anything: no attributes, indexing, conversions or format specs (`str.format` would
run a contributor's `{date.__class__...}` or `{date:>300000000}`)."""


def fill(text: str, values: Mapping[str, object]) -> str:
    """Put each value in place of its `{name}` in `text`, by plain substitution; any other brace,
    and a name with no value, stays as written. The text is never evaluated."""
    if not values:
        return text
    return _PLACEHOLDER.sub(
        lambda match: str(values[match.group(1)]) if match.group(1) in values else match.group(0),
        text,
    )


def placeholders(text: str) -> list[str]:
    """Return the names of the `{name}` placeholders in `text`, in order."""
    return _PLACEHOLDER.findall(text)


def placeholder_problem(english: str, translated: str) -> str | None:
    """Say what is wrong with a translation's placeholders compared with its English string's
    own: a brace that is not part of a plain `{name}`, or names that differ; None when right."""
    wanted = sorted(set(placeholders(english)))
    shown = ", ".join(f"{{{name}}}" for name in wanted) or "none"
    stray = re.search(r"[{}]", _PLACEHOLDER.sub("", translated))
    if stray is not None:
        return (
            f"'{stray.group()}' that is not part of a placeholder: write placeholders as {{name}}, "
            f"exactly as the English has them ({shown}), with no other braces"
        )
    used = set(placeholders(translated))
    if unknown := sorted(used - set(wanted)):
        names = ", ".join(f"{{{name}}}" for name in unknown)
        return f"{names} is not a placeholder of the English: use only the English's ({shown})"
    if missing := [name for name in wanted if name not in used]:
        names = ", ".join(f"{{{name}}}" for name in missing)
        return f"{names} of the English is missing: keep every placeholder of the English ({shown})"
    return None


INTERFACE_FILE = "interface.yaml"
VOCABULARY_FILE = "vocabulary.yaml"


@dataclass(frozen=True)
class Translations:
    """What one edition's pages need to speak its language. English needs nothing: every lookup
    gives back the English it was asked for."""

    language: str = ENGLISH
    strings: Mapping[str, str] = field(default_factory=dict)
    """English interface and vocabulary text -> this language's (interface.yaml, vocabulary.yaml)."""

    def t(self, text: str, **values: object) -> str:
        """Return `text` in this language (English where no translation is recorded), with
        `{name}` placeholders filled from `values`."""
        if self.language == ENGLISH:
            found = text
        elif text in self.strings:
            found = self.strings[text]
        else:
            found = _counted(text, self.strings)
        # Plain substitution, never str.format: a translation is contributor text.
        return fill(found, values)

    def literal(self, text: str) -> Markup:
        """Like `t`, for a template's own literal text, which English shows as written (as the
        template did before it was translated); a translation is escaped like any other text."""
        return Markup(text) if self.language == ENGLISH else escape(self.t(text))

    def date(self, value: str | None) -> str:
        """Write a partial date the way this language does: 2026年12月1日, or 1 December 2026."""
        if self.language == ENGLISH:
            return human_date(value)
        if not value or value == "unknown":
            return self.t("date unknown")
        parts = [int(part) for part in value.split("-")]
        if len(parts) == 3:
            return f"{parts[0]}年{parts[1]}月{parts[2]}日"
        return f"{parts[0]}年{parts[1]}月" if len(parts) == 2 else f"{parts[0]}年"


ENGLISH_ONLY = Translations()

_COUNTED = re.compile(r"(over |)(\d+) (months?|years)")


def _counted(text: str, strings: Mapping[str, str]) -> str:
    """Translate an age such as `over 4 years` through its pattern (`over {n} years`)."""
    match = _COUNTED.fullmatch(text)
    if match is None:
        return text
    unit = "months" if match.group(3).startswith("month") else "years"
    pattern = strings.get(f"{match.group(1)}{{n}} {unit}")
    return pattern.replace("{n}", match.group(2)) if pattern else text


def load_translations(root: Path, language: str) -> Translations:
    """Return the interface and vocabulary strings of `language` from `translations/<language>/`."""
    if language == ENGLISH:
        return ENGLISH_ONLY
    strings: dict[str, str] = {}
    for name in (INTERFACE_FILE, VOCABULARY_FILE):
        data = _mapping(root / TRANSLATIONS_DIR / language / name)
        strings.update({str(k): str(v) for k, v in data.items() if isinstance(v, str) and v})
    return Translations(language, strings)


def interface_problems(root: Path, language: str) -> list[Problem]:
    """Check each interface and vocabulary translation of `language` against its English key:
    the same `{name}` placeholders and no other braces. An error: a build would otherwise show
    a broken string (`fill` never evaluates it), or one that leaves out what it should say."""
    found: list[Problem] = []
    for name in (INTERFACE_FILE, VOCABULARY_FILE):
        display = f"{TRANSLATIONS_DIR}/{language}/{name}"
        path = root / display
        if not path.is_file():
            continue
        document, _ = load_file(path, display)  # what stops it loading is reported elsewhere
        data = document.data if document else None
        if document is None or not isinstance(data, dict):
            continue
        for key, value in data.items():
            if not isinstance(value, str):
                continue
            problem = placeholder_problem(str(key), value)
            if problem is not None:
                line, column = document.position((key,))
                found.append(Problem(display, line, column, "error", f"{key!r}: {problem}"))
    return found


def _mapping(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    document, _ = load_file(path, path.name)
    data = document.data if document else None
    return data if isinstance(data, dict) else {}


@dataclass(frozen=True)
class Alternate:
    """The same page in one edition, as the theme links to it."""

    language: str
    hreflang: str
    label: str
    to_root: str
    """The path from this edition's root to that edition's root (`zh-hant/`, `../` or empty)."""


def edition(language: str, root: Path, chinese_built: bool) -> dict[str, Any]:
    """Return what the theme needs to know about the edition being built, as plain values."""
    alternates: list[Alternate] = []
    if language == CHINESE or chinese_built:
        for other in LANGUAGES:
            to_root = "" if other == language else ("../" if language == CHINESE else PREFIX[other])
            alternates.append(Alternate(other, HTML_LANG[other], SWITCH_LABEL[other], to_root))
    return {
        "lang": HTML_LANG[language],
        "alternates": alternates,
        "x_default": ("../" if language == CHINESE else "") if alternates else None,
        "other": next((a for a in alternates if a.language != language), None),
        "note": translation_note(root) if language == CHINESE else None,
    }


def translation_note(root: Path) -> str:
    """Return how the Chinese edition was translated: a draft, until a reviewer is recorded."""
    reviewer = _status(root).get("reviewed_by")
    return fill(REVIEWED_NOTE, {"reviewer": reviewer}) if reviewer else DRAFT_NOTE


def _status(root: Path) -> dict[str, Any]:
    return _mapping(root / TRANSLATIONS_DIR / CHINESE / STATUS_FILE)
