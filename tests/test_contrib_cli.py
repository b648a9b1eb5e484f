"""`python build.py new` and `diff` as a contributor runs them: exact messages and exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GIT_ENV, ROOT, git, make_repo

HELPED = "replace every TODO, then run `python build.py check`"


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args],
        cwd=cwd, capture_output=True, text=True, timeout=120, check=False, env=env,
    )  # fmt: skip


def outcome(result: subprocess.CompletedProcess[str]) -> tuple[int, str, str]:
    return result.returncode, result.stdout, result.stderr


# --- new -----------------------------------------------------------------------------------


def test_new_writes_the_template_and_says_what_to_do(valid_project: Path) -> None:
    result = run(["new", "signal", "--name", "Signal", "--today", "2026-11-28"], valid_project)
    assert outcome(result) == (0, f"wrote platforms/signal.yaml: {HELPED}\n", "")
    written = (valid_project / "platforms" / "signal.yaml").read_text(encoding="utf-8")
    assert written.startswith("# yaml-language-server: $schema=../schema/platform.schema.json\n")
    check = run(["check", "--today", "2026-11-28"], valid_project)
    assert check.returncode == 1
    assert check.stdout.splitlines()[-1] == "3 files checked: 30 errors, 0 warnings"


def test_new_creates_the_platforms_folder_when_missing(tmp_path: Path) -> None:
    result = run(["new", "signal", "--name", "Signal"], tmp_path)
    assert outcome(result) == (0, f"wrote platforms/signal.yaml: {HELPED}\n", "")
    assert (tmp_path / "platforms" / "signal.yaml").is_file()


def test_new_refuses_to_overwrite(valid_project: Path) -> None:
    alpha = valid_project / "platforms" / "alpha.yaml"
    before = alpha.read_bytes()
    result = run(["new", "alpha", "--name", "Alpha"], valid_project)
    assert outcome(result) == (
        1, "", "error: platforms/alpha.yaml already exists: edit it, or choose another id\n"
    )  # fmt: skip
    assert alpha.read_bytes() == before


@pytest.mark.parametrize(
    ("platform_id", "message"),
    [
        ("Signal", "'Signal' is not a valid id: use lowercase letters, digits and single hyphens"),
        ("x--twitter", "'x--twitter' is not a valid id: use lowercase letters, digits and single hyphens"),
        ("../etc", "'../etc' is not a valid id: use lowercase letters, digits and single hyphens"),
        ("signal.yaml", "'signal.yaml' is not a valid id: use lowercase letters, digits and single hyphens"),
    ],
)  # fmt: skip
def test_new_rejects_a_bad_id(valid_project: Path, platform_id: str, message: str) -> None:
    result = run(["new", platform_id, "--name", "X"], valid_project)
    assert outcome(result) == (2, "", f"error: {message}\n")
    assert sorted(p.name for p in (valid_project / "platforms").iterdir()) == ["alpha.yaml"]


def test_new_rejects_an_empty_name(valid_project: Path) -> None:
    result = run(["new", "signal", "--name", "  "], valid_project)
    assert outcome(result) == (
        2, "", "error: the name must not be empty: write the platform's display name\n"
    )  # fmt: skip


def test_new_without_a_name_is_a_usage_error(valid_project: Path) -> None:
    result = run(["new", "signal"], valid_project)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "python build.py new: error: the following arguments are required: --name"
    )


# --- diff errors ---------------------------------------------------------------------------


def test_diff_outside_a_repository(tmp_path: Path) -> None:
    result = run(["diff", "main"], tmp_path)
    assert outcome(result) == (
        2, "", f"error: {tmp_path} is not inside a git repository: diff compares with a commit\n"
    )  # fmt: skip


def test_diff_with_an_unknown_ref(tmp_path: Path) -> None:
    result = run(["diff", "no-such-branch"], make_repo(tmp_path))
    assert outcome(result) == (
        2, "", "error: unknown git ref 'no-such-branch': name a commit, branch or tag (try `git log`)\n"
    )  # fmt: skip


def test_diff_refuses_a_ref_that_looks_like_an_option(tmp_path: Path) -> None:
    result = run(["diff", "--", "--output=/tmp/x"], make_repo(tmp_path))
    assert outcome(result) == (
        2, "", "error: '--output=/tmp/x' is not a git ref: name a commit, branch or tag\n"
    )  # fmt: skip


def test_diff_when_the_data_at_the_ref_is_invalid(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    alpha = repo / "platforms" / "alpha.yaml"
    good = alpha.read_text(encoding="utf-8")
    alpha.write_text(
        good.replace("    status: paused\n", "    status: on_hold\n", 1), encoding="utf-8"
    )
    git(repo, "commit", "--quiet", "--no-gpg-sign", "--all", "-m", "Broken")
    alpha.write_text(good, encoding="utf-8")
    result = run(["diff", "HEAD", "--today", "2026-11-28"], repo)
    assert outcome(result) == (1, "", (
        "error: the data at HEAD does not pass `python build.py check` (1 error; first: "
        "platforms/alpha.yaml:96:13: error: stances[0].status: 'on_hold' is not one of: paused, "
        "paused_unconfirmed, no_data_to_give, processing, no_statement, unknown)\n"
    ))  # fmt: skip


def test_diff_when_the_working_tree_is_invalid(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    (repo / "platforms" / "beta.yaml").write_text("id: beta\n", encoding="utf-8")
    result = run(["diff", "HEAD", "--today", "2026-11-28"], repo)
    assert outcome(result) == (1, "", (
        "error: the data in the working tree does not pass `python build.py check` (9 errors; "
        "first: platforms/beta.yaml:1:1: error: disclosure: missing required field 'disclosure': add it)\n"
    ))  # fmt: skip


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Sig\x0bnal", "the name holds U+000B (vertical tab): remove it"),
        ("Sig\x1b[31mnal", "the name holds U+001B (escape): remove it"),
        ("Signal\x85", "the name holds U+0085 (next line): remove it"),
        ("Sig\u2028nal", "the name holds U+2028 (line separator): remove it"),
        ("Sig\u202enal", "the name holds U+202E (right-to-left override): remove it"),
    ],
    ids=["vertical-tab", "escape", "next-line", "line-separator", "override"],
)
def test_new_refuses_a_name_check_would_refuse(
    valid_project: Path, name: str, message: str
) -> None:
    result = run(["new", "signal", "--name", name], valid_project)
    assert outcome(result) == (2, "", f"error: {message}\n")
    assert not (valid_project / "platforms" / "signal.yaml").exists()


@pytest.mark.parametrize(
    ("platform_id", "message"),
    [
        ("index", "'index' is the name of a generated page (platforms/index.html, the list of platforms): choose another id"),
        ("aux", "'aux' is a reserved file name on Windows (con, prn, aux, nul, com0-com9, lpt0-lpt9): choose another id"),
        ("a" * 101, "the id is 101 characters long; ids have at most 100: the build names files after it (platforms/<id>.html, and names up to 19 characters longer while building), and some systems cannot hold longer names (encrypted home folders hold 143 characters per file name; Windows, where the offline copy is unzipped, 260 per path): choose a shorter id"),
    ],
)  # fmt: skip
def test_new_refuses_an_id_that_cannot_be_a_page(
    valid_project: Path, platform_id: str, message: str
) -> None:
    result = run(["new", platform_id, "--name", "X"], valid_project)
    assert outcome(result) == (2, "", f"error: {message}\n")
    assert not (valid_project / "platforms" / f"{platform_id}.yaml").exists()


# --- translate -----------------------------------------------------------------------------


def test_translate_prints_the_entries_a_file_still_needs(valid_project: Path) -> None:
    from privacy_terms.website.translations import fingerprint

    (valid_project / "mkdocs.zh-hant.yml").write_text("INHERIT: mkdocs.yml\n", encoding="utf-8")
    target = valid_project / "translations" / "zh-hant" / "platforms" / "alpha.yaml"
    target.parent.mkdir(parents=True)
    pause = "Alpha Chat paused its review of Hong Kong requests in July 2020."
    target.write_text(
        '"stances[0].summary":\n  text: 舊譯文\n  english: "000000000000"\n'
        f'"summary":\n  text: 摘要譯文\n  english: "{fingerprint("Alpha Chat is a fictional messenger used by the tests. It hands over *basic records* on a subpoena.")}"\n',
        encoding="utf-8",
    )
    result = run(["translate", "platforms/alpha.yaml", "--today", "2026-11-28"], valid_project)
    assert result.returncode == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert (
        lines[0]
        == "# platforms/alpha.yaml: 31 fields without a translation, 1 whose English changed since it was translated."
    )
    assert (
        lines[1]
        == "# Add these to translations/zh-hant/platforms/alpha.yaml (replace an entry that is already there):"
    )
    at = lines.index('"stances[0].summary":')
    assert lines[at : at + 5] == [
        '"stances[0].summary":',
        "  # The English changed; it was translated as: 舊譯文",
        f"  # {pause}",
        '  text: ""',
        f'  english: "{fingerprint(pause)}"',
    ]
    assert '"summary":' not in lines  # translated, and its English is the same
    # A quote that decides an answer asks for its gloss, never offering a translation as one.
    said = "We are pausing the review of requests from Hong Kong."
    at = lines.index('"stances[0].statements[0].said.gloss":')
    assert lines[at : at + 4] == [
        '"stances[0].statements[0].said.gloss":',
        f"  # {said}",
        '  text: ""',
        f'  english: "{fingerprint(said)}"',
    ]


def test_translate_names_an_unknown_file(valid_project: Path) -> None:
    result = run(["translate", "platforms/nope.yaml", "--today", "2026-11-28"], valid_project)
    assert outcome(result) == (
        2,
        "",
        "error: no data file platforms/nope.yaml: name files as they are in the project, e.g. platforms/alpha.yaml\n",
    )


HEADER = (
    "# Traditional Chinese (Hong Kong) translations of platforms/alpha.yaml: field path -> the translated text and the\n"
    '# fingerprint of the English it translates (`english`; see CONTRIBUTING.md, "Translating").\n'
    "# Awaiting review by a native speaker: set reviewed_by once reviewed.\n"
    "# Quotes stay in their original language.\n"
    "reviewed_by: null\n"
)


def test_translate_creates_a_missing_translation_file_with_its_header(valid_project: Path) -> None:
    (valid_project / "mkdocs.zh-hant.yml").write_text("INHERIT: mkdocs.yml\n", encoding="utf-8")
    target = valid_project / "translations" / "zh-hant" / "platforms" / "alpha.yaml"
    assert not target.exists()
    result = run(["translate", "platforms/alpha.yaml", "--today", "2026-11-28"], valid_project)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.splitlines()[1] == (
        "# Created translations/zh-hant/platforms/alpha.yaml with its header; add these to it:"
    )
    assert target.read_text(encoding="utf-8") == HEADER
    # The new file loads (no error), and the next run adds to it rather than creating it.
    check = run(["check", "--today", "2026-11-28"], valid_project)
    assert check.returncode == 0 and ": error: " not in check.stdout
    again = run(["translate", "platforms/alpha.yaml", "--today", "2026-11-28"], valid_project)
    assert again.stdout.splitlines()[1].startswith("# Add these to translations/zh-hant/")
    assert target.read_text(encoding="utf-8") == HEADER


def test_translate_never_creates_a_file_through_a_link_and_says_what_to_create(
    valid_project: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (valid_project / "translations").symlink_to(elsewhere, target_is_directory=True)
    result = run(["translate", "platforms/alpha.yaml", "--today", "2026-11-28"], valid_project)
    assert result.returncode == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[1:7] == [
        "# translations/zh-hant/platforms/alpha.yaml would be written through a symbolic link: "
        "create it with these first lines, then add the entries below:",
        *HEADER.splitlines(),
    ]
    assert list(elsewhere.iterdir()) == []
