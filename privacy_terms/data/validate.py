"""Turn a loaded YAML document into a model object, or into located, friendly problems."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from privacy_terms.data.load import Document, Path_
from privacy_terms.utils.dates import DATE_FIELDS
from privacy_terms.utils.problems import Problem

M = TypeVar("M", bound=BaseModel)


def validate_document(document: Document, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate a document against a model; return the object or the problems, one per error."""
    try:
        return model.model_validate(document.data), []
    except ValidationError as exc:
        details = _without_echoes(exc.errors(include_url=False))
        return None, sorted({_problem(document, error) for error in details})


def _without_echoes(details: list[ErrorDetails]) -> list[ErrorDetails]:
    # pydantic adds "too short" to a list whose items failed; only the items' errors are real.
    failed_parents = {tuple(d["loc"][:i]) for d in details for i in range(1, len(d["loc"]))}
    return [
        d for d in details if not (d["type"] == "too_short" and tuple(d["loc"]) in failed_parents)
    ]


def dotted(loc: Path_) -> str:
    """Return a location as readers of the YAML see it: `disclosure[0].rules[2].access`."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text or "(top level)"


def _problem(document: Document, error: ErrorDetails) -> Problem:
    loc: Path_ = tuple(error["loc"])
    kind = error["type"]
    line, column = document.position(loc, key=kind == "extra_forbidden")
    if kind == "missing":
        line, column = document.position(loc[:-1])
    message = f"{dotted(loc)}: {_message(error)}"
    return Problem(document.path, line, column, "error", message)


def _message(error: ErrorDetails) -> str:
    kind = error["type"]
    given = error.get("input")
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    field = str(error["loc"][-1]) if error["loc"] else ""
    if kind == "missing":
        return f"missing required field '{field}': add it"
    if kind == "extra_forbidden":
        return f"unknown field '{field}': remove it or correct its spelling"
    if kind == "enum":
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return f"{given!r} is not one of: {expected}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "string_type" and field in DATE_FIELDS and isinstance(given, int):
        return f"{given} is not a date: write YYYY-MM-DD, or YYYY-MM when only the month is known"
    if kind in ("string_type", "bool_type", "int_type"):
        return f"expected {_type_word(kind)}, got {_describe(given)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a mapping of fields, got {_describe(given)}"
    if kind in ("tuple_type", "list_type"):
        return f"expected a list (lines starting with '- '), got {_describe(given)}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length', 1)} item(s)"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_pattern_mismatch" and field in ("jurisdiction", "code"):
        return f'{given!r} is not a two-letter code in capitals: write it in quotes, e.g. "HK"'
    return str(error["msg"])


def _type_word(kind: str) -> str:
    return {"string_type": "text", "bool_type": "true or false", "int_type": "a whole number"}[kind]


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean): put it in quotes if it is text"
    if isinstance(value, (int, float)):
        return f"the number {value}: put it in quotes if it is text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)
