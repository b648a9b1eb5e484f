"""The live preview's one guard in front of MkDocs' development server.

A request path holding a NUL byte (`/%00`) or another control character makes the server's file
lookup raise, which it logs as a traceback and answers with an error 500. Such a path can name no
file of the site, so it is answered here, before the server looks: 400, and no traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from privacy_terms.utils.characters import FORBIDDEN_IN_TEXT

StartResponse = Callable[..., Any]
App = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def refuse_impossible_paths(app: App) -> App:
    """Wrap a WSGI application: paths with control characters get 400 Bad Request."""

    def guarded(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = str(environ.get("PATH_INFO", ""))
        if "\0" in path or FORBIDDEN_IN_TEXT.search(path) or "\n" in path:
            body = b"Bad request: no page has a control character in its address.\n"
            start_response(
                "400 Bad Request",
                [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))],
            )
            return [body]
        return app(environ, start_response)

    return guarded
