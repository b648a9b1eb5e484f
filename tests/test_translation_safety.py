"""Issue #22: translations are contributor text, data and never code; each belongs to its file."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from test_checks import split_fixture
from test_site import REPO, make_project

from privacy_terms.cli import main
from privacy_terms.website.i18n import (
    CHINESE,
    Translations,
    fill,
    interface_problems,
    translation_note,
)

from conftest import FIXTURES

INVALID_INTERFACE = sorted((FIXTURES / "invalid-interface").glob("*.yaml"))


def chinese_project(tmp_path: Path, *fixtures: str) -> Path:
    """The fixture projects with the Chinese edition and the real interface strings."""
    root = make_project(tmp_path, "valid", *fixtures)
    shutil.copy(REPO / "mkdocs.zh-hant.yml", root / "mkdocs.zh-hant.yml")
    (root / "translations" / "zh-hant" / "platforms").mkdir(parents=True)
    for name in ("interface.yaml", "vocabulary.yaml", "status.yaml"):
        shutil.copy(
            REPO / "translations" / "zh-hant" / name, root / "translations" / "zh-hant" / name
        )
    return root


# --- Interface strings: `{name}` placeholders filled by plain substitution ---------------------


def test_a_placeholder_is_filled_and_nothing_else_is_evaluated() -> None:
    assert fill("首次表示於{date}。", {"date": "2020年7月6日"}) == "首次表示於2020年7月6日。"
    hostile = "{date.__class__.__init__.__globals__}{date!r}{date:>300000000}{0}{date[0]}"
    assert fill(hostile, {"date": "2020"}) == hostile
    assert fill("{dat} {{date}}", {"date": "2020"}) == "{dat} {2020}"


def test_a_hostile_translation_is_shown_as_written_never_evaluated() -> None:
    strings = {
        "In force {period}.": "{period.__new__.__globals__[sys].modules[os].environ}",
        "First said {date}.": "{date:>300000000}",
        "Last reviewed {date}.": "{dat}",
    }
    chinese = Translations(CHINESE, strings)
    assert chinese.t("In force {period}.", period="x") == strings["In force {period}."]
    assert chinese.t("First said {date}.", date="2020") == "{date:>300000000}"
    assert chinese.t("Last reviewed {date}.", date="2020") == "{dat}"


def test_a_reviewer_name_is_shown_as_written(tmp_path: Path) -> None:
    folder = tmp_path / "translations" / "zh-hant"
    folder.mkdir(parents=True)
    (folder / "status.yaml").write_text('reviewed_by: "{reviewer:>300000000}"\n', encoding="utf-8")
    assert translation_note(tmp_path) == "翻譯已由{reviewer:>300000000}審閱。"


def test_every_real_interface_translation_keeps_its_placeholders() -> None:
    assert interface_problems(REPO, CHINESE) == []


def test_there_is_an_invalid_interface_fixture_per_rule() -> None:
    assert [path.stem for path in INVALID_INTERFACE] == [
        "attribute-lookup",
        "format-spec",
        "missing-placeholder",
        "misspelt-placeholder",
        "stray-brace",
    ]


@pytest.mark.parametrize("fixture", INVALID_INTERFACE, ids=lambda p: p.stem)
def test_check_and_build_refuse_an_interface_translation_that_is_not_plain_text(
    fixture: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected, body = split_fixture(fixture)
    assert expected, f"{fixture.name} has no '# expect:' line"
    root = chinese_project(tmp_path)
    (root / "translations" / "zh-hant" / "interface.yaml").write_text(body, encoding="utf-8")
    assert main(["check", "--today", "2026-11-28"], root=root) == 1
    out = capsys.readouterr().out
    assert [line for line in out.splitlines() if ": error: " in line] == expected
    assert main(["build"], root=root) == 1
    captured = capsys.readouterr()
    assert expected[0] in captured.out + captured.err
    assert not (root / "site").exists()
    secret = os.environ.get("PATH", "")
    assert secret not in captured.out + captured.err


# --- Each translation belongs to its file ------------------------------------------------------


def copy_of_alpha(root: Path, platform_id: str, name: str) -> None:
    """A new platform file copied from Alpha's: same English words, its own id and name."""
    text = (root / "platforms" / "alpha.yaml").read_text(encoding="utf-8")
    text = text.replace("\nid: alpha\n", f"\nid: {platform_id}\n")
    text = text.replace("\nname: Alpha Chat\n", f"\nname: {name}\n")
    (root / "platforms" / f"{platform_id}.yaml").write_text(text, encoding="utf-8")


def translate(root: Path, platform_id: str, words: str) -> None:
    """Give a platform a translation file whose every field says `words`, made from its
    English as it reads now (so no translation is marked as older than its English)."""
    from privacy_terms.data.dataset import load_dataset
    from privacy_terms.website.translations import data_file, fingerprint, translated_fields

    from conftest import TODAY

    dataset = load_dataset(root, TODAY).dataset
    assert dataset is not None
    owner = next(p for p in dataset.platforms if p.id == platform_id)
    target = root / "translations" / "zh-hant" / data_file(owner)
    target.write_text(
        "".join(
            f'"{name}":\n  text: "{words}"\n  english: "{fingerprint(english)}"\n'
            for name, english in translated_fields(owner)
        ),
        encoding="utf-8",
    )


def chinese_tree(root: Path) -> dict[str, bytes]:
    folder = root / "site" / "zh-hant"
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_a_new_platforms_translation_cannot_rewrite_another_platforms_pages(
    tmp_path: Path,
) -> None:
    """The attack of issue #22: a new platform copied from Alpha, with its own translation file
    of "POISON 毒". Alpha's Chinese page stays byte for byte the same, and on the pages every
    platform shares, the poison stands only where the new platform's own fields do."""
    root = chinese_project(tmp_path)
    translate(root, "alpha", "阿爾法譯文")
    assert main(["build"], root=root) == 0
    before = chinese_tree(root)
    assert before["platforms/alpha.html"].count("阿爾法譯文".encode()) > 10

    copy_of_alpha(root, "poison", "Poison Chat")
    translate(root, "poison", "POISON 毒")
    assert main(["build"], root=root) == 0
    attacked = chinese_tree(root)
    assert attacked["platforms/alpha.html"] == before["platforms/alpha.html"]
    assert b"POISON" in attacked["platforms/poison.html"]

    # The same new platform translated harmlessly: every page differs from the attacked one
    # only where the new platform's own translation stands.
    translate(root, "poison", "貝塔譯文")
    assert main(["build"], root=root) == 0
    harmless = chinese_tree(root)
    assert sorted(harmless) == sorted(attacked)
    shared = ("index.html", "hong-kong.html", "sources.html", "changes.html", "disclosure.html")
    for page in shared:
        assert b"POISON" in attacked[page] or page in (
            "index.html",
            "sources.html",
            "disclosure.html",
        ), page
    for page, content in attacked.items():
        assert content.replace("POISON 毒".encode(), "貝塔譯文".encode()) == harmless[page], page


def test_an_untranslated_copy_shows_english_with_its_marker_not_anothers_translation(
    tmp_path: Path,
) -> None:
    root = chinese_project(tmp_path)
    translate(root, "alpha", "阿爾法譯文")
    copy_of_alpha(root, "beta", "Beta Talk")
    assert main(["build"], root=root) == 0
    page = (root / "site" / "zh-hant" / "platforms" / "beta.html").read_text(encoding="utf-8")
    assert "阿爾法譯文" not in page
    assert (
        '<span lang="en">Alpha Chat announces a pause.</span> <span class="untranslated">（尚未翻譯）</span>'
        in page
    )


def test_diff_lists_every_change_to_a_files_translations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pull request that edits another platform's Chinese text is visible in `diff`."""
    from conftest import GIT_ENV, commit, make_repo

    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    repo = make_repo(tmp_path)
    (repo / "translations" / "zh-hant" / "platforms").mkdir(parents=True)
    translate(repo, "alpha", "阿爾法譯文")
    (repo / "translations" / "zh-hant" / "interface.yaml").write_text(
        '"Sources": "來源"\n"Evidence": "證據"\n', encoding="utf-8"
    )
    commit(repo, "Alpha in Chinese")
    path = repo / "translations" / "zh-hant" / "platforms" / "alpha.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("阿爾法譯文", "POISON 毒", 3), encoding="utf-8")
    (repo / "translations" / "zh-hant" / "interface.yaml").write_text(
        '"Sources": "毒"\n', encoding="utf-8"
    )
    copy_of_alpha(repo, "beta", "Beta Talk")
    translate(repo, "beta", "貝塔譯文")
    assert main(["diff", "HEAD", "--today", "2026-11-28"], root=repo) == 0
    out, err = capsys.readouterr()
    fields = text.count("  text: ")
    # Beta's own conclusions (listed because it is new) are test_diff.py's subject.
    shown = [
        line
        for line in out.splitlines()
        if not line.startswith("Beta Talk · ")
        or line.startswith(("Beta Talk · platform", "Beta Talk · translation"))
    ]
    assert (shown, err) == (
        [
            "Alpha Chat · translation · zh-hant: 3 entries changed",
            "Beta Talk · platform added: beta, 4 sources",
            f"Beta Talk · translation · zh-hant: {fields} entries added",
            "interface strings · zh-hant · interface.yaml: 1 entry changed, 1 entry removed",
        ],
        "",
    )
