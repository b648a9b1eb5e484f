"""Benchmark the site at 100 and 1,000 platforms made from the real data, against plain mkdocs.

    python bench/run.py                  # 100 and 1,000 platforms, 3 warm runs each; writes bench/results/latest.json
    python bench/run.py --sizes 100 --runs 1

For each size it copies the project into a temporary folder and replaces the platforms with N
copies of the five real data files (cycled, each with its own id and name) and their Traditional
Chinese translations, so both editions and the search index are as complete as the real site's.
It times `python build.py check` and `build` in fresh processes: once with an empty cache
(cold: what a first build costs) and then `--runs` times with the cache that run filled (warm:
every later build, and what the targets are measured on), then `--runs` times after editing one
platform file (what a contributor's next build costs), reporting the median, the peak memory
of the largest process (workers included) and where the time went (`build --timings`). In the
same run, plain mkdocs builds as many plain pages as the site has (both editions) with its
default theme (`highlightjs: false`). With 100 platforms it also runs `python build.py serve`,
saves one platform file and times until the server gives the changed page. On the real data it
weighs every platform page with what it loads (raw and gzip) and both single files, and the
text alone of the largest of each (the least they could weigh showing the same words).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import Any

from common import ROOT, copy_project

FIXTURE = ROOT / "tests" / "fixtures" / "valid"
RESULTS = ROOT / "bench" / "results"


def run_timed(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Run a command; return (wall seconds, peak RSS in MB of the largest process)."""
    start = time.perf_counter()
    completed = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False, env=env)
    wall = time.perf_counter() - start
    if completed.returncode != 0:
        sys.exit(
            f"benchmark command failed: {' '.join(args)}\n{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}"
        )
    # ru_maxrss of children is the largest over every descendant waited for so far, so `measure`
    # runs each command from a fresh probe process: the figure then belongs to this command
    # alone, and it covers the worker processes a build starts.
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, peak_kb / 1024


def measure(
    args: list[str], cwd: Path, runs: int, cache: Path, before: Callable[[], None] | None = None
) -> dict[str, Any]:
    """Run a command `runs` times, each in a fresh process (after calling `before`, if given);
    return median wall, max memory and, for a build, the phases of the median run."""
    walls, peaks, phases = [], [], []
    for _ in range(runs):
        if before is not None:
            before()
        timings = cwd / ".bench-timings.json"
        timings.unlink(missing_ok=True)  # a check leaves none: never report an earlier build's
        command = [*args, "--timings", str(timings)] if args[1:3] == ["build.py", "build"] else args
        probe = [sys.executable, str(Path(__file__)), "--probe", "--", *command]
        env = {**os.environ, "PRIVACY_TERMS_CACHE": str(cache)}
        completed = subprocess.run(
            probe, cwd=cwd, capture_output=True, text=True, check=False, env=env
        )
        if completed.returncode != 0:
            sys.exit(
                f"benchmark command failed: {' '.join(args)}\n{completed.stdout[-2000:]}\n{completed.stderr[-2000:]}"
            )
        figures = json.loads(completed.stdout.strip().splitlines()[-1])
        walls.append(figures["wall"])
        peaks.append(figures["peak_mb"])
        phases.append(json.loads(timings.read_text()) if timings.is_file() else {})
    middle = sorted(range(runs), key=lambda k: walls[k])[runs // 2]
    result: dict[str, Any] = {"wall_s": round(walls[middle], 3), "peak_mb": round(max(peaks), 1)}
    if phases[middle]:
        result["phases_s"] = phases[middle]
    return result


def probe(args: list[str]) -> None:
    """Run one command and print its wall time and peak memory as JSON (used by `measure`)."""
    wall, peak = run_timed(args, Path.cwd(), dict(os.environ))
    print(json.dumps({"wall": wall, "peak_mb": peak}))


REAL_PLATFORMS = sorted((ROOT / "platforms").glob("*.yaml"))


def synthetic_project(n: int, target: Path) -> Path:
    """Copy the project to `target` with N platforms made from the real data files: the five
    real platforms cycled, each copy with its own id and name, and its Traditional Chinese
    translation copied beside it, so that both editions are as complete as the real site."""
    copy_project(target)
    shutil.rmtree(target / "platforms")
    (target / "platforms").mkdir()
    translated = target / "translations" / "zh-hant" / "platforms"
    shutil.rmtree(translated)
    translated.mkdir()
    for i in range(n):
        real = REAL_PLATFORMS[i % len(REAL_PLATFORMS)]
        pid = f"{real.stem}-{i:04d}"
        text = real.read_text(encoding="utf-8")
        original_id = f"\nid: {real.stem}\n"
        assert original_id in text, f"{real.name} has no top-level `id: {real.stem}` line"
        text = text.replace(original_id, f"\nid: {pid}\n", 1)
        text = re.sub(r"(?m)^name: (.+)$", rf"name: \g<1> {i:04d}", text, count=1)
        (target / "platforms" / f"{pid}.yaml").write_text(text, encoding="utf-8")
        translation = ROOT / "translations" / "zh-hant" / "platforms" / real.name
        if translation.is_file():
            shutil.copy(translation, translated / f"{pid}.yaml")
    return target


def plain_mkdocs_project(n: int, target: Path) -> Path:
    """N plain Markdown pages with a table each, built by mkdocs' default theme."""
    docs = target / "docs"
    docs.mkdir(parents=True)
    (target / "mkdocs.yml").write_text(
        "site_name: Bench\ntheme:\n  name: mkdocs\n  highlightjs: false\n", encoding="utf-8"
    )
    (docs / "index.md").write_text("# Bench\n", encoding="utf-8")
    rows = "\n".join(f"| r{r}c1 | r{r}c2 | r{r}c3 | r{r}c4 | r{r}c5 | r{r}c6 |" for r in range(10))
    for i in range(n):
        page = f"# Page {i}\n\n| a | b | c | d | e | f |\n|---|---|---|---|---|---|\n{rows}\n\n[home](index.md)\n"
        (docs / f"page{i:04d}.md").write_text(page, encoding="utf-8")
    return target


def bench_size(n: int, runs: int, work: Path) -> dict[str, Any]:
    """Measure check and build at N platforms (cold, then warm), and plain mkdocs at as many pages."""
    project = synthetic_project(n, work / f"project-{n}")
    py = sys.executable
    cache = work / f"cache-{n}"
    figures: dict[str, Any] = {"platforms": n}
    figures["build_cold"] = measure([py, "build.py", "build"], project, 1, cache)
    figures["check_warm"] = measure([py, "build.py", "check"], project, runs, cache)
    figures["build"] = measure([py, "build.py", "build"], project, runs, cache)
    # What a contributor's next build costs: one platform file edited, everything else cached.
    edited = sorted((project / "platforms").glob("*.yaml"))[n // 2]
    figures["build_one_changed"] = measure(
        [py, "build.py", "build"], project, runs, cache, lambda: edit_summary(edited)
    )
    shutil.rmtree(cache)
    figures["check_cold"] = measure([py, "build.py", "check"], project, 1, cache)
    pages = sum(1 for _ in (project / "site").rglob("*.html"))
    figures["pages"] = pages
    figures["pages_per_s"] = round(pages / figures["build"]["wall_s"], 1)
    figures["site_mb"] = round(_folder_bytes(project / "site") / 1e6, 1)
    plain = plain_mkdocs_project(pages, work / f"plain-{n}")
    figures["plain_mkdocs"] = measure([py, "-m", "mkdocs", "build", "-q"], plain, runs, cache)
    if n <= 100:
        figures["preview_reload_s"] = preview_reload(project, cache)
    shutil.rmtree(project)
    shutil.rmtree(plain)
    return figures


def preview_reload(project: Path, cache: Path) -> float:
    """Run `python build.py serve`, save one platform file, and time until the server gives
    the changed page (what a reader of the preview waits for after saving)."""
    port = 8765
    env = {**os.environ, "PRIVACY_TERMS_CACHE": str(cache)}
    server = subprocess.Popen(
        [sys.executable, "build.py", "serve", "--port", str(port)],
        cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    try:
        path = sorted((project / "platforms").glob("*.yaml"))[0]
        url = f"http://127.0.0.1:{port}/platforms/{path.stem}.html"
        _wait_for(url, lambda page: True, 300)
        start = time.perf_counter()
        marker = edit_summary(path)
        _wait_for(url, lambda page: marker in page, 300)
        return round(time.perf_counter() - start, 3)
    finally:
        server.terminate()
        server.wait(30)


def edit_summary(path: Path) -> str:
    """Change a platform file's summary (as a contributor's edit would); return the new words."""
    marker = f"Edited for the benchmark {time.time_ns()}"
    text = path.read_text(encoding="utf-8")
    text, found = re.subn(
        r"(?m)^(summary: >-\n +)(Edited for the benchmark \d+ )?", rf"\g<1>{marker} ", text, count=1
    )
    assert found, f"{path.name} has no `summary: >-` line"
    path.write_text(text, encoding="utf-8")
    return marker


def _wait_for(url: str, ready: Any, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if ready(response.read().decode("utf-8", "replace")):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    sys.exit(f"the preview did not serve the expected page at {url} within {timeout} s")


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def page_weight(site: Path, page: Path) -> tuple[int, int]:
    """Bytes of a page plus the local files it loads (stylesheets, scripts, images): raw, and
    compressed with gzip as a web server sends them."""
    html = page.read_bytes()
    parts = [html]
    for ref in set(
        re.findall(r'(?:href|src)="([^"#?]+\.(?:css|js|png|svg|ico|woff2?))"', html.decode("utf-8"))
    ):
        target = (page.parent / ref).resolve()
        if target.is_file() and site.resolve() in target.parents and not ref.endswith(".svg"):
            parts.append(target.read_bytes())
    return sum(len(p) for p in parts), sum(len(gzip.compress(p, 9)) for p in parts)


def text_bytes(page: bytes) -> int:
    """Bytes of the words a reader sees on a page, without any markup, style or script: the
    least the page could weigh while showing the same content."""
    html = re.sub(rb"(?s)<(style|script)\b.*?</\1>", b"", page)
    text = re.sub(rb"<[^>]*>", b"", html)
    return len(unescape(text.decode("utf-8")).encode("utf-8"))


def real_data_figures(work: Path, runs: int) -> dict[str, Any]:
    """Weights of the real pages and both single files, and `check` time on the real data."""
    project = work / "real"
    copy_project(project)
    py = sys.executable
    cache = work / "cache-real"
    figures: dict[str, Any] = {}
    measure([py, "build.py", "check"], project, 1, cache)
    figures["check"] = measure([py, "build.py", "check"], project, runs, cache)
    for command in ("build", "export"):
        subprocess.run([py, "build.py", command], cwd=project, capture_output=True, check=True,
                       env={**os.environ, "PRIVACY_TERMS_CACHE": str(cache)})  # fmt: skip
    site = project / "site"
    weights = {}
    for edition in (site, site / "zh-hant"):
        for page in sorted((edition / "platforms").glob("*.html")):
            if page.name != "index.html":
                weights[page.relative_to(site).as_posix()] = page_weight(site, page)
    largest = max(weights, key=lambda name: weights[name][0])
    figures["largest_platform_page"] = largest
    figures["largest_platform_page_kb"] = round(weights[largest][0] / 1024, 1)
    figures["largest_platform_page_gzip_kb"] = round(weights[largest][1] / 1024, 1)
    figures["largest_platform_page_text_kb"] = round(
        text_bytes((site / largest).read_bytes()) / 1024, 1
    )
    figures["home_kb"] = round(page_weight(site, site / "index.html")[0] / 1024, 1)
    for name in ("privacy-terms.html", "privacy-terms.zh-hant.html"):
        single = (project / "dist" / name).read_bytes()
        figures[f"{name}_kb"] = round(len(single) / 1024, 1)
        figures[f"{name}_gzip_kb"] = round(len(gzip.compress(single, 9)) / 1024, 1)
        figures[f"{name}_text_kb"] = round(text_bytes(single) / 1024, 1)
    return figures


def report(results: dict[str, Any]) -> list[str]:
    """Return the table of figures with their targets, one line each."""
    lines = [
        f"{'platforms':>9} {'pages':>6} {'check cold':>10} {'check':>6} {'build cold':>10} {'build':>6} "
        f"{'1 edited':>8} "
        f"{'pages/s':>8} {'peak MB':>8} {'plain mkdocs':>12}"
    ]
    sizes = {r["platforms"]: r for r in results["sizes"]}
    for n, r in sorted(sizes.items()):
        lines.append(
            f"{n:>9} {r['pages']:>6} {r['check_cold']['wall_s']:>10} {r['check_warm']['wall_s']:>6} "
            f"{r['build_cold']['wall_s']:>10} {r['build']['wall_s']:>6} "
            f"{r['build_one_changed']['wall_s']:>8} {r['pages_per_s']:>8} "
            f"{_peak(r):>8} {r['plain_mkdocs']['wall_s']:>12}"
        )
    for n, r in sorted(sizes.items()):
        lines.append(
            f"where the time goes at {n} (warm build, s): {r['build'].get('phases_s', {})}"
        )
    lines.append("")
    lines += _targets(sizes, results.get("real", {}))
    return lines


def _peak(r: dict[str, Any]) -> float:
    kinds = ("check_cold", "check_warm", "build_cold", "build", "build_one_changed")
    return max(r[k]["peak_mb"] for k in kinds)


def _targets(sizes: dict[int, Any], real: dict[str, Any]) -> list[str]:
    checks: list[tuple[str, Any, str, bool]] = []
    if 1000 in sizes:
        big = sizes[1000]
        ratio = big["build"]["wall_s"] / big["plain_mkdocs"]["wall_s"]
        cold = big["build_cold"]["wall_s"] / big["plain_mkdocs"]["wall_s"]
        checks.append(
            ("build 1000 / plain mkdocs, same pages", round(ratio, 2), "<= 0.5", ratio <= 0.5)
        )
        edited = big["build_one_changed"]["wall_s"] / big["plain_mkdocs"]["wall_s"]
        checks.append(
            ("  the same, after editing one file", round(edited, 2), "<= 0.5", edited <= 0.5)
        )
        checks.append(("  the same, first build (empty cache)", round(cold, 2), "(info)", True))
        checks.append(("peak memory at 1000 (MB)", _peak(big), "< 500", _peak(big) < 500))
        checks.append(
            (
                "check at 1000 (s)",
                big["check_warm"]["wall_s"],
                "< 2",
                big["check_warm"]["wall_s"] < 2,
            )
        )
    if 1000 in sizes and 100 in sizes:
        growth = sizes[1000]["build"]["wall_s"] / sizes[100]["build"]["wall_s"]
        checks.append(("build growth 100 -> 1000 (x)", round(growth, 2), "<= 11", growth <= 11))
    if 100 in sizes and "preview_reload_s" in sizes[100]:
        reload = sizes[100]["preview_reload_s"]
        checks.append(("preview shows an edit, 100 platforms (s)", reload, "< 1", reload < 1))
    if real:
        page = real["largest_platform_page_kb"]
        checks.append(("largest platform page + assets (KB)", page, "< 40", page < 40))
        checks.append(
            (
                "  the same, gzip as served (KB)",
                real["largest_platform_page_gzip_kb"],
                "(info)",
                True,
            )
        )
        checks.append(
            (
                "  its text alone, no markup (KB)",
                real["largest_platform_page_text_kb"],
                "(info)",
                True,
            )
        )
        for name in ("privacy-terms.html", "privacy-terms.zh-hant.html"):
            size = real[f"{name}_kb"]
            checks.append((f"{name} (KB)", size, "< 250", size < 250))
            checks.append(
                ("  its text alone, no markup (KB)", real[f"{name}_text_kb"], "(info)", True)
            )
            checks.append(("  the same, gzip (KB)", real[f"{name}_gzip_kb"], "(info)", True))
    lines = [f"{'figure':<44} {'measured':>10} {'target':>8}  met"]
    for name, value, target, met in checks:
        shown = "" if target == "(info)" else ("yes" if met else "NO")
        lines.append(f"{name:<44} {value!s:>10} {target:>8}  {shown}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json")
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("command", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        probe(args.command)
        return
    machine = {
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "date": time.strftime("%Y-%m-%d"),
    }
    with tempfile.TemporaryDirectory(prefix="privacy-terms-bench-") as tmp:
        work = Path(tmp)
        sizes = []
        for n in args.sizes:
            print(f"measuring {n} platforms ...", file=sys.stderr)
            sizes.append(bench_size(n, args.runs, work))
        print("measuring the real data ...", file=sys.stderr)
        real = real_data_figures(work, args.runs)
    results = {"machine": machine, "runs": args.runs, "sizes": sizes, "real": real}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print("\n".join(report(results)))
    print(
        f"\nwrote {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}"
    )


if __name__ == "__main__":
    main()
