"""A strict YAML loader that keeps the line and column of every key and value.

PyYAML's safe loader silently keeps the last of two duplicate keys, turns `no` into False and
`2020-06-30` into a date, and expands aliases without limit. Curated data needs none of that, so
we build values from the parser's events ourselves: plain scalars become only strings, integers,
decimals, `true`/`false` and null; everything YAML 1.1 would guess at stays a string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from privacy_terms.data import yaml_errors
from privacy_terms.utils.characters import FORBIDDEN_IN_FILE, FORBIDDEN_IN_TEXT, describe
from privacy_terms.utils.files import FileRefused, read_regular
from privacy_terms.utils.problems import Problem

try:  # libyaml's parser is several times faster; the rules below do not depend on it.
    from yaml import CSafeLoader as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

MAX_BYTES = 1_000_000
MAX_DEPTH = 32
MAX_DIGITS = 15
"""Counts and percentages need far fewer; more would lose precision in JSON readers (and Python
refuses to convert integers of over 4,300 digits at all)."""

Path_ = tuple[str | int, ...]
Position = tuple[int, int]

_MAYBE_NOT_TEXT = frozenset("0123456789+-.~ntf")
_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_DECIMAL = re.compile(r"^[-+]?(0|[1-9][0-9]*)\.[0-9]+$")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
"""What ends a line for editors (and so for our line numbers): not U+2028, NEL or a form feed."""


@dataclass
class Document:
    """A loaded YAML file: its value and where each part of it stands in the file."""

    path: str
    data: Any = None
    text: str = ""
    source: Path | None = None
    """The file, when `text` was let go: it is read again if a position is asked for."""
    _values: dict[Path_, Position] | None = field(default=None, repr=False)
    _keys: dict[Path_, Position] | None = field(default=None, repr=False)

    @property
    def values(self) -> dict[Path_, Position]:
        """Where each value starts, by path."""
        return self._index()[0]

    @property
    def keys(self) -> dict[Path_, Position]:
        """Where each mapping key starts, by path."""
        return self._index()[1]

    def _index(self) -> tuple[dict[Path_, Position], dict[Path_, Position]]:
        # Positions are only needed to report a problem: a document loaded without them (or
        # let go of its text, see dataset._load_one) is parsed again when one is asked for.
        if self._values is None or self._keys is None:
            self._values, self._keys = {}, {}
            text = self.text
            if not text and self.source is not None:
                text = _reread(self.source)
            if text:  # else every position is the file's start
                _Builder(text, self._values, self._keys).build()
        return self._values, self._keys

    def position(self, loc: Path_, *, key: bool = False) -> Position:
        """Return the line and column for a path, falling back to the nearest parent."""
        for end in range(len(loc), -1, -1):
            prefix = loc[:end]
            table = self.keys if key and prefix in self.keys else self.values
            if prefix in table:
                return table[prefix]
        return (1, 1)


def _reread(path: Path) -> str:
    """The text of a file read earlier, to find positions in: read as it was (never through a
    link); empty, so positions fall back to the file's start, if it cannot be read now."""
    try:
        return read_regular(path, MAX_BYTES).decode("utf-8-sig", errors="replace")
    except FileRefused:
        return ""


class _LoadError(Exception):
    def __init__(self, position: Position, message: str) -> None:
        super().__init__(message)
        self.position = position
        self.message = message


def load_file(path: Path, display: str) -> tuple[Document | None, list[Problem]]:
    """Read and parse one YAML file; return the document, or None with the problems found."""
    try:
        raw = read_regular(path, MAX_BYTES)  # never a link, a pipe or a device
    except FileRefused as exc:
        return None, [Problem(display, 1, 1, "error", exc.message)]
    return load_bytes(raw, display)


def load_bytes(
    raw: bytes, display: str, positions: bool = False
) -> tuple[Document | None, list[Problem]]:
    """Parse YAML bytes strictly; return the document, or None with the problems found. With
    `positions`, where each part stands is recorded now (for a file whose every entry will be
    pointed at), not parsed again when first asked for."""
    text, problem = _decode(raw, display)
    if problem:
        return None, [problem]
    character_problems = _find_bad_characters(text, display)
    if character_problems:
        return None, character_problems
    document = Document(display, text=text)
    values: dict[Path_, Position] | None = {} if positions else None
    keys: dict[Path_, Position] | None = {} if positions else None
    try:
        document.data = _Builder(text, values, keys).build()
    except _LoadError as exc:
        line, column = exc.position
        return None, [Problem(display, line, column, "error", exc.message)]
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, display, text)]
    except yaml.YAMLError:  # pragma: no cover - the checks above leave the parser nothing to refuse
        return None, [Problem(display, 1, 1, "error", "YAML syntax: the file cannot be read")]
    if values is not None and keys is not None:
        document._values, document._keys = values, keys
    return document, []


def refused_whole(raw: bytes) -> bool:
    """True when the file is refused as a whole (too large, binary, not UTF-8, empty) rather
    than for something on one of its lines."""
    return _decode(raw, "")[1] is not None


def _decode(raw: bytes, display: str) -> tuple[str, Problem | None]:
    def fail(message: str, line: int = 1, column: int = 1) -> tuple[str, Problem]:
        return "", Problem(display, line, column, "error", message)

    if len(raw) > MAX_BYTES:
        return fail(f"the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}: split it up")
    if b"\x00" in raw:
        return fail("this looks like a binary file, not YAML text: replace it with a text file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return fail(
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}): save it as UTF-8",
            line,
            column,
        )
    text = text.removeprefix("\ufeff")
    if not _has_content(text):
        return fail("the file is empty: fill it in (python build.py new <id> writes a template)")
    return text, None


def _has_content(text: str) -> bool:
    return any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines())


def _find_bad_characters(text: str, display: str) -> list[Problem]:
    """Tabs in indentation and invisible control characters, one problem per line at most each.

    Lines are counted as editors count them; YAML (and `str.splitlines`) would also break lines at
    U+2028, U+0085 and form feeds, but those are refused here, so every later position agrees too.
    """
    if "\t" not in text and FORBIDDEN_IN_FILE.search(text) is None:
        return []  # the common case, decided in one pass over the text
    problems = []
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        found = FORBIDDEN_IN_FILE.search(line)
        if found:
            message = f"invisible character {describe(found.group())}: delete it (most editors do not show it)"
            problems.append(Problem(display, number, found.start() + 1, "error", message))
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            column = indent.index("\t") + 1
            problems.append(
                Problem(display, number, column, "error", "tab used for indentation: use spaces")
            )
    return problems


def _syntax_problem(exc: yaml.MarkedYAMLError, display: str, text: str) -> Problem:
    (line, column), message = yaml_errors.explain(exc, text)
    return Problem(display, line, column, "error", message)


def _position(event: yaml.Event) -> Position:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


class _Builder:
    """Builds plain Python values from parser events; records positions when given tables."""

    def __init__(
        self, text: str, values: dict[Path_, Position] | None, keys: dict[Path_, Position] | None
    ) -> None:
        self._events = yaml.parse(text, Loader=_Parser)
        self._values = values
        self._keys = keys
        # Only an escape sequence ("\x01") makes a control character in quoted text (raw ones
        # are refused before parsing): without a backslash in the file there is none to find.
        self._escapes = "\\" in text

    def build(self) -> Any:
        self._expect(yaml.StreamStartEvent)
        event = next(self._events)
        if isinstance(event, yaml.StreamEndEvent):
            raise _LoadError((1, 1), "the file is empty: fill it in")
        value = self._node(self._after_document_start(event), (), 0)
        end = next(self._events)
        if not isinstance(end, yaml.DocumentEndEvent):  # pragma: no cover - parser guarantees
            raise _LoadError(_position(end), "unexpected content")
        following = next(self._events)
        if isinstance(following, yaml.DocumentStartEvent):
            raise _LoadError(_position(following), "only one YAML document per file: remove `---`")
        return value

    def _expect(self, kind: type[yaml.Event]) -> yaml.Event:
        event = next(self._events)
        if not isinstance(event, kind):  # pragma: no cover - parser guarantees
            raise _LoadError(_position(event), "unexpected YAML structure")
        return event

    def _after_document_start(self, event: yaml.Event) -> yaml.Event:
        if not isinstance(event, yaml.DocumentStartEvent):  # pragma: no cover
            raise _LoadError(_position(event), "unexpected YAML structure")
        return next(self._events)

    # The three methods below run once per value in every file: they are written for speed
    # (exact type tests, direct attributes) because loading dominates `check` at scale.
    def _node(self, event: Any, loc: Path_, depth: int) -> Any:
        kind = type(event)
        if kind is _ALIAS:
            raise _LoadError(
                _position(event),
                f"aliases are not allowed (*{event.anchor}): write the value out in full",
            )
        self._reject_unsafe(event, depth)
        if self._values is not None:
            self._values[loc] = _position(event)
        if kind is _SCALAR:
            if self._escapes and event.style == '"':
                _reject_escaped_controls(event)
            return _scalar(event)
        if kind is _SEQUENCE:
            return self._sequence(loc, depth)
        return self._mapping(loc, depth)

    def _reject_unsafe(self, event: Any, depth: int) -> None:
        if event.anchor is not None:
            raise _LoadError(
                _position(event),
                f"anchors are not allowed (&{event.anchor}): write values out in full",
            )
        tag = event.tag
        if tag is not None and tag != "!" and event.implicit in (False, (False, False)):
            raise _LoadError(_position(event), f"tags are not allowed ({tag}): remove it")
        if depth > MAX_DEPTH:
            raise _LoadError(_position(event), f"nested more than {MAX_DEPTH} levels deep")

    def _sequence(self, loc: Path_, depth: int) -> list[Any]:
        items: list[Any] = []
        for event in self._events:
            if type(event) is _SEQUENCE_END:
                return items
            items.append(self._node(event, (*loc, len(items)), depth + 1))
        raise _LoadError((1, 1), "unexpected end of file")  # pragma: no cover

    def _mapping(self, loc: Path_, depth: int) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        keys = self._keys
        for event in self._events:
            if type(event) is _MAPPING_END:
                return mapping
            key = self._key(event, mapping)
            where = (*loc, key)
            if keys is not None:
                keys[where] = _position(event)
            mapping[key] = self._node(next(self._events), where, depth + 1)
        raise _LoadError((1, 1), "unexpected end of file")  # pragma: no cover

    def _key(self, event: yaml.Event, mapping: dict[str, Any]) -> str:
        if type(event) is not _SCALAR:
            if type(event) is _ALIAS:
                raise _LoadError(
                    _position(event),
                    f"aliases are not allowed (*{event.anchor}): write the value out in full",
                )
            raise _LoadError(_position(event), "a key must be a plain word, not a list or mapping")
        self._reject_unsafe(event, 0)
        if self._escapes and event.style == '"':
            _reject_escaped_controls(event)
        key: str = event.value
        if not event.style and not isinstance(_scalar(event), str):
            raise _LoadError(_position(event), f"key {key!r} must be a word, not a number or null")
        if key in mapping:
            raise _LoadError(_position(event), f"duplicate key {key!r}: keep only one")
        return key


_ALIAS = yaml.AliasEvent
_SCALAR = yaml.ScalarEvent
_SEQUENCE = yaml.SequenceStartEvent
_SEQUENCE_END = yaml.SequenceEndEvent
_MAPPING_END = yaml.MappingEndEvent


def _reject_escaped_controls(event: yaml.ScalarEvent) -> None:
    # Raw control characters were refused before parsing; in double quotes, YAML escapes such as
    # "\0", "\e" or "\x01" make them, and nothing shown or exported may hold them.
    found = FORBIDDEN_IN_TEXT.search(event.value)
    if found:
        message = f"escaped control character {describe(found.group())} in quoted text: remove it"
        raise _LoadError(_position(event), message)


def _scalar(event: yaml.ScalarEvent) -> Any:
    value: str = event.value
    if event.style or not value or value[0] not in _MAYBE_NOT_TEXT:
        # Quoted and block scalars are always text, and so is any plain scalar that cannot start
        # a number, null or boolean: the common case, decided without a regular expression.
        return value if value or event.style else None
    if value in ("", "~", "null"):
        return None
    if value in ("true", "false"):
        return value == "true"
    if _INT.match(value):
        _limit_digits(event)
        return int(value)
    if _DECIMAL.match(value):
        _limit_digits(event)
        return float(value)
    return value


def _limit_digits(event: yaml.ScalarEvent) -> None:
    value: str = event.value
    if len(value) <= MAX_DIGITS:
        return
    digits = sum(character.isdigit() for character in value)
    if digits > MAX_DIGITS:
        shown = value[:12] + "…"
        raise _LoadError(
            _position(event),
            f"{shown} is a number with {digits:,} digits; numbers here have at most {MAX_DIGITS}: "
            "put it in quotes if it is text",
        )
