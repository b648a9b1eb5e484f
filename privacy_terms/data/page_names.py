"""The page each data file makes, and the names those pages may not take.

A platform's page is `platforms/<id>.md` and a jurisdiction's is named after it (`hong-kong.md`).
Such a page must not be a page the site already has (generated from the whole dataset, or
hand-written in content/), nor a file name Windows cannot hold (the offline copy is unzipped on
Windows too). `check` reports a clash with what to change, so it never surfaces as a confusing
MkDocs error at build time, or as a page silently replaced by another.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from privacy_terms.data.checks import Entry
from privacy_terms.data.model import Jurisdiction, Platform
from privacy_terms.data.page_uris import GENERATED, jurisdiction_uri
from privacy_terms.utils.links import page_path
from privacy_terms.utils.problems import Problem

CONTENT_DIR = "content"
"""The hand-written pages (`docs_dir` in mkdocs.yml)."""
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}
)
_RESERVED_HELP = "a reserved file name on Windows (con, prn, aux, nul, com0-com9, lpt0-lpt9)"
MAX_NAME = 100
"""The longest platform id, or page name from a jurisdiction's name. The build names files after
it with up to 19 characters more (`platforms__<id>.md.html` while rendering); an encrypted home
folder (eCryptfs) holds at most 143 bytes in a file name, and Windows, where the offline copy is
unzipped, 260 characters in a whole path (`...\\zh-hant\\platforms\\<id>\\index.html`)."""
_TOO_LONG_HELP = (
    f"at most {MAX_NAME}: the build names files after it (platforms/<id>.html, and names up to "
    "19 characters longer while building), and some systems cannot hold longer names (encrypted "
    "home folders hold 143 characters per file name; Windows, where the offline copy is unzipped, "
    "260 per path)"
)


def generated_pages() -> dict[str, str]:
    """Return the pages made from the whole dataset, by source path, with what each one is."""
    return dict(GENERATED)


def id_problem(platform_id: str) -> str | None:
    """Return why a (valid) platform id cannot name a page, or None."""
    if len(platform_id) > MAX_NAME:
        return (
            f"the id is {len(platform_id)} characters long; ids have {_TOO_LONG_HELP}: "
            "choose a shorter id"
        )
    uri = f"platforms/{platform_id}.md"
    what = generated_pages().get(uri)
    if what:
        return f"{platform_id!r} is the name of a generated page ({page_path(uri, False)}, {what}): choose another id"
    if platform_id in WINDOWS_RESERVED:
        return f"{platform_id!r} is {_RESERVED_HELP}: choose another id"
    return None


class _Pages:
    """Output paths already taken, in both of MkDocs' URL styles, and by what."""

    def __init__(self) -> None:
        self.files: dict[str, str] = {}
        self.folders: dict[str, str] = {}

    def add(self, uri: str, owner: str) -> None:
        self.files.setdefault(page_path(uri, False), owner)
        self.folders.setdefault(page_path(uri, True), owner)

    def owner(self, uri: str) -> tuple[str, bool] | None:
        """Return who has the page already, and whether only when pages are folders."""
        if page_path(uri, False) in self.files:
            return self.files[page_path(uri, False)], False
        if page_path(uri, True) in self.folders:
            return self.folders[page_path(uri, True)], True
        return None


def check_pages(
    root: Path,
    platforms: Sequence[Entry[Platform]],
    jurisdictions: Sequence[Entry[Jurisdiction]],
) -> list[Problem]:
    """Every platform and jurisdiction page has a name of its own."""
    taken = _Pages()
    for uri, what in generated_pages().items():
        taken.add(uri, f"is {what}")
    for uri in hand_written_pages(root):
        taken.add(uri, f"content/{uri}")
    problems = []
    for entry in platforms:
        platform_id = entry.item.id
        if platform_id != PurePosixPath(entry.document.path).stem:
            continue  # reported already: the id must equal the file name
        uri = f"platforms/{platform_id}.md"
        problem = id_problem(platform_id)
        clash = taken.owner(uri)
        if problem is None and clash is not None:
            problem = _clash(repr(platform_id), uri, clash, "choose another id")
        if problem:
            problems.append(entry.problem(("id",), "error", f"id: {problem}"))
        taken.add(uri, f"platforms/{platform_id}.yaml")
    for entry_j in jurisdictions:
        name = entry_j.item.name
        if entry_j.item.code != PurePosixPath(entry_j.document.path).stem:
            continue
        uri = jurisdiction_uri(entry_j.item)
        clash = taken.owner(uri)
        if len(uri.removesuffix(".md")) > MAX_NAME:
            message = (
                f"it makes a page name of {len(uri.removesuffix('.md'))} characters; page names "
                f"have {_TOO_LONG_HELP}: change the name"
            )
        elif uri.removesuffix(".md") in WINDOWS_RESERVED:
            message = f"{name!r} makes the page {page_path(uri, False)}, {_RESERVED_HELP}: change the name"
        elif clash is not None:
            message = _clash(f"{name!r}", uri, clash, "change the name")
        else:
            taken.add(uri, f"jurisdictions/{entry_j.item.code}.yaml")
            continue
        problems.append(entry_j.problem(("name",), "error", f"name: {message}"))
    return problems


def _clash(what: str, uri: str, clash: tuple[str, bool], fix: str) -> str:
    owner, only_as_folders = clash
    page = page_path(uri, False)
    when = " when pages are folders (use_directory_urls)" if only_as_folders else ""
    if owner.startswith("is "):
        return f"{what} makes the page {page}, which {owner}{when}: {fix}"
    if owner.startswith(f"{CONTENT_DIR}/"):
        return f"{what} makes the page {page}, which {owner} already is{when}: rename {owner}, or {fix}"
    return (
        f"{what} makes the page {page}, which {owner} already makes{when}: change one of the names"
    )


def hand_written_pages(root: Path) -> list[str]:
    """Return the Markdown pages under content/, as paths relative to it (links not followed)."""
    folder = root / CONTENT_DIR
    pages = []
    for parent, folders, names in os.walk(folder):
        folders.sort()
        for name in sorted(names):
            if name.endswith(".md"):
                pages.append(Path(parent, name).relative_to(folder).as_posix())
    return pages
