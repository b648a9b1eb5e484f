"""The README opens with the two commands a newcomer runs, CI runs the same test command, and
what the documents say about the repository (links, files, stages, scripts) is true of it."""

from __future__ import annotations

import json
import re
import tomllib

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


DOCUMENTS = ("README.md", "CONTRIBUTING.md", "docs/architecture.md", "bench/README.md")
LINK = re.compile(r"\]\(([^)\s]+)\)")
CODE_PATH = re.compile(r"`((?:privacy_terms|tests|bench|theme|docs)/[\w./-]+\.(?:py|md|js|json))`")


def prose_lines(name: str) -> list[str]:
    """The lines of a Markdown document outside its fenced code blocks."""
    lines, fenced = [], False
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced:
            lines.append(line)
    return lines


def anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(name: str) -> set[str]:
    return {anchor(line.lstrip("#")) for line in prose_lines(name) if line.startswith("#")}


def test_contributing_sets_up_with_the_readmes_commands() -> None:
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8").splitlines()
    stripped = [line.split("#")[0].strip() for line in contributing]
    assert BUILD in stripped and TEST in stripped
    assert not any("activate" in line for line in stripped)


def test_the_readme_names_the_fast_subset_and_pytest_knows_its_marker() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert '.venv/bin/python -m pytest -m "not browser"' in readme
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    markers = config["tool"]["pytest"]["ini_options"]["markers"]
    assert any(marker.startswith("browser:") for marker in markers)


def test_every_link_between_the_documents_leads_somewhere() -> None:
    for name in DOCUMENTS:
        folder = (ROOT / name).parent
        for line in prose_lines(name):
            for target in LINK.findall(line):
                if target.startswith(("http://", "https://", "mailto:")):
                    continue
                path, _, fragment = target.partition("#")
                document = (folder / path).resolve() if path else ROOT / name
                assert document.exists(), f"{name}: {target}"
                if fragment:
                    found = anchors(str(document.relative_to(ROOT)))
                    assert fragment in found, f"{name}: {target}"


def test_every_file_the_documents_name_exists() -> None:
    for name in DOCUMENTS:
        text = (ROOT / name).read_text(encoding="utf-8")
        for path in CODE_PATH.findall(text):
            assert (ROOT / path).exists(), f"{name} names {path}"


def test_the_architecture_map_names_every_stage_folder() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    stages = sorted(
        p.name for p in (ROOT / "privacy_terms").iterdir() if (p / "__init__.py").is_file()
    )
    assert stages == ["commands", "data", "record", "utils", "website"]
    for stage in stages:
        assert f"`privacy_terms/{stage}/`" in text, stage


def test_the_readme_names_the_themes_own_scripts_and_package_json_does_not_deny_them() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    scripts = sorted(p.name for p in (ROOT / "theme").glob("*.js"))
    assert scripts and all(f"`{script}`" in readme for script in scripts)
    description = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["description"]
    assert "no JavaScript" not in description and "theme/" in description


def test_every_requirement_has_its_row_in_the_readmes_dependencies() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Dependencies") :]
    names = []
    for requirements in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / requirements).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith(("#", "-r")):
                names.append(re.split(r"[<>=\[ ]", line.strip())[0])
    assert "mkdocs" in names and "pytest" in names
    for name in names:
        assert f"`{name}" in table, name
