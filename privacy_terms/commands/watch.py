"""`python build.py watch --versions PATH`: have the policies we cite changed since our review?

PATH is a local clone (normal or bare) of an Open Terms Archive versions repository. Every source
whose permanent copy is a version of that archive at a pinned commit is compared with the latest
version of the same document, and reported at its line when:

- the quoted wording is no longer in the latest version (the policy changed since our review: a
  new disclosure version is due); the report names the first version without it;
- the document changed after the file's `last_reviewed` date (changes of the archive's own
  extraction, "Refilter …" and "Apply technical or declaration upgrade …", do not count);
- the pin is broken (commit not in the clone, document not at that commit) or the archive no
  longer has the document.

When a file pins several versions of one document (the 2018 and the 2021 policy), only the newest
pin is compared: the older ones record history. Exit 0 when nothing changed, 1 with findings (or
data that does not pass `check`), 2 on wrong usage (PATH is not a clone).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from privacy_terms.commands.arguments import date_argument
from privacy_terms.commands.check import checked_dataset
from privacy_terms.commands.common import EXIT_USAGE, SubParsers, add_report_format, fail
from privacy_terms.record.archive import (
    DEFAULT_ARCHIVE,
    ArchiveError,
    Change,
    Pin,
    TooLarge,
    Versions,
    parse_pin,
)
from privacy_terms.record.findings import Finding, Report, count, render
from privacy_terms.record.quotes import contains_quote, markdown_text, normalise
from privacy_terms.record.sources import LocatedSource, located_sources


def register(commands: SubParsers) -> None:
    """Add `watch`."""
    watch = commands.add_parser(
        "watch",
        help="compare the sources pinned in an Open Terms Archive clone with its latest versions",
    )
    watch.add_argument(
        "--versions", type=Path, required=True, metavar="PATH",
        help="a local clone (normal or bare) of the archive's versions repository",
    )  # fmt: skip
    watch.add_argument(
        "--archive", default=DEFAULT_ARCHIVE, metavar="OWNER/NAME",
        help=f"the GitHub repository the clone is of (default {DEFAULT_ARCHIVE})",
    )  # fmt: skip
    add_report_format(watch)
    watch.add_argument("--today", type=date_argument, default=None, help=argparse.SUPPRESS)
    watch.set_defaults(run=run_watch)


@dataclass(frozen=True)
class _Watched:
    ref: LocatedSource
    pin: Pin
    pinned: Change | None
    """The pinned commit, or None when the clone does not hold it."""


def run_watch(args: argparse.Namespace) -> int:
    """Compare every pinned source with the archive's latest version; print the findings."""
    try:
        versions = Versions(args.versions)
    except ArchiveError as exc:
        return fail(str(exc), EXIT_USAGE)
    dataset = checked_dataset(args, "watch")
    if dataset is None:
        return 1
    archive: str = args.archive
    tally: Counter[str] = Counter()
    watched: list[_Watched] = []
    for ref in located_sources(args.root, dataset):
        pin = parse_pin(ref.permanent_copy or "")
        if pin is None:
            continue
        if pin.repository.casefold() != archive.casefold():
            tally["in other archives"] += 1
            continue
        watched.append(_Watched(ref, pin, versions.commit(pin.commit)))
    findings: list[Finding] = []
    for item in watched:
        if item.pinned is None:
            findings.append(_broken_pin(item, versions))
    for item in _newest_pins(watched, tally):
        findings += _compare(item, versions)
    tally["pinned here"] = len(watched)
    summary = _summary(archive, versions, findings, tally)
    report = Report("watch", findings, summary, dict(sorted(tally.items())))
    out, err = render(report, args.format)
    sys.stdout.write(out)
    sys.stderr.write(err)
    return report.exit_code


def _newest_pins(watched: list[_Watched], tally: Counter[str]) -> list[_Watched]:
    """Per file and document, the sources at the newest pinned commit (older pins are history)."""
    groups: dict[tuple[str, str], list[_Watched]] = {}
    for item in watched:
        if item.pinned is not None:
            groups.setdefault((item.ref.path, item.pin.path), []).append(item)
    newest: list[_Watched] = []
    for items in groups.values():
        latest = max(item.pinned.date for item in items if item.pinned)
        current = [item for item in items if item.pinned and item.pinned.date == latest]
        tally["superseded"] += len(items) - len(current)
        newest += current
    return newest


def _finding(item: _Watched, at: str, kind: str, message: str) -> Finding:
    ref = item.ref
    position = {"quote": ref.quote_at, "copy": ref.copy_at}.get(at) or ref.start
    line, column = position
    return Finding(ref.path, line, column, ref.source.id, kind, message, ref.permanent_copy)


def _broken_pin(item: _Watched, versions: Versions) -> Finding:
    shallow = " (this clone is shallow: clone with the full history)" if versions.shallow else ""
    return _finding(
        item, "copy", "pin-missing",
        f"commit {item.pin.commit} is not in the clone of {item.pin.repository}{shallow}: "
        f"check the permanent copy's address",
    )  # fmt: skip


def _compare(item: _Watched, versions: Versions) -> list[Finding]:
    pin, ref = item.pin, item.ref
    document = f"{pin.repository} {pin.path}"
    pinned = versions.text(pin.commit, pin.path)
    if pinned is None:
        return [_finding(item, "copy", "pin-missing",
                         f"{pin.path} is not in commit {pin.short} of {pin.repository}: check "
                         f"the permanent copy's address")]  # fmt: skip
    if isinstance(pinned, TooLarge):
        return [_too_large(item, f"the pinned version of {document} (commit {pin.short})",
                           pinned, "check the permanent copy's address")]  # fmt: skip
    found: list[Finding] = []
    changes = versions.changes(pin.path, pin.commit)
    latest_version = versions.text("HEAD", pin.path)
    latest = None if isinstance(latest_version, TooLarge) else latest_version
    if isinstance(latest_version, TooLarge):
        found.append(_too_large(item, f"the latest version of {document}", latest_version,
                                "open it in the archive and compare it by hand"))  # fmt: skip
    elif latest is None:
        last = versions.last_change(pin.path)
        when = f" ({_described(last)})" if last else ""
        found.append(_finding(item, "copy", "document-gone",
                              f"the archive no longer has {document}{when}: the service may have "
                              f"renamed or withdrawn it; look for it in the archive"))  # fmt: skip
    quote = ref.source.quote
    if quote and not _has(pinned, quote):
        found.append(_finding(item, "quote", "quote-not-in-copy",
                              f"the quote is not in the pinned version of {document} (commit "
                              f"{pin.short}): check the quote, or pin the version it was read "
                              f"from"))  # fmt: skip
    elif quote and latest is not None and not _has(latest, quote):
        found.append(_policy_changed(item, versions, changes, document))
    after_review = [
        change for change in changes if not change.technical and change.day > ref.last_reviewed
    ]
    if after_review and latest_version is not None:
        found.append(_finding(item, "copy", "changed-after-review",
                              f"{document} changed {_times(len(after_review))} after this file's "
                              f"review on {ref.last_reviewed.isoformat()}, last on "
                              f"{_described(after_review[-1])}: re-read it against the claims, "
                              f"then update the source and last_reviewed"))  # fmt: skip
    return found


def _too_large(item: _Watched, what: str, document: TooLarge, advice: str) -> Finding:
    return _finding(item, "copy", "document-too-large",
                    f"{what} is {document.size:,} bytes, over the {document.limit:,} that "
                    f"watch reads (a policy is tens of kilobytes): {advice}")  # fmt: skip


def _policy_changed(
    item: _Watched, versions: Versions, changes: list[Change], document: str
) -> Finding:
    """The pinned version has the quote, the latest does not: say when it went, and what to do."""
    quote, reviewed = item.ref.source.quote or "", item.ref.last_reviewed
    latest = _described(versions.last_change(item.pin.path))
    message = f"the quoted wording is no longer in the latest version of {document} ({latest})"
    first = _first_without(versions, item.pin.path, quote, changes)
    if first is not None and first.technical:
        message += (
            f"; it went in a change of the archive's extraction ({_described(first)}): check "
            f"whether the wording really changed"
        )
    elif first is not None and first.day <= reviewed:
        message += (
            f"; it went in the version of {_described(first)}, before this file's review on "
            f"{reviewed.isoformat()}: check that a later disclosure version and source cover the "
            f"change, and that the claims citing this source still hold"
        )
    else:
        when = f"; it went in the version of {_described(first)}" if first else ""
        message += (
            f"{when}: the policy changed since our review on {reviewed.isoformat()}: a new "
            f"disclosure version is due"
        )
    return _finding(item, "quote", "policy-changed", message)


def _has(markdown: str, quote: str) -> bool:
    return contains_quote(normalise(markdown_text(markdown)), quote, normalised=True)


def _first_without(
    versions: Versions, path: str, quote: str, changes: list[Change]
) -> Change | None:
    """The first change after the pin whose version lacks the quote (a binary search: the
    pinned version has it, the latest does not)."""
    low, high = 0, len(changes) - 1
    if high < 0:
        return None
    while low < high:
        middle = (low + high) // 2
        text = versions.text(changes[middle].commit, path)
        if isinstance(text, str) and _has(text, quote):  # a version too large counts as without
            low = middle + 1
        else:
            high = middle
    return changes[low]


def _described(change: Change | None) -> str:
    if change is None:
        return "date unknown"
    return f"{change.day.isoformat()}, {change.short} {change.subject!r}"


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def _summary(archive: str, versions: Versions, findings: list[Finding], tally: Counter[str]) -> str:
    head = versions.head
    pinned, superseded = tally["pinned here"], tally["superseded"]
    kinds = Counter(finding.kind for finding in findings)
    outcome = "nothing changed since our review"
    if findings:
        listed = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
        outcome = f"{count(len(findings), 'finding')} ({listed})"
    others = tally["in other archives"]
    return (
        f"watch: {archive} at {head.short} ({head.day.isoformat()}): "
        f"{count(pinned, 'source')} pinned there, {superseded} superseded by a newer pin of the "
        f"same document; {others} pinned in other archives (not watched): {outcome}"
    )
