"""Only ordinary files inside the repository are read: links, pipes, devices and misplaced files
are reported by `check` (never followed, never echoed), and the commands never hang on them."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

LINK = (
    "this is a symbolic link: data files must be ordinary files in the repository; "
    "replace the link with the file itself"
)
SECRET = "root:x:0:0:root:/root:/bin/bash"


def check(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "check", "--today", "2026-11-28", *args],
        cwd=project, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def test_a_linked_data_file_is_refused_and_its_target_never_shown(
    valid_project: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "passwd"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    (valid_project / "platforms" / "passwd.yaml").symlink_to(secret)
    text = check(valid_project)
    assert (text.returncode, text.stdout) == (
        1, f"platforms/passwd.yaml:1:1: error: {LINK}\n3 files checked: 1 error, 0 warnings\n"
    )  # fmt: skip
    github = check(valid_project, "--format", "github")
    assert github.stdout == f"::error file=platforms/passwd.yaml,line=1,col=1::{LINK}\n"
    assert SECRET not in text.stdout + text.stderr + github.stdout + github.stderr


def test_a_link_replacing_a_data_file_is_refused_even_inside_the_repository(
    valid_project: Path,
) -> None:
    alpha = valid_project / "platforms" / "alpha.yaml"
    alpha.rename(valid_project / "alpha-copy.yaml")
    alpha.symlink_to("../alpha-copy.yaml")
    assert check(valid_project).stdout.splitlines()[0] == f"platforms/alpha.yaml:1:1: error: {LINK}"


def test_a_linked_data_folder_is_refused(valid_project: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (valid_project / "jurisdictions").rename(elsewhere)
    (valid_project / "jurisdictions").symlink_to(elsewhere)
    result = check(valid_project)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "jurisdictions:1:1: error: jurisdictions/ is a symbolic link: data folders must be real "
        "folders in the repository"
    )


def test_a_named_pipe_is_reported_without_waiting_for_it(valid_project: Path) -> None:
    os.mkfifo(valid_project / "platforms" / "pipe.yaml")
    result = check(valid_project)  # before: waited for a writer until the timeout
    assert (result.returncode, result.stdout) == (1, (
        "platforms/pipe.yaml:1:1: error: this is a named pipe (FIFO), not a file: replace it with "
        "an ordinary file\n3 files checked: 1 error, 0 warnings\n"
    ))  # fmt: skip


def test_a_device_is_reported_without_reading_it(valid_project: Path) -> None:
    try:
        os.mknod(valid_project / "platforms" / "zero.yaml", stat.S_IFCHR | 0o600, os.makedev(1, 5))
    except PermissionError:
        pytest.skip("making a device node needs root")
    result = check(valid_project)
    assert result.stdout.splitlines()[0] == (
        "platforms/zero.yaml:1:1: error: this is a device, not a file: replace it with an ordinary file"
    )


def test_misnamed_and_misplaced_data_files_are_reported(valid_project: Path) -> None:
    platforms = valid_project / "platforms"
    alpha = (platforms / "alpha.yaml").read_text(encoding="utf-8")
    (platforms / "beta.YAML").write_text(alpha, encoding="utf-8")
    (platforms / "gamma.Yml").write_text(alpha, encoding="utf-8")
    (platforms / "drafts" / "old").mkdir(parents=True)
    (platforms / "drafts" / "delta.yaml").write_text(alpha, encoding="utf-8")
    (platforms / "drafts" / "old" / "epsilon.yml").write_text(alpha, encoding="utf-8")
    (platforms / "drafts" / "notes.txt").write_text("not data", encoding="utf-8")
    (platforms / "folder.yaml").mkdir()
    (platforms / ".hidden.yaml").write_text("editor backup", encoding="utf-8")
    (platforms / "README.md").write_text("not data", encoding="utf-8")
    moved = (
        "only files directly inside platforms/ are read: move this one there, or out of platforms/"
    )
    assert check(valid_project).stdout.splitlines() == [
        "platforms/beta.YAML:1:1: error: data files end in .yaml: rename it",
        f"platforms/drafts/delta.yaml:1:1: error: {moved}",
        f"platforms/drafts/old/epsilon.yml:1:1: error: {moved}",
        "platforms/folder.yaml:1:1: error: this is a folder, not a file: only data files may end in .yaml",
        "platforms/gamma.Yml:1:1: error: data files end in .yaml: rename it",
        "3 files checked: 5 errors, 0 warnings",
    ]


def test_a_file_name_that_is_not_utf8_is_shown_escaped(valid_project: Path) -> None:
    platforms = os.fsencode(valid_project / "platforms")
    alpha = (valid_project / "platforms" / "alpha.yaml").read_bytes()
    with open(os.path.join(platforms, b"caf\xe9.yaml"), "wb") as file:
        file.write(alpha)
    for args in ((), ("--format", "github")):
        result = check(valid_project, *args)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
        assert "platforms/caf\\udce9.yaml" in result.stdout
