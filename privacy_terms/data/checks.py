"""Rules that span fields or files, run after every file has passed the model.

Each `check_*` function returns problems instead of raising, so a contributor sees every problem at
once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Generic, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel

from privacy_terms.data.freshness import (
    CONFIRMED_WITHIN_MONTHS,
    JURISDICTION_SECTIONS,
    PLATFORM_SECTIONS,
    REVIEWED_WITHIN_DAYS,
    age_of,
    section_reviewed,
)
from privacy_terms.data.load import Document, Path_
from privacy_terms.data.model import (
    TODO,
    UNKNOWN,
    Claim,
    Confirmation,
    DisclosureRule,
    Event,
    Jurisdiction,
    JurisdictionRoute,
    NotificationClaim,
    Platform,
    RequestFigures,
    Route,
    Stance,
    is_http_url,
)
from privacy_terms.data.provenance import (
    address_problems,
    address_rule_problems,
    canonical_problems,
    evidence_mix,
    is_bracketed,
    is_copy_host,
    permanence_problem,
)
from privacy_terms.data.validate import dotted
from privacy_terms.data.vocabulary import Access, Evidence, SourceKind, evidence_of
from privacy_terms.utils.dates import DATE_FIELDS, date_end, date_start
from privacy_terms.utils.problems import Problem, Severity
from privacy_terms.utils.suggest import did_you_mean

M = TypeVar("M", bound=Platform | Jurisdiction, covariant=True)

STALE_AFTER_DAYS = REVIEWED_WITHIN_DAYS
_MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^\s>]*)")


@dataclass(frozen=True)
class Entry(Generic[M]):
    """A validated file: the model object and the document it came from (for positions)."""

    document: Document
    item: M

    @cached_property
    def nodes(self) -> list[tuple[Path_, BaseModel]]:
        """Every model object in the file with its path; walked once, shared by every check."""
        return list(walk(self.item))

    @cached_property
    def strings(self) -> list[tuple[Path_, str]]:
        """Every text value in the file with its path (field name last)."""
        return [
            ((*loc, name), value)
            for loc, obj in self.nodes
            for name, value in obj.__dict__.items()
            if isinstance(value, str)
        ]

    def problem(
        self, loc: Path_, severity: Severity, message: str, *, key: bool = False
    ) -> Problem:
        """Return a problem located at a path inside this file."""
        line, column = self.document.position(loc, key=key)
        return Problem(self.document.path, line, column, severity, message)


AnyEntry = Entry[Platform | Jurisdiction]


def walk(model: BaseModel, loc: Path_ = ()) -> Iterator[tuple[Path_, BaseModel]]:
    """Yield every model object inside `model` (itself first) with its path."""
    yield loc, model
    for name, value in model.__dict__.items():  # a pydantic model keeps its fields here
        if isinstance(value, BaseModel):
            yield from walk(value, (*loc, name))
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from walk(item, (*loc, name, index))


def check_file_name(entry: AnyEntry, stem: str) -> list[Problem]:
    """The id (or code) must equal the file name, so links and edits find the right file."""
    item = entry.item
    own, field = (item.id, "id") if isinstance(item, Platform) else (item.code, "code")
    if own == stem:
        return []
    return [
        entry.problem(
            (field,),
            "error",
            f"{field}: {own!r} must equal the file name {stem!r}: rename the file or change the {field}",
        )
    ]


def check_sources(entry: AnyEntry) -> list[Problem]:
    """Every claim cites a source that exists; unknowns explain themselves; every source is used."""
    known = {source.id for source in entry.item.sources}
    cited: set[str] = set()
    problems: list[Problem] = []
    for loc, obj in entry.nodes:
        if isinstance(obj, Claim):
            cited.update(obj.sources)
            problems += _check_claim(entry, loc, obj, known)
        elif isinstance(obj, Confirmation):
            cited.add(obj.source)
            if obj.source not in known:
                where = (*loc, "source")
                message = f"{dotted(where)}: cites {obj.source!r}, which is not in this file's sources: add the source or correct the id"
                problems.append(entry.problem(where, "error", message))
    problems += _check_duplicate_ids(entry, [s.id for s in entry.item.sources], ("sources",))
    for index, source in enumerate(entry.item.sources):
        if source.id not in cited:
            message = f"sources[{index}]: source {source.id!r} is not cited by any claim: cite it or remove it"
            problems.append(entry.problem(("sources", index, "id"), "warning", message))
    return problems


def _check_claim(entry: AnyEntry, loc: Path_, claim: Claim, known: set[str]) -> list[Problem]:
    problems = []
    for index, source_id in enumerate(claim.sources):
        if source_id not in known:
            where = (*loc, "sources", index)
            hint = did_you_mean(source_id, known) or ": add the source or correct the id"
            message = (
                f"{dotted(where)}: cites {source_id!r}, which is not in this file's sources{hint}"
            )
            problems.append(entry.problem(where, "error", message))
    if claim.rests_elsewhere():
        return problems
    if claim.is_unknown():
        if not claim.note:
            problems.append(
                entry.problem(
                    loc,
                    "error",
                    f"{dotted(loc)}: is unknown: add a note saying what is missing and why",
                )
            )
    elif not claim.sources:
        problems.append(
            entry.problem(
                loc,
                "error",
                f"{dotted(loc)}: cites no source: list at least one source id under sources",
            )
        )
    return problems


def _check_duplicate_ids(entry: AnyEntry, ids: list[str], loc: Path_) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for index, value in enumerate(ids):
        if value in seen:
            where = (*loc, index, "id")
            problems.append(
                entry.problem(
                    where, "error", f"{dotted(where)}: duplicate id {value!r}: ids must be unique"
                )
            )
        seen.add(value)
    return problems


def check_dates(entry: AnyEntry, today: dt.date) -> list[Problem]:
    """No date lies in the future, and no period ends before it starts."""
    problems = []
    for where, value in entry.strings:
        if where[-1] not in DATE_FIELDS or value == UNKNOWN or value.startswith(TODO):
            continue  # check_todos reports a date still to fill in
        if date_start(value) > today:
            problems.append(
                entry.problem(
                    where,
                    "error",
                    f"{dotted(where)}: {value} is in the future: dates record what has happened",
                )
            )
    for loc, obj in entry.nodes:
        problems += _check_period_order(entry, loc, obj)
    return problems


def _check_period_order(entry: AnyEntry, loc: Path_, obj: BaseModel) -> list[Problem]:
    for first, last in (
        ("since", "until"),
        ("effective_from", "effective_until"),
        ("start", "end"),
    ):
        begin, end = obj.__dict__.get(first), obj.__dict__.get(last)
        if (
            isinstance(begin, str)
            and isinstance(end, str)
            and begin != "unknown"
            and date_end(end) < date_start(begin)
        ):
            where = (*loc, last)
            return [
                entry.problem(where, "error", f"{dotted(where)}: {end} is before {first} {begin}")
            ]
    return []


def check_policy_versions(entry: Entry[Platform]) -> list[Problem]:
    """Policy versions are listed oldest first and do not overlap in time."""
    versions = entry.item.disclosure
    problems = _check_duplicate_ids(entry, [v.id for v in versions], ("disclosure",))
    for index in range(1, len(versions)):
        before, after = versions[index - 1], versions[index]
        where = ("disclosure", index - 1, "effective_until")
        if before.effective_until is None:
            problems.append(
                entry.problem(
                    ("disclosure", index - 1),
                    "error",
                    f"disclosure[{index - 1}]: version {before.id!r} has no effective_until, but a later version follows: add effective_until",
                )
            )
        elif after.effective_from != "unknown" and date_start(after.effective_from) < date_start(
            before.effective_until
        ):
            problems.append(
                entry.problem(
                    where,
                    "error",
                    f"disclosure[{index - 1}].effective_until: version {before.id!r} overlaps {after.id!r}, which starts {after.effective_from}: versions must not overlap, oldest first",
                )
            )
    return problems


def check_stances(entry: Entry[Platform], jurisdictions: set[str]) -> list[Problem]:
    """One stance per jurisdiction, each with a jurisdictions/<CODE>.yaml file."""
    problems = []
    seen: set[str] = set()
    for index, stance in enumerate(entry.item.stances):
        where = ("stances", index, "jurisdiction")
        if stance.jurisdiction in seen:
            problems.append(
                entry.problem(
                    where,
                    "error",
                    f"{dotted(where)}: a second stance for {stance.jurisdiction!r}: keep one per jurisdiction",
                )
            )
        if stance.jurisdiction not in jurisdictions:
            problems.append(
                entry.problem(
                    where,
                    "error",
                    f"{dotted(where)}: no file jurisdictions/{stance.jurisdiction}.yaml: add it or correct the code",
                )
            )
        seen.add(stance.jurisdiction)
    return problems


# `new` writes source addresses on .invalid, a domain reserved never to exist (RFC 6761).
_PLACEHOLDER = re.compile(r"^https?://[^/\s]*\.invalid(?:[/:?#]|$)", re.IGNORECASE)


def check_todos(entry: AnyEntry) -> list[Problem]:
    """Text still starting with TODO, or a placeholder address (as `new` writes them), is unfinished."""
    problems = []
    for where, value in entry.strings:
        rest = _still_to_do(value)
        if rest is not None:
            problems.append(entry.problem(where, "error", f"{dotted(where)}: still to do: {rest}"))
    return problems


def _still_to_do(value: str) -> str | None:
    if not value.startswith(("TODO", "http")):
        return None
    if _PLACEHOLDER.match(value):
        return f"{value} is a placeholder: write the address you read"
    if value.startswith("TODO"):
        return value[4:].lstrip(" :") or "fill this in"
    return None


ADDRESS_FIELDS = frozenset({"url", "archived", "read_via", "where"})
"""The model's fields that hold an address (a test keeps this equal to the model's `Url` fields)."""


def check_addresses(entry: AnyEntry) -> list[Problem]:
    """Every address field obeys the rules every address obeys (`address_rule_problems`)."""
    problems = []
    for where, value in entry.strings:
        if where[-1] in ADDRESS_FIELDS:
            for message in address_rule_problems(value):
                problems.append(entry.problem(where, "error", f"{dotted(where)}: {message}"))
    return problems


def check_links_in_text(entry: AnyEntry) -> list[Problem]:
    """Markdown links in free text must point to addresses that obey every address's rules."""
    problems = []
    for where, value in entry.strings:
        for message in link_problems(value):
            problems.append(entry.problem(where, "error", f"{dotted(where)}: {message}"))
    return problems


def link_problems(text: str) -> list[str]:
    """Return what is wrong with the targets of the Markdown links in `text` (data or its
    translation): each must be an http(s) address that obeys every address's rules."""
    if "](" not in text:
        return []
    found = []
    for target in map(_balanced, _MARKDOWN_LINK.findall(text)):
        if not is_http_url(target):
            found.append(f"link target {target!r} is not an http(s) address")
        else:
            found += [f"link target {rule}" for rule in address_rule_problems(target)]
    return found


def _balanced(target: str) -> str:
    # `[x](javascript:alert(1))` captures "javascript:alert(1))", and in Chinese text, with no
    # space after the link, the words that follow too: the target ends at its closing bracket.
    depth = 0
    for index, char in enumerate(target):
        depth += (char == "(") - (char == ")")
        if depth < 0:
            return target[:index]
    return target


def check_staleness(entry: AnyEntry, today: dt.date) -> list[Problem]:
    """Warn when nobody has reviewed a file for over a year (with a review log, per section)."""
    if entry.item.reviews:
        return []  # check_reviews warns per section
    reviewed = date_start(entry.item.last_reviewed)
    age = (today - reviewed).days
    if age <= STALE_AFTER_DAYS:
        return []
    message = f"last_reviewed: {entry.item.last_reviewed} is {age} days ago (over {STALE_AFTER_DAYS}): re-check every claim against its sources and update the date"
    return [entry.problem(("last_reviewed",), "warning", message)]


STRONG_SHARE = 0.75
"""The share of a file's sources that should be primary or news reports."""

_WEIGHT_HELP = (
    "cite a primary source (the company's policy, statement or transparency report; legislation;"
    " a court or government record) or a news organisation's own report"
)


def check_source_records(entry: AnyEntry) -> list[Problem]:
    """Each source can be followed to its publisher, and says what it is."""
    problems = []
    for index, source in enumerate(entry.item.sources):
        loc: Path_ = ("sources", index)
        problems += _check_source_title(entry, loc, source.title)
        if evidence_of(source.kind) != Evidence.SECONDARY and is_copy_host(source.url):
            message = (
                f"{urlsplit(source.url).hostname} serves copies, not the publisher's page: cite the"
                " original as url and put this address under read_via (or archived, if it is a"
                " permanent copy)"
            )
            problems.append(_at(entry, loc, "url", message))
        for field in ("url", "archived", "read_via"):
            address = getattr(source, field)
            for message in address_problems(address) if address else []:
                problems.append(_at(entry, loc, field, message))
        for message in canonical_problems(source.url):
            problems.append(_at(entry, loc, "url", message))
        permanence = permanence_problem(source.archived) if source.archived else None
        if permanence:
            problems.append(_at(entry, loc, "archived", permanence))
        if source.read_via is not None and source.read_via == source.url:
            problems.append(
                _at(entry, loc, "read_via", "repeats url: remove it", severity="warning")
            )
        if source.published == UNKNOWN and not source.note:
            message = (
                "is unknown: add a note saying what is known, e.g. 'The page carries no date.'"
            )
            problems.append(_at(entry, loc, "published", message))
    return problems


def _check_source_title(entry: AnyEntry, loc: Path_, title: str) -> list[Problem]:
    if not is_bracketed(title):
        return []
    message = (
        "square brackets tell a reader nothing: write the title as published, or describe the"
        " document and add title_is_description: true"
    )
    return [_at(entry, loc, "title", message)]


def _at(
    entry: AnyEntry, loc: Path_, field: str, message: str, severity: Severity = "error"
) -> Problem:
    where = (*loc, field)
    return entry.problem(where, severity, f"{dotted(where)}: {message}")


def check_evidence(entry: AnyEntry, weights: dict[str, Evidence]) -> list[Problem]:
    """Stances, disclosure rules, request figures and timeline events never rest on secondary
    sources alone; `weights` gives each source's weight by id (from the publisher register)."""
    problems = []
    for loc, obj in entry.nodes:
        if not isinstance(obj, CONCLUSIONS) or not obj.sources:
            continue
        known = [weights[s] for s in obj.sources if s in weights]
        if known and all(weight == Evidence.SECONDARY for weight in known):
            cited = ", ".join(obj.sources)
            message = f"{dotted(loc)}: rests only on secondary sources ({cited}): {_WEIGHT_HELP}"
            problems.append(entry.problem(loc, "error", message))
    return problems


CONCLUSIONS = (Stance, DisclosureRule, RequestFigures, Event, Route, JurisdictionRoute)
"""What a reader acts on: none may rest on secondary sources alone."""


def check_evidence_mix(entry: AnyEntry, weights: dict[str, Evidence]) -> list[Problem]:
    """Warn when fewer than three quarters of a file's sources are primary or news reports."""
    mix = evidence_mix(weights[source.id] for source in entry.item.sources)
    if mix.strong_share() >= STRONG_SHARE:
        return []
    message = (
        f"sources: {mix.strong} of {mix.total} are primary or news reports"
        f" ({round(100 * mix.strong_share())}%); at least {round(100 * STRONG_SHARE)}% should be:"
        " replace copies and secondary sources with the publisher's own"
    )
    return [entry.problem(("sources",), "warning", message, key=True)]


def check_stance_age(entry: Entry[Platform], today: dt.date) -> list[Problem]:
    """Warn when a stance or the latest transparency report is past the confirmation threshold."""
    problems = []
    for index, stance in enumerate(entry.item.stances):
        if stance.as_of.startswith(TODO):
            continue  # check_todos reports it
        age = age_of(stance.as_of, today)
        if age.stale:
            message = (
                f"stances[{index}].as_of: last confirmed {stance.as_of}, {age.words()} ago"
                f" (over {CONFIRMED_WITHIN_MONTHS} months): the site shows the stance as not"
                " confirmed since then; look for newer evidence, and update as_of if it confirms"
                " the status"
            )
            problems.append(entry.problem(("stances", index, "as_of"), "warning", message))
    last = len(entry.item.transparency) - 1
    latest = entry.item.transparency[-1].latest_period_end
    if latest is not None and age_of(latest, today).stale:
        message = (
            f"transparency[{last}].latest_period_end: {latest} is over"
            f" {CONFIRMED_WITHIN_MONTHS} months ago: look for a newer report"
        )
        problems.append(
            entry.problem(("transparency", last, "latest_period_end"), "warning", message)
        )
    return problems


def check_reviews(entry: AnyEntry, today: dt.date) -> list[Problem]:
    """Reviews come oldest first, end at last_reviewed, and no section goes unreviewed a year."""
    item = entry.item
    dates = [review.date for review in item.reviews]
    problems = []
    if dates != sorted(dates):
        problems.append(
            entry.problem(("reviews",), "error", "reviews: list reviews oldest first", key=True)
        )
    if dates and max(dates) > item.last_reviewed:
        message = f"last_reviewed: {item.last_reviewed} is before the latest review ({max(dates)}): set it to {max(dates)}"
        problems.append(entry.problem(("last_reviewed",), "error", message))
    if not dates:
        return problems
    sections = PLATFORM_SECTIONS if isinstance(item, Platform) else JURISDICTION_SECTIONS
    for section in sections:
        reviewed = section_reviewed(item, section)
        if reviewed is None:
            message = f"reviews: {section} has never been reviewed: check it against its sources and add a review"
            problems.append(entry.problem(("reviews",), "warning", message, key=True))
            continue
        days = (today - date_start(reviewed)).days
        if days > STALE_AFTER_DAYS:
            message = f"reviews: {section} last reviewed {reviewed}, {days} days ago (over {STALE_AFTER_DAYS}): check it against its sources and add a review"
            problems.append(entry.problem(("reviews",), "warning", message, key=True))
    return problems


NOT_STATED = Access.NOT_STATED.value
"""The same id in the access and notification vocabularies."""


def check_not_stated(entry: Entry[Platform]) -> list[Problem]:
    """'Not stated' means the whole version was read: it cites the version's full archived text."""
    full_texts = {
        s.id for s in entry.item.sources if s.kind == SourceKind.COMPANY_POLICY and s.archived
    }
    problems = []
    for loc, obj in entry.nodes:
        if not isinstance(obj, (DisclosureRule, NotificationClaim)):
            continue
        value: str = obj.access if isinstance(obj, DisclosureRule) else obj.value
        if value == NOT_STATED and not full_texts.intersection(obj.sources):
            message = (
                f"{dotted(loc)}: 'not_stated' says the whole policy version is silent: cite its full"
                " text (a company_policy source with its archived copy), or write not_reviewed"
            )
            problems.append(entry.problem(loc, "error", message))
    return problems


def check_company(entry: Entry[Platform], records: Mapping[str, str | None]) -> list[Problem]:
    """A service's `company` names another platform file that is the company's own record (it
    names no company itself), so company-wide facts are recorded once, one step away."""
    company = entry.item.company
    if company is None:
        return []
    where = ("company",)
    if company == entry.item.id:
        message = "company: a file cannot be its own company's record: leave `company` out here"
    elif company not in records:
        message = (
            f"company: no file platforms/{company}.yaml: name the platform file that records"
            " the company, or leave `company` out"
        )
    elif records[company] is not None:
        message = (
            f"company: platforms/{company}.yaml names its own company ({records[company]!r}):"
            f" name that record, {records[company]!r}, here instead"
        )
    else:
        return []
    return [entry.problem(where, "error", message)]
