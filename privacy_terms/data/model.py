"""The typed model of one platform file and one jurisdiction file.

Every model is frozen and rejects unknown keys: a typo in curated data must be an error, not a
silently ignored field. Field docstrings become the JSON Schema's descriptions, which editors show
while a contributor types.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    WithJsonSchema,
)

from privacy_terms.data.vocabulary import (
    Access,
    Category,
    DataCategory,
    EncryptionLevel,
    EventKind,
    Frequency,
    Notification,
    Presence,
    ReportForm,
    RouteKind,
    RouteStatus,
    Section,
    SourceKind,
    StanceStatus,
)
from privacy_terms.utils.characters import NOT_IN_URL

SCHEMA_VERSION = 1
UNKNOWN = "unknown"

# Patterns are matched whole (`fullmatch`): `$` alone would also accept a final line break.
_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?")  # ASCII digits only, never `\d`
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# An http(s) address with a host, and none of the characters a URL may never hold unescaped
# (quotes, angle brackets, spaces...): they would make invalid HTML, or worse, wherever it is written;
# nor control, zero-width or direction characters, which would hide where it really leads.
_URL_NEVER = r'\s"<>\\^`{|}' + NOT_IN_URL
_URL_RE = re.compile(
    rf"https?://[^{_URL_NEVER}/?#]+\.[^{_URL_NEVER}/?#]+[^{_URL_NEVER}]*", re.IGNORECASE
)
_DATE_HELP = "write YYYY-MM-DD, or YYYY-MM when only the month is known"


def _check_date(value: str) -> str:
    match = _DATE_RE.fullmatch(value)
    if not match:
        raise ValueError(f"{value!r} is not a date: {_DATE_HELP}")
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{value!r} is not a real date: {_DATE_HELP}") from None
    return value


def _check_full_date(value: str) -> str:
    _check_date(value)
    if len(value) != 10:
        raise ValueError(f"{value!r} must be a full date: write YYYY-MM-DD")
    return value


def _check_date_or_unknown(value: str) -> str:
    return value if value == UNKNOWN else _check_date(value)


TODO = "TODO"


def _check_date_or_todo(value: str) -> str:
    # The template leaves a date to fill in; `check` reports the TODO as still to do.
    return value if value.startswith(TODO) else _check_date(value)


def _check_id(value: str) -> str:
    if not _ID_RE.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a valid id: use lowercase letters, digits and single hyphens"
        )
    return value


def is_http_url(value: str) -> bool:
    """Return True for a full http(s) address that is safe to write into an HTML attribute."""
    return _URL_RE.fullmatch(value) is not None


def _check_url(value: str) -> str:
    if not is_http_url(value):
        raise ValueError(
            f"{value!r} is not an http(s) URL: write the full address, starting with https://"
        )
    return value


def _check_count(value: Any) -> int | str:
    if value == UNKNOWN or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        return value  # type: ignore[no-any-return]
    raise ValueError(f"{value!r} is not a count: write a whole number, or unknown")


def _check_percent(value: Any) -> float | int | str:
    if value == UNKNOWN:
        return UNKNOWN
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 100:
        return value
    raise ValueError(f"{value!r} is not a percentage: write a number from 0 to 100, or unknown")


_DATE_PATTERN = r"^\d{4}-\d{2}(-\d{2})?$"
Date = Annotated[
    str, AfterValidator(_check_date), WithJsonSchema({"type": "string", "pattern": _DATE_PATTERN})
]
FullDate = Annotated[
    str,
    AfterValidator(_check_full_date),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
DateOrUnknown = Annotated[
    str,
    AfterValidator(_check_date_or_unknown),
    WithJsonSchema({"type": "string", "pattern": r"^(unknown|\d{4}-\d{2}(-\d{2})?)$"}),
]
DateToFill = Annotated[
    str,
    AfterValidator(_check_date_or_todo),
    WithJsonSchema({"type": "string", "pattern": r"^(TODO.*|\d{4}-\d{2}(-\d{2})?)$"}),
]
Id = Annotated[
    str, AfterValidator(_check_id), WithJsonSchema({"type": "string", "pattern": _ID_RE.pattern})
]
Url = Annotated[
    str, AfterValidator(_check_url), WithJsonSchema({"type": "string", "pattern": "^https?://"})
]
Count = Annotated[
    int | str,
    PlainValidator(_check_count),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 0}, {"const": UNKNOWN}]}),
]
Percent = Annotated[
    float | int | str,
    PlainValidator(_check_percent),
    WithJsonSchema(
        {"anyOf": [{"type": "number", "minimum": 0, "maximum": 100}, {"const": UNKNOWN}]}
    ),
]
Text = Annotated[str, Field(min_length=1)]
JurisdictionCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]


class Model(BaseModel):
    """Base for every model: frozen, closed, documented."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Claim(Model):
    """Anything stated as true; it must cite sources unless its value is unknown."""

    sources: tuple[Id, ...] = ()
    """Ids of the sources (listed under `sources` at the end of the file) that support this."""
    note: str | None = None
    """Context for readers: caveats, what is unknown and why. Inline Markdown is allowed."""

    def is_unknown(self) -> bool:
        """Return True when this claim states that the value is not known."""
        return False

    def rests_elsewhere(self) -> bool:
        """Return True when another file holds this claim's value and its sources."""
        return False


class Source(Model):
    """One document that supports claims in this file, cited at its publisher's own address."""

    id: Id
    """Short id, unique in this file, cited from claims (e.g. hkfp-2020-07-05)."""
    title: Text
    """The title as the publisher gives it, without brackets; for a document with no title of its
    own, a short description, with `title_is_description: true`."""
    title_is_description: bool = False
    """True when `title` is our description, not the title as published: the document has no
    title of its own (a policy section, a dataset), or its published title is not known."""
    publisher: Text
    """Who published the original: the company, the government body, the news organisation."""
    kind: SourceKind
    """What the document is: the company's policy, statement or transparency report, a
    government or court record, a news organisation's report, or secondary."""
    url: Url
    """The publisher's own canonical https address: no mirror, redirector or tracking
    parameters."""
    archived: Url | None = None
    """A permanent copy: an Open Terms Archive version at a fixed commit, the government or court
    PDF, or an archive snapshot with its timestamp."""
    read_via: Url | None = None
    """Where the text was read, when that was another copy than `url` (a mirror, a reprint);
    shown to readers only as a secondary link."""
    published: DateOrUnknown
    """Publication date (YYYY-MM-DD or YYYY-MM); unknown only when the document carries none, and
    then a note says what is known."""
    accessed: FullDate
    """When we read it."""
    quote: str | None = None
    """A short passage copied word for word."""
    note: str | None = None
    """Anything a reader needs to weigh this source."""


class Fact(Claim):
    """A short statement of fact in words, or `unknown` with a note."""

    value: Text
    """The fact in a few words, or unknown."""

    def is_unknown(self) -> bool:
        """Return True when the value is `unknown`."""
        return self.value == UNKNOWN


class NamePeriod(Claim):
    """A name that applied for a period: a former name, an owner, a legal entity."""

    name: Text
    """The name, as the source writes it."""
    since: DateOrUnknown | None = None
    """When it started, if known and within the period we cover."""
    until: Date | None = None
    """When it ended; leave out while it still applies."""


class Operator(NamePeriod):
    """The legal entity that provides the service to users in Hong Kong, for a period."""

    jurisdiction: Text
    """Where that entity is based and whose law governs it, or unknown."""


class Identity(Model):
    """Who runs the platform and under which law."""

    names: tuple[NamePeriod, ...] = Field(min_length=1)
    """The platform's names over time; the current one has no `until`."""
    operators: tuple[Operator, ...] = Field(min_length=1)
    """The legal entity serving Hong Kong users, over time."""
    parents: tuple[NamePeriod, ...] = ()
    """The parent company over time, if any."""
    headquarters: Fact
    """Where the company is headquartered."""
    jurisdiction: Fact
    """The law that governs the operator's handling of requests."""


class EncryptionPeriod(Claim):
    """End-to-end encryption as it stood for a period."""

    level: EncryptionLevel
    """How much is end-to-end encrypted."""
    since: DateOrUnknown
    """When this level began."""
    until: Date | None = None
    """When it ended; leave out while it still applies."""
    covers: Text
    """What is end-to-end encrypted, in a sentence."""
    not_covered: str | None = None
    """What is not end-to-end encrypted (and so readable by the platform)."""

    def is_unknown(self) -> bool:
        """Return True when the level is unknown."""
        return self.level == EncryptionLevel.UNKNOWN


class DisclosureRule(Claim):
    """What unlocks one category of data under one policy version."""

    data: DataCategory
    """The category of data."""
    access: Access
    """The legal process that unlocks it, or why it is never available."""
    detail: str | None = None
    """What exactly is produced, in the policy's words where possible."""
    at_most: str | None = None
    """When the platform holds almost nothing of this category: the most it has produced, in a
    few words (e.g. the dates an account was created and last connected). Shown in the tone
    "little to hand over", never in the tone of a platform that hands over the data itself."""

    def is_unknown(self) -> bool:
        """Return True when the access is unknown."""
        return self.access == Access.UNKNOWN


class NotificationClaim(Claim):
    """Whether users are told about requests for their data."""

    value: Notification
    """The notification practice."""

    def is_unknown(self) -> bool:
        """Return True when the practice is unknown."""
        return self.value == Notification.UNKNOWN


class PolicyVersion(Claim):
    """The disclosure conditions of one dated policy version."""

    id: Id
    """Short id, unique among this platform's policy versions."""
    title: Text
    """Which document and version this is."""
    effective_from: DateOrUnknown
    """First date the version is known to apply."""
    effective_until: Date | None = None
    """When it was replaced; leave out for the current version."""
    summary: Text
    """The conditions in one or two sentences."""
    rules: tuple[DisclosureRule, ...] = Field(min_length=1)
    """One entry per data category the version speaks to."""
    user_notification: NotificationClaim
    """Whether users are notified."""
    foreign_governments: Fact
    """How a government outside the operator's country must ask."""
    emergency: Fact
    """What happens with emergency requests."""


class TransparencyPeriod(Claim):
    """Transparency reporting as it stood for a period."""

    form: ReportForm
    """The form reporting takes."""
    frequency: Frequency
    """How often it appears."""
    since: DateOrUnknown
    """When this form of reporting began."""
    until: Date | None = None
    """When it ended; leave out while it continues."""
    where: Url | None = None
    """Where the reports are published."""
    latest_period_end: Date | None = None
    """The last day (or month) of the latest period a published report covers, if any."""
    detail: str | None = None
    """Gaps, scope or caveats."""

    def is_unknown(self) -> bool:
        """Return True when the form of reporting is unknown."""
        return self.form == ReportForm.UNKNOWN


class Statement(Claim):
    """Something the company said, shown as its dated claim, not as fact."""

    date: Date
    """When it was said (or first reported)."""
    speaker: Text
    """Who said it, with role, as reported."""
    said: Text
    """The words, quoted from the source."""
    condition: str | None = None
    """The condition or end point the company attached, if any."""
    about_past_disclosure: bool = False
    """True when the statement is a claim about what was (not) handed over in the past."""


class Event(Claim):
    """One dated event on a timeline."""

    date: Date
    """When it happened."""
    kind: EventKind
    """What kind of event it is."""
    summary: Text
    """What happened, in a sentence."""


class RequestFigures(Claim):
    """Government request figures for one reporting period."""

    period: Text
    """The period as reported, e.g. H2 2020."""
    start: Date
    """First day (or month) of the period."""
    end: Date
    """Last day (or month) of the period."""
    requests: Count
    """Number of requests, or unknown."""
    accounts: Count
    """Number of accounts (users) named in them, or unknown."""
    some_data_produced_percent: Percent
    """Share of requests where some data was produced, or unknown."""
    scope: str | None = None
    """What the figures cover, e.g. all of a company's services together."""


class Confirmation(Model):
    """One source that states the status for this jurisdiction, and what it states."""

    source: Id
    """The id of the source (listed under `sources` at the end of the file)."""
    confirms: Text
    """What the source states about the status, in a sentence: the company's statement, the
    period's figures for this jurisdiction, a report quoting the company."""


class PolicyCheck(Claim):
    """The newest evidence that the platform's general rule still stands: not a confirmation."""

    date: Date
    """The date of that evidence (an archived policy version, a help page)."""


class Route(Claim):
    """One way by which a jurisdiction's authorities can obtain this platform's users' data."""

    route: RouteKind
    """Which route, from the vocabulary."""
    status: RouteStatus | None = None
    """Whether it is open; left out for a treaty route, whose status the jurisdiction's file
    records once."""
    since: DateOrUnknown | None = None
    """Since when the route has had this status."""
    summary: Text
    """The route for this platform in one plain sentence."""
    via: JurisdictionCode | None = None
    """For mutual legal assistance: the state whose agreement it goes through, quoted: "US"."""
    presence: Presence | None = None
    """For a notice to a service provider: whether the company has an office or staff there."""

    def is_unknown(self) -> bool:
        """Return True when the status is unknown."""
        return self.status == RouteStatus.UNKNOWN

    def rests_elsewhere(self) -> bool:
        """Return True for a treaty route: the jurisdiction's file records its status once."""
        return self.status is None and self.route == RouteKind.MUTUAL_LEGAL_ASSISTANCE


class Stance(Claim):
    """A platform's stance on one jurisdiction's data requests."""

    jurisdiction: JurisdictionCode
    """Two-letter code (ISO 3166-1), quoted in YAML: "HK"."""
    status: StanceStatus
    """The stance, from the vocabulary."""
    as_of: DateToFill
    """Last confirmed: the date of the newest evidence that states this status for this
    jurisdiction (the platform's own statement, a transparency report with the period's figures,
    a news report quoting the company), carried by a source under `confirmed_by`. Past the site's
    threshold the status is shown as not confirmed since."""
    confirmed_by: tuple[Confirmation, ...] = ()
    """The sources that state the status, each with what it confirms; the newest gives `as_of`."""
    policy_checked: PolicyCheck | None = None
    """The newest evidence that the platform's general rule still stands (an archived policy, a
    help page): shown as "policy last checked", never as a confirmation."""
    searched: FullDate | None = None
    """When the record was last searched for newer evidence."""
    routes: tuple[Route, ...] = ()
    """Each route by which these authorities can reach the platform's users' data. Routes that
    reach every platform (the user's own device) are recorded once in the jurisdiction's file."""
    summary: Text
    """The stance in one or two sentences."""
    answer: str | None = None
    """The answer for a reader, in one or two plain sentences: what the platform would hand over
    to these authorities, and on what order. Shown first on the home page."""
    condition: str | None = None
    """What the company said the stance depends on."""
    statements: tuple[Statement, ...] = ()
    """What the company said, dated."""
    events: tuple[Event, ...] = ()
    """Dated events: statements, confirmations, policy changes."""
    requests: tuple[RequestFigures, ...] = ()
    """Request figures by reporting period, where known."""

    def is_unknown(self) -> bool:
        """Return True when the stance is unknown."""
        return self.status == StanceStatus.UNKNOWN


class Account(Claim):
    """One source's version of a disputed point."""

    says: Text
    """What this source says."""


class Conflict(Model):
    """A point on which sources disagree; every version is shown."""

    about: Text
    """The disputed point."""
    versions: tuple[Account, ...] = Field(min_length=2)
    """What each source says."""


class Review(Model):
    """One review of some sections of a file against their sources."""

    date: FullDate
    """When the review was done."""
    sections: tuple[Section, ...] = Field(min_length=1)
    """The sections checked against their sources."""
    changed: str | None = None
    """What the review changed in a conclusion, in a sentence; leave out when it confirmed what
    was there. Reviews that changed something are listed on the "What changed" page."""


class Platform(Model):
    """Everything we know about one platform's disclosure of user data to authorities."""

    id: Id
    """Short id; must equal the file name without .yaml."""
    name: Text
    """Display name."""
    category: Category | None = None
    """What people mainly use it for: the home page groups platforms by it, those without one
    under "Other services"."""
    company: Id | None = None
    """The platform file that records this service's company, if the company has other services
    here (WhatsApp: facebook); the record itself leaves it out. The company's reporting and
    figures are recorded once, there; each service's page names the company and links to them."""
    summary: Text
    """Two or three sentences for readers: what this platform hands over, and to whom."""
    last_reviewed: FullDate
    """When a person last checked every claim in this file against its sources."""
    identity: Identity
    """Names, operator, owner and jurisdiction."""
    encryption: tuple[EncryptionPeriod, ...] = Field(min_length=1)
    """End-to-end encryption over time, oldest first."""
    disclosure: tuple[PolicyVersion, ...] = Field(min_length=1)
    """Disclosure conditions as dated policy versions, oldest first."""
    transparency: tuple[TransparencyPeriod, ...] = Field(min_length=1)
    """Transparency reporting over time, oldest first."""
    stances: tuple[Stance, ...] = Field(min_length=1)
    """Stances on data requests, one per jurisdiction."""
    conflicts: tuple[Conflict, ...] = ()
    """Points on which sources disagree."""
    reviews: tuple[Review, ...] = ()
    """Reviews of this file's sections against their sources, oldest first."""
    sources: tuple[Source, ...] = Field(min_length=1)
    """Every source cited in this file."""


class Power(Claim):
    """One power the authorities have today to compel data, help or removal."""

    what: Text
    """What can be compelled, in a few words."""
    from_whom: Text
    """Who must comply."""
    authorised_by: Text
    """Who authorises it: a court, a magistrate, an official."""
    penalty: Text
    """What refusing risks, as the law or reports state it."""
    since: Date
    """When the power took effect."""


class JurisdictionRoute(Claim):
    """A route recorded once for every platform it reaches: a treaty, or the user's own device."""

    route: RouteKind
    """Which route, from the vocabulary."""
    status: RouteStatus
    """Whether it is open."""
    since: DateOrUnknown
    """Since when the route has had this status."""
    summary: Text
    """The route in one plain sentence."""
    partner: JurisdictionCode | None = None
    """For mutual legal assistance: the other state, quoted: "US"."""

    def is_unknown(self) -> bool:
        """Return True when the status is unknown."""
        return self.status == RouteStatus.UNKNOWN


class Jurisdiction(Model):
    """Context for one jurisdiction: its name and the legal milestones readers need."""

    code: JurisdictionCode
    """Two-letter code (ISO 3166-1), quoted in YAML: "HK"; must equal the file name."""
    name: Text
    """Display name."""
    summary: Text
    """The legal context in a few sentences."""
    last_reviewed: FullDate
    """When a person last checked this file against its sources."""
    powers: tuple[Power, ...] = ()
    """What the authorities can compel today, from whom, on whose authority, at what penalty."""
    routes: tuple[JurisdictionRoute, ...] = ()
    """Routes to users' data that reach every platform (the user's own device) or every platform
    of one home state (a mutual legal assistance agreement)."""
    events: tuple[Event, ...] = Field(min_length=1)
    """Legal milestones, oldest first."""
    conflicts: tuple[Conflict, ...] = ()
    """Points on which sources disagree."""
    reviews: tuple[Review, ...] = ()
    """Reviews of this file's sections against their sources, oldest first."""
    sources: tuple[Source, ...] = Field(min_length=1)
    """Every source cited in this file."""


Kind = Literal["platform", "jurisdiction"]


def schema_of(model: type[BaseModel], schema_id: str) -> dict[str, Any]:
    """Return the JSON Schema of a kind of file, as committed under schema/ as `schema_id`."""
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = schema_id
    return schema


def platform_schema() -> dict[str, Any]:
    """Return the JSON Schema for platform files, as committed under schema/."""
    return schema_of(Platform, "platform.schema.json")


def jurisdiction_schema() -> dict[str, Any]:
    """Return the JSON Schema for jurisdiction files."""
    return schema_of(Jurisdiction, "jurisdiction.schema.json")
