"""Where each generated page lives (its source path, as if under content/): one leaf module that
the pages, the views and the checks on page names all read, so none needs another."""

from __future__ import annotations

import re

from privacy_terms.data.model import Jurisdiction, Platform

PLATFORMS_INDEX = "platforms/index.md"
DISCLOSURE = "disclosure.md"
SOURCES = "sources.md"
CHANGES = "changes.md"
SEARCH = "search.md"
METHODOLOGY = "methodology.md"

GENERATED = {
    PLATFORMS_INDEX: "the list of platforms",
    DISCLOSURE: "the disclosure matrix",
    SOURCES: "the list of sources",
    CHANGES: "the list of changes",
    SEARCH: "the search page",
}
"""The pages made from the whole dataset, with what each one is."""


def platform_uri(platform: Platform) -> str:
    """Return the source path of a platform's page."""
    return f"platforms/{platform.id}.md"


def jurisdiction_uri(jurisdiction: Jurisdiction) -> str:
    """Return the source path of a jurisdiction's page, named after it (`hong-kong.md`)."""
    slug = re.sub(r"[^a-z0-9]+", "-", jurisdiction.name.casefold()).strip("-")
    return f"{slug or jurisdiction.code.lower()}.md"
