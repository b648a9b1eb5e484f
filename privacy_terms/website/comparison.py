"""The comparison at a glance: one row per platform, the criteria readers care about most.

Both the home page table and comparison.csv are built from these rows, so the published data and
the page always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from privacy_terms.data import vocabulary as v
from privacy_terms.data.dataset import Dataset
from privacy_terms.data.model import Platform, PolicyVersion, Stance

HOME_JURISDICTION = "HK"
DISCLOSED_CATEGORIES = ("message_content", "ip_address", "basic_subscriber")


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
    """A platform's cells, in column order."""

    platform: Platform
    cells: tuple[Cell, ...]


COLUMNS: tuple[tuple[str, str], ...] = (
    ("hk_stance", "Hong Kong stance"),
    ("e2ee", "End-to-end encryption"),
    ("message_content", "Message content"),
    ("ip_address", "IP address"),
    ("basic_subscriber", "Basic subscriber records"),
    ("user_notification", "Tells users"),
    ("transparency", "Transparency reporting"),
    ("operator", "Operator and jurisdiction"),
    ("last_reviewed", "Last reviewed"),
)


COLUMN_GROUPS: tuple[tuple[str, int], ...] = (
    ("Requests from Hong Kong", 1),
    ("Under the platform's own policy, written for the authorities of its home country", 5),
    ("Reporting and operator", 3),
)
"""Headings over the columns (title, number of columns): the Hong Kong stance is one question,
what the platform's own policy requires of its home authorities another."""


CELL_VOCABULARY = {
    "hk_stance": "stance",
    "e2ee": "encryption",
    "message_content": "access",
    "ip_address": "access",
    "basic_subscriber": "access",
    "user_notification": "notification",
    "transparency": "report_form",
}
"""Column -> the vocabulary its values come from (for badges and the legend)."""


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
        *(_access_cell(policy, category) for category in DISCLOSED_CATEGORIES),
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


def _access_cell(policy: PolicyVersion, category: str) -> Cell:
    rule = next((r for r in policy.rules if r.data == category), None)
    access = rule.access if rule else "not_stated"
    detail = (rule.detail or "") if rule else ""
    at_most = rule.at_most if rule else None
    anchor = f"policy-{policy.id}-{category}"
    return Cell(category, access, v.ACCESS.label(access), detail, anchor, at_most)
