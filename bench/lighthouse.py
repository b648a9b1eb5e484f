"""Lighthouse 12.2.3 on the built site, mobile defaults: the home page and one platform page.

    python bench/lighthouse.py                    # reports in bench/results/lighthouse/
    python bench/lighthouse.py --pages index.html platforms/signal.html

Not a test: Lighthouse's performance score varies by a few points between runs on a small
machine. The script
  1. installs lighthouse@12.2.3 into a throwaway npm prefix if it is not there yet (never into
     package.json: the project's own npm tools are test tools only);
  2. builds the site from a temporary copy of the project (the repository's site/ is left alone);
  3. serves it with `python -m http.server` on 127.0.0.1 at a free port;
  4. runs Lighthouse with Debian's /usr/bin/chromium on each page and prints the four category
     scores, and every audit that loses points;
  5. stops the server.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from common import ROOT, copy_project

RESULTS = ROOT / "bench" / "results" / "lighthouse"
VERSION = "12.2.3"
DEFAULT_PREFIX = Path(tempfile.gettempdir()) / f"privacy-terms-lighthouse-{VERSION}"
CHROME = "/usr/bin/chromium"
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def install_lighthouse(prefix: Path) -> Path:
    """Return the lighthouse CLI under `prefix`, installing it there first if needed."""
    cli = prefix / "node_modules" / ".bin" / "lighthouse"
    if not cli.exists():
        print(f"Installing lighthouse@{VERSION} into {prefix} ...", flush=True)
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(prefix),
                "--no-save",
                "--no-audit",
                "--no-fund",
                f"lighthouse@{VERSION}",
            ],
            check=True,
        )
    return cli


def build_copy(work: Path) -> Path:
    """Build the site from a copy of the project in `work`; return the site folder."""
    project = work / "project"
    copy_project(project)
    subprocess.run(
        [sys.executable, "build.py", "build"], cwd=project, check=True, stdout=subprocess.DEVNULL
    )
    return project / "site"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(site: Path, port: int) -> subprocess.Popen[bytes]:
    """Start http.server on 127.0.0.1 and wait until it answers."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "http.server",
            str(port),
            "--bind",
            "127.0.0.1",
            "--directory",
            str(site),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the local server did not start")


def run_lighthouse(cli: Path, url: str, output: Path) -> dict[str, Any]:
    """Run Lighthouse (mobile defaults) on `url`, write its JSON report to `output`, return it."""
    env = dict(os.environ, CHROME_PATH=CHROME)
    command = [
        str(cli),
        url,
        f"--chrome-flags={CHROME_FLAGS}",
        "--output",
        "json",
        "--output-path",
        str(output),
        "--quiet",
    ]
    subprocess.run(command, check=True, env=env)
    report: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    return report


def scores(report: dict[str, Any]) -> dict[str, int]:
    return {name: round(100 * (report["categories"][name]["score"] or 0)) for name in CATEGORIES}


def lost_points(report: dict[str, Any]) -> list[str]:
    """Every weighted audit, per category, whose score is below 1."""
    lines = []
    for name in CATEGORIES:
        for ref in report["categories"][name]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                value = audit.get("displayValue") or ""
                lines.append(
                    f"  {name}: {ref['id']} (score {audit['score']}, weight {ref['weight']}) {value}".rstrip()
                )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", nargs="+", default=["index.html", "platforms/telegram.html"])
    parser.add_argument(
        "--prefix", type=Path, default=DEFAULT_PREFIX, help="npm prefix for lighthouse (throwaway)"
    )
    args = parser.parse_args(argv)

    cli = install_lighthouse(args.prefix)
    RESULTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="privacy-terms-lh-") as work:
        site = build_copy(Path(work))
        port = free_port()
        server = serve(site, port)
        try:
            for page in args.pages:
                url = f"http://127.0.0.1:{port}/{page}"
                output = RESULTS / (page.replace("/", "_").removesuffix(".html") + ".json")
                report = run_lighthouse(cli, url, output)
                figures = ", ".join(f"{name} {value}" for name, value in scores(report).items())
                print(f"{page}: {figures}  (report: {output.relative_to(ROOT)})")
                print("\n".join(lost_points(report)) or "  no audit loses points")
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
