"""What the pages derive from the data: the date a stance was first stated, the home's groups."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from privacy_terms.data.dataset import load_dataset
from privacy_terms.data.model import Stance, Statement
from privacy_terms.data.vocabulary import Category, StanceStatus
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
