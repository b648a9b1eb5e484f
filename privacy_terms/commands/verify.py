"""`python build.py verify`: are the sources still where we say, and do they still say it?

For every source (or those named with --only) it requests the address (`url`) and the permanent
copy, and reports, at the line of the source: no answer, 404 or 410, a permanent move (with the
new address), another HTTP error, and a quote that is no longer in the page's text. Exit 0 when
all is well, 1 with findings (or data that does not pass `check`), 2 on wrong usage.

Requests are polite (see `privacy_terms.record.fetch`); `--resolve HOST=BASE` sends a host's requests
elsewhere, like curl's --resolve.
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from privacy_terms.commands.arguments import date_argument
from privacy_terms.commands.check import checked_dataset
from privacy_terms.commands.common import (
    EXIT_USAGE,
    SubParsers,
    add_report_format,
    fail,
    number_argument,
)
from privacy_terms.data.load import Position, load_file
from privacy_terms.record.archive import github_raw
from privacy_terms.record.fetch import Fetched, Fetcher, Settings, parse_resolve
from privacy_terms.record.findings import Finding, Report, count, render
from privacy_terms.record.quotes import contains_quote, html_text, markdown_text, normalise
from privacy_terms.record.sources import LocatedSource, located_sources

DEFAULT_CACHE = ".cache/verify"
PROJECT = "privacy-terms-verify/0.1"
_TEXT_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain", "text/markdown", ""})
_REFUSING = {
    401: "the site asks for a login",
    403: "the site may refuse robots",
    429: "the site limits how often robots may ask",
}


def register(commands: SubParsers) -> None:
    """Add `verify`."""
    verify = commands.add_parser(
        "verify",
        help="request every source's address and permanent copy; report dead or moved pages and "
        "quotes no longer found",
    )
    verify.add_argument(
        "--only", nargs="+", action="extend", default=[], metavar="ID",
        help="check only the sources with these ids",
    )  # fmt: skip
    verify.add_argument(
        "--resolve", nargs="+", action="extend", default=[], metavar="HOST=BASE",
        type=_resolve_argument,
        help="send HOST's requests to BASE instead (e.g. example.org=http://127.0.0.1:8000), "
        "like curl --resolve",
    )  # fmt: skip
    verify.add_argument(
        "--cache", type=Path, default=None, metavar="DIR",
        help=f"keep pages here for conditional requests (default {DEFAULT_CACHE})",
    )  # fmt: skip
    verify.add_argument("--no-cache", action="store_true", help="neither read nor write a cache")
    add_report_format(verify)
    verify.add_argument(
        "--jobs", type=number_argument(1, 32, whole=True), default=8, metavar="N",
        help="hosts requested in parallel (default 8)",
    )  # fmt: skip
    verify.add_argument(
        "--delay", type=number_argument(0, 60), default=1.0, metavar="SECONDS",
        help="pause between two requests to the same host (default 1)",
    )  # fmt: skip
    verify.add_argument(
        "--timeout", type=number_argument(0.1, 300), default=20.0, metavar="SECONDS",
        help="wait this long for a server to answer (default 20)",
    )  # fmt: skip
    verify.add_argument(
        "--retries", type=number_argument(0, 5, whole=True), default=2, metavar="N",
        help="retry an address that gave no answer, 429 or 5xx this many times (default 2)",
    )  # fmt: skip
    verify.add_argument("--today", type=date_argument, default=None, help=argparse.SUPPRESS)
    verify.set_defaults(run=run_verify)


def _resolve_argument(value: str) -> tuple[str, str]:
    try:
        return parse_resolve(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


@dataclass(frozen=True)
class _Address:
    """One address of a source: its url or its permanent copy."""

    role: str
    """`url` or `permanent copy`."""
    url: str
    at: Position

    @property
    def requested(self) -> str:
        """What is requested for it: the raw file behind a GitHub blob page."""
        return github_raw(self.url)


def run_verify(args: argparse.Namespace) -> int:
    """Request every address, then print the findings and a summary; 0 all well, 1 findings."""
    root: Path = args.root
    dataset = checked_dataset(args, "verify")
    if dataset is None:
        return 1
    sources = located_sources(root, dataset)
    wanted: list[str] = args.only
    if wanted:
        unknown = sorted(set(wanted) - {ref.source.id for ref in sources})
        if unknown:
            return fail(f"no source with id {', '.join(map(repr, unknown))}", EXIT_USAGE)
        sources = [ref for ref in sources if ref.source.id in wanted]
    cache: Path | None = None
    if not args.no_cache:
        cache = args.cache if args.cache is not None else root / DEFAULT_CACHE
        cache = cache if cache.is_absolute() else Path.cwd() / cache
    settings = Settings(
        user_agent=_user_agent(root),
        timeout=args.timeout,
        retries=args.retries,
        delay=args.delay,
        jobs=args.jobs,
        resolve=dict(args.resolve),
        cache=cache,
    )
    plan = [(ref, _addresses(ref)) for ref in sources]
    requested = [address.requested for _, addresses in plan for address in addresses]
    progress = _Progress(len(set(requested)))
    try:
        fetched = Fetcher(settings).fetch_all(requested, progress.done)
    except KeyboardInterrupt:  # Ctrl+C or SIGTERM: requests under way are cut off, none waited for
        progress.close()
        sys.stderr.write("verify: stopped before it finished; nothing was reported\n")
        raise
    progress.close()
    report = _report(plan, fetched)
    out, err = render(report, args.format)
    sys.stdout.write(out)
    sys.stderr.write(err)
    return report.exit_code


def _addresses(ref: LocatedSource) -> list[_Address]:
    addresses = [_Address("url", ref.source.url, ref.url_at)]
    copy = ref.permanent_copy
    if copy and ref.copy_at:
        addresses.append(_Address("permanent copy", copy, ref.copy_at))
    return addresses


def _report(
    plan: list[tuple[LocatedSource, list[_Address]]], fetched: dict[str, Fetched]
) -> Report:
    findings: list[Finding] = []
    tally: Counter[str] = Counter()
    pages: dict[str, str | None] = {}  # several sources may cite one page: read it once
    for ref, addresses in plan:
        texts: dict[str, str | None] = {}
        for address in addresses:
            answer = fetched[address.requested]
            findings += _address_findings(ref, address, answer)
            if answer.status == 200:  # text to search, or None for a PDF and the like
                if address.requested not in pages:
                    pages[address.requested] = _page_text(answer, address.requested)
                texts[address.role] = pages[address.requested]
        if ref.source.quote:
            found, quote_counts = _quote_findings(ref, addresses, texts)
            findings += found
            tally.update(quote_counts)
    tally["sources"] = len(plan)
    tally["addresses"] = len(fetched)
    tally["from cache"] = sum(1 for answer in fetched.values() if answer.cached)
    by_kind = Counter(finding.kind for finding in findings)
    outcome, other = "all well", tally["quotes not checked"]
    if findings:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(by_kind.items()))
        outcome = f"{count(len(findings), 'finding')} ({kinds})"
    summary = (
        f"verify: {count(len(plan), 'source')}, {count(len(fetched), 'address', 'addresses')}: "
        f"{outcome}; quotes looked for in {count(tally['quotes checked'], 'page')}, not in "
        f"{count(other, 'document')} that {'is' if other == 1 else 'are'} not text (PDF, …); "
        f"{tally['from cache']} unchanged since the cached copy"
    )
    return Report("verify", findings, summary, dict(sorted(tally.items())))


def _address_findings(ref: LocatedSource, address: _Address, answer: Fetched) -> list[Finding]:
    def finding(kind: str, message: str, new_url: str | None = None) -> Finding:
        line, column = address.at
        return Finding(ref.path, line, column, ref.source.id, kind, message, address.url, new_url)

    name = f"{address.role} {address.url}"
    if address.requested != address.url:
        name += f" (read at {address.requested})"
    found = []
    if answer.moved_to and not answer.refused:  # a move to a refused address is no new home
        found.append(finding(
            "moved",
            f"{name} has moved permanently to {answer.moved_to}: check the page there, then "
            f"update the address",
            answer.moved_to,
        ))  # fmt: skip
    if answer.refused:
        found.append(finding(
            "refused-address",
            f"{name} was not requested: {answer.error}: open it in a browser to see where it "
            f"leads, and cite the publisher's public address",
        ))  # fmt: skip
    elif answer.error is not None:
        tries = f" ({count(answer.attempts, 'attempt')})" if answer.attempts > 1 else ""
        found.append(finding("unreachable", f"{name} did not answer: {answer.error}{tries}"))
    elif answer.status in (404, 410):
        found.append(finding(
            "not-found",
            f"{name} answers {answer.status} {answer.reason}: find where the page went, or rely "
            f"on a permanent copy",
        ))  # fmt: skip
    elif answer.status is not None and answer.status >= 400:
        hint = ""
        if answer.status in _REFUSING:
            hint = f": {_REFUSING[answer.status]}; open it in a browser"
        found.append(finding("http-error", f"{name} answers {answer.status} {answer.reason}{hint}"))
    return found


def _page_text(answer: Fetched, requested: str) -> str | None:
    """The page's plain, normalised text; None if it is not a text document (a PDF, …)."""
    if answer.content_type not in _TEXT_TYPES:
        return None
    text = answer.text()
    if answer.content_type == "text/markdown" or requested.split("?")[0].endswith(".md"):
        text = markdown_text(text)
    elif answer.content_type != "text/plain":
        text = html_text(text)
    return normalise(text)


def _quote_findings(
    ref: LocatedSource, addresses: list[_Address], texts: dict[str, str | None]
) -> tuple[list[Finding], Counter[str]]:
    """Look for the quote in each page that answered with text; count the others."""
    quote = ref.source.quote or ""
    line, column = ref.quote_at or ref.start
    present: dict[str, bool] = {}
    tally: Counter[str] = Counter()
    for address in addresses:
        text = texts.get(address.role)
        if text is not None:
            present[address.role] = contains_quote(text, quote, normalised=True)
            tally["quotes checked"] += 1
        elif address.role in texts:  # it answered, but with a PDF or another non-text document
            tally["quotes not checked"] += 1
    found = []
    if present.get("url") is False:
        where = " (the permanent copy still has it)" if present.get("permanent copy") else ""
        found.append(Finding(
            ref.path, line, column, ref.source.id, "quote-missing",
            f"the quote is no longer in the page at {ref.source.url}{where}: the page changed "
            f"since it was read, or shows its text only with JavaScript; if the wording changed, "
            f"the claims it supports need a look",
            ref.source.url,
        ))  # fmt: skip
    if present.get("permanent copy") is False:
        found.append(Finding(
            ref.path, line, column, ref.source.id, "quote-missing",
            f"the quote is not in the permanent copy {ref.permanent_copy}: check the quote, and "
            f"that the copy is of the version that was read",
            ref.permanent_copy,
        ))  # fmt: skip
    return found, tally


def _user_agent(root: Path) -> str:
    """Name the project and where to reach it, as polite robots do."""
    document, _ = load_file(root / "mkdocs.yml", "mkdocs.yml")
    data = document.data if document else None
    repository = data.get("repo_url") if isinstance(data, dict) else None
    contact = f"; +{repository}" if isinstance(repository, str) else ""
    return f"{PROJECT} (checks the sources the privacy-terms site cites{contact})"


class _Progress:
    """`[12/57] address` on stderr, rewritten in place, only when stderr is a terminal."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.count = 0
        self.shown = sys.stderr.isatty()
        self.lock = threading.Lock()

    def done(self, answer: Fetched) -> None:
        with self.lock:
            self.count += 1
            if not self.shown:
                return
            line = f"[{self.count}/{self.total}] {answer.url}"
            sys.stderr.write(f"\r\x1b[K{line[:100]}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
