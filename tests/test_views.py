"""What the pages derive from the data: the date a stance was first stated."""

from __future__ import annotations

from privacy_terms.data.model import Stance, Statement
from privacy_terms.data.vocabulary import StanceStatus
from privacy_terms.website.site_views import first_statement


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
