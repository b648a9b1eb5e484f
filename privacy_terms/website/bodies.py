"""Render the generated pages' bodies into a folder, on every core, with their search documents.

A thousand platforms make two thousand pages of some 80 KB each. Holding them all until MkDocs
writes them took most of a gigabyte, so each body goes to a file as soon as it is rendered, and
the build reads it back only when MkDocs writes that page. Pages render in worker processes (the
data is shared by forking, never copied), and the search documents are taken from each body as
it is made, so the search index needs no second pass over the pages.

A platform's page depends only on its own data and translation, the jurisdictions, the data's
date, the edition's words, the templates, and the translations of the texts it shows (each page
keeps the texts it looked up, with the data file whose translation it read); when none of them changed since an earlier build, its body and documents come from
the cache (see `cache`).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from privacy_terms.data.dataset import FILE_DIGESTS, Dataset
from privacy_terms.data.freshness import data_date
from privacy_terms.data.model import Platform
from privacy_terms.utils import workers
from privacy_terms.utils.cache import FileCache, as_list, as_text, as_texts
from privacy_terms.utils.process import UserError, run_in_child
from privacy_terms.website import search
from privacy_terms.website.i18n import ENGLISH_ONLY
from privacy_terms.website.pages import PageRenderer, PageSpec, SiteOptions
from privacy_terms.website.site_views import company_of
from privacy_terms.website.translations import data_file, plain_translations

PARALLEL_FROM = 50
"""Below this many pages to render, starting workers costs more than it saves."""
GATHERING_PARALLEL_FROM = 300
"""From this many platforms, the few pages that gather them all are worth sharing out."""


@dataclass(frozen=True)
class RenderedBodies:
    """Where each body and its search documents are: in the folder, or for a page unchanged
    since an earlier build, in the cache (under its key)."""

    folder: Path
    uris: tuple[str, ...]
    cache: FileCache
    cached: dict[str, str]
    """Page path -> cache key, for the pages that come from the cache."""

    def body(self, uri: str) -> str:
        """Return one page's body."""
        return self._read(uri, "body", _file_name(uri))

    def _documents(self, uri: str) -> str:
        return self._read(uri, "documents", _documents_name(uri))

    def _read(self, uri: str, part: str, name: str) -> str:
        key = self.cached.get(uri)
        if key is None:
            return (self.folder / name).read_text(encoding="utf-8")
        found = self.cache.get(self.cache.derived_key(key, part), as_text)
        if found is None:  # removed or damaged since `_still_valid` read it
            raise OSError(f"the cache entry of {uri} went missing during the build: build again")
        return found

    def write_search_script(self, target: Path, first: list[search.Document]) -> None:
        """Write the search page's script: the documents `first`, then every page's, in page
        order, a page at a time (at a thousand platforms the index is tens of megabytes)."""
        with target.open("w", encoding="utf-8") as script:
            script.write(search.SCRIPT_START)
            parts = [search.documents_json(first)] if first else []
            for uri in self.uris:
                part = self._documents(uri)
                if part:
                    parts.append(part)
                if len(parts) > 1:
                    script.write(",".join(parts[:-1]) + ",")
                    parts = parts[-1:]
            script.write(",".join(parts))
            script.write(search.SCRIPT_END)


def render_bodies(
    renderer: PageRenderer,
    specs: list[PageSpec],
    folder: Path,
    cache: FileCache,
    use_directory_urls: bool = False,
) -> RenderedBodies:
    """Render every spec's body into `folder`; return where they are and their documents."""
    dataset, options = renderer.dataset, renderer.options
    folder.mkdir(parents=True, exist_ok=True)
    keys = _cache_keys(dataset, options, specs, cache)
    # A cached page is read from the cache when MkDocs writes it, never copied here.
    cached = {
        spec.uri: key
        for spec, key in zip(specs, keys, strict=True)
        if key and _still_valid(cache, key, options)
    }
    todo = [index for index, spec in enumerate(specs) if spec.uri not in cached]
    # Pages that gather every platform (the Hong Kong page, the sources) are the slowest: with
    # many platforms they are shared out between the workers too.
    parallel = len(todo) >= PARALLEL_FROM or len(dataset.platforms) >= GATHERING_PARALLEL_FROM
    job = _Job(renderer, specs, folder, use_directory_urls, keys, cache)
    _render(job, todo, parallel)
    return RenderedBodies(folder, tuple(sorted(spec.uri for spec in specs)), cache, cached)


def _still_valid(cache: FileCache, key: str, options: SiteOptions) -> bool:
    """Return True when the cache holds the page under `key` and the translations it looked up
    when it was rendered are still the same."""
    # Read through, not only found: a damaged entry means rendering the page again.
    for part in ("body", "documents"):
        if cache.get(cache.derived_key(key, part), _readable) is None:
            return False
    if not _translates(options):
        return True  # the English edition looks nothing up
    looked_up = cache.get(cache.derived_key(key, "looked-up"), _looked_up)
    return looked_up is not None and _translations_of(looked_up[0], options) == looked_up[1]


def _readable(value: object) -> bool:
    as_text(value)
    return True


def _looked_up(value: object) -> tuple[list[tuple[str, str]], str]:
    """The texts a page looked up, each (data file, English), and the digest of their
    translations, from the cache."""
    looked_up, digest = as_list(value, 2)
    pairs = []
    for pair in as_list(looked_up):
        path, text = as_texts(as_list(pair, 2))  # a ShapeError (a damaged entry) otherwise
        pairs.append((path, text))
    return pairs, as_text(digest)


def _translates(options: SiteOptions) -> bool:
    """Return True for an edition that shows data texts in their translations."""
    return options.translations.language != ENGLISH_ONLY.language


def _translations_of(texts: list[tuple[str, str]], options: SiteOptions) -> str:
    """A digest of the translations of `texts`, each (data file, English), in this edition
    (none, in English)."""
    found = options.translated_texts
    digest = hashlib.sha256()
    for path, text in texts:
        done = found.get(path, {}).get(text)
        # Lengths first, so that no two different lists can give the same bytes.
        words = f"{path}\0{text}\0{done.text}\0{int(done.current)}" if done else f"{path}\0{text}\0"
        digest.update(f"{len(words)}:{words}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@dataclass(frozen=True)
class _Job:
    """What rendering needs, handed to each worker."""

    renderer: PageRenderer
    specs: list[PageSpec]
    folder: Path
    use_directory_urls: bool
    keys: list[str]
    """Each page's cache key, or empty for a page that is not kept."""
    cache: FileCache


def _render(job: _Job, todo: list[int], parallel: bool) -> None:
    """Render the pages at `todo`, in worker processes when `parallel` and the machine allows."""
    count = min(os.cpu_count() or 1, workers.MAX_WORKERS)
    if not todo:
        return
    # What every page shares (the timeline, the table's rows) is made before forking, so the
    # workers inherit it instead of each computing it again.
    job.renderer.prepare()
    if not parallel or len(todo) < 2 or count < 2 or not workers.can_fork():
        _render_share(job, todo)
        return
    context = multiprocessing.get_context("fork")
    shares = [todo[k::count] for k in range(count)]
    failures = context.SimpleQueue()
    processes = [
        context.Process(target=run_in_child, args=(failures, _render_share, job, share))
        for share in shares
        if share
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    failed = [p.exitcode for p in processes if p.exitcode != 0]
    if failed:
        # What stopped the first worker, raised here as if this process had met it: the
        # command line says it in one line (a full disk, a name too long), never a traceback.
        if not failures.empty():
            raise failures.get()
        raise UserError(f"rendering the pages failed in a worker (exit code {failed[0]})")


def _render_share(job: _Job, share: list[int]) -> None:
    """Render some pages (in a worker, or in this process) with their search documents, and
    keep each in the cache with the translations it looked up (each worker writes its own)."""
    renderer, options = job.renderer, job.renderer.options
    for index in share:
        spec = job.specs[index]
        body = renderer.body(spec)
        (job.folder / _file_name(spec.uri)).write_text(body, encoding="utf-8")
        documents = (
            []
            if spec.uri in search.NOT_INDEXED
            else search.page_documents(
                spec.title, search.url_of(spec.uri, job.use_directory_urls), body
            )
        )
        found = search.documents_json(documents) if documents else ""
        (job.folder / _documents_name(spec.uri)).write_text(found, encoding="utf-8")
        key = job.keys[index]
        if key:
            job.cache.put(job.cache.derived_key(key, "body"), body)
            job.cache.put(job.cache.derived_key(key, "documents"), found)
            if _translates(options):
                looked_up = sorted(renderer.looked_up)
                translated = _translations_of(looked_up, options)
                job.cache.put(job.cache.derived_key(key, "looked-up"), [looked_up, translated])


def _file_name(uri: str) -> str:
    return uri.replace("/", "__") + ".html"


def _documents_name(uri: str) -> str:
    return uri.replace("/", "__") + ".json"


def _company_files(platform: Platform, dataset: Dataset, digests: Mapping[str, str]) -> str:
    """The files of the platform's company (its record and every service naming it), by content:
    the page shows their names and the record's reporting, so a change to any of them, or a new
    service naming the record, renders the page again."""
    company = company_of(platform, dataset)
    if company is None:
        return ""
    return json.dumps(
        [digests.get(data_file(s)) or s.model_dump_json() for s in company.services],
        ensure_ascii=False,
    )


def _cache_keys(
    dataset: Dataset, options: SiteOptions, specs: list[PageSpec], cache: FileCache
) -> list[str]:
    """The cache key of each platform page (empty for pages that depend on every file)."""
    if cache.folder is None:
        return ["" for _ in specs]
    # What every platform page depends on, hashed once rather than for each page.
    everywhere = cache.key(
        "page-everywhere",
        json.dumps(
            [
                options.language,
                options.use_directory_urls,
                options.data_edit_base,
                data_date(dataset.platforms, dataset.jurisdictions).isoformat(),
                [j.model_dump(mode="json") for j in dataset.jurisdictions],
                # The register weighs every source a page lists (its evidence mix and groups).
                dataset.register.model_dump(mode="json") if dataset.register else None,
                options.translations.strings,
                # Not every translated text: each page keeps the texts it looked up, with their
                # data files, and is rendered again when one of them changed (`_still_valid`).
            ],
            sort_keys=True,
            ensure_ascii=False,
        ),
    )
    digests = dataset.derived.get(FILE_DIGESTS, {})
    keys = []
    for spec in specs:
        if spec.platform is None:
            keys.append("")
            continue
        path = data_file(spec.platform)
        translation = options.data_translations.get(path)
        # The file's content key from loading it, when known: dumping the model costs more.
        digest = digests.get(path) or spec.platform.model_dump_json()
        keys.append(
            cache.key(
                "page",
                everywhere,
                spec.uri,
                spec.title,
                spec.description,
                spec.edit_url or "",
                digest,
                _company_files(spec.platform, dataset, digests),
                json.dumps(translation and plain_translations(translation), ensure_ascii=False),
            )
        )
    return keys
