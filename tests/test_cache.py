"""The cache of loaded files and rendered pages (privacy_terms.utils.cache): it never changes a result."""

from __future__ import annotations

import io
import json
import marshal
import os
import pickle
import shutil
import stat
from collections.abc import Callable
from hashlib import sha256
from pathlib import Path

import pytest
from jinja2.bccache import bc_magic

from privacy_terms.cli import main
from privacy_terms.utils.cache import FileCache, as_text, problems_of, signing_key

from conftest import FIXTURES, copy_repository

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


def as_is(value: object) -> object:
    return value


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"\x80\x05not a pickle",
        lambda data: data[: len(data) // 2],  # a disk that filled up halfway
        lambda data: data.replace(b'"a":1', b'"a":2'),  # the checksum no longer matches
        lambda data: data.replace(b"privacy-terms-cache 2", b"privacy-terms-cache 1"),
        lambda data: b"",
    ],
)
def test_a_damaged_entry_counts_as_missing(
    tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    cache = FileCache.for_run("salt", tmp_path)
    key = cache.key("kind", b"content")
    cache.put(key, {"a": 1})
    assert cache.get(key, as_is) == {"a": 1}
    path = tmp_path / key[:2] / key
    path.write_bytes(damage(path.read_bytes()))
    assert cache.get(key, as_is) is None


def test_an_entry_under_another_key_counts_as_missing(tmp_path: Path) -> None:
    """The checksum covers the key too: an entry copied or renamed to another key is not read."""
    cache = FileCache.for_run("salt", tmp_path)
    key, other = cache.key("kind", b"a"), cache.key("kind", b"b")
    cache.put(key, "a")
    (tmp_path / other[:2]).mkdir(exist_ok=True)
    shutil.copy(tmp_path / key[:2] / key, tmp_path / other[:2] / other)
    assert cache.get(key, as_text) == "a"
    assert cache.get(other, as_text) is None


def test_an_entry_of_the_wrong_shape_counts_as_missing(tmp_path: Path) -> None:
    cache = FileCache.for_run("salt", tmp_path)
    key = cache.key("kind", b"content")
    cache.put(key, {"a": 1})
    assert cache.get(key, as_text) is None
    cache.put(key, [["a.yaml", 1, 1, "fatal", "x"]])
    assert cache.get(key, problems_of) is None


def test_a_pickle_in_the_cache_is_never_run(
    valid_project: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Whoever can write the cache folder must not run code: entries are never unpickled."""
    monkeypatch.setenv("PRIVACY_TERMS_CACHE", str(tmp_path / "cache"))
    first = check(valid_project, capsys)
    marker = tmp_path / "ran"
    planted = pickle.dumps(_RunsCode(str(marker)))
    entries = cache_entries(tmp_path / "cache")
    assert entries
    for entry in entries:
        entry.write_bytes(planted)
    assert check(valid_project, capsys) == first
    assert not marker.exists()


def test_pipes_and_links_planted_in_the_cache_are_not_read(
    valid_project: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Reading a pipe would wait for ever; a link would read another file."""
    monkeypatch.setenv("PRIVACY_TERMS_CACHE", str(tmp_path / "cache"))
    first = check(valid_project, capsys)
    entries = cache_entries(tmp_path / "cache")
    assert entries
    for number, entry in enumerate(entries):
        entry.unlink()
        if number % 2:
            os.mkfifo(entry)
        else:
            entry.symlink_to(valid_project / "platforms" / "alpha.yaml")
    assert check(valid_project, capsys) == first  # before: waited on the first pipe


class _RunsCode:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (self.path, "w"))


def cache_entries(folder: Path) -> list[Path]:
    return [path for path in folder.glob("??/*") if path.is_file()]


@pytest.mark.parametrize(
    "planted",
    [
        b"garbage",
        b'privacy-terms-cache 2 0000\n{"item": 5}',
        "wrong shapes",
    ],
)
def test_every_entry_damaged_or_of_the_wrong_shape_gives_the_same_check_and_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, planted: bytes | str
) -> None:
    """A damaged cache never breaks a build (nor makes `check` exit 3): the results are
    computed again, the same."""
    project = copy_repository(tmp_path / "project")
    monkeypatch.setenv("PRIVACY_TERMS_CACHE", str(tmp_path / "cache"))
    assert main(["build"], root=project) == 0
    fresh = read_site(project / "site")
    entries = cache_entries(tmp_path / "cache")
    assert len(entries) > 20
    for number, entry in enumerate(entries):
        if isinstance(planted, bytes):
            entry.write_bytes(planted)
        else:  # well-formed entries, with a right checksum, of the wrong shape
            value = [None, 3, [1], {}, {"item": [1], "problems": []}, {"fields": 1}][number % 6]
            body = json.dumps(value).encode()
            checksum = sha256(entry.name.encode() + b"\n" + body).hexdigest().encode()
            entry.write_bytes(b"privacy-terms-cache 2 " + checksum + b"\n" + body)
    assert main(["check"], root=project) == 0
    assert main(["build"], root=project) == 0
    assert read_site(project / "site") == fresh


def test_an_entry_made_by_a_deleted_copy_still_points_at_this_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two clones share the user's cache: a result never names the checkout that made it."""
    monkeypatch.setenv("PRIVACY_TERMS_CACHE", str(tmp_path / "cache"))
    message = (
        "platforms/index.yaml:3:5: error: id: 'index' is the name of a generated page "
        "(platforms/index.html, the list of platforms): choose another id"
    )
    outputs = []
    for name in ("first", "second"):
        project = tmp_path / name
        shutil.copytree(FIXTURES / "valid", project)
        alpha = (project / "platforms" / "alpha.yaml").read_text(encoding="utf-8")
        (project / "platforms" / "index.yaml").write_text(
            alpha.replace("\nid: alpha\n", "\nid: index\n"), encoding="utf-8"
        )
        outputs.append(check(project, capsys))
        shutil.rmtree(project)
    assert outputs[0] == outputs[1]
    assert outputs[1][0] == 1 and message in outputs[1][1]
    for entry in cache_entries(tmp_path / "cache"):
        assert str(tmp_path).encode() not in entry.read_bytes()


def test_the_size_limit_counts_every_entry_pages_included(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_repository(tmp_path / "project")
    folder = tmp_path / "cache"
    monkeypatch.setenv("PRIVACY_TERMS_CACHE", str(folder))
    assert main(["build"], root=project) == 0
    made = [path for path in folder.rglob("*") if path.is_file() and path.name != ".pruned"]
    assert len(made) > 20
    FileCache.for_run("", folder).prune(limit_bytes=0, now=1e12)
    left = [path for path in folder.rglob("*") if path.is_file() and path.name != ".pruned"]
    assert left == []


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
        cache.put(key, "x" * 1000)
        os.utime(tmp_path / key[:2] / key, (0, 10_000 - age))
    assert cache.get(keys[0], as_is) is not None  # the oldest is used now: kept
    size = (tmp_path / keys[0][:2] / keys[0]).stat().st_size
    removed = cache.prune(limit_bytes=2 * size, now=20_000)
    assert removed == 2 * size
    assert [cache.has(key) for key in keys] == [True, False, False, True]
    # Once pruned, not again within the hour (the folder may hold tens of thousands of files).
    for key in keys[1:3]:
        cache.put(key, "x" * 1000)
    assert cache.prune(limit_bytes=0, now=20_000 + 3000) == 0
    assert cache.prune(limit_bytes=0, now=20_000 + 3700) == 3 * size + size
    assert not any(cache.has(key) for key in keys)


def test_pruning_removes_only_what_the_cache_made(tmp_path: Path) -> None:
    """PRIVACY_TERMS_CACHE may name a folder that holds other programs' files too."""
    cache = FileCache.for_run("salt", tmp_path)
    key = cache.key("kind", "x")
    cache.put(key, "x" * 1000)
    # Compiled templates are no longer kept on disk; earlier versions' are removed too.
    compiled = tmp_path / "templates" / ("0" * 24)
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


def test_a_compiled_template_planted_in_the_cache_is_never_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Compiled templates are code: before, Jinja's file cache unpickled and ran whatever the
    cache folder held. Now one is loaded only when signed with the user's key, kept elsewhere."""
    project = copy_repository(tmp_path / "project")
    folder = tmp_path / "cache"
    monkeypatch.setenv("PRIVACY_TERMS_CACHE", str(folder))
    assert main(["build"], root=project) == 0
    fresh = read_site(project / "site")
    compiled = sorted(folder.glob("templates/*/__jinja2_*"))
    assert compiled
    marker = tmp_path / "ran"
    code = marshal.dumps(compile(f"open({str(marker)!r}, 'w').close()", "planted", "exec"))
    for path in compiled:
        signature, _, data = path.read_bytes().partition(b"\n")
        stream = io.BytesIO(data[len(bc_magic) :])
        pickle.load(stream)  # the template's checksum, which Jinja compares: kept
        planted = data[: len(bc_magic) + stream.tell()] + code
        path.write_bytes(signature + b"\n" + planted)
    assert main(["build"], root=project) == 0
    assert not marker.exists()
    assert read_site(project / "site") == fresh


def test_a_signing_key_others_can_read_or_replace_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = tmp_path / "config" / "cache-key"
    monkeypatch.setenv("PRIVACY_TERMS_CACHE_KEY", str(key))
    made = signing_key()
    assert made is not None and len(made) == 32 and signing_key() == made
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    key.chmod(0o644)
    assert signing_key() is None
    key.chmod(0o600)
    link = tmp_path / "link"
    link.symlink_to(key)
    monkeypatch.setenv("PRIVACY_TERMS_CACHE_KEY", str(link))
    assert signing_key() is None
