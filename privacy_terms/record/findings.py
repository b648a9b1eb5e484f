"""What `verify` and `watch` found: values located at a file and line, printed in four formats.

A finding is not a data error (`check` reports those): it asks a person to look at a source,
because its page moved or vanished, its quote is gone, or the policy it cites has changed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Literal

Format = Literal["text", "github", "json", "markdown"]
FORMATS: tuple[Format, ...] = ("text", "github", "json", "markdown")

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


@dataclass(frozen=True, order=True)
class Finding:
    """One thing a person should look at, at the line of the source it concerns."""

    path: str
    line: int
    column: int
    source: str
    """The source's id."""
    kind: str
    """A short slug: not-found, moved, unreachable, quote-missing, policy-changed, …"""
    message: str
    """What was found and what to do, in one sentence."""
    url: str | None = None
    """The address concerned, if any."""
    new_url: str | None = None
    """Where a moved page is now."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.kind}: {self.source}: {self.message}"

    def as_github(self, command: str) -> str:
        """Return the finding as a GitHub Actions warning annotation."""
        message = f"{self.source}: {self.message}"
        message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        title = f"{command}: {self.kind}".replace(",", " ").replace("::", ": ")
        return f"::warning file={self.path},line={self.line},col={self.column},title={title}::{message}"


@dataclass(frozen=True)
class Report:
    """Everything one run found, and a one-line summary of what it looked at."""

    command: str
    findings: list[Finding]
    summary: str
    counts: dict[str, int] = field(default_factory=dict)
    """What was looked at, by name (for --format json)."""

    @property
    def exit_code(self) -> int:
        """0 when nothing needs a look, 1 otherwise."""
        return 1 if self.findings else 0


def render(report: Report, format: Format) -> tuple[str, str]:
    """Return what goes to stdout and what goes to stderr, in the chosen format."""
    findings = sorted(report.findings)
    if format == "json":
        data = {
            "command": report.command,
            "summary": report.summary,
            "counts": report.counts,
            "findings": [asdict(finding) for finding in findings],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n", ""
    if format == "markdown":
        return as_markdown(report.command, findings, report.summary), ""
    if format == "github":
        lines = [finding.as_github(report.command) for finding in findings]
        return "".join(f"{line}\n" for line in lines), report.summary + "\n"
    lines = [str(finding) for finding in findings]
    return "".join(f"{line}\n" for line in [*lines, report.summary]), ""


def as_markdown(command: str, findings: Iterable[Finding], summary: str) -> str:
    """A section of the scheduled issue: the findings grouped by file, each with file:line."""
    findings = sorted(findings)
    noun = "finding" if len(findings) == 1 else "findings"
    lines = [f"### `python build.py {command}`: {len(findings)} {noun}", "", escape(summary), ""]
    path = None
    for finding in findings:
        if finding.path != path:
            if path is not None:
                lines.append("")
            path = finding.path
            lines += [f"**{escape(path)}**", ""]
        where = f"{finding.path}:{finding.line}"
        lines.append(
            f"- [ ] `{where}` `{finding.source}` {escape(finding.kind)}: {escape(finding.message)}"
        )
    return "\n".join(lines).rstrip("\n") + "\n"


def escape(text: str) -> str:
    """Plain text for a GitHub issue: no markup, no HTML, no @mentions, on one line."""
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("@", "&#64;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def count(n: int, word: str, plural: str | None = None) -> str:
    """`1 source`, `2 sources`."""
    return f"{n} {word if n == 1 else plural or word + 's'}"
