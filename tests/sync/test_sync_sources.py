"""`sync_sources` end to end on SQLite and PostgreSQL, with feeds served over real HTTP."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import sqlalchemy as sa
from feedserver import ENTRIES, Entry, FeedServer, Reply, rss

from kb.errors import UsageError
from kb.sync.http import FetchPolicy
from kb.sync.sources import add_source, list_sources
from kb.sync.sync import exit_code, sync_sources

FAST = FetchPolicy(connect_timeout=2, read_timeout=2, attempts=3, backoff=0.05)


def count(engine: sa.Engine, table: str) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()


def runs_of(engine: sa.Engine) -> list[sa.Row]:
    with engine.connect() as connection:
        return connection.execute(
            sa.text(
                "SELECT r.id, s.name, r.command, r.status, r.seen, r.new, r.unchanged, r.failed, "
                "r.note FROM ingest_runs r LEFT JOIN sources s ON s.id = r.source_id ORDER BY r.id"
            )
        ).all()


def errors_of(engine: sa.Engine, run_id: int) -> list[tuple[str, str]]:
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT item, reason FROM ingest_errors WHERE run_id = :id ORDER BY id"),
            {"id": run_id},
        )
        return [(item, reason) for item, reason in rows]


def test_a_growing_feed_ingests_each_entry_once(engine: sa.Engine, feed_server: FeedServer) -> None:
    feed_server.publish("/feed.xml", rss(*ENTRIES[:2]))
    add_source(engine, "desk", feed_server.url("/feed.xml"))

    [first] = sync_sources(engine, policy=FAST)
    feed_server.publish("/feed.xml", rss(*ENTRIES))
    [second] = sync_sources(engine, policy=FAST)

    assert (first.offered, first.new, first.skipped) == (2, 2, 0)
    assert (second.offered, second.new, second.skipped, second.unchanged) == (3, 1, 2, 2)
    assert count(engine, "articles") == 3
    assert count(engine, "source_items") == 3
    assert exit_code([first, second]) == 0


def test_an_unchanged_feed_costs_one_304_and_ingests_nothing(
    engine: sa.Engine, feed_server: FeedServer
) -> None:
    resource = feed_server.publish("/feed.xml", rss(*ENTRIES))
    add_source(engine, "desk", feed_server.url("/feed.xml"))
    sync_sources(engine, policy=FAST)

    [again] = sync_sources(engine, policy=FAST)

    assert again.status == "not-modified" and again.offered == 0 and again.new == 0
    last = feed_server.hits("/feed.xml")[-1]
    assert last.status == 304 and last.headers["If-None-Match"] == resource.etag
    assert count(engine, "articles") == 3
    run = runs_of(engine)[-1]
    assert (run.status, run.seen, run.note) == ("ok", 0, "not modified since the last sync")


def test_last_modified_alone_makes_the_second_sync_conditional(
    engine: sa.Engine, feed_server: FeedServer
) -> None:
    feed_server.publish("/feed.xml", rss(*ENTRIES), use_etag=False)
    add_source(engine, "desk", feed_server.url("/feed.xml"))
    sync_sources(engine, policy=FAST)

    [again] = sync_sources(engine, policy=FAST)

    assert again.status == "not-modified"
    assert "If-Modified-Since" in feed_server.hits("/feed.xml")[-1].headers
    assert count(engine, "articles") == 3


def test_a_500_then_success_syncs_normally(engine: sa.Engine, feed_server: FeedServer) -> None:
    feed_server.script("/feed.xml", Reply(500, b"oops"), Reply(200, rss(*ENTRIES)))
    add_source(engine, "desk", feed_server.url("/feed.xml"))

    [result] = sync_sources(engine, policy=FAST)

    assert result.succeeded and result.new == 3
    assert [hit.status for hit in feed_server.hits("/feed.xml")] == [500, 200]


def test_an_unreachable_source_fails_alone_and_is_recorded(
    engine: sa.Engine, feed_server: FeedServer
) -> None:
    feed_server.script("/slow.xml", Reply(200, rss(*ENTRIES), delay=3))
    feed_server.publish("/good.xml", rss(ENTRIES[0]))
    add_source(engine, "slow", feed_server.url("/slow.xml"))
    add_source(engine, "good", feed_server.url("/good.xml"))
    policy = FetchPolicy(read_timeout=0.5, attempts=2, backoff=0.05)

    results = {result.name: result for result in sync_sources(engine, policy=policy)}

    slow, good = results["slow"], results["good"]
    assert slow.status == "failed" and slow.failed == 1
    assert [error.item for error in slow.errors] == [feed_server.url("/slow.xml")]
    assert "read timeout" in slow.errors[0].reason
    assert good.succeeded and good.new == 1
    assert exit_code(results.values()) == 1
    failed_run = next(run for run in runs_of(engine) if run.name == "slow")
    assert failed_run.status == "failed"
    [(item, reason)] = errors_of(engine, failed_run.id)
    assert item == feed_server.url("/slow.xml") and "timed out" in reason


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (Reply(200, b"<?xml version='1.0'?><rss><channel><title>cut</chan"), "malformed feed"),
        (Reply(200, rss(*ENTRIES), filler=3_000_000), "size cap"),
        (Reply(302, headers={"Location": "file:///etc/passwd"}), "only http and https"),
        (Reply(404, b"gone"), "HTTP 404"),
    ],
    ids=["malformed", "huge", "redirect-to-file", "not-found"],
)
def test_a_bad_response_fails_the_source_with_its_reason(
    engine: sa.Engine, feed_server: FeedServer, reply: Reply, reason: str
) -> None:
    feed_server.script("/feed.xml", reply)
    add_source(engine, "desk", feed_server.url("/feed.xml"))
    policy = FetchPolicy(max_bytes=1_000_000, attempts=1)

    [result] = sync_sources(engine, policy=policy)

    assert result.status == "failed" and result.new == 0
    assert reason in result.errors[0].reason
    assert count(engine, "articles") == 0
    [run] = runs_of(engine)
    assert (run.status, run.failed) == ("failed", 1)
    assert reason in errors_of(engine, run.id)[0][1]


def test_a_feed_with_a_bad_entry_is_fetched_in_full_next_time(
    engine: sa.Engine, feed_server: FeedServer
) -> None:
    empty = "<item><guid>empty-entry</guid><description>  </description></item>"
    body = rss(*ENTRIES).replace(b"</channel>", empty.encode() + b"</channel>")
    feed_server.publish("/feed.xml", body)
    add_source(engine, "desk", feed_server.url("/feed.xml"))

    [first] = sync_sources(engine, policy=FAST)
    [second] = sync_sources(engine, policy=FAST)

    assert first.failed == 1 and first.new == 3 and "#entry-4" in first.errors[0].item
    # Validators are kept only after a clean sync, so the failed entry is offered again.
    assert feed_server.hits("/feed.xml")[-1].status == 200
    assert second.failed == 1 and second.new == 0 and second.skipped == 3
    assert count(engine, "articles") == 3


def test_a_changed_entry_under_the_same_guid_updates_its_article(
    engine: sa.Engine, feed_server: FeedServer
) -> None:
    feed_server.publish("/feed.xml", rss(ENTRIES[0]))
    add_source(engine, "desk", feed_server.url("/feed.xml"))
    sync_sources(engine, policy=FAST)
    corrected = Entry(ENTRIES[0].guid, ENTRIES[0].title, ENTRIES[0].text + " It left on Thursday.")
    feed_server.publish("/feed.xml", rss(corrected))

    [result] = sync_sources(engine, policy=FAST)

    assert (result.new, result.updated) == (0, 1)
    assert count(engine, "articles") == 1


def test_a_folder_source_picks_up_a_new_file_only(engine: sa.Engine, tmp_path: Path) -> None:
    folder = tmp_path / "wire"
    folder.mkdir()
    for number, entry in enumerate(ENTRIES[:2]):
        (folder / f"{number}.txt").write_text(f"{entry.title}\n\n{entry.text}\n")
    add_source(engine, "wire", str(folder), outlet="Wire Desk")

    [first] = sync_sources(engine)
    (folder / "2.txt").write_text(f"{ENTRIES[2].title}\n\n{ENTRIES[2].text}\n")
    [second] = sync_sources(engine)
    [third] = sync_sources(engine)

    assert (first.new, second.new, second.skipped, third.new, third.skipped) == (2, 1, 2, 0, 3)
    assert count(engine, "articles") == 3
    with engine.connect() as connection:
        outlets = connection.execute(sa.text("SELECT DISTINCT outlet FROM articles")).scalars()
        assert list(outlets) == ["Wire Desk"]


def test_a_json_lines_file_source_ingests_appended_lines_only(
    engine: sa.Engine, tmp_path: Path
) -> None:
    path = tmp_path / "wire.jsonl"

    def line(entry: Entry) -> str:
        return json.dumps({"title": entry.title, "text": entry.text, "date": "2023-03-06"}) + "\n"

    path.write_text(line(ENTRIES[0]) + line(ENTRIES[1]))
    add_source(engine, "lines", str(path))
    [first] = sync_sources(engine)
    [unchanged] = sync_sources(engine)
    with path.open("a") as handle:
        handle.write(line(ENTRIES[2]))
    [grown] = sync_sources(engine)

    assert first.new == 2
    assert unchanged.status == "not-modified"
    assert (grown.offered, grown.new, grown.skipped) == (3, 1, 2)
    assert count(engine, "articles") == 3


def test_a_local_feed_file_is_a_file_source_keyed_by_guid(
    engine: sa.Engine, tmp_path: Path
) -> None:
    path = tmp_path / "saved.xml"
    path.write_bytes(rss(*ENTRIES[:2]))
    [source] = [add_source(engine, "saved", str(path))]
    assert (source.kind, source.format) == ("file", "rss")
    sync_sources(engine)
    path.write_bytes(rss(*ENTRIES))

    [result] = sync_sources(engine)

    assert (result.new, result.skipped) == (1, 2)
    with engine.connect() as connection:
        keys = connection.execute(sa.text("SELECT item_key FROM source_items ORDER BY item_key"))
        assert list(keys.scalars()) == sorted(entry.guid for entry in ENTRIES)


def test_syncing_named_sources_leaves_the_others_alone(
    engine: sa.Engine, feed_server: FeedServer
) -> None:
    feed_server.publish("/a.xml", rss(ENTRIES[0]))
    feed_server.publish("/b.xml", rss(ENTRIES[1]))
    add_source(engine, "a", feed_server.url("/a.xml"))
    add_source(engine, "b", feed_server.url("/b.xml"))

    results = sync_sources(engine, ["b"], policy=FAST)

    assert [result.name for result in results] == ["b"]
    assert feed_server.hits("/a.xml") == []
    with pytest.raises(UsageError, match="no source named 'c'"):
        sync_sources(engine, ["b", "c"])


def test_a_source_whose_folder_vanished_fails_with_a_clear_reason(
    engine: sa.Engine, tmp_path: Path
) -> None:
    folder = tmp_path / "gone"
    folder.mkdir()
    add_source(engine, "gone", str(folder))
    os.rmdir(folder)

    [result] = sync_sources(engine)

    assert result.status == "failed" and "no longer exists" in result.errors[0].reason
    assert [source.name for source in list_sources(engine)] == ["gone"]
