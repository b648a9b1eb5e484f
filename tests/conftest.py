"""Shared fixtures: paths, a fixed 'today', and fresh copies of fixture projects."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
TODAY = dt.date(2026, 11, 28)
COPY_IGNORE = shutil.ignore_patterns(
    "site", "dist", ".git", ".venv", "node_modules", "__pycache__", ".*cache", "bench", "test-artifacts",
    ".site-*", ".dist-*", ".export-site-*",
)  # fmt: skip
"""What a copy of the repository leaves out: outputs, caches, tools and benchmarks."""


def copy_repository(target: Path) -> Path:
    """Copy this repository, without its outputs, to `target` (which must not exist)."""
    shutil.copytree(ROOT, target, ignore=COPY_IGNORE)
    return target


@pytest.fixture(scope="session", autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test run starts with an empty cache and signing key of its own (see
    privacy_terms.utils.cache), which the commands the tests start inherit; the user's cache and
    key are never read or written."""
    folder = tmp_path_factory.mktemp("cache")
    # The key compiled templates are signed with too (never the user's ~/.config).
    key = tmp_path_factory.mktemp("cache-key") / "cache-key"
    previous = {
        name: os.environ.get(name) for name in ("PRIVACY_TERMS_CACHE", "PRIVACY_TERMS_CACHE_KEY")
    }
    os.environ["PRIVACY_TERMS_CACHE"] = str(folder)
    os.environ["PRIVACY_TERMS_CACHE_KEY"] = str(key)
    yield folder
    for name, value in previous.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


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


GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
"""Ignore the machine's git configuration, so that signing or hooks cannot interfere."""


def git(repo: Path, *args: str) -> str:
    """Run git in `repo` with the machine's configuration ignored; return its output."""
    result = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True, timeout=60,
        env={**os.environ, **GIT_ENV},
    )  # fmt: skip
    return result.stdout


def commit(repo: Path, message: str) -> None:
    """Commit everything in `repo`."""
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--no-gpg-sign", "-m", message)


def make_repo(tmp_path: Path) -> Path:
    """A git repository whose first commit is the valid fixture project."""
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "valid", repo)
    git(repo, "init", "--quiet")
    git(repo, "config", "user.name", "Test Contributor")
    git(repo, "config", "user.email", "test@example.org")
    commit(repo, "Fixture data")
    return repo
