"""What changed between two datasets, in terms of the conclusions readers see.

Pure: `diff_datasets` compares two validated datasets and returns changes in a fixed order
(platforms by name, then jurisdictions by code; within each, the order of the page). Values are
written with the vocabulary's labels, so a change reads as it will on the site:
`Telegram · disclosure · IP address: Court order: terror suspect → Judicial order: criminal case`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Literal, TypeVar

from privacy_terms.data.dataset import Dataset
from privacy_terms.data.model import (
    Conflict,
    EncryptionPeriod,
    Event,
    Fact,
    Jurisdiction,
    Platform,
    PolicyVersion,
    Route,
    Source,
    Stance,
    TransparencyPeriod,
)
from privacy_terms.data.vocabulary import (
    ACCESS,
    DATA_CATEGORY,
    ENCRYPTION,
    EVENT_KIND,
    FREQUENCY,
    NOTIFICATION,
    REPORT_FORM,
    ROUTE,
    ROUTE_STATUS,
    STANCE,
)

Kind = Literal["changed", "added", "removed", "edited", "counted"]
T = TypeVar("T")

NOT_LISTED = "not listed"
NONE_RECORDED = "none recorded"


@dataclass(frozen=True)
class Change:
    """One change to one conclusion of one platform (or jurisdiction file)."""

    subject: str
    """Whose conclusion: the platform's display name, or the jurisdiction's name."""
    topic: tuple[str, ...]
    """What changed, outermost first, e.g. ("disclosure", "IP address")."""
    kind: Kind
    """changed (before → after), added, removed, edited (free text, not repeated here), or
    counted (entries of a translation: `after` says how many changed)."""
    before: str = ""
    after: str = ""

    def __str__(self) -> str:
        return f"{self.subject} · {self.text()}"

    def text(self) -> str:
        """Return the change without its subject, as one line."""
        topic = " · ".join(self.topic)
        if self.kind == "changed":
            return f"{topic}: {self.before} → {self.after}"
        if self.kind == "edited":
            return f"{topic}: text edited"
        if self.kind == "counted":
            return f"{topic}: {self.after}"
        value = self.after if self.kind == "added" else self.before
        return f"{topic} {self.kind}: {value}" if value else f"{topic} {self.kind}"


Translated = Mapping[tuple[str, str], Mapping[str, str]]
"""The translations of a project: (language, file) -> entry -> what it says. The file is a data
file's path (`platforms/telegram.yaml`), or an interface file's name (`interface.yaml`)."""

INTERFACE_FILES = ("interface.yaml", "vocabulary.yaml")
"""The interface strings' translation files: their changes are listed after every data file's."""


def diff_datasets(
    old: Dataset,
    new: Dataset,
    old_translated: Translated | None = None,
    new_translated: Translated | None = None,
) -> list[Change]:
    """Return every change of conclusion from `old` to `new`, platform by platform; with the
    translations, also how many entries of each file's translations changed, so a pull request
    that edits another platform's Chinese text says so."""
    translated = _TranslationChanges(old_translated or {}, new_translated or {})
    changes: list[Change] = []
    for platform_id in _ordered_ids(old.platforms, new.platforms, _id, _name):
        before = _find(old.platforms, platform_id, _id)
        after = _find(new.platforms, platform_id, _id)
        if before is None and after is not None:
            changes.append(Change(after.name, ("platform",), "added", after=_platform_line(after)))
            changes += _introduced(after, new)
        elif after is None and before is not None:
            changes.append(Change(before.name, ("platform",), "removed", before=before.id))
        elif before is not None and after is not None:
            changes += _diff_platform(before, old, after, new)
        shown = after or before
        subject = shown.name if shown is not None else platform_id
        changes += translated.of(subject, f"platforms/{platform_id}.yaml")
    for code in _ordered_ids(old.jurisdictions, new.jurisdictions, _code, _code):
        before_j = _find(old.jurisdictions, code, _code)
        after_j = _find(new.jurisdictions, code, _code)
        if before_j is None and after_j is not None:
            changes.append(Change(after_j.name, ("jurisdiction file",), "added", after=code))
        elif after_j is None and before_j is not None:
            changes.append(Change(before_j.name, ("jurisdiction file",), "removed", before=code))
        elif before_j is not None and after_j is not None:
            changes += _diff_jurisdiction(before_j, after_j)
        shown_j = after_j or before_j
        place = shown_j.name if shown_j is not None else code
        changes += translated.of(place, f"jurisdictions/{code}.yaml")
    for name in INTERFACE_FILES:
        changes += translated.of("interface strings", name, name)
    return changes


@dataclass(frozen=True)
class _TranslationChanges:
    old: Translated
    new: Translated

    def of(self, subject: str, path: str, what: str = "translation") -> list[Change]:
        """One line per language whose translations of `path` changed, counting entries:
        `translation · zh-hant` for a data file, `zh-hant · interface.yaml` for an interface
        file (`what` is then its name)."""
        languages = sorted({lang for lang, file in (*self.old, *self.new) if file == path})
        changes = []
        for language in languages:
            before = self.old.get((language, path), {})
            after = self.new.get((language, path), {})
            counted = _count_entries(before, after)
            if counted:
                topic = (what, language) if what == "translation" else (language, what)
                changes.append(Change(subject, topic, "counted", after=counted))
        return changes


def _count_entries(before: Mapping[str, str], after: Mapping[str, str]) -> str:
    """Say how many entries were added, changed and removed: `3 entries changed`."""
    counts = (
        ("added", sum(1 for key in after if key not in before)),
        ("changed", sum(1 for key in after if key in before and before[key] != after[key])),
        ("removed", sum(1 for key in before if key not in after)),
    )
    parts = [f"{n} {'entry' if n == 1 else 'entries'} {what}" for what, n in counts if n]
    return ", ".join(parts)


def _id(platform: Platform) -> str:
    return platform.id


def _name(platform: Platform) -> str:
    return platform.name


def _code(jurisdiction: Jurisdiction) -> str:
    return jurisdiction.code


def _ordered_ids(
    old: Sequence[T], new: Sequence[T], key: Callable[[T], str], sort: Callable[[T], str]
) -> list[str]:
    by_id = {key(item): item for item in old} | {key(item): item for item in new}
    return sorted(by_id, key=lambda k: (sort(by_id[k]).casefold(), k))


def _find(items: Iterable[T], wanted: str, key: Callable[[T], str]) -> T | None:
    return next((item for item in items if key(item) == wanted), None)


def _diff_platform(
    old: Platform, old_data: Dataset, new: Platform, new_data: Dataset
) -> list[Change]:
    subject = new.name
    changes = _compare(subject, _conclusions(old, old_data), _conclusions(new, new_data))
    changes += _edited(subject, ("summary",), old.summary, new.summary)
    changes += _diff_events(subject, old, new, new_data)
    changes += _diff_conflicts(subject, old.conflicts, new.conflicts)
    changes += _diff_sources(subject, old.sources, new.sources)
    return changes


def _diff_jurisdiction(old: Jurisdiction, new: Jurisdiction) -> list[Change]:
    subject = new.name
    changes = _compare(
        subject,
        {("name",): old.name, ("last reviewed",): old.last_reviewed},
        {("name",): new.name, ("last reviewed",): new.last_reviewed},
    )
    changes += _edited(subject, ("summary",), old.summary, new.summary)
    changes += _added_removed(
        subject, ("event",), _event_lines(old.events), _event_lines(new.events)
    )
    changes += _diff_conflicts(subject, old.conflicts, new.conflicts)
    changes += _diff_sources(subject, old.sources, new.sources)
    return changes


def _introduced(platform: Platform, dataset: Dataset) -> list[Change]:
    """A new platform's conclusions, each as added, so a reviewer reads what the file claims
    (stance, routes, encryption, disclosure rules) and not only that it exists. Categories its
    policy does not list are left out: they say nothing new."""
    conclusions = _conclusions(platform, dataset)
    return [
        Change(platform.name, topic, "added", after=value)
        for topic, value in conclusions.items()
        if topic != ("name",) and value != NOT_LISTED
    ]


def _platform_line(platform: Platform) -> str:
    count = len(platform.sources)
    return f"{platform.id}, {count} source" + ("" if count == 1 else "s")


Conclusions = dict[tuple[str, ...], str]


def _conclusions(platform: Platform, dataset: Dataset) -> Conclusions:
    """Return the platform's conclusions as topic → label, in page order."""
    found: Conclusions = {
        ("name",): platform.name,
        ("last reviewed",): platform.last_reviewed,
    }
    found |= _identity(platform)
    if platform.company is not None:
        found[("company record",)] = platform.company
    found[("encryption",)] = _encryption(_current(platform.encryption))
    found |= _disclosure(platform.disclosure[-1])
    found[("transparency",)] = _transparency(_current(platform.transparency))
    for stance in platform.stances:
        place = _find(dataset.jurisdictions, stance.jurisdiction, _code)
        found |= _stance(stance, place.name if place else stance.jurisdiction, place)
    return found


def _identity(platform: Platform) -> Conclusions:
    identity = platform.identity
    operator = identity.operators[-1]
    return {
        ("operator",): f"{operator.name} ({operator.jurisdiction})",
        ("headquarters",): _fact(identity.headquarters),
        ("governing law",): _fact(identity.jurisdiction),
    }


def _fact(fact: Fact) -> str:
    return "Unknown" if fact.is_unknown() else fact.value


def _current(periods: Sequence[T]) -> T:
    # The current period is the open one; when every period has ended, the latest.
    return next((p for p in reversed(periods) if getattr(p, "until", None) is None), periods[-1])


def _encryption(period: EncryptionPeriod) -> str:
    return ENCRYPTION.label(period.level)


def _transparency(period: TransparencyPeriod) -> str:
    return f"{REPORT_FORM.label(period.form)}, {FREQUENCY.label(period.frequency).lower()}"


def _disclosure(version: PolicyVersion) -> Conclusions:
    """The current policy version: which one it is, and what unlocks each category of data."""
    found: Conclusions = {("disclosure", "current policy"): version.title}
    rules: dict[str, str] = {rule.data.value: ACCESS.label(rule.access) for rule in version.rules}
    for term in DATA_CATEGORY.terms:
        found[("disclosure", term.label)] = rules.get(term.id, NOT_LISTED)
    found[("disclosure", "user notification")] = NOTIFICATION.label(version.user_notification.value)
    found[("disclosure", "foreign governments")] = _fact(version.foreign_governments)
    found[("disclosure", "emergency")] = _fact(version.emergency)
    return found


def _jurisdiction_name(dataset: Dataset, code: str) -> str:
    found = _find(dataset.jurisdictions, code, _code)
    return found.name if found else code


def _stance(stance: Stance, place: str, jurisdiction: Jurisdiction | None) -> Conclusions:
    found: Conclusions = {
        ("stance", place): STANCE.label(stance.status),
        ("stance", place, "as of"): stance.as_of,
    }
    for route in stance.routes:
        found[("stance", place, "route", ROUTE.label(route.route))] = _route_status(
            route, jurisdiction
        )
    return found


def _route_status(route: Route, jurisdiction: Jurisdiction | None) -> str:
    """The route's status; a treaty route has none of its own and takes the treaty's, recorded
    once in the jurisdiction's file (`check` makes sure it is there)."""
    if route.status is not None:
        return ROUTE_STATUS.label(route.status)
    treaties = jurisdiction.routes if jurisdiction else ()
    treaty = next((t for t in treaties if t.route == route.route and t.partner == route.via), None)
    status = ROUTE_STATUS.label(treaty.status) if treaty else "Unknown"
    return f"{status} (via {route.via})" if route.via else status


def _compare(subject: str, old: Conclusions, new: Conclusions) -> list[Change]:
    changes = []
    for topic in [*new, *(t for t in old if t not in new)]:
        before, after = old.get(topic, NONE_RECORDED), new.get(topic, NONE_RECORDED)
        if before != after:
            changes.append(Change(subject, topic, "changed", before, after))
    return changes


def _edited(subject: str, topic: tuple[str, ...], old: str, new: str) -> list[Change]:
    return [Change(subject, topic, "edited")] if old != new else []


def _diff_events(subject: str, old: Platform, new: Platform, new_data: Dataset) -> list[Change]:
    changes = []
    for stance in new.stances:
        before = _find(old.stances, stance.jurisdiction, lambda s: s.jurisdiction)
        old_events = _event_lines(before.events) if before else []
        topic = ("stance", _jurisdiction_name(new_data, stance.jurisdiction), "event")
        changes += _added_removed(subject, topic, old_events, _event_lines(stance.events))
    return changes


def _event_lines(events: Sequence[Event]) -> list[str]:
    return [f"{e.date} {EVENT_KIND.label(e.kind)}: {e.summary}" for e in events]


def _diff_conflicts(subject: str, old: Sequence[Conflict], new: Sequence[Conflict]) -> list[Change]:
    return _added_removed(subject, ("conflict",), [c.about for c in old], [c.about for c in new])


def _diff_sources(subject: str, old: Sequence[Source], new: Sequence[Source]) -> list[Change]:
    before = {source.id: source for source in old}
    after = {source.id: source for source in new}
    changes = [
        Change(subject, ("source",), "removed", before=_source_line(source))
        for source in old
        if source.id not in after
    ]
    for source in new:
        previous = before.get(source.id)
        if previous is None:
            changes.append(Change(subject, ("source",), "added", after=_source_line(source)))
        elif previous.url != source.url:
            topic = ("source", source.id, "address")
            changes.append(Change(subject, topic, "changed", previous.url, source.url))
    return changes


def _source_line(source: Source) -> str:
    return f"{source.id} ({source.title})"


def _added_removed(
    subject: str, topic: tuple[str, ...], old: Sequence[str], new: Sequence[str]
) -> list[Change]:
    removed = [Change(subject, topic, "removed", before=item) for item in old if item not in new]
    added = [Change(subject, topic, "added", after=item) for item in new if item not in old]
    return removed + added


def as_text(changes: Sequence[Change], ref: str) -> str:
    """Return the changes one per line, or a sentence saying there are none."""
    if not changes:
        return f"no change to any conclusion since {ref}\n"
    return "".join(f"{change}\n" for change in changes)


MARKER = "<!-- privacy-terms:diff -->"
"""Identifies our pull-request comment, so that CI updates it instead of adding another."""

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def as_markdown(changes: Sequence[Change], ref: str) -> str:
    """Return the changes as a Markdown comment for a pull request, grouped by subject."""
    lines = [MARKER, "### Changes to conclusions", "", f"Compared with `{_code_span(ref)}`.", ""]
    if not changes:
        lines.append(
            "No change to any conclusion: values, stances, dates and sources are as before."
        )
    for subject, group in groupby(changes, key=lambda change: change.subject):
        lines += [f"**{_escape(subject)}**", ""]
        lines += [f"- {_escape(change.text())}" for change in group]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


_ZWSP = "\u200b"
"""A zero-width space: invisible, but no GitHub autolink or reference reads across it."""
_AUTOLINKS = (
    # A bare address (`https://…`, any scheme): GitHub links it without brackets.
    (re.compile(r"(?<=[0-9A-Za-z])(?=://)"), _ZWSP),
    # `www.example.org`, which GitHub links too.
    (re.compile(r"(?i)(?<=www)(?=\.)"), _ZWSP),
    # An issue or pull request: `#1`, `owner/repo#2`.
    (re.compile(r"(?<=#)(?=[0-9])"), _ZWSP),
    # `GH-3`, GitHub's other way to write `#3`.
    (re.compile(r"(?i)(?<=\bGH-)(?=[0-9])"), _ZWSP),
)
# A run of seven or more hexadecimal digits, which GitHub links when it names a commit.
_HEX_RUN = re.compile(r"\b[0-9A-Fa-f]{7,}\b")


def _escape(text: str) -> str:
    # Values come from the pull request: they must not format, link, mention anyone or start
    # math (`$…$`, rendered by MathJax; a `$` in a span is GitHub's documented way to show one).
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;"))
    escaped = escaped.replace("$", "<span>$</span>")
    for pattern, inserted in _AUTOLINKS:
        escaped = pattern.sub(inserted, escaped)
    escaped = _HEX_RUN.sub(_split_hex, escaped)
    return escaped.replace("@", "@" + _ZWSP).replace("\n", " ")


def _split_hex(match: re.Match[str]) -> str:
    run = match.group()
    return _ZWSP.join(run[start : start + 6] for start in range(0, len(run), 6))


def _code_span(text: str) -> str:
    return text.replace("`", "'")
