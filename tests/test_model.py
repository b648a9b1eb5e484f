"""The model, its vocabulary and the committed JSON Schemas stay in step."""

from __future__ import annotations

import json
from enum import StrEnum

import pytest
from pydantic import ValidationError

from privacy_terms import vocabulary
from privacy_terms.model import Fact, Source
from privacy_terms.schema import schema_files

from conftest import ROOT

ENUMS: list[tuple[type[StrEnum], vocabulary.Vocabulary]] = [
    (vocabulary.StanceStatus, vocabulary.STANCE),
    (vocabulary.Access, vocabulary.ACCESS),
    (vocabulary.DataCategory, vocabulary.DATA_CATEGORY),
    (vocabulary.EncryptionLevel, vocabulary.ENCRYPTION),
    (vocabulary.Notification, vocabulary.NOTIFICATION),
    (vocabulary.ReportForm, vocabulary.REPORT_FORM),
    (vocabulary.Frequency, vocabulary.FREQUENCY),
    (vocabulary.SourceKind, vocabulary.SOURCE_KIND),
    (vocabulary.Evidence, vocabulary.EVIDENCE),
    (vocabulary.Section, vocabulary.SECTION),
    (vocabulary.EventKind, vocabulary.EVENT_KIND),
]


@pytest.mark.parametrize(("enum", "vocab"), ENUMS, ids=lambda x: getattr(x, "name", ""))
def test_every_enum_value_has_exactly_one_defined_term(
    enum: type[StrEnum], vocab: vocabulary.Vocabulary
) -> None:
    assert [t.id for t in vocab.terms] == [member.value for member in enum]
    for term in vocab.terms:
        assert term.label and term.definition.endswith(".")


def test_every_vocabulary_is_listed_once() -> None:
    assert [v for _, v in ENUMS] == list(vocabulary.VOCABULARIES)


def test_committed_schemas_equal_the_model() -> None:
    for name, text in schema_files().items():
        committed = (ROOT / "schema" / name).read_text(encoding="utf-8")
        assert committed == text, f"schema/{name} is stale: run `python build.py schema`"


def test_schema_closes_every_object_and_documents_fields() -> None:
    schema = json.loads(schema_files()["platform.schema.json"])
    assert schema["additionalProperties"] is False
    assert schema["properties"]["last_reviewed"]["description"] == (
        "When a person last checked every claim in this file against its sources."
    )
    for name, definition in schema["$defs"].items():
        if definition.get("type") == "object":
            assert definition["additionalProperties"] is False, name


def test_models_are_frozen() -> None:
    fact = Fact(value="x", sources=("a",))
    with pytest.raises(ValidationError):
        fact.value = "y"


def test_urls_must_be_http_or_https() -> None:
    base = {"id": "s", "title": "t", "publisher": "p", "kind": "news_report",
            "published": "unknown", "accessed": "2026-11-01"}  # fmt: skip
    Source.model_validate({**base, "url": "http://example.org/a"})
    for bad in ("javascript:alert(1)", "data:text/html,x", "/relative/path", "ftp://example.org/"):
        with pytest.raises(ValidationError, match="is not an http"):
            Source.model_validate({**base, "url": bad})
