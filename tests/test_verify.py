"""`python build.py verify` against a local HTTP server on 127.0.0.1 (no network).

The sources name hosts such as policies.example; `--resolve` sends their requests to the server.
"""

from __future__ import annotations

import itertools
import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from source_support import add_source, line_of

from privacy_terms.cli import main
from privacy_terms.record import fetch
from privacy_terms.record.quotes import contains_quote, html_text, markdown_text

from conftest import ROOT

QUOTE = 'We may disclose "basic records" - in response to a subpoena.'
PAGE = (
    "<!doctype html><html><head><title>Privacy</title><style>p{color:red}</style></head><body>"
    "<nav>Home</nav><p>We <em>may</em> disclose \u201cbasic&nbsp;records\u201d \u2014 in "
    'response to a <a href="/legal">subpoena</a>.</p><script>var q = "hidden";</script>'
    "</body></html>"
)
CHANGED = "<p>We disclose nothing, ever, to anyone.</p>"
COMMIT = "0123456789abcdef0123456789abcdef01234567"
MARKDOWN = "# Privacy Policy\n\nWe *may* disclose [\u201cbasic records\u201d](https://x.example) \u2013\nin response to a subpoena.\n"


class Site(BaseHTTPRequestHandler):
    """The pages the tests cite; every request is recorded with its headers and time."""

    requests: list[tuple[float, str, dict[str, str]]]
    flaky_left: list[int]

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self.requests.append((time.monotonic(), self.path, dict(self.headers.items())))
        path = self.path.split("?")[0]
        if path in ("/privacy", "/new-privacy", "/archive/privacy"):
            self.send(200, PAGE)
        elif path == "/old-privacy":
            self.send(301, "", Location="https://policies.example/new-privacy")
        elif path == "/temporary":
            self.send(302, "", Location="/privacy")
        elif path == "/gone":
            self.send(404, "<p>Not here</p>")
        elif path == "/removed":
            self.send(410, "<p>Gone</p>")
        elif path == "/changed":
            self.send(200, CHANGED)
        elif path == "/forbidden":
            self.send(403, "<p>No robots</p>")
        elif path == "/slow":
            time.sleep(1.5)
            self.send(200, PAGE)
        elif path == "/flaky":
            if self.flaky_left[0] > 0:
                self.flaky_left[0] -= 1
                self.send(503, "busy", **{"Retry-After": "0"})
            else:
                self.send(200, PAGE)
        elif path == "/drip":  # a hostile server: a byte at a time, for ever
            self.drip(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + b"x" * 10_000)
        elif path == "/drip-headers":
            self.drip(b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"y" * 10_000)
        elif path == "/endless":  # a body without end, as fast as the client reads it
            self.send_response(200)
            self.end_headers()
            while True:
                self.wfile.write(b"z" * 65_536)
        elif path == "/to-loopback":  # the server's own address, not one --resolve maps
            port = self.server.server_address[1]
            self.send(302, "", Location=f"http://127.0.0.1:{port}/privacy")
        elif path == "/to-private":
            self.send(301, "", Location="http://10.0.0.1/admin")
        elif path == "/report.pdf":
            self.send(200, "%PDF-1.4 not text", **{"Content-Type": "application/pdf"})
        elif path == "/etag":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send(304, "", ETag='"v1"')
            else:
                self.send(200, PAGE, ETag='"v1"')
        elif path == f"/raw/OpenTermsArchive/contrib-versions/{COMMIT}/Alpha/Privacy%20Policy.md":
            self.send(200, MARKDOWN, **{"Content-Type": "text/plain; charset=utf-8"})
        else:
            self.send(404, "<p>Not found</p>")

    def drip(self, data: bytes) -> None:
        """Send `data` a byte every 0.05 s: each read gets a byte long before any timeout."""
        for byte in data:
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(0.05)

    def send(self, status: int, body: str, **headers: str) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        headers.setdefault("Content-Type", "text/html; charset=utf-8")
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if status != 304:
            self.wfile.write(data)


class QuietServer(ThreadingHTTPServer):
    """A client that leaves before the answer is complete is what some tests do: no traceback."""

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@pytest.fixture
def server() -> Iterator[tuple[str, type[Site]]]:
    handler = type("TestSite", (Site,), {"requests": [], "flaky_left": [1]})
    httpd = QuietServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", handler
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch, "BACKOFF_SECONDS", 0.01)


def verify(project: Path, base: str, *args: str) -> list[str]:
    """Arguments for a quick verify run with every test host sent to the local server."""
    hosts = ["policies.example", "archive.example", "alpha.example.org", "news.example.org",
             "archive.example.org"]  # fmt: skip
    resolve = [f"{host}={base}" for host in hosts]
    raw = f"raw.githubusercontent.com={base}/raw"
    return ["verify", "--resolve", *resolve, raw, "--delay", "0", "--retries", "0",
            "--timeout", "5", "--cache", str(project / "cache"), "--today", "2026-11-28", *args]  # fmt: skip


def run_verify(
    project: Path, base: str, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, list[str], str]:
    code = main(verify(project, base, *args), root=project)
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def test_a_page_that_still_holds_its_quote_passes(
    valid_project: Path, server: tuple[str, type[Site]], capsys: pytest.CaptureFixture[str]
) -> None:
    """Typographic quotes, a dash, an entity and inline HTML inside the quote still match."""
    base, site = server
    add_source(valid_project, "kept", "https://policies.example/privacy", quote=QUOTE,
               copy="https://archive.example/archive/privacy")  # fmt: skip
    code, out, err = run_verify(valid_project, base, capsys, "--only", "kept")
    assert (code, err) == (0, "")
    assert out == [
        "verify: 1 source, 2 addresses: all well; quotes looked for in 2 pages, not in 0 "
        "documents that are not text (PDF, …); 0 unchanged since the cached copy"
    ]
    # The two hosts are requested in parallel, in either order.
    hosts = sorted(headers["Host"] for _, _, headers in site.requests)
    assert hosts == ["archive.example", "policies.example"]  # like curl --resolve: names kept
    for _, _, headers in site.requests:
        assert headers["User-Agent"].startswith("privacy-terms-verify/0.1 (")


def test_a_missing_page_is_reported_at_the_line_of_its_url(
    valid_project: Path, server: tuple[str, type[Site]], capsys: pytest.CaptureFixture[str]
) -> None:
    base, _ = server
    add_source(valid_project, "missing", "https://policies.example/gone", quote=QUOTE)
    add_source(valid_project, "withdrawn", "https://policies.example/removed")
    code, out, _ = run_verify(valid_project, base, capsys, "--only", "missing", "withdrawn")
    missing = line_of(valid_project, "url: https://policies.example/gone")
    withdrawn = line_of(valid_project, "url: https://policies.example/removed")
    assert code == 1
    assert out[:2] == [
        f"platforms/alpha.yaml:{missing}:10: not-found: missing: url https://policies.example/gone "
        "answers 404 Not Found: find where the page went, or rely on a permanent copy",
        f"platforms/alpha.yaml:{withdrawn}:10: not-found: withdrawn: url "
        "https://policies.example/removed answers 410 Gone: find where the page went, or rely "
        "on a permanent copy",
    ]
    assert out[2].startswith("verify: 2 sources, 2 addresses: 2 findings (2 not-found); ")


def test_a_moved_page_is_reported_with_its_new_address(
    valid_project: Path, server: tuple[str, type[Site]], capsys: pytest.CaptureFixture[str]
) -> None:
    base, _ = server
    add_source(valid_project, "moved", "https://policies.example/old-privacy", quote=QUOTE)
    add_source(valid_project, "detour", "https://policies.example/temporary", quote=QUOTE)
    code, out, _ = run_verify(valid_project, base, capsys, "--only", "moved", "detour",
                              "--format", "json")  # fmt: skip
    report = json.loads("\n".join(out))
    assert code == 1
    [finding] = report["findings"]  # the temporary redirect (302) is followed silently
    assert finding == {
        "path": "platforms/alpha.yaml",
        "line": line_of(valid_project, "url: https://policies.example/old-privacy"),
        "column": 10,
        "source": "moved",
        "kind": "moved",
        "message": "url https://policies.example/old-privacy has moved permanently to "
        "https://policies.example/new-privacy: check the page there, then update the address",
        "url": "https://policies.example/old-privacy",
        "new_url": "https://policies.example/new-privacy",
    }
    assert report["counts"]["quotes checked"] == 2  # both quotes were found after the redirects


def test_a_quote_no_longer_in_the_page_is_reported_at_the_quote(
    valid_project: Path, server: tuple[str, type[Site]], capsys: pytest.CaptureFixture[str]
) -> None:
    base, _ = server
    add_source(valid_project, "reworded", "https://policies.example/changed", quote=QUOTE,
               copy="https://archive.example/archive/privacy")  # fmt: skip
    code, out, _ = run_verify(valid_project, base, capsys, "--only", "reworded")
    quote = line_of(valid_project, "quote: ")
    assert code == 1
    assert out[0] == (
        f"platforms/alpha.yaml:{quote}:12: quote-missing: reworded: the quote is no longer in the "
        "page at https://policies.example/changed (the permanent copy still has it): the page "
        "changed since it was read, or shows its text only with JavaScript; if the wording "
        "changed, the claims it supports need a look"
    )
    assert len(out) == 2


def test_a_page_slower_than_the_timeout_is_unreachable(
    valid_project: Path, server: tuple[str, type[Site]], capsys: pytest.CaptureFixture[str]
) -> None:
    base, site = server
    add_source(valid_project, "slow", "https://policies.example/slow", quote=QUOTE)
    started = time.monotonic()
    code, out, _ = run_verify(valid_project, base, capsys, "--only", "slow", "--timeout", "0.3",
                              "--retries", "1")  # fmt: skip
    assert time.monotonic() - started < 3
    line = line_of(valid_project, "url: https://policies.example/slow")
    assert code == 1
    assert out[0] == (
        f"platforms/alpha.yaml:{line}:10: unreachable: slow: url https://policies.example/slow "
        "did not answer: no answer within 0.3 s (2 attempts)"
    )
    assert [path for _, path, _ in site.requests] == ["/slow", "/slow"]


def test_busy_servers_are_retried_and_refusals_explained(
    valid_project: Path, server: tuple[str, type[Site]], capsys: pytest.CaptureFixture[str]
) -> None:
    base, _ = server
    add_source(valid_project, "flaky", "https://policies.example/flaky", quote=QUOTE)
    add_source(valid_project, "robots", "https://policies.example/forbidden")
    add_source(valid_project, "pdf", "https://policies.example/report.pdf", quote=QUOTE)
    code, out, _ = run_verify(valid_project, base, capsys, "--only", "flaky", "robots", "pdf",
                              "--retries", "1")  # fmt: skip
    assert code == 1
    [refused, summary] = out
    assert refused.endswith(
        "http-error: robots: url https://policies.example/forbidden answers 403 Forbidden: the "
        "site may refuse robots; open it in a browser"
    )
    assert "quotes looked for in 1 page, not in 1 document that is not text" in summary


def test_a_github_permanent_copy_is_read_as_its_raw_markdown(
    valid_project: Path, server: tuple[str, type[Site]], capsys: pytest.CaptureFixture[str]
) -> None:
    base, site = server
    copy = (f"https://github.com/OpenTermsArchive/contrib-versions/blob/{COMMIT}/Alpha/"
            "Privacy%20Policy.md")  # fmt: skip
    add_source(valid_project, "ota", "https://policies.example/privacy", quote=QUOTE, copy=copy)
    code, out, _ = run_verify(valid_project, base, capsys, "--only", "ota")
    assert code == 0, out
    assert f"/raw/OpenTermsArchive/contrib-versions/{COMMIT}/Alpha/Privacy%20Policy.md" in [
        path for _, path, _ in site.requests
    ]


def test_unchanged_pages_come_from_the_cache_with_a_conditional_request(
    valid_project: Path, server: tuple[str, type[Site]], capsys: pytest.CaptureFixture[str]
) -> None:
    base, site = server
    add_source(valid_project, "tagged", "https://policies.example/etag", quote=QUOTE)
    assert run_verify(valid_project, base, capsys, "--only", "tagged")[0] == 0
    code, out, _ = run_verify(valid_project, base, capsys, "--only", "tagged")
    assert code == 0
    assert out[-1].endswith("; 1 unchanged since the cached copy")
    assert "If-None-Match" not in site.requests[0][2]
    assert site.requests[1][2]["If-None-Match"] == '"v1"'


def test_requests_to_one_host_are_spaced_by_the_delay(
    valid_project: Path, server: tuple[str, type[Site]], capsys: pytest.CaptureFixture[str]
) -> None:
    base, site = server
    for number in range(3):
        add_source(valid_project, f"page-{number}", f"https://policies.example/privacy?{number}")
    code, _, _ = run_verify(valid_project, base, capsys, "--only", "page-0", "page-1", "page-2",
                            "--delay", "0.2", "--jobs", "4")  # fmt: skip
    assert code == 0
    times = sorted(moment for moment, _, _ in site.requests)
    assert len(times) == 3
    assert all(later - earlier >= 0.19 for earlier, later in itertools.pairwise(times))


def test_every_source_of_the_project_is_checked_by_default(
    valid_project: Path, server: tuple[str, type[Site]], capsys: pytest.CaptureFixture[str]
) -> None:
    """The fixture's own sources (alpha.example.org, …) are all 404 on the test server."""
    base, _ = server
    code, out, _ = run_verify(valid_project, base, capsys, "--format", "github")
    assert code == 1
    assert out and all(line.startswith("::warning file=") for line in out)
    assert any("file=jurisdictions/HK.yaml" in line for line in out)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--only", "nonexistent"], "error: no source with id 'nonexistent'\n"),
        (["--resolve", "policies.example"], "is not HOST=BASE"),
        (["--resolve", "policies.example=ftp://x"], "is not a base address"),
        (["--format", "xml"], "invalid choice"),
        (["--jobs", "0"], "is not a whole number from 1 to 32"),
    ],
)
def test_wrong_usage_exits_2(
    valid_project: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        code = main(["verify", "--no-cache", *args], root=valid_project)
    except SystemExit as exc:
        code = int(exc.code or 0)
    assert code == 2
    assert message in capsys.readouterr().err


def test_invalid_data_is_not_verified(valid_project: Path) -> None:
    alpha = valid_project / "platforms" / "alpha.yaml"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("\nid: alpha\n", "\nid: Alpha\n"))
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "verify", "--no-cache"],
                            cwd=valid_project, capture_output=True, text=True, check=False,
                            timeout=60)  # fmt: skip
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.endswith(
        "`verify` reads data that passes `python build.py check`: fix the errors above.\n"
    )


def test_quotes_compare_text_not_markup() -> None:
    assert contains_quote(html_text(PAGE), QUOTE)
    assert not contains_quote(html_text(PAGE), "hidden")  # scripts are not text
    assert contains_quote(markdown_text(MARKDOWN), QUOTE)
    assert contains_quote("WhatsApp LLC, 1601 Willow Road", "WhatsApp LLC \u2026 1601 Willow Road")
    assert not contains_quote("1601 Willow Road, WhatsApp LLC", "WhatsApp LLC … 1601 Willow Road")
    assert contains_quote("the Ｆｕｌｌ\u00adwidth", "the full width".replace(" w", "w"))


def test_an_address_urllib_cannot_use_is_a_finding_not_a_crash() -> None:
    fetched = fetch.Fetcher(fetch.Settings(user_agent="test", retries=0)).fetch(
        "https://policies.example:99999/privacy"
    )
    assert fetched.status is None
    assert fetched.error is not None and fetched.error.startswith("not a usable address: ")


@pytest.mark.parametrize("path", ["/drip", "/drip-headers"])
def test_a_server_sending_a_byte_at_a_time_is_cut_off_at_the_total_deadline(
    valid_project: Path, server: tuple[str, type[Site]], capsys: pytest.CaptureFixture[str],
    path: str,
) -> None:  # fmt: skip
    """Every read gets a byte within the timeout (0.5 s); the whole request gets three times it."""
    base, _ = server
    add_source(valid_project, "drip", f"https://policies.example{path}")
    started = time.monotonic()
    code, out, err = run_verify(valid_project, base, capsys, "--only", "drip", "--timeout", "0.5")
    assert 1.5 <= time.monotonic() - started < 8  # 1.5 s, and the check of the data before it
    line = line_of(valid_project, f"url: https://policies.example{path}")
    assert (code, err) == (1, "")
    assert out[0] == (
        f"platforms/alpha.yaml:{line}:10: unreachable: drip: url https://policies.example{path} "
        "did not answer: the page did not arrive within 1.5 s"
    )


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_verify_stops_at_once_on_sigterm_or_ctrl_c(
    valid_project: Path, server: tuple[str, type[Site]], signum: signal.Signals
) -> None:
    base, site = server
    add_source(valid_project, "drip", "https://policies.example/drip")
    command = [sys.executable, str(ROOT / "build.py"), *verify(valid_project, base, "--only",
               "drip", "--timeout", "300")]  # fmt: skip
    process = subprocess.Popen(command, cwd=valid_project, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        waited = time.monotonic()
        while not site.requests and time.monotonic() - waited < 30:
            time.sleep(0.05)
        assert site.requests, "verify never sent its request"
        process.send_signal(signum)
        stopped = time.monotonic()
        out, err = process.communicate(timeout=10)
        assert time.monotonic() - stopped < 5  # well under a second on an idle machine
    finally:
        process.kill()
        process.wait()
    assert (process.returncode, out) == (130, "")
    assert err == "verify: stopped before it finished; nothing was reported\n"


@pytest.mark.parametrize(
    ("path", "after"),
    [
        ("/to-loopback", "127.0.0.1 is a loopback address"),
        ("/to-private", "10.0.0.1 is a private address"),
    ],
)
def test_a_redirect_to_a_loopback_or_private_address_is_refused(
    valid_project: Path, server: tuple[str, type[Site]], capsys: pytest.CaptureFixture[str],
    path: str, after: str,
) -> None:  # fmt: skip
    """The loopback redirect leads to a page with the quote: followed, it would pass."""
    base, site = server
    add_source(valid_project, "detour", f"https://policies.example{path}", quote=QUOTE)
    code, out, _ = run_verify(valid_project, base, capsys, "--only", "detour")
    port = base.rsplit(":", 1)[1]
    target = {
        "/to-loopback": f"http://127.0.0.1:{port}/privacy",
        "/to-private": "http://10.0.0.1/admin",
    }[path]
    line = line_of(valid_project, f"url: https://policies.example{path}")
    assert code == 1
    assert out[0] == (
        f"platforms/alpha.yaml:{line}:10: refused-address: detour: url https://policies.example{path} "
        f"was not requested: it redirects to {target}, and {after}, which verify never requests: "
        "open it in a browser to see where it leads, and cite the publisher's public address"
    )
    assert [p for _, p, _ in site.requests] == [path]  # the target was never requested


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "0.0.0.0", "169.254.169.254"])
def test_an_address_on_a_non_public_host_is_never_requested(host: str) -> None:
    fetched = fetch.Fetcher(fetch.Settings(user_agent="test", retries=2)).fetch(
        f"http://{host}:9/private"
    )
    assert (fetched.status, fetched.refused, fetched.attempts) == (None, True, 1)
    assert fetched.error is not None and fetched.error.endswith(
        " address, which verify never requests"
    )


def test_not_public_names_the_kind_of_address() -> None:
    kinds = {ip: fetch.not_public(ip) for ip in
             ["127.0.0.2", "::ffff:127.0.0.1", "10.1.2.3", "192.168.1.1", "fe80::1%eth0",
              "224.0.0.1", "::", "93.184.215.14", "2606:4700::1111"]}  # fmt: skip
    assert kinds == {
        "127.0.0.2": "a loopback", "::ffff:127.0.0.1": "a loopback", "10.1.2.3": "a private",
        "192.168.1.1": "a private", "fe80::1%eth0": "a link-local", "224.0.0.1": "a multicast",
        "::": "an unspecified", "93.184.215.14": None, "2606:4700::1111": None,
    }  # fmt: skip


def test_a_body_without_end_is_read_only_up_to_the_size_limit(
    server: tuple[str, type[Site]], monkeypatch: pytest.MonkeyPatch
) -> None:
    base, _ = server
    monkeypatch.setattr(fetch, "MAX_BYTES", 300_000)
    settings = fetch.Settings(user_agent="test", retries=0, timeout=5,
                              resolve={"policies.example": base})  # fmt: skip
    fetched = fetch.Fetcher(settings).fetch("https://policies.example/endless")
    assert (fetched.status, fetched.error, len(fetched.body)) == (200, None, 300_000)
