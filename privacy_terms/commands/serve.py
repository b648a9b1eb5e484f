"""`python build.py serve`: check the data, then a live preview with MkDocs.

MkDocs runs as a child process (this package never imports it), on 127.0.0.1, with the live
reload script let through the page's Content-Security-Policy.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from privacy_terms.commands.check import run_check
from privacy_terms.commands.common import SubParsers
from privacy_terms.utils.process import ensure_port_free
from privacy_terms.website.i18n import CONFIG_FILES, ENGLISH

LIVE_RELOAD_ENV = "PRIVACY_TERMS_LIVE_RELOAD"
"""Read by mkdocs_hooks.py: the live preview's reload script must pass the page's CSP."""


def register(commands: SubParsers) -> None:
    """Add `serve`."""
    serve = commands.add_parser(
        "serve", help="live preview on 127.0.0.1; rebuilds when data, templates or pages change"
    )
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on (default 8000)")
    serve.add_argument(
        "--language",
        choices=sorted(CONFIG_FILES),
        default=ENGLISH,
        help="the edition to preview: en (default) or zh-hant (one edition per preview)",
    )
    serve.set_defaults(run=run_serve)


def _port(value: str) -> int:
    if value.isdigit() and 0 < int(value) < 65536:
        return int(value)
    raise argparse.ArgumentTypeError(f"{value!r} is not a port: write a number from 1 to 65535")


def run_serve(args: argparse.Namespace) -> int:
    """Check the data, then run `mkdocs serve` on 127.0.0.1 until interrupted.

    With errors in the data it does not start (there would be nothing to show); once running, an
    edit that breaks the data is reported and the last good preview stays until it is fixed.
    """
    if not run_check(args).ok:
        print(
            "The preview was not started: fix the errors above, then run serve again.",
            file=sys.stderr,
        )
        return 1
    ensure_port_free("127.0.0.1", args.port)
    address = f"127.0.0.1:{args.port}"
    config = args.root / CONFIG_FILES[args.language]
    if not config.is_file():
        print(
            f"error: {config.name} not found: this project has no {args.language} edition",
            file=sys.stderr,
        )
        return 2
    command = ["serve", "--config-file", str(config), "--dev-addr", address]
    return _run_mkdocs(args.root, command, live_reload=True)


def _run_mkdocs(root: Path, arguments: list[str], *, live_reload: bool) -> int:
    """Run MkDocs with this checkout's `privacy_terms` importable by the hook; return its exit code."""
    env = dict(os.environ)
    package_parent = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_parent, env.get("PYTHONPATH")]))
    env.pop(LIVE_RELOAD_ENV, None)
    if live_reload:
        env[LIVE_RELOAD_ENV] = "1"
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *arguments], cwd=root, env=env, check=False
    ).returncode
