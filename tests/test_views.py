"""What the pages derive from the data: the date a stance was first stated, the home's groups."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from privacy_terms.data.dataset import Dataset, load_dataset
from privacy_terms.data.model import Platform, Route, Stance, Statement
from privacy_terms.data.vocabulary import Access, Category, RouteKind, RouteStatus, StanceStatus
from privacy_terms.website.comparison import STRIP_KINDS
from privacy_terms.website.reach import REACH_LABELS, holds, police_reach, strip_lines
from privacy_terms.website.site_views import by_category, company_of, first_statement

from conftest import TODAY


def statement(date: str, past: bool) -> Statement:
    return Statement(date=date, speaker="S", said="x", about_past_disclosure=past, sources=("s",))


def stance(*statements: Statement) -> Stance:
    return Stance(
        jurisdiction="HK",
        status=StanceStatus.PAUSED,
        as_of="2021-01",
        summary="x",
        statements=statements,
        sources=("s",),
    )


def test_a_stance_is_dated_by_its_first_statement_of_the_stance_itself() -> None:
    # An older claim about past disclosure ("we never shared data") does not date the stance.
    assert (
        first_statement(stance(statement("2018-08-28", True), statement("2020-07-05", False)))
        == "2020-07-05"
    )


def test_a_stance_with_only_claims_about_the_past_has_no_first_statement() -> None:
    assert first_statement(stance(statement("2021-05-08", True))) is None
    assert first_statement(stance()) is None


def test_platforms_are_grouped_by_category_in_vocabulary_order_and_others_last(
    valid_project: Path,
) -> None:
    dataset = load_dataset(valid_project, TODAY).dataset
    assert dataset is not None
    [alpha] = dataset.platforms
    video = alpha.model_copy(update={"id": "v", "category": Category.VIDEO_CALLS})
    chat = alpha.model_copy(update={"id": "c", "category": Category.MESSAGING})
    other = alpha.model_copy(update={"id": "o", "category": None})
    groups = by_category([other, video, chat])
    assert [(category, [p.id for p in members]) for category, members in groups] == [
        ("messaging", ["c"]),
        ("video_calls", ["v"]),
        (None, ["o"]),
    ]


def test_a_company_is_its_record_and_every_service_that_names_it(valid_project: Path) -> None:
    dataset = load_dataset(valid_project, TODAY).dataset
    assert dataset is not None
    [alpha] = dataset.platforms
    beta = alpha.model_copy(update={"id": "beta", "name": "Beta Talk", "company": "alpha"})
    alone = alpha.model_copy(update={"id": "gamma", "name": "Gamma"})
    data = dataclasses.replace(dataset, platforms=(alpha, beta, alone))
    for platform in (alpha, beta):
        company = company_of(platform, data)
        assert company is not None
        assert (company.name, company.record.id) == ("Alpha Inc.", "alpha")
        assert [s.id for s in company.services] == ["alpha", "beta"]
    assert company_of(alone, data) is None


@pytest.fixture
def alpha_data(valid_project: Path) -> tuple[Dataset, Platform]:
    """The valid fixture's data and its one platform, whose routes and rules the tests vary."""
    dataset = load_dataset(valid_project, TODAY).dataset
    assert dataset is not None
    [alpha] = dataset.platforms
    return dataset, alpha


def _with_routes(platform: Platform, *routes: Route) -> Platform:
    stance = platform.stances[0].model_copy(update={"routes": routes})
    return platform.model_copy(update={"stances": (stance,)})


def _reaches(platform: Platform, dataset: Dataset, stale: bool = False) -> dict[str, str]:
    return {line.kind.id: line.reach.value for line in strip_lines(platform, dataset, stale)}


def test_the_strip_has_one_line_per_kind_of_data_in_reading_order(
    alpha_data: tuple[Dataset, Platform],
) -> None:
    dataset, alpha = alpha_data
    lines = strip_lines(alpha, dataset, stale=False)
    assert [line.kind.id for line in lines] == [kind.id for kind in STRIP_KINDS]
    account = lines[0]
    assert [(part.category, part.access, holds(part)) for part in account.parts] == [
        ("basic_subscriber", Access.SUBPOENA, "Kept"),
        ("phone_number", Access.NOT_REVIEWED, "Not reviewed yet"),
    ]
    assert account.parts[0].path == "disclosure[1].rules[0]"
    assert account.parts[1].path is None
    assert account.holds_differ and account.access_differs


def test_a_route_reaches_only_what_the_platform_can_read(
    alpha_data: tuple[Dataset, Platform],
) -> None:
    dataset, alpha = alpha_data
    direct, treaty, notice = alpha.stances[0].routes
    # Alpha's messages are end-to-end encrypted: no route reaches them, whatever is open.
    opened = direct.model_copy(update={"status": RouteStatus.OPEN})
    reaches = _reaches(_with_routes(alpha, opened, treaty, notice), dataset)
    assert reaches["content"] == "nothing"
    assert reaches["account"] == "open"
    line = strip_lines(_with_routes(alpha, opened), dataset, stale=False)[0]
    assert line.reach.route is not None and line.reach.route.route == RouteKind.DIRECT_REQUEST


def test_a_route_of_unknown_status_leaves_the_reach_unclear(
    alpha_data: tuple[Dataset, Platform],
) -> None:
    dataset, alpha = alpha_data
    assert _reaches(alpha, dataset)["account"] == "unclear"


def test_closed_routes_close_the_reach_until_the_pause_is_stale(
    alpha_data: tuple[Dataset, Platform],
) -> None:
    dataset, alpha = alpha_data
    direct, treaty, _ = alpha.stances[0].routes
    closed = _with_routes(alpha, direct, treaty)
    assert _reaches(closed, dataset)["account"] == "closed"
    # A pause the company has not reaffirmed in two years no longer closes the route for sure.
    assert _reaches(closed, dataset, stale=True)["account"] == "unclear"
    assert police_reach(closed, dataset, stale=False).value == "closed"


def test_a_platform_without_routes_says_they_are_not_yet_recorded(
    alpha_data: tuple[Dataset, Platform],
) -> None:
    dataset, alpha = alpha_data
    reaches = _reaches(_with_routes(alpha), dataset)
    assert reaches["account"] == "not_recorded"
    assert reaches["content"] == "nothing"
    assert set(REACH_LABELS) == {"open", "closed", "unclear", "nothing", "not_recorded"}


def test_a_request_to_the_company_does_not_reach_what_its_policy_keeps_for_treaty_requests(
    alpha_data: tuple[Dataset, Platform],
) -> None:
    dataset, alpha = alpha_data
    direct, treaty, _ = alpha.stances[0].routes
    opened = direct.model_copy(update={"status": RouteStatus.OPEN})
    policy = alpha.disclosure[-1]
    rules = tuple(
        rule.model_copy(update={"access": Access.MLAT}) if rule.data == "ip_address" else rule
        for rule in policy.rules
    )
    treaty_only = alpha.model_copy(
        update={"disclosure": (*alpha.disclosure[:-1], policy.model_copy(update={"rules": rules}))}
    )
    reaches = _reaches(_with_routes(treaty_only, opened, treaty), dataset)
    assert reaches["connections"] == "closed"  # the treaty is suspended
    assert reaches["account"] == "open"  # a subpoena's records answer a request to the company
