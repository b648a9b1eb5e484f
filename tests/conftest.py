"""Shared fixtures: paths, a fixed 'today', and fresh copies of fixture projects."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
TODAY = dt.date(2026, 11, 28)
COPY_IGNORE = shutil.ignore_patterns(
    "site", "dist", ".git", "node_modules", "__pycache__", ".*cache", "bench", "test-artifacts",
    ".site-*", ".dist-*", ".export-site-*",
)  # fmt: skip
"""What a copy of the repository leaves out: outputs, caches, tools and benchmarks."""


def copy_repository(target: Path) -> Path:
    """Copy this repository, without its outputs, to `target` (which must not exist)."""
    shutil.copytree(ROOT, target, ignore=COPY_IGNORE)
    return target


@pytest.fixture
def today() -> dt.date:
    """The date every check in the tests compares against."""
    return TODAY


@pytest.fixture
def valid_project(tmp_path: Path) -> Path:
    """A fresh, writable copy of the valid fixture project."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURES / "valid", target)
    return target
