"""Commands not written yet."""

from __future__ import annotations

import argparse


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add this module's sub-commands (none yet)."""


def run_build(args: argparse.Namespace) -> int:
    """Check the data only, until the site build exists."""
    from privacy_terms.cli import run_check

    return 0 if run_check(args).ok else 1
