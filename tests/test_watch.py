"""`python build.py watch` against a small archive made here, in the layout of Open Terms Archive.

The archive's latest version of Alpha's privacy policy dropped the sentence our sources quote;
its terms of service never changed. Dates are set on each commit, as the archive's history dates
every change. The tests pin their sources in `OpenTermsArchive/fixture-versions` and pass
`--archive` with that name, so that pins the fixture project may hold (in contrib-versions) are
counted as other archives and never mixed with the ones made here.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from source_support import COPY_COLUMN, add_platform, add_source, line_of

from privacy_terms.cli import main
from privacy_terms.record import archive as archive_module
from privacy_terms.record.archive import Versions, parse_pin

from conftest import GIT_ENV

QUOTE = "We may disclose basic records in response to a subpoena."
POLICY = "Alpha/Privacy Policy.md"
TERMS = "Beta/Terms of Service.md"
HUGE = "Beta/Community Guidelines.md"
V1 = f"# Privacy Policy\n\n## Requests\n\n{QUOTE} We keep logs for 90 days.\n"
V2 = f"# Privacy Policy\n\n## Requests\n\n{QUOTE} We keep logs for 30 days.\n"
V3 = "# Privacy Policy\n\n## Requests\n\nWe *may* disclose [basic records](https://a.example) in\nresponse to a subpoena. We keep logs for 30 days.\n"
V4 = "# Privacy Policy\n\n## Requests\n\nWe disclose basic records only on a court order. We keep logs for 30 days.\n"
TERMS_TEXT = "# Terms\n\nYou must be 13 or older to use Beta.\n"


def archive_commit(repo: Path, date: str, message: str, files: dict[str, str]) -> str:
    """Commit `files` at `date` (author and committer); return the commit id."""
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True,
                              check=True, timeout=60).stdout.strip()  # fmt: skip

    git("add", "--all")
    git("commit", "--quiet", "--no-gpg-sign", "-m", message)
    return git("rev-parse", "HEAD")


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, list[str]]:
    """The archive and its commits, oldest first: start, update, refilter, dropped sentence."""
    repo = tmp_path / "contrib-versions"
    repo.mkdir()
    subprocess.run(["git", "init", "--quiet", "-b", "main"], cwd=repo, check=True,
                   env={**os.environ, **GIT_ENV})  # fmt: skip
    for key, value in (("user.name", "Archive Bot"), ("user.email", "bot@archive.example")):
        subprocess.run(["git", "config", key, value], cwd=repo, check=True)
    commits = [
        archive_commit(repo, "2026-01-10T12:00:00+00:00", "Start tracking Alpha Privacy Policy",
                       {POLICY: V1, TERMS: TERMS_TEXT}),
        archive_commit(repo, "2026-06-01T12:00:00+00:00", "Record new changes of Alpha Privacy Policy",
                       {POLICY: V2}),
        archive_commit(repo, "2026-11-20T12:00:00+00:00", "Refilter Alpha Privacy Policy",
                       {POLICY: V3}),
        archive_commit(repo, "2026-12-05T12:00:00+00:00", "Record new changes of Alpha Privacy Policy",
                       {POLICY: V4}),
    ]  # fmt: skip
    return repo, commits


ARCHIVE = "OpenTermsArchive/fixture-versions"


def pinned(commit: str, path: str, repository: str = "fixture-versions") -> str:
    encoded = path.replace(" ", "%20")
    return f"https://github.com/OpenTermsArchive/{repository}/blob/{commit}/{encoded}"


def watch(project: Path, versions: Path, capsys: pytest.CaptureFixture[str], *args: str
          ) -> tuple[int, list[str], str]:  # fmt: skip
    code = main(["watch", "--versions", str(versions), "--archive", ARCHIVE,
                 "--today", "2026-11-28", *args], root=project)  # fmt: skip
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def test_the_dropped_sentence_flags_each_platform_that_quotes_it(
    valid_project: Path, archive: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    repo, (start, update, _, dropped) = archive
    add_platform(valid_project, "beta", "Beta Chat")
    add_source(
        valid_project,
        "alpha-policy-old",
        "https://alpha.example.org/privacy",
        quote=QUOTE,
        copy=pinned(start, POLICY),
    )  # superseded by the next one
    add_source(
        valid_project,
        "alpha-policy",
        "https://alpha.example.org/privacy",
        quote=QUOTE,
        copy=pinned(update, POLICY),
    )
    add_source(
        valid_project,
        "beta-policy",
        "https://alpha.example.org/privacy",
        quote=QUOTE,
        copy=pinned(start, POLICY),
        platform="beta",
    )
    add_source(
        valid_project,
        "beta-terms",
        "https://beta.example.org/terms",
        quote="You must be 13 or older",
        copy=pinned(start, TERMS),
        platform="beta",
    )
    add_source(valid_project, "beta-pga", "https://beta.example.org/terms",
               copy=pinned(start, TERMS, "pga-versions"), platform="beta")  # fmt: skip
    code, out, err = watch(valid_project, repo, capsys)
    assert (code, err) == (1, "")
    alpha_quote = line_of(valid_project, "quote: ")
    alpha_copy = line_of(valid_project, update)
    beta_copy = line_of(valid_project, f"/{start}/Alpha", "beta")
    beta_quote = beta_copy - 1
    latest = f"2026-12-05, {dropped[:7]} 'Record new changes of Alpha Privacy Policy'"
    gone = (
        f"the quoted wording is no longer in the latest version of {ARCHIVE} {POLICY} ({latest}); it went in the version of {latest}: the policy changed since our "
        f"review on 2026-11-01: a new disclosure version is due"
    )
    changed = (
        f"{ARCHIVE} {POLICY} changed once after this file's review on "
        f"2026-11-01, last on {latest}: re-read it against the claims, then update the source and "
        f"last_reviewed"
    )
    assert out[:-1] == [
        f"platforms/alpha.yaml:{alpha_quote}:12: policy-changed: alpha-policy: {gone}",
        f"platforms/alpha.yaml:{alpha_copy}:{COPY_COLUMN}: changed-after-review: alpha-policy: {changed}",
        f"platforms/beta.yaml:{beta_quote}:12: policy-changed: beta-policy: {gone}",
        f"platforms/beta.yaml:{beta_copy}:{COPY_COLUMN}: changed-after-review: beta-policy: {changed}",
    ]
    summary = out[-1]
    assert summary.startswith(
        f"watch: {ARCHIVE} at {dropped[:7]} (2026-12-05): 4 sources pinned there, 1 superseded "
        "by a newer pin of the same document; "
    )
    assert summary.endswith(
        "pinned in other archives (not watched): 4 findings (2 changed-after-review, "
        "2 policy-changed)"
    )


def test_a_bare_clone_gives_the_same_report(
    valid_project: Path, archive: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:  # fmt: skip
    repo, (start, *_) = archive
    add_source(valid_project, "alpha-policy", "https://alpha.example.org/privacy",
               quote=QUOTE, copy=pinned(start, POLICY))  # fmt: skip
    bare = tmp_path / "bare.git"
    subprocess.run(["git", "clone", "--quiet", "--bare", str(repo), str(bare)], check=True,
                   env={**os.environ, **GIT_ENV})  # fmt: skip
    from_clone = watch(valid_project, repo, capsys, "--format", "json")
    from_bare = watch(valid_project, bare, capsys, "--format", "json")
    assert from_clone == from_bare
    report = json.loads("\n".join(from_bare[1]))
    assert [f["kind"] for f in report["findings"]] == ["policy-changed", "changed-after-review"]
    assert (report["counts"]["pinned here"], report["counts"]["superseded"]) == (1, 0)


def test_a_change_before_the_review_is_not_reported_and_extraction_changes_do_not_count(
    valid_project: Path, archive: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    """Pinned at the update of 2026-06-01 (before the review); the latest version is the refilter
    of 2026-11-20 (after it), which changed the Markdown, and the quote is still there."""
    repo, (_, update, refilter, _) = archive
    subprocess.run(["git", "reset", "--quiet", "--hard", refilter], cwd=repo, check=True)
    add_source(valid_project, "alpha-policy", "https://alpha.example.org/privacy",
               quote=QUOTE, copy=pinned(update, POLICY))  # fmt: skip
    code, out, _ = watch(valid_project, repo, capsys)
    assert code == 0
    assert out[-1].endswith(": nothing changed since our review")


def test_a_quote_that_went_before_the_review_asks_for_a_check_not_a_new_version(
    valid_project: Path, archive: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    repo, (start, *_) = archive
    alpha = valid_project / "platforms" / "alpha.yaml"
    text = alpha.read_text(encoding="utf-8").replace(
        "last_reviewed: 2026-11-01", "last_reviewed: 2026-12-10"
    )
    alpha.write_text(text, encoding="utf-8")
    add_source(valid_project, "alpha-policy", "https://alpha.example.org/privacy",
               quote=QUOTE, copy=pinned(start, POLICY))  # fmt: skip
    code, out, _ = watch(valid_project, repo, capsys, "--today", "2026-12-31")
    assert code == 1
    [finding, _] = out
    assert (
        "before this file's review on 2026-12-10: check that a later disclosure version" in finding
    )


def test_broken_pins_and_quotes_not_in_the_pinned_version(
    valid_project: Path, archive: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    repo, (start, *_) = archive
    absent = "f" * 40
    add_source(
        valid_project,
        "unknown-commit",
        "https://alpha.example.org/privacy",
        copy=pinned(absent, POLICY),
    )
    add_source(
        valid_project,
        "wrong-file",
        "https://alpha.example.org/privacy",
        copy=pinned(start, "Alpha/Cookie Policy.md"),
    )
    add_source(valid_project, "paraphrase", "https://beta.example.org/terms",
               quote="You must be an adult", copy=pinned(start, TERMS))  # fmt: skip
    code, out, _ = watch(valid_project, repo, capsys)
    assert code == 1
    kinds = [line.split(": ")[1:3] for line in out[:-1]]
    assert kinds == [["pin-missing", "unknown-commit"], ["pin-missing", "wrong-file"],
                     ["quote-not-in-copy", "paraphrase"]]  # fmt: skip
    assert f"commit {absent} is not in the clone of {ARCHIVE}: check the permanent" in out[0]


def test_a_document_the_archive_no_longer_has(
    valid_project: Path, archive: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    repo, (start, *_) = archive
    subprocess.run(["git", "rm", "--quiet", TERMS], cwd=repo, check=True)
    removal = archive_commit(repo, "2026-12-20T00:00:00+00:00", "Stop tracking Beta Terms", {})
    add_source(valid_project, "beta-terms", "https://beta.example.org/terms",
               copy=pinned(start, TERMS))  # fmt: skip
    code, out, _ = watch(valid_project, repo, capsys)
    assert (code, len(out)) == (1, 2)  # not also "changed after review": it is gone
    assert (
        f"document-gone: beta-terms: the archive no longer has {ARCHIVE} {TERMS} (2026-12-20, {removal[:7]} 'Stop tracking Beta Terms')"
    ) in out[0]


def test_markdown_for_the_scheduled_issue(
    valid_project: Path, archive: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    repo, (start, *_) = archive
    add_source(valid_project, "alpha-policy", "https://alpha.example.org/privacy",
               quote=QUOTE, copy=pinned(start, POLICY))  # fmt: skip
    code, out, _ = watch(valid_project, repo, capsys, "--format", "markdown")
    assert code == 1
    assert out[0] == "### `python build.py watch`: 2 findings"
    assert out[4] == "**platforms/alpha.yaml**"
    line = line_of(valid_project, "quote: ")
    assert out[6].startswith(f"- [ ] `platforms/alpha.yaml:{line}` `alpha-policy` policy-changed: ")


def test_no_pinned_source_is_all_well(
    valid_project: Path, archive: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = watch(valid_project, archive[0], capsys)
    assert code == 0
    [summary] = out
    assert summary.startswith(
        f"watch: {ARCHIVE} at {archive[1][-1][:7]} (2026-12-05): 0 sources pinned there, 0 "
        "superseded by a newer pin of the same document; "
    )
    assert summary.endswith(": nothing changed since our review")


def test_the_archive_is_contrib_versions_unless_told(
    valid_project: Path, archive: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    main(["watch", "--versions", str(archive[0]), "--today", "2026-11-28"], root=valid_project)
    summary = capsys.readouterr().out.splitlines()[-1]
    assert summary.startswith(f"watch: OpenTermsArchive/contrib-versions at {archive[1][-1][:7]} ")


def test_a_folder_that_is_not_a_clone_is_wrong_usage(
    valid_project: Path, archive: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:  # fmt: skip
    plain = tmp_path / "plain"
    plain.mkdir()
    inside = archive[0] / "Alpha"
    for folder, message in (
        (plain, "is not a git repository: clone the archive first"),
        (inside, "is not a git repository"),  # never the repository around it
        (tmp_path / "missing", "is not a folder"),
    ):
        code, out, err = watch(valid_project, folder, capsys)
        assert (code, out) == (2, [])
        assert err.startswith("error: ") and message in err, err


def test_archive_addresses() -> None:
    commit = "a" * 40
    pin = parse_pin(pinned(commit, "WhatsApp/Privacy Policy.md", "contrib-versions"))
    assert pin is not None
    assert (pin.repository, pin.commit, pin.path) == (
        "OpenTermsArchive/contrib-versions", commit, "WhatsApp/Privacy Policy.md"
    )  # fmt: skip
    for url in (
        "https://github.com/OpenTermsArchive/contrib-versions/blob/main/A/B.md",
        f"https://github.com/OpenTermsArchive/contrib-versions/blob/{commit}/A/../B.md",
        f"https://github.com/OpenTermsArchive/contrib-versions/blob/{commit}/B.md",
        f"https://github.com/someone/contrib-versions/blob/{commit}/A/B.md",
        f"https://web.archive.org/web/2026/https://example.org/{commit}",
    ):
        assert parse_pin(url) is None, url


def test_git_variables_of_the_caller_do_not_redirect_git(
    valid_project: Path, archive: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:  # fmt: skip
    """A hook or a script that runs us may have GIT_DIR set; the clone given is still read."""
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "elsewhere.git"))
    code, out, _ = watch(valid_project, archive[0], capsys)
    assert code == 0 and out[-1].endswith("nothing changed since our review")


def test_a_version_over_the_size_limit_is_a_finding_and_is_never_read(
    valid_project: Path, archive: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """A 261 MB version took 193 s and 5.3 GB; here the limit is lowered to 2,000 bytes."""
    repo, (start, *_) = archive
    monkeypatch.setattr(archive_module, "MAX_DOCUMENT_BYTES", 2_000)
    huge = archive_commit(repo, "2026-12-20T00:00:00+00:00", "Record new changes of Beta Terms",
                          {TERMS: TERMS_TEXT + "x" * 5_000, HUGE: "y" * 5_046})  # fmt: skip
    add_source(valid_project, "beta-terms", "https://beta.example.org/terms",
               quote="You must be 13 or older", copy=pinned(start, TERMS))  # fmt: skip
    add_source(valid_project, "beta-huge", "https://beta.example.org/terms",
               copy=pinned(huge, HUGE))  # fmt: skip
    code, out, err = watch(valid_project, repo, capsys)
    assert (code, err) == (1, "")
    size = len(TERMS_TEXT) + 5_000
    findings = [line.split(": ", 1)[1] for line in out[:-1]]
    assert (
        findings
        == [  # in the order of the file, then of the kind
            f"changed-after-review: beta-terms: {ARCHIVE} {TERMS} changed once after this file's "
            f"review on 2026-11-01, last on 2026-12-20, {huge[:7]} 'Record new changes of Beta "
            "Terms': re-read it against the claims, then update the source and last_reviewed",
            f"document-too-large: beta-terms: the latest version of {ARCHIVE} {TERMS} is {size:,} "
            "bytes, over the 2,000 that watch reads (a policy is tens of kilobytes): open it in the "
            "archive and compare it by hand",
            f"document-too-large: beta-huge: the pinned version of {ARCHIVE} {HUGE} (commit "
            f"{huge[:7]}) is {size:,} bytes, over the 2,000 that watch reads (a policy is tens of "
            "kilobytes): check the permanent copy's address",
        ]
    )


def test_the_size_is_asked_before_a_version_is_read(
    archive: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, (start, *_) = archive
    monkeypatch.setattr(archive_module, "MAX_DOCUMENT_BYTES", 10)
    versions = Versions(repo)
    asked: list[tuple[str, ...]] = []
    run_git = versions._git
    monkeypatch.setattr(versions, "_git", lambda *args: asked.append(args) or run_git(*args))
    assert versions.text(start, TERMS) == archive_module.TooLarge(len(TERMS_TEXT), 10)
    assert asked == [("cat-file", "-s", f"{start}:{TERMS}")]  # the contents were never asked for
    assert versions.text(start, "Beta/None.md") is None
