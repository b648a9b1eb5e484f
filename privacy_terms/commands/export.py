"""`python build.py export`: everything a copy needs, in dist/, identical for the same commit.

dist/ holds the single-file edition, the whole site zipped for opening from disk, the open data and
SHA256SUMS over all of it, side by side with no subfolder: exactly the files a release carries. It
is assembled in a temporary folder and moved into place only when complete, so a failed export
leaves the previous dist/ as it was.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import zipfile
from pathlib import Path, PurePosixPath

import markdown

from privacy_terms.commands.build import build_into
from privacy_terms.commands.check import run_check
from privacy_terms.data.dataset import Dataset
from privacy_terms.data.load import load_file
from privacy_terms.data.model import Jurisdiction, Platform
from privacy_terms.utils.dates import human_date
from privacy_terms.utils.swap import replace_dir, staging_folder
from privacy_terms.website import i18n, publish, site_views
from privacy_terms.website.i18n import CHINESE, CONFIG_FILES
from privacy_terms.website.pages import SiteOptions, render_pages, replace_markers
from privacy_terms.website.single_file import Edition, Section, build_single_file
from privacy_terms.website.translations import data_file, translated_texts
from privacy_terms.website.translations import load_translations as load_data_translations

DIST_DIR = "dist"
SINGLE_FILE = "privacy-terms.html"
SINGLE_FILE_ZH = "privacy-terms.zh-hant.html"
"""The Traditional Chinese single file, written when the project has mkdocs.zh-hant.yml."""
SITE_ZIP = "privacy-terms-site.zip"
ZIP_FOLDER = "privacy-terms-site"
CHECKSUMS = "SHA256SUMS"
CONTENT_SECTIONS = (("index.md", "Home"),)
CLOSING_SECTIONS = (("methodology.md", "Methodology"), ("about.md", "About"))


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `export`."""
    export = commands.add_parser(
        "export",
        help="write dist/: single-file edition, zipped offline site, open data, SHA256SUMS",
    )
    export.set_defaults(run=run_export)


def run_export(args: argparse.Namespace) -> int:
    """Check the data, then assemble dist/ in a temporary folder and move it into place."""
    result = run_check(args)
    if not result.ok or result.dataset is None:
        print(
            "Nothing was exported: fix the errors above. dist/ was left as it was.", file=sys.stderr
        )
        return 1
    root: Path = args.root
    with staging_folder(root, ".dist-build-") as staging:
        if export_into(root, result.dataset, staging) != 0:
            print("The export failed (see above). dist/ was left as it was.", file=sys.stderr)
            return 1
        replace_dir(staging, root / DIST_DIR)
    print(
        f"Exported to {DIST_DIR}/: check a copy with `cd {DIST_DIR} && sha256sum -c {CHECKSUMS}`."
    )
    return 0


def export_into(root: Path, dataset: Dataset, target: Path) -> int:
    """Write every export file into `target`; return 0, or 1 if the site build failed."""
    with staging_folder(root, ".export-site-") as site:
        if build_into(root, site, dataset) != 0:
            return 1
        version = publish.data_version(root)
        stamp = site_views.latest_review(dataset.platforms, dataset.jurisdictions)
        write_zip(site, target / SITE_ZIP, ZIP_FOLDER, stamp)
        for path, text in publish.data_files(dataset, version).items():
            # Flat: a release carries files, not folders, so dist/ holds exactly what it ships.
            _write(target / PurePosixPath(path).name, text)
        edition = Edition(human_date(stamp), version, _repository(root))
        _write(target / SINGLE_FILE, single_file(root, dataset, edition))
        if (root / CONFIG_FILES[CHINESE]).is_file():
            chinese = Edition(_chinese_date(stamp), version, _repository(root))
            _write(target / SINGLE_FILE_ZH, single_file_zh(root, dataset, chinese))
        _write(target / CHECKSUMS, checksums(target))
    return 0


def single_file(root: Path, dataset: Dataset, edition: Edition) -> str:
    """Return the single-file edition: the content pages and every generated page but the lists."""
    options = SiteOptions(use_directory_urls=False, data_edit_base=None)
    pages = render_pages(dataset, options)
    sections = [
        _content_section(root, uri, title, dataset, options) for uri, title in CONTENT_SECTIONS
    ]
    hong_kong = site_views.jurisdiction_uri(dataset.jurisdiction("HK"))
    sections.append(Section(hong_kong, "Hong Kong", pages[hong_kong]))
    sections.append(
        Section(site_views.DISCLOSURE, "Disclosure matrix", pages[site_views.DISCLOSURE])
    )
    for platform in dataset.platforms:
        uri = site_views.platform_uri(platform)
        sections.append(Section(uri, platform.name, pages[uri]))
    sections += [
        _content_section(root, uri, title, dataset, options) for uri, title in CLOSING_SECTIONS
    ]
    css = (root / "theme" / "style.css").read_text(encoding="utf-8")
    return build_single_file(sections, edition, css)


def single_file_zh(root: Path, dataset: Dataset, edition: Edition) -> str:
    """Return the Traditional Chinese single file: the same sections as `single_file`, from the
    Chinese edition's pages (content/zh-hant/ and the translations)."""
    translations = i18n.load_translations(root, CHINESE)
    owners: tuple[Platform | Jurisdiction, ...] = (*dataset.platforms, *dataset.jurisdictions)
    data = {
        data_file(owner): load_data_translations(root, data_file(owner), CHINESE)
        for owner in owners
    }
    options = SiteOptions(False, None, CHINESE, translations, data, translated_texts(owners, data))
    pages = render_pages(dataset, options)
    folder = f"content/{CHINESE}"
    t = translations.t
    sections = [
        _content_section(root, uri, t(title), dataset, options, folder)
        for uri, title in CONTENT_SECTIONS
    ]
    hong_kong = site_views.jurisdiction_uri(dataset.jurisdiction("HK"))
    sections.append(Section(hong_kong, t("Hong Kong"), pages[hong_kong]))
    sections.append(
        Section(site_views.DISCLOSURE, t("Disclosure matrix"), pages[site_views.DISCLOSURE])
    )
    for platform in dataset.platforms:
        uri = site_views.platform_uri(platform)
        sections.append(Section(uri, platform.name, pages[uri]))
    sections += [
        _content_section(root, uri, t(title), dataset, options, folder)
        for uri, title in CLOSING_SECTIONS
    ]
    css = (root / "theme" / "style.css").read_text(encoding="utf-8")
    note = i18n.translation_note(root)
    return build_single_file(sections, edition, css, CHINESE, note)


def _chinese_date(stamp: str) -> str:
    return i18n.Translations(CHINESE).date(stamp)


def _content_section(
    root: Path,
    uri: str,
    title: str,
    dataset: Dataset,
    options: SiteOptions,
    folder: str = "content",
) -> Section:
    text = (root / folder / uri).read_text(encoding="utf-8")
    text = replace_markers(text, dataset, options, uri)
    body = markdown.markdown(text, extensions=["meta", "attr_list", "toc"])
    return Section(uri, title, body)


def write_zip(folder: Path, target: Path, prefix: str, stamp: str) -> None:
    """Zip `folder` under `prefix/`, entries sorted and dated `stamp`, so the bytes never vary."""
    year, month, day = (int(part) for part in (stamp + "-01")[:10].split("-"))
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(
                f"{prefix}/{path.relative_to(folder).as_posix()}", (year, month, day, 0, 0, 0)
            )
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compresslevel=9)


def checksums(folder: Path) -> str:
    """Return SHA256SUMS for every file in `folder` (in `sha256sum -c` format), sorted by path."""
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != CHECKSUMS):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(folder).as_posix()}\n")
    return "".join(lines)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def _repository(root: Path) -> str | None:
    """The project's public address from mkdocs.yml (`repo_url`), or None where none is set."""
    document, _ = load_file(root / "mkdocs.yml", "mkdocs.yml")
    data = document.data if document else None
    value = data.get("repo_url") if isinstance(data, dict) else None
    return value if isinstance(value, str) and value else None
