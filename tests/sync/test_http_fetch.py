"""Fetching feeds over real HTTP on 127.0.0.1: validators, retries, timeouts, caps, schemes."""

from __future__ import annotations

import time

import pytest
from feedserver import ENTRIES, FeedServer, Reply, rss

from kb import __version__
from kb.sync.http import FetchError, FetchPolicy, check_scheme, fetch

FAST = FetchPolicy(connect_timeout=2, read_timeout=2, attempts=3, backoff=0.05)


def test_a_second_fetch_with_the_etag_gets_304_and_no_body(feed_server: FeedServer) -> None:
    resource = feed_server.publish("/feed.xml", rss(*ENTRIES))
    first = fetch(feed_server.url("/feed.xml"), policy=FAST)
    assert first.status == 200 and first.body == resource.body
    assert first.etag == resource.etag

    second = fetch(feed_server.url("/feed.xml"), etag=first.etag, policy=FAST)

    assert second.not_modified and second.body is None
    assert feed_server.hits("/feed.xml")[-1].headers["If-None-Match"] == resource.etag


def test_last_modified_alone_is_sent_back_as_if_modified_since(feed_server: FeedServer) -> None:
    feed_server.publish("/feed.xml", rss(*ENTRIES), use_etag=False)
    first = fetch(feed_server.url("/feed.xml"), policy=FAST)
    assert first.etag is None and first.last_modified

    second = fetch(feed_server.url("/feed.xml"), last_modified=first.last_modified, policy=FAST)

    assert second.not_modified
    assert feed_server.hits("/feed.xml")[-1].headers["If-Modified-Since"] == first.last_modified


def test_a_changed_feed_is_fetched_again_despite_old_validators(feed_server: FeedServer) -> None:
    feed_server.publish("/feed.xml", rss(ENTRIES[0]))
    first = fetch(feed_server.url("/feed.xml"), policy=FAST)
    feed_server.publish("/feed.xml", rss(*ENTRIES))

    second = fetch(
        feed_server.url("/feed.xml"),
        etag=first.etag,
        last_modified=first.last_modified,
        policy=FAST,
    )

    assert second.status == 200 and second.body == rss(*ENTRIES)


def test_the_user_agent_names_kb_and_its_version(feed_server: FeedServer) -> None:
    feed_server.publish("/feed.xml", rss(*ENTRIES))
    fetch(feed_server.url("/feed.xml"), policy=FAST)
    assert feed_server.hits("/feed.xml")[0].headers["User-Agent"].startswith(f"kb/{__version__}")


def test_a_500_is_retried_until_the_server_recovers(feed_server: FeedServer) -> None:
    body = rss(*ENTRIES)
    feed_server.script("/flaky.xml", Reply(500, b"oops"), Reply(503, b"busy"), Reply(200, body))

    result = fetch(feed_server.url("/flaky.xml"), policy=FAST)

    assert result.body == body
    assert [hit.status for hit in feed_server.hits("/flaky.xml")] == [500, 503, 200]


def test_a_persistent_500_fails_after_the_last_attempt(feed_server: FeedServer) -> None:
    feed_server.script("/down.xml", Reply(500, b"oops"))
    with pytest.raises(FetchError, match=r"HTTP 500 .*gave up after 3 attempts"):
        fetch(feed_server.url("/down.xml"), policy=FAST)
    assert len(feed_server.hits("/down.xml")) == 3


def test_a_404_is_not_retried(feed_server: FeedServer) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(feed_server.url("/missing.xml"), policy=FAST)
    assert len(feed_server.hits("/missing.xml")) == 1


def test_a_server_slower_than_the_read_timeout_fails_with_a_timeout(
    feed_server: FeedServer,
) -> None:
    feed_server.script("/slow.xml", Reply(200, rss(*ENTRIES), delay=3))
    policy = FetchPolicy(read_timeout=0.5, attempts=2, backoff=0.05)
    started = time.monotonic()

    with pytest.raises(FetchError, match="read timeout"):
        fetch(feed_server.url("/slow.xml"), policy=policy)

    assert time.monotonic() - started < 2.5
    assert len(feed_server.hits("/slow.xml")) == 2


def test_connection_refused_is_retried_then_reported(feed_server: FeedServer) -> None:
    url = feed_server.url("/feed.xml")
    feed_server.close()
    with pytest.raises(FetchError, match=r"cannot fetch .*gave up after 2 attempts"):
        fetch(url, policy=FetchPolicy(connect_timeout=1, attempts=2, backoff=0.05))


def test_a_body_past_the_cap_is_refused_while_streaming(feed_server: FeedServer) -> None:
    feed_server.script("/huge.xml", Reply(200, rss(*ENTRIES), filler=5_000_000))
    policy = FetchPolicy(max_bytes=1_000_000, attempts=1)
    with pytest.raises(FetchError, match="size cap"):
        fetch(feed_server.url("/huge.xml"), policy=policy)


def test_a_declared_length_past_the_cap_is_refused_before_reading(
    feed_server: FeedServer,
) -> None:
    feed_server.publish("/big.xml", rss(*ENTRIES) + b" " * 200_000)
    with pytest.raises(FetchError, match="over the cap"):
        fetch(feed_server.url("/big.xml"), policy=FetchPolicy(max_bytes=100_000))


def test_redirects_to_http_are_followed(feed_server: FeedServer) -> None:
    feed_server.publish("/new.xml", rss(*ENTRIES))
    feed_server.script("/old.xml", Reply(301, headers={"Location": "/new.xml"}))
    result = fetch(feed_server.url("/old.xml"), policy=FAST)
    assert result.body == rss(*ENTRIES) and result.url == feed_server.url("/new.xml")


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.1/feed.xml"])
def test_a_redirect_to_another_scheme_is_an_error(feed_server: FeedServer, target: str) -> None:
    feed_server.script("/trap.xml", Reply(302, headers={"Location": target}))
    with pytest.raises(FetchError, match="only http and https"):
        fetch(feed_server.url("/trap.xml"), policy=FAST)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/f", "/etc/passwd"])
def test_only_http_and_https_urls_are_fetched(url: str) -> None:
    with pytest.raises(FetchError, match="only http and https"):
        check_scheme(url)
