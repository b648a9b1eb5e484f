"""The benchmark's page states the figures of the committed run: bench/report.py writes it."""

from __future__ import annotations

import copy
import importlib.util
import json
from types import ModuleType
from typing import Any

from conftest import ROOT

LATEST = ROOT / "bench" / "results" / "latest.json"


def report_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_report", ROOT / "bench" / "report.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def latest() -> dict[str, Any]:
    results: dict[str, Any] = json.loads(LATEST.read_text(encoding="utf-8"))
    return results


def test_committed_page_is_what_the_script_writes_from_the_committed_json() -> None:
    page = (ROOT / "bench" / "README.md").read_text(encoding="utf-8")
    assert page == report_module().render(latest()), "run: python bench/report.py"


def test_a_slower_build_shows_on_the_page_and_fails_its_target() -> None:
    results = copy.deepcopy(latest())
    big = next(size for size in results["sizes"] if size["platforms"] == 1000)
    big["build"]["wall_s"] = big["plain_mkdocs"]["wall_s"]  # as slow as plain mkdocs
    page = report_module().render(results)
    assert (
        f"{big['plain_mkdocs']['wall_s']:.2f} s | {big['build_one_changed']['wall_s']:.2f} s"
        in page
    )
    assert (
        "| build at most 0.5 of plain mkdocs' time, same pages, same run | 1.00 of it warm" in page
    )
    row = next(line for line in page.splitlines() if line.startswith("| build at most"))
    assert row.endswith("| **no** |")


def test_the_readme_states_no_benchmark_figures_and_points_to_the_page() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bench/README.md" in readme
    real = latest()["real"]
    for name in ("privacy-terms.html", "privacy-terms.zh-hant.html"):
        assert f"{real[f'{name}_kb']:.0f} KB" not in readme
