"""Request web pages politely for `verify`, with the standard library only.

Politeness and robustness: one request at a time per host with a pause between two, a few
parallel hosts, a timeout, a few retries with growing waits (and the server's Retry-After), a
User-Agent that names the project, gzip, a size limit, and conditional requests (ETag,
Last-Modified) against a local cache so an unchanged page is not downloaded again.

Redirects are followed by hand so that a permanent one (301, 308) is reported as a move with its
new address, while temporary ones (302, 303, 307) are followed silently. `resolve` sends a host's
requests to another base address, as curl's --resolve does (tests, mirrors); the Host header keeps
the original name.

The addresses come from contributors, and so do the servers behind them: every request has a
total deadline (a server sending one byte a second cannot hold it), a body is read only up to a
size limit, and a host that resolves to a loopback, private, link-local, multicast or unspecified
address is never connected to (a redirect to one is refused too), except where `resolve` sends it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.client
import ipaddress
import json
import os
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

from privacy_terms.data.model import is_http_url

MAX_REDIRECTS = 10
MAX_BYTES = 8_000_000
"""A page larger than this is read only up to here (enough for any policy)."""
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
BACKOFF_SECONDS = 2.0
"""The first wait before a retry; it doubles with each further attempt."""
MAX_RETRY_AFTER = 60.0
PERMANENT = frozenset({301, 308})
REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Settings:
    """How to request pages."""

    user_agent: str
    timeout: float = 20.0
    """Seconds to wait for a connection or for the next bytes; a whole request (headers and body)
    gets three times it, however slowly the server keeps sending."""
    retries: int = 2
    delay: float = 1.0
    """Seconds between two requests to the same host."""
    jobs: int = 8
    """Hosts requested in parallel."""
    resolve: dict[str, str] = field(default_factory=dict)
    """`host` or `host:port` -> base address its requests go to instead."""
    cache: Path | None = None


@dataclass(frozen=True)
class Fetched:
    """The outcome of requesting one address, redirects followed."""

    url: str
    status: int | None
    """The last answer's HTTP status; None when no answer came."""
    reason: str = ""
    final_url: str = ""
    moved_to: str | None = None
    """The address a permanent redirect pointed to (the page's new address)."""
    content_type: str = ""
    charset: str | None = None
    body: bytes = b""
    error: str | None = None
    """Why no answer came: timeout, refused, unknown host, TLS, too many redirects."""
    refused: bool = False
    """The address (or a redirect's) leads to a loopback, private or other non-public address."""
    attempts: int = 1
    cached: bool = False
    """The body came from the local cache: the server answered 304 Not Modified."""

    def text(self) -> str:
        """The body as text, in the declared character set (UTF-8 if none)."""
        for encoding in (self.charset, "utf-8"):
            if encoding:
                with contextlib.suppress(LookupError, UnicodeDecodeError):
                    return self.body.decode(encoding)
        return self.body.decode("utf-8", errors="replace")


@dataclass
class _Answer:
    status: int | None
    reason: str = ""
    headers: Message = field(default_factory=Message)
    body: bytes = b""
    error: str | None = None
    cached: bool = False
    refused: bool = False


def parse_resolve(value: str) -> tuple[str, str]:
    """Parse `HOST[:PORT]=BASE` (BASE an http(s) address); raise ValueError saying what is wrong."""
    host, sep, base = value.partition("=")
    host = host.strip().lower()
    if not sep or not host or not all(c.isalnum() or c in ".-:[]" for c in host):
        raise ValueError(
            f"{value!r} is not HOST=BASE: write e.g. example.org=http://127.0.0.1:8000"
        )
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"{base!r} is not a base address: write e.g. http://127.0.0.1:8000")
    return host, base.rstrip("/")


class HostGate:
    """One request at a time per host, and `delay` seconds between the end of one and the next."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._free_at: dict[str, float] = {}

    @contextlib.contextmanager
    def turn(self, host: str) -> Iterator[None]:
        """Wait for this host's turn; the host is busy until the block ends."""
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            wait = self._free_at.get(host, 0.0) - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                yield
            finally:
                self._free_at[host] = time.monotonic() + self.delay


class Cache:
    """Pages with an ETag or Last-Modified, kept to make the next request conditional."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:40]
        return self.folder / f"{key}.json", self.folder / f"{key}.body"

    def get(self, url: str) -> tuple[dict[str, str], bytes] | None:
        """Return the stored validators and body for `url`, or None (also when unreadable)."""
        meta_path, body_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body = body_path.read_bytes()
        except (OSError, ValueError):
            return None
        if not isinstance(meta, dict) or meta.get("url") != url:
            return None
        return {str(k): str(v) for k, v in meta.items() if isinstance(v, str)}, body

    def put(self, url: str, headers: Message, body: bytes) -> None:
        """Store a page that carries a validator; a cache that cannot be written is skipped."""
        meta = {"url": url}
        for name in ("ETag", "Last-Modified", "Content-Type"):
            if headers.get(name):
                meta[name] = str(headers[name])
        if "ETag" not in meta and "Last-Modified" not in meta:
            return
        meta_path, body_path = self._paths(url)
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            for path, data in ((body_path, body), (meta_path, json.dumps(meta).encode("utf-8"))):
                partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}")
                partial.write_bytes(data)
                partial.replace(path)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand every redirect back to the caller, which decides whether it is a move."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Fetcher:
    """Requests addresses under the given settings; safe to use from several threads."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.gate = HostGate(settings.delay)
        self.cache = Cache(settings.cache) if settings.cache else None
        self._opener = urllib.request.build_opener(
            _NoRedirect, _HTTPHandler(public_only=True), _HTTPSHandler(public_only=True)
        )
        # A resolved host is reached directly, as with curl --resolve: never through a proxy,
        # and wherever it was sent (tests send hosts to 127.0.0.1).
        self._direct = urllib.request.build_opener(
            _NoRedirect, urllib.request.ProxyHandler({}),
            _HTTPHandler(public_only=False), _HTTPSHandler(public_only=False),
        )  # fmt: skip
        self._stopped = threading.Event()
        self._active: set[_Watch] = set()
        self._active_lock = threading.Lock()

    def stop(self) -> None:
        """End every request under way and start no other (on Ctrl+C or SIGTERM)."""
        self._stopped.set()
        with self._active_lock:
            for watch in self._active:
                watch.expire()

    def fetch_all(
        self, urls: list[str], done: Callable[[Fetched], None] | None = None
    ) -> dict[str, Fetched]:
        """Request every address (hosts in parallel, each host in turn); return them by address."""
        by_host: dict[str, list[str]] = {}
        for url in dict.fromkeys(urls):
            by_host.setdefault(urlsplit(url).netloc.lower(), []).append(url)
        order: list[str] = []  # round robin over hosts, so that no worker waits on a busy host
        queues = list(by_host.values())
        while any(queues):
            for queue in queues:
                if queue:
                    order.append(queue.pop(0))
        results: dict[str, Fetched] = {}
        pending = iter(order)
        lock = threading.Lock()

        def work() -> None:
            while not self._stopped.is_set():
                with lock:
                    url = next(pending, None)
                if url is None:
                    return
                fetched = self.fetch(url)
                with lock:
                    results[url] = fetched
                    if done:
                        done(fetched)

        # Daemon threads, unlike a ThreadPoolExecutor's, never keep the program from ending:
        # Ctrl+C or SIGTERM ends `verify` at once, whatever a server is doing.
        workers = [threading.Thread(target=work, daemon=True, name=f"fetch-{n}")
                   for n in range(max(1, min(self.settings.jobs, len(order))))]  # fmt: skip
        for worker in workers:
            worker.start()
        try:
            for worker in workers:
                while worker.is_alive():
                    worker.join(0.2)  # a bounded wait, so that signals are handled at once
        except BaseException:
            self.stop()
            raise
        return {url: results[url] for url in order if url in results}

    def fetch(self, url: str) -> Fetched:
        """Request `url`, following redirects; never raises for network or HTTP failures."""
        try:
            return self._follow(url)
        except ValueError as exc:  # an address urllib cannot use (a port out of range, …)
            return Fetched(url, None, final_url=url, error=f"not a usable address: {exc}")

    def _follow(self, url: str) -> Fetched:
        current, moved_to, attempts = url, None, 0
        for _ in range(MAX_REDIRECTS + 1):
            answer, tries = self._with_retries(current)
            attempts += tries
            if answer.error is not None:
                error = answer.error
                if answer.refused and current != url:
                    error = f"it redirects to {current[:200]}, and {error}"
                return Fetched(url, None, final_url=current, moved_to=moved_to, error=error,
                               refused=answer.refused, attempts=attempts)  # fmt: skip
            assert answer.status is not None
            location = answer.headers.get("Location")
            if answer.status in REDIRECTS and location:
                target = urljoin(current, location.strip())
                if not is_http_url(target):
                    return Fetched(url, None, final_url=current, moved_to=moved_to,
                                   error=f"redirected to {target[:200]!r}, which is not a web address",
                                   attempts=attempts)  # fmt: skip
                if answer.status in PERMANENT:
                    moved_to = target
                current = target
                continue
            return Fetched(
                url,
                answer.status,
                answer.reason,
                final_url=current,
                moved_to=moved_to,
                content_type=_content_type(answer.headers),
                charset=answer.headers.get_content_charset(),
                body=answer.body,
                attempts=attempts,
                cached=answer.cached,
            )
        return Fetched(url, None, final_url=current, moved_to=moved_to,
                       error=f"more than {MAX_REDIRECTS} redirects", attempts=attempts)  # fmt: skip

    def _with_retries(self, url: str) -> tuple[_Answer, int]:
        answer = _Answer(None)
        for attempt in range(self.settings.retries + 1):
            answer = self._once(url)
            if answer.refused or (answer.error is None and answer.status not in RETRY_STATUSES):
                return answer, attempt + 1
            if attempt < self.settings.retries and self._stopped.wait(
                _wait_before_retry(answer, attempt)
            ):
                break
        return answer, self.settings.retries + 1

    def _once(self, url: str) -> _Answer:
        parts = urlsplit(url)
        target, resolved = self._physical(url)
        headers = {
            "User-Agent": self.settings.user_agent,
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.8",
            "Accept-Language": "en",
            "Accept-Encoding": "gzip",
        }
        if resolved:
            headers["Host"] = parts.netloc
        cached = self.cache.get(url) if self.cache else None
        if cached:
            meta, _ = cached
            if "ETag" in meta:
                headers["If-None-Match"] = meta["ETag"]
            if "Last-Modified" in meta:
                headers["If-Modified-Since"] = meta["Last-Modified"]
        request = urllib.request.Request(target, headers=headers, method="GET")
        opener = self._direct if resolved else self._opener
        with self.gate.turn(parts.netloc.lower()):
            answer = self._send(opener, request)
        if answer.status == 304 and cached:
            meta, body = cached
            stored = Message()
            if "Content-Type" in meta:
                stored["Content-Type"] = meta["Content-Type"]
            return _Answer(200, "OK (not modified)", stored, body, cached=True)
        if answer.status == 200 and self.cache:
            self.cache.put(url, answer.headers, answer.body)
        return answer

    def _send(
        self, opener: urllib.request.OpenerDirector, request: urllib.request.Request
    ) -> _Answer:
        """Send one request; its sockets are shut when its total deadline passes."""
        total = 3 * self.settings.timeout
        watch = _Watch()
        timer = threading.Timer(total, watch.expire)
        timer.daemon = True
        with self._active_lock:
            if self._stopped.is_set():
                return _Answer(None, error="stopped")
            self._active.add(watch)
        _current.watch = watch
        timer.start()
        try:
            answer = self._send_watched(opener, request)
        finally:
            timer.cancel()
            _current.watch = None
            with self._active_lock:
                self._active.discard(watch)
        if watch.expired:  # whatever came, it came cut off
            return _Answer(None, error=f"the page did not arrive within {total:g} s")
        return answer

    def _send_watched(
        self, opener: urllib.request.OpenerDirector, request: urllib.request.Request
    ) -> _Answer:
        timeout = self.settings.timeout
        deadline = time.monotonic() + 3 * timeout
        try:
            try:
                with opener.open(request, timeout=timeout) as response:
                    body = _read(response, response.headers, deadline)
                    return _Answer(response.status, response.reason, response.headers, body)
            except urllib.error.HTTPError as exc:
                with exc:
                    body = _read(exc, exc.headers, deadline) if exc.code not in REDIRECTS else b""
                    return _Answer(exc.code, str(exc.reason), exc.headers, body)
        except TimeoutError:
            return _Answer(None, error=f"no answer within {timeout:g} s")
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, AddressRefused):
                return _Answer(None, error=str(exc.reason), refused=True)
            return _Answer(None, error=_describe(exc.reason))
        except (OSError, http.client.HTTPException, ValueError, zlib.error) as exc:
            return _Answer(None, error=_describe(exc))

    def _physical(self, url: str) -> tuple[str, bool]:
        """The address actually requested, and whether --resolve changed it."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port
        for key in ((f"{host}:{port}" if port else None), host):
            if key and key in self.settings.resolve:
                base = self.settings.resolve[key]
                rest = parts.path or "/"
                if parts.query:
                    rest += f"?{parts.query}"
                return base + rest, True
        return url, False


class AddressRefused(OSError):
    """A host resolves to an address that `verify` never connects to."""


_NOT_PUBLIC = (
    ("is_loopback", "a loopback"),
    ("is_unspecified", "an unspecified"),
    ("is_link_local", "a link-local"),
    ("is_multicast", "a multicast"),
    ("is_private", "a private"),
    ("is_reserved", "a reserved"),
)


def not_public(ip: str) -> str | None:
    """Return what kind of non-public address `ip` is (`a loopback`, …), or None if public."""
    address: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(ip.split("%")[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    for test, kind in _NOT_PUBLIC:
        if getattr(address, test):
            return kind
    return None


class _Watch:
    """The sockets of one request, shut down together when its deadline passes (or on a stop)."""

    def __init__(self) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            if self.expired:
                raise TimeoutError("the request's time is up")
            self._sockets.append(sock)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                with contextlib.suppress(OSError):  # not connected yet, or already closed
                    sock.shutdown(socket.SHUT_RDWR)


_current = threading.local()
"""`watch`: the _Watch of the request this thread is sending, if any."""


def _open_socket(
    address: tuple[str, int], timeout: Any = None, source_address: Any = None, *,
    public_only: bool,
) -> socket.socket:  # fmt: skip
    """Connect like socket.create_connection, to the addresses checked, under the request's watch.

    The host is resolved once and each address checked before connecting to exactly it, so a
    name cannot resolve to a public address for the check and to a private one for the connection.
    """
    host, port = address
    found = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
    if public_only:
        for *_, sockaddr in found:
            kind = not_public(str(sockaddr[0]))
            if kind:
                what = host if host == sockaddr[0] else f"{host} resolves to {sockaddr[0]}, which"
                raise AddressRefused(f"{what} is {kind} address, which verify never requests")
    error: OSError = OSError(f"{host} has no address")
    for family, kind_, proto, _, sockaddr in found:
        sock = socket.socket(family, kind_, proto)
        try:
            watch: _Watch | None = getattr(_current, "watch", None)
            if watch is not None:
                watch.add(sock)
            if isinstance(timeout, (int, float)):
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            sock.close()
            error = exc
    raise error


def _through_proxy(request: urllib.request.Request) -> bool:
    """A proxy resolves the host, not us: the check on addresses does not apply."""
    tunnel = getattr(request, "_tunnel_host", None)
    return bool(tunnel) or request.host.lower() != urlsplit(request.full_url).netloc.lower()


class _HTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, *, public_only: bool, **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self._create_connection = functools.partial(_open_socket, public_only=public_only)


class _HTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, *, public_only: bool, **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self._create_connection = functools.partial(_open_socket, public_only=public_only)


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, *, public_only: bool) -> None:
        super().__init__()
        self.public_only = public_only

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        check = self.public_only and not _through_proxy(req)
        return self.do_open(functools.partial(_HTTPConnection, public_only=check), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, *, public_only: bool) -> None:
        self.context = ssl.create_default_context()
        super().__init__(context=self.context)
        self.public_only = public_only

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        check = self.public_only and not _through_proxy(req)
        connection = functools.partial(_HTTPSConnection, public_only=check)
        return self.do_open(connection, req, context=self.context)


class _Readable(Protocol):
    def read(self, amt: int, /) -> bytes: ...


def _content_type(headers: Message) -> str:
    """The media type the server declared, or "" when it declared none."""
    return headers.get_content_type() if headers.get("Content-Type") else ""


def _read(stream: _Readable, headers: Message, deadline: float) -> bytes:
    """Read a body up to MAX_BYTES (decompressed) before the deadline."""
    read = stream.read
    gzip = (headers.get("Content-Encoding") or "").strip().lower() in ("gzip", "x-gzip")
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzip else None
    chunks: list[bytes] = []
    size = 0
    while size < MAX_BYTES:
        if time.monotonic() > deadline:
            raise TimeoutError("the page took too long to arrive")
        chunk = read(65536)
        if not chunk:
            break
        if inflate is not None:
            chunk = inflate.decompress(chunk, MAX_BYTES - size)
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)[:MAX_BYTES]


def _wait_before_retry(answer: _Answer, attempt: int) -> float:
    wait = BACKOFF_SECONDS * 2.0**attempt
    retry_after = str(answer.headers.get("Retry-After") or "").strip()
    if retry_after.isdigit():
        wait = max(wait, float(retry_after))
    return min(wait, MAX_RETRY_AFTER)


def _describe(reason: object) -> str:
    """One phrase for why a request got no answer."""
    if isinstance(reason, socket.gaierror):
        return "the host name does not resolve (DNS)"
    if isinstance(reason, TimeoutError):
        return "no answer in time"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, ConnectionResetError):
        return "connection reset by the server"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"TLS certificate not valid: {reason.verify_message}"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error: {reason.reason or reason}"
    if isinstance(reason, http.client.RemoteDisconnected):
        return "the server closed the connection without answering"
    if isinstance(reason, zlib.error):
        return "the page's gzip encoding is broken"
    text = str(reason).strip()
    return f"{type(reason).__name__}: {text}" if text else type(reason).__name__
