"""`python build.py diff <ref>`: what a change concludes, compared with a git commit.

This is the edge: it parses arguments, touches the file system and runs git, and turns every
failure into one sentence and an exit code (0 fine, 1 refused or invalid data, 2 wrong usage).
The logic lives in the pure module `privacy_terms.record.diff`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from privacy_terms.commands.arguments import add_today_option, today_from
from privacy_terms.commands.common import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, fail
from privacy_terms.data.dataset import JURISDICTIONS_DIR, PLATFORMS_DIR, Dataset, load_dataset
from privacy_terms.data.load import load_file
from privacy_terms.data.model import Jurisdiction, Platform
from privacy_terms.record.diff import (
    INTERFACE_FILES,
    Translated,
    as_markdown,
    as_text,
    diff_datasets,
)
from privacy_terms.utils.problems import errors
from privacy_terms.website.i18n import TRANSLATIONS_DIR
from privacy_terms.website.translations import data_file, load_translations

_DATA_DIRS = (PLATFORMS_DIR, JURISDICTIONS_DIR, TRANSLATIONS_DIR)
"""The folders read from a commit: the data and its translations (every change to a page's
words is listed, whichever file it is in)."""
_TREE_LINE = re.compile(rb"^([0-9]{6}) (\w+) ([0-9a-f]+)\t(.+)$", re.S)


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `diff`."""
    diff = commands.add_parser(
        "diff", help="list what changed in the conclusions since a git commit, platform by platform"
    )
    diff.add_argument("ref", help="a git commit, branch or tag, e.g. main or HEAD~1")
    diff.add_argument(
        "head",
        nargs="?",
        default=None,
        help="compare with this commit instead of the working tree (its data files are read "
        "from git as data; nothing in it is run)",
    )
    diff.add_argument(
        "--format",
        choices=["text", "markdown"],
        default="text",
        help="text (one line per change) or markdown (a pull-request comment)",
    )
    add_today_option(diff)
    diff.set_defaults(run=run_diff)


# --- diff ----------------------------------------------------------------------------------


class GitError(Exception):
    """A git command failed; the message is one sentence for the user."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def run_diff(args: argparse.Namespace) -> int:
    """Print what changed in the conclusions between `ref` and the working tree (or `head`)."""
    ref: str = args.ref
    head: str | None = args.head
    root: Path = args.root
    today = today_from(args)
    try:
        commit = _resolve(root, ref)
        head_commit = _resolve(root, head) if head is not None else None
        with tempfile.TemporaryDirectory(prefix="privacy-terms-diff-") as folder:
            _export_data(root, commit, Path(folder, "old"))
            old = _load(Path(folder, "old"), today, f"the data at {ref}")
            old_translated = _translated(Path(folder, "old"), old)
            new_root = root if head_commit is None else Path(folder, "new")
            if head_commit is None:
                new = _load(root, today, "the data in the working tree")
            else:
                _export_data(root, head_commit, new_root)
                new = _load(new_root, today, f"the data at {head}")
            new_translated = _translated(new_root, new)
    except GitError as exc:
        return fail(exc.message, exc.code)
    changes = diff_datasets(old, new, old_translated, new_translated)
    render = as_markdown if args.format == "markdown" else as_text
    sys.stdout.write(render(changes, ref))
    return EXIT_OK


def _git(root: Path, *arguments: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *arguments], cwd=root, capture_output=True, check=False, timeout=60
        )
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH): install git to compare") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {arguments[0]} took over a minute: try again", 1) from None


def _resolve(root: Path, ref: str) -> str:
    """Return the commit id `ref` names, or raise a GitError that says what is wrong."""
    if ref.startswith("-"):  # it would be read as an option by git
        raise GitError(f"{ref!r} is not a git ref: name a commit, branch or tag")
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if b"not a git repository" in inside.stderr or inside.stdout.strip() == b"false":
        raise GitError(f"{root} is not inside a git repository: diff compares with a commit")
    if inside.returncode != 0:
        raise GitError(f"git cannot read this repository: {_first_line(inside.stderr)}")
    found = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    if found.returncode != 0:
        raise GitError(f"unknown git ref {ref!r}: name a commit, branch or tag (try `git log`)")
    return found.stdout.decode("ascii").strip()


def _export_data(root: Path, commit: str, target: Path) -> None:
    """Write the data folders as they were at `commit` under `target`, read as data only.

    Every entry is written as what it is, links as links (never followed), so that loading the
    copy applies the same rules as loading a working tree: a data file committed as a link, or in
    a subfolder, fails the check instead of silently leaving the platform out.
    """
    listing = _git(root, "ls-tree", "-r", "-z", commit, "--", *_DATA_DIRS)  # a link too
    if listing.returncode != 0:
        raise GitError(f"cannot list the files at {commit[:12]}: {_first_line(listing.stderr)}", 1)
    for mode, entry in _entries(listing.stdout):
        parts = entry.split(b"/")
        if any(part in (b"", b".", b"..", b".git") for part in parts):
            # Git never makes such a path, but a crafted commit can: it would write outside
            # the temporary folder, in the privileged workflow that posts the comment.
            shown = entry.decode("utf-8", "backslashreplace")
            raise GitError(f"the commit {commit[:12]} holds an impossible path {shown!r}", 1)
        path = target / os.fsdecode(entry)
        path.parent.mkdir(parents=True, exist_ok=True)
        if mode == "160000":  # a submodule: a folder with nothing in it
            path.mkdir(exist_ok=True)
            continue
        if mode == "120000":
            os.symlink("symbolic-link-from-git", path)  # never read: the loader refuses links
            continue
        content = _git(root, "cat-file", "blob", f"{commit}:./{os.fsdecode(entry)}")
        if content.returncode != 0:
            shown = entry.decode("utf-8", "backslashreplace")
            raise GitError(
                f"cannot read {shown} at {commit[:12]}: {_first_line(content.stderr)}", 1
            )
        path.write_bytes(content.stdout)


def _entries(listing: bytes) -> list[tuple[str, bytes]]:
    """Return (mode, path) for everything under the data folders, from `git ls-tree -r -z`."""
    entries = []
    for raw in listing.split(b"\0"):
        match = _TREE_LINE.match(raw)
        if match and match[4].split(b"/")[0].decode("ascii", "replace") in _DATA_DIRS:
            entries.append((match[1].decode("ascii"), match[4]))
    return entries


def _first_line(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", errors="replace").strip().splitlines()
    return lines[0] if lines else "no reason given"


def _translated(root: Path, dataset: Dataset) -> Translated:
    """Every translation of the project, as data: (language, file) -> entry -> its text (and
    the fingerprint of the English it translates, so that re-basing one counts as a change)."""
    found: dict[tuple[str, str], dict[str, str]] = {}
    folder = root / TRANSLATIONS_DIR
    if not folder.is_dir() or folder.is_symlink():  # a link is never followed out of the project
        return found
    languages = sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.is_symlink())
    owners: tuple[Platform | Jurisdiction, ...] = (*dataset.platforms, *dataset.jurisdictions)
    for language in languages:
        for owner in owners:
            files = load_translations(root, data_file(owner), language)
            found[(language, data_file(owner))] = {
                name: f"{done.text}\n{done.english}" for name, done in files.fields.items()
            }
        for name in INTERFACE_FILES:
            path = folder / language / name
            document = load_file(path, name)[0] if path.is_file() else None
            data = document.data if document is not None else None
            if isinstance(data, dict):
                found[(language, name)] = {str(key): str(value) for key, value in data.items()}
    return found


def _load(root: Path, today: dt.date, what: str) -> Dataset:
    """Load a project's data; a project without platform files yet is an empty dataset."""
    if not any((root / PLATFORMS_DIR).glob("*.yaml")):
        return Dataset((), ())
    result = load_dataset(root, today)
    if result.dataset is None:
        found = errors(result.problems)
        noun = "error" if len(found) == 1 else "errors"
        raise GitError(
            f"{what} does not pass `python build.py check` ({len(found)} {noun}; first: {found[0]})",
            EXIT_REFUSED,
        )
    return result.dataset
