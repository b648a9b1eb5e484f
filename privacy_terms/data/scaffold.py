"""The starting file for a new platform: every field present, explained, and marked as unfinished.

`platform_template` is pure: it returns YAML text. The file it describes passes the strict loader
and the model as written, so `python build.py check` can run on it and list, line by line, every
`TODO` still to fill in. Comments come from the model's field docstrings, so they never drift
from what the model accepts.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Union, get_args

from pydantic import BaseModel, TypeAdapter, ValidationError

from privacy_terms.data import page_names, text_rules
from privacy_terms.data.model import (
    UNKNOWN,
    DisclosureRule,
    EncryptionPeriod,
    Fact,
    Id,
    Identity,
    NamePeriod,
    NotificationClaim,
    Operator,
    Platform,
    PolicyVersion,
    Source,
    Stance,
    TransparencyPeriod,
)
from privacy_terms.data.vocabulary import DATA_CATEGORY

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/platform.schema.json"
PLACEHOLDER_URL = "https://todo.invalid/write-the-address-you-read"
"""A source address that can never be real (.invalid is reserved); `check` reports it until replaced."""
WIDTH = 100

_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .,;:#?=&%~@()/'_+-]*")
_NUMBER = re.compile(r"[-+]?[0-9]+(\.[0-9]+)?")


@dataclass(frozen=True)
class Quoted:
    """A scalar always written in double quotes (a jurisdiction code, by convention)."""

    text: str


@dataclass(frozen=True)
class Flow:
    """A short list written on one line: `[a, b]`."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Block:
    """A mapping of one model's fields, in the order they are written."""

    model: type[BaseModel]
    fields: tuple[tuple[str, Value], ...]


@dataclass(frozen=True)
class Items:
    """A list of mappings, one `- ` item each; when empty, `example` shows an item as comments."""

    blocks: tuple[Block, ...]
    example: str = ""


Value = Union[str, bool, Quoted, Flow, Block, Items, None]  # noqa: UP007 - a runtime alias


def id_problem(platform_id: str) -> str | None:
    """Return why `platform_id` cannot be a platform id (the model's own rule), or None."""
    try:
        TypeAdapter(Id).validate_python(platform_id)
    except ValidationError as exc:
        error = exc.errors()[0]
        return str((error.get("ctx") or {}).get("error", error["msg"]))
    return page_names.id_problem(platform_id)


def name_problem(name: str) -> str | None:
    """Return why `name` cannot be a display name, or None."""
    if not name.strip():
        return "the name must not be empty: write the platform's display name"
    if "\n" in name or "\r" in name:
        return "the name must be one line"
    return text_rules.name_problem(name)


def platform_template(platform_id: str, name: str, today: dt.date) -> str:
    """Return the text of platforms/<platform_id>.yaml for a new platform called `name`."""
    header = [
        SCHEMA_LINE,
        f"# {name}: what it hands over to authorities, and on what legal process.",
        "# Replace every TODO, then run `python build.py check`: it lists what is still missing,",
        "# with line numbers. Where no source says, keep `unknown` and say why in the note.",
        "# Rules for sources and reviews: CONTRIBUTING.md.",
        "",
    ]
    body = _emit_mapping(_platform(platform_id, name.strip(), today), 0, set())
    return "\n".join(header + body) + "\n"


def _platform(platform_id: str, name: str, today: dt.date) -> Block:
    source = Flow((f"{platform_id}-policy",))
    return Block(Platform, (
        ("id", platform_id),
        ("name", name),
        ("category", None),
        ("company", None),
        ("summary", "TODO two or three sentences for readers on what it hands over, and to whom"),
        ("last_reviewed", today.isoformat()),
        ("identity", _identity(name, source)),
        ("encryption", Items((_encryption(),))),
        ("disclosure", Items((_policy_version(source),))),
        ("transparency", Items((_transparency(),))),
        ("stances", Items((_stance(today),))),
        ("conflicts", Items((), _CONFLICT_EXAMPLE)),
        ("reviews", Items((), _REVIEW_EXAMPLE)),
        ("sources", Items((_source(platform_id, today),))),
    ))  # fmt: skip


def _identity(name: str, source: Flow) -> Block:
    return Block(Identity, (
        ("names", Items((Block(NamePeriod, (
            ("name", name), ("since", None), ("until", None), ("sources", source), ("note", None),
        )),))),
        ("operators", Items((Block(Operator, (
            ("name", "TODO the legal entity that serves Hong Kong users, as its terms name it"),
            ("jurisdiction", "TODO where that entity is based and whose law governs it, or unknown"),
            ("since", None), ("until", None), ("sources", source), ("note", None),
        )),))),
        ("parents", Items((), _PARENT_EXAMPLE)),
        ("headquarters", _unknown_fact("where the company is headquartered (its terms or imprint)")),
        ("jurisdiction", _unknown_fact("the law that governs how the operator answers requests")),
    ))  # fmt: skip


def _unknown_fact(what: str) -> Block:
    return Block(Fact, (("value", UNKNOWN), ("sources", Flow(())), ("note", _find(what))))


def _find(what: str) -> str:
    # The note starts with TODO so that `check` fails until someone has looked for a source.
    return f"TODO find {what}; then replace unknown and cite a source, or say here why it stays unknown"


def _encryption() -> Block:
    return Block(EncryptionPeriod, (
        ("level", UNKNOWN),
        ("since", UNKNOWN),
        ("until", None),
        ("covers", "TODO what is end-to-end encrypted, in a sentence"),
        ("not_covered", None),
        ("sources", Flow(())),
        ("note", _find("how much of the messaging is end-to-end encrypted, and since when")),
    ))  # fmt: skip


def _policy_version(source: Flow) -> Block:
    return Block(PolicyVersion, (
        ("id", "current-policy"),
        ("title", "TODO which document and version this is, e.g. Law enforcement guidelines, 2024"),
        ("effective_from", UNKNOWN),
        ("effective_until", None),
        ("summary", "TODO the conditions for handing over data, in one or two sentences"),
        ("sources", source),
        ("note", None),
        ("rules", Items(tuple(_rule(term.id, term.label) for term in DATA_CATEGORY.terms))),
        ("user_notification", Block(NotificationClaim, (
            ("value", UNKNOWN), ("sources", Flow(())),
            ("note", _find("whether users are told that their data was requested")),
        ))),
        ("foreign_governments", _unknown_fact("how a government outside the operator's country must ask")),
        ("emergency", _unknown_fact("what happens with emergency requests")),
    ))  # fmt: skip


def _rule(data: str, label: str) -> Block:
    return Block(DisclosureRule, (
        ("data", data),
        ("access", UNKNOWN),
        ("detail", None),
        ("at_most", None),
        ("sources", Flow(())),
        ("note", _find(f"what legal process unlocks {_lower_first(label)}")),
    ))  # fmt: skip


def _lower_first(label: str) -> str:
    # "Basic subscriber records" reads as "basic subscriber records", but "IP address" stays.
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def _transparency() -> Block:
    return Block(TransparencyPeriod, (
        ("form", UNKNOWN),
        ("frequency", UNKNOWN),
        ("since", UNKNOWN),
        ("until", None),
        ("where", None),
        ("latest_period_end", None),
        ("detail", None),
        ("sources", Flow(())),
        ("note", _find("whether and how the platform reports government requests")),
    ))  # fmt: skip


def _stance(today: dt.date) -> Block:
    return Block(Stance, (
        ("jurisdiction", Quoted("HK")),
        ("status", UNKNOWN),
        ("as_of", "TODO the date of the newest source that states the status, listed under confirmed_by"),
        ("confirmed_by", Items((), _CONFIRMATION_EXAMPLE)),
        ("policy_checked", None),
        ("searched", None),
        ("routes", Items((), _ROUTE_EXAMPLE)),
        ("summary", "TODO the stance on Hong Kong requests in one or two sentences"),
        ("answer", "TODO for readers in plain words, what it would hand over to these authorities and on what order"),
        ("condition", None),
        ("sources", Flow(())),
        ("note", _find("what the platform said about Hong Kong requests since 30 June 2020")),
        ("statements", Items((), _STATEMENT_EXAMPLE)),
        ("events", Items((), _EVENT_EXAMPLE)),
        ("requests", Items((), _REQUESTS_EXAMPLE)),
    ))  # fmt: skip


def _source(platform_id: str, today: dt.date) -> Block:
    return Block(Source, (
        ("id", f"{platform_id}-policy"),
        ("title", "TODO the title as published"),
        ("title_is_description", False),
        ("publisher", "TODO who published it (the original publisher, not a mirror)"),
        ("kind", "company_policy"),
        ("url", PLACEHOLDER_URL),
        ("archived", None),
        ("read_via", None),
        ("published", UNKNOWN),
        ("accessed", today.isoformat()),
        ("quote", "TODO a short passage copied word for word, or delete this line"),
        ("note", "TODO write the date under published; if the document carries none, say so here"),
    ))  # fmt: skip


_PARENT_EXAMPLE = """\
- name: Example Holdings Ltd
  since: 2014-10
  sources: [a-source-id]"""
_CONFLICT_EXAMPLE = """\
- about: When the pause began
  versions:
    - says: On 1 July 2020.
      sources: [one-source-id]
    - says: On 6 July 2020.
      sources: [another-source-id]"""
_STATEMENT_EXAMPLE = """\
- date: 2020-07-06
  speaker: A company spokesperson
  said: The words, quoted from the source.
  about_past_disclosure: false
  sources: [a-source-id]"""
_CONFIRMATION_EXAMPLE = """\
- source: a-source-id
  confirms: What the source states about the status for Hong Kong, in a sentence."""
_ROUTE_EXAMPLE = """\
- route: direct_request
  status: paused
  since: 2020-07-06
  summary: The route for this platform in one plain sentence.
  sources: [a-source-id]"""
_EVENT_EXAMPLE = """\
- date: 2020-07-06
  kind: statement
  summary: What happened, in a sentence.
  sources: [a-source-id]"""
_REVIEW_EXAMPLE = """\
- date: 2026-11-30
  sections: [stances, disclosure]
  changed: The Hong Kong stance is now paused_unconfirmed after the September 2024 policy change."""
_REQUESTS_EXAMPLE = """\
- period: H2 2020
  start: 2020-07
  end: 2020-12
  requests: 12
  accounts: unknown
  some_data_produced_percent: 0
  sources: [a-source-id]"""


def _emit_mapping(block: Block, indent: int, seen: set[str]) -> list[str]:
    lines: list[str] = []
    pad = " " * indent
    for key, value in block.fields:
        help_text = _field_help(block.model, key)
        if help_text not in seen:  # the same help on every repeated item would drown the values
            seen.add(help_text)
            lines += _comment(help_text, indent)
        if isinstance(value, Block):
            lines += [f"{pad}{key}:", *_emit_mapping(value, indent + 2, seen)]
        elif isinstance(value, Items):
            lines += _emit_items(key, value, indent, seen)
        else:
            lines.append(f"{pad}{key}:{_inline(value)}")
    return lines


def _emit_items(key: str, items: Items, indent: int, seen: set[str]) -> list[str]:
    pad = " " * indent
    if not items.blocks:
        example = textwrap.indent(items.example, "  ")
        return [f"{pad}{key}: []", *_comment(f"For example:\n{example}", indent, wrap=False)]
    lines = [f"{pad}{key}:"]
    for block in items.blocks:
        lines += _as_list_item(_emit_mapping(block, indent + 4, seen), indent + 2)
    return lines


def _as_list_item(lines: list[str], dash_indent: int) -> list[str]:
    # The first key of an item carries the "- "; comments before it align with the dash.
    first = next(i for i, line in enumerate(lines) if not line.lstrip().startswith("#"))
    pad = " " * dash_indent
    before = [pad + line.lstrip() for line in lines[:first]]
    return [*before, f"{pad}- {lines[first].lstrip()}", *lines[first + 1 :]]


def _inline(value: str | bool | Quoted | Flow | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return " true" if value else " false"
    if isinstance(value, Quoted):
        return " " + json.dumps(value.text, ensure_ascii=False)
    if isinstance(value, Flow):
        return " [" + ", ".join(value.items) + "]"
    return " " + yaml_scalar(value)


def yaml_scalar(text: str) -> str:
    """Write text as a YAML scalar the strict loader reads back as the same string."""
    plain = (
        _PLAIN.fullmatch(text)
        and not text.endswith((" ", ":"))
        and ": " not in text
        and " #" not in text
        and not _NUMBER.fullmatch(text)
        and text not in ("true", "false", "null")
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def _comment(text: str, indent: int, *, wrap: bool = True) -> list[str]:
    pad = " " * indent
    if not wrap:
        return [f"{pad}# {line}".rstrip() for line in text.splitlines()]
    width = max(WIDTH - indent - 2, 40)
    return [f"{pad}# {line}" for line in textwrap.wrap(text, width, break_on_hyphens=False)]


def _field_help(model: type[BaseModel], key: str) -> str:
    field = model.model_fields[key]
    words = [field.description or ""]
    choices = _enum_choices(field.annotation)
    if choices:
        words.append("One of: " + ", ".join(choices) + ".")
    if field.default is None and not field.is_required():
        words.append("(Optional.)")
    return " ".join(word for word in words if word)


def _enum_choices(annotation: Any) -> list[str]:
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        return [member.value for member in annotation]
    for argument in get_args(annotation):
        choices = _enum_choices(argument)
        if choices:
            return choices
    return []
