"""The register of publishers: who stands behind each host the data cites, and what that is worth.

A contributor's `kind` says what a document claims to be; the register says who published it. A
source's weight comes from the register (a "news report" on a content farm is not news), and a
`kind` that contradicts its host is an error. Modelled on Wikipedia's "Reliable
sources/Perennial sources" list: one entry per host, with its class and the reason for it.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import Field

from privacy_terms.data.checks import AnyEntry
from privacy_terms.data.load import MAX_BYTES, Document, Path_, load_bytes
from privacy_terms.data.model import Model, Source, Text, Url, schema_of
from privacy_terms.data.provenance import address_problems, address_rule_problems, is_copy_host
from privacy_terms.data.validate import dotted, validate_document
from privacy_terms.data.vocabulary import Evidence, SourceKind, evidence_of
from privacy_terms.utils.files import FileRefused, read_regular
from privacy_terms.utils.problems import Problem

REGISTER_FILE = "publishers.yaml"


class PublisherClass(StrEnum):
    """What a publisher is, which decides how much a conclusion can rest on what it publishes."""

    COMPANY = "company"
    """The platform's operator itself: its policies, help pages, blogs and reports."""
    GOVERNMENT = "government"
    """A government, legislature or public body, or its official publications."""
    COURT = "court"
    """A court or the judiciary's own record of judgments."""
    NEWS = "news"
    """A news organisation with its own reporting and editorial standards."""
    RESEARCH = "research"
    """A research or civil-society organisation, a law firm or a legal information service."""
    SECONDARY = "secondary"
    """Blogs, aggregators, encyclopaedias, user-published pages."""
    UNRELIABLE = "unreliable"
    """Mirrors, reprints, content farms, machine-written sites: a copy read there is shown only
    as `read_via`."""
    ARCHIVE = "archive"
    """A permanent-copy service (an archive of pages or of terms), not a publisher."""


STRONG_CLASSES = frozenset(
    {PublisherClass.COMPANY, PublisherClass.GOVERNMENT, PublisherClass.COURT, PublisherClass.NEWS}
)
"""What a stance, disclosure rule, request figure or timeline event may rest on."""

_WEIGHT = {
    PublisherClass.COMPANY: Evidence.PRIMARY,
    PublisherClass.GOVERNMENT: Evidence.PRIMARY,
    PublisherClass.COURT: Evidence.PRIMARY,
    PublisherClass.NEWS: Evidence.NEWS,
}

_KIND_CLASSES = {
    SourceKind.COMPANY_POLICY: frozenset({PublisherClass.COMPANY}),
    SourceKind.COMPANY_STATEMENT: frozenset({PublisherClass.COMPANY}),
    SourceKind.TRANSPARENCY_REPORT: frozenset({PublisherClass.COMPANY}),
    SourceKind.GOVERNMENT_RECORD: frozenset({PublisherClass.GOVERNMENT}),
    SourceKind.COURT_RECORD: frozenset({PublisherClass.COURT, PublisherClass.GOVERNMENT}),
    SourceKind.NEWS_REPORT: frozenset({PublisherClass.NEWS}),
}
"""The classes of host each kind of document can come from (`secondary` fits any host)."""


class Publisher(Model):
    """One host the data cites, and who publishes there."""

    host: Text = Field(pattern=r"^[a-z0-9.-]+\.[a-z0-9-]+(/[^\s?#]*)?$")
    """The host as in the address, lowercase, without `www.`; it covers its subdomains. A path
    after it (`t.me/durov`, `github.com/opentermsarchive`) narrows it to addresses under it."""
    name: Text
    """The publisher, as readers know it."""
    publisher_class: PublisherClass = Field(alias="class")
    """company, government, court, news, research, secondary, unreliable or archive."""
    reason: Text
    """One line: why this class."""
    source: Url | None = None
    """Where the classification comes from, when it is not obvious (an about page, an
    ownership record, a reliability assessment)."""


class Register(Model):
    """Every publisher the data cites, one entry per host."""

    publishers: tuple[Publisher, ...] = ()
    """One entry per host."""

    def find(self, url: str) -> Publisher | None:
        """Return the entry that covers this address (the longest match), or None."""
        wanted = _place(url)
        best: Publisher | None = None
        for publisher in self.publishers:
            if _covers(publisher.host, wanted) and (
                best is None or len(publisher.host) > len(best.host)
            ):
                best = publisher
        return best


def _place(url: str) -> str:
    """`https://www.Example.org/a/b?x` -> `example.org/a/b`: how register entries are matched."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    return host + parts.path.lower()


def _covers(entry: str, place: str) -> bool:
    host, _, path = entry.partition("/")
    place_host, _, place_path = place.partition("/")
    if not (place_host == host or place_host.endswith("." + host)):
        return False
    return not path or place_path == path or place_path.startswith(path.rstrip("/") + "/")


def host_of(url: str) -> str:
    """The host as a register entry names it: lowercase, without `www.`."""
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def weight_of(source: Source, register: Register | None) -> Evidence:
    """The weight a source carries: its publisher's class from the register (a `secondary` kind
    can only lower it: a column or a syndicated copy on a news site); without a register, the
    kind's, as for an address the address rules refuse or a host the register lacks (each
    reported once, as that: a claim is not also said to rest on weak sources)."""
    found = register.find(source.url) if register and _register_applies(source.url) else None
    if found is None:
        return evidence_of(source.kind)
    if source.kind == SourceKind.SECONDARY:
        return Evidence.SECONDARY
    return _WEIGHT.get(found.publisher_class, Evidence.SECONDARY)


def is_strong(source: Source, register: Register | None) -> bool:
    """True when a conclusion may rest on this source."""
    return weight_of(source, register) != Evidence.SECONDARY


def kind_fits(kind: SourceKind, publisher_class: PublisherClass) -> bool:
    """True when a document of this kind can come from a publisher of this class."""
    allowed = _KIND_CLASSES.get(kind)
    return allowed is None or publisher_class in allowed


def paste_entry(host: str) -> str:
    """The YAML line a contributor pastes under `publishers:` for a host not yet there."""
    classes = "|".join(c.value for c in PublisherClass)
    return f"- {{host: {host}, name: <publisher>, class: <{classes}>, reason: <one line why>}}"


def load_register(root: Path) -> tuple[Register | None, Document | None, list[Problem]]:
    """Read `publishers.yaml` at the project's root; None (and no problem) when there is none."""
    path = root / REGISTER_FILE
    if not path.exists() and not path.is_symlink():
        return None, None, []
    try:
        raw = read_regular(path, MAX_BYTES)  # never a link or a pipe
    except FileRefused as exc:
        return None, None, [Problem(REGISTER_FILE, 1, 1, "error", exc.message)]
    document, problems = load_bytes(raw, REGISTER_FILE, positions=True)
    if document is None:
        return None, None, problems
    register, found = validate_document(document, Register)
    problems += found
    if register is not None:
        problems += _duplicate_hosts(register, document) + _source_addresses(register, document)
    return register, document, problems


def _source_addresses(register: Register, document: Document) -> list[Problem]:
    """A classification's source obeys the rules every address obeys (data, translations)."""
    problems = []
    for index, publisher in enumerate(register.publishers):
        if publisher.source is None:
            continue
        for message in address_rule_problems(publisher.source):
            line, column = document.position(("publishers", index, "source"))
            text = f"publishers[{index}].source: {message}"
            problems.append(Problem(REGISTER_FILE, line, column, "error", text))
    return problems


def _duplicate_hosts(register: Register, document: Document) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for index, publisher in enumerate(register.publishers):
        if publisher.host in seen:
            line, column = document.position(("publishers", index, "host"))
            message = f"publishers[{index}].host: {publisher.host} is listed twice: keep one entry"
            problems.append(Problem(REGISTER_FILE, line, column, "error", message))
        seen.add(publisher.host)
    return problems


def register_schema() -> dict[str, Any]:
    """Return the JSON Schema for the register, as committed under schema/."""
    return schema_of(Register, "publishers.schema.json")


def check_against_register(entry: AnyEntry, register: Register) -> list[Problem]:
    """Every address's host is in the register; a url is never on an unreliable host or a
    permanent-copy service; a source's kind fits its publisher's class."""
    problems = []
    for index, source in enumerate(entry.item.sources):
        loc: Path_ = ("sources", index)
        for field in ("url", "read_via", "archived"):
            address = getattr(source, field)
            if address and _register_applies(address):
                problems += _check_address(entry, register, (*loc, field), address)
        found = register.find(source.url) if _register_applies(source.url) else None
        if (
            found is not None
            and found.publisher_class not in _ONLY_COPIES
            and not kind_fits(source.kind, found.publisher_class)
        ):
            problems.append(_kind_contradicts(entry, (*loc, "kind"), source.kind, found))
    return problems


_ONLY_COPIES = frozenset({PublisherClass.UNRELIABLE, PublisherClass.ARCHIVE})
"""Classes whose address is never a source's url (reported as such, not as a wrong kind)."""


def _register_applies(address: str) -> bool:
    # A redirector, a copy host, an address the rules refuse (an IP address, a look-alike host)
    # or a placeholder is reported by the address rules already.
    return not (
        address_problems(address)
        or address_rule_problems(address)
        or is_copy_host(address)
        or _is_placeholder(address)
    )


def _is_placeholder(address: str) -> bool:
    return host_of(address).endswith(".invalid")


def _check_address(
    entry: AnyEntry, register: Register, where: Path_, address: str
) -> list[Problem]:
    found = register.find(address)
    if found is None:
        host = host_of(address)
        message = (
            f"{dotted(where)}: {host} is not in the publisher register ({REGISTER_FILE}): add"
            f" under publishers: {paste_entry(host)}"
        )
        return [entry.problem(where, "error", message)]
    if where[-1] != "url":
        return []
    if found.publisher_class == PublisherClass.UNRELIABLE:
        message = (
            f"{dotted(where)}: {found.host} ({found.name}) is unreliable in {REGISTER_FILE}:"
            " cite the original publisher's page as url, and this address only as read_via"
        )
        return [entry.problem(where, "error", message)]
    if found.publisher_class == PublisherClass.ARCHIVE:
        message = (
            f"{dotted(where)}: {found.host} ({found.name}) keeps permanent copies, it does not"
            " publish: cite the original as url and this address as archived"
        )
        return [entry.problem(where, "error", message)]
    return []


def _kind_contradicts(entry: AnyEntry, where: Path_, kind: SourceKind, found: Publisher) -> Problem:
    fitting = [k.value for k in SourceKind if kind_fits(k, found.publisher_class)]
    message = (
        f"{dotted(where)}: {kind.value} contradicts the register: {found.host} is"
        f" {found.name}, class {found.publisher_class.value} in {REGISTER_FILE}: write"
        f" {' or '.join(fitting)}, or cite the page of the publisher the kind names"
    )
    return entry.problem(where, "error", message)


def source_weights(entry: AnyEntry, register: Register | None) -> dict[str, Evidence]:
    """Each source's weight by its id."""
    return {source.id: weight_of(source, register) for source in entry.item.sources}
