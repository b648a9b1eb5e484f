"""`python build.py check`: exact output, exit codes, annotations, and never a traceback."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from privacy_terms.cli import main

from conftest import ROOT


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args],
        cwd=cwd, capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, **env},
    )  # fmt: skip


def test_check_passes_on_valid_data_and_prints_the_evidence_mix(valid_project: Path) -> None:
    result = run(["check", "--today", "2026-11-28"], valid_project)
    assert (result.returncode, result.stdout.splitlines(), result.stderr) == (0, [
        "platforms/alpha.yaml: 4 sources: 3 primary, 1 news, 0 secondary (100% primary or news)",
        "jurisdictions/HK.yaml: 1 source: 1 primary, 0 news, 0 secondary (100% primary or news)",
        "2 files checked: 0 errors, 0 warnings",
    ], "")  # fmt: skip


def test_check_lists_every_problem_then_the_summary(valid_project: Path) -> None:
    alpha = valid_project / "platforms" / "alpha.yaml"
    text = alpha.read_text(encoding="utf-8")
    text = text.replace("    status: paused\n", "    status: paused_forever\n", 1)
    text = text.replace("last_reviewed: 2026-11-01", "last_reviewed: 2025-01-01")
    alpha.write_text(text, encoding="utf-8")
    result = run(["check", "--today", "2026-11-28"], valid_project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "platforms/alpha.yaml:96:13: error: stances[0].status: 'paused_forever' is not one of: paused, paused_unconfirmed, no_data_to_give, processing, no_statement, unknown",
        "platforms/alpha.yaml:96:13: note: 20 checks of this file not run until the error above is fixed",
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
        "platforms/deep.yaml:1:36: note: 21 checks of this file not run until the error above is fixed",
        "platforms/latin1.yaml:1:10: error: the file is not UTF-8 text (byte 0xe9): save it as UTF-8",
        "platforms/list.yaml:1:1: error: (top level): expected a mapping of fields, got a list",
        "platforms/list.yaml:1:1: note: 20 checks of this file not run until the error above is fixed",
        "6 files checked: 4 errors, 0 warnings",
    ]
    assert result.stderr == ""


FORGED = "x,line=1%0A\n::warning file=README.md::forged"
"""A file name that, written raw, would move an annotation and add a forged one."""


def test_github_annotations_escape_file_names(valid_project: Path) -> None:
    alpha = valid_project / "platforms" / "alpha.yaml"
    alpha.rename(valid_project / "platforms" / f"{FORGED}.yaml")
    result = run(["check", "--format", "github", "--today", "2026-11-28"], valid_project)
    assert result.returncode == 1
    assert result.stdout == (
        "::error file=platforms/x%2Cline=1%250A%0A%3A%3Awarning file=README.md%3A%3Aforged.yaml,"
        "line=3,col=5::id: 'alpha' must equal the file name 'x,line=1%250A\\n::warning "
        "file=README.md::forged': rename the file or change the id\n"
    )


def test_text_output_never_starts_a_line_from_a_file_name(valid_project: Path) -> None:
    alpha = valid_project / "platforms" / "alpha.yaml"
    alpha.rename(valid_project / "platforms" / f"{FORGED}.yaml")
    result = run(["check", "--today", "2026-11-28"], valid_project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "platforms/x,line=1%0A\\x0a::warning file=README.md::forged.yaml:3:5: error: id: 'alpha' "
        "must equal the file name 'x,line=1%0A\\n::warning file=README.md::forged': rename the "
        "file or change the id",
        "2 files checked: 1 error, 0 warnings",
    ]


HOSTILE_CONTENT = {
    "raw-controls": "id: a\nname: \x0b\x0c\x08\x7f\x85\x9b\ufffe\n".encode(),
    "escaped-controls": b'id: a\nname: "\\0\\e\\x01\\N\\L\\P"\n',
    "surrogate-escape": b'id: a\nname: "\\ud800"\n',
    "huge-integer": b"id: a\nname: " + b"7" * 10_000 + b"\n",
    "huge-decimal": b"id: a\nname: 1." + b"5" * 10_000 + b"\n",
    "line-separators": "id: a\u2028name: b\u2029\n".encode(),
    "escaped-key": b'"\\x1b[2J": 1\n',
    "bom-only": b"\xef\xbb\xbf",
    "lone-cr": b"id: a\rname: [\r",
    "ansi-in-comment": b"# \x1b]0;title\x07\nid: a\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_CONTENT))
def test_check_never_fails_internally_on_file_content(valid_project: Path, name: str) -> None:
    (valid_project / "platforms" / f"{name}.yaml").write_bytes(HOSTILE_CONTENT[name])
    result = run(["check", "--today", "2026-11-28"], valid_project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr == ""
    [problem, *notes, summary_line] = result.stdout.splitlines()
    assert problem.startswith(f"platforms/{name}.yaml:") and ": error: " in problem
    assert problem.isprintable(), problem
    # A file whose lines were read says how many of its checks wait; one refused whole does not.
    assert notes == (
        []
        if name == "bom-only"
        else [
            problem.split(": error: ")[0]
            + ": note: 21 checks of this file not run until the error above is fixed"
        ]
    )
    assert summary_line == "3 files checked: 1 error, 0 warnings"


def test_in_the_future_does_not_depend_on_the_machines_time_zone(valid_project: Path) -> None:
    """A date that is today anywhere on Earth (up to UTC+14) has happened, wherever CI runs."""
    latest = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=14)).date()
    alpha = valid_project / "platforms" / "alpha.yaml"
    text = alpha.read_text(encoding="utf-8")
    head, found, tail = text.rpartition("accessed: 2026-11-01")  # the last source's reading
    assert found and tail == "\n"
    alpha.write_text(f"{head}accessed: {latest}{tail}", encoding="utf-8")
    for zone in ("Etc/GMT+12", "Etc/GMT+10", "UTC", "Asia/Hong_Kong", "Etc/GMT-14"):
        result = run(["check"], valid_project, TZ=zone)
        assert result.returncode == 0, (zone, result.stdout)
        assert "in the future" not in result.stdout, zone
    tomorrow = latest + dt.timedelta(days=1)
    alpha.write_text(f"{head}accessed: {tomorrow}{tail}", encoding="utf-8")
    line = text.count("\n")
    for zone in ("Etc/GMT+12", "Etc/GMT-14"):
        result = run(["check"], valid_project, TZ=zone)
        assert result.returncode == 1, zone
        assert (
            f"platforms/alpha.yaml:{line}:15: error: sources[3].accessed: {tomorrow} is in the"
            " future: dates record what has happened"
        ) in result.stdout.splitlines(), zone


def test_a_python_without_the_dependencies_gets_one_line_saying_how_to_run_it() -> None:
    """`-S` leaves out site-packages: the system Python of a fresh machine, as a newcomer has it."""
    result = subprocess.run(
        [sys.executable, "-S", "build.py", "--help"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.startswith("error: this Python has no '")
    assert result.stderr.endswith(
        "' module: run `python3 -m venv .venv && .venv/bin/pip install -r requirements.txt`, "
        "then `.venv/bin/python build.py ...`\n"
    )
    assert result.stderr.count("\n") == 1


def test_a_newcomers_mistakes_are_all_reported_sorted_and_explained(valid_project: Path) -> None:
    """A misspelt field, a ': ' in a value and a broken translation file: none hides another."""
    (valid_project / "mkdocs.zh-hant.yml").write_text("INHERIT: mkdocs.yml\n", encoding="utf-8")
    alpha = valid_project / "platforms" / "alpha.yaml"
    text = alpha.read_text(encoding="utf-8")
    beta = text.replace("\nid: alpha\n", "\nid: beta\n").replace("\nsources:\n", "\nsorces:\n")
    (valid_project / "platforms" / "beta.yaml").write_text(
        beta.replace("kind: news_report", "kind: news_reprot"), encoding="utf-8"
    )
    (valid_project / "platforms" / "gamma.yaml").write_text(
        text.replace("\nid: alpha\n", "\nid: gamma\n").replace(
            "summary: Basic records on a subpoena; content on a warrant.",
            "summary: Basic records on a subpoena: content on a warrant.",
        ),
        encoding="utf-8",
    )
    translation = valid_project / "translations" / "zh-hant" / "platforms" / "alpha.yaml"
    translation.parent.mkdir(parents=True)
    translation.write_text('"summary":\n  text: "譯文\n', encoding="utf-8")
    result = run(["check", "--today", "2026-11-28"], valid_project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "platforms/beta.yaml:162:1: error: sorces: unknown field 'sorces': did you mean 'sources'?",
        "platforms/beta.yaml:184:11: error: sources[2].kind: 'news_reprot' is not one of: company_policy, company_statement, transparency_report, government_record, court_record, news_report, secondary: did you mean 'news_report'?",
        "platforms/beta.yaml:184:11: note: 20 checks of this file not run until the 2 errors above are fixed",
        "platforms/gamma.yaml:42:41: error: YAML syntax: a value with ': ' must be in quotes: put the whole value in double quotes (\"…\")",
        "platforms/gamma.yaml:42:41: note: 21 checks of this file not run until the error above is fixed",
        'translations/zh-hant/platforms/alpha.yaml:2:9: error: YAML syntax: the quote " opened here is never closed: close it (write a " inside it as \\")',
        "4 files checked: 4 errors, 0 warnings",
    ]


def test_github_format_prints_notes_as_notices(valid_project: Path) -> None:
    alpha = valid_project / "platforms" / "alpha.yaml"
    text = alpha.read_text(encoding="utf-8")
    alpha.write_text(
        text.replace("    status: paused\n", "    status: pause\n", 1), encoding="utf-8"
    )
    result = run(["check", "--format", "github", "--today", "2026-11-28"], valid_project)
    assert result.stdout.splitlines()[1] == (
        "::notice file=platforms/alpha.yaml,line=96,col=13::20 checks of this file not run until "
        "the error above is fixed"
    )
