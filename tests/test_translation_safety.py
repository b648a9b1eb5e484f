"""Issue #22: translations are contributor text, data and never code; each belongs to its file."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from test_checks import split_fixture
from test_site import REPO, make_project

from privacy_terms.cli import main
from privacy_terms.website.i18n import (
    CHINESE,
    Translations,
    fill,
    interface_problems,
    translation_note,
)

from conftest import FIXTURES

INVALID_INTERFACE = sorted((FIXTURES / "invalid-interface").glob("*.yaml"))


def chinese_project(tmp_path: Path, *fixtures: str) -> Path:
    """The fixture projects with the Chinese edition and the real interface strings."""
    root = make_project(tmp_path, "valid", *fixtures)
    shutil.copy(REPO / "mkdocs.zh-hant.yml", root / "mkdocs.zh-hant.yml")
    (root / "translations" / "zh-hant" / "platforms").mkdir(parents=True)
    for name in ("interface.yaml", "vocabulary.yaml", "status.yaml"):
        shutil.copy(
            REPO / "translations" / "zh-hant" / name, root / "translations" / "zh-hant" / name
        )
    return root


# --- Interface strings: `{name}` placeholders filled by plain substitution ---------------------


def test_a_placeholder_is_filled_and_nothing_else_is_evaluated() -> None:
    assert fill("首次表示於{date}。", {"date": "2020年7月6日"}) == "首次表示於2020年7月6日。"
    hostile = "{date.__class__.__init__.__globals__}{date!r}{date:>300000000}{0}{date[0]}"
    assert fill(hostile, {"date": "2020"}) == hostile
    assert fill("{dat} {{date}}", {"date": "2020"}) == "{dat} {2020}"


def test_a_hostile_translation_is_shown_as_written_never_evaluated() -> None:
    strings = {
        "In force {period}.": "{period.__new__.__globals__[sys].modules[os].environ}",
        "First said {date}.": "{date:>300000000}",
        "Last reviewed {date}.": "{dat}",
    }
    chinese = Translations(CHINESE, strings)
    assert chinese.t("In force {period}.", period="x") == strings["In force {period}."]
    assert chinese.t("First said {date}.", date="2020") == "{date:>300000000}"
    assert chinese.t("Last reviewed {date}.", date="2020") == "{dat}"


def test_a_reviewer_name_is_shown_as_written(tmp_path: Path) -> None:
    folder = tmp_path / "translations" / "zh-hant"
    folder.mkdir(parents=True)
    (folder / "status.yaml").write_text('reviewed_by: "{reviewer:>300000000}"\n', encoding="utf-8")
    assert translation_note(tmp_path) == "翻譯已由{reviewer:>300000000}審閱。"


def test_every_real_interface_translation_keeps_its_placeholders() -> None:
    assert interface_problems(REPO, CHINESE) == []


def test_there_is_an_invalid_interface_fixture_per_rule() -> None:
    assert [path.stem for path in INVALID_INTERFACE] == [
        "attribute-lookup",
        "format-spec",
        "missing-placeholder",
        "misspelt-placeholder",
        "stray-brace",
    ]


@pytest.mark.parametrize("fixture", INVALID_INTERFACE, ids=lambda p: p.stem)
def test_check_and_build_refuse_an_interface_translation_that_is_not_plain_text(
    fixture: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected, body = split_fixture(fixture)
    assert expected, f"{fixture.name} has no '# expect:' line"
    root = chinese_project(tmp_path)
    (root / "translations" / "zh-hant" / "interface.yaml").write_text(body, encoding="utf-8")
    assert main(["check", "--today", "2026-11-28"], root=root) == 1
    out = capsys.readouterr().out
    assert [line for line in out.splitlines() if ": error: " in line] == expected
    assert main(["build"], root=root) == 1
    captured = capsys.readouterr()
    assert expected[0] in captured.out + captured.err
    assert not (root / "site").exists()
    secret = os.environ.get("PATH", "")
    assert secret not in captured.out + captured.err
