"""Open Terms Archive versions repositories, read with git, for `watch`.

A versions repository holds one Markdown file per document (`<Service>/<Document>.md`); every
change the archive recorded is a commit, so the history dates every version. A source points into
it with a permanent copy at a pinned commit:

    https://github.com/OpenTermsArchive/contrib-versions/blob/<40-hex commit>/<Service>/<Document>.md

(path URL-encoded: spaces as %20). git runs with fixed argument lists, never through a shell, and
only inside the given folder, which may be a normal clone or a bare one.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

DEFAULT_ARCHIVE = "OpenTermsArchive/contrib-versions"
_PIN = re.compile(
    r"^https://github\.com/(OpenTermsArchive/[A-Za-z0-9._-]+)/blob/([0-9a-f]{40})/([^?#]+)$"
)
_GITHUB_BLOB = re.compile(r"^https://github\.com/([^/?#]+)/([^/?#]+)/blob/([^?#]+)$")
TECHNICAL_CHANGES = ("Refilter ", "Apply technical or declaration upgrade")
"""Commit subjects the archive uses for changes of its own extraction, not of the document."""
_FIELD = "\x1f"
_LOCATION_VARIABLES = (
    "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE", "GIT_DISCOVERY_ACROSS_FILESYSTEM",
)  # fmt: skip
"""Variables that would point git at another repository than the folder given."""
_GIT_TIMEOUT = 300
MAX_DOCUMENT_BYTES = 5_000_000
"""The largest version `watch` reads. A policy is tens of kilobytes; a version of 261 MB took a
run 193 s and 5.3 GB of memory, so a larger one is reported instead (its size is asked first)."""


@dataclass(frozen=True)
class Pin:
    """A document of an archive at a fixed commit."""

    repository: str
    """owner/name on GitHub, e.g. OpenTermsArchive/contrib-versions."""
    commit: str
    path: str
    """The document's path in the repository, decoded: `WhatsApp/Privacy Policy.md`."""

    @property
    def short(self) -> str:
        """The abbreviated commit."""
        return self.commit[:7]


def parse_pin(url: str) -> Pin | None:
    """Return the pin an archive address names, or None if it is not one."""
    match = _PIN.match(url)
    if not match:
        return None
    path = unquote(match[3])
    parts = PurePosixPath(path).parts
    unsafe = path.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\0" in path
    if unsafe or len(parts) < 2 or not path.endswith(".md"):
        return None
    return Pin(match[1], match[2], path)


def github_raw(url: str) -> str:
    """The raw file behind a github.com `blob` address (a blob page shows the text by script)."""
    match = _GITHUB_BLOB.match(url)
    if not match:
        return url
    return f"https://raw.githubusercontent.com/{match[1]}/{match[2]}/{match[3]}"


@dataclass(frozen=True)
class Change:
    """One commit that changed a document."""

    commit: str
    date: dt.datetime
    subject: str

    @property
    def short(self) -> str:
        """The abbreviated commit."""
        return self.commit[:7]

    @property
    def day(self) -> dt.date:
        """The day of the change, in UTC."""
        return self.date.astimezone(dt.UTC).date()

    @property
    def technical(self) -> bool:
        """True for a change of the archive's extraction rather than of the document."""
        return self.subject.startswith(TECHNICAL_CHANGES)


@dataclass(frozen=True)
class TooLarge:
    """A version over MAX_DOCUMENT_BYTES, left unread."""

    size: int
    """Its size in bytes."""
    limit: int
    """MAX_DOCUMENT_BYTES when it was refused."""


class ArchiveError(Exception):
    """The folder is not a readable git repository; the message is one sentence for the user."""


class Versions:
    """A local clone (normal or bare) of a versions repository."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()
        if not self.folder.is_dir():
            raise ArchiveError(f"{folder} is not a folder: give the path of a clone of the archive")
        bare = self._git("rev-parse", "--is-bare-repository")
        if bare.returncode != 0:
            raise ArchiveError(
                f"{folder} is not a git repository: clone the archive first "
                f"(git clone --bare --filter=blob:none https://github.com/{DEFAULT_ARCHIVE}.git)"
            )
        head = self._log("-1", "HEAD")
        if not head:
            raise ArchiveError(f"{folder} has no commits: clone the archive with its history")
        self.head = head[0]
        shallow = self._git("rev-parse", "--is-shallow-repository").stdout.strip()
        self.shallow = shallow == b"true"
        self._texts: dict[tuple[str, str], str | TooLarge | None] = {}

    def _git(self, *arguments: str) -> subprocess.CompletedProcess[bytes]:
        env = {k: v for k, v in os.environ.items() if k not in _LOCATION_VARIABLES}
        # Never look for a repository above the given folder, never take a lock, and never wait
        # for a password (a partial clone fetches file contents when they are first read).
        env.update(GIT_CEILING_DIRECTORIES=str(self.folder.parent), GIT_OPTIONAL_LOCKS="0",
                   GIT_TERMINAL_PROMPT="0")  # fmt: skip
        try:
            return subprocess.run(
                ["git", "--literal-pathspecs", "-C", str(self.folder), *arguments],
                capture_output=True, check=False, timeout=_GIT_TIMEOUT, env=env,
            )  # fmt: skip
        except FileNotFoundError:
            raise ArchiveError("git is not installed (or not on PATH): install git") from None
        except subprocess.TimeoutExpired:
            raise ArchiveError(f"git {arguments[0]} took over {_GIT_TIMEOUT} s") from None

    def _log(self, *arguments: str) -> list[Change]:
        result = self._git(
            "log", f"--format=%H{_FIELD}%aI{_FIELD}%s", "--no-show-signature", *arguments
        )
        if result.returncode != 0:
            return []
        changes = []
        for line in result.stdout.decode("utf-8", "replace").splitlines():
            commit, date, subject = [*line.split(_FIELD), "", ""][:3]
            changes.append(Change(commit, dt.datetime.fromisoformat(date), subject))
        return changes

    def has_commit(self, commit: str) -> bool:
        """True when the clone holds this commit (a shallow clone may not)."""
        return self._git("cat-file", "-e", f"{commit}^{{commit}}").returncode == 0

    def commit(self, commit: str) -> Change | None:
        """The commit's date and subject, or None if the clone does not hold it."""
        found = self._log("-1", commit, "--") if self.has_commit(commit) else []
        return found[0] if found else None

    def text(self, commit: str, path: str) -> str | TooLarge | None:
        """The document as it was at `commit`; None if it did not exist there, TooLarge (unread)
        if it is over MAX_DOCUMENT_BYTES."""
        key = (commit, path)
        if key not in self._texts:
            self._texts[key] = self._read(f"{commit}:{path}")
        return self._texts[key]

    def _read(self, blob: str) -> str | TooLarge | None:
        sized = self._git("cat-file", "-s", blob)
        size = sized.stdout.strip()
        if sized.returncode != 0 or not size.isdigit():
            return None
        if int(size) > MAX_DOCUMENT_BYTES:
            return TooLarge(int(size), MAX_DOCUMENT_BYTES)
        shown = self._git("cat-file", "blob", blob)
        if shown.returncode != 0:
            return None
        return shown.stdout[:MAX_DOCUMENT_BYTES].decode("utf-8", "replace")

    def changes(self, path: str, since: str) -> list[Change]:
        """Every commit on HEAD after `since` that changed the document, oldest first."""
        return list(reversed(self._log(f"{since}..HEAD", "--", path)))

    def last_change(self, path: str) -> Change | None:
        """The latest commit on HEAD that touched the document (its removal, if it was removed)."""
        found = self._log("-1", "HEAD", "--", path)
        return found[0] if found else None
