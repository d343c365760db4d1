"""A real HTTP server on 127.0.0.1 for the sync tests, and small RSS documents to serve.

The server runs `http.server` in a thread. Each path serves either a resource that honours
conditional requests (ETag and Last-Modified, like a well-behaved feed host) or a script of
responses played in order (the last one repeats), which is how the tests stage a 500 before a
200, a stall past the read timeout, a huge body or a redirect to file://.
"""

from __future__ import annotations

import contextlib
import hashlib
import sys
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape


@dataclass
class Reply:
    """One scripted answer: `delay` seconds of silence first; `filler` bytes streamed after body
    with no Content-Length, to pass a size cap without announcing it."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    filler: int = 0


@dataclass
class Resource:
    """A document served with validators; changing `body` gives it a new ETag and date."""

    body: bytes
    use_etag: bool = True
    use_last_modified: bool = True
    delay: float = 0.0
    modified: float = field(default_factory=time.time)

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'

    @property
    def last_modified(self) -> str:
        return formatdate(self.modified, usegmt=True)


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    status: int


class FeedServer:
    def __init__(self) -> None:
        self.resources: dict[str, Resource] = {}
        self.scripts: dict[str, list[Reply]] = {}
        self.requests: list[Request] = []
        self.lock = threading.Lock()
        self.httpd = _Server(("127.0.0.1", 0), _handler(self))
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def publish(self, path: str, body: bytes, **options: object) -> Resource:
        """Serve (or replace) a conditional resource; a new body is newer by at least 1 s."""
        old = self.resources.get(path)
        resource = Resource(body, **options)  # type: ignore[arg-type]
        if old is not None and old.body != body:
            resource.modified = max(time.time(), old.modified + 1)
        elif old is not None:
            resource.modified = old.modified
        self.resources[path] = resource
        return resource

    def script(self, path: str, *replies: Reply) -> None:
        self.scripts[path] = list(replies)

    def hits(self, path: str) -> list[Request]:
        with self.lock:
            return [request for request in self.requests if request.path == path]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that hangs up (size cap, timeout) is what some tests are about.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            path = self.path
            reply = self._reply(path)
            with server.lock:
                server.requests.append(Request(path, dict(self.headers.items()), reply.status))
            if reply.delay:
                time.sleep(reply.delay)
            # The client may give up (size cap, timeout): expected in those tests.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._send(reply)

        def _reply(self, path: str) -> Reply:
            script = server.scripts.get(path)
            if script:
                with server.lock:
                    return script.pop(0) if len(script) > 1 else script[0]
            resource = server.resources.get(path)
            if resource is None:
                return Reply(404, b"not found")
            headers = {"Content-Type": "application/rss+xml; charset=utf-8"}
            if resource.use_etag:
                headers["ETag"] = resource.etag
            if resource.use_last_modified:
                headers["Last-Modified"] = resource.last_modified
            if self._fresh(resource):
                return Reply(304, b"", headers, resource.delay)
            return Reply(200, resource.body, headers, resource.delay)

        def _fresh(self, resource: Resource) -> bool:
            match = self.headers.get("If-None-Match")
            if match is not None and resource.use_etag:
                return match == resource.etag
            since = self.headers.get("If-Modified-Since")
            if since and resource.use_last_modified:
                try:
                    return parsedate_to_datetime(since).timestamp() >= int(resource.modified)
                except (TypeError, ValueError):
                    return False
            return False

        def _send(self, reply: Reply) -> None:
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.filler:
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(reply.body)
                chunk = b"<!-- " + b"x" * 65_000 + b" -->\n"
                sent = 0
                while sent < reply.filler:
                    self.wfile.write(chunk)
                    sent += len(chunk)
                self.close_connection = True
                return
            if reply.status != 304:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if reply.status != 304:
                self.wfile.write(reply.body)

    return Handler


@dataclass(frozen=True)
class Entry:
    guid: str
    title: str
    text: str
    published: str = "Mon, 06 Mar 2023 09:00:00 GMT"


def rss(*entries: Entry, title: str = "Test Desk") -> bytes:
    """An RSS 2.0 document with these entries; links are made from the guids."""
    items = "".join(
        f"<item><title>{escape(entry.title)}</title>"
        f"<link>https://news.example.org/{escape(entry.guid)}</link>"
        f"<guid>{escape(entry.guid)}</guid><pubDate>{entry.published}</pubDate>"
        f"<description>{escape(entry.text)}</description></item>"
        for entry in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://news.example.org/</link>{items}"
        "</channel></rss>"
    ).encode()


# Project-written reports, one sentence of news each, for feeds and folders in the tests.
ENTRIES = [
    Entry(
        "visit-1",
        "Japanese destroyer calls at Karachi",
        "A Japanese destroyer arrived in Karachi on Monday for a three-day goodwill visit, "
        "the Pakistan Navy said.",
    ),
    Entry(
        "talks-2",
        "Pakistan and Japan hold staff talks",
        "Defence officials of Pakistan and Japan held staff talks in Tokyo on Tuesday on "
        "training exchanges.",
        "Tue, 07 Mar 2023 09:00:00 GMT",
    ),
    Entry(
        "call-3",
        "Turkish envoy calls on naval chief",
        "The Turkish ambassador called on the Chief of the Naval Staff in Islamabad on "
        "Wednesday to discuss maritime cooperation.",
        "Wed, 08 Mar 2023 09:00:00 GMT",
    ),
]


def numbered_entries(count: int) -> list[Entry]:
    """`count` distinct small reports, for tests that need many items."""
    return [
        Entry(
            f"bulletin-{number}",
            f"Defence bulletin {number}",
            f"Bulletin {number}: the Pakistani and Japanese delegations met in Islamabad on "
            f"day {number} of the staff exchange and reviewed training item {number}.",
        )
        for number in range(1, count + 1)
    ]
