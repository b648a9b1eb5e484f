"""Every source of a loaded dataset with where it stands in its file, for `verify` and `watch`.

`permanent_copy` is the one place that names the field holding a source's permanent copy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from privacy_terms.data.dataset import JURISDICTIONS_DIR, PLATFORMS_DIR, Dataset
from privacy_terms.data.load import Document, Position, load_file
from privacy_terms.data.model import Jurisdiction, Platform, Source


def permanent_copy(source: Source) -> str | None:
    """Return the address of the source's permanent copy, or None if it has none."""
    return source.archived


@dataclass(frozen=True)
class LocatedSource:
    """A source, the file that lists it, and the positions of its parts in that file."""

    path: str
    """The data file, relative to the project (platforms/signal.yaml)."""
    owner: str
    """The platform's or jurisdiction's display name."""
    last_reviewed: dt.date
    """When a person last checked every claim of the file against its sources."""
    source: Source
    start: Position
    """Where the source's entry begins (its first key)."""
    url_at: Position
    copy_at: Position | None
    """Where its permanent copy's address is, if it has one."""
    quote_at: Position | None

    @property
    def permanent_copy(self) -> str | None:
        """The address of the permanent copy, if any."""
        return permanent_copy(self.source)


def located_sources(root: Path, dataset: Dataset) -> list[LocatedSource]:
    """Return every source of every file, in file order; positions come from the file's text."""
    found: list[LocatedSource] = []
    items: list[Platform | Jurisdiction] = [*dataset.platforms, *dataset.jurisdictions]
    for item in sorted(items, key=_file_of):
        shown = _file_of(item)
        document, _ = load_file(root / shown, shown)
        if document is None:  # the data was loaded a moment ago; only a concurrent edit gets here
            document = Document(shown)
        for index, source in enumerate(item.sources):
            loc = ("sources", index)
            copy = permanent_copy(source)
            found.append(
                LocatedSource(
                    path=shown,
                    owner=item.name,
                    last_reviewed=dt.date.fromisoformat(item.last_reviewed),
                    source=source,
                    start=document.position(loc),
                    url_at=document.position((*loc, "url")),
                    copy_at=_position_of_value(document, index, copy) if copy else None,
                    quote_at=document.position((*loc, "quote")) if source.quote else None,
                )
            )
    return found


def _file_of(item: Platform | Jurisdiction) -> str:
    """Checks guarantee that a file is named after its id (or code)."""
    if isinstance(item, Platform):
        return f"{PLATFORMS_DIR}/{item.id}.yaml"
    return f"{JURISDICTIONS_DIR}/{item.code}.yaml"


def _position_of_value(document: Document, index: int, value: str) -> Position:
    """Where the source's field holding `value` stands, whatever that field is called."""
    entry = (document.data or {}).get("sources", [])[index] if document.data else {}
    if isinstance(entry, dict):
        for key, held in entry.items():
            if held == value:
                return document.position(("sources", index, key))
    return document.position(("sources", index))
