"""The JSON Schemas that editors use to complete and check data files, generated from the model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from privacy_terms.data.model import jurisdiction_schema, platform_schema
from privacy_terms.data.publishers import register_schema

SCHEMA_DIR = "schema"


def schema_files() -> dict[str, str]:
    """Return each schema file's name and its exact text."""
    return {**data_schema_files(), "publishers.schema.json": _dump(register_schema())}


def data_schema_files() -> dict[str, str]:
    """The schemas of the data itself, which the open data publishes beside it (the register's
    schema serves editors of `publishers.yaml` only)."""
    return {
        "platform.schema.json": _dump(platform_schema()),
        "jurisdiction.schema.json": _dump(jurisdiction_schema()),
    }


def write_schemas(root: Path) -> list[Path]:
    """Write every schema under root/schema/ and return the paths written."""
    folder = root / SCHEMA_DIR
    folder.mkdir(exist_ok=True)
    written = []
    for name, text in schema_files().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _dump(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
