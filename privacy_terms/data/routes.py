"""Rules for what a stance rests on and for the routes to a platform's users' data.

"Last confirmed" must mean that a source stated the status for the jurisdiction: a policy that
says nothing about it only shows that the general rule still stands (`policy_checked`). Routes
that reach every platform, or every platform of one home state, are recorded once in the
jurisdiction's file; a platform's treaty route names the state and takes its status from there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from privacy_terms.data.checks import Entry
from privacy_terms.data.model import TODO, UNKNOWN, Jurisdiction, Platform, Source, Stance
from privacy_terms.data.validate import dotted
from privacy_terms.data.vocabulary import ROUTE_STATUS, RouteKind, StanceStatus
from privacy_terms.utils.dates import date_end, date_start, human_date
from privacy_terms.utils.problems import Problem

NEEDS_NO_CONFIRMATION = frozenset({StanceStatus.UNKNOWN, StanceStatus.NO_STATEMENT})
"""Statuses that say nothing was stated, so no source can confirm them."""

_STATUSES = ", ".join(term.id for term in ROUTE_STATUS.terms)


def _newest(sources: Iterable[Source]) -> Source | None:
    """Return the most recently published of `sources` (undated ones do not count)."""
    dated = [s for s in sources if s.published != UNKNOWN]
    return max(dated, key=lambda s: date_end(s.published), default=None)


def _cited_by(stance: Stance) -> set[str]:
    """Every source id the stance cites, at any depth."""
    ids = set(stance.sources) | {c.source for c in stance.confirmed_by}
    for claim in (*stance.statements, *stance.events, *stance.requests, *stance.routes):
        ids.update(claim.sources)
    if stance.policy_checked is not None:
        ids.update(stance.policy_checked.sources)
    return ids


def _later(date: str, source: Source) -> bool:
    return date_start(date) > date_end(source.published)


def check_stance_evidence(entry: Entry[Platform]) -> list[Problem]:
    """`as_of` never outruns the evidence, and is carried by a source that states the status."""
    by_id = {source.id: source for source in entry.item.sources}
    problems = []
    for index, stance in enumerate(entry.item.stances):
        loc = ("stances", index)
        if stance.as_of.startswith(TODO):
            continue  # check_todos reports it
        newest = _newest(by_id[i] for i in _cited_by(stance) if i in by_id)
        confirming = _newest(by_id[c.source] for c in stance.confirmed_by if c.source in by_id)
        if newest is not None and _later(stance.as_of, newest):
            message = (
                f"{dotted((*loc, 'as_of'))}: {stance.as_of} is later than the newest source this"
                f" stance cites ({newest.id}, {human_date(newest.published)}): set as_of to the"
                " date of the newest source that states the status"
            )
            problems.append(entry.problem((*loc, "as_of"), "error", message))
        elif confirming is not None and _later(stance.as_of, confirming):
            message = (
                f"{dotted((*loc, 'as_of'))}: {stance.as_of} is later than the newest source under"
                f" confirmed_by ({confirming.id}, {human_date(confirming.published)}): a source"
                " that does not speak about the status confirms nothing; record a policy or help"
                " page under policy_checked, or add the source that states the status to"
                " confirmed_by"
            )
            problems.append(entry.problem((*loc, "as_of"), "error", message))
        elif not stance.confirmed_by and stance.status not in NEEDS_NO_CONFIRMATION:
            message = (
                f"{dotted(loc)}: no source confirms the status: list under confirmed_by the"
                " source that states it, with what it confirms"
            )
            problems.append(entry.problem((*loc, "status"), "error", message))
        problems += _check_policy_checked(entry, index, stance, by_id)
    return problems


def _check_policy_checked(
    entry: Entry[Platform], index: int, stance: Stance, by_id: Mapping[str, Source]
) -> list[Problem]:
    check = stance.policy_checked
    if check is None:
        return []
    # An archived policy is dated by the archive's record, which is no later than its reading.
    read = max((by_id[i].accessed for i in check.sources if i in by_id), default=None)
    if read is None or date_start(check.date) <= date_end(read):
        return []
    where = ("stances", index, "policy_checked", "date")
    message = (
        f"{dotted(where)}: {check.date} is later than the day its sources were last read"
        f" ({read}): set it to the date of the newest record of the policy"
    )
    return [entry.problem(where, "error", message)]


def check_platform_routes(entry: Entry[Platform]) -> list[Problem]:
    """Each route once per stance, with what it needs; routes to every platform stay out."""
    problems = []
    for index, stance in enumerate(entry.item.stances):
        seen: set[str] = set()
        code = stance.jurisdiction
        for number, route in enumerate(stance.routes):
            loc = ("stances", index, "routes", number)
            problems += _route_problems(entry, loc, route.route, seen, code)
            if route.route == RouteKind.USER_DEVICE:
                continue
            if route.route == RouteKind.MUTUAL_LEGAL_ASSISTANCE:
                if route.via is None and route.status is None:
                    message = (
                        f"{dotted(loc)}: name the state whose agreement this goes through"
                        ' (via: "US"), or, when the company\'s home state is not known, write'
                        " status: unknown with a note"
                    )
                    problems.append(entry.problem(loc, "error", message))
                if route.via is not None and route.status is not None:
                    message = (
                        f"{dotted((*loc, 'status'))}: the agreement's status is recorded once in"
                        f" jurisdictions/{code}.yaml: remove it here"
                    )
                    problems.append(entry.problem((*loc, "status"), "error", message))
            elif route.status is None:
                message = f"{dotted(loc)}: add its status ({_STATUSES})"
                problems.append(entry.problem(loc, "error", message))
            if route.route == RouteKind.PROVIDER_NOTICE and route.presence is None:
                message = (
                    f"{dotted(loc)}: a notice to a service provider needs presence: whether the"
                    " company has an office or staff there (office, staff, none_known or unknown)"
                )
                problems.append(entry.problem(loc, "error", message))
    return problems


def _route_problems(
    entry: Entry[Platform], loc: tuple[str | int, ...], kind: str, seen: set[str], code: str
) -> list[Problem]:
    where = (*loc, "route")
    if kind == RouteKind.USER_DEVICE:
        message = (
            f"{dotted(where)}: the user's own device reaches every platform: record it once in"
            f" jurisdictions/{code}.yaml, not here"
        )
        return [entry.problem(where, "error", message)]
    if kind in seen:
        message = f"{dotted(where)}: a second {kind} route: keep one per route"
        return [entry.problem(where, "error", message)]
    seen.add(kind)
    return []


def treaty_partners(jurisdiction: Jurisdiction) -> set[str]:
    """The states with which the jurisdiction's file records a mutual legal assistance route."""
    return {
        r.partner
        for r in jurisdiction.routes
        if r.route == RouteKind.MUTUAL_LEGAL_ASSISTANCE and r.partner is not None
    }


def check_treaty_routes(entry: Entry[Platform], partners: Mapping[str, set[str]]) -> list[Problem]:
    """A platform's treaty route names a state whose agreement the jurisdiction's file records."""
    problems = []
    for index, stance in enumerate(entry.item.stances):
        if stance.jurisdiction not in partners:
            continue  # check_stances reports the missing file
        for number, route in enumerate(stance.routes):
            if route.via is None or route.route != RouteKind.MUTUAL_LEGAL_ASSISTANCE:
                continue
            if route.via not in partners[stance.jurisdiction]:
                where = ("stances", index, "routes", number, "via")
                message = (
                    f"{dotted(where)}: jurisdictions/{stance.jurisdiction}.yaml records no mutual"
                    f" legal assistance with {route.via!r}: add it there, with its status and sources"
                )
                problems.append(entry.problem(where, "error", message))
    return problems


PER_PLATFORM = frozenset(
    {RouteKind.DIRECT_REQUEST, RouteKind.EMERGENCY_REQUEST, RouteKind.PROVIDER_NOTICE}
)
"""Routes whose status depends on the platform: recorded in each platform's file."""


def check_jurisdiction_routes(entry: Entry[Jurisdiction]) -> list[Problem]:
    """A jurisdiction records only routes shared by platforms; a treaty names its partner."""
    problems = []
    for number, route in enumerate(entry.item.routes):
        loc = ("routes", number)
        if route.route in PER_PLATFORM:
            where = (*loc, "route")
            message = (
                f"{dotted(where)}: {route.route} depends on the platform: record it under each"
                " platform's stance, not here"
            )
            problems.append(entry.problem(where, "error", message))
        if route.route == RouteKind.MUTUAL_LEGAL_ASSISTANCE and route.partner is None:
            message = f'{dotted(loc)}: name the other state of the agreement (partner: "US")'
            problems.append(entry.problem(loc, "error", message))
    return problems
