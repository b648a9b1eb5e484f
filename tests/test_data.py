"""The real data in platforms/ and jurisdictions/ passes every check, in every test run."""

from __future__ import annotations

import datetime as dt
import re

import yaml

from privacy_terms.data.dataset import load_dataset
from privacy_terms.data.provenance import evidence_mix
from privacy_terms.data.publishers import PublisherClass, load_register, weight_of
from privacy_terms.data.vocabulary import DataCategory

from conftest import ROOT

STANCE_NOT_CONFIRMED = re.compile(
    r"^platforms/\w+\.yaml:\d+:\d+: warning: stances\[\d+\]\.as_of: last confirmed "
)
# What a reader must never see: traces of how we happened to read a source.
RESEARCH_TRACES = re.compile(
    r"/work/|shared/research|research sheet|the research\b|copy read|\[seen\]|\[s\]|httrack|"
    r"per the research|fact sheet",
    re.IGNORECASE,
)


def test_real_data_has_no_error_and_no_warning_but_unconfirmed_stances() -> None:
    # Checked against the real date: a file that goes stale must show up here as a warning. A
    # stance with no evidence in two years stays a warning on purpose: the site says so.
    result = load_dataset(ROOT, dt.date.today())
    assert [str(p) for p in result.problems if not STANCE_NOT_CONFIRMED.match(str(p))] == []
    assert result.dataset is not None


def test_data_files_carry_no_trace_of_the_research_process() -> None:
    for path in sorted(
        [*(ROOT / "platforms").glob("*.yaml"), *(ROOT / "jurisdictions").glob("*.yaml")]
    ):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not RESEARCH_TRACES.search(line), f"{path.name}:{number}: {line.strip()}"


def test_every_platform_file_and_hong_kong_are_present() -> None:
    # The data decides how many platforms there are: every file in platforms/ is one of them.
    dataset = load_dataset(ROOT, dt.date.today()).dataset
    assert dataset is not None
    files = sorted(path.stem for path in (ROOT / "platforms").glob("*.yaml"))
    assert sorted(p.id for p in dataset.platforms) == files and files
    assert [j.code for j in dataset.jurisdictions] == ["HK"]
    for platform in dataset.platforms:
        assert [s.jurisdiction for s in platform.stances] == ["HK"], platform.id


def test_at_least_nine_in_ten_of_each_files_sources_are_primary_or_news() -> None:
    """The project's bar for its own data (a contributor's file is warned under three quarters):
    strength from the publisher register, which a `secondary` kind can only lower."""
    dataset = load_dataset(ROOT, dt.date.today()).dataset
    assert dataset is not None
    owners = [*dataset.platforms, *dataset.jurisdictions]
    for owner in owners:
        mix = evidence_mix(weight_of(source, dataset.register) for source in owner.sources)
        assert mix.strong_share() >= 0.9, (getattr(owner, "id", None) or owner.code, str(mix))


def test_current_policies_speak_to_every_data_category() -> None:
    dataset = load_dataset(ROOT, dt.date.today()).dataset
    assert dataset is not None
    for platform in dataset.platforms:
        current = platform.disclosure[-1]
        assert current.effective_until is None, platform.id
        assert {rule.data for rule in current.rules} == set(DataCategory), platform.id


def test_telegram_section_8_3_is_there_before_and_after_september_2024() -> None:
    dataset = load_dataset(ROOT, dt.date.today()).dataset
    assert dataset is not None
    telegram = next(p for p in dataset.platforms if p.id == "telegram")
    ip_rules = [
        next(r.access for r in version.rules if r.data == "ip_address")
        for version in telegram.disclosure
    ]
    assert ip_rules[-2:] == ["court_order_terror_suspect", "judicial_order_criminal_case"]
    assert telegram.disclosure[-2].effective_until == "2024-09-23"


def test_every_platform_file_points_editors_at_the_schema() -> None:
    for path in sorted((ROOT / "platforms").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/platform.schema.json", path.name


def test_every_address_the_translations_cite_is_in_the_publisher_register() -> None:
    """`check` weighs the data's sources by the register; the official names in the translation
    files cite addresses too, and their publishers must be on record the same way."""
    register, _, problems = load_register(ROOT)
    assert register is not None and problems == []
    missing, unreliable_sources = [], []
    for path in sorted((ROOT / "translations" / "zh-hant").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name in data.get("official_names") or ():
            for field in ("source", "read_via"):
                address = name.get(field)
                found = register.find(address) if address else None
                if address and found is None:
                    missing.append(address)
                elif (
                    field == "source"
                    and found
                    and found.publisher_class
                    in (
                        PublisherClass.UNRELIABLE,
                        PublisherClass.SECONDARY,
                    )
                ):
                    unreliable_sources.append(address)
    assert missing == []
    assert unreliable_sources == []


def test_the_translations_use_the_glossary_terms_and_its_terms_say_where_they_come_from() -> None:
    """One term per concept: no translation uses a variant the glossary avoids; a term marked
    confirmed quotes the official source that shows it; every address obeys the rules."""
    from privacy_terms.data.provenance import address_rule_problems
    from privacy_terms.website import glossary

    assert glossary.problems(ROOT) == []
    data = yaml.safe_load((ROOT / "translations/zh-hant/glossary.yaml").read_text(encoding="utf-8"))
    terms = data["terms"]
    concepts = [term["english"] for term in terms]
    assert len(concepts) == len(set(concepts)) and len(terms) >= 10
    for term in terms:
        assert isinstance(term["confirmed"], bool), term["english"]
        if term["confirmed"]:
            assert term["source"] and term["publisher"] and term["quote"], term["english"]
        else:
            assert term["note"], term["english"]  # says what was (not) found
        for field in ("source", "read_via"):
            if term.get(field):
                assert address_rule_problems(term[field]) == [], term[field]


def test_hand_written_pages_name_no_fixed_set_of_platforms() -> None:
    # A list of platforms in prose goes stale with the next data file: the pages say "the
    # platforms people in Hong Kong use", and the lists are rendered from the data.
    dataset = load_dataset(ROOT, dt.date.today()).dataset
    assert dataset is not None
    names = {p.name for p in dataset.platforms} | {"X"}
    for path in sorted((ROOT / "content").rglob("*.md")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            named = {n for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", line)}
            assert len(named) < 3, f"{path.relative_to(ROOT)}:{number}: names {sorted(named)}"
