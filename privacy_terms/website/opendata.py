"""Open data for journalists and researchers: platforms.json, comparison.csv, events.csv,
requests.csv, feed.xml.

Every function returns text; the caller decides where it goes (the site's data/ folder, dist/).
Nothing here reads the clock: the same data gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from xml.sax.saxutils import escape, quoteattr

from privacy_terms.data.dataset import Dataset
from privacy_terms.data.model import SCHEMA_VERSION, Jurisdiction, Platform
from privacy_terms.data.series import GapReason, request_series
from privacy_terms.data.timeline import Entry, collect_entries, news
from privacy_terms.website.comparison import COLUMNS, comparison_rows

FEED_TITLE = "privacy-terms: what changed"
FEED_ID = "tag:privacy-terms,2020:feed"


def platforms_json(dataset: Dataset, data_version: str) -> str:
    """Return all data as one JSON document with its schema version and data version."""
    return "".join(platforms_json_parts(dataset, data_version))


def platform_json(model: Platform | Jurisdiction) -> str:
    """Return one platform's (or jurisdiction's) line of `platforms_json`.

    One per line: compact enough for json's fast C encoder (indenting switches to a pure Python
    one, which costs seconds at a thousand platforms), and still readable in a diff.
    """
    return _dump(model.model_dump(mode="json"))


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def platforms_json_parts(
    dataset: Dataset,
    data_version: str,
    line_of: Callable[[Platform | Jurisdiction], str] = platform_json,
) -> Iterator[str]:
    """Yield `platforms_json` in parts, a platform at a time (so it can be written without
    ever being whole in memory); `line_of` makes each platform's line (`platform_json`, or
    the same from a cache)."""
    dump = _dump

    def items(models: Iterable[Platform | Jurisdiction]) -> Iterator[str]:
        for index, model in enumerate(models):
            yield (",\n" if index else "") + line_of(model)

    yield f'{{"schema_version":{SCHEMA_VERSION},"data_version":{dump(data_version)},\n'
    yield '"platforms":[\n'
    yield from items(dataset.platforms)
    yield '\n],\n"jurisdictions":[\n'
    yield from items(dataset.jurisdictions)
    yield "\n]}\n"


def comparison_csv(dataset: Dataset) -> str:
    """Return the comparison as CSV: one row per platform, each value as id, label and detail."""
    header = ["platform_id", "platform"]
    for column, _ in COLUMNS:
        header += [column, f"{column}_label", f"{column}_detail"]
    rows = [header]
    for row in comparison_rows(dataset):
        values = [row.platform.id, row.platform.name]
        for column, _ in COLUMNS:
            cell = row.cell(column)
            values += [cell.value, cell.label, cell.detail]
        rows.append(values)
    return _csv(rows)


def events_csv(dataset: Dataset) -> str:
    """Return every dated entry (events, statements, policy versions, reviews), newest first."""
    rows = [["date", "platform_id", "platform", "jurisdiction", "kind", "summary", "source_urls"]]
    for entry in collect_entries(dataset):
        platform_id = entry.platform.id if entry.platform else ""
        platform = entry.platform.name if entry.platform else ""
        urls = " ".join(s.url for s in entry.sources)
        rows.append(
            [
                entry.date,
                platform_id,
                platform,
                entry.jurisdiction or "",
                entry.kind,
                entry.summary,
                urls,
            ]
        )
    return _csv(rows)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, "CSV injection")."""


def csv_cell(value: str) -> str:
    """Return a cell a spreadsheet shows as text: one that would start a formula gets a `'`."""
    return f"'{value}" if starts_formula(value) else value


def starts_formula(value: str) -> bool:
    """Return True when a spreadsheet could read `value` as a formula.

    Decided after leading spaces and line breaks, which some spreadsheets trim before they look,
    and on the compatibility form (NFKC) of what follows them: the full-width equals, plus, minus
    and at signs (U+FF1D, U+FF0B, U+FF0D, U+FF20), and their small forms, are read as `=`, `+`,
    `-` and `@` by spreadsheets set up for CJK input.
    """
    if value.startswith(FORMULA_START):
        return True
    start = unicodedata.normalize("NFKC", value.lstrip()[:4]).lstrip()
    return start.startswith(FORMULA_START)


def requests_csv(dataset: Dataset) -> str:
    """Return every platform's request figures per period, with the gaps between published
    periods as rows (never as zeros), as on the pages: `published=no` where the data records
    that the company published nothing for the gap, `unknown` where the record has not looked."""
    rows = [
        ["platform_id", "platform", "jurisdiction", "period", "start", "end", "published",
         "requests", "accounts", "some_data_produced_percent", "scope", "source_urls"]
    ]  # fmt: skip
    for platform in dataset.platforms:
        sources = {s.id: s.url for s in platform.sources}
        for stance in platform.stances:
            for period in request_series(stance.requests, platform.transparency):
                head = [
                    platform.id,
                    platform.name,
                    stance.jurisdiction,
                    period.label,
                    period.start,
                    period.end,
                ]
                figures = period.figures
                if figures is None:
                    published = "no" if period.gap == GapReason.NOT_PUBLISHED else "unknown"
                    rows.append([*head, published, "", "", "", "", ""])
                    continue
                urls = " ".join(sources[i] for i in figures.sources if i in sources)
                counts = [
                    str(figures.requests),
                    str(figures.accounts),
                    str(figures.some_data_produced_percent),
                ]
                rows.append([*head, "yes", *counts, figures.scope or "", urls])
    return _csv(rows)


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def english_entry_title(entry: Entry) -> str:
    """An entry as the English feed titles it: who it is about, then what happened."""
    return f"{entry.subject}: {entry.summary}"


def atom_feed(
    dataset: Dataset,
    page_url: dict[str, str],
    title: str = FEED_TITLE,
    lang: str = "en",
    entry_title: Callable[[Entry], str] = english_entry_title,
) -> str:
    """Return an Atom feed (RFC 4287) with one entry per dated fact, newest first; review notes
    (corrections to our own record) stay on the "What changed" page.

    `page_url` maps a platform id (and "hong-kong", "changes") to its URL relative to the feed.
    Another edition gives its own feed `title`, language (`lang`, BCP 47, as `xml:lang`) and
    words for each entry (`entry_title`).
    """
    entries = news(collect_entries(dataset))
    updated = _timestamp(entries[0].date) if entries else "1970-01-01T00:00:00Z"
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(lang)}>',
        f"  <title>{escape(title)}</title>",
        f"  <id>{FEED_ID}</id>",
        f"  <updated>{updated}</updated>",
        "  <author><name>privacy-terms contributors</name></author>",
        f'  <link rel="alternate" type="text/html" href={quoteattr(page_url["changes"])}/>',
        *(_feed_entry(entry, page_url, entry_title(entry)) for entry in entries),
        "</feed>",
    ]
    return "\n".join(parts) + "\n"


def _feed_entry(entry: Entry, page_url: dict[str, str], title: str) -> str:
    target = page_url[entry.platform.id] if entry.platform else page_url["hong-kong"]
    sources = "".join(f'\n    <link rel="related" href={quoteattr(s.url)}/>' for s in entry.sources)
    return (
        "  <entry>\n"
        f"    <title>{escape(_shorten(title))}</title>\n"
        f"    <id>tag:privacy-terms,{entry.date[:4]}:{entry.key}</id>\n"
        f"    <updated>{_timestamp(entry.date)}</updated>\n"
        f'    <link rel="alternate" type="text/html" href={quoteattr(target)}/>{sources}\n'
        f"    <category term={quoteattr(entry.kind)}/>\n"
        f"    <summary>{escape(title)}</summary>\n"
        "  </entry>"
    )


def _timestamp(date: str) -> str:
    full = date if len(date) == 10 else f"{date}-01"
    return f"{full}T00:00:00Z"


def _shorten(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
