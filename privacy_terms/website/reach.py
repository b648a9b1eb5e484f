"""What the Hong Kong authorities can reach on each platform: the routes, and the "what exactly"
strip.

A route is recorded in the platform's file, or once in the jurisdiction's file when it reaches
every platform (the user's own device) or every platform of one home state (a treaty). The strip
puts the two questions a reader asks side by side for each kind of data: what the platform's
own policy says unlocks it, and whether a route the Hong Kong police can use today reaches it.
"""

from __future__ import annotations

from dataclasses import dataclass

from privacy_terms.data.dataset import Dataset
from privacy_terms.data.model import DisclosureRule, Jurisdiction, JurisdictionRoute, Platform
from privacy_terms.data.vocabulary import (
    PROTECTS,
    ROUTE_STATUS,
    UNSURE,
    Access,
    RouteKind,
    RouteStatus,
    Tone,
)
from privacy_terms.website.comparison import (
    HOME_JURISDICTION,
    STRIP_KINDS,
    StripKind,
    current_policy,
    rule_for,
    stance_for,
)


@dataclass(frozen=True)
class RouteLine:
    """One route to a platform's users' data, as a card shows it: the status and its summary come
    from the platform's file, or, for a treaty route, from the jurisdiction's file."""

    route: str
    status: str
    since: str | None
    owner: Platform | Jurisdiction
    path: str
    """Where the route's summary is in `owner`'s file (for its translation)."""
    via: str | None = None
    presence: str | None = None
    sources: tuple[str, ...] = ()


def routes_for(
    platform: Platform, dataset: Dataset, code: str = HOME_JURISDICTION
) -> list[RouteLine]:
    """Return the routes by which the authorities of `code` can reach the platform's users' data."""
    stance = stance_for(platform, code)
    if stance is None:
        return []
    index = platform.stances.index(stance)
    lines = []
    for number, route in enumerate(stance.routes):
        shared = _treaty(dataset, code, route.via) if route.status is None else None
        if shared is not None:
            where, treaty = shared
            lines.append(
                RouteLine(route.route, treaty.status, treaty.since, where[0], where[1], route.via)
            )
        elif route.status is not None:
            path = f"stances[{index}].routes[{number}].summary"
            lines.append(
                RouteLine(
                    route.route,
                    route.status,
                    route.since,
                    platform,
                    path,
                    route.via,
                    route.presence,
                    route.sources,
                )
            )
    return lines


def _treaty(
    dataset: Dataset, code: str, partner: str | None
) -> tuple[tuple[Jurisdiction, str], JurisdictionRoute] | None:
    jurisdiction = next((j for j in dataset.jurisdictions if j.code == code), None)
    if jurisdiction is None or partner is None:
        return None
    for number, route in enumerate(jurisdiction.routes):
        if route.route == RouteKind.MUTUAL_LEGAL_ASSISTANCE and route.partner == partner:
            return (jurisdiction, f"routes[{number}].summary"), route
    return None


def every_platform_routes(dataset: Dataset, code: str = HOME_JURISDICTION) -> list[RouteLine]:
    """Return the routes that reach every platform at once (the user's own device)."""
    jurisdiction = next((j for j in dataset.jurisdictions if j.code == code), None)
    if jurisdiction is None:
        return []
    return [
        RouteLine(route.route, route.status, route.since, jurisdiction, f"routes[{n}].summary")
        for n, route in enumerate(jurisdiction.routes)
        if route.route == RouteKind.USER_DEVICE
    ]


def known_routes(
    platform: Platform, dataset: Dataset, code: str = HOME_JURISDICTION
) -> list[RouteLine]:
    """The routes worth a few words on the home: those whose status is known, and the request
    to the company whatever its status (the route readers ask about first)."""
    return [
        r
        for r in routes_for(platform, dataset, code)
        if r.status != "unknown" or r.route == RouteKind.DIRECT_REQUEST
    ]


OPEN_STATUSES = frozenset({RouteStatus.OPEN, RouteStatus.OPEN_ON_WARRANT})
"""Route statuses by which data can be obtained today."""

NOTHING_TO_GIVE = frozenset({Access.END_TO_END_ENCRYPTED, Access.NOT_HELD})
"""What a platform cannot hand over whatever the route: it cannot read it, or does not keep it."""

UNSAID = frozenset({Access.NOT_STATED, Access.NOT_REVIEWED, Access.UNKNOWN})
"""Accesses that leave open whether the platform holds and hands over the data."""


@dataclass(frozen=True)
class StripPart:
    """One data category of a strip line, with the current policy's rule for it, if any."""

    category: str
    rule: DisclosureRule | None
    path: str | None
    """Where the rule is in the platform's file (for its translated detail)."""

    @property
    def access(self) -> str:
        """What unlocks the category; "not_reviewed" when the policy's rules do not list it."""
        return self.rule.access if self.rule else Access.NOT_REVIEWED


@dataclass(frozen=True)
class Reach:
    """Whether a route the authorities can use today reaches one kind of data on a platform."""

    value: str
    """open, closed, unclear, nothing (the platform has nothing readable) or not_recorded."""
    tone: Tone
    route: RouteLine | None = None
    """For `open`: the open route."""


REACH_LABELS = {
    "open": "Yes: {route}",
    "closed": "No: every route closed",
    "unclear": "No open route known",
    "nothing": "Nothing to hand over",
    "not_recorded": "Not yet recorded",
}
"""What each reach says, in words (translated on the page)."""


@dataclass(frozen=True)
class StripLine:
    """One kind of data on one platform: what unlocks it, and whether a route reaches it."""

    kind: StripKind
    parts: tuple[StripPart, ...]
    reach: Reach

    @property
    def holds_differ(self) -> bool:
        """True when the platform keeps the parts differently: each is then shown apart."""
        return len({holds(part) for part in self.parts}) > 1

    @property
    def access_differs(self) -> bool:
        """True when different processes unlock the parts: each is then shown apart."""
        return len({part.access for part in self.parts}) > 1


def strip_lines(
    platform: Platform, dataset: Dataset, stale: bool, code: str = HOME_JURISDICTION
) -> list[StripLine]:
    """Return the "what exactly" lines of a platform, one per kind of data, in reading order.

    `stale`: the stance is past the threshold, so a pause the company has not reaffirmed does not
    close a route with certainty."""
    policy = current_policy(platform)
    index = len(platform.disclosure) - 1
    routes = routes_for(platform, dataset, code)
    lines = []
    for kind in STRIP_KINDS:
        rules = [(category, rule_for(policy, category)) for category in kind.categories]
        parts = tuple(
            StripPart(
                category,
                rule,
                f"disclosure[{index}].rules[{policy.rules.index(rule)}]" if rule else None,
            )
            for category, rule in rules
        )
        lines.append(StripLine(kind, parts, _reach(parts, routes, stale)))
    return lines


def _reach(parts: tuple[StripPart, ...], routes: list[RouteLine], stale: bool) -> Reach:
    readable = [part for part in parts if part.access not in NOTHING_TO_GIVE]
    if not readable:
        return Reach("nothing", PROTECTS)
    if not routes:
        return Reach("not_recorded", UNSURE)
    reaches = [_part_reach(part, routes, stale) for part in readable]
    return min(reaches, key=lambda reach: REACH_ORDER.index(reach.value))


REACH_ORDER = ("open", "unclear", "closed")
"""Which part of a kind speaks for it: the one a route reaches most surely."""


def _part_reach(part: StripPart, routes: list[RouteLine], stale: bool) -> Reach:
    # What the policy keeps for treaty requests is out of reach of a request to the company.
    if part.access == Access.MLAT:
        routes = [r for r in routes if r.route != RouteKind.DIRECT_REQUEST]
    opened = [r for r in routes if r.status in OPEN_STATUSES]
    if opened:
        return Reach("open", ROUTE_STATUS.tone(opened[0].status), opened[0])
    # A company's pause is its own claim: past the threshold it no longer closes the route.
    unsure = stale and any(r.route == RouteKind.DIRECT_REQUEST for r in routes)
    if unsure or any(r.status == RouteStatus.UNKNOWN for r in routes):
        return Reach("unclear", UNSURE)
    return Reach("closed", PROTECTS)


HOLDS = {
    Access.NOT_HELD: "Not kept",
    Access.END_TO_END_ENCRYPTED: "Kept encrypted end to end: {name} cannot read it",
    Access.NOT_DISCLOSED: "Kept, not disclosed",
    Access.NOT_STATED: "The policy does not say",
    Access.NOT_REVIEWED: "Not reviewed yet",
    Access.UNKNOWN: "Not established",
}
"""What the platform holds of a kind of data, read from what unlocks it; any legal process
means the platform keeps the data (translated on the page)."""

KEPT = "Kept"


def holds(part: StripPart) -> str:
    """What the platform holds of one part of a kind, in words (a template to translate)."""
    if part.rule is not None and part.rule.at_most:
        return "Almost nothing"
    return HOLDS.get(Access(part.access), KEPT)


def police_reach(
    platform: Platform, dataset: Dataset, stale: bool, code: str = HOME_JURISDICTION
) -> Reach:
    """Whether a route the authorities can use today reaches what the platform can hand over."""
    held = (StripPart("held", None, None),)
    return _reach(held, routes_for(platform, dataset, code), stale)
