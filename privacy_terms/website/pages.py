"""Render the generated pages and the marker blocks that hand-written pages ask for.

`render_pages` returns Markdown files (front matter plus one raw HTML block) keyed by the path
they pretend to have under `content/`; the MkDocs hook adds them to the build, and nothing is
written to disk. Hand-written pages embed generated blocks with markers such as
`<!-- privacy-terms:comparison -->`.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from privacy_terms.data.checks import STALE_AFTER_DAYS
from privacy_terms.data.dataset import Dataset
from privacy_terms.data.model import Jurisdiction, Platform, Source
from privacy_terms.data.series import Period, chart_layout
from privacy_terms.data.vocabulary import VOCABULARIES
from privacy_terms.utils.links import Linker
from privacy_terms.website import site_views
from privacy_terms.website.chart import chart_svg
from privacy_terms.website.i18n import ENGLISH, ENGLISH_ONLY, Translations
from privacy_terms.website.render import make_environment
from privacy_terms.website.search import SEARCH_INDEX
from privacy_terms.website.translations import FileTranslations, TextsByFile, data_file
from privacy_terms.website.typography import typeset_chinese

# What a double-quoted string may not hold raw: YAML reads C1 controls (U+0085 included) and the
# line separators as line breaks or refuses them, and the noncharacters U+FFFE and U+FFFF.
_ESCAPED_IN_FRONT_MATTER = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n\n?", re.S)
MARKER = re.compile(r"<!--\s*privacy-terms:([^\s>]*)\s*-->")
MARKERS = {
    "answers": "answers.html",
    "comparison": "comparison.html",
    "legend": "legend.html",
    "vocabulary": "vocabulary.html",
    "review-policy": "review_policy.html",
}
"""Marker name -> the template that replaces it."""


SEARCH_SCRIPTS = (SEARCH_INDEX, "vendor/minisearch.min.js", "search.js")
"""The search page's scripts, in order: its documents, the library, our code."""


@dataclass(frozen=True)
class SiteOptions:
    """The few settings from `mkdocs.yml` that the pages need."""

    use_directory_urls: bool = False
    data_edit_base: str | None = None
    """URL that a data file's path in the repository is appended to, to edit it; None hides the link."""
    language: str = "en"
    """The edition being built: `en` or `zh-hant` (see `i18n`)."""
    translations: Translations = ENGLISH_ONLY
    """The edition's interface and vocabulary strings."""
    data_translations: Mapping[str, FileTranslations] = field(default_factory=dict)
    """The translations of each data file (by its path, e.g. `platforms/telegram.yaml`)."""
    translated_texts: TextsByFile = field(default_factory=dict)
    """Per data file, each translated English text and its translation
    (`translations.translated_texts`)."""


class MarkerError(ValueError):
    """A hand-written page uses a marker we do not know."""


@dataclass(frozen=True)
class PageSpec:
    """One generated page, before it is rendered: where it goes and what makes it."""

    uri: str
    template: str
    title: str
    description: str
    scripts: tuple[str, ...] = ()
    platform: Platform | None = None
    jurisdiction: Jurisdiction | None = None
    edit_url: str | None = None


def page_specs(dataset: Dataset, options: SiteOptions) -> list[PageSpec]:
    """Return every generated page's spec: one per platform and jurisdiction, then the lists."""
    t = options.translations.t
    sources = data_files(dataset)
    specs = [
        PageSpec(
            site_views.platform_uri(platform),
            "platform.html",
            t(platform.name),
            t(
                "What {name} hands over to the authorities, and on what legal process; every claim with its source.",
                name=platform.name,
            ),
            platform=platform,
            edit_url=_edit_url(options, sources[site_views.platform_uri(platform)]),
        )
        for platform in dataset.platforms
    ]
    specs += [
        PageSpec(
            site_views.jurisdiction_uri(jurisdiction),
            "jurisdiction.html",
            t(jurisdiction.name),
            t(
                "Which platforms hand data to the {name} authorities: stances, a dated timeline and request figures.",
                name=t(jurisdiction.name),
            ),
            scripts=("timeline.js",),
            jurisdiction=jurisdiction,
            edit_url=_edit_url(options, sources[site_views.jurisdiction_uri(jurisdiction)]),
        )
        for jurisdiction in dataset.jurisdictions
    ]
    simple = (
        (site_views.PLATFORMS_INDEX, "platforms_index.html", "Platforms",
         "Every platform covered, with a summary of what it hands over.", ()),
        (site_views.DISCLOSURE, "disclosure.html", "Disclosure matrix",
         "Each kind of user data, by platform: what legal process unlocks it, or why it never can.", ()),
        (site_views.SOURCES, "sources.html", "Sources",
         "Every source cited on the site, grouped by platform, with its type and dates.", ()),
        (site_views.CHANGES, "changes.html", "What changed", "Every dated change in the data, newest first.", ()),
        (site_views.SEARCH, "search.html", "Search", "Search every page of the site.", SEARCH_SCRIPTS),
    )  # fmt: skip
    specs += [
        PageSpec(uri, template, t(title), t(description), scripts)
        for uri, template, title, description, scripts in simple
    ]
    return specs


class PageRenderer:
    """Renders generated pages one at a time, sharing one template environment and the values
    every page needs, so that a build never has to hold every page at once."""

    def __init__(
        self, dataset: Dataset, options: SiteOptions, compiled: Path | None = None
    ) -> None:
        """`compiled`: a folder that keeps the compiled templates between builds (signed, see
        `render.make_environment`)."""
        self.dataset = dataset
        self.options = options
        self.looked_up: set[tuple[str, str]] = set()
        """The data texts, each with its data file, that the last page rendered looked up
        among the translations."""
        self.env = make_environment(
            options.translations,
            options.data_translations,
            options.translated_texts,
            compiled,
            self.looked_up,
        )
        self.shared = _shared_context(dataset)

    def prepare(self) -> None:
        """Compute now what several pages share and the dataset keeps (the timeline, the
        table's rows), so that pages rendered in forked workers find it already made."""
        site_views.collect_entries(self.dataset)
        site_views.comparison_rows(self.dataset)

    def front_matter(self, spec: PageSpec) -> str:
        """The page's front matter: title, description and scripts, for MkDocs."""
        front = f"---\ntitle: {quoted(spec.title)}\ndescription: {quoted(spec.description)}\n"
        if spec.scripts:
            front += f"scripts: [{', '.join(quoted(script) for script in spec.scripts)}]\n"
        return front + "---\n\n"

    def body(self, spec: PageSpec) -> str:
        """The page's HTML body."""
        extra: dict[str, Any] = {"edit_url": spec.edit_url}
        if spec.platform is not None:
            extra["platform"] = spec.platform
        if spec.jurisdiction is not None:
            extra["jurisdiction"] = spec.jurisdiction
        context = _context(self.dataset, self.options, spec.uri, self.shared, **extra)
        self.looked_up.clear()
        return _typeset(
            _compact(self.env.get_template(spec.template).render(context)), self.options
        )


def render_pages(dataset: Dataset, options: SiteOptions) -> dict[str, str]:
    """Return every generated page as Markdown, keyed by its source path (e.g. `sources.md`)."""
    renderer = PageRenderer(dataset, options)
    return {
        spec.uri: renderer.front_matter(spec) + renderer.body(spec) + "\n"
        for spec in page_specs(dataset, options)
    }


def data_files(dataset: Dataset) -> dict[str, str]:
    """Return the data file (path in the repository) behind each page generated from one file."""
    files = {site_views.platform_uri(p): f"platforms/{p.id}.yaml" for p in dataset.platforms}
    files.update(
        {
            site_views.jurisdiction_uri(j): f"jurisdictions/{j.code}.yaml"
            for j in dataset.jurisdictions
        }
    )
    return files


def find_markers(markdown: str) -> list[str]:
    """Return the names of the markers in a page, in order."""
    return MARKER.findall(markdown)


def marker_blocks(
    markdown: str,
    dataset: Dataset,
    options: SiteOptions,
    page_uri: str,
    renderer: PageRenderer | None = None,
) -> dict[str, str]:
    """Return the generated HTML for each marker a hand-written page uses, by marker name
    (with `renderer`'s environment, when the build already has one)."""
    names = find_markers(markdown)
    unknown = sorted(set(names) - set(MARKERS))
    if unknown:
        listed = ", ".join(repr(name) for name in unknown)
        known = ", ".join(sorted(MARKERS))
        raise MarkerError(f"{page_uri}: unknown marker {listed}: the known markers are {known}")
    renderer = renderer or PageRenderer(dataset, options)
    env = renderer.env
    context = _context(dataset, options, page_uri, renderer.shared)
    return {
        name: _typeset(_compact(env.get_template(MARKERS[name]).render(context)), options)
        for name in dict.fromkeys(names)
    }


def _typeset(html: str, options: SiteOptions) -> str:
    """Chinese pages take Chinese punctuation and spacing (see `typography`)."""
    return html if options.language == ENGLISH else typeset_chinese(html)


def fill_markers(text: str, blocks: dict[str, str]) -> str:
    """Put each block where its marker stands (in Markdown or in the HTML made from it)."""
    # Blank lines around a block keep Markdown from wrapping it in a paragraph.
    return MARKER.sub(lambda match: "\n\n" + blocks[match.group(1)] + "\n\n", text)


def replace_markers(markdown: str, dataset: Dataset, options: SiteOptions, page_uri: str) -> str:
    """Replace every marker in a hand-written page with its generated HTML block."""
    return fill_markers(markdown, marker_blocks(markdown, dataset, options, page_uri))


def quoted(text: str) -> str:
    """Return `text` as a double-quoted string that YAML and JSON both read back unchanged.

    Written raw, not as `\\u` escapes: `json.dumps` would write a character outside the Basic
    Multilingual Plane (an emoji, an HKSCS name such as 𠮶) as two escaped surrogates, which YAML
    reads as two lone surrogates, and MkDocs then drops the whole front matter (title, scripts).
    """
    raw = json.dumps(_SURROGATE.sub("\ufffd", text), ensure_ascii=False)
    return _ESCAPED_IN_FRONT_MATTER.sub(lambda m: f"\\u{ord(m.group()):04x}", raw)


def split_front_matter(page: str) -> tuple[str, str]:
    """Split a generated page into its front matter (with the --- lines) and its HTML body."""
    match = _FRONT_MATTER.match(page)
    return (match.group(0), page[match.end() :]) if match else ("", page)


def _compact(html_text: str) -> str:
    """Drop blank lines: a blank line can end a raw HTML block early in some Markdown parsers."""
    return "\n".join(line for line in html_text.splitlines() if line.strip())


def _shared_context(dataset: Dataset) -> dict[str, Any]:
    """Values every page needs that depend on the whole dataset: computed once per build, since
    computing them for each page would make the build grow with the square of the platforms."""
    return {
        "used_values": used_values(dataset),
        "latest_review": site_views.latest_review(dataset.platforms, dataset.jurisdictions),
    }


def chart_markup(periods: list[Period], texts: list[str], unknown: str) -> Markup:
    """The request-figures chart as markup: `chart_svg` escapes every text it writes."""
    return Markup(chart_svg(chart_layout(periods), texts, unknown))


def _context(
    dataset: Dataset, options: SiteOptions, uri: str, shared: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    link = Linker(uri, options.use_directory_urls)
    cite_at = References(dataset)
    return {
        "dataset": dataset,
        "link": link,
        "cite_at": cite_at,
        "cite_platform": cite_at.for_platform,
        "references": cite_at,
        "requests_chart": chart_markup,
        "v": site_views,
        "vocabularies": VOCABULARIES,
        "stale_after_days": STALE_AFTER_DAYS,
        "edit_url": None,
        **shared,
        **extra,
    }


@dataclass
class Reference:
    """A source as the page's reference list shows it: its number and how often it is cited."""

    number: int
    source: Source
    owner: str | None
    """The data file the source was first cited from (its note is that file's text)."""
    uses: int = 0


@dataclass(frozen=True)
class References:
    """A page's references, like a good reference work's: each source numbered once, in the
    order the page first cites it; citations link to the list, and the list links back.

    Lives as long as the page being rendered: the template cites top to bottom, then lists the
    references at its end.
    """

    dataset: Dataset
    _by_key: dict[tuple[str, str | None, str], Reference] = field(default_factory=dict)
    _lookup: dict[int, dict[str, Source]] = field(default_factory=dict, repr=False)

    def __call__(
        self, _uri: str, sources: tuple[Source, ...], ids: tuple[str, ...] | list[str]
    ) -> Markup:
        """Return one citation group, like [2, 5], for the ids of a file's sources."""
        by_id = self._lookup.get(id(sources))
        if by_id is None:  # the same few source lists, cited a hundred times on one page
            by_id = self._lookup[id(sources)] = {source.id: source for source in sources}
        owner = _sources_file(self.dataset, sources) if ids else None
        chosen = {
            self._reference(by_id[i], owner).number: self._reference(by_id[i], owner) for i in ids
        }
        if not chosen:
            return Markup("")
        links = []
        for number in sorted(chosen):
            reference = chosen[number]
            reference.uses += 1
            links.append(f'<a href="#r{number}" id="c{number}-{reference.uses}">{number}</a>')
        return Markup(f'<span class="cite">[{", ".join(links)}]</span>')

    def for_platform(self, platform: Platform, ids: tuple[str, ...] | list[str]) -> Markup:
        """Return a citation group for a platform's sources."""
        return self("", platform.sources, ids)

    def _reference(self, source: Source, owner: str | None) -> Reference:
        # One number per document: the same article cited from two data files is one reference.
        key = (source.url, source.archived, source.title)
        reference = self._by_key.get(key)
        if reference is None:
            reference = self._by_key[key] = Reference(len(self._by_key) + 1, source, owner)
        return reference

    def listed(self) -> list[Reference]:
        """Return the references in number order."""
        return sorted(self._by_key.values(), key=lambda r: r.number)

    def sources(self) -> tuple[Source, ...]:
        """Return the cited sources in number order."""
        return tuple(r.source for r in self.listed())

    def uncited(self, sources: tuple[Source, ...]) -> list[Source]:
        """Return the sources of a file that this page did not cite, in file order."""
        cited = {id(r.source) for r in self._by_key.values()}
        return [source for source in sources if id(source) not in cited]


def _sources_file(dataset: Dataset, sources: tuple[Source, ...]) -> str | None:
    """Return the data file whose list of sources `sources` is. The map is kept with the dataset
    and made again in another process (a worker's copy holds other objects)."""
    known = dataset.derived.get("source-files")
    if not (isinstance(known, tuple) and known[0] == os.getpid()):
        owners: tuple[Platform | Jurisdiction, ...] = (*dataset.platforms, *dataset.jurisdictions)
        mapping = {id(owner.sources): (owner.sources, data_file(owner)) for owner in owners}
        known = dataset.derived["source-files"] = (os.getpid(), mapping)
    found: tuple[tuple[Source, ...], str] | None = known[1].get(id(sources))
    return found[1] if found is not None and found[0] is sources else None


def _edit_url(options: SiteOptions, repo_path: str) -> str | None:
    return f"{options.data_edit_base}{repo_path}" if options.data_edit_base else None


def used_values(dataset: Dataset) -> dict[str, set[str]]:
    """Return, per vocabulary, the values the home table shows (for its legend)."""
    used: dict[str, set[str]] = {name: set() for name in site_views.CELL_VOCABULARY.values()}
    for row in site_views.comparison_rows(dataset):
        for cell in row.cells:
            if cell.column in site_views.TABLE_COLUMNS:
                used[site_views.CELL_VOCABULARY[cell.column]].add(cell.value)
    return used
