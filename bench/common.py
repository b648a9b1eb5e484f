"""What the benchmark scripts share: copying the project without its outputs."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPY_IGNORE = shutil.ignore_patterns(
    "site", "dist", ".git", ".venv", "node_modules", "__pycache__", ".*cache", "bench", "test-artifacts",
    ".site-*", ".dist-*", ".export-site-*",
)  # fmt: skip


def copy_project(target: Path) -> Path:
    """Copy this repository, without outputs, caches, tools or benchmarks, to `target`."""
    shutil.copytree(ROOT, target, ignore=COPY_IGNORE)
    return target
