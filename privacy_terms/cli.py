"""The command line: `python build.py <command>`, each command a module of privacy_terms.commands.

A thin layer: it parses arguments, calls the command, and turns an unexpected failure into a
sentence (0 fine, 1 data errors or failed build, 2 wrong usage). No traceback ever reaches the
user. Each command is a module in `privacy_terms.commands`; adding one is adding a module and
listing it below.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from privacy_terms.commands import (
    build,
    check,
    diff,
    export,
    new,
    schema,
    serve,
    translate,
    verify,
    watch,
)
from privacy_terms.commands.common import SubParsers
from privacy_terms.utils.cache import FileCache
from privacy_terms.utils.process import UserError, exit_cleanly_on_sigterm, failure_message

Command = Callable[[argparse.Namespace], int]
Registrar = Callable[[SubParsers], None]

REGISTRARS: list[Registrar] = [
    check.register,
    schema.register,
    build.register,
    serve.register,
    export.register,
    new.register,
    diff.register,
    verify.register,
    watch.register,
    translate.register,
]
"""Every command, in the order `--help` lists them."""


def main(argv: Sequence[str] | None = None, root: Path | None = None) -> int:
    """Run the command line and return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    args.root = (root or Path.cwd()).resolve()
    command: Command = args.run
    exit_cleanly_on_sigterm()
    try:
        with _fewer_collections():
            status = command(args)
        FileCache.for_run("").prune()  # housekeeping: old results of earlier code and data
        return status
    except KeyboardInterrupt:
        return 130
    except (OSError, UserError) as exc:  # a broken machine, not a bug: say what failed
        print(f"error: {failure_message(exc, args.root)}", file=sys.stderr)
        return 1
    except Exception as exc:  # the last guard: a user sees a sentence, never a traceback
        print(f"internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print(
            "This is a bug in privacy-terms; please report it with the command you ran.",
            file=sys.stderr,
        )
        return 3


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run with Python's cycle collector started less often. A command builds a large graph of
    objects that live until it ends (the data, every page's parts) and makes few cycles; at the
    default threshold (every 700 new objects) the collector scanned that growing graph so often
    that it took a third of `check` and a sixth of `build` at a thousand platforms."""
    before = gc.get_threshold()
    gc.set_threshold(100_000, 50, 1000)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python build.py",
        description="Check the platform data and build the privacy-terms site.",
    )
    parser.set_defaults(
        run=build.run_build, format="text", today=None, site_dir=None, verbose=False
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for register in REGISTRARS:
        register(commands)
    return parser
