"""`python build.py build`: check the data, then run MkDocs on the project.

This package never imports MkDocs: the only module that does is `mkdocs_hooks.py`, which builds
in this process (handed the data already loaded and checked) and, for `serve`, MkDocs runs as a
child process. The build writes into a temporary folder next to `site/` and swaps it in (in one
atomic step, see `swap`) only when MkDocs succeeded, so a failed build leaves the last good site
untouched, and the temporary folder is removed whatever happens.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import multiprocessing
import multiprocessing.process
import os
import shutil
import sys
import threading
from pathlib import Path
from types import ModuleType

from privacy_terms.commands.check import run_check
from privacy_terms.data.dataset import Dataset
from privacy_terms.utils.process import failure_message
from privacy_terms.utils.stopwatch import Stopwatch
from privacy_terms.utils.swap import replace_dir, staging_folder
from privacy_terms.website.i18n import CHINESE, CONFIG_FILES, PREFIX
from privacy_terms.website.publish import site_file_paths

SITE_DIR = "site"
"""Where the finished site goes; the same as `site_dir` in mkdocs.yml."""
CONFIG_FILE = "mkdocs.yml"


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `build`."""
    build = commands.add_parser(
        "build", help="check the data, then build the site into site/ (the default command)"
    )
    build.add_argument(
        "--timings",
        type=Path,
        default=None,
        metavar="FILE",
        help="write where the time went (check, render, write) to FILE as JSON (for benchmarks)",
    )
    build.set_defaults(run=run_build)


def run_build(args: argparse.Namespace) -> int:
    """Check the data (printing every problem), then build the site strictly and atomically."""
    watch = Stopwatch()
    with watch.phase("check"):
        result = run_check(args)
    if not result.ok or result.dataset is None:
        print(
            "The site was not built: fix the errors above. site/ was left as it was.",
            file=sys.stderr,
        )
        return 1
    status = build_site(args.root, result.dataset, watch)
    if args.timings is not None:
        args.timings.write_text(json.dumps(watch.rounded(), indent=2) + "\n", encoding="utf-8")
    return status


def build_into(
    root: Path, target: Path, dataset: Dataset | None = None, watch: Stopwatch | None = None
) -> int:
    """Build the site strictly into `target` (with the data, if already loaded); 0 on success.

    English goes to the root; when the project has mkdocs.zh-hant.yml, the Traditional Chinese
    edition is built by the same hook into a folder of its own, at the same time in a forked
    process where the machine allows (the two builds share nothing but the data, and each takes
    a core), and moved to `target/zh-hant/` when both succeeded.
    """
    hooks = _hooks()
    watch = watch or Stopwatch()
    chinese = root / CONFIG_FILES[CHINESE]
    with watch.phase("mkdocs"):
        if not chinese.is_file():
            return int(hooks.build_site(root / CONFIG_FILE, target, dataset, watch))
        with staging_folder(root, ".site-zh-") as edition:
            child = _start_edition(hooks, chinese, edition, dataset)
            try:
                status = int(hooks.build_site(root / CONFIG_FILE, target, dataset, watch))
            except BaseException:
                # The staging folders go with this error: the edition's build goes first, or
                # it would go on writing into them (and report their loss) after we returned.
                _stop_edition(child)
                raise
            if child is not None:
                chinese_status = _finish_edition(child, edition, watch)
            elif status == 0:
                # The English build's pages, environment and MkDocs objects hold each other in
                # cycles: free them now, or the Chinese build's memory comes on top of theirs.
                gc.collect()
                # The open data is the same in both editions: copied, not remade (each makes its feed).
                chinese_status = int(
                    hooks.build_site(chinese, edition, dataset, watch, data_from=target)
                )
            else:
                chinese_status = 1
            if status == 0 and chinese_status == 0:
                if child is not None:
                    _copy_site_files(target, edition)
                edition.replace(target / PREFIX[CHINESE].rstrip("/"))
    return status or chinese_status


_EDITION_TIMINGS = ".privacy-terms-timings.json"


def _start_edition(
    hooks: ModuleType, config: Path, edition: Path, dataset: Dataset | None
) -> multiprocessing.process.BaseProcess | None:
    """Start building the Chinese edition in a forked process, or return None where forking is
    not possible (another start method, or threads that a fork could catch holding a lock)."""
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return None
    if (os.cpu_count() or 1) < 2:
        return None  # one core: two builds at once would only compete
    process = multiprocessing.get_context("fork").Process(
        target=_edition_process, args=(hooks, config, edition, dataset)
    )
    # The open data is the same in both editions (each makes its own feed): the English build
    # makes it, and it is copied into this edition when both are done (`_copy_site_files`).
    process.start()
    return process


def _edition_process(
    hooks: ModuleType, config: Path, edition: Path, dataset: Dataset | None
) -> None:
    """The forked process: build the edition, leave its timings beside it, exit with its status."""
    watch = Stopwatch()
    try:
        status = int(hooks.build_site(config, edition, dataset, watch, data_later=True))
        (edition / _EDITION_TIMINGS).write_text(json.dumps(watch.phases), encoding="utf-8")
    except KeyboardInterrupt:  # stopped by the parent, which reports why: nothing to add
        status = 130
    except Exception as exc:  # one line, never a traceback
        print(
            f"error: the Chinese edition was not built: {failure_message(exc, config.parent)}",
            file=sys.stderr,
        )
        status = 1
    sys.exit(status)


def _stop_edition(process: multiprocessing.process.BaseProcess | None) -> None:
    """Stop the edition's process, if any, and wait for it."""
    if process is not None:
        process.terminate()
        process.join()


def _copy_site_files(source: Path, edition: Path) -> None:
    """Fill the edition's open-data files, left empty, from the English build's."""
    for path in site_file_paths():
        shutil.copyfile(source / path, edition / path)


def _finish_edition(
    process: multiprocessing.process.BaseProcess, edition: Path, watch: Stopwatch
) -> int:
    """Wait for the edition's process; add its timings to `watch`; return its status."""
    process.join()
    timings = edition / _EDITION_TIMINGS
    if timings.is_file():
        for name, seconds in json.loads(timings.read_text(encoding="utf-8")).items():
            watch.phases[f"{name} ({CHINESE}, in parallel)"] = seconds
        timings.unlink()
    return 0 if process.exitcode == 0 else 1


def _hooks() -> ModuleType:
    """Load mkdocs_hooks.py, the only module that imports MkDocs, from beside this package."""
    path = Path(__file__).resolve().parents[2] / "mkdocs_hooks.py"
    spec = importlib.util.spec_from_file_location("privacy_terms_mkdocs_hooks", path)
    if spec is None or spec.loader is None:  # pragma: no cover - the file ships with the package
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_site(root: Path, dataset: Dataset | None = None, watch: Stopwatch | None = None) -> int:
    """Build into a temporary folder next to site/; move it into place only on success."""
    with staging_folder(root, ".site-build-") as staging:  # removed after an error, Ctrl+C, kill
        if build_into(root, staging, dataset, watch) != 0:
            print("The build failed (see above). site/ was left as it was.", file=sys.stderr)
            return 1
        replace_dir(staging, root / SITE_DIR)  # one atomic step; staging then holds the old site
    print(f"The site is in {SITE_DIR}/: open {SITE_DIR}/index.html in a browser.")
    return 0
