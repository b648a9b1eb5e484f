"""Put a finished folder (a built site/, an exported dist/) in place of the previous one in one step.

Renaming the old folder away and the new one in is two steps: a build killed between them leaves
no site/ at all, and two builds running at once rename each other's folders from under them.
Where Linux offers it, `renameat2(RENAME_EXCHANGE)` swaps the two folders atomically, so readers
and other builds always find a complete folder; elsewhere (macOS, Windows, file systems without
it) builds of the same folder take turns under a lock file.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import secrets
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from privacy_terms.utils.process import UserError, failure_message

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP}

Renameat2 = Callable[[int, bytes, int, bytes, int], int]


def _find_renameat2() -> Renameat2 | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library older than glibc 2.28
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function


_RENAMEAT2 = _find_renameat2()


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths in one step; return False if this system cannot (nothing changed).

    Raise FileNotFoundError when either path does not exist.
    """
    if _RENAMEAT2 is None:
        return False
    result = _RENAMEAT2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(second))


def replace_dir(new: Path, target: Path) -> None:
    """Put the folder `new` at `target`; the previous `target`, if any, is removed afterwards.

    At every moment `target` is either the previous folder or the new one, complete.
    """
    while True:
        try:
            swapped = exchange(new, target)
        except FileNotFoundError:
            if not new.exists():
                raise
            try:
                os.rename(new, target)  # no folder there yet: a plain rename is one step too
                return
            except OSError as exc:
                if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                    raise
                continue  # another build put its folder there first: swap with that one
        if swapped:
            _remove_previous(new, target)  # `new` now names the previous folder
            return
        with _lock(target):
            _replace_in_two_steps(new, target)
        return


def _replace_in_two_steps(new: Path, target: Path) -> None:
    if not target.exists():
        os.rename(new, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
    old.rmdir()
    os.rename(target, old)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(old, target)  # put the previous folder back rather than leave none
        raise
    _remove_previous(old, target)


def _remove_previous(old: Path, target: Path) -> None:
    try:
        remove_tree(old)
    except OSError as exc:
        reason = failure_message(exc, target.parent)
        raise UserError(
            f"{target.name}/ holds the new build, but the previous one could not be deleted "
            f"({reason}): delete {old.name}/ by hand"
        ) from None


@contextlib.contextmanager
def _lock(target: Path) -> Iterator[None]:
    """Hold an exclusive lock on `.<target>.lock` beside `target` (where the system has flock)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no lock, the two steps stay close together
        yield
        return
    with open(target.parent / f".{target.name}.lock", "a") as file:
        fcntl.flock(file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(file, fcntl.LOCK_UN)


def remove_tree(path: Path) -> None:
    """Delete a folder and everything in it (raising OSError if something cannot be deleted)."""
    shutil.rmtree(path)


@contextlib.contextmanager
def staging_folder(parent: Path, prefix: str) -> Iterator[Path]:
    """Make a new folder in `parent` for a build, and delete it afterwards, whatever happens.

    The name is chosen before the folder exists, so an interrupt (Ctrl+C, `kill`) arriving at any
    moment after that finds the folder already in the hands of the `finally` below.
    """
    path = parent / f"{prefix}{secrets.token_hex(6)}"
    try:
        os.mkdir(path)
        path.chmod(0o755)  # readable like the site/ or dist/ it will become
        yield path
    finally:
        discard(path)


def discard(path: Path) -> None:
    """Delete a staging folder if it is still there, whatever happened; never raise."""
    shutil.rmtree(path, ignore_errors=True)
