"""`python build.py new <id> --name NAME`: start platforms/<id>.yaml from a commented template.

It never overwrites a file: an existing one is refused (exit 1), a bad id or name is wrong usage
(exit 2). The template itself comes from the pure module `scaffold`.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from privacy_terms.commands.arguments import date_argument
from privacy_terms.commands.common import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, SubParsers, fail
from privacy_terms.data.dataset import PLATFORMS_DIR
from privacy_terms.data.scaffold import id_problem, name_problem, platform_template


def register(commands: SubParsers) -> None:
    """Add `new`."""
    new = commands.add_parser("new", help="start platforms/<id>.yaml from a commented template")
    new.add_argument("id", help="short id: lowercase letters, digits and single hyphens")
    new.add_argument("--name", required=True, help='display name, e.g. --name "Signal"')
    new.add_argument("--today", type=date_argument, default=None, help=argparse.SUPPRESS)
    new.set_defaults(run=run_new)


def run_new(args: argparse.Namespace) -> int:
    """Write platforms/<id>.yaml from the template; never overwrite an existing file."""
    platform_id: str = args.id
    name: str = args.name
    problem = id_problem(platform_id) or name_problem(name)
    if problem:
        return fail(problem, EXIT_USAGE)
    root: Path = args.root
    shown = f"{PLATFORMS_DIR}/{platform_id}.yaml"
    target = root / shown
    # The template's dates are the contributor's own today, as their calendar shows it.
    text = platform_template(platform_id, name, args.today or dt.date.today())
    try:
        target.parent.mkdir(exist_ok=True)
        with target.open("x", encoding="utf-8", newline="\n") as file:  # "x": never overwrite
            file.write(text)
    except FileExistsError:
        return fail(f"{shown} already exists: edit it, or choose another id", EXIT_REFUSED)
    except OSError as exc:
        return fail(f"cannot write {shown}: {exc.strerror}", EXIT_REFUSED)
    print(f"wrote {shown}: replace every TODO, then run `python build.py check`")
    return EXIT_OK
