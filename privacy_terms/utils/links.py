"""Relative URLs between the site's pages, computed from each page's own source path.

MkDocs rewrites links in Markdown, but not inside raw HTML blocks, and our generated pages are raw
HTML. So we compute every link ourselves, relative to the page that contains it: the site then works
under any path prefix and from file://, with `use_directory_urls` either true or false.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache


def page_path(src_uri: str, use_directory_urls: bool) -> str:
    """Return where the page built from `src_uri` lives, relative to the site root.

    `platforms/alpha.md` becomes `platforms/alpha.html`, or `platforms/alpha/` with directory URLs
    (`index.md` files become their folder), exactly as MkDocs names them.
    """
    stem = src_uri.removesuffix(".md")
    if not use_directory_urls:
        return f"{stem}.html"
    if stem == "index":
        return "./"
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


@lru_cache(maxsize=65536)
def relative_url(from_path: str, to_path: str) -> str:
    """Return the link from the page at `from_path` to `to_path` (both from `page_path`)."""
    from_dir = from_path.rstrip("/") if from_path.endswith("/") else posixpath.dirname(from_path)
    target = posixpath.relpath(to_path, from_dir or ".")
    if to_path.endswith("/"):
        # relpath drops the trailing slash a directory URL needs.
        return "./" if target == "." else f"{target}/"
    return target


@dataclass(frozen=True)
class Linker:
    """Makes links from one page to any other page of the site (and to anchors in it)."""

    page_uri: str
    """The source path of the page the links appear on, e.g. `platforms/alpha.md`."""
    use_directory_urls: bool

    def to(self, src_uri: str, anchor: str | None = None) -> str:
        """Return the relative URL of page `src_uri`, optionally with `#anchor`."""
        fragment = f"#{anchor}" if anchor else ""
        if src_uri == self.page_uri and fragment:
            return fragment
        here = page_path(self.page_uri, self.use_directory_urls)
        there = page_path(src_uri, self.use_directory_urls)
        return relative_url(here, there) + fragment

    def asset(self, path: str) -> str:
        """Return the relative URL of a static file at `path` from the site root."""
        here = page_path(self.page_uri, self.use_directory_urls)
        return relative_url(here, path)
