"""The site's editions: English at the root, Traditional Chinese (Hong Kong) under `zh-hant/`.

Both editions are built by the same hook, templates and theme from the same data; the Chinese one
from `mkdocs.zh-hant.yml` (which inherits `mkdocs.yml`). Everything here is pure: the hook asks
which edition a build is, and the templates ask for the reader-facing strings in its language.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from privacy_terms.load import load_file

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
    return REVIEWED_NOTE.format(reviewer=reviewer) if reviewer else DRAFT_NOTE


def _status(root: Path) -> dict[str, Any]:
    path = root / TRANSLATIONS_DIR / CHINESE / STATUS_FILE
    if not path.is_file():
        return {}
    document, _ = load_file(path, f"{TRANSLATIONS_DIR}/{CHINESE}/{STATUS_FILE}")
    data = document.data if document else None
    return data if isinstance(data, dict) else {}
