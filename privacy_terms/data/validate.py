"""Turn a loaded YAML document into a model object, or into located, friendly problems."""

from __future__ import annotations

import copy
import types
from typing import Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from privacy_terms.data.load import Document, Path_, Position
from privacy_terms.utils.dates import DATE_FIELDS
from privacy_terms.utils.problems import Problem
from privacy_terms.utils.suggest import closest, did_you_mean

M = TypeVar("M", bound=BaseModel)


def validate_document(document: Document, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate a document against a model; return the object or the problems, one per error.

    A required field reported missing because it is misspelt (`sorces` for `sources`) is one
    problem, the unknown field with its "did you mean", not two."""
    try:
        return model.model_validate(document.data), []
    except ValidationError as exc:
        details = _without_echoes(exc.errors(include_url=False))
        explained = set(_typos(document.data, details, model).values())
        details = [
            d for d in details if not (d["type"] == "missing" and tuple(d["loc"]) in explained)
        ]
        return None, sorted({_problem(document, error, model) for error in details})


def repaired(document: Document, model: type[M]) -> tuple[Document, M | None, list[Problem]]:
    """Read each unknown field as the required field it misspells (`sorces` as `sources`), or
    leave it out, so that a misspelt field does not hide the file's other problems: return the
    document so read, its object if nothing else is wrong, and the problems found inside the
    misspelt fields (which validation skips while their name is unknown)."""
    try:
        return document, model.model_validate(document.data), []
    except ValidationError as exc:
        details = exc.errors(include_url=False)
    typos = _typos(document.data, details, model)
    data = copy.deepcopy(document.data)
    values, keys = dict(document.values), dict(document.keys)
    for detail in details:
        if detail["type"] == "extra_forbidden":
            loc = tuple(detail["loc"])
            _move(data, loc, typos.get(loc), values, keys)
    fixed = Document(document.path, data, document.text, document.source)
    fixed._values, fixed._keys = values, keys
    try:
        return fixed, model.model_validate(data), []
    except ValidationError as exc:
        inside = [
            error
            for error in _without_echoes(exc.errors(include_url=False))
            if any(tuple(error["loc"])[: len(field)] == field for field in typos.values())
        ]
        return fixed, None, sorted({_problem(fixed, error, model) for error in inside})


def _typos(data: Any, details: list[ErrorDetails], model: type[BaseModel]) -> dict[Path_, Path_]:
    """Unknown fields that misspell a missing required field beside them: {typo: field}."""
    missing = {tuple(d["loc"]) for d in details if d["type"] == "missing"}
    found: dict[Path_, Path_] = {}
    for detail in details:
        loc: Path_ = tuple(detail["loc"])
        if detail["type"] != "extra_forbidden" or not loc:
            continue
        parent = loc[:-1]
        target = closest(str(loc[-1]), fields_at(model, parent) - _keys_at(data, parent))
        if target is not None and (*parent, target) in missing:
            found[loc] = (*parent, target)
    return found


def _move(
    data: Any,
    loc: Path_,
    target: Path_ | None,
    values: dict[Path_, Position],
    keys: dict[Path_, Position],
) -> None:
    """Take the value at `loc` out of `data`, putting it at `target` if given (and its
    positions with it, so that problems found under it point into the file)."""
    container = data
    for step in loc[:-1]:
        container = container[step]
    value = container.pop(loc[-1])
    if target is None:
        return
    container[target[-1]] = value
    for table in (values, keys):
        for path in [path for path in table if path[: len(loc)] == loc]:
            table[(*target, *path[len(loc) :])] = table[path]


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


def fields_at(model: type[BaseModel], loc: Path_) -> set[str]:
    """Return the field names the mapping at `loc` may have (several models: all of theirs)."""
    models: list[type[BaseModel]] = [model]
    for step in loc:
        if isinstance(step, int):
            continue  # an item of a list: the same models, one level down in the types below
        models = [
            found
            for owner in models
            if step in owner.model_fields
            for found in _models_in(owner.model_fields[step].annotation)
        ]
    return {name for owner in models for name in owner.model_fields}


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models a field's type holds: `Source`, `tuple[Source, ...]`, `Source | None`..."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    if get_origin(annotation) in (Union, types.UnionType, tuple, list) or get_args(annotation):
        return [found for arg in get_args(annotation) for found in _models_in(arg)]
    return []


def _problem(document: Document, error: ErrorDetails, model: type[BaseModel]) -> Problem:
    loc: Path_ = tuple(error["loc"])
    kind = error["type"]
    line, column = document.position(loc, key=kind == "extra_forbidden")
    if kind == "missing":
        line, column = document.position(loc[:-1])
    message = f"{dotted(loc)}: {_message(error, model, _keys_at(document.data, loc[:-1]))}"
    return Problem(document.path, line, column, "error", message)


def _keys_at(data: Any, loc: Path_) -> set[str]:
    """The keys already written in the mapping at `loc` (none if it is not one)."""
    for step in loc:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return set()
    return set(data) if isinstance(data, dict) else set()


def _message(error: ErrorDetails, model: type[BaseModel], written: set[str]) -> str:
    kind = error["type"]
    given = error.get("input")
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    field = str(error["loc"][-1]) if error["loc"] else ""
    if kind == "missing":
        return f"missing required field '{field}': add it"
    if kind == "extra_forbidden":
        # A field already written is no typo of this one (`last_reviewd` beside `last_reviewed`).
        allowed = fields_at(model, tuple(error["loc"][:-1])) - written
        suggestion = did_you_mean(field, allowed)
        return f"unknown field '{field}'{suggestion or ': remove it or correct its spelling'}"
    if kind == "enum":
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return f"{given!r} is not one of: {expected}{did_you_mean(given, expected.split(', '))}"
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
