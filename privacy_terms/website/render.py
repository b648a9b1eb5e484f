"""The Jinja environment that turns the dataset into HTML, and the filters templates use.

A fresh environment is made for every build, so templates edited during `serve` are re-read and
nothing is shared between builds. Autoescaping is on and undefined names are errors: a template
can neither inject contributor text as HTML nor silently print nothing for a misspelt field.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import tempfile
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping
from pathlib import Path

import markdown
from jinja2 import Environment, PackageLoader, StrictUndefined
from jinja2.bccache import Bucket, BytecodeCache
from markupsafe import Markup, escape

from privacy_terms.data.model import UNKNOWN, Jurisdiction, Platform, Source, is_http_url
from privacy_terms.data.series import Period
from privacy_terms.data.text_rules import markdown_problem
from privacy_terms.data.timeline import Entry
from privacy_terms.data.vocabulary import LITTLE, TONES, VOCABULARIES, Term, Tone, Vocabulary
from privacy_terms.utils.cache import MAX_ENTRY_BYTES, signing_key
from privacy_terms.utils.dates import date_end, date_start, human_date
from privacy_terms.utils.files import FileRefused, read_regular
from privacy_terms.utils.quotation import marks_for, quoted
from privacy_terms.website import timeline_markup
from privacy_terms.website.i18n import ENGLISH_ONLY, HTML_LANG, Translations, fill
from privacy_terms.website.translations import (
    GLOSS_KEY,
    FileTranslations,
    TextsByFile,
    data_file,
    english_at,
    fingerprint,
)

Owner = Platform | Jurisdiction | str | None
"""Whose text a field is, for the `md` filter: a platform or jurisdiction, or its data file's path
(`platforms/telegram.yaml`); None for text of no data file, which is never looked up."""

# Block syntax that would put headings, rules or code blocks inside a table cell.
_BLOCKS_OFF = (
    "indent",
    "code",
    "hashheader",
    "setextheader",
    "hr",
    "olist",
    "ulist",
    "quote",
    "reference",
)


def make_environment(
    translations: Translations = ENGLISH_ONLY,
    data_translations: Mapping[str, FileTranslations] | None = None,
    texts: TextsByFile | None = None,
    compiled: Path | None = None,
    looked_up: set[tuple[str, str]] | None = None,
) -> Environment:
    """Return a new environment over `privacy_terms/website/templates/` with our filters, speaking the
    language of `translations` (`t` looks up reader-facing strings; English by default). In
    another edition, `md` shows a data text in the translation its own data file gives it
    (`text|md(owner)`), and adds every (data file, text) it looks up to `looked_up`, if given:
    what a page rendered with it depends on."""
    env = Environment(
        loader=PackageLoader("privacy_terms.website", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Compiling the templates is a third of a preview's rebuild; Jinja keys each compiled
        # template by its source, so a changed template is compiled again. Compiled templates
        # are code: one is loaded only when signed with the user's key (`_SignedFiles`).
        bytecode_cache=_compiled_templates(compiled),
    )
    env.filters["md"] = _markdown_filter()
    env.filters["date"] = human_date
    env.filters["label"] = label
    env.filters["definition"] = definition
    env.filters["badge"] = badge
    env.filters["t"] = translations.t
    env.filters["t_literal"] = translations.literal
    env.globals["t"] = translations.t
    env.globals["t_marked"] = lambda text, **values: Markup(
        fill(str(escape(translations.t(text))), {k: escape(v) for k, v in values.items()})
    )  # a string whose values are markup of their own (a title in its own `lang`)
    env.globals["language"] = translations.language
    tr = _translated_field(translations, data_translations or {}, env.filters["md"])
    env.globals["tr"] = tr
    env.globals["official_names"] = lambda owner: (
        files.official_names if (files := (data_translations or {}).get(data_file(owner))) else ()
    )
    env.globals["translation_reviewer"] = lambda owner: (
        files.reviewed_by if (files := (data_translations or {}).get(data_file(owner))) else None
    )
    env.globals["tr_stance"] = lambda owner, stance, name: tr(
        owner, f"stances[{owner.stances.index(stance)}].{name}"
    )
    env.filters["gloss"] = lambda text, owner, block=False: Markup("")
    if translations.language != ENGLISH_ONLY.language:
        env.filters["gloss"] = _gloss(translations, texts or {}, looked_up)
        env.filters["md"] = _translated_or_marked(
            env.filters["md"], translations, texts or {}, looked_up
        )
        env.filters["date"] = translations.date
        env.filters["label"] = lambda value, name: translations.t(label(value, name))
        env.filters["definition"] = lambda value, name: translations.t(definition(value, name))
        env.filters["badge"] = lambda value, name, text=None: badge(
            value, name, translations.t(text or label(value, name))
        )
    env.filters["lang_attr"] = _lang_attribute(translations)
    env.filters["own_language"] = _in_own_language(env.filters["lang_attr"])
    env.filters["period_label"] = _period_label(translations)
    env.filters["figure"] = lambda value, missing: (
        translations.t(missing) if value == UNKNOWN else value
    )
    source_body = _source_body(env, translations)
    env.globals["source_body"] = source_body
    env.globals["source_item"] = lambda source, prefix, owner: Markup(
        f'<li id="{escape(prefix)}{escape(source.id)}">{source_body(source, owner)}</li>'
    )
    entry_text = _entry_text(env, translations)
    env.globals["entry_text"] = entry_text
    env.globals["backlinks"] = _backlinks(translations)
    date = env.filters["date"]
    env.globals["timeline_items"] = timeline_markup.timeline_items(date, translations, entry_text)
    env.globals["change_items"] = timeline_markup.change_items(date, translations, entry_text)
    env.globals["vocabulary"] = vocabulary
    env.globals["TONES"] = TONES
    env.globals["LITTLE"] = LITTLE
    env.globals["tone_badge"] = tone_badge
    return env


def _compiled_templates(folder: Path | None) -> BytecodeCache | None:
    key = signing_key() if folder is not None else None
    if folder is None or key is None:
        return None  # compiling every time
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a folder that cannot be written only means compiling every time
    return _SignedFiles(folder, key)


class _SignedFiles(BytecodeCache):
    """Compiled templates in a folder, each behind an HMAC of its bytes made with the user's
    key, which is kept outside the cache folder (`cache.signing_key`). Jinja's own file cache
    unpickles and runs whatever the folder holds; here nothing is read by Jinja, let alone run,
    unless its signature is right, so whoever can write the cache folder cannot run code."""

    def __init__(self, folder: Path, key: bytes) -> None:
        self.folder = folder
        self.signing = key

    def _path(self, bucket: Bucket) -> Path:
        return self.folder / f"__jinja2_{bucket.key}.signed"

    def _signature(self, bucket: Bucket, data: bytes) -> bytes:
        message = bucket.key.encode() + b"\n" + data
        return hmac.new(self.signing, message, hashlib.sha256).hexdigest().encode()

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            found = read_regular(self._path(bucket), MAX_ENTRY_BYTES)
        except FileRefused:
            return
        signature, _, data = found.partition(b"\n")
        if hmac.compare_digest(signature, self._signature(bucket, data)):
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        data = bucket.bytecode_to_string()
        target = self._path(bucket)
        try:
            with tempfile.NamedTemporaryFile(dir=self.folder, delete=False) as file:
                file.write(self._signature(bucket, data) + b"\n" + data)
            os.replace(file.name, target)
        except OSError:
            return  # only means compiling again next time


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_QUOTED_ENGLISH = re.compile(
    r'(?P<open>")(?P<words>[^"<>\u3400-\u9fff\uf900-\ufaff]*?[A-Za-z][^"<>\u3400-\u9fff\uf900-\ufaff]*?)(?P<close>")'
    r"|(?P<open2>“)(?P<words2>[^“”<>\u3400-\u9fff\uf900-\ufaff]*?[A-Za-z][^“”<>\u3400-\u9fff\uf900-\ufaff]*?)(?P<close2>”)"
)
"""English words in quotation marks inside a translation's HTML (never across a tag); within
straight quotes, curly ones may be nested (“MLAT”)."""


_TAG_OR_TEXT = re.compile(r"(<[^<>]*>)")


def marked_quotes(html: Markup) -> Markup:
    """Return a translation's HTML with each quotation of English words in `<span lang="en">`:
    quotes stay as said, and a screen reader should read them as English."""

    def mark(m: re.Match[str]) -> str:
        words = m["words"] or m["words2"]
        return f'{m["open"] or m["open2"]}<span lang="en">{words}</span>{m["close"] or m["close2"]}'

    # Only the text between tags: a quotation mark inside a tag belongs to an attribute.
    parts = _TAG_OR_TEXT.split(str(html))
    return Markup("".join(p if p.startswith("<") else _QUOTED_ENGLISH.sub(mark, p) for p in parts))


def _source_body(env: Environment, translations: Translations) -> Callable[[Source, Owner], Markup]:
    """Return `source_body(source, owner)`: publisher, title (linked to the publisher's own page), kind
    and date; then the permanent copy and any other copy, as secondary links; the quote and the
    note. The reading date is said once per list, not here."""
    f = env.filters
    t = translations.t
    described = escape(t("(our description, not the published title)"))
    permanent, another = escape(t("Permanent copy")), escape(t("Another copy"))
    unknown_date = escape(t("date unknown"))
    # Chinese sets full-width marks with no space after them (see `typography`).
    stop, comma = escape(t(".")), escape(t(","))
    space = "" if translations.language != ENGLISH_ONLY.language else " "
    marks = marks_for(translations.language)

    def body(source: Source, owner: Owner) -> Markup:
        title = escape(source.title)
        if source.title_is_description:
            linked = f'{title}</a> <span class="described">{described}</span>'
        else:
            linked = f"{escape(quoted(source.title, marks))}</a>"
        date = unknown_date if source.published == UNKNOWN else escape(f["date"](source.published))
        html = (
            f"{f['own_language'](source.publisher)}{escape(t(':'))}{space}"
            f'<a href="{escape(source.url)}"{f["lang_attr"](source.title)}>{linked}{stop}{space}'
            f'<span class="kind">{escape(f["label"](source.kind, "source_kind"))}</span>{comma}{space}'
            f"{date}{stop}"
        )
        if source.archived:
            html += f'{space}<a href="{escape(source.archived)}">{permanent}</a>{stop}'
        if source.read_via:
            html += (
                f'{space}<a href="{escape(source.read_via)}" class="read-via">{another}</a>{stop}'
            )
        if source.quote:
            quote = escape(source.quote)
            html += f"<blockquote><p{f['lang_attr'](source.quote)}>{quote}</p></blockquote>"
        if source.note:
            html += f'<p class="note">{f["md"](source.note, owner)}</p>'
        return Markup(html)

    return body


def _backlinks(translations: Translations) -> Callable[[int, int], Markup]:
    """Return `backlinks(number, uses)`: the links from a reference back to each citation of it."""
    cited = escape(translations.t("Cited"))

    def links(number: int, uses: int) -> Markup:
        # Short ids and no label per link: a page has thousands of these, and "Cited ↑1 ↑2" in
        # the source's own entry says what each link is (WCAG 2.4.4, link purpose in context).
        arrows = " ".join(f'<a href="#c{number}-{k}">↑{k}</a>' for k in range(1, uses + 1))
        return Markup(f'<p class="backlinks">{cited} {arrows}</p>')

    return links


def _entry_text(env: Environment, translations: Translations) -> Callable[[Entry], Markup]:
    """Return `entry_text(entry)`: a dated entry's text; a speaker's words stay as said, a
    policy's title as published."""
    f = env.filters
    marks = marks_for(translations.language)

    def text(entry: Entry) -> Markup:
        owner = entry_file(entry)
        if entry.quote is not None:
            # The outer marks are the page's own, outside any `lang="en"` span of the words.
            said = f["own_language"](quoted(entry.quote, marks)[1:-1])
            opening, closing = marks.outer
            gloss = f["gloss"](entry.quote, owner)
            lead = f"{f['md'](entry.lead, owner)}{escape(translations.t(':'))}"
            return Markup(f"{lead} {opening}{said}{closing}{gloss}")
        if entry.body is not None:
            # The title as published, in its own language; the words around it the edition's.
            words = escape(translations.t("{title} takes effect:"))
            title = fill(str(words), {"title": f["own_language"](entry.lead or "")})
            return Markup(f"{title} {f['md'](entry.body, owner)}")
        return Markup(f["md"](entry.summary, owner))

    return text


def entry_file(entry: Entry) -> str | None:
    """Return the data file a dated entry comes from: its platform's, or its jurisdiction's."""
    if entry.platform is not None:
        return data_file(entry.platform)
    return f"jurisdictions/{entry.jurisdiction}.yaml" if entry.jurisdiction else None


def _file_of(owner: Owner) -> str | None:
    if owner is None or isinstance(owner, str):
        return owner
    return data_file(owner)


def _lang_attribute(translations: Translations) -> Callable[[str | None], Markup]:
    """Return the `lang_attr` filter: ` lang="en"` on text kept in English (titles, names,
    quotes) in another edition, so screen readers pronounce it as English; nothing otherwise."""

    def attribute(text: str | None) -> Markup:
        if translations.language == ENGLISH_ONLY.language or not text or _CJK.search(text):
            return Markup("")
        return Markup(' lang="en"')

    return attribute


def _in_own_language(lang_attr: Callable[[str | None], Markup]) -> Callable[[str], Markup]:
    """Return the `own_language` filter: a name or title, escaped, in a `<span lang="en">` when
    it is English text on a page in another language."""

    def wrap(text: str) -> Markup:
        attribute = lang_attr(text)
        return Markup(f"<span{attribute}>{escape(text)}</span>") if attribute else escape(text)

    return wrap


def _period_label(translations: Translations) -> Callable[[Period], str]:
    """Return the `period_label` filter: a reporting period as the edition writes it. English
    keeps the data's own label (`H1 2020`); Chinese writes it from the period's dates."""

    def label(period: Period) -> str:
        if translations.language == ENGLISH_ONLY.language:
            return period.label
        first, last = date_start(period.start), date_end(period.end)
        if first.year == last.year and (first.month, last.month) == (1, 12):
            return f"{first.year}年"
        if first.year == last.year and (first.month, last.month) in ((1, 6), (7, 12)):
            return f"{first.year}年{'上' if first.month == 1 else '下'}半年"
        return translations.t(
            "{since} to {until}",
            since=f"{first.year}年{first.month}月",
            until=f"{last.year}年{last.month}月",
        )

    return label


def _translated_or_marked(
    md: Callable[[str | None, Owner], Markup],
    translations: Translations,
    texts: TextsByFile,
    looked_up: set[tuple[str, str]] | None = None,
) -> Callable[[str | None, Owner], Markup]:
    """In another edition, show data text in the translation its own data file (`owner`) gives
    it, marked when the English changed after it; text with no translation there is English: say
    so, in its own `lang` (for screen readers) and with a visible marker, as `tr` does. Another
    file's translation of the same words is never used: a file translates only its own fields."""
    marker = escape(translations.t("not yet translated"))
    changed = escape(translations.t("The English has changed since this was translated"))

    def render(text: str | None, owner: Owner = None) -> Markup:
        if text == UNKNOWN:
            return md(translations.t(text), None)
        path = _file_of(owner)
        done = None
        if path is not None and text:
            if looked_up is not None:
                looked_up.add((path, text))
            done = texts.get(path, {}).get(text)
        if done is not None:
            html = md(done.text, None)
            if not _CJK.search(done.text):  # a field that is all quotation stays in English
                html = Markup('<span lang="en">') + html + Markup("</span>")
            else:
                html = marked_quotes(html)
            if done.current:
                return html
            return html + Markup(f' <span class="stale-translation">（{changed}）</span>')
        html = md(text, None)
        if not text or _CJK.search(text):
            return html
        return (
            Markup('<span lang="en">')
            + html
            + Markup(f'</span> <span class="untranslated">（{marker}）</span>')
        )

    return render


def _gloss(
    translations: Translations,
    texts: TextsByFile,
    looked_up: set[tuple[str, str]] | None = None,
) -> Callable[..., Markup]:
    """Return the `gloss` filter of another edition: `text|gloss(owner)` after an English quote
    that decides an answer gives its gloss from its data file's translations, marked as a
    translation and in the edition's language (`block`: as a paragraph, after a blockquote);
    nothing when there is none (`check` warns)."""
    label = escape(translations.t("Translation:"))
    changed = escape(translations.t("The English has changed since this was translated"))
    lang = HTML_LANG.get(translations.language, translations.language)

    def gloss(text: str | None, owner: Owner, block: bool = False) -> Markup:
        path = _file_of(owner)
        if not text or path is None:
            return Markup("")
        key = GLOSS_KEY + text
        if looked_up is not None:
            looked_up.add((path, key))
        done = texts.get(path, {}).get(key)
        if done is None:
            return Markup("")
        stale = "" if done.current else f'<span class="stale-translation">（{changed}）</span>'
        words = f"（{label}{escape(done.text)}）{stale}"
        if block:
            return Markup(f'<p class="gloss" lang="{lang}">{words}</p>')
        return Markup(f' <span class="gloss" lang="{lang}">{words}</span>')

    return gloss


def _translated_field(
    translations: Translations,
    data: Mapping[str, FileTranslations],
    md: Callable[[str | None, Owner], Markup],
) -> Callable[..., Markup]:
    """Return `tr(owner, path)`: a data field as Markdown in the edition's language.

    English shows the field itself. Other languages show its translation; without one, the English
    in its own `lang` with a "not yet translated" marker; a translation made from an English text
    that has changed since is shown with a marker saying so.
    """

    def tr(owner: Platform | Jurisdiction, path: str, plain: bool = False) -> Markup:
        """`plain`: a field shown as text, not Markdown (e.g. a heading)."""
        english = english_at(owner, path) or ""
        show = escape if plain else (lambda text: md(text, None))
        if translations.language == ENGLISH_ONLY.language:
            return show(english)
        files = data.get(data_file(owner))
        done = files.fields.get(path) if files else None
        if done is None:
            marker = escape(translations.t("not yet translated"))
            return (
                Markup('<span lang="en">')
                + show(english)
                + Markup(f'</span> <span class="untranslated">（{marker}）</span>')
            )
        shown = marked_quotes(show(done.text))
        if done.english != fingerprint(english):
            marker = escape(translations.t("The English has changed since this was translated"))
            return shown + Markup(f' <span class="stale-translation">（{marker}）</span>')
        return shown

    return tr


def vocabulary(name: str) -> Vocabulary:
    """Return the vocabulary called `name` (e.g. `stance`)."""
    for vocab in VOCABULARIES:
        if vocab.name == name:
            return vocab
    raise KeyError(f"no vocabulary {name!r}")


def term(value: str, name: str) -> Term:
    """Return the term for `value` in vocabulary `name`."""
    return vocabulary(name).term(str(value))


def label(value: str, name: str) -> str:
    """Return the short label of `value` in vocabulary `name`."""
    return term(value, name).label


def definition(value: str, name: str) -> str:
    """Return the definition of `value` in vocabulary `name`."""
    return term(value, name).definition


def badge(value: str, name: str, text: str | None = None) -> Markup:
    """Return a value's label with its tone's shape and colour (the label says it in words)."""
    return tone_badge(vocabulary(name).tone(str(value)), text or label(value, name))


def tone_badge(tone: Tone, text: str) -> Markup:
    """Return a text with a given tone's shape and colour."""
    return Markup(
        f'<span class="badge tone-{tone.id}"><span class="shape" aria-hidden="true">'
        f"{tone.symbol}</span> {escape(text)}</span>"
    )


class _SanitiseLinks(markdown.treeprocessors.Treeprocessor):
    """Keep only http(s) links; turn images and other links into their plain text."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag == "a" and _is_safe(element.get("href", "")):
                element.attrib = {"href": element.get("href", "")}
            elif element.tag in ("a", "img"):
                text = element.get("alt", "") if element.tag == "img" else None
                element.tag = "span"
                element.attrib = {}
                if text is not None:
                    element.text = text


def _is_safe(href: str) -> bool:
    return is_http_url(href.strip())


_MARKUP_CHARS = re.compile(r"[\\`*_\[\]<>&!#|~=^+]|^\s|\n\s*\n|^\d+[.)]\s|^[-+>]|\s$|  \n")


def is_plain(text: str) -> bool:
    """Return True when Markdown would give back `text` unchanged (no syntax, nothing to escape)."""
    return _MARKUP_CHARS.search(text) is None


def _make_markdown() -> markdown.Markdown:
    """Return a Markdown converter for contributor text: inline syntax, no raw HTML."""
    md = markdown.Markdown()
    # Removing the raw-HTML processors makes Markdown escape `<` and `>` like any other text.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    for name in _BLOCKS_OFF:
        md.parser.blockprocessors.deregister(name)
    md.treeprocessors.register(_SanitiseLinks(md), "sanitise_links", 5)
    return md


def inline(html: str) -> str:
    """Return Markdown's paragraphs as phrasing content, which fits wherever a field is shown.

    Templates put fields inside `<p>`, `<td>`, `<li>` or `<span>`; a `<p>` there is invalid HTML
    (and a browser closes the outer paragraph early). With every other block syntax switched off,
    Markdown makes only paragraphs: their wrappers go, and a blank line between two becomes a
    visible gap made of line breaks.
    """
    if not (html.startswith("<p>") and html.endswith("</p>")):
        return html
    return html[3:-4].replace("</p>\n<p>", "<br><br>")


def _markdown_filter() -> Callable[[str | None, Owner], Markup]:
    md = _make_markdown()

    def render_markdown(text: str | None, owner: Owner = None) -> Markup:
        """Render contributor text as inline HTML: no paragraph wrappers (see `inline`). English
        shows every field as written, whichever file it comes from (`owner`)."""
        if not text:
            return Markup("")
        if markdown_problem(str(text)):
            # `check` refuses such a field; should one get here anyway, it is shown as plain
            # text, because Markdown's time on it could grow with the square of its length.
            return escape(str(text))
        if is_plain(str(text)):
            # Most fields hold no Markdown at all, and Markdown costs ~0.3 ms a call: with
            # thousands of fields per build that decides whether the build scales.
            return Markup(text)
        return Markup(inline(md.reset().convert(str(text))))

    return render_markdown
