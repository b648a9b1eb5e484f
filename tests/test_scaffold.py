"""The `new` template: it loads strictly, has every field, and `check` lists exactly its TODOs."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any, get_args

import pytest
from pydantic import BaseModel, TypeAdapter

from privacy_terms.cli import main
from privacy_terms.data.load import load_bytes
from privacy_terms.data.model import (
    Conflict,
    Event,
    NamePeriod,
    Platform,
    RequestFigures,
    Statement,
)
from privacy_terms.data.scaffold import PLACEHOLDER_URL, platform_template, yaml_scalar
from privacy_terms.data.validate import validate_document

from conftest import FIXTURES, TODAY

TODO_VALUE = re.compile(r"^(\s*(?:- )?[a-z_]+: )(TODO\b.*)$", re.MULTILINE)


def template(platform_id: str = "signal", name: str = "Signal") -> str:
    return platform_template(platform_id, name, TODAY)


def project_with(tmp_path: Path, files: dict[str, str]) -> Path:
    """A project with the fixture's jurisdictions and the given platform files."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "valid" / "jurisdictions", root / "jurisdictions")
    (root / "platforms").mkdir()
    for name, text in files.items():
        (root / "platforms" / name).write_text(text, encoding="utf-8")
    return root


def check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["check", "--today", TODAY.isoformat()], root=root)
    return code, capsys.readouterr().out.splitlines()


def filled_in(text: str) -> str:
    """The template as a contributor leaves it: every TODO replaced by a real value."""
    text = re.sub(r"(\n    as_of: )TODO[^\n]*", r"\g<1>2026-11-28", text)
    text = TODO_VALUE.sub(r"\1Filled in from the source.", text)
    return text.replace(PLACEHOLDER_URL, "https://signal.org/legal/")


def test_template_starts_with_the_schema_line() -> None:
    assert template().splitlines()[0] == (
        "# yaml-language-server: $schema=../schema/platform.schema.json"
    )


def test_template_passes_the_strict_loader_and_the_model() -> None:
    document, problems = load_bytes(template().encode("utf-8"), "platforms/signal.yaml")
    assert problems == []
    assert document is not None
    platform, problems = validate_document(document, Platform)
    assert problems == []
    assert platform is not None
    assert (platform.id, platform.name, platform.last_reviewed) == (
        "signal",
        "Signal",
        "2026-11-28",
    )
    assert platform.stances[0].jurisdiction == "HK"


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = _nested_model(argument)
        if found:
            return found
    return None


def _missing_fields(data: Any, model: type[BaseModel], where: str) -> list[str]:
    """Every field of `model` (and of the models inside it) that `data` does not write out."""
    missing = [f"{where}.{name}" for name in model.model_fields if name not in data]
    for name, field in model.model_fields.items():
        inner = _nested_model(field.annotation)
        value = data.get(name)
        if inner is None or value is None:
            continue
        for index, item in enumerate(value if isinstance(value, list) else [value]):
            missing += _missing_fields(item, inner, f"{where}.{name}[{index}]")
    return missing


def test_template_writes_out_every_field_of_the_model() -> None:
    document, _ = load_bytes(template().encode("utf-8"), "platforms/signal.yaml")
    assert document is not None
    assert _missing_fields(document.data, Platform, "platform") == []


@pytest.mark.parametrize(
    ("key", "model"),
    [
        ("parents", NamePeriod),
        ("conflicts", Conflict),
        ("statements", Statement),
        ("events", Event),
        ("requests", RequestFigures),
    ],
)
def test_commented_examples_of_empty_lists_are_valid(key: str, model: type[BaseModel]) -> None:
    lines = template().splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == f"{key}: []")
    indent = lines[start].index(key)
    assert lines[start + 1] == " " * indent + "# For example:"
    prefix = " " * indent + "#   "
    example = []
    for line in lines[start + 2 :]:
        if not line.startswith(prefix):
            break
        example.append(line[len(prefix) :])
    document, problems = load_bytes("\n".join(example).encode("utf-8"), "example.yaml")
    assert problems == []
    assert document is not None
    TypeAdapter(list[model]).validate_python(document.data)  # type: ignore[valid-type]


def test_check_lists_every_todo_of_a_new_file_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = template()
    root = project_with(tmp_path, {"signal.yaml": text})
    code, out = check(root, capsys)
    todo_lines = [
        n
        for n, line in enumerate(text.splitlines(), 1)
        if TODO_VALUE.match(line) or PLACEHOLDER_URL in line
    ]
    reported = [int(line.split(":")[1]) for line in out[:-1]]
    assert code == 1
    assert reported == todo_lines
    assert all(": error: " in line and ": still to do: " in line for line in out[:-1])
    assert out[0] == (
        "platforms/signal.yaml:19:10: error: summary: still to do: "
        "two or three sentences for readers on what it hands over, and to whom"
    )
    assert (
        "platforms/signal.yaml:116:15: error: disclosure[0].rules[1].note: still to do: "
        "find what legal process unlocks IP address; then replace unknown and cite a source, "
        "or say here why it stays unknown"
    ) in out
    assert out[-1] == f"2 files checked: {len(todo_lines)} errors, 0 warnings"
    assert (
        "platforms/signal.yaml:288:10: error: sources[0].url: still to do: "
        f"{PLACEHOLDER_URL} is a placeholder: write the address you read"
    ) in out
    assert len(todo_lines) == 30


def test_a_filled_in_template_passes_the_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = filled_in(template())
    assert not TODO_VALUE.search(text)
    assert PLACEHOLDER_URL not in text
    root = project_with(tmp_path, {"signal.yaml": text})
    assert check(root, capsys) == (0, [
        "platforms/signal.yaml: 1 source: 1 primary, 0 news, 0 secondary (100% primary or news)",
        "jurisdictions/HK.yaml: 1 source: 1 primary, 0 news, 0 secondary (100% primary or news)",
        "2 files checked: 0 errors, 0 warnings",
    ])  # fmt: skip


def test_the_display_name_is_written_as_given() -> None:
    text = template("x-twitter", "X (formerly Twitter): the app")
    document, problems = load_bytes(text.encode("utf-8"), "platforms/x-twitter.yaml")
    assert problems == []
    assert document is not None
    assert document.data["name"] == "X (formerly Twitter): the app"
    assert document.data["identity"]["names"][0]["name"] == "X (formerly Twitter): the app"
    assert document.data["sources"][0]["id"] == "x-twitter-policy"


@pytest.mark.parametrize(
    "text",
    ["true", "false", "null", "~", "12", "-3", "1.5", "", " leading", "trailing ", "a: b",
     "x #y", "- item", "[x]", "{x}", "'quoted'", '"double"', "HK", "Ünïcode 中文",
     "https://a.example/c#d", "TODO: fill in", "yes", "2020-06-30", "*alias", "&anchor", "!tag",
     "line\nbreak", "tab\there", "@handle", "%percent", "`code`", "a:"],
)  # fmt: skip
def test_scalars_read_back_as_the_same_text(text: str) -> None:
    document, problems = load_bytes(f"key: {yaml_scalar(text)}\n".encode(), "t.yaml")
    assert problems == []
    assert document is not None
    assert document.data == {"key": text}


def test_dates_in_the_template_are_the_day_it_was_written() -> None:
    text = platform_template("signal", "Signal", dt.date(2027, 1, 31))
    assert "last_reviewed: 2027-01-31\n" in text
    assert "as_of: 2027-01-31" not in text  # the date of the evidence is never today's by default
    assert "    as_of: TODO the date of the newest source that states the status" in text
    assert "    accessed: 2027-01-31\n" in text
