"""Where a source comes from: address hygiene, permanent copies and the weight of evidence.

A reader must be able to follow every source to its publisher. These rules say what makes an
address followable (the publisher's own https page, no redirector, no tracking) and a permanent
copy permanent (pinned to a commit or a snapshot time). They are pure functions of text, shared by
the checks and by the pages that show the evidence mix.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from privacy_terms.data.model import is_http_url
from privacy_terms.data.vocabulary import Evidence

# Addresses that only forward to another page: the page they lead to is the source.
REDIRECTOR_HOSTS = frozenset(
    {
        "news.google.com",
        "t.co",
        "bit.ly",
        "buff.ly",
        "ow.ly",
        "tinyurl.com",
        "goo.gl",
        "lnkd.in",
        "dlvr.it",
        "trib.al",
        "href.li",
        "l.facebook.com",
        "lm.facebook.com",
        "out.reddit.com",
        "feedproxy.google.com",
        "click.redditmail.com",
        "r.search.yahoo.com",
    }
)
# Redirect scripts on hosts that also serve real pages: (host, path).
REDIRECTOR_PATHS = frozenset({("www.google.com", "/url"), ("google.com", "/url")})

# Query parameters that say how a reader arrived, not which page they read.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "_ga",
        "ref",
        "ref_src",
        "ref_url",
        "cmpid",
        "ocid",
        "smid",
        "guccounter",
    }
)
TRACKING_PREFIXES = ("utm_",)

# Hosts that serve copies of other publishers' documents. A copy may be how a text was read
# (`read_via`), never the address of a primary source or a news report.
COPY_HOSTS = frozenset(
    {
        "raw.githubusercontent.com",
        "gist.githubusercontent.com",
        "web.archive.org",
        "archive.ph",
        "archive.today",
        "archive.is",
        "webcache.googleusercontent.com",
        "pressreader.com",
        "www.pressreader.com",
        "en.wikisource.org",
        "zh.wikisource.org",
        "www.onenewspage.com",
        "docslib.org",
    }
)
COPY_HOST_SUFFIXES = (".blogspot.com", ".translate.goog")
TRACKING_VALUES = frozenset({("from", "rss"), ("src", "rss")})

_EMBEDDED_ADDRESS = re.compile(r"(?:^|[=&])(?:https?(?::|%3A)(?://|%2F%2F))", re.IGNORECASE)
_COMMIT_PINNED = re.compile(r"^/OpenTermsArchive/[^/]+/blob/[0-9a-f]{40}/.+", re.IGNORECASE)
_SNAPSHOT = re.compile(r"^/web/\d{14}/https?://", re.IGNORECASE)
ARCHIVE_FORM = "https://github.com/OpenTermsArchive/<repository>/blob/<40-hex commit>/<path>"
SNAPSHOT_FORM = "https://web.archive.org/web/<14-digit time>/<address>"


# Hosts that name the reader's own machine or network, never a publisher's page.
LOCAL_HOSTS = frozenset({"localhost"})
LOCAL_HOST_SUFFIXES = (
    ".localhost",
    ".localdomain",
    ".local",
    ".internal",
    ".intranet",
    ".lan",
    ".home.arpa",
)
# Scripts that one host may mix (Unicode's "highly restrictive" profile): a Chinese, Japanese or
# Korean name with Latin letters. Any other mix (Latin with Cyrillic or Greek) is a look-alike.
_SCRIPTS_THAT_MIX = (
    frozenset({"Latin", "Han", "Hiragana", "Katakana"}),
    frozenset({"Latin", "Han", "Bopomofo"}),
    frozenset({"Latin", "Han", "Hangul"}),
)


def address_rule_problems(url: str) -> list[str]:
    """Return why `url` may not be written as a link anywhere: the rules every address of every
    file obeys (data, translations), whatever field holds it.

    https only; no user name before the host (`https://signal.org@evil.example/` leads to
    evil.example); a public host named by its domain (no IP address, no local or private name);
    a host in one script, written in punycode when it is not ASCII, so that no look-alike letter
    (a Cyrillic o, U+043E, in `signal.org`) can pass for another address.
    """
    if not is_https(url):
        return [f"{url} is not https: cite the publisher's https address"]
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        parts, host = None, ""
    found = []
    if parts is not None and "@" in parts.netloc:
        found.append(
            f"{url} puts a user name before its host, and leads to {host}: remove everything"
            " from // to the @"
        )
    found += host_problems(host) if host else []
    if not found and not is_http_url(url):
        found.append(
            f"{url} is not a full https address: write it as a browser's address bar shows it"
        )
    return found


def host_problems(host: str) -> list[str]:
    """Return why `host` (lowercase, as `urlsplit` gives it) is not a publisher's public host."""
    if _is_ip_literal(host):
        return [f"{host} is an IP address: cite the publisher's address by its domain name"]
    if host in LOCAL_HOSTS or host.endswith(LOCAL_HOST_SUFFIXES):
        return [
            f"{host} names a local or private host, not a publisher's: cite the publisher's"
            " public address"
        ]
    try:
        shown = ".".join(_label_as_read(label) for label in host.split("."))
    except UnicodeError:
        return [f"{host} is not valid punycode: cite the publisher's address as its site gives it"]
    if any(not _in_host_name(char) for char in shown):
        return [
            f"{host} holds a symbol, not only letters and digits: cite the publisher's own"
            " address, as its site gives it"
        ]
    scripts = _scripts_of(shown)
    if len(scripts) > 1 and not any(scripts <= allowed for allowed in _SCRIPTS_THAT_MIX):
        mixed = " and ".join(sorted(scripts))
        host = host if host.isascii() else f"{host} ({_punycode(host)})"
        return [
            f"{host} mixes {mixed} letters, as look-alike addresses do: cite the publisher's own"
            " address, as its site gives it"
        ]
    if not host.isascii():
        return [f"{host} is not written in punycode: write it as {_punycode(host)}"]
    return []


def _is_ip_literal(host: str) -> bool:
    # Browsers read a host whose last label is a number (`2130706433`, `0x7f.1`, `127.1`) as IPv4.
    last = host.rstrip(".").rsplit(".", 1)[-1]
    if re.fullmatch(r"[0-9]+|0x[0-9a-f]*", last):
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _label_as_read(label: str) -> str:
    # A punycode label (`xn--`) read as the letters a browser may show for it.
    return label.encode("ascii").decode("idna") if label.startswith("xn--") else label


def _in_host_name(char: str) -> bool:
    # Letters (with their marks), digits, hyphens and dots: what a host name is made of (IDNA
    # refuses symbols such as emoji, which some registries still sell).
    return char in "-." or unicodedata.category(char)[0] in "LMN"


def _scripts_of(host: str) -> frozenset[str]:
    # The script of a letter is the first word of its Unicode name ("CYRILLIC SMALL LETTER O");
    # digits, hyphens and dots belong to every script, and a combining mark to its letter's.
    names = (
        unicodedata.name(char, "") for char in host if unicodedata.category(char).startswith("L")
    )
    return frozenset(
        _SCRIPT_NAMES.get(word, word.title()) for word in (n.split(" ")[0] for n in names)
    )


_SCRIPT_NAMES = {"CJK": "Han", "HALFWIDTH": "Katakana", "FULLWIDTH": "Latin"}


def _punycode(host: str) -> str:
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return "its punycode (xn--) form"


def address_problems(url: str) -> list[str]:
    """Return what keeps `url` from being an address a reader can follow to the publisher."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    found = []
    if host in REDIRECTOR_HOSTS or (host, parts.path) in REDIRECTOR_PATHS:
        found.append(f"{host} only forwards readers: cite the address it leads to")
    elif _EMBEDDED_ADDRESS.search(parts.query):
        found.append("the address carries another address: cite the page it leads to")
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if _is_tracking(name, value):
            found.append(f"{name!r} is a tracking parameter: remove it from the address")
    return found


# Query parameters that pick a variant of the same page (its language, its mobile layout): the
# reader should see the publisher's canonical page, in the language the quote is in.
LOCALE_PARAMETERS = frozenset({"locale", "hl", "lang", "language"})
MOBILE_FLAGS = frozenset({("m", "1"), ("mobile", "1")})
AMP_FLAGS = frozenset({("amp", ""), ("amp", "1"), ("outputtype", "amp")})
_AMP_SEGMENT = re.compile(r"/amp(?=/|$)|\.amp(?=\.html$|$)", re.IGNORECASE)


def canonical_problems(url: str) -> list[str]:
    """Return what makes `url` a variant of a page rather than its canonical address: a
    shortlink, an AMP copy, a mobile flag or a parameter that changes the language."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    query = parse_qsl(parts.query, keep_blank_values=True)
    canonical = _canonical(url)
    found = []
    if any(name == "p" and value.isdigit() for name, value in query) and parts.path in ("", "/"):
        found.append(
            "?p= is a shortlink: cite the article's permanent address (the page's canonical link)"
        )
    if host.startswith("amp."):
        found.append(f"{host} serves the AMP copy: cite the same page on the publisher's main host")
    flags = {(name.lower(), value.lower()) for name, value in query}
    if _AMP_SEGMENT.search(parts.path) or flags & AMP_FLAGS:
        found.append(f"this is the AMP copy of the page: cite {canonical}")
    for name, value in query:
        lowered = name.lower()
        if (lowered, value) in MOBILE_FLAGS:
            found.append(f"'{name}={value}' asks for the mobile page: cite {canonical}")
        elif lowered in LOCALE_PARAMETERS:
            found.append(f"'{name}={value}' changes the page's language: cite {canonical}")
    return found


def _canonical(url: str) -> str:
    """`url` without AMP path segments, mobile flags and language parameters."""
    parts = urlsplit(url)
    kept = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if name.lower() not in LOCALE_PARAMETERS
        and (name.lower(), value.lower()) not in MOBILE_FLAGS | AMP_FLAGS
    ]
    path = _AMP_SEGMENT.sub("", parts.path) or "/"
    return urlunsplit(parts._replace(path=path, query=urlencode(kept)))


def _is_tracking(name: str, value: str) -> bool:
    lowered = name.lower()
    return (
        lowered in TRACKING_PARAMETERS
        or lowered.startswith(TRACKING_PREFIXES)
        or (lowered, value.lower()) in TRACKING_VALUES
    )


def is_copy_host(url: str) -> bool:
    """Return True when `url` is on a host that serves copies of other publishers' documents."""
    host = (urlsplit(url).hostname or "").lower()
    return host in COPY_HOSTS or host.endswith(COPY_HOST_SUFFIXES)


def is_https(url: str) -> bool:
    """Return True when the address uses https."""
    return url.lower().startswith("https://")


def permanence_problem(url: str) -> str | None:
    """Return why an `archived` address is not permanent, or None when it is (or cannot be told)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    in_archive = host == "github.com" and parts.path.lower().startswith("/opentermsarchive/")
    if in_archive and not _COMMIT_PINNED.match(parts.path):
        return f"an Open Terms Archive address must be pinned to a commit: {ARCHIVE_FORM}"
    if host == "web.archive.org" and not _SNAPSHOT.match(parts.path):
        return f"an archive snapshot must carry its time: {SNAPSHOT_FORM}"
    return None


def is_bracketed(title: str) -> bool:
    """Return True for a title in square brackets, an old way to say 'not the real title'."""
    return title.startswith("[") and title.endswith("]")


@dataclass(frozen=True)
class EvidenceMix:
    """How many of a file's sources are primary, news and secondary."""

    primary: int
    news: int
    secondary: int

    @property
    def total(self) -> int:
        """Every source counted."""
        return self.primary + self.news + self.secondary

    @property
    def strong(self) -> int:
        """Primary sources and news reports: what a conclusion may rest on."""
        return self.primary + self.news

    def strong_share(self) -> float:
        """The share of strong sources, 1.0 for a file without sources."""
        return self.strong / self.total if self.total else 1.0

    def __str__(self) -> str:
        noun = "source" if self.total == 1 else "sources"
        return (
            f"{self.total} {noun}: {self.primary} primary, {self.news} news, "
            f"{self.secondary} secondary ({round(100 * self.strong_share())}% primary or news)"
        )


def evidence_mix(weights: Iterable[Evidence]) -> EvidenceMix:
    """Count sources by the weight of evidence they carry."""
    counts = Counter(weights)
    return EvidenceMix(counts[Evidence.PRIMARY], counts[Evidence.NEWS], counts[Evidence.SECONDARY])
