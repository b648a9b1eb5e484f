"""`python build.py schema`: write the JSON Schemas under schema/ from the model."""

from __future__ import annotations

import argparse

from privacy_terms.commands.common import SubParsers
from privacy_terms.data.schema import write_schemas


def register(commands: SubParsers) -> None:
    """Add `schema`."""
    schema = commands.add_parser(
        "schema", help="write the JSON Schemas under schema/ from the model"
    )
    schema.set_defaults(run=_run_schema)


def _run_schema(args: argparse.Namespace) -> int:
    for path in write_schemas(args.root):
        print(f"wrote {path.relative_to(args.root).as_posix()}")
    return 0
