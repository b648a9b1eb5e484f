"""Write bench/README.md, the benchmark's page, from the figures of its latest run.

    python bench/report.py            # reads bench/results/latest.json, writes bench/README.md
    python bench/report.py --check    # exit 1 when bench/README.md differs from what it would write

Every figure on the page comes from the JSON that `python bench/run.py` writes, so the page
cannot state figures of an older run than the one committed beside it (tests/test_bench_report.py
compares them).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LATEST = ROOT / "bench" / "results" / "latest.json"
PAGE = ROOT / "bench" / "README.md"

# The targets the project set itself (bench/run.py prints the same ones).
RATIO_LIMIT = 0.5
MEMORY_LIMIT_MB = 500
GROWTH_LIMIT = 11
CHECK_LIMIT_S = 2
RELOAD_LIMIT_S = 1
PAGE_LIMIT_KB = 40
SINGLE_FILE_LIMIT_KB = 250
SINGLE_FILES = ("privacy-terms.html", "privacy-terms.zh-hant.html")

HEADER = """\
# Benchmarks

<!-- Written by `python bench/report.py` from bench/results/latest.json: do not edit by hand. -->

```sh
python bench/run.py                 # about 6 minutes on 2 cores; writes bench/results/latest.json
python bench/report.py              # writes this page from bench/results/latest.json
python bench/lighthouse.py          # Lighthouse scores of two pages (below)
```

These are scripts, not tests: their figures depend on the machine. Commit a new
`bench/results/latest.json` together with the page `bench/report.py` writes from it
(`tests/test_bench_report.py` fails when they differ).

## What `bench/run.py` measures

It builds 100 and 1,000 platforms made from the real data: the real files cycled, each copy with
its own id and name and its Traditional Chinese translation, so both editions and the search
index are as full as the real site's. It times `check` and `build` in fresh processes: first with
an empty cache (cold), then several times with the cache that run filled (warm: what every later
build costs), then several times after editing one platform file (what a contributor's next build
costs); it reports medians, the peak memory of the largest process, workers included, and where
the time went (`build --timings`). In the same run, plain mkdocs builds as many plain pages as the
site has (both editions) with its default theme (`highlightjs: false`), so the ratio between the
two is measured on the same machine in the same hour. At 100 platforms it runs
`python build.py serve`, saves a platform file and times until the server gives the changed page.
On the real data it weighs the platform pages of both editions with what they load, and both
single files, and the words alone of the largest of each: the least they could weigh showing the
same content.

How a build stays fast: [docs/architecture.md](../docs/architecture.md).
"""

LIGHTHOUSE = """\
## Lighthouse

`python bench/lighthouse.py` installs `lighthouse@12.2.3` into a throwaway prefix (never into
`package.json`), builds a temporary copy of the site, serves it on 127.0.0.1 and runs Lighthouse
with `/usr/bin/chromium`, on mobile settings, on `index.html` and `platforms/telegram.html`. It
prints the four category scores (performance, accessibility, best practices, SEO) and every audit
that loses points, and keeps the reports in `bench/results/lighthouse/`, which git ignores: the
performance score varies by a point or two between runs on a small machine, so no score is
recorded here.
"""


def seconds(value: float) -> str:
    """A duration in seconds as the page shows it."""
    return f"{value:.2f} s"


def megabytes(value: float) -> str:
    """A memory figure in whole megabytes."""
    return f"{value:.0f} MB"


def kilobytes(value: float) -> str:
    """A size in whole kilobytes."""
    return f"{value:.0f} KB"


def count(value: int) -> str:
    """A whole number with a thousands separator."""
    return f"{value:,}"


def met(ok: bool) -> str:
    """The last column of the targets table."""
    return "yes" if ok else "**no**"


def peak(size: dict[str, Any]) -> float:
    """The peak memory of the largest process over every command measured at one size."""
    kinds = ("check_cold", "check_warm", "build_cold", "build", "build_one_changed")
    return max(float(size[kind]["peak_mb"]) for kind in kinds)


def by_platforms(results: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """The measured sizes, by number of platforms."""
    return {int(size["platforms"]): size for size in results["sizes"]}


def machine_line(results: dict[str, Any]) -> str:
    """Which run the figures are from."""
    machine = results["machine"]
    return (
        f"Figures of {machine['date']}, on a machine with {machine['cpus']} cores"
        f" (Python {machine['python']}), medians of {results['runs']} warm runs, from"
        " `bench/results/latest.json`:"
    )


def sizes_table(results: dict[str, Any]) -> list[str]:
    """One row per size: the times of check and build, cold and warm, and peak memory."""
    lines = [
        "| platforms | pages | check, cold | check, warm | build, cold | build, warm"
        " | build, one file edited | plain mkdocs, same pages | peak memory |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for n, size in sorted(by_platforms(results).items()):
        cells = [
            count(n),
            count(size["pages"]),
            seconds(size["check_cold"]["wall_s"]),
            seconds(size["check_warm"]["wall_s"]),
            seconds(size["build_cold"]["wall_s"]),
            seconds(size["build"]["wall_s"]),
            seconds(size["build_one_changed"]["wall_s"]),
            seconds(size["plain_mkdocs"]["wall_s"]),
            megabytes(peak(size)),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def speed_targets(sizes: dict[int, dict[str, Any]]) -> list[str]:
    """Rows of the targets table about time and memory, for the sizes that were measured."""
    rows = []
    if 1000 in sizes:
        big = sizes[1000]
        plain = big["plain_mkdocs"]["wall_s"]
        warm, edited = big["build"]["wall_s"] / plain, big["build_one_changed"]["wall_s"] / plain
        cold = big["build_cold"]["wall_s"] / plain
        rows.append(
            f"| build at most {RATIO_LIMIT} of plain mkdocs' time, same pages, same run"
            f" | {warm:.2f} of it warm ({big['build']['wall_s']:.1f} s vs {plain:.1f} s),"
            f" {edited:.2f} after editing one file; {cold:.2f} for a first build with an empty"
            f" cache | {met(max(warm, edited) <= RATIO_LIMIT)} |"
        )
        rows.append(
            f"| peak memory of the largest process under {MEMORY_LIMIT_MB} MB"
            f" | {megabytes(peak(big))} | {met(peak(big) < MEMORY_LIMIT_MB)} |"
        )
        check_warm, check_cold = big["check_warm"]["wall_s"], big["check_cold"]["wall_s"]
        rows.append(
            f"| `check` under {CHECK_LIMIT_S} s | {seconds(check_warm)} warm;"
            f" {seconds(check_cold)} with an empty cache | {met(check_warm < CHECK_LIMIT_S)} (warm) |"
        )
    if 1000 in sizes and 100 in sizes:
        warm = sizes[1000]["build"]["wall_s"] / sizes[100]["build"]["wall_s"]
        cold = sizes[1000]["build_cold"]["wall_s"] / sizes[100]["build_cold"]["wall_s"]
        rows.append(
            f"| 100 → 1,000 platforms at most {GROWTH_LIMIT}× the time"
            f" | {warm:.1f}× warm ({cold:.1f}× cold) | {met(warm <= GROWTH_LIMIT)} |"
        )
    if 100 in sizes and "preview_reload_s" in sizes[100]:
        reload = sizes[100]["preview_reload_s"]
        rows.append(
            f"| preview: a saved platform file shows within {RELOAD_LIMIT_S} s, 100 platforms"
            f" | {seconds(reload)} | {met(reload < RELOAD_LIMIT_S)} |"
        )
    return rows


def weight_targets(real: dict[str, Any]) -> list[str]:
    """Rows of the targets table about what the real site's pages weigh."""
    page = real["largest_platform_page_kb"]
    rows = [
        f"| a platform page with everything it loads under {PAGE_LIMIT_KB} KB"
        f" | {kilobytes(page)} raw, {kilobytes(real['largest_platform_page_gzip_kb'])} as sent"
        f" with gzip (`{real['largest_platform_page']}`); its words alone are"
        f" {real['largest_platform_page_text_kb']:.1f} KB | {met(page < PAGE_LIMIT_KB)} (raw) |"
    ]
    for name in SINGLE_FILES:
        size = real[f"{name}_kb"]
        rows.append(
            f"| `{name}` under {SINGLE_FILE_LIMIT_KB} KB | {kilobytes(size)}"
            f" ({kilobytes(real[f'{name}_gzip_kb'])} compressed); its words alone are"
            f" {real[f'{name}_text_kb']:.1f} KB | {met(size < SINGLE_FILE_LIMIT_KB)} |"
        )
    return rows


def targets_table(results: dict[str, Any]) -> list[str]:
    """The targets (1,000 platforms, both editions, search included), measured and met or not."""
    lines = [
        "| target (1,000 platforms, both editions, search included) | measured | met |",
        "|---|---|---|",
    ]
    lines += speed_targets(by_platforms(results))
    if results.get("real"):
        lines += weight_targets(results["real"])
    return lines


def phases_table(results: dict[str, Any]) -> list[str]:
    """Where the time of a warm build went, phase by phase, at each size."""
    sizes = sorted(by_platforms(results).items())
    phases = list(sizes[0][1]["build"]["phases_s"])
    lines = [
        "| phase of a warm build (s) | "
        + " | ".join(f"{count(n)} platforms" for n, _ in sizes)
        + " |",
        "|---|" + "---|" * len(sizes),
    ]
    for phase in phases:
        cells = [f"{size['build']['phases_s'].get(phase, 0):.2f}" for _, size in sizes]
        lines.append(f"| {phase} | " + " | ".join(cells) + " |")
    return lines


PHASES_NOTE = """\
The two editions build at the same time, each in its own process, so the phases marked "in
parallel" overlap the English ones; `mkdocs` is MkDocs' own work for both editions. The pages that
gather every platform (the Hong Kong page, the sources page, what changed) are rendered again on
every build because any file changes them; a platform page whose inputs did not change comes from
the cache. This machine's speed varies from hour to hour, which is why the ratio to plain mkdocs is
measured within one run.
"""


def weights_note(real: dict[str, Any]) -> str:
    """Why the page-weight targets are not met, when they are not; empty when they are."""
    page_text = real["largest_platform_page_text_kb"]
    files_text = ", ".join(f"{real[f'{name}_text_kb']:.1f} KB" for name in SINGLE_FILES)
    unmet = real["largest_platform_page_kb"] >= PAGE_LIMIT_KB or any(
        real[f"{name}_kb"] >= SINGLE_FILE_LIMIT_KB for name in SINGLE_FILES
    )
    if not unmet:
        return ""
    return f"""\
The page weights are measured on the real data. The words alone, without a single tag, of the
largest platform page are {page_text:.1f} KB of its {PAGE_LIMIT_KB} KB budget, which must also
hold its stylesheet, and those of the single files are {files_text} against
{SINGLE_FILE_LIMIT_KB} KB each: what is over cannot be met without dropping content, which the
targets exclude. The pages grew with the evidence: every source carries its publisher, date,
quote, permanent copy and note, and the Chinese pages their translations. Meeting these targets
needs a decision this project cannot take alone: measure them as sent over the network, raise
them to fit the evidence, or choose what leaves those pages.
"""


def render(results: dict[str, Any]) -> str:
    """The whole page, from the results of one run of bench/run.py."""
    parts = [
        HEADER,
        "## Figures\n",
        machine_line(results) + "\n",
        "\n".join(sizes_table(results)) + "\n",
        "\n".join(targets_table(results)) + "\n",
        "\n".join(phases_table(results)) + "\n",
        PHASES_NOTE,
    ]
    if results.get("real") and weights_note(results["real"]):
        parts.append(weights_note(results["real"]))
    parts.append(LIGHTHOUSE)
    return "\n".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args()
    page = render(json.loads(LATEST.read_text(encoding="utf-8")))
    if args.check:
        if PAGE.read_text(encoding="utf-8") != page:
            print("bench/README.md is out of date: run python bench/report.py", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(page, encoding="utf-8")
    print(f"wrote {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
