"""`kb sources`, `kb sync` and `kb runs` as cron runs them: real processes, real HTTP, both DBs."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa
from feedserver import ENTRIES, FeedServer, Reply, numbered_entries, rss

from kb.config import normalise_url


def kb(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kb", *args],
        env=_env(db_url),
        capture_output=True,
        text=True,
        timeout=120,
    )


def kb_started(db_url: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "kb", *args],
        env=_env(db_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _env(db_url: str) -> dict[str, str]:
    return {**os.environ, "KB_DATABASE_URL": db_url}


def scalar(db_url: str, sql: str) -> object:
    engine = sa.create_engine(normalise_url(db_url), poolclass=sa.NullPool)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text(sql)).scalar()
    finally:
        engine.dispose()


def test_a_folder_and_a_feed_synced_twice_give_each_article_once(
    db_url: str, feed_server: FeedServer, tmp_path: Path
) -> None:
    feed_server.publish("/feed.xml", rss(*ENTRIES[:2]))
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "envoy.txt").write_text(f"{ENTRIES[2].title}\n\n{ENTRIES[2].text}\n")

    added = kb(db_url, "sources", "add", "desk", feed_server.url("/feed.xml"))
    assert added.returncode == 0, added.stderr
    assert kb(db_url, "sources", "add", "inbox", str(folder)).returncode == 0
    first = kb(db_url, "sync")
    second = kb(db_url, "sync", "--json")

    assert first.returncode == 0, first.stderr
    assert "desk: 2 listed, 2 new" in first.stdout and "inbox: 1 listed, 1 new" in first.stdout
    assert second.returncode == 0, second.stderr
    report = json.loads(second.stdout)
    assert report["ok"] is True
    by_name = {source["name"]: source for source in report["sources"]}
    assert by_name["desk"]["status"] == "not-modified"
    assert (by_name["inbox"]["new"], by_name["inbox"]["skipped"]) == (0, 1)
    assert scalar(db_url, "SELECT count(*) FROM articles") == 3

    listed = kb(db_url, "sources", "list")
    assert "desk" in listed.stdout and "inbox" in listed.stdout
    runs = kb(db_url, "runs", "--json")
    assert runs.returncode == 0
    assert [run["source"] for run in json.loads(runs.stdout)] == ["inbox", "desk"] * 2


def test_a_failing_source_is_named_on_stderr_and_exits_1(
    db_url: str, feed_server: FeedServer
) -> None:
    feed_server.script("/feed.xml", Reply(404, b"gone"))
    kb(db_url, "sources", "add", "desk", feed_server.url("/feed.xml"))

    result = kb(db_url, "sync", "--quiet")

    assert result.returncode == 1
    assert result.stdout == ""
    assert f"kb: desk: {feed_server.url('/feed.xml')}: HTTP 404" in result.stderr
    assert "Traceback" not in result.stderr
    failed = kb(db_url, "runs", "--failed")
    assert "desk" in failed.stdout and "HTTP 404" in failed.stdout


def test_two_syncs_started_together_run_once_and_the_other_exits_3(
    db_url: str, feed_server: FeedServer
) -> None:
    feed_server.publish("/feed.xml", rss(*ENTRIES), delay=2.0)
    assert kb(db_url, "sources", "add", "desk", feed_server.url("/feed.xml")).returncode == 0

    processes = [kb_started(db_url, "sync"), kb_started(db_url, "sync")]
    outcomes = [(process.wait(60), process.stderr.read()) for process in processes]  # type: ignore[union-attr]

    codes = sorted(code for code, _ in outcomes)
    assert codes == [0, 3], outcomes
    [loser_stderr] = [stderr for code, stderr in outcomes if code == 3]
    assert loser_stderr.strip() == "kb: another kb sync is already running"
    assert len(feed_server.hits("/feed.xml")) == 1
    assert scalar(db_url, "SELECT count(*) FROM articles") == 3
    assert scalar(db_url, "SELECT count(*) FROM source_items") == 3


def test_with_wait_the_second_sync_runs_after_the_first(
    db_url: str, feed_server: FeedServer
) -> None:
    feed_server.publish("/feed.xml", rss(*ENTRIES), delay=1.0)
    kb(db_url, "sources", "add", "desk", feed_server.url("/feed.xml"))

    first = kb_started(db_url, "sync")
    _wait_for(lambda: feed_server.hits("/feed.xml"), "the first sync to fetch")
    second = kb(db_url, "sync", "--wait", "--json")

    assert first.wait(60) == 0
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout)["sources"][0]["status"] == "not-modified"
    assert scalar(db_url, "SELECT count(*) FROM articles") == 3


def test_a_sync_killed_half_way_loses_and_duplicates_nothing(
    db_url: str, feed_server: FeedServer
) -> None:
    entries = numbered_entries(300)
    feed_server.publish("/feed.xml", rss(*entries))
    kb(db_url, "sources", "add", "desk", feed_server.url("/feed.xml"))

    sync = kb_started(db_url, "sync")
    try:
        _wait_for(
            lambda: scalar(db_url, "SELECT count(*) FROM articles"), "some articles", seconds=120
        )
        # Stop all writes, so the count is frozen mid-run, then kill the sync where it stands.
        with _writes_blocked(db_url) as stored_before_kill:
            sync.send_signal(signal.SIGKILL)
            sync.wait(30)
    finally:
        if sync.poll() is None:
            sync.kill()
    assert 0 < stored_before_kill < len(entries)

    rerun = kb(db_url, "sync", "--wait")

    assert rerun.returncode == 0, rerun.stderr
    assert scalar(db_url, "SELECT count(*) FROM articles") == len(entries)
    assert scalar(db_url, "SELECT count(DISTINCT url) FROM articles") == len(entries)
    assert scalar(db_url, "SELECT count(*) FROM source_items") == len(entries)
    statuses = scalar(db_url, "SELECT count(*) FROM ingest_runs WHERE status = 'interrupted'")
    assert statuses == 1


class _writes_blocked:
    """Hold the database's write lock (SQLite) or a lock on `articles` (PostgreSQL); yields
    the number of articles committed when it was granted."""

    def __init__(self, db_url: str) -> None:
        self.url = sa.engine.make_url(normalise_url(db_url))

    def __enter__(self) -> int:
        if self.url.get_backend_name() == "sqlite":
            self.sqlite = sqlite3.connect(self.url.database or "", timeout=60, isolation_level=None)
            self.sqlite.execute("BEGIN IMMEDIATE")
            return self.sqlite.execute("SELECT count(*) FROM articles").fetchone()[0]
        self.engine = sa.create_engine(self.url, poolclass=sa.NullPool)
        self.connection = self.engine.connect()
        self.connection.execute(sa.text("LOCK TABLE articles IN SHARE ROW EXCLUSIVE MODE"))
        return self.connection.execute(sa.text("SELECT count(*) FROM articles")).scalar_one()

    def __exit__(self, *_: object) -> None:
        if self.url.get_backend_name() == "sqlite":
            self.sqlite.execute("ROLLBACK")
            self.sqlite.close()
            return
        self.connection.rollback()
        self.connection.close()
        self.engine.dispose()


def _wait_for(condition: object, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.005)
