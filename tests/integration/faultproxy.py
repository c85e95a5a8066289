"""A loopback HTTP proxy in front of the test wiki that answers some edit requests with faults.

It also records every request it passes on (``requests``: the parameters of each), so tests can
count what the bot asks of the wiki.

It forwards everything to the wiki unchanged, except that the next edit requests get, in order,
the faults it was given: an HTTP 500, a maxlag error (with Retry-After), or a rate-limit error,
each as MediaWiki would send it; or ``lost``: the edit reaches the wiki, its answer is a 500;
``pass``: the edit goes through; ``hold``: the edit waits at the proxy (``holding`` is set) until
the test sets ``release``, then goes through, so a test can act while a run is in a known place.
Bounded: it serves only while the test runs, on 127.0.0.1.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAXLAG = {
    "error": {
        "code": "maxlag",
        "info": "Waiting for 127.0.0.1: 7 seconds lagged",
        "host": "127.0.0.1",
        "lag": 7,
    }
}
RATELIMITED = {
    "error": {
        "code": "ratelimited",
        "info": "As an anti-abuse measure, you are limited from performing this action too many"
        " times in a short space of time, and you have exceeded this limit.",
    }
}

JSON = [("Content-Type", "application/json")]
CANNED: dict[str, tuple[int, bytes, list[tuple[str, str]]]] = {  # status, body, headers
    "500": (500, b"Internal Server Error", [("Content-Type", "text/plain")]),
    "maxlag": (200, json.dumps(MAXLAG).encode(), [*JSON, ("Retry-After", "1"), ("X-Database-Lag", "7")]),
    "ratelimited": (200, json.dumps(RATELIMITED).encode(), JSON),
}


_HOP_HEADERS = ("transfer-encoding", "connection", "content-length", "content-encoding")


class FaultProxy:
    def __init__(self, target: str, faults: list[str]) -> None:
        self.target = target.rstrip("/")
        self.faults = list(faults)
        self.injected: list[str] = []
        self.edits_forwarded = 0
        self.requests: list[dict[str, list[str]]] = []
        self._lock = threading.Lock()
        self.holding = threading.Event()
        self.release = threading.Event()

    def next_fault(self, body: bytes) -> str | None:
        is_edit = b"action=edit" in body or b'name="action"\r\n\r\nedit' in body
        if not is_edit:
            return None
        with self._lock:
            if self.faults:
                fault = self.faults.pop(0)
                self.injected.append(fault)
                return fault
            self.edits_forwarded += 1
            return None


def _handler(proxy: FaultProxy) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            return None

        def _answer(self, status: int, body: bytes, headers: list[tuple[str, str]]) -> None:
            self.send_response(status)
            for key, value in headers:  # a list: several Set-Cookie headers must all pass
                if key.lower() not in (
                    "transfer-encoding",
                    "connection",
                    "content-length",
                    "content-encoding",
                ):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _forward(self, body: bytes | None, answer: bool = True) -> None:
            query = urllib.parse.urlsplit(self.path).query
            form = body.decode("utf-8", "replace") if body and b"=" in body[:200] else ""
            proxy.requests.append(urllib.parse.parse_qs(f"{query}&{form}"))
            request = urllib.request.Request(proxy.target + self.path, data=body, method=self.command)
            for key in ("Content-Type", "Cookie", "User-Agent"):
                if self.headers.get(key):
                    request.add_header(key, self.headers[key])
            try:
                with urllib.request.urlopen(request, timeout=30) as reply:
                    if answer:
                        self._answer(reply.status, reply.read(), reply.headers.items())
                        return
            except urllib.error.HTTPError as error:
                self._answer(error.code, error.read(), error.headers.items())
                return
            self._answer(*CANNED["500"])

        def do_GET(self) -> None:
            self._forward(None)

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            fault = proxy.next_fault(body)
            if fault in CANNED:
                self._answer(*CANNED[fault])
                return
            if fault == "hold":
                proxy.holding.set()
                proxy.release.wait()
            self._forward(body, answer=fault != "lost")

    return Handler


@contextmanager
def fault_proxy(target: str, faults: list[str]) -> Iterator[tuple[FaultProxy, str]]:
    """Serve the proxy on a free loopback port; yields it and its base URL."""
    proxy = FaultProxy(target, faults)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(proxy))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield proxy, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
