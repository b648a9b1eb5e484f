"""Helpers for tests/test_browser.py: the tools it needs, a project copy, a local server, a tab that
records everything a page does, and the sums behind colour contrast."""

from __future__ import annotations

import functools
import importlib.util
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from conftest import FIXTURES, ROOT, copy_repository

if TYPE_CHECKING:
    from playwright.sync_api import (
        BrowserContext,
        ConsoleMessage,
        Dialog,
        Page,
        Request,
        Response,
        ViewportSize,
    )

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = ROOT / "test-artifacts"
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}


def missing_tools() -> list[str]:
    """Say what the browser tests need and cannot find here (empty when all is present)."""
    missing = []
    if importlib.util.find_spec("playwright") is None:
        missing.append("the Python package playwright (pip install -r requirements-dev.txt)")
    if not CHROMIUM.is_file():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    if not AXE.is_file():
        missing.append(f"{AXE.relative_to(ROOT)} (npm ci)")
    if not VNU.is_file():
        missing.append(f"{VNU.relative_to(ROOT)} (npm ci)")
    if shutil.which("java") is None:
        missing.append("java, for the Nu HTML checker (apt-get install default-jre-headless)")
    return missing


def copy_project(target: Path, data_fixture: str | None = None) -> Path:
    """Copy this repository (without outputs) to `target`; optionally swap in a fixture's data."""
    copy_repository(target)
    if data_fixture is not None:
        for folder in ("platforms", "jurisdictions"):
            shutil.rmtree(target / folder)
            shutil.copytree(FIXTURES / data_fixture / folder, target / folder)
            # The real data's translations do not translate the fixture's data.
            shutil.rmtree(target / "translations" / "zh-hant" / folder, ignore_errors=True)
        # Nor does the real publisher register know the fixture's hosts: the fixture's own
        # register, or the valid fixture's, which knows every example host the fixtures cite.
        register = FIXTURES / data_fixture / "publishers.yaml"
        if not register.is_file():
            register = FIXTURES / "valid" / "publishers.yaml"
        shutil.copy(register, target / "publishers.yaml")
    return target


def build_py(project: Path, command: str) -> None:
    """Run `python build.py <command>` in `project`; fail with its output if it fails."""
    result = subprocess.run(
        [sys.executable, "build.py", command],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"build.py {command} failed:\n{result.stdout}\n{result.stderr}"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean; the browser side records every request."""


@contextmanager
def local_server(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 at a free port; yield its base URL (ending in '/')."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@dataclass
class Tab:
    """One browser tab that records what its pages do: console, errors, requests, dialogs."""

    page: Page
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @classmethod
    def open_in(cls, context: BrowserContext) -> Tab:
        tab = cls(context.new_page())
        context.on("request", tab._on_request)
        context.on("requestfailed", tab._on_failed)
        context.on("response", tab._on_response)
        tab.page.on("console", tab._on_console)
        tab.page.on("pageerror", lambda error: tab.errors.append(f"{tab.page.url}: {error}"))
        tab.page.on("dialog", tab._on_dialog)
        return tab

    def goto(self, url: str) -> None:
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.ok, (
            f"{url}: {response.status if response else 'no response'}"
        )

    def settle(self) -> None:
        """Wait until the network is quiet, so late requests are recorded too."""
        self.page.wait_for_load_state("networkidle")

    def requests_outside(self, allowed: tuple[str, ...]) -> list[str]:
        return [url for url in self.requests if not url.startswith(allowed)]

    def _on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _on_failed(self, request: Request) -> None:
        # The next page's navigation aborts what is still loading (often the icon): not a failure.
        if request.failure != "net::ERR_ABORTED":
            self.failures.append(f"{request.url}: {request.failure}")

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.failures.append(f"{response.url}: HTTP {response.status}")

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.console.append(f"{self.page.url}: {message.type}: {message.text}")

    def _on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{self.page.url}: {dialog.type}: {dialog.message}")
        dialog.dismiss()


@functools.cache
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page as loaded; return its violations.

    The source is evaluated through the DevTools protocol, which the page's CSP does not govern, so
    the page is tested exactly as readers get it (no `bypass_csp`)."""
    page.evaluate(axe_source() + "\n;0")
    result: dict[str, Any] = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations'], runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice']}})"
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def axe_report(url: str, violations: list[dict[str, Any]]) -> str:
    """One readable block per violation: rule, impact, help, then each node's target and summary."""
    lines = []
    for violation in violations:
        lines.append(
            f"{url}: [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            lines.append(f"    {' '.join(map(str, node['target']))}\n      {summary}")
    return "\n".join(lines)


def vnu_report(messages: list[dict[str, Any]], base: Path) -> str:
    lines = []
    for message in messages:
        where = message.get("url", "").removeprefix("file:").replace(str(base) + "/", "")
        lines.append(
            f"{where}:{message.get('lastLine', '?')}: {message['type']}: {message['message']}"
        )
        if message.get("extract"):
            lines.append(f"    {message['extract']!r}")
    return "\n".join(lines)


_RGB = re.compile(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)")


def parse_rgb(css: str) -> tuple[float, float, float, float]:
    """Parse a computed colour, `rgb(r, g, b)` or `rgba(r, g, b, a)`, into (r, g, b, alpha)."""
    match = _RGB.fullmatch(css.strip())
    assert match, f"not an rgb() colour: {css!r}"
    alpha = match.group(4)
    a = 1.0 if alpha is None else float(alpha.rstrip("%")) / (100 if alpha.endswith("%") else 1)
    return float(match.group(1)), float(match.group(2)), float(match.group(3)), a


def relative_luminance(rgb: tuple[float, float, float, float]) -> float:
    """WCAG 2 relative luminance of an opaque sRGB colour."""

    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b, _ = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two opaque computed colours."""
    fg, bg = parse_rgb(foreground), parse_rgb(background)
    assert fg[3] == 1 and bg[3] == 1, (
        f"contrast of see-through colours is not defined: {foreground}, {background}"
    )
    light, dark = sorted((relative_luminance(fg), relative_luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def require_tools(missing: list[str], environ: Mapping[str, str]) -> None:
    """Skip when a tool is missing, with the reason; in CI (`CI=true`) fail instead of skipping."""
    if not missing:
        return
    reason = "the browser tests need " + "; ".join(missing)
    if environ.get("CI", "").strip().lower() in ("true", "1", "yes"):
        pytest.fail(
            f"{reason}. CI is set, so a missing tool is a failure, not a skip.", pytrace=False
        )
    pytest.skip(reason)
