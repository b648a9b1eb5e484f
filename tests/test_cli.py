"""`python build.py check`: exact output, exit codes, annotations, and never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from privacy_terms.cli import main

from conftest import ROOT


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args],
        cwd=cwd, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_check_passes_on_valid_data_and_prints_the_evidence_mix(valid_project: Path) -> None:
    result = run(["check", "--today", "2026-11-28"], valid_project)
    assert (result.returncode, result.stdout.splitlines(), result.stderr) == (0, [
        "platforms/alpha.yaml: 3 sources: 2 primary, 1 news, 0 secondary (100% primary or news)",
        "jurisdictions/HK.yaml: 1 source: 1 primary, 0 news, 0 secondary (100% primary or news)",
        "2 files checked: 0 errors, 0 warnings",
    ], "")  # fmt: skip


def test_check_lists_every_problem_then_the_summary(valid_project: Path) -> None:
    alpha = valid_project / "platforms" / "alpha.yaml"
    text = alpha.read_text(encoding="utf-8")
    text = text.replace("    status: paused\n", "    status: paused_forever\n")
    text = text.replace("last_reviewed: 2026-11-01", "last_reviewed: 2025-01-01")
    alpha.write_text(text, encoding="utf-8")
    result = run(["check", "--today", "2026-11-28"], valid_project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "platforms/alpha.yaml:96:13: error: stances[0].status: 'paused_forever' is not one of: paused, paused_unconfirmed, no_data_to_give, processing, no_statement, unknown",
        "2 files checked: 1 error, 0 warnings",
    ]


def test_warnings_alone_exit_zero(valid_project: Path) -> None:
    result = run(["check", "--today", "2027-12-01"], valid_project)
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == "2 files checked: 0 errors, 5 warnings"


def test_github_format_prints_annotations(valid_project: Path) -> None:
    alpha = valid_project / "platforms" / "alpha.yaml"
    alpha.write_text(
        alpha.read_text(encoding="utf-8").replace("\nid: alpha\n", "\nid: beta\n"), encoding="utf-8"
    )
    result = run(["check", "--format", "github", "--today", "2026-11-28"], valid_project)
    assert result.returncode == 1
    assert result.stdout == (
        "::error file=platforms/alpha.yaml,line=3,col=5::id: 'beta' must equal the file name 'alpha': rename the file or change the id\n"
    )
    assert result.stderr == "2 files checked: 1 error, 0 warnings\n"


@pytest.mark.parametrize(
    "args",
    [["nonsense"], ["check", "--format", "xml"], ["check", "--today", "yesterday"]],
)
def test_wrong_usage_exits_2_without_traceback(args: list[str], valid_project: Path) -> None:
    result = run(args, valid_project)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("usage: python build.py")


def test_unexpected_failure_is_a_sentence_not_a_traceback(
    valid_project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("privacy_terms.commands.check.load_dataset", explode)
    assert main(["check"], root=valid_project) == 3
    captured = capsys.readouterr()
    assert captured.err == (
        "internal error: RuntimeError: disk on fire\n"
        "This is a bug in privacy-terms; please report it with the command you ran.\n"
    )


def test_hostile_files_never_crash_the_check(valid_project: Path) -> None:
    platforms = valid_project / "platforms"
    (platforms / "binary.yaml").write_bytes(bytes(range(256)))
    (platforms / "latin1.yaml").write_bytes("name: caf\xe9\n".encode("latin-1"))
    (platforms / "deep.yaml").write_text("a: " + "[" * 100 + "]" * 100 + "\n", encoding="utf-8")
    (platforms / "list.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    result = run(["check", "--today", "2026-11-28"], valid_project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "platforms/binary.yaml:1:1: error: this looks like a binary file, not YAML text: replace it with a text file",
        "platforms/deep.yaml:1:36: error: nested more than 32 levels deep",
        "platforms/latin1.yaml:1:10: error: the file is not UTF-8 text (byte 0xe9): save it as UTF-8",
        "platforms/list.yaml:1:1: error: (top level): expected a mapping of fields, got a list",
        "6 files checked: 4 errors, 0 warnings",
    ]
    assert result.stderr == ""
