"""The strict YAML loader: every surprise of YAML 1.1 and every malformed file is a clear error."""

from __future__ import annotations

import pytest

from privacy_terms.data.load import MAX_BYTES, load_bytes


def problems_for(raw: bytes) -> list[str]:
    _, problems = load_bytes(raw, "f.yaml")
    return [str(p) for p in problems]


def data_for(raw: bytes) -> object:
    document, problems = load_bytes(raw, "f.yaml")
    assert problems == []
    assert document is not None
    return document.data


def test_yaml_11_words_stay_text() -> None:
    assert data_for(b"a: no\nb: NO\nc: on\nd: yes\ne: off\nf: y\n") == {
        "a": "no", "b": "NO", "c": "on", "d": "yes", "e": "off", "f": "y",
    }  # fmt: skip


def test_dates_stay_strings_and_numbers_are_numbers() -> None:
    assert data_for(b"d: 2020-06-30\nm: 2020-06\nn: 12\np: 24.5\nq: '12'\nt: true\nf: false\nz: ~\nw: null\ne:\n") == {
        "d": "2020-06-30", "m": "2020-06", "n": 12, "p": 24.5, "q": "12", "t": True, "f": False,
        "z": None, "w": None, "e": None,
    }  # fmt: skip


def test_words_that_only_start_like_values_stay_text() -> None:
    assert data_for(b"a: fals\nb: nulls\nc: 12a\nd: -x\ne: .5\nf: '~'\ng: \"\"\n") == {
        "a": "fals", "b": "nulls", "c": "12a", "d": "-x", "e": ".5", "f": "~", "g": "",
    }  # fmt: skip


def test_octal_and_version_like_values_stay_text() -> None:
    assert data_for(b"code: 0755\nver: 1.10.2\n") == {"code": "0755", "ver": "1.10.2"}


def test_positions_of_values_and_keys_are_recorded() -> None:
    document, _ = load_bytes(b"a:\n  b: [x, y]\n", "f.yaml")
    assert document is not None
    assert document.values[("a", "b", 1)] == (2, 10)
    assert document.keys[("a", "b")] == (2, 3)


def test_positions_recorded_while_parsing_are_those_found_later() -> None:
    raw = b'a:\n  b: [x, "y\\u00e9"]\n  c:\n    - d: 1\n'
    now, _ = load_bytes(raw, "f.yaml", positions=True)
    later, _ = load_bytes(raw, "f.yaml")
    assert now is not None and later is not None
    assert now._values is not None and now._values == later.values and now._keys == later.keys
    assert now.values[("a", "c", 0, "d")] == (4, 10)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"a: 1\na: 2\n", "f.yaml:2:1: error: duplicate key 'a': keep only one"),
        (
            b"a: &x 1\nb: 2\n",
            "f.yaml:1:4: error: anchors are not allowed (&x): write values out in full",
        ),
        (
            b"a: 1\nb: *x\n",
            "f.yaml:2:4: error: aliases are not allowed (*x): write the value out in full",
        ),
        (b"a:\n\t- 1\n", "f.yaml:2:1: error: tab used for indentation: use spaces"),
        (b"1: x\n", "f.yaml:1:1: error: key '1' must be a word, not a number or null"),
        (
            b"no: x\n? [a]\n: y\n",
            "f.yaml:2:3: error: a key must be a plain word, not a list or mapping",
        ),
        (
            b"a: !!python/object:os.system x\n",
            "f.yaml:1:4: error: tags are not allowed (tag:yaml.org,2002:python/object:os.system): remove it",
        ),
        (
            b"",
            "f.yaml:1:1: error: the file is empty: fill it in (python build.py new <id> writes a template)",
        ),
        (
            b"# only a comment\n\n",
            "f.yaml:1:1: error: the file is empty: fill it in (python build.py new <id> writes a template)",
        ),
        (
            b"a: caf\xe9\n",
            "f.yaml:1:7: error: the file is not UTF-8 text (byte 0xe9): save it as UTF-8",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00",
            "f.yaml:1:1: error: this looks like a binary file, not YAML text: replace it with a text file",
        ),
        (
            b"a: [1\n",
            "f.yaml:1:4: error: YAML syntax: a list in [ ] or a mapping in { } that is not closed: close it, or, if the value is text that starts with [ or {, put the whole value in double quotes",
        ),
        (b"a: 1\n---\nb: 2\n", "f.yaml:2:1: error: only one YAML document per file: remove `---`"),
    ],
)
def test_malformed_input_is_one_clear_error(raw: bytes, expected: str) -> None:
    assert problems_for(raw) == [expected]


def test_aliases_are_refused_before_they_can_expand() -> None:
    bomb = b"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    assert problems_for(bomb) == [
        "f.yaml:1:4: error: anchors are not allowed (&a): write values out in full"
    ]


def test_absurdly_large_file_is_refused() -> None:
    raw = b"a: " + b"x" * MAX_BYTES + b"\n"
    assert problems_for(raw) == [
        f"f.yaml:1:1: error: the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}: split it up"
    ]


def test_deeply_nested_file_is_refused() -> None:
    raw = b"a: " + b"[" * 40 + b"]" * 40 + b"\n"
    assert problems_for(raw) == ["f.yaml:1:36: error: nested more than 32 levels deep"]


def test_tabs_are_reported_on_every_line() -> None:
    assert problems_for(b"a:\n\t- 1\nb:\n  \t- 2\n") == [
        "f.yaml:2:1: error: tab used for indentation: use spaces",
        "f.yaml:4:3: error: tab used for indentation: use spaces",
    ]


HIDDEN = "invisible character {}: delete it (most editors do not show it)"
ESCAPED = "escaped control character {} in quoted text: remove it"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"a: x\x0by\n", "f.yaml:1:5: error: " + HIDDEN.format("U+000B (vertical tab)")),
        (b"a: x\x0c\n", "f.yaml:1:5: error: " + HIDDEN.format("U+000C (form feed)")),
        (b"a: \x08x\n", "f.yaml:1:4: error: " + HIDDEN.format("U+0008 (backspace)")),
        (b"a: x\x7f\n", "f.yaml:1:5: error: " + HIDDEN.format("U+007F (delete)")),
        ("a: x\x85y\n".encode(), "f.yaml:1:5: error: " + HIDDEN.format("U+0085 (next line)")),
        (
            "a: x\x9by\n".encode(),
            "f.yaml:1:5: error: " + HIDDEN.format("U+009B (control character)"),
        ),
        ("a: x\ufffe\n".encode(), "f.yaml:1:5: error: " + HIDDEN.format("U+FFFE (noncharacter)")),
        (b"# \x1b[2J\na: 1\n", "f.yaml:1:3: error: " + HIDDEN.format("U+001B (escape)")),
        (b'a: "x\\0"\n', "f.yaml:1:4: error: " + ESCAPED.format("U+0000 (null)")),
        (b'a: "\\e[31mred"\n', "f.yaml:1:4: error: " + ESCAPED.format("U+001B (escape)")),
        (b'a: "\\x01"\n', "f.yaml:1:4: error: " + ESCAPED.format("U+0001 (control character)")),
        (b'a: "x\\ry"\n', "f.yaml:1:4: error: " + ESCAPED.format("U+000D (carriage return)")),
        (b'a: "\\N"\n', "f.yaml:1:4: error: " + ESCAPED.format("U+0085 (next line)")),
        (b'a: "\\L"\n', "f.yaml:1:4: error: " + ESCAPED.format("U+2028 (line separator)")),
        (b'a: ["ok", "\\x7f"]\n', "f.yaml:1:11: error: " + ESCAPED.format("U+007F (delete)")),
        (b'"k\\x01": 1\n', "f.yaml:1:1: error: " + ESCAPED.format("U+0001 (control character)")),
    ],
)
def test_control_characters_are_located_errors(raw: bytes, expected: str) -> None:
    assert problems_for(raw) == [expected]


def test_tabs_and_spaces_in_values_stay_allowed() -> None:
    assert data_for(b'a: "x\\ty"\nb: |\n  two\n  lines\n') == {"a": "x\ty", "b": "two\nlines\n"}


def test_line_numbers_are_the_ones_editors_show() -> None:
    """Only CR, LF and CRLF end a line: not U+2028, U+0085, form feed or vertical tab."""
    assert problems_for("a: 1\nb: x\u2028y\nc:\n\t- 1\n".encode()) == [
        "f.yaml:2:5: error: " + HIDDEN.format("U+2028 (line separator)"),
        "f.yaml:4:1: error: tab used for indentation: use spaces",
    ]
    assert problems_for(b"a: x\x0b\n\tb: 1\n") == [
        "f.yaml:1:5: error: " + HIDDEN.format("U+000B (vertical tab)"),
        "f.yaml:2:1: error: tab used for indentation: use spaces",
    ]
    assert problems_for(b"a: 1\r\nb: 2\rc: [\r\n") == [
        "f.yaml:3:4: error: YAML syntax: a list in [ ] or a mapping in { } that is not closed: close it, or, if the value is text that starts with [ or {, put the whole value in double quotes"
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            b"n: " + b"9" * 5000 + b"\n",
            "f.yaml:1:4: error: 999999999999… is a number with 5,000 digits; numbers here have at most 15: put it in quotes if it is text",
        ),
        (
            b"n: -" + b"1" * 16 + b"\n",
            "f.yaml:1:4: error: -11111111111… is a number with 16 digits; numbers here have at most 15: put it in quotes if it is text",
        ),
        (
            b"p: 1." + b"0" * 400 + b"1\n",
            "f.yaml:1:4: error: 1.0000000000… is a number with 402 digits; numbers here have at most 15: put it in quotes if it is text",
        ),
    ],
    ids=["5000 digits", "16 digits", "long decimal"],
)
def test_numbers_too_long_to_be_counts_are_located_errors(raw: bytes, expected: str) -> None:
    assert problems_for(raw) == [expected]


def test_fifteen_digits_are_still_a_number() -> None:
    assert data_for(b"n: 999999999999999\np: 99.5\n") == {"n": 999999999999999, "p": 99.5}


REFUSED = [
    *range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0),
    0x2028, 0x2029, 0xFDD0, 0xFDEF, 0xFFFE, 0xFFFF, 0x1FFFE, 0x10FFFF,
]  # fmt: skip


def test_no_control_character_gets_through_raw_or_escaped() -> None:
    """So none can reach the HTML, the JSON, the CSV or the feed (XML 1.0 forbids most of them)."""
    for code in REFUSED:
        raw = f"a: x{chr(code)}y\n".encode("utf-8", "surrogatepass")
        escape = (
            f"\\x{code:02x}"
            if code < 0x100
            else f"\\u{code:04x}"
            if code < 0x10000
            else f"\\U{code:08x}"
        )
        for text in (raw, f'a: "x{escape}y"\n'.encode()):
            document, problems = load_bytes(text, "f.yaml")
            assert document is None and len(problems) == 1, (hex(code), text)
            assert problems[0].line == 1 and problems[0].severity == "error", (hex(code), text)
