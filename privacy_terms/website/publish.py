"""The open-data files published with the site (under data/) and in dist/, plus the Atom feed."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from privacy_terms.data.dataset import FILE_DIGESTS, Dataset
from privacy_terms.data.model import Jurisdiction, Platform
from privacy_terms.data.schema import data_schema_files
from privacy_terms.data.timeline import Entry
from privacy_terms.utils.cache import FileCache, as_text
from privacy_terms.utils.links import page_path
from privacy_terms.website import opendata, site_views
from privacy_terms.website.i18n import ENGLISH, ENGLISH_ONLY, HTML_LANG, Translations
from privacy_terms.website.translations import GLOSS_KEY, TextsByFile, data_file

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


def feed(
    dataset: Dataset,
    use_directory_urls: bool,
    translations: Translations = ENGLISH_ONLY,
    texts: TextsByFile | None = None,
) -> str:
    """Return the edition's Atom feed, with links relative to the edition's root where it is
    published: in another edition, its title and entries in that edition's language (the data's
    words from their translations, `texts`; quotes as said)."""
    urls = {
        p.id: page_path(site_views.platform_uri(p), use_directory_urls) for p in dataset.platforms
    }
    urls["changes"] = page_path(site_views.CHANGES, use_directory_urls)
    urls["hong-kong"] = page_path(
        site_views.jurisdiction_uri(dataset.jurisdiction("HK")), use_directory_urls
    )
    if translations.language == ENGLISH:
        return opendata.atom_feed(dataset, urls)
    return opendata.atom_feed(
        dataset,
        urls,
        translations.t(opendata.FEED_TITLE),
        HTML_LANG[translations.language],
        translated_entry_title(dataset, translations, texts or {}),
    )


def translated_entry_title(
    dataset: Dataset, translations: Translations, texts: TextsByFile
) -> Callable[[Entry], str]:
    """Return how another edition's feed titles an entry: its subject, then its words as the
    pages show them (a translated field; an untranslated one in English, marked as the pages
    mark it; a speaker's words as said, with their gloss)."""
    t = translations.t
    untranslated = t("not yet translated")
    changed = t("The English has changed since this was translated")
    names = {j.code: t(j.name) for j in dataset.jurisdictions}

    def field(text: str, path: str) -> str:
        done = texts.get(path, {}).get(text)
        if done is None:
            return f"{text}（{untranslated}）"
        return done.text if done.current else f"{done.text}（{changed}）"

    def gloss(quote: str, path: str) -> str:
        done = texts.get(path, {}).get(GLOSS_KEY + quote)
        return f"（{t('Translation:')}{done.text}）" if done is not None and done.current else ""

    def title(entry: Entry) -> str:
        if entry.platform is not None:
            subject, path = entry.platform.name, data_file(entry.platform)
        else:
            code = entry.jurisdiction or ""
            subject, path = names.get(code, code), f"jurisdictions/{code}.yaml"
        if entry.quote is not None and entry.lead is not None:
            words = f"{field(entry.lead, path)}{t(':')}“{entry.quote}”{gloss(entry.quote, path)}"
        elif entry.body is not None and entry.lead is not None:
            words = f"{t('{title} takes effect:', title=entry.lead)}{field(entry.body, path)}"
        else:
            words = field(entry.summary, path)
        return f"{subject}{t(':')}{words}"

    return title


def site_file_paths() -> list[str]:
    """The paths of the open-data files the site publishes, the same in every edition, known
    before any is made. The feed (`FEED`) is not among them: each edition has its own."""
    names = ["platforms.json", "comparison.csv", "events.csv", "requests.csv", *data_schema_files()]
    return sorted(f"{DATA_DIR}/{name}" for name in names)


def write_feed(
    dataset: Dataset,
    use_directory_urls: bool,
    folder: Path,
    translations: Translations = ENGLISH_ONLY,
    texts: TextsByFile | None = None,
) -> None:
    """Write the edition's feed (`feed`) as `FEED` under `folder`."""
    target = folder / FEED
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        feed(dataset, use_directory_urls, translations, texts), encoding="utf-8", newline=""
    )


def write_site_files(
    dataset: Dataset,
    data_version: str,
    folder: Path,
    cache: FileCache | None = None,
) -> None:
    """Write the open data under `folder`, one at a time: at a thousand platforms
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
