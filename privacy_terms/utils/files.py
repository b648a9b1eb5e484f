"""Which files the project reads, and how: only ordinary files inside the repository.

A pull request can commit a symbolic link (to `/etc/passwd`, or to a file elsewhere that `diff`
would not compare), and a broken machine can hold a named pipe (reading it waits for ever) or a
device. Data files and hand-written pages are therefore read only when they are ordinary files
reached without following any link, and nothing about another kind of file is ever read or shown.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from privacy_terms.utils.problems import Problem

DATA_SUFFIX = ".yaml"


class FileRefused(Exception):
    """A path that is not an ordinary file, or cannot be read; the message is one sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


DATA_FILES = "data files"
TRANSLATION_FILES = "translation files"
HAND_WRITTEN = "hand-written pages and their files"


def read_regular(path: Path, limit: int, kind: str = DATA_FILES) -> bytes:
    """Return the bytes of the ordinary file at `path`, never following a symbolic link.

    Raise FileRefused for anything else (a link, a pipe, a device, a folder), for a file over
    `limit` bytes (known from the file system before anything is read), and when the file cannot
    be read. Pipes are opened without waiting, so a named pipe among the data files is reported
    instead of hanging the command. `kind` says in the messages what the file is.
    """
    try:
        refuse_special(os.lstat(path).st_mode, kind)
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        descriptor = os.open(path, flags | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise FileRefused(f"cannot read the file: {exc.strerror or exc}") from None
    try:
        info = os.fstat(descriptor)
        refuse_special(info.st_mode, kind)  # it may have been replaced since lstat
        if info.st_size > limit:
            raise FileRefused(too_large(info.st_size, limit))
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            data = file.read(limit + 1)  # never more, even if it grew since fstat
        if len(data) > limit:
            raise FileRefused(too_large(len(data), limit))
        return data
    except OSError as exc:
        raise FileRefused(f"cannot read the file: {exc.strerror or exc}") from None
    finally:
        os.close(descriptor)


def too_large(size: int, limit: int) -> str:
    """The message for a file over its limit."""
    return f"the file is {size:,} bytes; the limit is {limit:,}: split it up"


def refuse_special(mode: int, kind: str = DATA_FILES) -> None:
    """Raise FileRefused unless `mode` (from lstat) is an ordinary file's."""
    if stat.S_ISREG(mode):
        return
    if stat.S_ISLNK(mode):
        raise FileRefused(
            f"this is a symbolic link: {kind} must be ordinary files in the repository; "
            "replace the link with the file itself"
        )
    if stat.S_ISDIR(mode):
        raise FileRefused("this is a folder, not a file: only data files may end in .yaml")
    kind = (
        "a named pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
    )
    raise FileRefused(f"this is {kind}, not a file: replace it with an ordinary file")


def scan_data_folder(root: Path, name: str) -> tuple[list[Path], list[Problem]]:
    """Return the data files directly inside `root/name`, and problems with what else is there.

    Every `*.yaml` entry is returned, whatever it is, so that loading it reports what is wrong
    (a link, a pipe). A misspelt suffix (`.yml`, `.YAML`) and data files in subfolders are
    reported, never silently left out; hidden entries (`.gitkeep`, editor files) are skipped.
    """
    folder = root / name
    if folder.is_symlink():
        message = f"{name}/ is a symbolic link: data folders must be real folders in the repository"
        return [], [Problem(name, 1, 1, "error", message)]
    if not folder.is_dir():
        return [], []
    files: list[Path] = []
    problems: list[Problem] = []
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        shown = f"{name}/{entry.name}"
        if entry.name.startswith("."):
            continue
        if entry.name.endswith(DATA_SUFFIX):
            files.append(Path(entry.path))
        elif entry.is_dir(follow_symlinks=False):
            problems += _files_in_subfolder(Path(entry.path), shown, name)
        elif entry.name.lower().endswith((".yaml", ".yml")):
            problems.append(Problem(shown, 1, 1, "error", "data files end in .yaml: rename it"))
    return files, problems


def _files_in_subfolder(folder: Path, shown: str, name: str) -> list[Problem]:
    message = f"only files directly inside {name}/ are read: move this one there, or out of {name}/"
    found = []
    for parent, folders, names in os.walk(folder):  # never into linked folders
        folders.sort()
        for file_name in sorted(names):
            if file_name.lower().endswith((".yaml", ".yml")):
                path = Path(parent, file_name).relative_to(folder).as_posix()
                found.append(Problem(f"{shown}/{path}", 1, 1, "error", message))
    return found


def linked_paths(folder: Path, relative_paths: Iterable[str]) -> list[str]:
    """Return those of `relative_paths` (under `folder`) reached through a symbolic link.

    MkDocs follows links in its docs folder; a link there would publish whatever it points to.
    """
    base = folder.resolve()
    linked = []
    for relative in relative_paths:
        path = folder / relative
        parts = Path(relative).parts
        through_link = any(
            (folder.joinpath(*parts[: index + 1])).is_symlink() for index in range(len(parts))
        )
        if through_link or not path.resolve().is_relative_to(base):
            linked.append(relative)
    return sorted(linked)


def scan_tree(root: Path, name: str, limit: int, kind: str) -> tuple[list[Path], list[Problem]]:
    """Return the ordinary files under `root/name`, and a problem at `file:1:1` for every other
    entry: a symbolic link (to a file or a folder), a named pipe, a device, a socket, and a file
    over `limit` bytes. Nothing is opened: what an entry is and its size come from the folder
    (lstat), so a pipe cannot hang the scan and a huge file is never read. Links are never
    followed (`kind` says in the messages what the files are).
    """
    top = root / name
    files: list[Path] = []
    problems: list[Problem] = []
    try:
        mode = os.lstat(top).st_mode
    except FileNotFoundError:
        return [], []
    except OSError as exc:
        return [], [Problem(name, 1, 1, "error", f"cannot read the folder: {exc.strerror}")]
    if stat.S_ISLNK(mode):
        return [], [Problem(name, 1, 1, "error", _linked_folder(kind))]
    if not stat.S_ISDIR(mode):
        return [], [Problem(name, 1, 1, "error", "this is not a folder: replace it with one")]
    for parent, folders, names in os.walk(top):  # os.walk never follows a linked folder
        folders.sort()
        shown = Path(parent).relative_to(root).as_posix()
        for folder in folders:
            if os.path.islink(os.path.join(parent, folder)):
                problems.append(Problem(f"{shown}/{folder}", 1, 1, "error", _linked_folder(kind)))
        for file_name in sorted(names):
            path = Path(parent, file_name)
            try:
                info = os.lstat(path)
                refuse_special(info.st_mode, kind)
                if info.st_size > limit:
                    raise FileRefused(too_large(info.st_size, limit))
            except FileRefused as exc:
                problems.append(Problem(f"{shown}/{file_name}", 1, 1, "error", exc.message))
            except OSError as exc:
                message = f"cannot read the file: {exc.strerror or exc}"
                problems.append(Problem(f"{shown}/{file_name}", 1, 1, "error", message))
            else:
                files.append(path)
    return files, problems


def _linked_folder(kind: str) -> str:
    return (
        f"this folder is a symbolic link: {kind} must be ordinary files in the repository; "
        "replace the link with the folder itself"
    )
