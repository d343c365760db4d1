"""Fetching a feed over HTTP the way a polite, scheduled client should.

Conditional requests (ETag / Last-Modified) make an unchanged feed cost one 304. Timeouts, a
streamed size cap and a short retry loop with exponential backoff (5xx and transport errors only:
a 4xx will not fix itself) keep a cron job from hanging or hammering a server. Redirects are
followed by hand so every hop is checked: only http and https, never file:// or ftp://.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from kb.errors import KbError

ALLOWED_SCHEMES = ("http", "https")
REDIRECT_CODES = (301, 302, 303, 307, 308)


class FetchError(KbError):
    """The feed could not be fetched; the message says why (status, timeout, size, scheme)."""


@dataclass(frozen=True)
class FetchPolicy:
    """How patient and how greedy a fetch is; tests shrink these to keep timeouts short."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    # httpx's timeouts are per socket operation; this bounds the whole fetch (every attempt,
    # redirect, header and body byte), so a server that trickles bytes cannot hold sync.
    total_timeout: float = 300.0
    max_bytes: int = 20 * 1024 * 1024
    attempts: int = 3
    backoff: float = 1.0
    max_redirects: int = 5


@dataclass(frozen=True)
class FetchResult:
    """What the server answered: `body` is None when it said 304 Not Modified."""

    url: str
    status: int
    body: bytes | None
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def user_agent() -> str:
    """`kb/<version> (+<project url>)`, so server operators can see who is polling them."""
    from importlib import metadata

    from kb import __version__

    try:
        meta = metadata.metadata("kb")
        urls = [value.split(",", 1)[-1].strip() for value in meta.get_all("Project-URL") or []]
        home = meta.get("Home-page") or (urls[0] if urls else None)
    except metadata.PackageNotFoundError:
        home = None
    return f"kb/{__version__} (+{home})" if home else f"kb/{__version__}"


def check_scheme(url: str) -> None:
    """Refuse anything but http(s): a feed URL must never make kb read local files."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = f"{scheme}://" if scheme else "no scheme"
        raise FetchError(f"refusing {shown} URL {url!r}: only http and https are fetched")


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    policy: FetchPolicy | None = None,
) -> FetchResult:
    """GET `url` conditionally, retrying transient failures; FetchError when it cannot."""
    policy = policy or FetchPolicy()
    check_scheme(url)
    headers = {"User-Agent": user_agent(), "Accept": _ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    timeout = httpx.Timeout(policy.read_timeout, connect=policy.connect_timeout)
    deadline = time.monotonic() + policy.total_timeout
    transport = _deadline_transport(deadline)
    with httpx.Client(
        timeout=timeout, headers=headers, follow_redirects=False, transport=transport
    ) as client:
        for attempt in range(1, policy.attempts + 1):
            try:
                return _get(client, url, policy, deadline)
            except _Transient as exc:
                tries = "attempt" if attempt == 1 else "attempts"
                if attempt == policy.attempts:
                    raise FetchError(f"{exc} (gave up after {attempt} {tries})") from None
                pause = exc.retry_after or policy.backoff * 2 ** (attempt - 1)
                if time.monotonic() + pause >= deadline:
                    raise FetchError(
                        f"{exc} (gave up after {attempt} {tries}: no time left within "
                        f"{policy.total_timeout:g} s)"
                    ) from None
                time.sleep(pause)
    raise AssertionError("unreachable: the loop returns or raises")


_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
)
_MAX_RETRY_AFTER = 60.0


class _Transient(Exception):
    """A failure worth another try: a 5xx or a transport error (refused, reset, timed out)."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _get(client: httpx.Client, url: str, policy: FetchPolicy, deadline: float) -> FetchResult:
    for _ in range(policy.max_redirects + 1):
        try:
            with client.stream("GET", url) as response:
                if response.status_code in REDIRECT_CODES and "location" in response.headers:
                    url = urljoin(url, response.headers["location"])
                    check_scheme(url)
                    continue
                return _result(url, response, policy, deadline)
        except httpx.TimeoutException as exc:
            if time.monotonic() >= deadline:
                raise FetchError(
                    f"timed out fetching {url} (took over {policy.total_timeout:g} s)"
                ) from None
            raise _Transient(f"timed out fetching {url} ({_kind_of_timeout(exc)})") from None
        except httpx.TransportError as exc:
            raise _Transient(f"cannot fetch {url}: {_reason(exc)}") from None
    raise FetchError(f"too many redirects (more than {policy.max_redirects}) from {url}")


def _result(
    url: str, response: httpx.Response, policy: FetchPolicy, deadline: float
) -> FetchResult:
    status = response.status_code
    etag = response.headers.get("etag")
    last_modified = response.headers.get("last-modified")
    if status == 304:
        return FetchResult(url, status, None, etag, last_modified)
    if status >= 500:
        raise _Transient(
            f"HTTP {status} {response.reason_phrase} from {url}",
            retry_after=_retry_after(response),
        )
    if status >= 400:
        raise FetchError(f"HTTP {status} {response.reason_phrase} from {url}")
    if status != 200:
        raise FetchError(f"unexpected HTTP {status} {response.reason_phrase} from {url}")
    body = _read_capped(url, response, policy, deadline)
    return FetchResult(url, status, body, etag, last_modified)


def _read_capped(url: str, response: httpx.Response, policy: FetchPolicy, deadline: float) -> bytes:
    """The body, streamed, refused as soon as it passes the size cap (decompressed) or deadline."""
    max_bytes = policy.max_bytes
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(
            f"response from {url} is {int(declared)} bytes, over the cap of {max_bytes}"
        )
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"response from {url} passed the size cap of {max_bytes} bytes")
        if time.monotonic() > deadline:
            raise FetchError(f"timed out fetching {url} (took over {policy.total_timeout:g} s)")
        chunks.append(chunk)
    return b"".join(chunks)


# --- the total deadline ------------------------------------------------------------------------
# httpx's timeouts bound each socket operation, so a server sending a byte a second (in the headers
# as much as in the body) would never trip them. Every connect, read and write below gets at most
# the time left before the fetch's deadline, and none at all once it has passed.


def _deadline_transport(deadline: float) -> httpx.HTTPTransport:
    transport = httpx.HTTPTransport()
    pool = getattr(transport, "_pool", None)  # httpx keeps its httpcore pool here
    backend = getattr(pool, "_network_backend", None)
    if backend is not None:
        pool._network_backend = _DeadlineBackend(backend, deadline)  # type: ignore[union-attr]
    return transport


def _time_left(timeout: float | None, deadline: float) -> float:
    import httpcore

    left = deadline - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the fetch's total deadline has passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineBackend:
    """An httpcore network backend whose streams never wait past `deadline`."""

    def __init__(self, backend: Any, deadline: float) -> None:
        self._backend = backend
        self._deadline = deadline

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> _DeadlineStream:
        stream = self._backend.connect_tcp(
            host, port, _time_left(timeout, self._deadline), local_address, socket_options
        )
        return _DeadlineStream(stream, self._deadline)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> _DeadlineStream:
        stream = self._backend.connect_unix_socket(
            path, _time_left(timeout, self._deadline), socket_options
        )
        return _DeadlineStream(stream, self._deadline)

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class _DeadlineStream:
    def __init__(self, stream: Any, deadline: float) -> None:
        self._stream = stream
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _time_left(timeout, self._deadline))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _time_left(timeout, self._deadline))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> _DeadlineStream:
        stream = self._stream.start_tls(
            ssl_context, server_hostname, _time_left(timeout, self._deadline)
        )
        return _DeadlineStream(stream, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "").strip()
    return min(float(value), _MAX_RETRY_AFTER) if value.isdigit() else None


def _kind_of_timeout(exc: httpx.TimeoutException) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return "connect timeout"
    if isinstance(exc, httpx.ReadTimeout):
        return "read timeout"
    return "timeout"


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__
