"""CI, issue forms and editor settings: valid files that call the commands CONTRIBUTING.md documents."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from privacy_terms.cli import main

from conftest import FIXTURES, GIT_ENV, ROOT, commit, copy_repository, git

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


PINNED = re.compile(r"uses: ([\w.-]+/[\w.-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$")


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.yml")), ids=lambda p: p.name)
def test_every_workflow_is_valid_yaml_with_jobs_and_pinned_actions(path: Path) -> None:
    flow = workflow(path.name)
    assert flow["name"] and flow["on"] and flow["jobs"]
    for step in steps(flow):
        assert ("run" in step) != ("uses" in step), step
    for line in path.read_text(encoding="utf-8").splitlines():
        if "uses:" in line:  # a commit, which cannot move, with the release it is
            assert PINNED.search(line.strip()), line


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.yml")), ids=lambda p: p.name)
def test_every_job_asks_for_the_least_it_needs(path: Path) -> None:
    flow = workflow(path.name)
    assert flow["permissions"] == {}, (
        "no permission for the whole workflow: each job states its own"
    )
    writers = {}
    for name, job in flow["jobs"].items():
        assert "permissions" in job, name
        writers[name] = sorted(k for k, v in job["permissions"].items() if v == "write")
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                # No workflow pushes: the token must not stay in .git/config for later steps.
                assert step["with"]["persist-credentials"] is False, (name, step)
    assert (
        writers
        == {
            "pull-request.yml": {"check": [], "test": [], "build": [], "diff": []},
            "pull-request-comment.yml": {"comment": ["pull-requests"]},
            "deploy.yml": {"build": [], "deploy": ["id-token", "pages"]},
            "release.yml": {"export": [], "publish": ["contents"]},
            "verify.yml": {"verify": [], "issue": ["issues"]},
        }[path.name]
    )


def test_pull_requests_check_test_build_and_diff() -> None:
    flow = workflow("pull-request.yml")
    assert set(flow["on"]) == {"pull_request"}
    run = commands(flow)
    for command in (
        "python build.py check --format github",
        "pip install -r requirements-dev.txt",
        "python -m pytest",
        "python build.py build",
        'python build.py diff "$BASE_SHA" --format markdown >> "$GITHUB_STEP_SUMMARY"',
    ):
        assert command in run, command
    assert all(job["permissions"] == {"contents": "read"} for job in flow["jobs"].values())


def test_tests_run_on_debian_with_chromium_from_apt() -> None:
    job = workflow("pull-request.yml")["jobs"]["test"]
    assert job["container"].endswith("-bookworm")
    install = job["steps"][0]["run"]
    assert "apt-get install" in install and " chromium " in install


def test_the_diff_compares_with_the_pull_requests_base_and_full_history() -> None:
    job = workflow("pull-request.yml")["jobs"]["diff"]
    assert job["steps"][0]["with"] == {"fetch-depth": 0, "persist-credentials": False}
    compare = next(step for step in job["steps"] if step.get("name", "").startswith("Compare"))
    assert compare["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"


def test_nothing_the_pull_requests_own_run_makes_reaches_the_comment() -> None:
    """The comment is computed by the privileged workflow itself, from the base repository's code."""
    flow = workflow("pull-request-comment.yml")
    assert flow["on"] == {"workflow_run": {"workflows": ["Pull request"], "types": ["completed"]}}
    assert workflow("pull-request.yml")["name"] == "Pull request"
    uploads = [
        s["with"]["name"]
        for s in steps(workflow("pull-request.yml"))
        if "artifact" in s.get("uses", "")
    ]
    assert uploads == ["site-preview"]  # for reviewers; nothing else leaves that run
    assert not any("download-artifact" in step.get("uses", "") for step in steps(flow))
    [job] = flow["jobs"].values()
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"] == {
        "fetch-depth": 0,
        "persist-credentials": False,
    }  # no `ref`: the default branch
    run = commands(flow)
    assert (
        'git fetch --no-tags origin "$BASE_SHA" "+refs/pull/$NUMBER/head:refs/remotes/pull/head"'
        in run
    )
    assert "pip install -r requirements.txt" in run
    assert (
        'if ! python build.py diff "$BASE_SHA" "$HEAD_SHA" --format markdown > diff.md; then' in run
    )
    assert not any(line.startswith(("git checkout", "git switch", "git worktree")) for line in run)
    for step in job["steps"]:
        for value in step.get("env", {}).values():
            assert value.startswith("${{ steps.pull.outputs."), value  # from the API, not the run
    script = job["steps"][-1]["with"]["script"]
    assert "fs.readFileSync('diff.md', 'utf8')" in script and script.count("readFileSync") == 1
    finder = job["steps"][0]["with"]["script"]
    assert (
        "p.head.sha === run.head_sha" in finder
        and "p.head.repo.id === run.head_repository.id" in finder
    )


def diff_step_script() -> str:
    [job] = workflow("pull-request-comment.yml")["jobs"].values()
    step = next(s for s in job["steps"] if s.get("name", "").startswith("Work out"))
    return str(step["run"])


def python_first_on_path(tmp_path: Path) -> Path:
    """A folder whose `python` is the interpreter running the tests: the workflow's steps say
    `python`, which in CI is setup-python's and here would otherwise be whatever PATH finds first
    (the system's, without the project's dependencies)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    python = folder / "python"
    # A script, not a link: a virtual environment's interpreter finds its packages from the path
    # it was started by.
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    python.chmod(0o755)
    return folder


def test_the_comment_is_the_base_codes_diff_of_the_two_commits(tmp_path: Path) -> None:
    """Run the workflow's own step in a checkout: it writes what the base's `diff` computes."""
    repo = copy_repository(tmp_path / "repo")
    for folder in ("platforms", "jurisdictions"):
        shutil.rmtree(repo / folder)
        shutil.copytree(FIXTURES / "valid" / folder, repo / folder)
    git(repo, "init", "--quiet")
    git(repo, "config", "user.name", "Test")
    git(repo, "config", "user.email", "test@example.org")
    commit(repo, "Base")
    base = git(repo, "rev-parse", "HEAD").strip()
    alpha = repo / "platforms" / "alpha.yaml"
    text = alpha.read_text(encoding="utf-8")
    alpha.write_text(
        text.replace('HK"\n    status: paused\n', 'HK"\n    status: processing\n'), encoding="utf-8"
    )
    # The pull request also claims, in its own workflow, that nothing changed: irrelevant here.
    (repo / ".github" / "workflows" / "pull-request.yml").write_text(
        "name: Pull request\n", encoding="utf-8"
    )
    commit(repo, "Head")
    head = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "checkout", "--quiet", base)
    env = {**os.environ, **GIT_ENV, "BASE_SHA": base, "HEAD_SHA": head, "TZ": "UTC"}
    env["PATH"] = f"{python_first_on_path(tmp_path)}{os.pathsep}{env.get('PATH', '')}"
    subprocess.run(
        ["bash", "-e", "-c", diff_step_script()], cwd=repo, env=env, check=True, timeout=120
    )
    body = (repo / "diff.md").read_text(encoding="utf-8")
    assert body.startswith("<!-- privacy-terms:diff -->\n")
    assert "- stance · Hong Kong: Paused → Processing" in body
    alpha.write_text("id: alpha\n", encoding="utf-8")
    commit(repo, "Broken head")
    env["HEAD_SHA"] = git(repo, "rev-parse", "HEAD").strip()
    subprocess.run(
        ["bash", "-e", "-c", diff_step_script()], cwd=repo, env=env, check=True, timeout=120
    )
    assert (repo / "diff.md").read_text(encoding="utf-8") == (
        "<!-- privacy-terms:diff -->\n\nThe conclusions could not be compared: the data does not "
        "pass `python build.py check` (see the checks of this pull request).\n"
    )


def test_main_deploys_the_site_to_pages() -> None:
    flow = workflow("deploy.yml")
    assert flow["on"]["push"] == {"branches": ["main"]}
    assert "python build.py build" in commands(flow)
    upload = next(s for s in steps(flow) if s.get("uses", "").startswith("actions/upload-pages"))
    assert upload["with"] == {"path": "site/"}
    assert "actions/deploy-pages" in uses(flow)
    assert flow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_tags_release_exactly_the_verified_files() -> None:
    flow = workflow("release.yml")
    assert flow["on"] == {"push": {"tags": ["v*"]}}
    run = commands(flow)
    assert "python build.py export" in run
    assert "sha256sum --check --strict SHA256SUMS" in run
    assert 'gh release upload "$TAG" --repo "$REPOSITORY" --clobber release/*' in run
    publish = flow["jobs"]["publish"]
    assert not any("checkout" in step.get("uses", "") for step in publish["steps"])


def release_gather_script() -> str:
    """The release step that gathers the files to upload and verifies them (run by test_export)."""
    job = workflow("release.yml")["jobs"]["export"]
    return str(next(s for s in job["steps"] if s.get("name", "").startswith("Gather"))["run"])


@pytest.mark.parametrize(
    "name",
    ["pull-request.yml", "pull-request-comment.yml", "deploy.yml", "release.yml", "verify.yml"],
)
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


def test_sources_are_verified_weekly_and_on_demand() -> None:
    flow = workflow("verify.yml")
    assert set(flow["on"]) == {"schedule", "workflow_dispatch"}
    [schedule] = flow["on"]["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert minute.isdigit() and hour.isdigit() and weekday.isdigit(), "once a week"
    assert (day, month) == ("*", "*")
    run = commands(flow)
    assert "python build.py verify --format markdown > report/verify.md || status=$?" in run
    assert (
        'python build.py watch --versions "$RUNNER_TEMP/contrib-versions.git" --format markdown '
        "> report/watch.md || status=$?"
    ) in run


def test_the_archive_is_cloned_with_every_commit() -> None:
    """watch needs the pinned commits and the dates of every change: no shallow clone."""
    [clone] = [line for line in commands(workflow("verify.yml")) if line.startswith("git clone")]
    assert "https://github.com/OpenTermsArchive/contrib-versions.git" in clone
    assert "--bare" in clone and "--filter=blob:none" in clone
    assert "--depth" not in clone and "--shallow" not in clone


def test_only_the_job_that_posts_may_write_issues_and_nothing_edits_the_data() -> None:
    flow = workflow("verify.yml")
    assert flow["permissions"] == {}
    jobs = flow["jobs"]
    assert jobs["verify"]["permissions"] == {"contents": "read"}
    assert jobs["issue"]["permissions"] == {"issues": "write"}
    assert jobs["issue"]["needs"] == "verify"
    posting = [step.get("uses", "").split("@")[0] for step in jobs["issue"]["steps"]]
    assert posting == ["actions/download-artifact", "actions/github-script"], (
        "the job with a write token runs no project code"
    )
    for line in commands(flow):
        assert not re.search(r"git (commit|push)|platforms/|jurisdictions/|sed -i", line), line


def issue_script() -> str:
    script: str = workflow("verify.yml")["jobs"]["issue"]["steps"][-1]["with"]["script"]
    return script


HARNESS = """
const calls = [];
const existing = JSON.parse(process.env.EXISTING);
const github = {
  paginate: async (method, args) => { calls.push(['list', args]); return existing; },
  rest: { issues: {
    listForRepo: 'listForRepo',
    update: async (args) => { calls.push(['update', args]); },
    create: async (args) => { calls.push(['create', args]); },
  } },
};
const context = {
  repo: { owner: 'owner', repo: 'repo' }, serverUrl: 'https://github.com', sha: 'abc123', runId: 7,
};
(async () => {
SCRIPT
})().then(() => console.log(JSON.stringify(calls)), (e) => { console.error(e); process.exit(1); });
"""


def post(tmp_path: Path, statuses: tuple[int, int], existing: list[dict[str, Any]]) -> list[Any]:
    """Run the issue job's script in Node with a stand-in GitHub client; return its calls."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is needed to run the workflow's script")
        pytest.skip("node is not installed")
    for name, status in zip(("verify", "watch"), statuses, strict=True):
        (tmp_path / f"{name}.status").write_text(f"{status}\n", encoding="utf-8")
        (tmp_path / f"{name}.md").write_text(
            f"### `python build.py {name}`: {status} findings\n\n"
            + ("- [ ] `platforms/alpha.yaml:12` `alpha-privacy` moved: url …\n" if status else ""),
            encoding="utf-8",
        )
    (tmp_path / "harness.js").write_text(
        HARNESS.replace("SCRIPT", issue_script()), encoding="utf-8"
    )
    result = subprocess.run(
        [node, "harness.js"], cwd=tmp_path, capture_output=True, text=True, timeout=60,
        env={**os.environ, "EXISTING": json.dumps(existing)}, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)[1:]  # after the listing


MARKER = "<!-- privacy-terms:verify -->"
BOT = {"type": "Bot"}


def test_the_issue_is_opened_with_links_to_each_line(tmp_path: Path) -> None:
    [(action, args)] = post(tmp_path, (1, 0), [])
    assert action == "create"
    assert args["title"] == "Sources to look at (weekly verify and watch)"
    assert args["body"].startswith(MARKER)
    assert (
        "- [ ] [`platforms/alpha.yaml:12`](https://github.com/owner/repo/blob/abc123/"
        "platforms/alpha.yaml#L12) `alpha-privacy` moved" in args["body"]
    )


def test_the_open_issue_is_updated_keeping_ticks(tmp_path: Path) -> None:
    line = ("[`platforms/alpha.yaml:12`](https://github.com/owner/repo/blob/abc123/"
            "platforms/alpha.yaml#L12) `alpha-privacy` moved: url …")  # fmt: skip
    ours = {"number": 5, "user": BOT, "body": f"{MARKER}\n- [x] {line}\n"}
    someone = {"number": 6, "user": {"type": "User"}, "body": f"{MARKER}\nquoted by a person"}
    [(action, args)] = post(tmp_path, (0, 1), [someone, ours])
    assert (action, args["issue_number"]) == ("update", 5)
    assert f"- [x] {line}" in args["body"]


def test_all_clear_closes_the_issue_and_opens_none(tmp_path: Path) -> None:
    ours = {"number": 5, "user": BOT, "body": f"{MARKER}\nold"}
    [(action, args)] = post(tmp_path, (0, 0), [ours])
    assert (action, args["issue_number"], args["state"]) == ("update", 5, "closed")
    assert post(tmp_path, (0, 0), []) == []


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
    for phrase in ("original publisher", "verbatim", "never guessed", "archived", "read_via", "conflicts",
                   "second reviewer", "removed a source"):  # fmt: skip
        assert phrase in text, phrase


def test_vscode_maps_each_data_folder_to_its_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {
        "./schema/platform.schema.json": ["platforms/*.yaml"],
        "./schema/jurisdiction.schema.json": ["jurisdictions/*.yaml"],
        "./schema/publishers.schema.json": ["publishers.yaml"],
    }
    for schema in settings["yaml.schemas"]:
        assert (ROOT / schema).is_file(), schema


def test_pre_commit_runs_the_check_when_a_data_file_changes() -> None:
    config = load(ROOT / ".pre-commit-config.yaml")
    [repo] = config["repos"]
    [hook] = repo["hooks"]
    assert repo["repo"] == "local"
    # The README's environment: a bare `python` is the system's, without our packages.
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == (
        ".venv/bin/python build.py check", "system", False
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
