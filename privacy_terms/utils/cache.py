"""Results of loading and checking a file, kept between runs and found again by its content.

Loading a data file (the YAML parser, the model, the per-file checks) is most of what `check`
costs: at a thousand platforms, seconds. A file that has not changed gives the same result, so
each result is stored under a key made of everything it depends on: the file's bytes, its path,
the day the checks compare dates with, and this package's own source code (an upgrade
recomputes everything). A change to any of them is a different key, so nothing is ever stale.

The cache lives in the user's cache folder, outside the project: a pull request can add files
to the project, never to that folder. Still, whoever can write there must not be able to run
code through it, nor break a build: entries are plain JSON, written and read back by explicit
functions of the modules that keep them (`decode` checks every value's shape), behind a line with
the format's version and a checksum of the rest. An entry that is damaged, unreadable, of another
format or of the wrong shape is treated as missing: the result is computed again. Entries hold
nothing of the checkout that made them (paths are relative to the project), since several
clones, worktrees or CI runs share one cache. Set `PRIVACY_TERMS_CACHE` to another folder, or to
`off` to disable it.

Every edit makes new entries and leaves the old ones unused, so the folder is kept under a size
(`PRIVACY_TERMS_CACHE_MB`, 1,024 MB unless set; a build of a thousand platforms uses about 300):
at most once an hour, the entries used least recently are removed until it fits.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from privacy_terms.utils.files import FileRefused, read_regular
from privacy_terms.utils.problems import Problem

T = TypeVar("T")

FORMAT = b"privacy-terms-cache 2"
"""The first word of every entry's first line, with the format's version: entries of another
version (pickles, before) are never read."""

MAX_ENTRY_BYTES = 256 * 1024 * 1024
"""The largest entry read: a thousand platforms' translations together take a few megabytes."""
CACHE_ENV = "PRIVACY_TERMS_CACHE"
KEY_ENV = "PRIVACY_TERMS_CACHE_KEY"
"""The file that holds the key compiled templates are signed with (see `signing_key`)."""
OFF = "off"
LIMIT_ENV = "PRIVACY_TERMS_CACHE_MB"
DEFAULT_LIMIT_MB = 1024
PRUNE_EVERY_S = 3600
_PRUNED = ".pruned"
"""A file whose time is when the folder was last pruned."""
_PACKAGE = Path(__file__).resolve().parents[1]  # the whole package: its code and templates


def default_folder() -> Path | None:
    """Return the cache folder: `$PRIVACY_TERMS_CACHE`, else the user's cache folder; None
    when caching is off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen == OFF:
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "privacy-terms"


def key_file() -> Path:
    """`$PRIVACY_TERMS_CACHE_KEY`, else `privacy-terms/cache-key` in the user's configuration
    folder: not in the cache folder, so that writing there is not enough to sign an entry."""
    chosen = os.environ.get(KEY_ENV)
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "privacy-terms" / "cache-key"


def signing_key() -> bytes | None:
    """The user's secret key for signing what the cache may not hold unsigned (compiled
    templates, which are code): 32 random bytes in `key_file()`, made on first use, readable by
    its owner only. None (nothing signed, nothing loaded) when it cannot be read or made, or
    when it is a link, not this user's, or readable by others."""
    path = key_file()
    for _ in range(2):  # made by another run between our two attempts: read it then
        try:
            return _read_key(path)
        except FileNotFoundError:
            with contextlib.suppress(OSError):
                _make_key(path)
        except OSError:
            return None
    return None


_KEY_BYTES = 32


def _read_key(path: Path) -> bytes | None:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    descriptor = os.open(path, flags)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_mode & 0o077:
            return None
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            return None
        key = os.read(descriptor, _KEY_BYTES + 1)
    finally:
        os.close(descriptor)
    return key if len(key) == _KEY_BYTES else None


def _make_key(path: Path) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags, 0o600)  # O_EXCL: never another's file
    try:
        os.write(descriptor, os.urandom(_KEY_BYTES))
    finally:
        os.close(descriptor)


def code_version() -> str:
    """A fingerprint of this package's code and templates: results computed by other code are
    not reused."""
    digest = hashlib.sha256()
    for path in sorted([*_PACKAGE.rglob("*.py"), *_PACKAGE.rglob("*.html")]):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class FileCache:
    """Results by key in one folder (None: a cache that keeps nothing)."""

    folder: Path | None
    salt: str
    """What every key also depends on: the code version and the checks' date."""

    @classmethod
    def for_run(cls, salt: str, folder: Path | None = None) -> FileCache:
        """Return the cache for one run, salted with what its results depend on."""
        return cls(folder if folder is not None else default_folder(), f"{code_version()}\n{salt}")

    def key(self, kind: str, *parts: bytes | str) -> str:
        """Return the key of a result: its kind and everything it was computed from."""
        digest = hashlib.sha256(f"{self.salt}\n{kind}".encode())
        for part in parts:
            # surrogatepass: a file name that is not UTF-8 still makes a key (see files.py).
            data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "big"))
            digest.update(data)
        return digest.hexdigest()

    def get(self, key: str, decode: Callable[[Any], T]) -> T | None:
        """Return the result stored under `key`, made from its JSON value by `decode`; None when
        there is none, or it is damaged, of another format or of a shape `decode` refuses
        (`ShapeError`, or any ValueError, TypeError, KeyError or IndexError it raises)."""
        if self.folder is None:
            return None
        path = self.folder / key[:2] / key
        try:
            # Read as data files are: a pipe or a link planted in the folder is not followed.
            value = decode(_parse(key, read_regular(path, MAX_ENTRY_BYTES)))
        except (FileRefused, ValueError, TypeError, KeyError, IndexError, RecursionError):
            return None  # ShapeError and json's errors are ValueErrors
        _touch(path)  # used now: the last to be pruned
        return value

    def compiled_templates(self, *depends_on: str) -> Path | None:
        """The folder for Jinja's compiled templates (None when caching is off). Jinja computes
        filters of constant text when it compiles (`"Sources"|t`), so compiled templates
        depend on the code, the edition and its words (`depends_on`), not only on their source.
        Compiled templates are code: they are only loaded when signed with `signing_key`
        (`render.py`), which whoever can write this folder does not have."""
        if self.folder is None:
            return None
        return self.folder / "templates" / self.key("templates", *depends_on)[:24]

    def has(self, key: str) -> bool:
        """Return True when an entry exists under `key` (reading it may still fail)."""
        return self.folder is not None and (self.folder / key[:2] / key).is_file()

    def put(self, key: str, value: Any) -> None:
        """Store a result given as plain JSON data (dicts with text keys, lists, text, numbers,
        booleans, None); a folder that cannot be written only means no cache."""
        if self.folder is None:
            return
        target = self.folder / key[:2] / key
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            # Write then rename: a run killed halfway, or two runs at once, never leave half a file.
            with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as file:
                file.write(_entry(key, value))
            os.replace(file.name, target)
        except OSError:
            return

    def derived_key(self, key: str, part: str) -> str:
        """Return the key of one part of a result kept in several entries (a page's body and
        its search documents): a key like any other, so that pruning counts it."""
        return self.key(f"part:{part}", key)

    def prune(self, limit_bytes: int | None = None, now: float | None = None) -> int:
        """Remove the entries used least recently until the folder holds at most `limit_bytes`
        (from `PRIVACY_TERMS_CACHE_MB`); return how many bytes went. Done at most once an
        hour: the folder may hold tens of thousands of files."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        now = time.time() if now is None else now
        marker = self.folder / _PRUNED
        try:
            if now - marker.stat().st_mtime < PRUNE_EVERY_S:
                return 0
        except OSError:
            pass  # never pruned
        limit = _limit_bytes() if limit_bytes is None else limit_bytes
        entries = sorted(_entries(self.folder))  # oldest first
        total = sum(size for _, size, _ in entries)
        removed = 0
        for _, size, path in entries:
            if total - removed <= limit:
                break
            try:
                path.unlink()
            except OSError:
                continue  # another run removed or holds it
            removed += size
        with contextlib.suppress(OSError):
            marker.touch()
            os.utime(marker, (now, now))
        return removed


class ShapeError(ValueError):
    """A cache entry's value is not of the shape its reader expects."""


def _entry(key: str, value: Any) -> bytes:
    """The bytes of an entry: the format and a checksum of its key and JSON, then the JSON."""
    # surrogatepass: a file name that is not UTF-8 still round-trips (see files.py).
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode(
        "utf-8", "surrogatepass"
    )
    return _header(key, body) + b"\n" + body


def _parse(key: str, data: bytes) -> Any:
    """The JSON value of the entry under `key`; ShapeError when the format or the checksum is
    not right (a damaged entry, or one copied from another key)."""
    header, _, body = data.partition(b"\n")
    if header != _header(key, body):
        raise ShapeError("not an entry of this format, or damaged")
    return json.loads(body.decode("utf-8", "surrogatepass"))


def _header(key: str, body: bytes) -> bytes:
    return FORMAT + b" " + hashlib.sha256(key.encode() + b"\n" + body).hexdigest().encode()


def as_text(value: Any) -> str:
    """`value` if it is text, else ShapeError: one of the checks readers' `decode` is made of."""
    if not isinstance(value, str):
        raise ShapeError(f"expected text, got {type(value).__name__}")
    return value


def as_integer(value: Any) -> int:
    """`value` if it is a whole number (not a boolean), else ShapeError."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise ShapeError(f"expected a whole number, got {type(value).__name__}")
    return value


def as_optional_text(value: Any) -> str | None:
    """`value` if it is text or None, else ShapeError."""
    return None if value is None else as_text(value)


def as_list(value: Any, length: int | None = None) -> list[Any]:
    """`value` if it is a list (of `length` items, when given), else ShapeError."""
    if not isinstance(value, list) or (length is not None and len(value) != length):
        raise ShapeError("expected a list" + (f" of {length}" if length is not None else ""))
    return value


def as_mapping(value: Any) -> dict[str, Any]:
    """`value` if it is a JSON object, else ShapeError."""
    if not isinstance(value, dict):
        raise ShapeError(f"expected an object, got {type(value).__name__}")
    return value


def as_texts(value: Any) -> list[str]:
    """`value` if it is a list of texts, else ShapeError."""
    return [as_text(item) for item in as_list(value)]


def _entries(folder: Path) -> list[tuple[float, int, Path]]:
    """Each entry in the cache folder with its last use (mtime) and size. Only files this
    program made: `PRIVACY_TERMS_CACHE` may name a folder that holds other things too."""
    found = []
    for path in _our_files(folder):
        try:
            stat = path.stat()
        except OSError:
            continue
        found.append((stat.st_mtime, stat.st_size, path))
    return found


def _our_files(folder: Path) -> list[Path]:
    """Entries (`ab/ab12…`, a key's first two characters, then the key) and compiled templates
    (`templates/<key>/__jinja2_…`)."""
    found = []
    with contextlib.suppress(OSError):
        for sub in folder.iterdir():
            if _HEX_2.fullmatch(sub.name) and sub.is_dir():
                found += [
                    p for p in sub.iterdir() if _KEY.fullmatch(p.name) and p.name[:2] == sub.name
                ]
            elif sub.name == "templates" and sub.is_dir():
                for edition in sub.iterdir():
                    if _HEX_24.fullmatch(edition.name) and edition.is_dir():
                        found += [p for p in edition.iterdir() if p.name.startswith("__jinja2_")]
    return found


_HEX_2 = re.compile(r"[0-9a-f]{2}")
_HEX_24 = re.compile(r"[0-9a-f]{24}")
_KEY = re.compile(r"[0-9a-f]{64}")


def _limit_bytes() -> int:
    chosen = os.environ.get(LIMIT_ENV, "")
    megabytes = int(chosen) if chosen.isdigit() else DEFAULT_LIMIT_MB
    return megabytes * 1024 * 1024


def _touch(path: Path) -> None:
    # In a folder we may read but not write, entries are then pruned as if unused.
    with contextlib.suppress(OSError):
        os.utime(path)


def plain_problems(problems: list[Problem]) -> list[list[Any]]:
    """Problems as plain data for an entry (`problems_of` reads them back)."""
    return [[p.path, p.line, p.column, p.severity, p.message] for p in problems]


def problems_of(value: Any) -> list[Problem]:
    """The problems in an entry's value, written by `plain_problems`; ShapeError otherwise."""
    found = []
    for item in as_list(value):
        path, line, column, severity, message = as_list(item, 5)
        if severity not in ("error", "warning"):
            raise ShapeError(f"not a severity: {severity!r}")
        found.append(
            Problem(as_text(path), as_integer(line), as_integer(column), severity, as_text(message))
        )
    return found
