"""`python build.py build`: check the data, then run MkDocs on the project.

This package never imports MkDocs: the only module that does is `mkdocs_hooks.py`, which builds
in this process (handed the data already loaded and checked) and, for `serve`, MkDocs runs as a
child process. The build writes into a temporary folder next to `site/` and swaps it in (in one
atomic step, see `swap`) only when MkDocs succeeded, so a failed build leaves the last good site
untouched, and the temporary folder is removed whatever happens.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from privacy_terms.commands.check import run_check
from privacy_terms.dataset import Dataset
from privacy_terms.i18n import CHINESE, CONFIG_FILES, PREFIX
from privacy_terms.swap import replace_dir, staging_folder

SITE_DIR = "site"
"""Where the finished site goes; the same as `site_dir` in mkdocs.yml."""
CONFIG_FILE = "mkdocs.yml"


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `build`."""
    build = commands.add_parser(
        "build", help="check the data, then build the site into site/ (the default command)"
    )
    build.set_defaults(run=run_build)


def run_build(args: argparse.Namespace) -> int:
    """Check the data (printing every problem), then build the site strictly and atomically."""
    result = run_check(args)
    if not result.ok or result.dataset is None:
        print(
            "The site was not built: fix the errors above. site/ was left as it was.",
            file=sys.stderr,
        )
        return 1
    return build_site(args.root, result.dataset)


def build_into(root: Path, target: Path, dataset: Dataset | None = None) -> int:
    """Build the site strictly into `target` (with the data, if already loaded); 0 on success.

    English goes to the root; when the project has mkdocs.zh-hant.yml, the Traditional Chinese
    edition is built by the same hook into `target/zh-hant/` (after the English build, which
    empties `target` first).
    """
    hooks = _hooks()
    status: int = hooks.build_site(root / CONFIG_FILE, target, dataset)
    chinese = root / CONFIG_FILES[CHINESE]
    if status == 0 and chinese.is_file():
        status = hooks.build_site(chinese, target / PREFIX[CHINESE].rstrip("/"), dataset)
    return status


def _hooks() -> ModuleType:
    """Load mkdocs_hooks.py, the only module that imports MkDocs, from beside this package."""
    path = Path(__file__).resolve().parents[2] / "mkdocs_hooks.py"
    spec = importlib.util.spec_from_file_location("privacy_terms_mkdocs_hooks", path)
    if spec is None or spec.loader is None:  # pragma: no cover - the file ships with the package
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_site(root: Path, dataset: Dataset | None = None) -> int:
    """Build into a temporary folder next to site/; move it into place only on success."""
    with staging_folder(root, ".site-build-") as staging:  # removed after an error, Ctrl+C, kill
        if build_into(root, staging, dataset) != 0:
            print("The build failed (see above). site/ was left as it was.", file=sys.stderr)
            return 1
        replace_dir(staging, root / SITE_DIR)  # one atomic step; staging then holds the old site
    print(f"The site is in {SITE_DIR}/: open {SITE_DIR}/index.html in a browser.")
    return 0
