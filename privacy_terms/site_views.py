"""What the pages show, derived from the dataset: current values, histories, timelines, changes.

Pure functions over the model, so the templates only lay things out. Every date shown comes from
the data itself, never from the clock, which keeps two builds of the same data identical.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol, TypeVar

from privacy_terms.dates import sort_key
from privacy_terms.model import (
    DisclosureRule,
    Jurisdiction,
    Platform,
    PolicyVersion,
    Source,
    Stance,
)
from privacy_terms.vocabulary import (
    ACCESS,
    DATA_CATEGORY,
    ENCRYPTION,
    EVENT_KIND,
    NOTIFICATION,
    REPORT_FORM,
)

PLATFORMS_INDEX = "platforms/index.md"
DISCLOSURE = "disclosure.md"
SOURCES = "sources.md"
CHANGES = "changes.md"
METHODOLOGY = "methodology.md"

HOME_CATEGORIES = ("message_content", "ip_address")
"""The data categories the home table shows; the disclosure page shows them all."""


class _Period(Protocol):
    @property
    def until(self) -> str | None: ...


P = TypeVar("P", bound=_Period)


def platform_uri(platform: Platform) -> str:
    """Return the source path of a platform's page."""
    return f"platforms/{platform.id}.md"


def jurisdiction_uri(jurisdiction: Jurisdiction) -> str:
    """Return the source path of a jurisdiction's page, named after it (`hong-kong.md`)."""
    slug = re.sub(r"[^a-z0-9]+", "-", jurisdiction.name.casefold()).strip("-")
    return f"{slug or jurisdiction.code.lower()}.md"


def current(periods: tuple[P, ...]) -> P:
    """Return the period still running (no `until`), or else the latest one."""
    running = [period for period in periods if period.until is None]
    return running[-1] if running else periods[-1]


def current_policy(platform: Platform) -> PolicyVersion:
    """Return the policy version in force: the last one (checks keep them oldest first)."""
    return platform.disclosure[-1]


def earlier_policies(platform: Platform) -> tuple[PolicyVersion, ...]:
    """Return the replaced policy versions, newest first."""
    return tuple(reversed(platform.disclosure[:-1]))


def rule_for(policy: PolicyVersion, category: str) -> DisclosureRule | None:
    """Return the policy's rule for a data category, or None when it does not list one."""
    return next((rule for rule in policy.rules if rule.data == category), None)


def stance_for(platform: Platform, code: str) -> Stance | None:
    """Return the platform's stance on one jurisdiction, if it has one."""
    return next((stance for stance in platform.stances if stance.jurisdiction == code), None)


def first_statement(stance: Stance) -> str | None:
    """Return the date of the earliest statement behind a stance, if any."""
    dates = sorted((s.date for s in stance.statements), key=sort_key)
    return dates[0] if dates else None


def citation_numbers(sources: tuple[Source, ...]) -> dict[str, int]:
    """Number sources 1, 2, 3 in the order the file lists them (stable across builds)."""
    return {source.id: index for index, source in enumerate(sources, start=1)}


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
        changes.append(Change("User notification", NOTIFICATION.label(old_note), NOTIFICATION.label(new_note)))
    return changes


def _access_label(rule: DisclosureRule | None) -> str:
    return ACCESS.label(rule.access) if rule else "not listed"


@dataclass(frozen=True)
class TimelineEntry:
    """A dated item on a jurisdiction's timeline: a legal milestone, event or statement."""

    date: str
    platform: Platform | None
    """None for the jurisdiction's own milestones."""
    kind: str
    """An event kind from the vocabulary."""
    text: str
    sources: tuple[str, ...]
    speaker: str | None = None
    """Set for company statements, which are shown as quotes, not facts."""
    condition: str | None = None
    note: str | None = None


def timeline(jurisdiction: Jurisdiction, platforms: tuple[Platform, ...]) -> list[TimelineEntry]:
    """Merge the jurisdiction's milestones with every platform's events and statements, by date."""
    entries = [
        TimelineEntry(e.date, None, e.kind, e.summary, e.sources, note=e.note) for e in jurisdiction.events
    ]
    for platform in platforms:
        stance = stance_for(platform, jurisdiction.code)
        if stance is None:
            continue
        entries += [TimelineEntry(e.date, platform, e.kind, e.summary, e.sources, note=e.note) for e in stance.events]
        entries += [
            TimelineEntry(s.date, platform, "statement", s.said, s.sources, s.speaker, s.condition, s.note)
            for s in stance.statements
        ]
    # Stable sort: on one day, the law first, then platforms in name order, events before statements.
    return sorted(entries, key=lambda entry: sort_key(entry.date))


@dataclass(frozen=True)
class LogEntry:
    """One dated line on the "What changed" page."""

    date: str
    subject: str
    page: str
    anchor: str
    what: str
    detail: str | None = None
    """Contributor text (inline Markdown) that says more."""


def change_log(platforms: tuple[Platform, ...], jurisdictions: tuple[Jurisdiction, ...]) -> list[LogEntry]:
    """Return every dated change in the data, newest first; undated items are left out."""
    entries: list[LogEntry] = []
    for platform in platforms:
        entries += _platform_log(platform)
    for jurisdiction in jurisdictions:
        page = jurisdiction_uri(jurisdiction)
        entries += [
            LogEntry(e.date, jurisdiction.name, page, "timeline", EVENT_KIND.label(e.kind), e.summary)
            for e in jurisdiction.events
        ]
        entries.append(LogEntry(jurisdiction.last_reviewed, jurisdiction.name, page, "last-reviewed", "Data reviewed"))
    dated = [entry for entry in entries if sort_key(entry.date)]
    return sorted(dated, key=lambda entry: sort_key(entry.date), reverse=True)


def _platform_log(platform: Platform) -> list[LogEntry]:
    page, name = platform_uri(platform), platform.name
    entries = [
        LogEntry(v.effective_from, name, page, f"policy-{v.id}", f"Policy version takes effect: {v.title}", v.summary)
        for v in platform.disclosure
    ]
    entries += [
        LogEntry(e.since, name, page, "encryption", f"End-to-end encryption: {ENCRYPTION.label(e.level)}", e.covers)
        for e in platform.encryption
    ]
    entries += [
        LogEntry(t.since, name, page, "transparency", f"Transparency reporting: {REPORT_FORM.label(t.form)}", t.detail)
        for t in platform.transparency
    ]
    entries += [
        LogEntry(n.since, name, page, "identity", f"Name: {n.name}") for n in platform.identity.names if n.since
    ]
    entries += [
        LogEntry(o.since, name, page, "identity", f"Operator: {o.name}") for o in platform.identity.operators if o.since
    ]
    for stance in platform.stances:
        anchor = f"stance-{stance.jurisdiction.lower()}"
        entries += [LogEntry(e.date, name, page, anchor, EVENT_KIND.label(e.kind), e.summary) for e in stance.events]
    entries.append(LogEntry(platform.last_reviewed, name, page, "last-reviewed", "Data reviewed"))
    return entries


def latest_review(platforms: tuple[Platform, ...], jurisdictions: tuple[Jurisdiction, ...]) -> str:
    """Return the most recent `last_reviewed` date in the data (the site's "as of" date)."""
    return max([p.last_reviewed for p in platforms] + [j.last_reviewed for j in jurisdictions])
