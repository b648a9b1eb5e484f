"""Only ordinary files inside the repository are read: links, pipes, devices and misplaced files
are reported by `check` (never followed, never echoed), and the commands never hang on them."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from test_site import make_project

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


# --- translations and hand-written pages: read with the same rules as data files -------------

TRANSLATION_LINK = (
    "this is a symbolic link: translation files must be ordinary files in the repository; "
    "replace the link with the file itself"
)
CONTENT_LINK = (
    "this is a symbolic link: hand-written pages and their files must be ordinary files in the "
    "repository; replace the link with the file itself"
)
PIPE = "this is a named pipe (FIFO), not a file: replace it with an ordinary file"


def with_chinese_edition(project: Path) -> Path:
    """The valid project with a Chinese edition: its translation files are checked."""
    (project / "mkdocs.zh-hant.yml").write_text("INHERIT: mkdocs.yml\n", encoding="utf-8")
    folder = project / "translations" / "zh-hant" / "platforms"
    folder.mkdir(parents=True)
    return folder


def errors_of(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stdout.splitlines() if ": error: " in line]


def test_a_linked_translation_file_is_refused_and_its_target_never_read(
    valid_project: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "passwd"
    secret.write_text(f'summary:\n  text: "{SECRET}"\n  english: "0"\n', encoding="utf-8")
    (with_chinese_edition(valid_project) / "alpha.yaml").symlink_to(secret)
    result = check(valid_project)
    assert result.returncode == 1
    assert errors_of(result) == [
        f"translations/zh-hant/platforms/alpha.yaml:1:1: error: {TRANSLATION_LINK}"
    ]
    assert SECRET not in result.stdout + result.stderr


def test_a_linked_translation_folder_is_refused(valid_project: Path, tmp_path: Path) -> None:
    folder = with_chinese_edition(valid_project)
    elsewhere = tmp_path / "elsewhere"
    folder.rename(elsewhere)
    folder.symlink_to(elsewhere)
    assert errors_of(check(valid_project)) == [
        "translations/zh-hant/platforms:1:1: error: this folder is a symbolic link: translation "
        "files must be ordinary files in the repository; replace the link with the folder itself"
    ]


def test_a_huge_translation_file_is_refused_before_it_is_read(valid_project: Path) -> None:
    """Before: the whole file was read, then refused (2 GB in memory)."""
    huge = with_chinese_edition(valid_project) / "alpha.yaml"
    with huge.open("wb") as file:
        file.truncate(2_000_000_000)  # sparse: no disk space used
    result = check(valid_project)  # the helper's timeout fails a command that reads it all
    assert errors_of(result) == [
        "translations/zh-hant/platforms/alpha.yaml:1:1: error: the file is 2,000,000,000 bytes; "
        "the limit is 1,000,000: split it up"
    ]


def test_a_named_pipe_among_the_translations_does_not_hang(valid_project: Path) -> None:
    os.mkfifo(with_chinese_edition(valid_project) / "alpha.yaml")
    assert errors_of(check(valid_project)) == [
        f"translations/zh-hant/platforms/alpha.yaml:1:1: error: {PIPE}"
    ]


def test_hand_written_pages_are_read_only_as_ordinary_files(
    valid_project: Path, tmp_path: Path
) -> None:
    """MkDocs reads content/ itself, following links and waiting on pipes: `check` refuses what
    it must not read, so a build never starts on it."""
    content = valid_project / "content"
    (content / "zh-hant").mkdir(parents=True)
    (content / "about.md").write_text("# About\n", encoding="utf-8")
    secret = tmp_path / "passwd"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    (content / "secret.md").symlink_to(secret)
    (content / "zh-hant" / "elsewhere").symlink_to(tmp_path)
    os.mkfifo(content / "pipe.md")
    os.mkfifo(content / "zh-hant" / "robots.txt")
    with (content / "huge.md").open("wb") as file:
        file.truncate(2_000_000_000)
    result = check(valid_project)
    assert result.returncode == 1
    assert errors_of(result) == [
        "content/huge.md:1:1: error: the file is 2,000,000,000 bytes; the limit is 1,000,000: "
        "split it up",
        f"content/pipe.md:1:1: error: {PIPE}",
        f"content/secret.md:1:1: error: {CONTENT_LINK}",
        "content/zh-hant/elsewhere:1:1: error: this folder is a symbolic link: hand-written pages "
        "and their files must be ordinary files in the repository; replace the link with the "
        "folder itself",
        f"content/zh-hant/robots.txt:1:1: error: {PIPE}",
    ]
    assert SECRET not in result.stdout + result.stderr


def test_a_named_pipe_in_content_stops_the_build_before_mkdocs(tmp_path: Path) -> None:
    """Before: the build waited for ever on content/pipe.md."""
    project = make_project(tmp_path, "valid")
    os.mkfifo(project / "content" / "pipe.md")
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "build"],
        cwd=project, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert f"content/pipe.md:1:1: error: {PIPE}" in result.stdout
    assert result.stderr.splitlines()[-1] == (
        "The site was not built: fix the errors above. site/ was left as it was."
    )
    assert not (project / "site").exists()
