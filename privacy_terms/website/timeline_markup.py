"""The markup of dated entries in long lists: a jurisdiction's timeline and the changes page.

These lists hold every platform's entries, some thirteen thousand at a thousand platforms, and
were the slowest part of a build as template loops (most of it escaping each piece in Jinja).
Written here as plain functions they make the same markup, escaped the same way, in a fraction
of the time. The templates still decide where the lists go.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol

from markupsafe import Markup, escape

from privacy_terms.data.dataset import Dataset
from privacy_terms.data.model import Jurisdiction
from privacy_terms.data.timeline import Entry
from privacy_terms.utils.links import Linker
from privacy_terms.website import site_views
from privacy_terms.website.i18n import Translations


class Cite(Protocol):
    """A page's citations (`pages.References`): numbers for a file's sources, by their ids."""

    def __call__(self, uri: str, sources: Any, ids: list[str]) -> Markup: ...

    def for_platform(self, platform: Any, ids: list[str]) -> Markup: ...


class ChangeItems(Protocol):
    """`change_items(entries, link, dataset, by_year=True)`, see `change_items`."""

    def __call__(
        self, entries: Iterable[Entry], link: Linker, dataset: Dataset, by_year: bool = True
    ) -> Markup: ...


TimelineItems = Callable[[Iterable[Entry], Linker, Cite, Jurisdiction, str], Markup]


def timeline_items(
    date: Callable[[str], str], translations: Translations, text: Callable[[Entry], Markup]
) -> TimelineItems:
    """Return `timeline_items(entries, link, cite, jurisdiction, here)`: one `<li>` per entry of
    a jurisdiction's timeline, each with its date (written by `date`), who it is about, its
    kind, its text (`text`) and its citations (numbered by the page's `cite`)."""
    t = translations.t
    comma, colon = escape(t(",")), escape(t(":"))
    kinds: dict[str, Markup] = {}

    def kind(entry: Entry) -> Markup:
        if entry.kind not in kinds:
            kinds[entry.kind] = escape(t(site_views.kind_label(entry.kind)).lower())
        return kinds[entry.kind]

    def items(
        entries: Iterable[Entry], link: Linker, cite: Cite, jurisdiction: Jurisdiction, here: str
    ) -> Markup:
        law = escape(t(jurisdiction.name))
        out = []
        for entry in entries:
            ids = site_views.source_ids(entry)
            platform = entry.platform
            if platform is not None:
                href = escape(link.to(site_views.platform_uri(platform)))
                who = f'<a href="{href}">{escape(platform.name)}</a>'
                cited = cite.for_platform(platform, ids)
                subject = escape(platform.id)
            else:
                who, cited, subject = law, cite(here, jurisdiction.sources, ids), Markup("law")
            out.append(
                f'<li id="{escape(entry.key)}" data-subject="{subject}">'
                f'<time datetime="{escape(entry.date)}">{escape(date(entry.date))}</time>'
                f"{comma}\n{who}{comma} <strong>{kind(entry)}</strong>{colon} {text(entry)} {cited}"
                "\n</li>\n"
            )
        return Markup("".join(out))

    return items


def change_items(
    date: Callable[[str], str], translations: Translations, text: Callable[[Entry], Markup]
) -> ChangeItems:
    """Return `change_items(entries, link, dataset, by_year=True)`: the changes page's entries,
    newest first, under a heading per year, each year a fold with the two newest open (or, with
    `by_year` false, as one list: a page has its year headings once), each linking to where it
    is shown with its evidence."""
    t = translations.t
    comma, colon = escape(t(",")), escape(t(":"))

    def items(
        entries: Iterable[Entry], link: Linker, dataset: Dataset, by_year: bool = True
    ) -> Markup:
        out, year, years = [], "", 0
        if not by_year:
            out.append('<ul class="log">\n')
            year = "all"
        for entry in entries:
            if by_year and entry.date[:4] != year:
                if year:
                    out.append("</ul></details>\n")
                year, years = entry.date[:4], years + 1
                # Newest first: the two newest years open, the older ones folded, so a phone
                # reaches the end; a link to "#y2020" opens its fold.
                opened = " open" if years <= 2 else ""
                out.append(
                    f'<details class="fold year"{opened}><summary>'
                    f'<h2 id="y{escape(year)}">{escape(year)}</h2></summary>\n<ul class="log">\n'
                )
            page, anchor = site_views.entry_target(entry, dataset)
            subject = escape(t(site_views.subject(entry, dataset)))
            kind = escape(t(site_views.kind_label(entry.kind)).lower())
            out.append(
                f'<li><time datetime="{escape(entry.date)}">{escape(date(entry.date))}</time>'
                f'{comma} <a href="{escape(link.to(page, anchor))}">{subject}</a>{comma} '
                f"{kind}{colon} {text(entry)}</li>\n"
            )
        if year:
            out.append("</ul></details>\n" if by_year else "</ul>")
        return Markup("".join(out))

    return items
