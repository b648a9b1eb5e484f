"""What the pages show, derived from the dataset: current values, histories, timelines, changes.

Pure functions over the model, so the templates only lay things out. The home table's rows and
every dated list come from `comparison` and `timeline`, the same functions that write the open
data (comparison.csv, events.csv, the feed), so the pages and the downloads always agree. Every
date shown comes from the data itself, never from the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from privacy_terms.data.dataset import Dataset
from privacy_terms.data.freshness import CONFIRMED_WITHIN_MONTHS as CONFIRMED_WITHIN_MONTHS
from privacy_terms.data.freshness import Age, age_of, data_date
from privacy_terms.data.freshness import section_reviewed as section_reviewed
from privacy_terms.data.model import (
    DisclosureRule,
    Jurisdiction,
    Platform,
    PolicyVersion,
    Source,
    Stance,
)
from privacy_terms.data.page_uris import CHANGES as CHANGES
from privacy_terms.data.page_uris import DISCLOSURE as DISCLOSURE
from privacy_terms.data.page_uris import METHODOLOGY as METHODOLOGY
from privacy_terms.data.page_uris import PLATFORMS_INDEX as PLATFORMS_INDEX
from privacy_terms.data.page_uris import SEARCH as SEARCH
from privacy_terms.data.page_uris import SOURCES as SOURCES
from privacy_terms.data.page_uris import jurisdiction_uri as jurisdiction_uri
from privacy_terms.data.page_uris import platform_uri as platform_uri
from privacy_terms.data.provenance import EvidenceMix, evidence_mix
from privacy_terms.data.publishers import weight_of
from privacy_terms.data.series import has_counts as has_counts
from privacy_terms.data.series import request_series as request_series
from privacy_terms.data.timeline import Entry as TimelineEntry
from privacy_terms.data.timeline import collect_entries as collect_entries
from privacy_terms.data.timeline import jurisdiction_timeline as jurisdiction_timeline
from privacy_terms.data.timeline import news as news
from privacy_terms.data.timeline import review_notes as review_notes
from privacy_terms.data.vocabulary import (
    ACCESS,
    CATEGORY,
    DATA_CATEGORY,
    EVENT_KIND,
    EVIDENCE,
    NOTIFICATION,
    Evidence,
    Term,
)
from privacy_terms.utils.dates import sort_key

# Re-exported for the templates, which reach every helper through this module.
from privacy_terms.website.comparison import CELL_VOCABULARY as CELL_VOCABULARY
from privacy_terms.website.comparison import COLUMN_GROUPS as COLUMN_GROUPS
from privacy_terms.website.comparison import COLUMNS as COLUMNS
from privacy_terms.website.comparison import JURISDICTION_UNKNOWN as JURISDICTION_UNKNOWN
from privacy_terms.website.comparison import STRIP_KINDS as STRIP_KINDS
from privacy_terms.website.comparison import TABLE_COLUMNS as TABLE_COLUMNS
from privacy_terms.website.comparison import TABLE_TITLES as TABLE_TITLES
from privacy_terms.website.comparison import comparison_rows as comparison_rows
from privacy_terms.website.comparison import current_policy as current_policy
from privacy_terms.website.comparison import rule_for as rule_for
from privacy_terms.website.comparison import stance_for as stance_for
from privacy_terms.website.reach import REACH_LABELS as REACH_LABELS
from privacy_terms.website.reach import UNSAID as UNSAID
from privacy_terms.website.reach import RouteLine as RouteLine
from privacy_terms.website.reach import StripLine as StripLine
from privacy_terms.website.reach import every_platform_routes as every_platform_routes
from privacy_terms.website.reach import holds as holds
from privacy_terms.website.reach import known_routes as known_routes
from privacy_terms.website.reach import police_reach as police_reach
from privacy_terms.website.reach import routes_for as routes_for
from privacy_terms.website.reach import strip_lines as strip_lines

TIMELINE_KINDS = {
    "statement": "Statement",
    "policy_version": "Policy version",
    "review": "Review changed a conclusion",
}
"""Labels of the timeline kinds that are not event kinds in the vocabulary."""


class _Period(Protocol):
    @property
    def until(self) -> str | None: ...


P = TypeVar("P", bound=_Period)


def current(periods: tuple[P, ...]) -> P:
    """Return the latest period (files list periods oldest first), as comparison.csv does."""
    return periods[-1]


def earlier_policies(platform: Platform) -> tuple[PolicyVersion, ...]:
    """Return the replaced policy versions, newest first."""
    return tuple(reversed(platform.disclosure[:-1]))


def first_statement(stance: Stance) -> str | None:
    """Return the date of the earliest statement of the stance itself, if any.

    Claims about past disclosure (e.g. "we have never shared data") can predate the stance by years;
    they are shown as statements but do not date it.
    """
    dates = sorted((s.date for s in stance.statements if not s.about_past_disclosure), key=sort_key)
    return dates[0] if dates else None


@dataclass(frozen=True)
class Currency:
    """How current a stance is: its status, when last confirmed, and whether that is too old."""

    status: str
    confirmed: str
    age: Age

    @property
    def stale(self) -> bool:
        """True past the threshold: the status is shown as not confirmed since `confirmed`."""
        return self.age.stale


def stance_currency(stance: Stance, dataset: Dataset) -> Currency:
    """Return the stance's status with the age of its newest evidence, at the data's date."""
    return Currency(stance.status, stance.as_of, age_of(stance.as_of, _data_date(dataset)))


def evidence_age(date: str, dataset: Dataset) -> Age:
    """Return the age of a date at the data's date (for transparency reports and reviews)."""
    return age_of(date, _data_date(dataset))


def _data_date(dataset: Dataset) -> dt.date:
    # Asked once per stance on every page: at a thousand platforms, recomputing it cost seconds.
    found: dt.date | None = dataset.derived.get("data_date")
    if found is None:
        found = dataset.derived["data_date"] = data_date(dataset.platforms, dataset.jurisdictions)
    return found


def mix_of(sources: Iterable[Source], dataset: Dataset) -> EvidenceMix:
    """Return how many of these sources are primary, news and secondary, by their publishers in
    the register."""
    return evidence_mix(weight_of(source, dataset.register) for source in sources)


def by_weight(sources: tuple[Source, ...], dataset: Dataset) -> list[tuple[Term, list[Source]]]:
    """Group sources by weight of evidence (primary first), newest first within a group."""
    groups: list[tuple[Term, list[Source]]] = []
    weights = {source.id: weight_of(source, dataset.register) for source in sources}
    for weight in Evidence:
        chosen = sorted((s for s in sources if weights[s.id] == weight), key=lambda s: s.id)
        chosen.sort(key=lambda s: sort_key(s.published), reverse=True)  # stable: ids stay in order
        if chosen:
            groups.append((EVIDENCE.term(weight), chosen))
    return groups


def source_owners(dataset: Dataset) -> list[tuple[str, tuple[Source, ...], str]]:
    """Return every data file's name, sources and anchor on the sources page, platforms first."""
    owners = [(p.name, p.sources, f"sources-{p.id}") for p in dataset.platforms]
    owners += [
        (f"{j.name}: legal milestones", j.sources, f"sources-{j.code.lower()}")
        for j in dataset.jurisdictions
    ]
    return owners


def read_between(sources: tuple[Source, ...]) -> tuple[str, str]:
    """Return the first and last dates on which these sources were read."""
    dates = sorted(source.accessed for source in sources)
    return dates[0], dates[-1]


@dataclass(frozen=True)
class Change:
    """One difference between a policy version and the one before it."""

    what: str
    before: str
    after: str


def policy_changes(before: PolicyVersion, after: PolicyVersion) -> list[Change]:
    """Return what changed from one policy version to the next, in vocabulary order."""
    changes = []
    for category in DATA_CATEGORY.terms:
        old, new = rule_for(before, category.id), rule_for(after, category.id)
        old_label, new_label = _access_label(old), _access_label(new)
        if old_label != new_label:
            changes.append(Change(category.label, old_label, new_label))
    old_note, new_note = before.user_notification.value, after.user_notification.value
    if old_note != new_note:
        changes.append(
            Change("User notification", NOTIFICATION.label(old_note), NOTIFICATION.label(new_note))
        )
    return changes


NOT_LISTED = "not listed"
"""A category the record of a policy version lists no rule for (translated on the page)."""


def _access_label(rule: DisclosureRule | None) -> str:
    return ACCESS.label(rule.access) if rule else NOT_LISTED


def latest_review(platforms: tuple[Platform, ...], jurisdictions: tuple[Jurisdiction, ...]) -> str:
    """Return the most recent `last_reviewed` date in the data (the site's "as of" date)."""
    return max([p.last_reviewed for p in platforms] + [j.last_reviewed for j in jurisdictions])


def kind_label(kind: str) -> str:
    """Return the label of a timeline entry's kind (an event kind, or statement, policy, review)."""
    return TIMELINE_KINDS.get(kind) or EVENT_KIND.label(kind)


def entry_target(entry: TimelineEntry, dataset: Dataset) -> tuple[str, str]:
    """Return the page and anchor where a dated entry is shown with its evidence."""
    if entry.kind == "review":
        owner = (
            platform_uri(entry.platform) if entry.platform else _jurisdiction_page(entry, dataset)
        )
        return owner, "last-reviewed"
    if entry.kind == "policy_version" and entry.platform:
        return platform_uri(entry.platform), "disclosure"
    return _jurisdiction_page(entry, dataset), entry.key


def _jurisdiction_page(entry: TimelineEntry, dataset: Dataset) -> str:
    return jurisdiction_uri(dataset.jurisdiction(entry.jurisdiction or ""))


def source_ids(entry: TimelineEntry) -> list[str]:
    """Return the ids of an entry's sources, for citations."""
    return [source.id for source in entry.sources]


def subject(entry: TimelineEntry, dataset: Dataset) -> str:
    """Return who a dated entry is about: the platform's or the jurisdiction's name."""
    if entry.platform:
        return entry.platform.name
    return dataset.jurisdiction(entry.jurisdiction or "").name


OTHER_SERVICES = "Other services"
"""The heading of the platforms whose file names no category."""


def by_category(platforms: Iterable[Platform]) -> list[tuple[str | None, list[Platform]]]:
    """Group the platforms by category, in the vocabulary's order (the way readers look for
    them), each group in the given order; platforms without a category come last, under None.
    Groups with no platform are left out, so the data decides which headings the home shows."""
    groups: dict[str | None, list[Platform]] = {term.id: [] for term in CATEGORY.terms}
    groups[None] = []
    for platform in platforms:
        groups[platform.category.value if platform.category else None].append(platform)
    return [(category, members) for category, members in groups.items() if members]


@dataclass(frozen=True)
class Company:
    """A company with several services in the data, and the file that records it once."""

    name: str
    record: Platform
    """The platform file that holds what is company-wide."""
    services: list[Platform]
    """Every service of the company in the data, its record first, then by name."""


def company_of(platform: Platform, dataset: Dataset) -> Company | None:
    """Return the company of a service that names one (`company`), or of the record that a
    service names; None for a platform that is neither (one service of its company here)."""
    record_id = platform.company or platform.id
    services = [p for p in dataset.platforms if p.company == record_id]
    record = next((p for p in dataset.platforms if p.id == record_id), None)
    if record is None or not services:
        return None
    return Company(company_name(record), record, [record, *services])


def company_name(record: Platform) -> str:
    """The company a record stands for: its current parent, or else its current operator."""
    identity = record.identity
    holder = identity.parents[-1] if identity.parents else identity.operators[-1]
    return holder.name
