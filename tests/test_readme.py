"""The README opens with the two commands a newcomer runs, and CI runs the same test command."""

from __future__ import annotations

from conftest import ROOT

BUILD = "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt && .venv/bin/python build.py build"
TEST = "python3 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt && .venv/bin/python -m pytest"


def opening_commands() -> list[str]:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("```sh") + 1
    block = lines[start : lines.index("```", start)]
    return [line.split("#")[0].strip() for line in block]


def test_readme_opens_with_build_then_test() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert lines.index("```sh") < 5
    assert opening_commands() == [BUILD, TEST]


def test_ci_runs_the_readme_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f"\n{TEST}\n" in script
