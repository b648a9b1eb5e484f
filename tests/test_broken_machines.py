"""Broken machines: a kill mid-build, two builds at once, read-only folders, a full disk, a busy
port, a hostile request. Each ends in one clear line (exit 1) or a complete site/, never a
traceback, a hang, a missing site/ or a leftover staging folder."""

from __future__ import annotations

import errno
import multiprocessing
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import mkdocs.utils
import pytest
from test_site import make_project, read_tree

from privacy_terms.cli import main
from privacy_terms.utils import swap
from privacy_terms.utils.swap import replace_dir

from conftest import ROOT, copy_repository


def leftovers(root: Path) -> list[str]:
    return sorted(
        p.name for p in root.iterdir() if p.name.startswith((".site-", ".dist-", ".export-"))
    )


def start(args: list[str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), *args],
        cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def run(args: list[str], cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args],
        cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip


# --- 16: the swap of site/ --------------------------------------------------------------------


class Crash(BaseException):
    """What a kill looks like to the code it interrupts: nothing after it runs."""


@pytest.mark.parametrize("step", [1, 2, 3, 4])
def test_a_kill_at_any_step_of_the_swap_leaves_a_complete_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: int
) -> None:
    target, new = tmp_path / "site", tmp_path / ".site-build-x"
    for folder, text in ((target, "old"), (new, "new")):
        (folder / "sub").mkdir(parents=True)
        (folder / "index.html").write_text(text, encoding="utf-8")
        (folder / "sub" / "page.html").write_text(text, encoding="utf-8")
    calls = {"n": 0}

    def crashing(function: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            calls["n"] += 1
            if calls["n"] == step:
                raise Crash
            return function(*args, **kwargs)

        return call

    monkeypatch.setattr(os, "rename", crashing(os.rename))
    monkeypatch.setattr(shutil, "rmtree", crashing(shutil.rmtree))
    monkeypatch.setattr(swap, "exchange", crashing(swap.exchange), raising=False)
    with pytest.raises(Crash):
        replace_dir(new, target)
        raise Crash  # finished before the step: as complete as it gets
    assert read_tree(target) in (
        {"index.html": b"old", "sub/page.html": b"old"},
        {"index.html": b"new", "sub/page.html": b"new"},
    )


def test_two_builds_at_once_both_succeed_and_leave_nothing_behind(tmp_path: Path) -> None:
    root = make_project(tmp_path, "valid")
    assert main(["build"], root=root) == 0
    for _ in range(4):
        builds = [start(["build"], root) for _ in range(2)]
        for build in builds:
            _, err = build.communicate(timeout=120)
            assert build.returncode == 0, err
        assert (root / "site" / "index.html").is_file()
        assert leftovers(root) == []


def _swap_repeatedly(target: Path, name: str, barrier: Any, results: Any) -> None:
    failure = ""
    try:
        for index in range(20):
            new = target.parent / f".site-build-{name}-{index}"
            new.mkdir()
            (new / "index.html").write_text(f"{name} {index}", encoding="utf-8")
            barrier.wait(timeout=60)
            replace_dir(new, target)
    except Exception as exc:
        failure = f"{type(exc).__name__}: {exc}"
    results.put(failure)


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "lock"])
def test_swaps_racing_each_other_never_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    """Builds that finish at the same moment: before, most such races ended in FileNotFoundError."""
    if not exchange:  # as on macOS, Windows, or a file system without RENAME_EXCHANGE
        monkeypatch.setattr(swap, "_RENAMEAT2", None)
    target = tmp_path / "site"
    target.mkdir()
    (target / "index.html").write_text("first", encoding="utf-8")
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(6), context.Queue()
    workers = [
        context.Process(target=_swap_repeatedly, args=(target, str(n), barrier, results))
        for n in range(6)
    ]
    for worker in workers:
        worker.start()
    failures = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert [f for f in failures if f] == []
    assert [p.name for p in target.iterdir()] == ["index.html"]
    assert leftovers(tmp_path) == []


def test_staging_is_removed_after_an_error_or_an_interrupt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(tmp_path, "valid")
    for failure, code in ((RuntimeError("boom"), 3), (KeyboardInterrupt(), 130)):

        def fail(*_: object, failure: BaseException = failure) -> int:
            raise failure

        monkeypatch.setattr("privacy_terms.commands.build.build_into", fail)
        assert main(["build"], root=root) == code
        assert leftovers(root) == []
    capsys.readouterr()


def test_kill_during_a_build_removes_its_staging_folder(tmp_path: Path) -> None:
    root = make_project(tmp_path, "valid")
    assert main(["build"], root=root) == 0
    before = read_tree(root / "site")
    build = start(["build"], root)
    deadline = time.monotonic() + 60
    while not leftovers(root) and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    build.send_signal(signal.SIGTERM)
    _, err = build.communicate(timeout=60)
    assert build.returncode in (0, 130), err  # 0 if the build had finished before the signal
    assert leftovers(root) == [], err
    if build.returncode == 130:
        assert read_tree(root / "site") == before


# --- 17: read-only folders, a full disk --------------------------------------------------------


def test_a_project_folder_without_write_permission_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(tmp_path, "valid")

    real_mkdir = os.mkdir

    def refuse(path: Any, *args: Any, **kwargs: Any) -> None:
        if ".site-build-" in str(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", refuse)
    capsys.readouterr()
    assert main(["build"], root=root) == 1
    assert re.fullmatch(
        r"error: \.site-build-[0-9a-f]+: Permission denied: check that you may write there \(its "
        r"permissions and owner\)\n",
        capsys.readouterr().err,
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_project_really_is_one_line(tmp_path: Path) -> None:  # pragma: no cover
    root = make_project(tmp_path, "valid")
    root.chmod(0o555)
    try:
        result = run(["build"], root)
    finally:
        root.chmod(0o755)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith("error: .site-build-")
    assert "Traceback" not in result.stderr


def test_a_full_disk_is_one_line_and_keeps_the_previous_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    root = make_project(tmp_path, "valid")
    assert main(["build"], root=root) == 0
    before = read_tree(root / "site")

    def full(content: bytes, output_path: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", output_path)

    monkeypatch.setattr(mkdocs.utils, "write_file", full)
    capfd.readouterr()
    assert main(["build"], root=root) == 1
    err = capfd.readouterr().err
    assert re.search(
        r"(?:^|\n)error: \.site-build-[\w-]+/\S+: No space left on device: the disk is full: free some "
        r"space, then run the command again\n$",
        err,
    ), err
    assert "Traceback" not in err
    assert read_tree(root / "site") == before
    assert leftovers(root) == []


def test_a_previous_site_that_cannot_be_deleted_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """What a read-only site/ does: the new build goes in, the old one cannot be deleted."""
    root = make_project(tmp_path, "valid")
    assert main(["build"], root=root) == 0
    real = shutil.rmtree

    def read_only(path: str | Path, ignore_errors: bool = False, **kwargs: Any) -> None:
        if not ignore_errors:
            raise PermissionError(errno.EACCES, "Permission denied", str(Path(path) / "index.html"))
        real(path, ignore_errors=True)

    monkeypatch.setattr(shutil, "rmtree", read_only)
    capsys.readouterr()
    assert main(["build"], root=root) == 1
    err = capsys.readouterr().err
    assert re.search(
        r"(?:^|\n)error: site/ holds the new build, but the previous one could not be deleted "
        r"\((\.site-build-[\w-]+)/index\.html: Permission denied: check that you may write there "
        r"\(its permissions and owner\)\): delete \1/ by hand\n$",
        err,
    ), err
    assert "Traceback" not in err


# --- 17: serve ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_on_a_port_in_use_is_one_line(tmp_path: Path) -> None:
    root = make_project(tmp_path, "valid")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run(["serve", "--port", str(port)], root, timeout=60)
    assert result.returncode == 1
    assert result.stderr == (
        f"error: port {port} on 127.0.0.1 is in use: stop the other server, or choose another "
        "port with --port\n"
    )


def test_serve_with_invalid_data_says_so_and_does_not_start(tmp_path: Path) -> None:
    root = make_project(tmp_path, "valid")
    (root / "platforms" / "broken.yaml").write_text("id: broken\n", encoding="utf-8")
    result = run(["serve", "--port", str(free_port())], root, timeout=60)
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == "3 files checked: 9 errors, 0 warnings"
    assert result.stderr == (
        "The preview was not started: fix the errors above, then run serve again.\n"
    )


def test_serve_answers_a_nul_byte_request_without_a_traceback(tmp_path: Path) -> None:
    root = make_project(tmp_path, "valid")
    port = free_port()
    server = start(["serve", "--port", str(port)], root)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    assert page.status == 200
                    break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.2)
        for path in ("/%00", "/index.html%00.css", "/%0a"):
            with pytest.raises(urllib.error.HTTPError) as answer:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5)
            assert answer.value.code == 400, path
    finally:
        server.send_signal(signal.SIGTERM)
        _, err = server.communicate(timeout=60)
    assert "Traceback" not in err
    assert server.returncode == 130


# --- 6: a child process's failure is one line, like this process's ----------------------------

FULL_DISK = "No space left on device: the disk is full: free some space, then run the command again"


def failing_render(fail_in: set[str], wait_in: set[str]) -> Callable[[Any, list[int]], None]:
    """A `_render_share` that meets a full disk in the editions `fail_in`, and takes its time
    in `wait_in` (so that it is still running when the other edition fails)."""

    def render(job: Any, share: list[int]) -> None:
        language = job.renderer.options.language
        if language in wait_in:
            time.sleep(60)
        if language in fail_in:
            raise OSError(errno.ENOSPC, "No space left on device", str(job.folder / "page.html"))

    return render


def test_an_edition_stopped_by_a_failure_of_the_other_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """The Chinese edition builds in a child process: when the English build fails, the child is
    stopped. Before: the child printed its whole traceback (KeyboardInterrupt) above the error."""
    from privacy_terms.utils import workers
    from privacy_terms.website import bodies

    assert workers.can_fork(), "the editions must build in two processes for this test"
    project = copy_repository(tmp_path / "project")
    monkeypatch.setattr(bodies, "_render_share", failing_render({"en"}, {"zh-hant"}))
    capfd.readouterr()
    started = time.monotonic()
    assert main(["build"], root=project) == 1
    assert time.monotonic() - started < 50, "the child was stopped, not waited for"
    err = capfd.readouterr().err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    lines = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(lines) == 1 and re.fullmatch(
        rf"error: \.site-build-\w+/\.privacy-terms-bodies/page\.html: {FULL_DISK}", lines[0]
    ), err
    assert leftovers(project) == []


def test_a_render_worker_meeting_a_full_disk_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """Pages render in worker processes when there are many. Before: each worker printed its
    traceback, and the build ended on "rendering the pages failed in a worker (exit code 1)"."""
    from privacy_terms.utils import workers
    from privacy_terms.website import bodies

    assert workers.can_fork() and (os.cpu_count() or 1) >= 2
    project = copy_repository(tmp_path / "project")
    (project / "mkdocs.zh-hant.yml").unlink()  # one edition: its workers' failure is the error
    monkeypatch.setattr(bodies, "PARALLEL_FROM", 1)
    monkeypatch.setattr(bodies, "_render_share", failing_render({"en"}, set()))
    capfd.readouterr()
    assert main(["build"], root=project) == 1
    err = capfd.readouterr().err
    assert "Traceback" not in err, err
    assert re.fullmatch(
        rf"error: \.site-build-\w+/\.privacy-terms-bodies/page\.html: {FULL_DISK}\n", err
    ), err
