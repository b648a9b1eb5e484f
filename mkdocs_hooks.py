"""MkDocs hooks: the only place that imports MkDocs.

The pages come from the data files through the pure `privacy_terms` package; this file only hands
them to MkDocs. It keeps no module-level state on purpose: `mkdocs serve` imports a hook once and
never reloads it, so anything cached here would show stale data after an edit. Each build re-reads
the data and makes a fresh template environment (Python edits still need a restart of `serve`).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from privacy_terms import pages, publish
from privacy_terms.dataset import Dataset, load_dataset
from privacy_terms.pages import MarkerError, SiteOptions
from privacy_terms.problems import errors

log = logging.getLogger("mkdocs.plugins.privacy_terms")

LIVE_RELOAD_ENV = "PRIVACY_TERMS_LIVE_RELOAD"
"""Set by `python build.py serve`: lets the live-reload script through the page's CSP."""


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Tell the theme whether this build is a live preview (which injects a reload script)."""
    config.extra["live_reload"] = os.environ.get(LIVE_RELOAD_ENV) == "1"
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add one page per platform and jurisdiction, and the index, matrix, sources and changes."""
    dataset = _load(config)
    options = _options(config)
    data_files = pages.data_files(dataset)
    for uri, content in sorted(pages.render_pages(dataset, options).items()):
        if files.get_file_from_path(uri) is not None:
            raise PluginError(
                f"content/{uri} clashes with a page generated from the data: rename or remove the hand-written page"
            )
        file = File.generated(config, uri, content=content)
        # The "edit" link of a page made from one data file opens that file (relative to edit_uri).
        file.edit_uri = f"{_docs_to_root(config)}{data_files[uri]}" if uri in data_files else None
        files.append(file)
    version = publish.data_version(_root(config))
    for path, text in sorted(publish.site_files(dataset, version, config.use_directory_urls).items()):
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"content/{path} clashes with a file generated from the data: remove it")
        files.append(File.generated(config, path, content=text))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace `<!-- privacy-terms:NAME -->` markers in hand-written pages with generated HTML."""
    if not pages.find_markers(markdown):
        return markdown
    try:
        return pages.replace_markers(markdown, _load(config), _options(config), page.file.src_uri)
    except MarkerError as exc:
        raise PluginError(f"content/{exc}") from None


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _load(config: MkDocsConfig) -> Dataset:
    """Load the data, log its warnings and stop the build with every problem if any is an error."""
    # The date only decides which files count as stale or dated in the future; pages never show it.
    result = load_dataset(_root(config), dt.date.today())
    if errors(result.problems) or result.dataset is None:
        listing = "\n".join(str(problem) for problem in result.problems)
        count = len(errors(result.problems))
        raise PluginError(f"The data has {count} error{'s' if count != 1 else ''}; nothing was built:\n{listing}")
    for problem in result.problems:
        # Info, not warning: a file due for review must not fail a strict build; `check` reports it.
        log.info(str(problem))
    return result.dataset


def _options(config: MkDocsConfig) -> SiteOptions:
    return SiteOptions(config.use_directory_urls, _data_edit_base(config))


def _docs_to_root(config: MkDocsConfig) -> str:
    """Return the path from the docs folder to the project root, e.g. `../`."""
    relative = Path(os.path.relpath(_root(config), Path(config.docs_dir).resolve())).as_posix()
    return "" if relative == "." else f"{relative}/"


def _data_edit_base(config: MkDocsConfig) -> str | None:
    """Return the URL that edits files at the repository root, built like MkDocs' edit links."""
    if not config.repo_url or not config.edit_uri:
        return None
    return urljoin(config.repo_url.rstrip("/") + "/", config.edit_uri + _docs_to_root(config))

