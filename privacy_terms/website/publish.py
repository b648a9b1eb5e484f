"""The open-data files published with the site (under data/) and in dist/, plus the Atom feed."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from privacy_terms.data.dataset import FILE_DIGESTS, Dataset
from privacy_terms.data.model import Jurisdiction, Platform
from privacy_terms.data.schema import data_schema_files
from privacy_terms.utils.cache import FileCache, as_text
from privacy_terms.utils.links import page_path
from privacy_terms.website import opendata, site_views
from privacy_terms.website.translations import data_file

DATA_DIR = "data"
FEED = "feed.xml"
UNKNOWN_VERSION = "unknown"


def data_files(dataset: Dataset, data_version: str) -> dict[str, str]:
    """Return every open-data file, keyed by its path under data/ (e.g. `data/platforms.json`)."""
    files = {
        f"{DATA_DIR}/platforms.json": opendata.platforms_json(dataset, data_version),
        f"{DATA_DIR}/comparison.csv": opendata.comparison_csv(dataset),
        f"{DATA_DIR}/events.csv": opendata.events_csv(dataset),
        f"{DATA_DIR}/requests.csv": opendata.requests_csv(dataset),
    }
    files.update({f"{DATA_DIR}/{name}": text for name, text in data_schema_files().items()})
    return files


def feed(dataset: Dataset, use_directory_urls: bool) -> str:
    """Return the Atom feed, with links relative to the site root where it is published."""
    urls = {
        p.id: page_path(site_views.platform_uri(p), use_directory_urls) for p in dataset.platforms
    }
    urls["changes"] = page_path(site_views.CHANGES, use_directory_urls)
    urls["hong-kong"] = page_path(
        site_views.jurisdiction_uri(dataset.jurisdiction("HK")), use_directory_urls
    )
    return opendata.atom_feed(dataset, urls)


def site_file_paths() -> list[str]:
    """The paths of the non-page files the site publishes (the open data and the feed), known
    before any is made."""
    names = ["platforms.json", "comparison.csv", "events.csv", "requests.csv", *data_schema_files()]
    return sorted([*(f"{DATA_DIR}/{name}" for name in names), FEED])


def write_site_files(
    dataset: Dataset,
    data_version: str,
    use_directory_urls: bool,
    folder: Path,
    cache: FileCache | None = None,
) -> None:
    """Write the open data and the feed under `folder`, one at a time: at a thousand platforms
    they are a hundred megabytes, never needed in memory all at once. With a `cache`, each
    unchanged file's part of platforms.json comes from it."""
    line_of = _cached_lines(dataset, cache) if cache is not None else opendata.platform_json
    makers: dict[str, Callable[[], Iterable[str]]] = {
        f"{DATA_DIR}/platforms.json": lambda: opendata.platforms_json_parts(
            dataset, data_version, line_of
        ),
        f"{DATA_DIR}/comparison.csv": lambda: [opendata.comparison_csv(dataset)],
        f"{DATA_DIR}/events.csv": lambda: [opendata.events_csv(dataset)],
        f"{DATA_DIR}/requests.csv": lambda: [opendata.requests_csv(dataset)],
        FEED: lambda: [feed(dataset, use_directory_urls)],
    }
    for name, text in data_schema_files().items():
        makers[f"{DATA_DIR}/{name}"] = partial(list, [text])
    for path, make in makers.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8", newline="") as file:
            file.writelines(make())


def _cached_lines(dataset: Dataset, cache: FileCache) -> Callable[[Platform | Jurisdiction], str]:
    """`opendata.platform_json`, kept in the cache by the data file's content key."""
    digests: dict[str, str] = dataset.derived.get(FILE_DIGESTS, {})

    def line_of(model: Platform | Jurisdiction) -> str:
        digest = digests.get(data_file(model))
        key = cache.key("platform-json", digest) if digest else ""
        found = cache.get(key, as_text) if key else None
        if found is not None:
            return found
        line = opendata.platform_json(model)
        if key:
            cache.put(key, line)
        return line

    return line_of


def data_version(root: Path) -> str:
    """Return the git commit the data comes from (`+changes` if the data differs), or unknown."""
    try:
        commit = _git(root, "rev-parse", "--short=12", "HEAD")
        dirty = _git(root, "status", "--porcelain", "--", "platforms", "jurisdictions")
    except (OSError, subprocess.CalledProcessError):
        return UNKNOWN_VERSION
    return f"{commit}+changes" if dirty else commit


def _git(root: Path, *args: str) -> str:
    completed = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True, timeout=30
    )
    return completed.stdout.strip()
