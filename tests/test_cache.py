"""The cache of loaded files and rendered pages (privacy_terms.utils.cache): it never changes a result."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from privacy_terms.cli import main
from privacy_terms.utils.cache import FileCache

from conftest import copy_repository

TODAY = "2026-11-28"


def check(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["check", "--today", TODAY], root=project)
    return status, capsys.readouterr().out


def test_a_second_check_reports_exactly_what_the_first_did(
    valid_project: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PRIVACY_TERMS_CACHE", str(tmp_path / "cache"))
    first = check(valid_project, capsys)
    assert any((tmp_path / "cache").rglob("*")), "the first run fills the cache"
    assert check(valid_project, capsys) == first


def test_a_changed_file_is_loaded_again(
    valid_project: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PRIVACY_TERMS_CACHE", str(tmp_path / "cache"))
    assert check(valid_project, capsys)[0] == 0
    path = valid_project / "platforms" / "alpha.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "last_reviewed: 2026-11-01", "last_reviewed: 2026-13-01"
        ),
        encoding="utf-8",
    )
    status, out = check(valid_project, capsys)
    assert status == 1 and "platforms/alpha.yaml:6:16: error: last_reviewed:" in out


def test_a_damaged_entry_counts_as_missing(tmp_path: Path) -> None:
    cache = FileCache.for_run("salt", tmp_path)
    key = cache.key("kind", b"content")
    cache.put(key, {"a": 1})
    assert cache.get(key) == {"a": 1}
    (tmp_path / key[:2] / key).write_bytes(b"\x80\x05not a pickle")
    assert cache.get(key) is None


def test_every_input_is_part_of_the_key(tmp_path: Path) -> None:
    cache = FileCache.for_run("2026-11-28", tmp_path)
    key = cache.key("data", "platforms/a.yaml", b"x")
    assert key != cache.key("data", "platforms/b.yaml", b"x")
    assert key != cache.key("data", "platforms/a.yaml", b"y")
    assert key != FileCache.for_run("2026-11-29", tmp_path).key("data", "platforms/a.yaml", b"x")
    assert cache.key("data", "ab", b"c") != cache.key("data", "a", b"bc")


def test_off_keeps_nothing(
    valid_project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRIVACY_TERMS_CACHE", "off")
    assert FileCache.for_run("").folder is None
    assert check(valid_project, capsys)[0] == 0


def test_a_site_built_from_the_cache_is_the_site_built_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_repository(tmp_path / "project")
    monkeypatch.setenv("PRIVACY_TERMS_CACHE", "off")
    assert main(["build"], root=project) == 0
    fresh = read_site(project / "site")
    monkeypatch.setenv("PRIVACY_TERMS_CACHE", str(tmp_path / "cache"))
    assert main(["build"], root=project) == 0  # fills the cache
    assert main(["build"], root=project) == 0  # pages come from it
    assert read_site(project / "site") == fresh


def read_site(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and os.sep + "." not in str(path.relative_to(folder))
    }


def test_a_changed_interface_string_shows_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Compiled templates hold the edition's words (Jinja folds `"Sources"|t` when it compiles):
    a change to the words must not be served from the cache."""
    project = copy_repository(tmp_path / "project")
    monkeypatch.setenv("PRIVACY_TERMS_CACHE", str(tmp_path / "cache"))
    assert main(["build"], root=project) == 0
    interface = project / "translations" / "zh-hant" / "interface.yaml"
    text = interface.read_text(encoding="utf-8")
    assert '"Sources": "資料來源"\n' in text
    interface.write_text(
        text.replace('"Sources": "資料來源"\n', '"Sources": "來源清單"\n'), encoding="utf-8"
    )
    assert main(["build"], root=project) == 0
    page = (project / "site" / "zh-hant" / "platforms" / "telegram.html").read_text(
        encoding="utf-8"
    )
    assert "<h2>來源清單</h2>" in page and "<h2>資料來源</h2>" not in page


def test_a_changed_translation_shows_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Chinese edition's translations are cached as a whole: a change to one file shows."""
    project = copy_repository(tmp_path / "project")
    monkeypatch.setenv("PRIVACY_TERMS_CACHE", str(tmp_path / "cache"))
    assert main(["build"], root=project) == 0
    path = project / "translations" / "zh-hant" / "platforms" / "telegram.yaml"
    text = path.read_text(encoding="utf-8")
    assert "Telegram 於2020年7月表示不會處理香港的要求" in text
    path.write_text(
        text.replace("Telegram 於2020年7月表示不會處理香港的要求", "已修改的譯文", 1),
        encoding="utf-8",
    )
    assert main(["build"], root=project) == 0
    page = (project / "site" / "zh-hant" / "platforms" / "telegram.html").read_text(
        encoding="utf-8"
    )
    assert "已修改的譯文" in page


def test_an_edited_data_file_shows_at_once_everywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A platform's page and its line of platforms.json are cached by the file's content; an
    edit shows on its page, on the pages that gather every platform and in the open data."""
    project = copy_repository(tmp_path / "project")
    monkeypatch.setenv("PRIVACY_TERMS_CACHE", str(tmp_path / "cache"))
    assert main(["build"], root=project) == 0
    path = project / "platforms" / "telegram.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\nsummary: >-\n  " in text
    path.write_text(
        text.replace("\nsummary: >-\n  ", "\nsummary: >-\n  Edited summary. ", 1), encoding="utf-8"
    )
    assert main(["build"], root=project) == 0
    site = project / "site"
    for page in ("platforms/telegram.html", "platforms/index.html", "data/platforms.json"):
        assert "Edited summary." in (site / page).read_text(encoding="utf-8"), page


def test_a_translation_changes_only_its_own_files_pages_cached_or_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A translation belongs to its file (issue #22): Telegram's and WhatsApp's data share a
    note, each file translates it, and a change to WhatsApp's translation shows on WhatsApp's
    page only. Cached pages follow: WhatsApp's is rendered again, Telegram's keeps its own."""
    project = copy_repository(tmp_path / "project")
    monkeypatch.setenv("PRIVACY_TERMS_CACHE", str(tmp_path / "cache"))
    assert main(["build"], root=project) == 0
    site = project / "site" / "zh-hant" / "platforms"
    telegram = (site / "telegram.html").read_bytes()
    path = project / "translations" / "zh-hant" / "platforms" / "whatsapp.yaml"
    text = path.read_text(encoding="utf-8")
    entry = '"sources[21].note":\n  text: "作者：Adam Smith。"\n'
    assert entry in text
    path.write_text(text.replace(entry, entry.replace("作者：", "撰文：")), encoding="utf-8")
    assert main(["build"], root=project) == 0
    whatsapp = (site / "whatsapp.html").read_text(encoding="utf-8")
    assert "撰文：Adam Smith。" in whatsapp and "作者：Adam Smith。" not in whatsapp
    assert (site / "telegram.html").read_bytes() == telegram
    assert "作者：Adam Smith。" in telegram.decode("utf-8")


def test_the_folder_is_kept_under_its_size_by_removing_the_least_recently_used(
    tmp_path: Path,
) -> None:
    cache = FileCache.for_run("salt", tmp_path)
    keys = [cache.key("kind", str(n)) for n in range(4)]
    for age, key in zip((400, 300, 200, 100), keys, strict=True):
        cache.put(key, b"x" * 1000)
        os.utime(tmp_path / key[:2] / key, (0, 10_000 - age))
    assert cache.get(keys[0]) is not None  # the oldest is used now: kept
    size = (tmp_path / keys[0][:2] / keys[0]).stat().st_size
    removed = cache.prune(limit_bytes=2 * size, now=20_000)
    assert removed == 2 * size
    assert [cache.has(key) for key in keys] == [True, False, False, True]
    # Once pruned, not again within the hour (the folder may hold tens of thousands of files).
    for key in keys[1:3]:
        cache.put(key, b"x" * 1000)
    assert cache.prune(limit_bytes=0, now=20_000 + 3000) == 0
    assert cache.prune(limit_bytes=0, now=20_000 + 3700) == 3 * size + size
    assert not any(cache.has(key) for key in keys)


def test_pruning_removes_only_what_the_cache_made(tmp_path: Path) -> None:
    """PRIVACY_TERMS_CACHE may name a folder that holds other programs' files too."""
    cache = FileCache.for_run("salt", tmp_path)
    key = cache.key("kind", "x")
    cache.put(key, b"x" * 1000)
    compiled = cache.compiled_templates("en", "{}")
    assert compiled is not None
    compiled.mkdir(parents=True)
    (compiled / "__jinja2_abc.cache").write_bytes(b"code")
    others = [
        tmp_path / "other-app" / "data.bin",
        tmp_path / key[:2] / "notes.txt",
        tmp_path / "ab.txt",
    ]
    for other in others:
        other.parent.mkdir(parents=True, exist_ok=True)
        other.write_bytes(b"y" * 5000)
    cache.prune(limit_bytes=0, now=1e9)
    assert not cache.has(key) and not (compiled / "__jinja2_abc.cache").exists()
    assert all(other.read_bytes() == b"y" * 5000 for other in others)
