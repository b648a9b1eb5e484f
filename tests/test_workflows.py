"""CI, issue forms and editor settings: valid files that call the commands CONTRIBUTING.md documents."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from privacy_terms.cli import main

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def workflow(name: str) -> dict[str, Any]:
    data = load(WORKFLOWS / name)
    # PyYAML reads the key `on` as the boolean True (YAML 1.1); GitHub reads it as "on".
    data["on"] = data.pop(True, data.get("on"))
    return data  # type: ignore[no-any-return]


def steps(flow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in flow["jobs"].values() for step in job["steps"]]


def commands(flow: dict[str, Any]) -> list[str]:
    """Every shell line the workflow runs, continuation lines joined."""
    text = "\n".join(step.get("run", "") for step in steps(flow))
    return [line.strip() for line in text.replace("\\\n", " ").splitlines() if line.strip()]


def uses(flow: dict[str, Any]) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps(flow) if "uses" in step]


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.yml")), ids=lambda p: p.name)
def test_every_workflow_is_valid_yaml_with_jobs_and_pinned_actions(path: Path) -> None:
    flow = workflow(path.name)
    assert flow["name"] and flow["on"] and flow["jobs"]
    for step in steps(flow):
        assert ("run" in step) != ("uses" in step), step
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]), step["uses"]
    assert "permissions" in flow, "every workflow states its token permissions"


def test_pull_requests_check_test_build_and_diff() -> None:
    flow = workflow("pull-request.yml")
    assert set(flow["on"]) == {"pull_request"}
    run = commands(flow)
    for command in (
        "python build.py check --format github",
        "pip install -r requirements-dev.txt",
        "python -m pytest",
        "python build.py build",
        'python build.py diff "$BASE_SHA" --format markdown > conclusions-diff/diff.md',
    ):
        assert command in run, command
    assert flow["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in flow["jobs"].values())


def test_tests_run_on_debian_with_chromium_from_apt() -> None:
    job = workflow("pull-request.yml")["jobs"]["test"]
    assert job["container"].endswith("-bookworm")
    install = job["steps"][0]["run"]
    assert "apt-get install" in install and " chromium " in install


def test_the_diff_compares_with_the_pull_requests_base_and_full_history() -> None:
    job = workflow("pull-request.yml")["jobs"]["diff"]
    assert job["steps"][0] == {"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}}
    compare = next(step for step in job["steps"] if step.get("name", "").startswith("Compare"))
    assert compare["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"


def test_the_comment_is_posted_from_a_separate_privileged_workflow() -> None:
    flow = workflow("pull-request-comment.yml")
    assert flow["on"] == {"workflow_run": {"workflows": ["Pull request"], "types": ["completed"]}}
    assert workflow("pull-request.yml")["name"] == "Pull request"
    assert flow["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert "actions/checkout" not in uses(flow), (
        "never check out pull-request code with a write token"
    )
    script = steps(flow)[-1]["with"]["script"]
    assert "pull.head.sha !== context.payload.workflow_run.head_sha" in script
    assert "'<!-- privacy-terms:diff -->'" in script


def test_main_deploys_the_site_to_pages() -> None:
    flow = workflow("deploy.yml")
    assert flow["on"]["push"] == {"branches": ["main"]}
    assert "python build.py build" in commands(flow)
    upload = next(s for s in steps(flow) if s.get("uses", "").startswith("actions/upload-pages"))
    assert upload["with"] == {"path": "site/"}
    assert "actions/deploy-pages" in uses(flow)
    assert flow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_tags_release_the_export_with_checksums() -> None:
    flow = workflow("release.yml")
    assert flow["on"] == {"push": {"tags": ["v*"]}}
    run = commands(flow)
    assert "python build.py export" in run
    assert "sha256sum --check --strict SHA256SUMS" in run
    assert (
        'find dist -maxdepth 1 -type f -print0 | xargs -0 gh release upload "$TAG" --clobber' in run
    )


@pytest.mark.parametrize("name", ["pull-request.yml", "deploy.yml", "release.yml"])
def test_every_build_py_command_in_ci_exists(name: str) -> None:
    used = {
        m[1]
        for line in commands(workflow(name))
        if (m := re.search(r"python build\.py (\w+)", line))
    }
    assert used
    for command in sorted(used):
        with pytest.raises(SystemExit) as exit_info:
            main([command, "--help"])
        assert exit_info.value.code == 0, f"python build.py {command} does not exist"


def test_the_correction_form_requires_a_source_url() -> None:
    form = load(ROOT / ".github" / "ISSUE_TEMPLATE" / "correction.yml")
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    assert fields["source-url"]["type"] == "input"
    assert fields["source-url"]["validations"] == {"required": True}
    assert fields["quote"]["validations"] == {"required": False}


def test_the_new_platform_form_asks_for_sources() -> None:
    form = load(ROOT / ".github" / "ISSUE_TEMPLATE" / "new-platform.yml")
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    assert fields["sources"]["validations"] == {"required": True}


def test_the_pull_request_template_has_the_source_checklist() -> None:
    text = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    for phrase in ("original publisher", "verbatim", "never guessed", "archive_url", "conflicts",
                   "second reviewer", "removed a source"):  # fmt: skip
        assert phrase in text, phrase


def test_vscode_maps_each_data_folder_to_its_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {
        "./schema/platform.schema.json": ["platforms/*.yaml"],
        "./schema/jurisdiction.schema.json": ["jurisdictions/*.yaml"],
    }
    for schema in settings["yaml.schemas"]:
        assert (ROOT / schema).is_file(), schema


def test_pre_commit_runs_the_check_when_a_data_file_changes() -> None:
    config = load(ROOT / ".pre-commit-config.yaml")
    [repo] = config["repos"]
    [hook] = repo["hooks"]
    assert repo["repo"] == "local"
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == (
        "python build.py check", "system", False
    )  # fmt: skip
    files = re.compile(hook["files"])
    assert files.search("platforms/signal.yaml") and files.search("jurisdictions/HK.yaml")
    assert not files.search("README.md") and not files.search(
        "tests/fixtures/valid/platforms/alpha.yaml"
    )


def test_editorconfig_indents_yaml_with_two_spaces() -> None:
    text = (ROOT / ".editorconfig").read_text(encoding="utf-8")
    assert "root = true" in text
    section = text.split("[*.{yaml,yml,json}]")[1].split("[")[0]
    assert "indent_size = 2" in section
