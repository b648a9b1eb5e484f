"""`diff`: what changed in the conclusions, compared with a commit of a real (temporary) repository."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from privacy_terms.cli import main
from privacy_terms.data.dataset import Dataset, load_dataset
from privacy_terms.record.diff import MARKER, Change, as_markdown, as_text, diff_datasets

from conftest import FIXTURES, TODAY, commit, git, make_repo

ALPHA = "platforms/alpha.yaml"
NEW_SOURCE = """\
  - id: alpha-2026
    title: Alpha updates its *policy* for @everyone
    publisher: Alpha Inc.
    url: https://alpha.example.org/2026
    kind: company_statement
    published: 2026-11
    accessed: 2026-11-27
"""
NEW_EVENT = """\
      - date: 2026-11
        kind: confirmation
        summary: Alpha says the pause still applies.
        sources: [alpha-2026]
"""


@pytest.fixture(autouse=True)
def isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ignore the machine's git configuration, so that signing or hooks cannot interfere."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"expected {old!r} exactly once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def change_alpha(root: Path) -> None:
    """The kinds of change a pull request makes: values, dates, a stance, a source, an event."""
    alpha = root / ALPHA
    edit(alpha, "last_reviewed: 2026-11-01", "last_reviewed: 2026-11-27")
    edit(alpha, "  - level: default_all", "  - level: default_some")
    edit(alpha, "ip_address\n        access: court_order", "ip_address\n        access: judicial_order_criminal_case")  # fmt: skip
    edit(alpha, 'HK"\n    status: paused\n', 'HK"\n    status: paused_unconfirmed\n')
    edit(alpha, "        sources: [alpha-statement]\n    requests:", "        sources: [alpha-statement]\n" + NEW_EVENT + "    requests:")  # fmt: skip
    edit(alpha, "    read_via: https://mirror.example.org/alpha-hk\n", "    read_via: https://mirror.example.org/alpha-hk\n" + NEW_SOURCE)  # fmt: skip


def add_beta(root: Path) -> None:
    text = (root / ALPHA).read_text(encoding="utf-8")
    text = text.replace("\nid: alpha\n", "\nid: beta\n").replace(
        "name: Alpha Chat", "name: Beta Talk"
    )
    (root / "platforms" / "beta.yaml").write_text(text, encoding="utf-8")


def dataset(root: Path) -> Dataset:
    result = load_dataset(root, TODAY)
    assert result.dataset is not None, result.problems
    return result.dataset


def run_diff(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["diff", *args, "--today", TODAY.isoformat()], root=root)
    out, err = capsys.readouterr()
    return code, out, err


EXPECTED_ALPHA = [
    "Alpha Chat · last reviewed: 2026-11-01 → 2026-11-27",
    "Alpha Chat · encryption: On by default, everywhere → On by default for some chats",
    "Alpha Chat · disclosure · IP address: Court order → Judicial order: criminal case",
    "Alpha Chat · stance · Hong Kong: Paused → Paused, now unconfirmed",
    "Alpha Chat · stance · Hong Kong · event added: 2026-11 Confirmation: Alpha says the pause still applies.",
    "Alpha Chat · source added: alpha-2026 (Alpha updates its *policy* for @everyone)",
]


EXPECTED_BETA = [
    "Beta Talk · platform added: beta, 5 sources",
    "Beta Talk · last reviewed added: 2026-11-27",
    "Beta Talk · operator added: Alpha Inc. (United States (California))",
    "Beta Talk · headquarters added: Springfield, United States",
    "Beta Talk · governing law added: United States",
    "Beta Talk · encryption added: On by default for some chats",
    "Beta Talk · disclosure · current policy added: Privacy policy, 2022 version",
    "Beta Talk · disclosure · Basic subscriber records added: Subpoena",
    "Beta Talk · disclosure · IP address added: Judicial order: criminal case",
    "Beta Talk · disclosure · Contacts added: Unknown",
    "Beta Talk · disclosure · Message content added: Never: end-to-end encrypted",
    "Beta Talk · disclosure · user notification added: Notifies users",
    "Beta Talk · disclosure · foreign governments added: Through a treaty request (MLAT).",
    "Beta Talk · disclosure · emergency added: Disclosed when a life is at risk.",
    "Beta Talk · transparency added: Statistics by country, twice a year",
    "Beta Talk · stance · Hong Kong added: Paused, now unconfirmed",
    "Beta Talk · stance · Hong Kong · as of added: 2025-11-01",
    "Beta Talk · stance · Hong Kong · route · Request to the company added: Paused",
    "Beta Talk · stance · Hong Kong · route · Through the company's home state added: Suspended (via US)",
    "Beta Talk · stance · Hong Kong · route · Notice to a service provider added: Unknown",
]
"""A new platform's conclusions, each listed (categories its policy does not list left out): a
reviewer reads what the file claims, not only that it was added."""


def test_diff_against_head_lists_changes_in_the_working_tree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo(tmp_path)
    change_alpha(repo)
    add_beta(repo)
    code, out, err = run_diff(repo, capsys, "HEAD")
    assert (code, err) == (0, "")
    assert out.splitlines() == [*EXPECTED_ALPHA, *EXPECTED_BETA]


def test_diff_reads_the_old_data_from_the_commit_not_the_working_tree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo(tmp_path)
    change_alpha(repo)
    commit(repo, "Update Alpha")
    assert run_diff(repo, capsys, "HEAD~1") == (0, "\n".join(EXPECTED_ALPHA) + "\n", "")
    assert run_diff(repo, capsys, "HEAD") == (0, "no change to any conclusion since HEAD\n", "")


def test_a_removed_platform_and_a_removed_source_are_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo(tmp_path)
    add_beta(repo)
    commit(repo, "Add Beta")
    (repo / "platforms" / "beta.yaml").unlink()
    alpha = repo / ALPHA
    edit(alpha, "  - id: alpha-statement\n", "  - id: alpha-news\n")
    edit(alpha, "    url: https://alpha.example.org/privacy\n", "    url: https://alpha.example.org/legal/privacy\n")  # fmt: skip
    text = alpha.read_text(encoding="utf-8").replace("[alpha-statement]", "[alpha-news]")
    alpha.write_text(text, encoding="utf-8")
    code, out, _ = run_diff(repo, capsys, "HEAD")
    assert code == 0
    assert out.splitlines() == [
        "Alpha Chat · source removed: alpha-statement (Alpha pauses Hong Kong requests)",
        "Alpha Chat · source · alpha-privacy · address: https://alpha.example.org/privacy → https://alpha.example.org/legal/privacy",
        "Alpha Chat · source added: alpha-news (Alpha pauses Hong Kong requests)",
        "Beta Talk · platform removed: beta",
    ]


def test_markdown_groups_by_platform_and_cannot_mention_or_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo(tmp_path)
    change_alpha(repo)
    add_beta(repo)
    code, out, _ = run_diff(repo, capsys, "HEAD", "--format", "markdown")
    assert code == 0
    assert out.splitlines() == [
        MARKER,
        "### Changes to conclusions",
        "",
        "Compared with `HEAD`.",
        "",
        "**Alpha Chat**",
        "",
        "- last reviewed: 2026-11-01 → 2026-11-27",
        "- encryption: On by default, everywhere → On by default for some chats",
        "- disclosure · IP address: Court order → Judicial order: criminal case",
        "- stance · Hong Kong: Paused → Paused, now unconfirmed",
        "- stance · Hong Kong · event added: 2026-11 Confirmation: Alpha says the pause still applies.",
        "- source added: alpha-2026 (Alpha updates its \\*policy\\* for @\u200beveryone)",
        "",
        "**Beta Talk**",
        "",
        *(f"- {line.removeprefix('Beta Talk · ')}" for line in EXPECTED_BETA),
    ]


def test_a_base_without_any_platform_file_lists_every_platform_as_added(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "--quiet")
    git(repo, "config", "user.name", "Test Contributor")
    git(repo, "config", "user.email", "test@example.org")
    (repo / "README.md").write_text("Data comes later.\n", encoding="utf-8")
    commit(repo, "Start")
    shutil.copytree(FIXTURES / "valid", repo, dirs_exist_ok=True)
    code, out, _ = run_diff(repo, capsys, "HEAD")
    lines = out.splitlines()
    assert (code, lines[0], lines[-1]) == (0, "Alpha Chat · platform added: alpha, 4 sources", "Hong Kong · jurisdiction file added: HK")  # fmt: skip
    assert "Alpha Chat · stance · Hong Kong added: Paused" in lines


# --- the pure comparison -------------------------------------------------------------------


def test_identical_datasets_have_no_changes(valid_project: Path) -> None:
    data = dataset(valid_project)
    assert diff_datasets(data, data) == []
    assert as_text([], "main") == "no change to any conclusion since main\n"


def test_dropped_rule_stance_and_edited_summary(valid_project: Path, tmp_path: Path) -> None:
    before = dataset(valid_project)
    alpha = valid_project / ALPHA
    edit(alpha, "      - data: contacts\n        access: unknown\n        note: Not covered by the policy text we read.\n", "")  # fmt: skip
    edit(alpha, "It hands over *basic records* on a subpoena.", "It hands over basic records on a subpoena.")  # fmt: skip
    edit(alpha, "Through a treaty request (MLAT).\n      sources: [alpha-privacy]\n    emergency:\n      value: Disclosed", "Directly to Alpha Inc.\n      sources: [alpha-privacy]\n    emergency:\n      value: Disclosed")  # fmt: skip
    after = dataset(valid_project)
    assert [str(change) for change in diff_datasets(before, after)] == [
        "Alpha Chat · disclosure · Contacts: Unknown → not listed",
        "Alpha Chat · disclosure · foreign governments: Through a treaty request (MLAT). → Directly to Alpha Inc.",
        "Alpha Chat · summary: text edited",
    ]


def test_a_new_policy_version_is_the_current_one(valid_project: Path) -> None:
    before = dataset(valid_project)
    alpha = valid_project / ALPHA
    edit(alpha, "    effective_from: 2022-06-15\n", "    effective_from: 2022-06-15\n    effective_until: 2025-01\n")  # fmt: skip
    edit(alpha, "transparency:\n", """\
  - id: policy-2025
    title: Privacy policy, 2025 version
    effective_from: 2025-01
    summary: Everything on a search warrant.
    sources: [alpha-privacy]
    rules:
      - data: basic_subscriber
        access: search_warrant
        sources: [alpha-privacy]
    user_notification:
      value: notifies
      sources: [alpha-privacy]
    foreign_governments:
      value: Through a treaty request (MLAT).
      sources: [alpha-privacy]
    emergency:
      value: Disclosed when a life is at risk.
      sources: [alpha-privacy]
transparency:
""")  # fmt: skip
    changes = diff_datasets(before, dataset(valid_project))
    assert [change.text() for change in changes] == [
        "disclosure · current policy: Privacy policy, 2022 version → Privacy policy, 2025 version",
        "disclosure · Basic subscriber records: Subpoena → Search warrant",
        "disclosure · IP address: Court order → not listed",
        "disclosure · Contacts: Unknown → not listed",
        "disclosure · Message content: Never: end-to-end encrypted → not listed",
    ]


def test_change_lines() -> None:
    assert str(Change("Signal", ("last reviewed",), "changed", "2026-05-01", "2026-11-27")) == (
        "Signal · last reviewed: 2026-05-01 → 2026-11-27"
    )
    assert str(Change("Signal", ("platform",), "added")) == "Signal · platform added"
    assert str(Change("Signal", ("source",), "removed", before="a (A)")) == (
        "Signal · source removed: a (A)"
    )


def test_markdown_without_changes_says_so() -> None:
    assert as_markdown([], "abc123").splitlines() == [
        MARKER,
        "### Changes to conclusions",
        "",
        "Compared with `abc123`.",
        "",
        "No change to any conclusion: values, stances, dates and sources are as before.",
    ]


LINK = (
    "this is a symbolic link: data files must be ordinary files in the repository; "
    "replace the link with the file itself"
)


def test_a_data_file_committed_as_a_link_fails_the_diff_instead_of_hiding_a_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: the link was skipped at the ref, so the diff said "platform added" and nothing else."""
    repo = make_repo(tmp_path)
    (repo / "elsewhere").mkdir()
    (repo / ALPHA).rename(repo / "elsewhere" / "alpha.yaml")
    (repo / ALPHA).symlink_to("../elsewhere/alpha.yaml")
    commit(repo, "Alpha as a link")
    (repo / ALPHA).unlink()
    shutil.copy(repo / "elsewhere" / "alpha.yaml", repo / ALPHA)
    edit(repo / ALPHA, 'HK"\n    status: paused\n', 'HK"\n    status: processing\n')
    assert run_diff(repo, capsys, "HEAD") == (1, "", (
        "error: the data at HEAD does not pass `python build.py check` (1 error; first: "
        f"platforms/alpha.yaml:1:1: error: {LINK})\n"
    ))  # fmt: skip


def test_a_link_in_the_working_tree_fails_the_diff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo(tmp_path)
    outside = tmp_path / "outside.yaml"
    shutil.copy(repo / ALPHA, outside)
    edit(outside, 'HK"\n    status: paused\n', 'HK"\n    status: processing\n')
    (repo / ALPHA).unlink()
    (repo / ALPHA).symlink_to(outside)
    assert run_diff(repo, capsys, "HEAD") == (1, "", (
        "error: the data in the working tree does not pass `python build.py check` (1 error; "
        f"first: platforms/alpha.yaml:1:1: error: {LINK})\n"
    ))  # fmt: skip


def test_a_data_file_in_a_subfolder_at_the_ref_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo(tmp_path)
    (repo / "platforms" / "drafts").mkdir()
    shutil.copy(repo / ALPHA, repo / "platforms" / "drafts" / "beta.yaml")
    commit(repo, "A draft in a subfolder")
    shutil.rmtree(repo / "platforms" / "drafts")
    assert run_diff(repo, capsys, "HEAD") == (1, "", (
        "error: the data at HEAD does not pass `python build.py check` (1 error; first: "
        "platforms/drafts/beta.yaml:1:1: error: only files directly inside platforms/ are read: "
        "move this one there, or out of platforms/)\n"
    ))  # fmt: skip


def test_diff_between_two_commits_reads_both_as_data_and_ignores_the_working_tree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What the trusted pull-request comment runs: the base's code over two commits' data files."""
    repo = make_repo(tmp_path)
    base = git(repo, "rev-parse", "HEAD").strip()
    change_alpha(repo)
    marker = tmp_path / "code-ran"
    (repo / "privacy_terms").mkdir()
    for name in ("privacy_terms/__init__.py", "mkdocs_hooks.py", "build.py"):
        (repo / name).write_text(f"open({str(marker)!r}, 'w').close()\n", encoding="utf-8")
    commit(repo, "Change Alpha, and code that must never run")
    head = git(repo, "rev-parse", "HEAD").strip()
    (repo / ALPHA).unlink()  # the working tree plays no part
    assert run_diff(repo, capsys, base, head) == (0, "\n".join(EXPECTED_ALPHA) + "\n", "")
    assert not marker.exists()
    code, out, _ = run_diff(repo, capsys, base, head, "--format", "markdown")
    assert code == 0 and out.startswith(MARKER) and "Paused, now unconfirmed" in out
    assert run_diff(repo, capsys, base, "no-such-ref") == (
        2, "", "error: unknown git ref 'no-such-ref': name a commit, branch or tag (try `git log`)\n"
    )  # fmt: skip


def test_a_crafted_commit_cannot_make_diff_write_outside_its_temporary_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`git mktree` accepts an entry named "..": the privileged comment workflow must not follow it."""
    repo = make_repo(tmp_path)
    base = git(repo, "rev-parse", "HEAD").strip()

    def mktree(listing: str) -> str:
        return subprocess.run(
            ["git", "mktree"], cwd=repo, input=listing, capture_output=True, text=True, check=True
        ).stdout.strip()

    blob = subprocess.run(
        ["git", "hash-object", "-w", "--stdin"], cwd=repo, input="forged\n",
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    tree = mktree(f"100644 blob {blob}\tescaped.md\n")
    for _ in range(6):
        tree = mktree(f"040000 tree {tree}\t..\n")
    tree = mktree(f"040000 tree {tree}\tplatforms\n")
    head = git(repo, "commit-tree", tree, "-p", base, "-m", "Crafted").strip()
    code, out, err = run_diff(repo, capsys, base, head)
    assert (code, out) == (1, "")
    assert err == (
        f"error: the commit {head[:12]} holds an impossible path "
        "'platforms/../../../../../../escaped.md'\n"
    )
    assert not list(Path("/").glob("escaped.md")) and not list(tmp_path.rglob("escaped.md"))


def test_a_data_folder_committed_as_a_link_fails_the_diff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo(tmp_path)
    (repo / "jurisdictions").rename(repo / "elsewhere")
    (repo / "jurisdictions").symlink_to("elsewhere")
    commit(repo, "Jurisdictions as a link")
    assert run_diff(repo, capsys, "HEAD~1", "HEAD") == (1, "", (
        "error: the data at HEAD does not pass `python build.py check` (2 errors; first: "
        "jurisdictions:1:1: error: jurisdictions/ is a symbolic link: data folders must be real "
        "folders in the repository)\n"
    ))  # fmt: skip


Z = "\u200b"  # the zero-width space that breaks a GitHub autolink or reference


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("see https://evil.example/x", f"see https{Z}://evil.example/x"),
        ("see HTTP://evil.example", f"see HTTP{Z}://evil.example"),
        ("see www.evil.example", f"see www{Z}.evil.example"),
        ("fixes #1", f"fixes #{Z}1"),
        ("fixes owner/repo#2", f"fixes owner/repo#{Z}2"),
        ("fixes GH-3 and gh-4", f"fixes GH-{Z}3 and gh-{Z}4"),
        ("commit 6631c0e", f"commit 6631c0{Z}e"),
        (
            "commit 6631c0e7f42c2e5abefd3b3949d2164e18e5abef",
            f"commit 6631c0{Z}e7f42c{Z}2e5abe{Z}fd3b39{Z}49d216{Z}4e18e5{Z}abef",
        ),
        (
            "costs $x^2$ or $$y$$",
            "costs <span>$</span>x^2<span>$</span> or <span>$</span><span>$</span>y<span>$</span><span>$</span>",
        ),
        ("owner/repo@6631c0e", f"owner/repo@{Z}6631c0{Z}e"),
    ],
)
def test_markdown_links_no_address_issue_commit_and_starts_no_math(value: str, shown: str) -> None:
    lines = as_markdown([Change("Alpha Chat", ("source",), "added", after=value)], "HEAD")
    assert lines.splitlines()[-1] == f"- source added: {shown}"


@pytest.mark.parametrize("value", ["2026-11-01", "Alpha Chat 2", "a $5 fee", "#hashtag"])
def test_markdown_leaves_text_without_links_or_math_as_it_reads(value: str) -> None:
    lines = as_markdown([Change("Alpha Chat", ("source",), "added", after=value)], "HEAD")
    shown = lines.splitlines()[-1].removeprefix("- source added: ")
    assert shown.replace("<span>$</span>", "$") == value


def test_a_subject_is_neutralised_too() -> None:
    lines = as_markdown([Change("Evil #1 www.evil.example", ("source",), "added")], "HEAD")
    assert f"**Evil #{Z}1 www{Z}.evil.example**" in lines.splitlines()
