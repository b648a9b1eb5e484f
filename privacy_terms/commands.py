"""Sub-commands beyond `check`: each module owns its commands and registers its sub-parsers.

A registrar receives argparse's sub-parsers object and adds its commands with
`parser.set_defaults(run=function)`; `function(args) -> int` returns the exit code.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from privacy_terms import contrib_cli, export_cli, site_cli

Registrar = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]

REGISTRARS: list[Registrar] = [site_cli.register, export_cli.register, contrib_cli.register]


def build_command(args: argparse.Namespace) -> int:
    """Run `build`, which is also what `python build.py` does with no command."""
    return site_cli.run_build(args)
