"""Translations of the data, kept next to the English they translate.

One file per data file and language: `translations/zh-hant/platforms/telegram.yaml` translates
`platforms/telegram.yaml`. It maps a field's path in the data file (`summary`,
`stances[0].answer`, `powers[2].what`) to the translated text and a short fingerprint of the
English it was translated from:

    stances[0].answer:
      text: 翻譯……
      english: 3f2a9c01d4e5

A field without a translation is shown in English with a "not yet translated" marker; a
translation whose English has changed since is shown with a marker saying so; `check` warns on
both (`problems`). Quotes are never translated: they stay in their original language.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from privacy_terms.data.checks import link_problems
from privacy_terms.data.load import MAX_BYTES, Document, load_bytes, load_file
from privacy_terms.data.model import UNKNOWN, Jurisdiction, Operator, Platform
from privacy_terms.data.provenance import address_rule_problems
from privacy_terms.data.timeline import unquoted
from privacy_terms.utils import workers
from privacy_terms.utils.cache import (
    FileCache,
    ShapeError,
    as_integer,
    as_list,
    as_mapping,
    as_optional_text,
    as_text,
    plain_problems,
    problems_of,
)
from privacy_terms.utils.files import TRANSLATION_FILES, FileRefused, read_regular, scan_tree
from privacy_terms.utils.problems import Problem
from privacy_terms.website.i18n import CHINESE, TRANSLATIONS_DIR, interface_problems

_STEP = re.compile(r"([a-z_]+)(?:\[(\d+)\])?")

TRANSLATED_FIELDS = frozenset(
    {
        "summary", "answer", "note", "condition", "detail", "covers", "not_covered", "scope",
        "says", "about", "changed", "what", "from_whom", "authorised_by", "penalty", "speaker",
        "value", "confirms", "at_most",
    }
)  # fmt: skip
"""Prose fields a translation covers. Not translated: names, titles, publishers, dates, ids,
addresses, vocabulary values (translated once, in vocabulary.yaml) and anything quoted word for
word (`quote`, `said`), which stays in its original language."""


GLOSS = ".gloss"
"""The suffix of a gloss's key: `stances[0].statements[0].said.gloss` glosses that quote. A gloss
is a Chinese translation shown beside an English quote that decides an answer (marked as a
translation; the quote stays as said), for readers without English."""

GLOSS_KEY = "\0gloss\0"
"""In `translated_texts`, the prefix before the English of a quote whose gloss an entry holds."""

_ENGLISH_QUOTE = re.compile(r"[\"“][^\"“”]*?[A-Za-z]+(?:[\s,'’-]+[A-Za-z]+){2,}[^\"“”]*?[\"”]")
"""A quotation of at least three English words."""
_ENGLISH_WORDS = re.compile(r"[A-Za-z]+(?:[\s,'’-]+[A-Za-z]+){2,}")
"""At least three English words in a row."""


def deciding_fields(owner: Platform | Jurisdiction) -> Iterator[tuple[str, str]]:
    """The fields whose words decide an answer, with their English: what a company said about
    a jurisdiction's requests and the conditions it attached (`said`, `condition`), and what
    each disclosure rule produces (`detail`)."""
    if not isinstance(owner, Platform):
        return
    for s, stance in enumerate(owner.stances):
        if stance.condition:
            yield f"stances[{s}].condition", stance.condition
        for n, statement in enumerate(stance.statements):
            yield f"stances[{s}].statements[{n}].said", statement.said
            if statement.condition:
                yield f"stances[{s}].statements[{n}].condition", statement.condition
    for v, version in enumerate(owner.disclosure):
        for r, rule in enumerate(version.rules):
            if rule.detail and rule.detail != UNKNOWN:
                yield f"disclosure[{v}].rules[{r}].detail", rule.detail


def deciding_quotes(
    owner: Platform | Jurisdiction, translations: FileTranslations
) -> Iterator[tuple[str, str]]:
    """The deciding fields (`deciding_fields`) that a Chinese page shows as an English quote,
    and so need a gloss: a quote itself (`said`), or a field whose translation keeps English
    words in quotation marks. A field not yet translated is already marked as such."""
    for path, english in deciding_fields(owner):
        if path.endswith(".said"):  # the quote itself, shown as said
            if _ENGLISH_WORDS.search(english) and not _CJK.search(english):
                yield path, english
            continue
        done = translations.fields.get(path)
        if done is not None and _ENGLISH_QUOTE.search(done.text):
            yield path, english


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def fingerprint(english: str) -> str:
    """Return the short fingerprint of an English text that a translation records."""
    return hashlib.sha256(english.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class FieldTranslation:
    """One field's translation, where it stands in its file, and the English it was made from."""

    text: str
    english: str
    line: int
    column: int


@dataclass(frozen=True)
class OfficialName:
    """The official name of a law or body in the translation's language, with what shows it."""

    english: str
    name: str | None
    """None until a source a journalist would accept gives it."""
    source: str | None = None
    publisher: str | None = None
    quote: str | None = None
    note: str | None = None
    read_via: str | None = None
    """Another copy, where the text was read when it was not the source's own address."""


@dataclass(frozen=True)
class AddressAt:
    """An address a translation file gives (an official name's `source` or `read_via`), where."""

    field: str
    """Its path in the file, e.g. `official_names[0].source`."""
    address: str
    line: int
    column: int


OFFICIAL_NAME_ADDRESSES = ("source", "read_via")
"""The fields of an official name that hold an address."""


@dataclass(frozen=True)
class FileTranslations:
    """The translations of one data file into one language."""

    path: str
    """The translation file, relative to the project root."""
    fields: dict[str, FieldTranslation] = field(default_factory=dict)
    reviewed_by: str | None = None
    official_names: tuple[OfficialName, ...] = ()
    addresses: tuple[AddressAt, ...] = ()
    """Every address the file gives, as written, for the checks (the pages link only those that
    obey the rules)."""


def data_file(owner: Platform | Jurisdiction) -> str:
    """Return the data file an item comes from, relative to the project root."""
    if isinstance(owner, Platform):
        return f"platforms/{owner.id}.yaml"
    return f"jurisdictions/{owner.code}.yaml"


def translation_file(data_path: str, language: str = CHINESE) -> str:
    """Return the translation file of a data file (`translations/zh-hant/platforms/x.yaml`)."""
    return f"{TRANSLATIONS_DIR}/{language}/{data_path}"


LANGUAGE_NAMES = {CHINESE: "Traditional Chinese (Hong Kong)"}


def file_header(data_path: str, language: str = CHINESE) -> str:
    """Return the first lines of a new translation file: what it is, and `reviewed_by: null`
    (the Chinese pages say the translation is not reviewed until a reviewer is named)."""
    name = LANGUAGE_NAMES.get(language, language)
    return (
        f"# {name} translations of {data_path}: field path -> the translated text and the\n"
        "# fingerprint of the English it translates (`english`; see CONTRIBUTING.md, "
        '"Translating").\n'
        "# Awaiting review by a native speaker: set reviewed_by once reviewed.\n"
        "# Quotes stay in their original language.\n"
        "reviewed_by: null\n"
    )


def english_at(owner: Platform | Jurisdiction, path: str) -> str | None:
    """Return the English text at a field path such as `stances[0].answer`, or None; for a
    gloss (`...said.gloss`), the English of the quote it glosses."""
    path = path.removesuffix(GLOSS)
    value: Any = owner
    for step in path.split("."):
        match = _STEP.fullmatch(step)
        if match is None:
            return None
        value = getattr(value, match.group(1), None)
        if match.group(2) is not None:
            index = int(match.group(2))
            if not isinstance(value, tuple) or index >= len(value):
                return None
            value = value[index]
    return value if isinstance(value, str) else None


def translated_fields(owner: Platform | Jurisdiction) -> Iterator[tuple[str, str]]:
    """Every prose field of a data file with its English, in file order: (`events[3].summary`,
    the text). Vocabulary values (`value: notifies`) and `unknown` are not prose."""
    yield from _walk(owner, "")


def _walk(item: BaseModel, prefix: str) -> Iterator[tuple[str, str]]:
    for name in type(item).model_fields:
        value = getattr(item, name)
        path = f"{prefix}{name}"
        if isinstance(value, BaseModel):
            yield from _walk(value, f"{path}.")
        elif isinstance(value, tuple):
            for index, element in enumerate(value):
                if isinstance(element, BaseModel):
                    yield from _walk(element, f"{path}[{index}].")
        elif _is_translated(item, name) and _is_prose(item, name, value):
            yield path, value


def _is_translated(item: BaseModel, name: str) -> bool:
    # An operator's `jurisdiction` is a place in words; a stance's is a code (HK).
    return name in TRANSLATED_FIELDS or (isinstance(item, Operator) and name == "jurisdiction")


def _is_prose(item: BaseModel, name: str, value: object) -> bool:
    # A field typed as a fixed set of values (a Literal) is vocabulary, not prose.
    annotation = type(item).model_fields[name].annotation
    return isinstance(value, str) and value != UNKNOWN and annotation in (str, str | None)


def load_translations(
    root: Path, data_path: str, language: str = CHINESE, cache: FileCache | None = None
) -> FileTranslations:
    """Return the translations of one data file (none if its translation file does not exist)."""
    path = translation_file(data_path, language)
    raw = _bytes_of(root / path)
    if raw is None:
        return FileTranslations(path)
    cache = cache or FileCache.for_run("")
    key = cache.key("translations", path, raw)
    found = cache.get(key, translations_of_plain)
    if found is None:
        found = _parse_translations(path, raw)
        cache.put(key, plain_translations(found))
    return found


def plain_translations(found: FileTranslations) -> dict[str, Any]:
    """One file's translations as plain data, for the cache (`translations_of_plain` reads it)."""
    return {
        "path": found.path,
        "fields": {
            name: [done.text, done.english, done.line, done.column]
            for name, done in found.fields.items()
        },
        "reviewed_by": found.reviewed_by,
        "official_names": [
            [n.english, n.name, n.source, n.publisher, n.quote, n.note, n.read_via]
            for n in found.official_names
        ],
        "addresses": [[a.field, a.address, a.line, a.column] for a in found.addresses],
    }


def translations_of_plain(value: Any) -> FileTranslations:
    """The translations `plain_translations` wrote; ShapeError when the value is not that."""
    found = as_mapping(value)
    fields = {}
    for name, done in as_mapping(found["fields"]).items():
        words, english, line, column = as_list(done, 4)
        fields[name] = FieldTranslation(
            as_text(words), as_text(english), as_integer(line), as_integer(column)
        )
    names = []
    for item in as_list(found["official_names"]):
        english, *rest = as_list(item, 7)
        names.append(OfficialName(as_text(english), *(as_optional_text(part) for part in rest)))
    addresses = []
    for item in as_list(found["addresses"]):
        where, address, line, column = as_list(item, 4)
        addresses.append(
            AddressAt(as_text(where), as_text(address), as_integer(line), as_integer(column))
        )
    return FileTranslations(
        as_text(found["path"]),
        fields,
        as_optional_text(found["reviewed_by"]),
        tuple(names),
        tuple(addresses),
    )


def _plain_texts(found: Mapping[str, TranslatedText]) -> dict[str, list[Any]]:
    return {english: [done.text, done.current] for english, done in found.items()}


def _texts_of_plain(value: Any) -> dict[str, TranslatedText]:
    found = {}
    for english, done in as_mapping(value).items():
        words, current = as_list(done, 2)
        if not isinstance(current, bool):
            raise ShapeError("expected true or false")
        found[english] = TranslatedText(as_text(words), current)
    return found


def _bytes_of(path: Path) -> bytes | None:
    """The file's bytes; None when it is missing or refused (a link, a pipe, too large: which
    `load_problems` reports), so nothing outside the repository is ever read."""
    try:
        return read_regular(path, MAX_BYTES, TRANSLATION_FILES)
    except FileRefused:
        return None


def _parse_translations(path: str, raw: bytes) -> FileTranslations:
    return _translations_of(path, load_bytes(raw, path, positions=True)[0])


def _translations_of(path: str, document: Document | None) -> FileTranslations:
    data = document.data if document else None
    if document is None or not isinstance(data, dict):
        return FileTranslations(path)
    fields: dict[str, FieldTranslation] = {}
    for key, value in data.items():
        # An entry with an empty `text` is a placeholder (`python build.py translate`): missing.
        if isinstance(value, dict) and isinstance(value.get("text"), str) and value["text"].strip():
            line, column = document.position((key,), key=True)
            fields[key] = FieldTranslation(
                value["text"], str(value.get("english", "")), line, column
            )
    reviewer = data.get("reviewed_by")
    items = [
        (index, item)
        for index, item in enumerate(data.get("official_names") or ())
        if isinstance(item, dict) and isinstance(item.get("english"), str)
    ]
    names = tuple(
        OfficialName(
            str(item["english"]),
            _text(item.get("name")),
            _address(item.get("source")),
            _text(item.get("publisher")),
            _text(item.get("quote")),
            _text(item.get("note")),
            _address(item.get("read_via")),
        )
        for _, item in items
    )
    addresses = tuple(
        AddressAt(
            f"official_names[{index}].{name}",
            item[name],
            *document.position(("official_names", index, name)),
        )
        for index, item in items
        for name in OFFICIAL_NAME_ADDRESSES
        if isinstance(item.get(name), str)
    )
    return FileTranslations(
        path, fields, reviewer if isinstance(reviewer, str) else None, names, addresses
    )


def _address(value: Any) -> str | None:
    # A page links an address only when it obeys every address's rules; `check` reports the rest.
    text = _text(value)
    return text if text is not None and not address_rule_problems(text) else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def problems(
    root: Path,
    owners: tuple[Platform | Jurisdiction, ...],
    language: str = CHINESE,
    cache: FileCache | None = None,
) -> list[Problem]:
    """Report translation files that do not load (an error: the edition would silently fall
    back to English) and interface strings whose placeholders differ from their English's (an
    error), then warn on prose fields without a translation and on translations older
    than their English. Each file's findings depend only on it and its data file: unchanged,
    they come from `cache`."""
    cache = cache or FileCache.for_run("")
    found: list[Problem] = load_problems(root, language, cache)
    found += interface_problems(root, language)
    keys = [
        cache.key(
            f"translation-problems:{language}",
            data_file(owner),
            _bytes_of(root / data_file(owner)) or b"",
            _bytes_of(root / translation_file(data_file(owner), language)) or b"",
        )
        for owner in owners
    ]
    results: list[list[Problem] | None] = [cache.get(key, problems_of) for key in keys]
    misses = [index for index, known in enumerate(results) if known is None]
    jobs = [(root, owners[index], language, cache, keys[index]) for index in misses]
    for index, known in zip(misses, workers.run_all(_owner_problems_of, jobs), strict=True):
        results[index] = known
    return found + [problem for known in results for problem in known or ()]


def summarised(found: list[Problem]) -> list[Problem]:
    """The translation findings as `check` shows them without `--verbose`: a file's warnings
    as one, at the first of them, with their number and the command that lists them (the
    errors that matter must not drown among dozens of fields still to translate); errors, and
    a file's only warning, in full."""
    by_file: dict[str, list[Problem]] = {}
    for problem in found:
        if problem.severity == "warning":
            by_file.setdefault(problem.path, []).append(problem)
    shown = [problem for problem in found if problem.severity != "warning"]
    for path, warnings in by_file.items():
        shown += warnings if len(warnings) == 1 else [_summary_of(path, sorted(warnings))]
    return shown


def _summary_of(path: str, warnings: list[Problem]) -> Problem:
    first = warnings[0]
    parts = Path(path).parts
    if parts[0] == TRANSLATIONS_DIR:  # older than their English, or of no such field
        data_path = Path(*parts[2:]).as_posix()
        message = (
            f"{len(warnings)} translations here are older than their English or translate no "
            f"field (the first is here): `python build.py translate {data_path}` prints the "
            "new English; `python build.py check --verbose` lists each"
        )
    else:
        message = (
            f"{len(warnings)} fields have no translation yet (the first is here): "
            f"`python build.py translate {path}` prints the entries to add to "
            f"{translation_file(path)}; `python build.py check --verbose` lists each"
        )
    return Problem(path, first.line, first.column, "warning", message)


def _owner_problems_of(
    root: Path, owner: Platform | Jurisdiction, language: str, cache: FileCache, key: str
) -> list[Problem]:
    """One data file's translation findings, kept in the cache under `key` (run in a worker
    when there are many files)."""
    translations = load_translations(root, data_file(owner), language, cache)
    found = _owner_problems(root, owner, translations)
    cache.put(key, plain_problems(found))
    return found


def _owner_problems(
    root: Path, owner: Platform | Jurisdiction, translations: FileTranslations
) -> list[Problem]:
    data_path = data_file(owner)
    language = Path(translations.path).parts[1]
    found: list[Problem] = []
    document: Any = None
    for name, _ in translated_fields(owner):
        if name not in translations.fields:
            if document is None:  # positions only when there is something to point at
                document = load_file(root / data_path, data_path)[0]
            line, column = _position_of(document, name)
            found.append(
                Problem(
                    data_path, line, column, "warning",
                    f"{name}: no {language} translation: add it to {translations.path} "
                    f"(`python build.py translate {data_path}` prints what to add)",
                )
            )  # fmt: skip
    for name, _ in deciding_quotes(owner, translations):
        if name + GLOSS not in translations.fields:
            if document is None:
                document = load_file(root / data_path, data_path)[0]
            line, column = _position_of(document, name)
            found.append(
                Problem(
                    data_path, line, column, "warning",
                    f"{name}: this English quote decides an answer and has no {language} gloss: "
                    f'add "{name}{GLOSS}" to {translations.path} '
                    f"(`python build.py translate {data_path}` prints what to add)",
                )
            )  # fmt: skip
    found += _address_problems(translations)
    for name, done in translations.fields.items():
        english = english_at(owner, name)
        if english is None:
            found.append(
                Problem(
                    translations.path, done.line, done.column, "warning",
                    f"{name}: no such field in {data_path}: remove or rename this translation",
                )
            )  # fmt: skip
        elif done.english != fingerprint(english):
            found.append(
                Problem(
                    translations.path, done.line, done.column, "warning",
                    f"{name}: the English changed after this translation (english: "
                    f"{done.english or 'missing'}, now {fingerprint(english)}): update the "
                    "translation, then its english fingerprint",
                )
            )  # fmt: skip
    return found


def _address_problems(translations: FileTranslations) -> list[Problem]:
    """Addresses and link targets in a translation file obey the rules of every address."""
    found = [
        Problem(translations.path, at.line, at.column, "error", f"{at.field}: {message}")
        for at in translations.addresses
        for message in address_rule_problems(at.address)
    ]
    for name, done in translations.fields.items():
        for message in link_problems(done.text):
            found.append(
                Problem(translations.path, done.line, done.column, "error", f"{name}: {message}")
            )
    return found


def load_problems(
    root: Path, language: str = CHINESE, cache: FileCache | None = None
) -> list[Problem]:
    """Return what stops any of a language's translation files from loading (YAML errors,
    duplicate keys), at its file, line and column."""
    cache = cache or FileCache.for_run("")
    # Read as data files are: ordinary files inside the repository, never through a link, their
    # size known before they are read.
    files, refused = scan_tree(root, f"{TRANSLATIONS_DIR}/{language}", MAX_BYTES, TRANSLATION_FILES)
    results: list[list[Problem] | None] = [refused]
    misses: list[tuple[int, str, bytes]] = []
    for path in sorted(path for path in files if path.name.endswith(".yaml")):
        name = path.relative_to(root).as_posix()
        try:
            raw = read_regular(path, MAX_BYTES, TRANSLATION_FILES)
        except FileRefused as exc:  # replaced since the scan
            results.append([Problem(name, 1, 1, "error", exc.message)])
            continue
        known = cache.get(cache.key("translation-load", name, raw), problems_of)
        results.append(known)
        if known is None:
            misses.append((len(results) - 1, name, raw))
    jobs = [(name, raw, cache) for _, name, raw in misses]
    for (index, _, _), known in zip(misses, workers.run_all(_load_one_file, jobs), strict=True):
        results[index] = known
    return [problem for known in results for problem in known or ()]


def _load_one_file(name: str, raw: bytes, cache: FileCache) -> list[Problem]:
    """Parse one translation file; keep what stops it loading and, when it loads, its
    translations (which the edition and the checks read next) in the cache."""
    document, found = load_bytes(raw, name, positions=True)
    cache.put(cache.key("translation-load", name, raw), plain_problems(found))
    if document is not None:
        translations = _translations_of(name, document)
        cache.put(cache.key("translations", name, raw), plain_translations(translations))
    return found


def _position_of(document: Any, name: str) -> tuple[int, int]:
    if document is None:
        return (1, 1)
    loc: list[str | int] = []
    for step in name.split("."):
        match = _STEP.fullmatch(step)
        if match is None:
            break
        loc.append(match.group(1))
        if match.group(2) is not None:
            loc.append(int(match.group(2)))
    position: tuple[int, int] = document.position(tuple(loc), key=True)
    return position


@dataclass(frozen=True)
class TranslatedText:
    """A translation as a page shows it: its text, and whether its English is still the same."""

    text: str
    current: bool


TextsByFile = Mapping[str, Mapping[str, TranslatedText]]
"""Data file (`platforms/telegram.yaml`) -> each English text of its translated fields -> its
translation. A translation applies only to the fields of its own file: another file with the
same English words never borrows it, and cannot change it."""


def translated_texts(
    owners: tuple[Platform | Jurisdiction, ...], files: Mapping[str, FileTranslations]
) -> dict[str, dict[str, TranslatedText]]:
    """Map each data file to its translated fields' English, as it reads now, and translations.

    Templates render prose through one filter given the text and the data file it comes from;
    this map lets it show the translation of any field of that file, and say so when the
    English changed after it was made.
    """
    found: dict[str, dict[str, TranslatedText]] = {}
    for owner in owners:
        translations = files.get(data_file(owner))
        if translations is not None:
            found[data_file(owner)] = owner_texts(owner, translations)
    return found


def owner_texts(
    owner: Platform | Jurisdiction, translations: FileTranslations
) -> dict[str, TranslatedText]:
    """One data file's part of `translated_texts`: its translated fields' English and
    translations."""
    found: dict[str, TranslatedText] = {}
    for name, done in translations.fields.items():
        english = english_at(owner, name)
        if english:
            translated = TranslatedText(done.text, done.english == fingerprint(english))
            if name.endswith(GLOSS):
                # Timelines show a statement without the quotation marks around it.
                for words in {english, unquoted(english)}:
                    found[GLOSS_KEY + words] = translated
            else:
                found[english] = translated
    return found


def untranslated(
    owner: Platform | Jurisdiction, translations: FileTranslations
) -> Iterator[tuple[str, str, bool]]:
    """Each prose field whose translation is missing or older than its English, then each
    deciding quote's gloss (`deciding_quotes`) that is: (path, English, True when a translation
    exists but its English changed)."""
    wanted = [
        *translated_fields(owner),
        *((name + GLOSS, english) for name, english in deciding_quotes(owner, translations)),
    ]
    for name, english in wanted:
        done = translations.fields.get(name)
        if done is None:
            yield name, english, False
        elif done.english != fingerprint(english):
            yield name, english, True


def load_edition(
    root: Path,
    owners: tuple[Platform | Jurisdiction, ...],
    language: str,
    cache: FileCache,
    digests: Mapping[str, str],
) -> tuple[dict[str, FileTranslations], dict[str, dict[str, TranslatedText]]]:
    """Return every data file's translations into `language` and the `translated_texts` map.

    Both depend only on the translation files and the data files, so together they are kept in
    the cache under one key: the translation files' bytes and the data files' content keys
    (`digests`, from loading them). At a thousand platforms that spares a second per build.
    """
    paths = [data_file(owner) for owner in owners]
    raws = [_bytes_of(root / translation_file(path, language)) or b"" for path in paths]
    identities = [f"{path}\n{digests.get(path) or ''}" for path in paths]
    known_data = all(digests.get(path) for path in paths)
    key = cache.key(f"translations-all:{language}", *identities, *raws) if known_data else ""
    found = cache.get(key, _edition_of_plain) if key else None
    if found is not None:
        return found
    # Something changed: each file's part is kept too, so only the changed files are read.
    files: dict[str, FileTranslations] = {}
    texts: dict[str, dict[str, TranslatedText]] = {}
    for owner, path, raw in zip(owners, paths, raws, strict=True):
        part_key = cache.key(f"translations-of:{language}", path, digests.get(path) or "", raw)
        part = cache.get(part_key, _part_of_plain) if digests.get(path) else None
        if part is None:
            translations = load_translations(root, path, language, cache)
            part = (translations, owner_texts(owner, translations))
            cache.put(part_key, [plain_translations(part[0]), _plain_texts(part[1])])
        files[path] = part[0]
        texts[path] = part[1]
    if key:
        plain = {path: plain_translations(done) for path, done in files.items()}
        cache.put(key, [plain, {path: _plain_texts(found) for path, found in texts.items()}])
    return files, texts


def _part_of_plain(value: Any) -> tuple[FileTranslations, dict[str, TranslatedText]]:
    translations, texts = as_list(value, 2)
    return translations_of_plain(translations), _texts_of_plain(texts)


def _edition_of_plain(
    value: Any,
) -> tuple[dict[str, FileTranslations], dict[str, dict[str, TranslatedText]]]:
    files, texts = as_list(value, 2)
    found = {path: translations_of_plain(done) for path, done in as_mapping(files).items()}
    return found, {path: _texts_of_plain(done) for path, done in as_mapping(texts).items()}
