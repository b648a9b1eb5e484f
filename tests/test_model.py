"""The model, its vocabulary and the committed JSON Schemas stay in step."""

from __future__ import annotations

import json
import re
from enum import StrEnum

import pytest
from pydantic import TypeAdapter, ValidationError

from privacy_terms.data import vocabulary
from privacy_terms.data.model import Date, Fact, FullDate, Id, Source, Url
from privacy_terms.data.schema import schema_files

from conftest import ROOT

ENUMS: list[tuple[type[StrEnum], vocabulary.Vocabulary]] = [
    (vocabulary.Category, vocabulary.CATEGORY),
    (vocabulary.StanceStatus, vocabulary.STANCE),
    (vocabulary.RouteKind, vocabulary.ROUTE),
    (vocabulary.RouteStatus, vocabulary.ROUTE_STATUS),
    (vocabulary.Presence, vocabulary.PRESENCE),
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


@pytest.mark.parametrize(
    ("kind", "bad", "message"),
    [
        (Date, "２０２０-０７-０１", "'２０２０-０７-０１' is not a date: write YYYY-MM-DD"),
        (Date, "٢٠٢٠-٠٧-٠١", "'٢٠٢٠-٠٧-٠١' is not a date: write YYYY-MM-DD"),
        (Date, "2020-07\n", r"'2020-07\n' is not a date: write YYYY-MM-DD"),
        (FullDate, "2026-11-01\n", r"'2026-11-01\n' is not a date: write YYYY-MM-DD"),
        (Id, "s\n", r"'s\n' is not a valid id"),
        (Url, "https://example.org/a\n", "is not an http(s) URL"),
        (Url, "https://exa\u200bmple.org/a", "is not an http(s) URL"),
        (Url, "https://example.org/\u202egpj.exe", "is not an http(s) URL"),
        (Url, "https://example.org/\u2066a", "is not an http(s) URL"),
    ],
    ids=["full-width", "arabic-indic", "date-newline", "full-date-newline", "id-newline",
         "url-newline", "url-zero-width", "url-override", "url-isolate"],
)  # fmt: skip
def test_dates_are_ascii_and_ids_and_urls_hold_nothing_invisible(
    kind: object, bad: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        TypeAdapter(kind).validate_python(bad)


def test_urls_may_hold_non_ascii_letters() -> None:
    url = "https://zh.wikipedia.org/wiki/香港"
    assert TypeAdapter(Url).validate_python(url) == url
