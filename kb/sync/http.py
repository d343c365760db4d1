"""Fetching a feed over HTTP the way a polite, scheduled client should.

Conditional requests (ETag / Last-Modified) make an unchanged feed cost one 304. Timeouts, a
streamed size cap and a short retry loop with exponential backoff (5xx and transport errors only:
a 4xx will not fix itself) keep a cron job from hanging or hammering a server. Redirects are
followed by hand so every hop is checked: only http and https, never file:// or ftp://.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
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
    # httpx's read timeout is per chunk; this bounds a server that trickles bytes forever.
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
    with httpx.Client(timeout=timeout, headers=headers, follow_redirects=False) as client:
        for attempt in range(1, policy.attempts + 1):
            try:
                return _get(client, url, policy)
            except _Transient as exc:
                if attempt == policy.attempts:
                    tries = "attempt" if attempt == 1 else "attempts"
                    raise FetchError(f"{exc} (gave up after {attempt} {tries})") from None
                time.sleep(exc.retry_after or policy.backoff * 2 ** (attempt - 1))
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


def _get(client: httpx.Client, url: str, policy: FetchPolicy) -> FetchResult:
    for _ in range(policy.max_redirects + 1):
        try:
            with client.stream("GET", url) as response:
                if response.status_code in REDIRECT_CODES and "location" in response.headers:
                    url = urljoin(url, response.headers["location"])
                    check_scheme(url)
                    continue
                return _result(url, response, policy)
        except httpx.TimeoutException as exc:
            raise _Transient(f"timed out fetching {url} ({_kind_of_timeout(exc)})") from None
        except httpx.TransportError as exc:
            raise _Transient(f"cannot fetch {url}: {_reason(exc)}") from None
    raise FetchError(f"too many redirects (more than {policy.max_redirects}) from {url}")


def _result(url: str, response: httpx.Response, policy: FetchPolicy) -> FetchResult:
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
    body = _read_capped(url, response, policy)
    return FetchResult(url, status, body, etag, last_modified)


def _read_capped(url: str, response: httpx.Response, policy: FetchPolicy) -> bytes:
    """The body, streamed, refused as soon as it passes the size cap (decompressed) or deadline."""
    max_bytes = policy.max_bytes
    deadline = time.monotonic() + policy.total_timeout
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
            raise _Transient(f"timed out fetching {url} (took over {policy.total_timeout:g} s)")
        chunks.append(chunk)
    return b"".join(chunks)


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
