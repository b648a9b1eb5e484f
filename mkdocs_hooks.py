"""MkDocs hooks: the only place that imports MkDocs.

The pages come from the data files through the pure `privacy_terms` package; this file only hands
them to MkDocs. It keeps no module-level state on purpose: `mkdocs serve` imports a hook once and
never reloads it, so anything cached here would show stale data after an edit. Each build re-reads
the data and makes a fresh template environment (Python edits still need a restart of `serve`).
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from privacy_terms.data.dataset import FILE_DIGESTS, Dataset, load_dataset
from privacy_terms.data.model import Jurisdiction, Platform
from privacy_terms.utils.cache import FileCache
from privacy_terms.utils.dates import today_anywhere
from privacy_terms.utils.files import linked_paths
from privacy_terms.utils.problems import errors
from privacy_terms.utils.stopwatch import Stopwatch
from privacy_terms.website import i18n, pages, publish, search
from privacy_terms.website import translations as translations_of_data
from privacy_terms.website.bodies import RenderedBodies, render_bodies
from privacy_terms.website.pages import MarkerError, SiteOptions
from privacy_terms.website.serving import refuse_impossible_paths

log = logging.getLogger("mkdocs.plugins.privacy_terms")

LIVE_RELOAD_ENV = "PRIVACY_TERMS_LIVE_RELOAD"
"""Set by `python build.py serve`: lets the live-reload script through the page's CSP."""


_STOPWATCH = "privacy_terms_stopwatch"
"""Key in `config.extra` for the build's Stopwatch, which the hook tells where the time goes."""

_DATA_FROM = "privacy_terms_data_from"
"""Key in `config.extra`: a site built from the same data in this run, whose open-data files
this build copies instead of making them again (they do not depend on the edition; the feed
does, and each edition makes its own)."""

_DATA_LATER = "privacy_terms_data_later"
"""Key in `config.extra`: the other edition, building at the same time, makes the open data;
this build leaves empty files in their place, which build.py fills from that one."""

_PRELOADED = "privacy_terms_preloaded"
"""Key in `config.extra` for data that `build.py` has already loaded and checked for this build."""


def build_site(
    config_file: Path,
    site_dir: Path,
    dataset: Dataset | None = None,
    watch: Stopwatch | None = None,
    data_from: Path | None = None,
    data_later: bool = False,
) -> int:
    """Run a strict MkDocs build in this process; return 0, or 1 after printing why it failed.

    `python build.py build` has already loaded and checked the data to report problems, so it hands
    the result over instead of having the hook load every file a second time.
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.addHandler(handler)
    # Warnings and errors only: MkDocs' INFO lines (cleaning, timing, pages outside the nav,
    # which is by design here) read like problems to a contributor.
    logger.setLevel(logging.WARNING)
    try:
        config = load_config(str(config_file), site_dir=str(site_dir), strict=True)
        if dataset is not None:
            config.extra[_PRELOADED] = dataset
        if watch is not None:
            config.extra[_STOPWATCH] = watch
        if data_from is not None:
            config.extra[_DATA_FROM] = data_from
        if data_later:
            config.extra[_DATA_LATER] = True
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as exc:
        print(f"{exc.format_message()}", file=sys.stderr)
        return 1
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return 0


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Tell the theme whether this build is a live preview (which injects a reload script), and
    which edition it builds (`extra.language`, set by mkdocs.zh-hant.yml) and where the other is."""
    config.extra["live_reload"] = os.environ.get(LIVE_RELOAD_ENV) == "1"
    language = str(config.extra.get("language") or i18n.ENGLISH)
    if language not in i18n.LANGUAGES:
        raise PluginError(f"extra.language: {language!r} is not one of {', '.join(i18n.LANGUAGES)}")
    config.extra["language"] = language
    config.extra["edition"] = i18n.edition(
        language, _root(config), (_root(config) / i18n.CONFIG_FILES[i18n.CHINESE]).is_file()
    )
    return config


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    """Let the theme look up its reader-facing strings in the edition's language (`|t`)."""
    language = str(config.extra.get("language") or i18n.ENGLISH)
    translations = i18n.load_translations(_root(config), language)
    env.filters["t"] = translations.t
    env.filters["t_literal"] = translations.literal
    return env


# Per-build values ride on MkDocs' own per-build objects (the File), never on this module.
_HTML = "privacy_terms_html"
"""File attribute: the finished HTML body of a generated page."""
_BLOCKS = "privacy_terms_blocks"
"""File attribute: the generated blocks a hand-written page's markers ask for."""


PREVIEW_POLL_SECONDS = 0.1
"""How often the preview looks for saved files. MkDocs looks every half second, which with the
rebuild itself made a saved edit take over a second to show."""


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """Answer requests no file can match (`/%00`) before the development server trips on them,
    and look for saved files more often than MkDocs does."""
    server.set_app(refuse_impossible_paths(server.get_app()))
    _poll_more_often(server)
    return server


def _poll_more_often(server: Any) -> None:
    """Give the server a polling observer that looks every PREVIEW_POLL_SECONDS, watching what
    the old one watched. It uses MkDocs 1.6's `observer` and `_watched_paths`; if a later 1.x
    names them otherwise, the preview keeps MkDocs' own pace."""
    paths = getattr(server, "_watched_paths", None)
    if not isinstance(paths, dict) or not hasattr(server, "observer") or server.observer.is_alive():
        return
    from watchdog.observers.polling import PollingObserver  # MkDocs' own dependency

    server.observer = PollingObserver(timeout=PREVIEW_POLL_SECONDS)
    watched = dict(paths)
    paths.clear()
    getattr(server, "_watch_refs", {}).clear()
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add one page per platform and jurisdiction, the index, matrix, sources and changes pages,
    the open-data files and the feed; prepare the blocks that hand-written pages ask for.

    The generated pages' bodies are rendered here, into a folder in the site (see
    `privacy_terms.website.bodies`); MkDocs gets their front matter only, and each body joins its page
    when MkDocs writes it (`on_post_page`), so no build holds every page at once.
    """
    watch = config.extra.get(_STOPWATCH) or Stopwatch()
    _refuse_links(files, config)
    with watch.phase("load"):
        dataset = _load(config)
        cache = FileCache.for_run("")
        options = _options(config, dataset, cache)
    # Inside the site folder, which MkDocs has just emptied: a failed build's folder goes with
    # the failed site (build.py builds into a staging folder that it removes).
    folder = Path(config.site_dir) / _BODIES_DIR
    with watch.phase("render"):
        words = json.dumps(options.translations.strings, sort_keys=True, ensure_ascii=False)
        renderer = pages.PageRenderer(
            dataset, options, cache.compiled_templates(options.language, words)
        )
        _prepare_markers(files, dataset, options, renderer)
        hand_written = _hand_written_documents(files, config)
        specs = pages.page_specs(dataset, options)
        for spec in specs:
            _refuse_clash(files, spec.uri)
        rendered = render_bodies(renderer, specs, folder, cache, config.use_directory_urls)
    _add_pages(files, config, dataset, specs, renderer, rendered)
    with watch.phase("data files"):
        _add_site_files(files, config, dataset, folder / "files", cache)
        _add_feed(files, config, dataset, folder / "files", options)
    _refuse_clash(files, search.SEARCH_INDEX)
    with watch.phase("search index"):
        # The search page loads this script; it is written into the bodies' folder now and
        # moved beside the pages when they are all written (see on_post_build).
        rendered.write_search_script(folder / search.SEARCH_INDEX, hand_written)
    return files


def _add_pages(
    files: Files,
    config: MkDocsConfig,
    dataset: Dataset,
    specs: list[pages.PageSpec],
    renderer: pages.PageRenderer,
    rendered: RenderedBodies,
) -> None:
    data_files = pages.data_files(dataset)
    for spec in specs:
        # Only the front matter goes through Markdown (for the title); the body is finished HTML,
        # and parsing it as Markdown would cost more than everything else in the build.
        file = File.generated(config, spec.uri, content=renderer.front_matter(spec))
        setattr(file, _HTML, rendered)
        # The "edit" link of a page made from one data file opens that file (relative to edit_uri).
        uri = spec.uri
        file.edit_uri = f"{_docs_to_root(config)}{data_files[uri]}" if uri in data_files else None
        files.append(file)


def _add_site_files(
    files: Files, config: MkDocsConfig, dataset: Dataset, made: Path, cache: FileCache
) -> None:
    """Write the open data into `made` (or copy it from the other edition's build of this run)
    and add it to the site."""
    paths = publish.site_file_paths()
    done = config.extra.get(_DATA_FROM)
    if isinstance(done, Path) and all((done / path).is_file() for path in paths):
        for path in paths:
            (made / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(done / path, made / path)
    elif config.extra.get(_DATA_LATER):
        for path in paths:
            (made / path).parent.mkdir(parents=True, exist_ok=True)
            (made / path).write_bytes(b"")
    else:
        version = publish.data_version(_root(config))
        publish.write_site_files(dataset, version, made, cache)
    for path in paths:
        _refuse_clash(files, path)
        # MkDocs copies each from the file just written, never holding it in memory.
        files.append(File.generated(config, path, abs_src_path=str(made / path)))


def _add_feed(
    files: Files, config: MkDocsConfig, dataset: Dataset, made: Path, options: SiteOptions
) -> None:
    """Write the edition's own feed, in its language, into `made` and add it to the site."""
    publish.write_feed(
        dataset, config.use_directory_urls, made, options.translations, options.translated_texts
    )
    _refuse_clash(files, publish.FEED)
    files.append(File.generated(config, publish.FEED, abs_src_path=str(made / publish.FEED)))


_BODY_MARK = "<!-- privacy-terms: generated body -->"
"""What a generated page's content is until MkDocs writes it; `on_post_page` puts the body there."""
_BODIES_DIR = ".privacy-terms-bodies"
"""The folder in the site where this build's rendered bodies wait; removed when the build ends."""


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Put a generated page's body into the page MkDocs made around it, just before it is
    written; the page keeps nothing of it afterwards."""
    rendered: RenderedBodies | None = getattr(page.file, _HTML, None)
    if rendered is None:
        return output
    page.content = None
    return output.replace(_BODY_MARK, rendered.body(page.file.src_uri), 1)


def on_post_build(config: MkDocsConfig) -> None:
    """Move the search documents beside the pages; remove the rendered bodies."""
    folder = Path(config.site_dir) / _BODIES_DIR
    script = folder / search.SEARCH_INDEX
    if script.is_file():
        script.replace(Path(config.site_dir) / search.SEARCH_INDEX)
    shutil.rmtree(folder, ignore_errors=True)


def _hand_written_documents(files: Files, config: MkDocsConfig) -> list[search.Document]:
    """The hand-written pages as search documents, titled by their first heading."""
    found = []
    for file in files.documentation_pages():
        text = file.content_string
        heading = re.search(r"^# (.+)$", text, re.M)
        title = heading.group(1).strip() if heading else file.name
        url = search.url_of(file.src_uri, config.use_directory_urls)
        found += search.markdown_documents(title, url, text)
    return found


def _title(front_matter: str) -> str:
    """The title a generated page's front matter gives (JSON-quoted, so JSON reads it back)."""
    match = re.search(r"^title: (.+)$", front_matter, re.M)
    return str(json.loads(match.group(1))) if match else ""


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Give generated pages their HTML, and put generated blocks where hand-written pages ask."""
    if getattr(page.file, _HTML, None) is not None:
        return _BODY_MARK
    blocks: dict[str, str] | None = getattr(page.file, _BLOCKS, None)
    return pages.fill_markers(html, blocks) if blocks else html


def _prepare_markers(
    files: Files, dataset: Dataset, options: SiteOptions, renderer: pages.PageRenderer
) -> None:
    """Render the blocks for every `<!-- privacy-terms:NAME -->` marker in hand-written pages."""
    for file in files.documentation_pages():
        text = file.content_string
        if not pages.find_markers(text):
            continue
        try:
            blocks = pages.marker_blocks(text, dataset, options, file.src_uri, renderer)
            setattr(file, _BLOCKS, blocks)
        except MarkerError as exc:
            raise PluginError(f"content/{exc}") from None


def _refuse_links(files: Files, config: MkDocsConfig) -> None:
    """MkDocs follows links in content/: a link would publish whatever it points to."""
    docs = Path(config.docs_dir)
    linked = linked_paths(docs, [f.src_uri for f in files if f.src_dir == config.docs_dir])
    if linked:
        listed = ", ".join(f"content/{uri}" for uri in linked)
        raise PluginError(
            f"{listed}: links are not followed: the site publishes only files inside content/; "
            "replace each link with the file itself"
        )


def _refuse_clash(files: Files, uri: str) -> None:
    if files.get_file_from_path(uri) is not None:
        raise PluginError(
            f"content/{uri} clashes with a page generated from the data: rename or remove the hand-written page"
        )


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _load(config: MkDocsConfig) -> Dataset:
    """Load the data, log its warnings and stop the build with every problem if any is an error."""
    preloaded = config.extra.pop(_PRELOADED, None)
    if isinstance(preloaded, Dataset):
        return preloaded
    # The date only decides which files count as stale or dated in the future; pages never show it.
    result = load_dataset(_root(config), today_anywhere())
    if errors(result.problems) or result.dataset is None:
        listing = "\n".join(str(problem) for problem in result.problems)
        count = len(errors(result.problems))
        raise PluginError(
            f"The data has {count} error{'s' if count != 1 else ''}; nothing was built:\n{listing}"
        )
    for problem in result.problems:
        # Info, not warning: a file due for review must not fail a strict build; `check` reports it.
        log.info(str(problem))
    return result.dataset


def _options(config: MkDocsConfig, dataset: Dataset, cache: FileCache) -> SiteOptions:
    language = str(config.extra.get("language") or i18n.ENGLISH)
    root = _root(config)
    translations = i18n.load_translations(root, language)
    data: dict[str, translations_of_data.FileTranslations] = {}
    texts: dict[str, dict[str, translations_of_data.TranslatedText]] = {}
    if language != i18n.ENGLISH:
        owners: tuple[Platform | Jurisdiction, ...] = (*dataset.platforms, *dataset.jurisdictions)
        digests = dataset.derived.get(FILE_DIGESTS, {})
        data, texts = translations_of_data.load_edition(root, owners, language, cache, digests)
    return SiteOptions(
        config.use_directory_urls, _data_edit_base(config), language, translations, data, texts
    )


def _docs_to_root(config: MkDocsConfig) -> str:
    """Return the path from the docs folder to the project root, e.g. `../`."""
    relative = Path(os.path.relpath(_root(config), Path(config.docs_dir).resolve())).as_posix()
    return "" if relative == "." else f"{relative}/"


def _data_edit_base(config: MkDocsConfig) -> str | None:
    """Return the URL that edits files at the repository root, built like MkDocs' edit links."""
    if not config.repo_url or not config.edit_uri:
        return None
    return urljoin(config.repo_url.rstrip("/") + "/", config.edit_uri + _docs_to_root(config))
