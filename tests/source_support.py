"""Add sources to a copy of the valid fixture project (for `verify` and `watch`).

A new source is a copy of the fixture's first source with another id, address, quote and
permanent copy, so it stays valid whatever fields the model requires. Uncited, it is a warning
for `check`, which `verify` and `watch` accept.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

PERMANENT_COPY_KEY = "archived"
"""The field that holds a source's permanent copy (privacy_terms.record.sources.permanent_copy reads it)."""
COPY_COLUMN = len(f"    {PERMANENT_COPY_KEY}: ") + 1
"""The column where the permanent copy's address starts, in a source added here."""


def add_source(
    project: Path,
    source_id: str,
    url: str,
    *,
    quote: str | None = None,
    copy: str | None = None,
    platform: str = "alpha",
) -> None:
    """Append a source to platforms/<platform>.yaml, whose last section is `sources`."""
    path = project / "platforms" / f"{platform}.yaml"
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^  - id: \S+\n(?:    .*\n)+", text.split("\nsources:\n", 1)[1], re.M)
    assert match, "the fixture's first source"
    lines = [
        line
        for line in match[0].splitlines()
        if not line.startswith(("    url:", "    quote:", f"    {PERMANENT_COPY_KEY}:"))
    ]
    lines[0] = f"  - id: {source_id}"
    lines.append(f"    url: {url}")
    if quote is not None:
        lines.append(f"    quote: {json.dumps(quote, ensure_ascii=False)}")
    if copy is not None:
        lines.append(f"    {PERMANENT_COPY_KEY}: {copy}")
    path.write_text(text.rstrip("\n") + "\n" + "\n".join(lines) + "\n", encoding="utf-8")


def add_platform(project: Path, platform: str, name: str) -> None:
    """Copy alpha.yaml to <platform>.yaml under another id and name."""
    text = (project / "platforms" / "alpha.yaml").read_text(encoding="utf-8")
    text = text.replace("\nid: alpha\n", f"\nid: {platform}\n", 1)
    text = re.sub(r"^name: .*$", f"name: {name}", text, count=1, flags=re.M)
    (project / "platforms" / f"{platform}.yaml").write_text(text, encoding="utf-8")


def line_of(project: Path, needle: str, platform: str = "alpha") -> int:
    """The 1-based line of the last line containing `needle` in platforms/<platform>.yaml."""
    lines = (project / "platforms" / f"{platform}.yaml").read_text(encoding="utf-8").splitlines()
    return max(number for number, line in enumerate(lines, 1) if needle in line)
