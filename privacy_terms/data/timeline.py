"""Every dated thing in the data, as one list: events, statements, policy versions, reviews.

The Hong Kong timeline, the "What changed" page, events.csv and the Atom feed all read from here,
so a date never appears in one of them and not in the others.
"""

from __future__ import annotations

from dataclasses import dataclass

from privacy_terms.data.dataset import Dataset
from privacy_terms.data.model import Jurisdiction, Platform, Source
from privacy_terms.utils.dates import sort_key
from privacy_terms.utils.quotation import quoted

KINDS_OF_CHANGE = ("policy_version", "review")
QUOTES = "\"“”'‘’"


@dataclass(frozen=True)
class Entry:
    """One dated entry; `platform` is None for a jurisdiction's own legal milestones."""

    date: str
    kind: str
    """An EventKind id, or "statement", "policy_version", "review"."""
    summary: str
    platform: Platform | None
    jurisdiction: str | None
    sources: tuple[Source, ...]
    key: str
    """Stable id, unique in the dataset: used for anchors and feed entry ids."""
    lead: str | None = None
    """For a statement, who said it; for a policy version, its title (pages translate
    `summary` from these parts: the speaker and the summary are prose, a quote is not)."""
    quote: str | None = None
    """For a statement, what was said, word for word."""
    body: str | None = None
    """For a policy version, its summary."""

    @property
    def year(self) -> str:
        """The year, for grouping."""
        return self.date[:4]

    @property
    def subject(self) -> str:
        """Who the entry is about: the platform's name or the jurisdiction's code."""
        return self.platform.name if self.platform else (self.jurisdiction or "")


def collect_entries(dataset: Dataset) -> list[Entry]:
    """Return every dated entry, newest first; ties keep a stable order."""
    cached: list[Entry] | None = dataset.derived.get("timeline")
    if cached is None:
        cached = dataset.derived["timeline"] = _all_entries(dataset)
    return list(cached)


def _all_entries(dataset: Dataset) -> list[Entry]:
    entries: list[Entry] = []
    for jurisdiction in dataset.jurisdictions:
        entries += _jurisdiction_entries(jurisdiction)
    for platform in dataset.platforms:
        entries += _platform_entries(platform)
    return sorted(entries, key=lambda e: (sort_key(e.date), e.key), reverse=True)


def news(entries: list[Entry]) -> list[Entry]:
    """Return the entries that are facts in the world (laws, rulings, policy versions, changes
    to a policy or to encryption, statements), in their order: what a reader comes for."""
    return [e for e in entries if e.kind != "review"]


def review_notes(entries: list[Entry]) -> list[Entry]:
    """Return the notes of reviews that corrected our own record, in their order: they say how
    the data changed, not what happened, so the pages show them apart and the feed leaves
    them out."""
    return [e for e in entries if e.kind == "review"]


def jurisdiction_timeline(dataset: Dataset, code: str) -> list[Entry]:
    """Return the events, statements and law milestones about one jurisdiction, oldest first."""
    chosen = [e for e in collect_entries(dataset) if e.jurisdiction == code and e.kind != "review"]
    return sorted(chosen, key=lambda e: (sort_key(e.date), e.key))


def changes(dataset: Dataset) -> list[Entry]:
    """Return the entries that record a change to our data or to a policy, newest first."""
    return [e for e in collect_entries(dataset) if e.kind in (*KINDS_OF_CHANGE, "policy_change")]


def _resolve(sources: dict[str, Source], ids: tuple[str, ...]) -> tuple[Source, ...]:
    return tuple(sources[i] for i in ids if i in sources)


def _jurisdiction_entries(jurisdiction: Jurisdiction) -> list[Entry]:
    sources = {s.id: s for s in jurisdiction.sources}
    code = jurisdiction.code
    entries = [
        Entry(
            e.date,
            e.kind,
            e.summary,
            None,
            code,
            _resolve(sources, e.sources),
            f"{code.lower()}-law-{i + 1}",
        )
        for i, e in enumerate(jurisdiction.events)
    ]
    entries += _review_entries(jurisdiction, None, code, code.lower())
    return entries


def _review_entries(
    item: Platform | Jurisdiction, platform: Platform | None, code: str | None, prefix: str
) -> list[Entry]:
    """Reviews that changed a conclusion; a review that confirmed everything is no news."""
    return [
        Entry(review.date, "review", review.changed, platform, code, (), f"{prefix}-review-{i + 1}")
        for i, review in enumerate(item.reviews)
        if review.changed
    ]


def unquoted(text: str) -> str:
    """Drop quotation marks around a whole quotation, so that the page can add its own."""
    if len(text) > 1 and text[0] in QUOTES and text[-1] in QUOTES:
        return text[1:-1]
    return text


def _platform_entries(platform: Platform) -> list[Entry]:
    sources = {s.id: s for s in platform.sources}
    pid = platform.id
    entries: list[Entry] = []
    for stance in platform.stances:
        code = stance.jurisdiction
        prefix = f"{pid}-{code.lower()}"
        for i, event in enumerate(stance.events):
            entries.append(
                Entry(
                    event.date,
                    event.kind,
                    event.summary,
                    platform,
                    code,
                    _resolve(sources, event.sources),
                    f"{prefix}-event-{i + 1}",
                )
            )
        for i, said in enumerate(stance.statements):
            summary = f"{said.speaker}: {quoted(unquoted(said.said))}"
            entries.append(
                Entry(
                    said.date,
                    "statement",
                    summary,
                    platform,
                    code,
                    _resolve(sources, said.sources),
                    f"{prefix}-statement-{i + 1}",
                    lead=said.speaker,
                    quote=unquoted(said.said),
                )
            )
    for version in platform.disclosure:
        if version.effective_from != "unknown":
            summary = f"{version.title} takes effect: {version.summary}"
            entries.append(
                Entry(
                    version.effective_from,
                    "policy_version",
                    summary,
                    platform,
                    None,
                    _resolve(sources, version.sources),
                    f"{pid}-policy-{version.id}",
                    lead=version.title,
                    body=version.summary,
                )
            )
    entries += _review_entries(platform, platform, None, pid)
    return entries
