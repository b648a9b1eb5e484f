"""The comparison at a glance: one row per platform, the criteria readers care about most.

Both the home page table and comparison.csv are built from these rows, so the published data and
the page always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from privacy_terms.data import vocabulary as v
from privacy_terms.data.dataset import Dataset
from privacy_terms.data.model import DisclosureRule, Platform, PolicyVersion, Stance

HOME_JURISDICTION = "HK"


@dataclass(frozen=True)
class StripKind:
    """A kind of data as readers ask about it, made of one or more of the data categories."""

    id: str
    label: str
    categories: tuple[str, ...]


STRIP_KINDS = (
    StripKind("account", "Account records", ("basic_subscriber", "phone_number")),
    StripKind("connections", "IP and connection logs", ("ip_address",)),
    StripKind("contacts_metadata", "Contacts and metadata", ("contacts", "metadata")),
    StripKind("content", "Message content", ("message_content",)),
    StripKind("stored", "Posts, files, groups and channels", ("stored_content",)),
    StripKind("cloud_backups", "Cloud backups", ("backups",)),
)
"""The "what exactly" lines, in the order readers ask: who I am, where from, with whom, what I
said, what I keep there, and my backups. Their ids differ from the data categories', which
are comparison.csv's columns."""

EXPOSURE_ORDER = (v.EXPOSED, v.COURT, v.UNSURE, v.LITTLE, v.PROTECTS)
"""Which part of a kind speaks for it in one cell: the one that exposes the user most, and an
unknown before anything that protects (the unknown part may be handed over)."""


@dataclass(frozen=True)
class Cell:
    """One value: its vocabulary id (or free text), the label readers see, and its evidence."""

    column: str
    value: str
    label: str
    detail: str
    anchor: str
    """Where on the platform's page the evidence is (an element id)."""
    at_most: str | None = None
    """For a disclosure rule: the most the platform has produced, when it holds almost nothing."""


@dataclass(frozen=True)
class Row:
    """A platform's cells: the home table's and comparison.csv's columns."""

    platform: Platform
    cells: tuple[Cell, ...]

    def cell(self, column: str) -> Cell:
        """Return the cell of one column."""
        return next(cell for cell in self.cells if cell.column == column)


COLUMNS: tuple[tuple[str, str], ...] = (
    ("hk_stance", "Hong Kong stance"),
    ("e2ee", "End-to-end encryption"),
    *((category.value, v.DATA_CATEGORY.label(category)) for category in v.DataCategory),
    ("user_notification", "Tells users"),
    ("transparency", "Transparency reporting"),
    ("operator", "Operator and jurisdiction"),
    ("last_reviewed", "Last reviewed"),
)
"""Every column of comparison.csv, in order: one per data category, as the policy states it
(the home table groups them into the kinds of STRIP_KINDS)."""

TABLE_COLUMNS = ("hk_stance", *(kind.id for kind in STRIP_KINDS), "user_notification")
"""The columns the home table shows, so that it fits a 1280-pixel screen: the Hong Kong answer
and what exactly, with whether users are told. Encryption shows in the message-content column;
the rest is on each platform's page and in comparison.csv."""

TABLE_TITLES = {
    "hk_stance": "Hong Kong stance",
    **{kind.id: kind.label for kind in STRIP_KINDS},
    "user_notification": "Tells users",
}
"""The home table's column headings."""

COLUMN_GROUPS: tuple[tuple[str, int], ...] = (
    ("Requests from Hong Kong", 1),
    ("Under the platform's own policy, written for the authorities of its home country", 7),
)
"""Headings over the home table's columns (title, number of columns): the Hong Kong stance is
one question, what the platform's own policy requires of its home authorities another."""


CELL_VOCABULARY = {
    "hk_stance": "stance",
    "e2ee": "encryption",
    **{kind.id: "access" for kind in STRIP_KINDS},
    "user_notification": "notification",
    "transparency": "report_form",
}
"""Column -> the vocabulary its values come from (for badges and the legend)."""


def rule_for(policy: PolicyVersion, category: str) -> DisclosureRule | None:
    """Return the policy's rule for a data category, or None when it does not list one."""
    return next((rule for rule in policy.rules if rule.data == category), None)


def current_policy(platform: Platform) -> PolicyVersion:
    """Return the policy version in force (the last one; checks keep them in order)."""
    return platform.disclosure[-1]


def stance_for(platform: Platform, code: str = HOME_JURISDICTION) -> Stance | None:
    """Return the platform's stance on one jurisdiction, if recorded."""
    return next((s for s in platform.stances if s.jurisdiction == code), None)


def comparison_rows(dataset: Dataset) -> list[Row]:
    """Return one row per platform, in the dataset's order."""
    rows: list[Row] | None = dataset.derived.get("comparison")
    if rows is None:
        rows = dataset.derived["comparison"] = [Row(p, _cells(p)) for p in dataset.platforms]
    return list(rows)


def _cells(platform: Platform) -> tuple[Cell, ...]:
    policy = current_policy(platform)
    encryption = platform.encryption[-1]
    operator = platform.identity.operators[-1]
    reporting = platform.transparency[-1]
    return (
        _stance_cell(platform),
        Cell(
            "e2ee",
            encryption.level,
            v.ENCRYPTION.label(encryption.level),
            encryption.covers,
            "encryption",
        ),
        *(_kind_cell(policy, kind) for kind in STRIP_KINDS),
        *(_category_cell(policy, category) for category in v.DataCategory),
        Cell(
            "user_notification",
            policy.user_notification.value,
            v.NOTIFICATION.label(policy.user_notification.value),
            "",
            f"policy-{policy.id}",
        ),
        Cell(
            "transparency",
            reporting.form,
            v.REPORT_FORM.label(reporting.form),
            _frequency(reporting.frequency),
            "transparency",
        ),
        Cell("operator", operator.name, operator.name, _where(operator.jurisdiction), "identity"),
        Cell("last_reviewed", platform.last_reviewed, platform.last_reviewed, "", "sources"),
    )


def _frequency(frequency: str) -> str:
    """The frequency beside the form of reporting; nothing when there is none to tell."""
    if frequency in (v.Frequency.UNKNOWN, v.Frequency.NOT_APPLICABLE):
        return ""
    return v.FREQUENCY.label(frequency)


JURISDICTION_UNKNOWN = "jurisdiction unknown"
"""The operator's jurisdiction when the data records it as unknown, here and on its page."""


def _where(jurisdiction: str) -> str:
    """The operator's jurisdiction for readers: never a bare "unknown" beside a name."""
    return JURISDICTION_UNKNOWN if jurisdiction == "unknown" else jurisdiction


def _stance_cell(platform: Platform) -> Cell:
    stance = stance_for(platform)
    if stance is None:
        return Cell("hk_stance", "unknown", v.STANCE.label("unknown"), "", "stance-hk")
    return Cell(
        "hk_stance",
        stance.status,
        v.STANCE.label(stance.status),
        f"as of {stance.as_of}",
        "stance-hk",
    )


def _kind_cell(policy: PolicyVersion, kind: StripKind) -> Cell:
    """The kind's value in one cell: its part that exposes the user most (see EXPOSURE_ORDER)."""
    parts = [(category, rule_for(policy, category)) for category in kind.categories]
    category, rule = min(parts, key=lambda part: EXPOSURE_ORDER.index(_tone(part[1])))
    access = rule.access if rule else v.Access.NOT_REVIEWED
    detail = (rule.detail or "") if rule else ""
    at_most = rule.at_most if rule else None
    anchor = f"policy-{policy.id}-{category}" if rule else f"policy-{policy.id}"
    return Cell(kind.id, access, v.ACCESS.label(access), detail, anchor, at_most)


def _category_cell(policy: PolicyVersion, category: str) -> Cell:
    """One data category as the policy states it; "not_reviewed" where its rules do not list it."""
    rule = rule_for(policy, category)
    if rule is None:
        label = v.ACCESS.label(v.Access.NOT_REVIEWED)
        return Cell(category, v.Access.NOT_REVIEWED, label, "", f"policy-{policy.id}")
    anchor = f"policy-{policy.id}-{category}"
    label = v.ACCESS.label(rule.access)
    return Cell(category, rule.access, label, rule.detail or "", anchor, rule.at_most)


def _tone(rule: DisclosureRule | None) -> v.Tone:
    if rule is None:
        return v.UNSURE
    return v.LITTLE if rule.at_most else v.ACCESS.tone(rule.access)
