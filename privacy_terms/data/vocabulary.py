"""Every enumerated value in the data, with a short label and a one-line definition.

The model uses these enums for validation, the checks quote them in error messages, and the site's
legend and methodology page are generated from the same definitions, so a value never means one
thing in the data and another on the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True)
class Term:
    """One allowed value: its id as written in YAML, a short label and a definition."""

    id: str
    label: str
    definition: str


@dataclass(frozen=True)
class Tone:
    """How a value stands for the user, shown as a shape and a colour beside its label."""

    id: str
    symbol: str
    label: str


PROTECTS = Tone("protects", "●", "Protects the data")
LITTLE = Tone("little", "◕", "Little to hand over: at most a few dates")
COURT = Tone("court", "◐", "Needs a court, a judge or a treaty")
EXPOSED = Tone("exposed", "○", "A low bar, or data handed over")
UNSURE = Tone("unsure", "–", "Not stated, not confirmed or unknown")
TONES = (PROTECTS, LITTLE, COURT, EXPOSED, UNSURE)
"""Every tone, in legend order. The shape says it without colour: the fuller, the safer."""


@dataclass(frozen=True)
class Vocabulary:
    """A named list of terms, in the order readers should see them."""

    name: str
    title: str
    description: str
    terms: tuple[Term, ...]
    tones: dict[str, Tone] = field(default_factory=dict)
    """The tone of each value that has one (for status at a glance); others are UNSURE."""

    def tone(self, value: str) -> Tone:
        """Return how a value stands for the user."""
        return self.tones.get(value, UNSURE)

    def term(self, value: str) -> Term:
        """Return the term for an id (the model has already rejected unknown ids)."""
        for term in self.terms:
            if term.id == value:
                return term
        raise KeyError(f"{value!r} is not in vocabulary {self.name!r}")

    def label(self, value: str) -> str:
        """Return the short label for an id."""
        return self.term(value).label


class StanceStatus(StrEnum):
    """A platform's position on government data requests from one jurisdiction."""

    PAUSED = "paused"
    PAUSED_UNCONFIRMED = "paused_unconfirmed"
    NO_DATA_TO_GIVE = "no_data_to_give"
    PROCESSING = "processing"
    NO_STATEMENT = "no_statement"
    UNKNOWN = "unknown"


class RouteKind(StrEnum):
    """A way by which one jurisdiction's authorities can obtain a platform's users' data."""

    DIRECT_REQUEST = "direct_request"
    MUTUAL_LEGAL_ASSISTANCE = "mutual_legal_assistance"
    EMERGENCY_REQUEST = "emergency_request"
    PROVIDER_NOTICE = "provider_notice"
    USER_DEVICE = "user_device"


class RouteStatus(StrEnum):
    """Whether a route to a platform's users' data is open."""

    OPEN = "open"
    OPEN_ON_WARRANT = "open_on_warrant"
    PAUSED = "paused"
    REFUSED = "refused"
    SUSPENDED = "suspended"
    UNKNOWN = "unknown"


class Presence(StrEnum):
    """Whether a company has an office or staff within reach of a jurisdiction's notices."""

    OFFICE = "office"
    STAFF = "staff"
    NONE_KNOWN = "none_known"
    UNKNOWN = "unknown"


class Access(StrEnum):
    """What unlocks one category of data, or why it is never available."""

    ANY_LEGAL_PROCESS = "any_legal_process"
    SUBPOENA = "subpoena"
    COURT_ORDER = "court_order"
    SEARCH_WARRANT = "search_warrant"
    PEN_REGISTER_ORDER = "pen_register_order"
    NATIONAL_SECURITY_LETTER = "national_security_letter"
    COURT_ORDER_TERROR_SUSPECT = "court_order_terror_suspect"
    JUDICIAL_ORDER_CRIMINAL_CASE = "judicial_order_criminal_case"
    MLAT = "mlat"
    EMERGENCY_REQUEST = "emergency_request"
    NOT_DISCLOSED = "not_disclosed"
    END_TO_END_ENCRYPTED = "end_to_end_encrypted"
    NOT_HELD = "not_held"
    NOT_STATED = "not_stated"
    NOT_REVIEWED = "not_reviewed"
    UNKNOWN = "unknown"


class DataCategory(StrEnum):
    """Kinds of user data an authority may ask for."""

    BASIC_SUBSCRIBER = "basic_subscriber"
    IP_ADDRESS = "ip_address"
    PHONE_NUMBER = "phone_number"
    CONTACTS = "contacts"
    METADATA = "metadata"
    STORED_CONTENT = "stored_content"
    MESSAGE_CONTENT = "message_content"
    BACKUPS = "backups"


class Category(StrEnum):
    """What people mainly use a platform for: the home page groups the platforms by it."""

    MESSAGING = "messaging"
    SOCIAL = "social"
    EMAIL_CLOUD_OFFICE = "email_cloud_office"
    VIDEO_CALLS = "video_calls"


class EncryptionLevel(StrEnum):
    """How much of a platform's messaging is end-to-end encrypted."""

    DEFAULT_ALL = "default_all"
    DEFAULT_SOME = "default_some"
    OPT_IN = "opt_in"
    NOT_OFFERED = "not_offered"
    UNKNOWN = "unknown"


class Notification(StrEnum):
    """Whether a platform tells users that their data was requested."""

    NOTIFIES = "notifies"
    NOT_STATED = "not_stated"
    NOT_REVIEWED = "not_reviewed"
    DOES_NOT_NOTIFY = "does_not_notify"
    UNKNOWN = "unknown"


class ReportForm(StrEnum):
    """The form a platform's transparency reporting takes."""

    STATISTICS_BY_COUNTRY = "statistics_by_country"
    PER_REQUEST = "per_request"
    BOT = "bot"
    PROMISED = "promised"
    NONE = "none"
    UNKNOWN = "unknown"


class Frequency(StrEnum):
    """How often transparency reports appear."""

    SEMIANNUAL = "semiannual"
    QUARTERLY = "quarterly"
    PER_REQUEST = "per_request"
    IRREGULAR = "irregular"
    NOT_APPLICABLE = "not_applicable"
    UNKNOWN = "unknown"


class SourceKind(StrEnum):
    """What kind of document a source is, which decides how much a claim can rest on it."""

    COMPANY_POLICY = "company_policy"
    COMPANY_STATEMENT = "company_statement"
    TRANSPARENCY_REPORT = "transparency_report"
    GOVERNMENT_RECORD = "government_record"
    COURT_RECORD = "court_record"
    NEWS_REPORT = "news_report"
    SECONDARY = "secondary"


class Evidence(StrEnum):
    """The weight a source carries: its kind, grouped."""

    PRIMARY = "primary"
    NEWS = "news"
    SECONDARY = "secondary"


def evidence_of(kind: SourceKind) -> Evidence:
    """Return the weight of a kind of source: the publisher's own record, news, or secondary."""
    if kind == SourceKind.NEWS_REPORT:
        return Evidence.NEWS
    if kind == SourceKind.SECONDARY:
        return Evidence.SECONDARY
    return Evidence.PRIMARY


class Section(StrEnum):
    """A part of a data file that is reviewed against its sources as a whole."""

    IDENTITY = "identity"
    ENCRYPTION = "encryption"
    DISCLOSURE = "disclosure"
    TRANSPARENCY = "transparency"
    STANCES = "stances"
    EVENTS = "events"


class EventKind(StrEnum):
    """Kinds of dated events on a timeline."""

    STATEMENT = "statement"
    CONFIRMATION = "confirmation"
    POLICY_CHANGE = "policy_change"
    REPORT = "report"
    CORPORATE = "corporate"
    LAW = "law"


STANCE = Vocabulary(
    "stance",
    "Stance on government data requests",
    "What a platform said it does with data requests from one jurisdiction's authorities.",
    (
        Term(
            "paused",
            "Paused",
            "The platform announced it stopped reviewing or producing data for this jurisdiction's requests; no public reversal has been found.",
        ),
        Term(
            "paused_unconfirmed",
            "Paused, now unconfirmed",
            "A pause was announced, but a later policy change leaves open whether it still applies; the platform has not said.",
        ),
        Term(
            "no_data_to_give",
            "Says it holds no data",
            "The platform says it never handed over data and holds almost none that it could hand over.",
        ),
        Term(
            "processing",
            "Processing requests",
            "The platform handles this jurisdiction's requests under its ordinary policy.",
        ),
        Term(
            "no_statement",
            "No statement",
            "The platform has made no public statement about this jurisdiction's requests.",
        ),
        Term("unknown", "Unknown", "We have found no reliable source either way."),
    ),
    tones={
        "paused": PROTECTS,
        "no_data_to_give": PROTECTS,
        "paused_unconfirmed": COURT,
        "processing": EXPOSED,
    },
)

ROUTE = Vocabulary(
    "route",
    "Route to the data",
    "A way by which the Hong Kong authorities can obtain a platform's users' data.",
    (
        Term(
            "direct_request",
            "Request to the company",
            "The police ask the company itself, which answers under its own policy.",
        ),
        Term(
            "mutual_legal_assistance",
            "Through the company's home state",
            "A request under a mutual legal assistance agreement with the state whose law governs"
            " the company; that state's authorities and courts decide.",
        ),
        Term(
            "emergency_request",
            "Emergency request",
            "A request without legal process, answered when the company believes a life is at risk.",
        ),
        Term(
            "provider_notice",
            "Notice to a service provider",
            "A requirement under Schedule 4 of the Article 43 Implementation Rules; it can be"
            " enforced on a company with an office or staff in Hong Kong.",
        ),
        Term(
            "user_device",
            "The user's own device",
            "The police compel the user to unlock or decrypt the phone or computer, which"
            " bypasses every platform's policy.",
        ),
    ),
)

ROUTE_STATUS = Vocabulary(
    "route_status",
    "Route status",
    "Whether a route to a platform's users' data is open.",
    (
        Term("open", "Open", "Requests by this route are answered, or the power can be used."),
        Term(
            "open_on_warrant",
            "Open on a warrant",
            "The power can be used once a court or magistrate issues a warrant.",
        ),
        Term(
            "paused",
            "Paused",
            "The company said it stopped answering these requests; no public reversal has been found.",
        ),
        Term(
            "refused",
            "Refused",
            "The company says it does not hand over data to these authorities.",
        ),
        Term(
            "suspended",
            "Suspended",
            "The government suspended the agreement this route runs through.",
        ),
        Term("unknown", "Unknown", "We have found no reliable source either way."),
    ),
    tones={
        "open": EXPOSED,
        "open_on_warrant": COURT,
        "paused": PROTECTS,
        "refused": PROTECTS,
        "suspended": PROTECTS,
    },
)

PRESENCE = Vocabulary(
    "presence",
    "Office or staff in Hong Kong",
    "Whether the company has someone in Hong Kong on whom a notice can be enforced.",
    (
        Term("office", "Office in Hong Kong", "The company has an office in Hong Kong."),
        Term(
            "staff", "Staff in Hong Kong", "Staff work in Hong Kong, without a registered office."
        ),
        Term(
            "none_known",
            "None known",
            "No office or staff in Hong Kong is known from the sources cited.",
        ),
        # Not "Unknown": the label is also read inside a sentence ("office or staff in Hong Kong:
        # not established"), where a bare "unknown" would say nothing of what is unknown.
        Term("unknown", "Not established", "We have found no reliable source either way."),
    ),
)

ACCESS = Vocabulary(
    "access",
    "Legal process",
    "What an authority must present before the platform will disclose a category of data, or why it never can.",
    (
        Term(
            "any_legal_process",
            "Any valid legal process",
            "The policy names no specific instrument: any applicable law, legal process or enforceable government request.",
        ),
        Term(
            "subpoena",
            "Subpoena",
            "A subpoena (in the US, issued without a judge's review of probable cause).",
        ),
        Term(
            "court_order",
            "Court order",
            "A court order short of a search warrant, such as a US 18 U.S.C. § 2703(d) order.",
        ),
        Term(
            "search_warrant",
            "Search warrant",
            "A search warrant issued by a judge on a showing of probable cause.",
        ),
        Term(
            "pen_register_order",
            "Pen-register order",
            "A US court order for ongoing collection of who-contacts-whom metadata.",
        ),
        Term(
            "national_security_letter",
            "National Security Letter",
            "A US administrative demand by the FBI, without a court.",
        ),
        Term(
            "court_order_terror_suspect",
            "Court order: terror suspect",
            "A court order that confirms the user is a terror suspect.",
        ),
        Term(
            "judicial_order_criminal_case",
            "Judicial order: criminal case",
            "A valid order from judicial authorities confirming the user is a suspect in a criminal case that violates the platform's terms.",
        ),
        Term(
            "mlat",
            "Treaty request (MLAT)",
            "A foreign government must go through a Mutual Legal Assistance Treaty or letters rogatory, so a court of the platform's own country decides.",
        ),
        Term(
            "emergency_request",
            "Emergency request",
            "Disclosed without legal process when the platform believes a life is at risk.",
        ),
        Term(
            "not_disclosed",
            "Not disclosed",
            "Held by the platform, but its policy says it is not disclosed to authorities.",
        ),
        Term(
            "end_to_end_encrypted",
            "Never: end-to-end encrypted",
            "Never available: the platform cannot read it because it is end-to-end encrypted.",
        ),
        Term(
            "not_held",
            "Never: not held",
            "Never available: the platform says it does not keep this data.",
        ),
        Term(
            "not_stated",
            "Not stated",
            "We read the whole policy version, from its archived text, and it does not say.",
        ),
        Term(
            "not_reviewed",
            "Not reviewed yet",
            "We have not yet read the whole policy version on this point; it may say something.",
        ),
        Term("unknown", "Unknown", "We have found no reliable source either way."),
    ),
    tones={
        "any_legal_process": EXPOSED,
        "subpoena": EXPOSED,
        "national_security_letter": EXPOSED,
        "emergency_request": EXPOSED,
        "court_order": COURT,
        "search_warrant": COURT,
        "pen_register_order": COURT,
        "court_order_terror_suspect": COURT,
        "judicial_order_criminal_case": COURT,
        "mlat": COURT,
        "not_disclosed": PROTECTS,
        "end_to_end_encrypted": PROTECTS,
        "not_held": PROTECTS,
    },
)

DATA_CATEGORY = Vocabulary(
    "data_category",
    "Data category",
    "Kinds of user data an authority may ask a platform for.",
    (
        Term(
            "basic_subscriber",
            "Basic subscriber records",
            "Name, email address, service start and last-seen dates: who holds the account.",
        ),
        Term("ip_address", "IP address", "The internet addresses the account connected from."),
        Term("phone_number", "Phone number", "The phone number the account is registered with."),
        Term("contacts", "Contacts", "The user's address book or list of contacts."),
        Term(
            "metadata",
            "Metadata and logs",
            "Who communicated with whom and when: message and call logs, headers, location data.",
        ),
        Term(
            "stored_content",
            "Stored content",
            "Content kept on the platform's servers: profile, photos, posts, group information.",
        ),
        Term("message_content", "Message content", "The text and media of private messages."),
        Term(
            "backups",
            "Cloud backups",
            "Copies of the user's chats, photos or device kept in the platform's cloud.",
        ),
    ),
)

CATEGORY = Vocabulary(
    "category",
    "Kind of service",
    "What people mainly use the platform for; the home page groups the platforms this way.",
    (
        Term("messaging", "Messaging", "Chats and calls between people and in groups."),
        Term("social", "Social networks", "Posts, profiles and videos shared with followers."),
        Term(
            "email_cloud_office",
            "Email, cloud and office",
            "Email, files and photos stored online, documents, and the accounts that hold them.",
        ),
        Term("video_calls", "Video calls", "Meetings and calls by video."),
    ),
)

ENCRYPTION = Vocabulary(
    "encryption",
    "End-to-end encryption",
    "Whether messages can be read by anyone but the people in the conversation, including the platform.",
    (
        Term(
            "default_all",
            "On by default, everywhere",
            "Every chat and call is end-to-end encrypted without the user doing anything.",
        ),
        Term(
            "default_some",
            "On by default for some chats",
            "Some kinds of chat are end-to-end encrypted by default; others are not.",
        ),
        Term(
            "opt_in",
            "Only in opt-in modes",
            "End-to-end encryption exists only in a mode the user must turn on; ordinary chats are readable by the platform.",
        ),
        Term(
            "not_offered",
            "Not offered",
            "No end-to-end encryption: the platform can read every message it stores.",
        ),
        Term("unknown", "Unknown", "We have found no reliable source either way."),
    ),
    tones={"default_all": PROTECTS, "default_some": COURT, "opt_in": COURT, "not_offered": EXPOSED},
)

NOTIFICATION = Vocabulary(
    "notification",
    "User notification",
    "Whether the platform tells users that an authority asked for their data.",
    (
        Term(
            "notifies",
            "Notifies users",
            "Policy is to notify users before disclosure, unless prohibited or in stated exceptions.",
        ),
        Term(
            "not_stated",
            "Not stated",
            "We read the whole policy version, from its archived text, and it says nothing about"
            " notifying users.",
        ),
        Term(
            "not_reviewed",
            "Not reviewed yet",
            "We have not yet read the whole policy version on this point.",
        ),
        Term("does_not_notify", "Does not notify", "The platform says it does not notify users."),
        Term("unknown", "Unknown", "We have found no reliable source either way."),
    ),
    tones={"notifies": PROTECTS, "does_not_notify": EXPOSED},
)

REPORT_FORM = Vocabulary(
    "report_form",
    "Transparency reporting",
    "How a platform publishes the government requests it receives.",
    (
        Term(
            "statistics_by_country",
            "Statistics by country",
            "Periodic reports with request counts per country.",
        ),
        Term(
            "per_request",
            "One post per request",
            "Each request and the platform's response are published individually.",
        ),
        Term(
            "bot",
            "Per-country bot",
            "Figures are given by an automated chat bot, one country at a time.",
        ),
        Term(
            "promised",
            "Promised, none found",
            "The platform's policy promises reports, but no published report has been found.",
        ),
        Term("none", "None", "No transparency reporting is published."),
        Term("unknown", "Unknown", "We have found no reliable source either way."),
    ),
    tones={
        "statistics_by_country": PROTECTS,
        "per_request": PROTECTS,
        "bot": COURT,
        "promised": EXPOSED,
        "none": EXPOSED,
    },
)

FREQUENCY = Vocabulary(
    "frequency",
    "Reporting frequency",
    "How often transparency reports appear.",
    (
        Term("semiannual", "Twice a year", "A report every six months."),
        Term("quarterly", "Quarterly", "A report every three months."),
        Term("per_request", "Per request", "Published as each request is answered."),
        Term("irregular", "Irregular", "Reports appeared with gaps or without a schedule."),
        Term("not_applicable", "Not applicable", "There is no reporting to time."),
        Term("unknown", "Unknown", "We have found no reliable source either way."),
    ),
)

SOURCE_KIND = Vocabulary(
    "source_kind",
    "Kind of source",
    "What a source is. The first five are primary sources: the record of the company, the"
    " legislature, the government or the court itself.",
    (
        Term(
            "company_policy",
            "Company policy",
            "The company's own privacy policy, terms or guidelines for law enforcement, as published.",
        ),
        Term(
            "company_statement",
            "Company statement",
            "The company's statement, blog post, help page or an executive's public post;"
            " a claim by the company, not a verified fact.",
        ),
        Term(
            "transparency_report",
            "Transparency report",
            "The company's own report of the requests it received and answered.",
        ),
        Term(
            "government_record",
            "Government record",
            "Legislation, the Government Gazette, a Legislative Council record, or a government"
            " statement.",
        ),
        Term("court_record", "Court record", "A judgment or other record of a court."),
        Term(
            "news_report",
            "News report",
            "A news organisation's own report, under its own name.",
        ),
        Term(
            "secondary",
            "Secondary",
            "Analysis, a dataset or a summary by a third party; it may stand beside a primary"
            " source or a news report, never alone.",
        ),
    ),
)

EVIDENCE = Vocabulary(
    "evidence",
    "Strength of evidence",
    "How much a conclusion can rest on a source. Every stance, disclosure rule and request"
    " figure cites at least one primary source or news report.",
    (
        Term(
            "primary",
            "Primary",
            "The publisher's own record: the company's policy, statement or transparency report;"
            " legislation; a court or government record.",
        ),
        Term("news", "News", "A news organisation's own report."),
        Term(
            "secondary",
            "Secondary",
            "Analysis, datasets, summaries and copies by third parties.",
        ),
    ),
)

SECTION = Vocabulary(
    "section",
    "Section reviewed",
    "The parts of a data file that a review checks against their sources.",
    (
        Term("identity", "Operator", "Names, operator, owner and jurisdiction."),
        Term("encryption", "Encryption", "End-to-end encryption over time."),
        Term("disclosure", "Disclosure", "The disclosure conditions of each policy version."),
        Term("transparency", "Transparency", "Transparency reporting over time."),
        Term(
            "stances", "Stances", "Stances on data requests, with statements, events and figures."
        ),
        Term("events", "Legal milestones", "A jurisdiction's laws, rules, rulings and their uses."),
    ),
)

EVENT_KIND = Vocabulary(
    "event_kind",
    "Event",
    "Kinds of dated events on a timeline.",
    (
        Term("statement", "Statement", "The company said something in public."),
        Term(
            "confirmation",
            "Confirmation",
            "A later report or figure confirms or tests an earlier statement.",
        ),
        Term("policy_change", "Policy change", "A policy text changed."),
        Term("report", "Report", "A transparency report or figure was published."),
        Term("corporate", "Corporate change", "A rename, new legal entity or change of owner."),
        Term("law", "Law", "A law or rule took effect."),
    ),
)

VOCABULARIES: tuple[Vocabulary, ...] = (
    CATEGORY,
    STANCE,
    ROUTE,
    ROUTE_STATUS,
    PRESENCE,
    ACCESS,
    DATA_CATEGORY,
    ENCRYPTION,
    NOTIFICATION,
    REPORT_FORM,
    FREQUENCY,
    SOURCE_KIND,
    EVIDENCE,
    SECTION,
    EVENT_KIND,
)
