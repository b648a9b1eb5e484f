"""Benchmark check, build and export at 5, 100 and 1,000 platforms, against plain mkdocs.

    python bench/run.py                  # N = 5, 100, 1000; 3 runs each; writes bench/results/latest.json
    python bench/run.py --sizes 5 100 --runs 1

For each N it copies the project into a temporary folder, replaces the real platforms with N
synthetic valid ones (copies of the test fixture with new ids), then times `python build.py check`,
`build` and `export` (median wall time, peak memory of the child process). As a reference it builds
N plain Markdown pages with mkdocs' default theme (highlightjs off) in the same run. It also
measures page weights of the real site, a serve-style rebuild after editing one platform file,
and `check` on the real data, and prints every figure next to its target.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import ROOT, copy_project

FIXTURE = ROOT / "tests" / "fixtures" / "valid"
RESULTS = ROOT / "bench" / "results"
TODAY = "2026-11-28"


def run_timed(args: list[str], cwd: Path) -> tuple[float, float]:
    """Run a command; return (wall seconds, peak RSS in MB of the child)."""
    start = time.perf_counter()
    completed = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if completed.returncode != 0:
        sys.exit(f"benchmark command failed: {' '.join(args)}\n{completed.stdout}\n{completed.stderr}")
    # ru_maxrss of children is the largest over every child so far, so `measure` runs each
    # command from a fresh probe process: the figure then belongs to this command alone. With
    # parallel loading the figure is the largest single process, not the sum of the workers.
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, peak_kb / 1024


def measure(args: list[str], cwd: Path, runs: int) -> dict[str, float]:
    """Run a command `runs` times in a fresh process each; return median wall and max memory."""
    walls, peaks = [], []
    for _ in range(runs):
        probe = [sys.executable, str(Path(__file__)), "--probe", "--", *args]
        completed = subprocess.run(probe, cwd=cwd, capture_output=True, text=True, check=False)
        if completed.returncode != 0:
            sys.exit(f"benchmark command failed: {' '.join(args)}\n{completed.stdout[-2000:]}\n{completed.stderr[-2000:]}")
        figures = json.loads(completed.stdout.strip().splitlines()[-1])
        walls.append(figures["wall"])
        peaks.append(figures["peak_mb"])
    return {"wall_s": round(statistics.median(walls), 3), "peak_mb": round(max(peaks), 1)}


def probe(args: list[str]) -> None:
    """Run one command and print its wall time and peak memory as JSON (used by `measure`)."""
    wall, peak = run_timed(args, Path.cwd())
    print(json.dumps({"wall": wall, "peak_mb": peak}))


def synthetic_project(n: int, target: Path) -> Path:
    """Copy the project to `target` with N synthetic platforms instead of the real ones."""
    copy_project(target)
    shutil.rmtree(target / "platforms")
    (target / "platforms").mkdir()
    shutil.copy(FIXTURE / "jurisdictions" / "HK.yaml", target / "jurisdictions" / "HK.yaml")
    template = (FIXTURE / "platforms" / "alpha.yaml").read_text(encoding="utf-8")
    for i in range(n):
        pid = f"platform-{i:04d}"
        text = template.replace("\nid: alpha\n", f"\nid: {pid}\n")
        text = text.replace("\nname: Alpha Chat\n", f"\nname: Platform {i:04d}\n")
        (target / "platforms" / f"{pid}.yaml").write_text(text, encoding="utf-8")
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
    """Measure check, build and export at N platforms, and plain mkdocs at N pages."""
    project = synthetic_project(n, work / f"project-{n}")
    py = sys.executable
    figures: dict[str, Any] = {"platforms": n}
    figures["check"] = measure([py, "build.py", "check", "--today", TODAY], project, runs)
    figures["build"] = measure([py, "build.py", "build"], project, runs)
    figures["export"] = measure([py, "build.py", "export"], project, runs)
    pages = sum(1 for _ in (project / "site").rglob("*.html"))
    figures["pages"] = pages
    figures["pages_per_s"] = round(pages / figures["build"]["wall_s"], 1)
    figures["site_mb"] = round(_folder_bytes(project / "site") / 1e6, 2)
    plain = plain_mkdocs_project(n, work / f"plain-{n}")
    figures["plain_mkdocs"] = measure([py, "-m", "mkdocs", "build", "-q"], plain, runs)
    return figures


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def page_weight(site: Path, page: Path) -> int:
    """Bytes of a page plus the local files it references (stylesheets, images)."""
    import re

    html = page.read_text(encoding="utf-8")
    total = len(html.encode("utf-8"))
    for ref in set(re.findall(r'(?:href|src)="([^"#?]+\.(?:css|js|png|svg|ico|woff2?))"', html)):
        target = (page.parent / ref).resolve()
        if target.is_file() and site.resolve() in target.parents:
            total += target.stat().st_size
    return total


def real_data_figures(work: Path, runs: int) -> dict[str, Any]:
    """Weights of the real pages and export, `check` time and a one-file rebuild time."""
    project = work / "real"
    copy_project(project)
    py = sys.executable
    figures: dict[str, Any] = {}
    figures["check"] = measure([py, "build.py", "check"], project, runs)
    figures["build"] = measure([py, "build.py", "build"], project, runs)
    subprocess.run([py, "build.py", "export"], cwd=project, capture_output=True, check=True)
    site = project / "site"
    home = site / "index.html"
    platform_pages = [p for p in sorted((site / "platforms").glob("*.html")) if p.name != "index.html"]
    figures["home_kb"] = round(page_weight(site, home) / 1024, 1)
    figures["largest_platform_page_kb"] = round(max(page_weight(site, p) for p in platform_pages) / 1024, 1)
    single = project / "dist" / "privacy-terms.html"
    figures["single_file_kb"] = round(single.stat().st_size / 1024, 1)
    figures["rebuild_after_edit_s"] = rebuild_after_edit(project, runs)
    return figures


def rebuild_after_edit(project: Path, runs: int) -> float:
    """Time what `serve` does after a save: one in-process mkdocs build after editing a file."""
    code = (
        "import sys, time, pathlib\n"
        "from mkdocs.config import load_config\n"
        "from mkdocs.commands.build import build\n"
        "p = pathlib.Path('platforms/telegram.yaml')\n"
        "cfg = load_config('mkdocs.yml', site_dir='.bench-site')\n"
        "cfg.plugins.on_startup(command='serve', dirty=False)\n"
        "build(cfg, serve_url='http://127.0.0.1:8000/')\n"
        "times = []\n"
        f"for i in range({runs}):\n"
        "    p.write_text(p.read_text() + f'\\n# edit {i}\\n')\n"
        "    t = time.perf_counter()\n"
        "    cfg = load_config('mkdocs.yml', site_dir='.bench-site')\n"
        "    cfg.plugins.on_startup(command='serve', dirty=False)\n"
        "    build(cfg, serve_url='http://127.0.0.1:8000/')\n"
        "    times.append(time.perf_counter() - t)\n"
        "print(sorted(times)[len(times) // 2])\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        sys.exit(f"rebuild benchmark failed:\n{completed.stderr[-2000:]}")
    return round(float(completed.stdout.strip().splitlines()[-1]), 3)


def report(results: dict[str, Any]) -> list[str]:
    """Return the table of figures with their targets, one line each."""
    lines = []
    sizes = {r["platforms"]: r for r in results["sizes"]}
    lines.append(f"{'platforms':>9} {'check s':>8} {'build s':>8} {'export s':>8} {'pages/s':>8} {'peak MB':>8} {'plain mkdocs s':>15}")
    for n, r in sorted(sizes.items()):
        peak = max(r["check"]["peak_mb"], r["build"]["peak_mb"], r["export"]["peak_mb"])
        lines.append(
            f"{n:>9} {r['check']['wall_s']:>8} {r['build']['wall_s']:>8} {r['export']['wall_s']:>8} "
            f"{r['pages_per_s']:>8} {peak:>8} {r['plain_mkdocs']['wall_s']:>15}"
        )
    lines.append("")
    lines += _targets(sizes, results.get("real", {}))
    return lines


def _targets(sizes: dict[int, Any], real: dict[str, Any]) -> list[str]:
    checks: list[tuple[str, float | None, str, bool | None]] = []
    if 1000 in sizes:
        big = sizes[1000]
        ratio = big["build"]["wall_s"] / big["plain_mkdocs"]["wall_s"]
        checks.append(("build 1000 platforms (s)", big["build"]["wall_s"], "< 10", big["build"]["wall_s"] < 10))
        checks.append(("build 1000 / plain mkdocs 1000", round(ratio, 2), "<= 0.5", ratio <= 0.5))
        peak = max(big[k]["peak_mb"] for k in ("check", "build", "export"))
        checks.append(("peak memory at 1000 (MB)", peak, "< 500", peak < 500))
    if 1000 in sizes and 100 in sizes:
        growth = sizes[1000]["build"]["wall_s"] / sizes[100]["build"]["wall_s"]
        checks.append(("build growth 100 -> 1000 (x)", round(growth, 2), "<= 11", growth <= 11))
    if real:
        checks.append(("rebuild after one edit (s)", real["rebuild_after_edit_s"], "<= 1", real["rebuild_after_edit_s"] <= 1))
        checks.append(("home page + assets (KB)", real["home_kb"], "< 50", real["home_kb"] < 50))
        checks.append(("largest platform page + assets (KB)", real["largest_platform_page_kb"], "< 40", real["largest_platform_page_kb"] < 40))
        checks.append(("single-file export (KB)", real["single_file_kb"], "< 250", real["single_file_kb"] < 250))
        checks.append(("check on real data (s)", real["check"]["wall_s"], "< 1", real["check"]["wall_s"] < 1))
    lines = [f"{'figure':<40} {'measured':>10} {'target':>8}  met"]
    for name, value, target, met in checks:
        lines.append(f"{name:<40} {value!s:>10} {target:>8}  {'yes' if met else 'NO'}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 100, 1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json")
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("command", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        probe(args.command)
        return
    env_note = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    with tempfile.TemporaryDirectory(prefix="privacy-terms-bench-") as tmp:
        work = Path(tmp)
        sizes = []
        for n in args.sizes:
            print(f"measuring {n} platforms ...", file=sys.stderr)
            sizes.append(bench_size(n, args.runs, work))
        print("measuring the real data ...", file=sys.stderr)
        real = real_data_figures(work, args.runs)
    results = {"machine": env_note, "runs": args.runs, "sizes": sizes, "real": real}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print("\n".join(report(results)))
    print(f"\nwrote {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")


if __name__ == "__main__":
    main()
