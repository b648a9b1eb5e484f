"""How a command ends on a broken machine: one sentence and exit 1, never a traceback or a hang.

A read-only folder, a full disk, a port already in use, or a `kill`: none is a bug in the program,
so each becomes one line saying what failed and what to do, and temporary folders are removed on
the way out (a plain SIGTERM would otherwise end Python without running any cleanup).
"""

from __future__ import annotations

import errno
import signal
import socket
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any, Protocol

from privacy_terms.utils.characters import printable


class UserError(Exception):
    """A failure the user can act on; the message is one sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_HINTS = {
    errno.EACCES: "check that you may write there (its permissions and owner)",
    errno.EPERM: "check that you may write there (its permissions and owner)",
    errno.EROFS: "that file system is read-only: work in a writable copy",
    errno.ENOSPC: "the disk is full: free some space, then run the command again",
    errno.EDQUOT: "your disk quota is used up: free some space, then run the command again",
    errno.EMFILE: "too many open files: close some programs, then run the command again",
    errno.ENAMETOOLONG: "a name is too long for this file system: build in a folder with a "
    "shorter path, or shorten the id or name it comes from (check reports ids and names that "
    "are too long anywhere)",
}


class Failures(Protocol):
    """Where a child process puts what stopped it (a multiprocessing queue)."""

    def put(self, obj: Any, /) -> None: ...


def run_in_child(failures: Failures, target: Callable[..., object], *args: Any) -> None:
    """Run `target(*args)` as the whole work of a forked child process, which then exits.

    Nothing a child prints reaches the user as a traceback: what stopped it goes to `failures`
    for the parent to report once, as one line, and the child exits with 1; stopped by its
    parent (SIGTERM, Ctrl+C), it exits quietly.
    """
    try:
        target(*args)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        try:
            failures.put(exc)  # an OSError travels whole: its file name, its errno
        except Exception:
            failures.put(UserError(failure_message(exc, Path.cwd())))
        sys.exit(1)


def failure_message(exc: BaseException, root: Path) -> str:
    """Return one line for a failure of the machine (an OSError) or a UserError."""
    if isinstance(exc, UserError):
        return printable(exc.message)
    if not isinstance(exc, OSError):
        return printable(str(exc))
    where = ""
    if exc.filename is not None:
        path = Path(str(exc.filename))
        where = (path.relative_to(root) if path.is_relative_to(root) else path).as_posix()
        where = f"{printable(where)}: "
    what = exc.strerror or type(exc).__name__
    hint = _HINTS.get(exc.errno or 0)
    return f"{where}{what}" + (f": {hint}" if hint else "")


def exit_cleanly_on_sigterm() -> None:
    """Make `kill` (SIGTERM) end the program like Ctrl+C does, running every `finally` block."""
    if threading.current_thread() is not threading.main_thread():
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def ensure_port_free(host: str, port: int) -> None:
    """Raise a UserError if nothing can listen on `host:port` (another server has it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
        try:
            probe.bind((host, port))
        except OSError as exc:
            reason = (
                "is in use" if exc.errno == errno.EADDRINUSE else f"cannot be used ({exc.strerror})"
            )
            raise UserError(
                f"port {port} on {host} {reason}: stop the other server, or choose another "
                "port with --port"
            ) from None
