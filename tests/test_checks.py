"""Every rule has one invalid fixture (tests/fixtures/invalid/) and an exact expected message."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from privacy_terms.data.dataset import load_dataset
from privacy_terms.data.model import Jurisdiction, Platform
from privacy_terms.website import translations

from conftest import FIXTURES

INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))
EXPECT = "# expect: "


def split_fixture(path: Path) -> tuple[list[str], str]:
    """Return the expected problem lines and the file body that follows them."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = [line for line in lines if line.startswith(EXPECT)]
    body = "".join(lines[len(header) :])
    return [line[len(EXPECT) :].rstrip("\n") for line in header], body


def test_there_is_an_invalid_fixture_per_rule() -> None:
    assert len(INVALID) >= 20


@pytest.mark.parametrize("fixture", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_reports_exactly_its_problem(
    fixture: Path, valid_project: Path, today: dt.date
) -> None:
    expected, body = split_fixture(fixture)
    assert expected, f"{fixture.name} has no '# expect:' line"
    (valid_project / "platforms" / "alpha.yaml").write_text(body, encoding="utf-8")
    result = load_dataset(valid_project, today)
    assert [str(p) for p in result.problems] == expected
    assert result.ok == all(": warning: " in line for line in expected)


def test_valid_fixture_has_no_problem(valid_project: Path, today: dt.date) -> None:
    result = load_dataset(valid_project, today)
    assert result.problems == []
    assert result.dataset is not None
    assert [p.id for p in result.dataset.platforms] == ["alpha"]


def test_every_file_is_reported_at_once(valid_project: Path, today: dt.date) -> None:
    (valid_project / "platforms" / "broken.yaml").write_text(
        "id: broken\nname: [\n", encoding="utf-8"
    )
    (valid_project / "platforms" / "empty.yaml").write_text("", encoding="utf-8")
    (valid_project / "platforms" / "old.yml").write_text("id: old\n", encoding="utf-8")
    result = load_dataset(valid_project, today)
    assert [str(p) for p in result.problems] == [
        "platforms/broken.yaml:2:7: error: YAML syntax: a list in [ ] or a mapping in { } that is not closed: close it, or, if the value is text that starts with [ or {, put the whole value in double quotes",
        "platforms/broken.yaml:2:7: note: 21 checks of this file not run until the error above is fixed",
        "platforms/empty.yaml:1:1: error: the file is empty: fill it in (python build.py new <id> writes a template)",
        "platforms/old.yml:1:1: error: data files end in .yaml: rename it",
    ]
    assert result.dataset is None


def test_a_missing_platforms_folder_is_an_error(tmp_path: Path, today: dt.date) -> None:
    result = load_dataset(tmp_path, today)
    assert [str(p) for p in result.problems] == [
        "platforms:1:1: error: no platform files (*.yaml) found"
    ]


def test_staleness_is_measured_from_the_given_day(valid_project: Path) -> None:
    assert load_dataset(valid_project, dt.date(2027, 11, 1)).problems == []
    late = load_dataset(valid_project, dt.date(2027, 11, 2))
    assert [str(p) for p in late.problems] == [
        "jurisdictions/HK.yaml:5:16: warning: last_reviewed: 2026-11-01 is 366 days ago (over 365): re-check every claim against its sources and update the date",
        "platforms/alpha.yaml:158:1: warning: reviews: disclosure last reviewed 2026-11-01, 366 days ago (over 365): check it against its sources and add a review",
        "platforms/alpha.yaml:158:1: warning: reviews: stances last reviewed 2026-11-01, 366 days ago (over 365): check it against its sources and add a review",
        "platforms/alpha.yaml:158:1: warning: reviews: transparency last reviewed 2026-11-01, 366 days ago (over 365): check it against its sources and add a review",
    ]
    assert late.ok


def test_many_files_load_in_parallel_with_the_same_result(
    valid_project: Path, today: dt.date
) -> None:
    template = (valid_project / "platforms" / "alpha.yaml").read_text(encoding="utf-8")
    for i in range(120):
        text = template.replace("\nid: alpha\n", f"\nid: p{i:03d}\n")
        (valid_project / "platforms" / f"p{i:03d}.yaml").write_text(text, encoding="utf-8")
    (valid_project / "platforms" / "p007.yaml").write_text(
        template.replace("\nid: alpha\n", "\nid: wrong\n"), encoding="utf-8"
    )
    result = load_dataset(valid_project, today)
    assert [str(p) for p in result.problems] == [
        "platforms/p007.yaml:3:5: error: id: 'wrong' must equal the file name 'p007': rename the file or change the id"
    ]
    (valid_project / "platforms" / "p007.yaml").unlink()
    dataset = load_dataset(valid_project, today).dataset
    assert dataset is not None
    assert [p.id for p in dataset.platforms][:3] == ["alpha", "p000", "p001"]
    assert len(dataset.platforms) == 120


TOO_LONG = (
    "at most 100: the build names files after it (platforms/<id>.html, and names up to 19 "
    "characters longer while building), and some systems cannot hold longer names (encrypted "
    "home folders hold 143 characters per file name; Windows, where the offline copy is "
    "unzipped, 260 per path)"
)


def test_the_longest_id_allowed_builds_a_page(valid_project: Path, today: dt.date) -> None:
    add_platform(valid_project, "a" * 100)
    assert load_dataset(valid_project, today).problems == []


def test_a_jurisdiction_name_too_long_for_a_file_name_is_refused(
    valid_project: Path, today: dt.date
) -> None:
    add_jurisdiction(valid_project, "LN", "Long " * 30)
    assert [str(p) for p in load_dataset(valid_project, today).problems] == [
        f"jurisdictions/LN.yaml:3:7: error: name: it makes a page name of 149 characters; page "
        f"names have {TOO_LONG}: change the name"
    ]


def add_platform(project: Path, platform_id: str) -> None:
    text = (project / "platforms" / "alpha.yaml").read_text(encoding="utf-8")
    (project / "platforms" / f"{platform_id}.yaml").write_text(
        text.replace("\nid: alpha\n", f"\nid: {platform_id}\n"), encoding="utf-8"
    )


def add_jurisdiction(project: Path, code: str, name: str) -> None:
    text = (project / "jurisdictions" / "HK.yaml").read_text(encoding="utf-8")
    text = text.replace('code: "HK"', f'code: "{code}"').replace("name: Hong Kong", f"name: {name}")
    (project / "jurisdictions" / f"{code}.yaml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("platform_id", "message"),
    [
        ("index", "id: 'index' is the name of a generated page (platforms/index.html, the list of platforms): choose another id"),
        ("con", "id: 'con' is a reserved file name on Windows (con, prn, aux, nul, com0-com9, lpt0-lpt9): choose another id"),
        ("lpt1", "id: 'lpt1' is a reserved file name on Windows (con, prn, aux, nul, com0-com9, lpt0-lpt9): choose another id"),
        # Before: passed `check`, then the build failed with "File name too long" and a traceback.
        ("a" * 248, f"id: the id is 248 characters long; ids have {TOO_LONG}: choose a shorter id"),
        ("a" * 101, f"id: the id is 101 characters long; ids have {TOO_LONG}: choose a shorter id"),
    ],
)  # fmt: skip
def test_ids_that_cannot_be_page_names_are_refused(
    valid_project: Path, today: dt.date, platform_id: str, message: str
) -> None:
    add_platform(valid_project, platform_id)
    result = load_dataset(valid_project, today)
    assert [str(p) for p in result.problems] == [
        f"platforms/{platform_id}.yaml:3:5: error: {message}"
    ]


def test_pages_that_clash_with_generated_or_hand_written_pages_are_reported(
    valid_project: Path, today: dt.date
) -> None:
    (valid_project / "content" / "platforms").mkdir(parents=True)
    (valid_project / "content" / "about.md").write_text("# About\n", encoding="utf-8")
    (valid_project / "content" / "platforms" / "beta.md").write_text("# Beta\n", encoding="utf-8")
    add_platform(valid_project, "beta")
    add_jurisdiction(valid_project, "AB", "About")
    add_jurisdiction(valid_project, "SR", "Sources")
    add_jurisdiction(valid_project, "HX", "Hong-Kong")
    add_jurisdiction(valid_project, "PL", "Platforms")
    add_jurisdiction(valid_project, "CN", "Con")
    result = load_dataset(valid_project, today)
    assert [str(p) for p in result.problems] == [
        "jurisdictions/AB.yaml:3:7: error: name: 'About' makes the page about.html, which content/about.md already is: rename content/about.md, or change the name",
        "jurisdictions/CN.yaml:3:7: error: name: 'Con' makes the page con.html, a reserved file name on Windows (con, prn, aux, nul, com0-com9, lpt0-lpt9): change the name",
        "jurisdictions/HX.yaml:3:7: error: name: 'Hong-Kong' makes the page hong-kong.html, which jurisdictions/HK.yaml already makes: change one of the names",
        "jurisdictions/PL.yaml:3:7: error: name: 'Platforms' makes the page platforms.html, which is the list of platforms when pages are folders (use_directory_urls): change the name",
        "jurisdictions/SR.yaml:3:7: error: name: 'Sources' makes the page sources.html, which is the list of sources: change the name",
        "platforms/beta.yaml:3:5: error: id: 'beta' makes the page platforms/beta.html, which content/platforms/beta.md already is: rename content/platforms/beta.md, or choose another id",
    ]


# Rules on text, shown on the valid fixture with one line changed (found by its text, so the
# cases keep working when other fields of the fixture change).
ONE_LINE_CHANGED = [
    (
        "    as_of: 2025-11-01\n", "    as_of: ２０２５-11-01\n", 12,
        "error: stances[0].as_of: '２０２５-11-01' is not a date: write YYYY-MM-DD, or YYYY-MM when only the month is known\n"
        "note: 20 checks of this file not run until the error above is fixed",
    ),
    (
        "name: Alpha Chat\n", 'name: "Alpha \\u202eChat"\n', 7,
        "error: name: holds the direction control U+202E (right-to-left override), which reorders how the text around it is shown: delete it",
    ),
    (
        "    title: Alpha privacy policy\n", '    title: "Alpha\\u200b privacy policy"\n', 12,
        "warning: sources[0].title: holds the invisible character U+200B (zero width space): delete it unless the name is spelt with it",
    ),
    (
        "summary: Alpha Chat is a fictional messenger used by the tests. It hands over *basic records* on a subpoena.\n",
        'summary: "Alpha Chat ' + "[" * 51 + ' hands over basic records."\n', 10,
        "error: summary: 51 square brackets; the limit for one field is 50: Markdown's time grows with the square of them, so split the text or remove some",
    ),
    (
        "summary: Alpha Chat is a fictional messenger used by the tests. It hands over *basic records* on a subpoena.\n",
        "summary: '" + ("`\\`" * 2_000)[:4_990] + "'\n", 10,
        "error: summary: 4,990 Markdown marks (\\ ` * _ < &, and each [ counts 10) in 4,990 characters; a field this long may hold 10: Markdown's time grows with marks times length, so remove marks or split the text",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new", "column", "expected"),
    ONE_LINE_CHANGED,
    ids=[
        "date-in-full-width-digits",
        "direction-override-in-name",
        "zero-width-in-name",
        "too-many-brackets",
        "too-many-markdown-marks-for-the-length",
    ],
)
def test_rules_on_text(
    valid_project: Path, today: dt.date, old: str, new: str, column: int, expected: str
) -> None:
    alpha = valid_project / "platforms" / "alpha.yaml"
    text = alpha.read_text(encoding="utf-8")
    start = text.index("\n" + old) + 1
    line = text[:start].count("\n") + 1
    alpha.write_text(text[:start] + new + text[start + len(old) :], encoding="utf-8")
    result = load_dataset(valid_project, today)
    assert [str(p) for p in result.problems] == [
        f"platforms/alpha.yaml:{line}:{column}: {one}" for one in expected.split("\n")
    ]


# --- Translations (the Traditional Chinese edition) ------------------------------------------------

INVALID_TRANSLATIONS = sorted((FIXTURES / "invalid-translations").glob("*.yaml"))


def chinese_edition(project: Path) -> Path:
    """Give a fixture project a Chinese edition whose every data file is fully translated."""
    (project / "mkdocs.zh-hant.yml").write_text("INHERIT: mkdocs.yml\n", encoding="utf-8")
    dataset = load_dataset(project, TODAY_FOR_TRANSLATIONS).dataset
    assert dataset is not None
    for owner in (*dataset.platforms, *dataset.jurisdictions):
        target = project / translations.translation_file(translations.data_file(owner))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(full_translation(owner), encoding="utf-8")
    return project


def full_translation(
    owner: Platform | Jurisdiction, leave_out: frozenset[str] = frozenset()
) -> str:
    """Every prose field of a data file translated (`譯文`), and every quote that decides an
    answer glossed, except the entries `leave_out` names."""
    glosses = [
        (name + translations.GLOSS, english)
        for name, english in translations.deciding_fields(owner)
        if name.endswith(".said")
    ]
    return "".join(
        f'"{name}":\n  text: 譯文\n  english: "{translations.fingerprint(english)}"\n'
        for name, english in [*translations.translated_fields(owner), *glosses]
        if name not in leave_out
    )


TODAY_FOR_TRANSLATIONS = dt.date(2026, 11, 28)


def check_lines(project: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    from privacy_terms.cli import main

    main(["check", "--today", "2026-11-28"], root=project)
    return [
        line
        for line in capsys.readouterr().out.splitlines()
        if ": warning: " in line or ": error: " in line
    ]


def test_a_fully_translated_project_has_no_translation_warning(
    valid_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check_lines(chinese_edition(valid_project), capsys) == []


def test_without_a_chinese_edition_nothing_is_asked_of_translations(
    valid_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check_lines(valid_project, capsys) == []


@pytest.mark.parametrize("fixture", INVALID_TRANSLATIONS, ids=lambda p: p.stem)
def test_invalid_translation_reports_exactly_its_warning(
    fixture: Path, valid_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected, body = split_fixture(fixture)
    assert expected, f"{fixture.name} has no '# expect:' line"
    project = chinese_edition(valid_project)
    # The fixture's own entries come first (its line numbers are the file's); every other field
    # follows, translated, except those the fixture names in `# without:` lines.
    named = set(re.findall(r'^"([^"]+)":', body, re.M)) | set(
        re.findall(r"^# without: (\S+)", body, re.M)
    )
    alpha = next(
        p
        for p in load_dataset(project, TODAY_FOR_TRANSLATIONS).dataset.platforms
        if p.id == "alpha"
    )  # type: ignore[union-attr]
    rest = full_translation(alpha, frozenset(named))
    (project / "translations" / "zh-hant" / "platforms" / "alpha.yaml").write_text(
        body + rest, encoding="utf-8"
    )
    assert check_lines(project, capsys) == expected


def _url_properties(schema: object, name: str = "") -> set[str]:
    """The names of the schema's properties typed as an address (the model's `Url`)."""
    found: set[str] = set()
    if isinstance(schema, dict):
        if schema.get("pattern") == "^https?://":
            found.add(name)
        for key, value in schema.items():
            if key == "properties" and isinstance(value, dict):
                for field, sub in value.items():
                    found |= _url_properties(sub, field)
            else:
                found |= _url_properties(value, name)
    elif isinstance(schema, list):
        for item in schema:
            found |= _url_properties(item, name)
    return found


def test_every_address_field_of_the_model_is_checked_by_the_address_rules() -> None:
    from privacy_terms.data.checks import ADDRESS_FIELDS
    from privacy_terms.data.schema import schema_files

    found = set().union(*(_url_properties(json.loads(text)) for text in schema_files().values()))
    assert found == ADDRESS_FIELDS | {"source"}  # a register entry's source: see the next test


def test_an_official_name_address_that_breaks_a_rule_is_never_linked(
    valid_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = chinese_edition(valid_project)
    path = project / "translations" / "zh-hant" / "jurisdictions" / "HK.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "official_names:\n  - english: A law\n    name: 《一條法律》\n"
        + "    source: javascript:alert(1)\n    read_via: https://gov.example.org/law\n",
        encoding="utf-8",
    )
    loaded = translations.load_translations(project, "jurisdictions/HK.yaml")
    [name] = loaded.official_names
    assert (name.source, name.read_via) == (None, "https://gov.example.org/law")
    from privacy_terms.cli import main

    assert main(["build"], root=project) == 1
    out = capsys.readouterr().out
    assert "official_names[0].source: javascript:alert(1) is not https" in out
    assert "files checked: 1 error, " in out


def test_translation_warnings_are_one_line_per_file_unless_verbose(
    valid_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = chinese_edition(valid_project)
    add_platform(project, "beta")  # a new platform, with no translation file yet
    beta = next(
        p for p in load_dataset(project, TODAY_FOR_TRANSLATIONS).dataset.platforms if p.id == "beta"
    )  # type: ignore[union-attr]
    # Every prose field, and every quote that decides an answer (its gloss), is still to do.
    nothing = translations.FileTranslations("translations/zh-hant/platforms/beta.yaml")
    fields = [name for name, *_ in translations.untranslated(beta, nothing)]
    assert len(fields) > 1 and "stances[0].statements[0].said.gloss" in fields
    assert check_lines(project, capsys) == [
        f"platforms/beta.yaml:5:1: warning: {len(fields)} fields have no translation yet (the "
        "first is here): `python build.py translate platforms/beta.yaml` prints the entries to add "
        "to translations/zh-hant/platforms/beta.yaml; `python build.py check --verbose` lists each"
    ]
    from privacy_terms.cli import main

    main(["check", "--today", "2026-11-28"], root=project)
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"3 files checked: 0 errors, {len(fields)} warnings"
    )
    main(["check", "--verbose", "--today", "2026-11-28"], root=project)
    verbose = [line for line in capsys.readouterr().out.splitlines() if ": warning: " in line]
    assert len(verbose) == len(fields)
    assert verbose[0] == (
        "platforms/beta.yaml:5:1: warning: summary: no zh-hant translation: add it to "
        "translations/zh-hant/platforms/beta.yaml (`python build.py translate platforms/beta.yaml` "
        "prints what to add)"
    )


def test_a_variant_the_glossary_avoids_is_a_warning_where_it_stands(
    valid_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = chinese_edition(valid_project)
    (project / "translations" / "zh-hant" / "glossary.yaml").write_text(
        "terms:\n"
        "  - english: hosting (service provider)\n"
        "    term: 寄存\n"
        "    confirmed: false\n"
        "    avoid: [主機]\n"
        "    note: Not confirmed.\n",
        encoding="utf-8",
    )
    target = project / "translations" / "zh-hant" / "platforms" / "alpha.yaml"
    text = target.read_text(encoding="utf-8")
    target.write_text(
        "# 主機 in a comment is not a translation.\n"
        + text.replace("  text: 譯文\n", "  text: 平台及主機服務提供者\n", 1),
        encoding="utf-8",
    )
    assert check_lines(project, capsys) == [
        "translations/zh-hant/platforms/alpha.yaml:3:12: warning: 主機: the glossary's term for "
        "hosting (service provider) is 寄存: write 寄存 (see translations/zh-hant/glossary.yaml)"
    ]


def test_problems_are_sorted_by_file_line_and_column(
    valid_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A translation warning early in a file comes before the file's own later warnings."""
    project = chinese_edition(valid_project)
    alpha = next(
        p
        for p in load_dataset(project, TODAY_FOR_TRANSLATIONS).dataset.platforms
        if p.id == "alpha"
    )  # type: ignore[union-attr]
    (project / "translations" / "zh-hant" / "platforms" / "alpha.yaml").write_text(
        full_translation(alpha, frozenset({"summary"})), encoding="utf-8"
    )
    data = project / "platforms" / "alpha.yaml"
    data.write_text(
        data.read_text(encoding="utf-8").replace(
            "    title: Alpha privacy policy\n", '    title: "Alpha\\u200b privacy policy"\n'
        ),
        encoding="utf-8",
    )
    lines = check_lines(project, capsys)
    assert [line.split(": ")[0] for line in lines] == [
        "platforms/alpha.yaml:5:1",
        "platforms/alpha.yaml:164:12",
    ]


def test_stale_translations_of_a_file_are_one_line_unless_verbose(
    valid_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = chinese_edition(valid_project)
    target = project / "translations" / "zh-hant" / "platforms" / "alpha.yaml"
    stale = target.read_text(encoding="utf-8").replace('english: "', 'english: "0', 2)
    target.write_text(stale, encoding="utf-8")
    assert check_lines(project, capsys) == [
        "translations/zh-hant/platforms/alpha.yaml:1:1: warning: 2 translations here are older "
        "than their English or translate no field (the first is here): `python build.py "
        "translate platforms/alpha.yaml` prints the new English; `python build.py check "
        "--verbose` lists each"
    ]


def test_a_host_listed_twice_in_the_register_is_an_error(
    valid_project: Path, today: dt.date
) -> None:
    register = valid_project / "publishers.yaml"
    text = register.read_text(encoding="utf-8")
    register.write_text(
        text + "  - host: news.example.org\n    name: Again\n    class: news\n    reason: Twice.\n",
        encoding="utf-8",
    )
    result = load_dataset(valid_project, today)
    assert [str(p) for p in result.problems] == [
        "publishers.yaml:61:11: error: publishers[14].host: news.example.org is listed twice: keep one entry"
    ]


def test_a_register_entry_of_an_unknown_class_is_reported_at_its_line(
    valid_project: Path, today: dt.date
) -> None:
    register = valid_project / "publishers.yaml"
    text = register.read_text(encoding="utf-8").replace("class: research", "class: blog")
    register.write_text(text, encoding="utf-8")
    result = load_dataset(valid_project, today)
    assert [str(p) for p in result.problems] == [
        "publishers.yaml:26:12: error: publishers[5].class: 'blog' is not one of: company, government, court, news, research, secondary, unreliable, archive"
    ]
    assert not result.ok


def test_the_register_weighs_sources_and_a_secondary_kind_only_lowers(
    valid_project: Path, today: dt.date
) -> None:
    """A news report on a news host counts as news; the same page called secondary by its
    contributor counts as secondary; without a register, the kind decides."""
    from privacy_terms.data.publishers import load_register, weight_of
    from privacy_terms.data.vocabulary import Evidence

    result = load_dataset(valid_project, today)
    assert result.dataset is not None
    register = result.dataset.register
    assert register is not None and register == load_register(valid_project)[0]
    news = next(s for s in result.dataset.platforms[0].sources if s.id == "alpha-statement")
    assert weight_of(news, register) == Evidence.NEWS
    lowered = news.model_copy(update={"kind": "secondary"})
    assert weight_of(lowered, register) == Evidence.SECONDARY
    on_a_farm = news.model_copy(update={"url": "https://mirror.example.org/alpha-hk"})
    assert weight_of(on_a_farm, register) == Evidence.SECONDARY
    assert weight_of(on_a_farm, None) == Evidence.NEWS


def test_a_register_entry_whose_source_breaks_an_address_rule_is_reported_at_its_line(
    valid_project: Path, today: dt.date
) -> None:
    register = valid_project / "publishers.yaml"
    text = register.read_text(encoding="utf-8")
    register.write_text(
        text + "  - host: again.example.org\n    name: Again\n    class: news\n"
        "    reason: A test.\n    source: https://192.0.2.7/about\n",
        encoding="utf-8",
    )
    result = load_dataset(valid_project, today)
    assert [str(p) for p in result.problems] == [
        "publishers.yaml:65:13: error: publishers[14].source: 192.0.2.7 is an IP address:"
        " cite the publisher's address by its domain name"
    ]


def _edit_hk(project: Path, old: str, new: str) -> None:
    hk = project / "jurisdictions" / "HK.yaml"
    text = hk.read_text(encoding="utf-8")
    assert text.count(old) == 1
    hk.write_text(text.replace(old, new), encoding="utf-8")


def test_a_jurisdiction_records_no_route_that_depends_on_the_platform(
    valid_project: Path, today: dt.date
) -> None:
    _edit_hk(valid_project, "  - route: user_device\n", "  - route: direct_request\n")
    assert [str(p) for p in load_dataset(valid_project, today).problems] == [
        "jurisdictions/HK.yaml:13:12: error: routes[1].route: direct_request depends on the"
        " platform: record it under each platform's stance, not here"
    ]


def test_a_jurisdictions_treaty_route_names_the_other_state(
    valid_project: Path, today: dt.date
) -> None:
    _edit_hk(valid_project, '    partner: "US"\n', "")
    assert [str(p) for p in load_dataset(valid_project, today).problems] == [
        "jurisdictions/HK.yaml:7:5: error: routes[0]: name the other state of the agreement"
        ' (partner: "US")',
        "platforms/alpha.yaml:109:14: error: stances[0].routes[1].via: jurisdictions/HK.yaml"
        " records no mutual legal assistance with 'US': add it there, with its status and sources",
    ]


def test_a_company_record_is_one_step_away(valid_project: Path, today: dt.date) -> None:
    # Company-wide facts are recorded once: a service names the company's own record, never a
    # service that itself points further (the record names no company).
    alpha = valid_project / "platforms" / "alpha.yaml"
    text = alpha.read_text(encoding="utf-8")
    for platform_id, company in (("beta", "gamma"), ("gamma", None)):
        copy = text.replace("\nid: alpha\n", f"\nid: {platform_id}\n")
        if company:
            copy = copy.replace("\nname: Alpha Chat\n", f"\nname: Alpha Chat\ncompany: {company}\n")
        (valid_project / "platforms" / f"{platform_id}.yaml").write_text(copy, encoding="utf-8")
    alpha.write_text(text.replace("\nname: Alpha Chat\n", "\nname: Alpha Chat\ncompany: beta\n"), encoding="utf-8")  # fmt: skip
    result = load_dataset(valid_project, today)
    assert [str(p) for p in result.problems] == [
        "platforms/alpha.yaml:5:10: error: company: platforms/beta.yaml names its own company"
        " ('gamma'): name that record, 'gamma', here instead"
    ]
