"""ingest_items on SQLite and PostgreSQL: hash skips, rollback per article, dry runs, runs."""

from __future__ import annotations

import dataclasses
import gc
import os
import random
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from builders import (
    PAIRS,
    ScriptedExtractor,
    article,
    corpus,
    counts,
    event,
    extraction,
    rows,
)

from kb.ingest.pipeline import ItemOutcome, ingest_items
from kb.ingest.readers.items import ReadError
from kb.ingest.runs import mark_interrupted


def _articles(pairs: list) -> list:
    return [story for story, _ in pairs]


def test_reingesting_skips_known_articles_without_extracting(engine: sa.Engine) -> None:
    pairs = corpus(12)
    first = ingest_items(engine, _articles(pairs), extractor=ScriptedExtractor(pairs))
    before = counts(engine)
    again = ScriptedExtractor(pairs)
    second = ingest_items(engine, _articles(pairs), extractor=again, batch_size=5)
    assert (first.new, first.unchanged, first.failed) == (12, 0, 0)
    assert (second.new, second.unchanged, second.failed) == (0, 12, 0)
    assert again.calls == 0
    assert counts(engine) == before


def test_duplicates_within_one_batch_are_stored_once(engine: sa.Engine) -> None:
    pairs = corpus(3)
    stories = _articles(pairs)
    summary = ingest_items(engine, [*stories, stories[0]], extractor=ScriptedExtractor(pairs))
    assert (summary.new, summary.unchanged) == (3, 1)
    assert counts(engine)["articles"] == 3


def test_a_failing_article_rolls_back_alone_and_is_recorded(engine: sa.Engine) -> None:
    pairs = corpus(3)
    story, facts = pairs[1]
    broken_event = dataclasses.replace(facts.events[0], type=None)  # events.type is NOT NULL
    pairs[1] = (story, dataclasses.replace(facts, events=[broken_event]))
    outcomes: list[ItemOutcome] = []
    summary = ingest_items(
        engine, _articles(pairs), extractor=ScriptedExtractor(pairs), on_outcome=outcomes.append
    )
    assert [o.status for o in outcomes] == ["new", "failed", "new"]
    assert outcomes[1].item == "Report 1" and outcomes[1].reason.startswith("could not store")
    assert (summary.new, summary.failed, summary.status) == (2, 1, "failed")
    stored = {r.title for r in rows(engine, "SELECT title FROM articles")}
    assert stored == {"Report 0", "Report 2"}
    assert counts(engine)["official_mentions"] == 2  # nothing of the failed article is left
    (error,) = rows(engine, "SELECT run_id, item, reason FROM ingest_errors")
    assert error.run_id == summary.run_id and error.item == "Report 1"


def test_read_errors_and_extractor_failures_are_reported_and_the_batch_goes_on(
    engine: sa.Engine,
) -> None:
    pairs = corpus(2)

    def extractor(story):  # type: ignore[no-untyped-def]
        if story.title == "Report 0":
            raise ValueError("no sentences")
        return pairs[1][1]

    items = [ReadError("in/junk.txt", "binary file"), *_articles(pairs), article(title="")]
    outcomes: list[ItemOutcome] = []
    summary = ingest_items(engine, items, extractor=extractor, on_outcome=outcomes.append)
    assert [(o.item, o.status) for o in outcomes] == [
        ("in/junk.txt", "failed"),
        ("Report 0", "failed"),
        ("Report 1", "new"),
        ("(unnamed article)", "failed"),
    ]
    assert "no sentences" in (outcomes[1].reason or "")
    assert outcomes[2].article_id is not None and outcomes[2].content_hash
    reasons = {r.item: r.reason for r in rows(engine, "SELECT item, reason FROM ingest_errors")}
    assert reasons["in/junk.txt"] == "binary file" and len(reasons) == 3
    assert summary.failed == 3 and counts(engine)["articles"] == 1


def test_an_interrupted_run_stops_reading_and_leaves_nothing_frozen(engine: sa.Engine) -> None:
    pairs = corpus(30)
    closed = threading.Event()
    read: list[str] = []

    def items():  # type: ignore[no-untyped-def]
        try:
            for story, _ in pairs:
                read.append(story.title)
                yield story
        finally:
            closed.set()

    def interrupt(outcome: ItemOutcome) -> None:
        if outcome.item == "Report 2":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest_items(engine, items(), extractor=ScriptedExtractor(pairs), on_outcome=interrupt)
    assert closed.wait(timeout=5), "the reader was left running"
    assert counts(engine)["articles"] == 3
    assert gc.get_freeze_count() == 0
    (run,) = rows(engine, "SELECT status, new FROM ingest_runs")
    assert (run.status, run.new) == ("interrupted", 3)


def test_dry_run_writes_nothing_and_says_what_would_change(engine: sa.Engine) -> None:
    pairs = corpus(4)
    first = dataclasses.replace(pairs[0][0], url="https://news.example/first")
    edited = dataclasses.replace(first, text_en=first.text_en + " Edited later.")
    extractor = ScriptedExtractor([*pairs, (first, pairs[0][1]), (edited, pairs[0][1])])
    ingest_items(engine, [first, pairs[1][0]], extractor=extractor)
    before = counts(engine)
    runs_before = len(rows(engine, "SELECT id FROM ingest_runs"))

    items = [pairs[1][0], pairs[2][0], pairs[3][0], edited]
    summary = ingest_items(engine, items, extractor=extractor, dry_run=True)

    assert (summary.new, summary.updated, summary.unchanged) == (2, 1, 1)
    assert summary.events == 3 and summary.run_id is None
    assert counts(engine) == before
    assert len(rows(engine, "SELECT id FROM ingest_runs")) == runs_before


def test_dry_run_on_a_database_never_migrated_creates_nothing(blank_db_url: str) -> None:
    from kb.db.engine import make_engine

    engine = make_engine(blank_db_url)
    try:
        pairs = corpus(2)
        summary = ingest_items(
            engine, _articles(pairs), extractor=ScriptedExtractor(pairs), dry_run=True
        )
        assert summary.new == 2
        assert not sa.inspect(engine).has_table("articles")
    finally:
        engine.dispose()


def test_each_run_is_recorded_with_its_counts(engine: sa.Engine) -> None:
    pairs = corpus(3)
    extractor = ScriptedExtractor(pairs)
    ingest_items(engine, _articles(pairs[:2]), extractor=extractor)
    ingest_items(
        engine, [*_articles(pairs), ReadError("bad.json", "malformed JSON")], extractor=extractor
    )
    runs = rows(
        engine,
        "SELECT command, status, seen, new, updated, unchanged, failed, pid, hostname, "
        "finished_at FROM ingest_runs ORDER BY id",
    )
    assert [(r.status, r.seen, r.new, r.unchanged, r.failed) for r in runs] == [
        ("ok", 2, 2, 0, 0),
        ("failed", 4, 1, 2, 1),
    ]
    assert all(r.command == "ingest" and r.pid == os.getpid() and r.finished_at for r in runs)


def test_a_run_left_running_by_a_dead_process_is_marked_interrupted(engine: sa.Engine) -> None:
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    dead_pid = int(finished.stdout)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO ingest_runs (command, status, pid, hostname, started_at) "
                "VALUES ('ingest', 'running', :pid, :host, :now)"
            ),
            {"pid": dead_pid, "host": socket.gethostname(), "now": datetime.now()},
        )
    pairs = corpus(1)
    ingest_items(engine, _articles(pairs), extractor=ScriptedExtractor(pairs))
    statuses = [r.status for r in rows(engine, "SELECT status FROM ingest_runs ORDER BY id")]
    assert statuses == ["interrupted", "ok"]


def test_a_run_older_than_the_threshold_is_marked_interrupted_from_any_host(
    engine: sa.Engine,
) -> None:
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO ingest_runs (command, status, pid, hostname, started_at) "
                "VALUES ('sync', 'running', 1, 'elsewhere', '2020-01-01 00:00:00')"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO ingest_runs (command, status, pid, hostname, started_at) "
                "VALUES ('sync', 'running', 1, 'elsewhere', '2030-01-01 00:00:00')"
            )
        )
    assert len(mark_interrupted(engine)) == 1
    statuses = [r.status for r in rows(engine, "SELECT status FROM ingest_runs ORDER BY id")]
    assert statuses == ["interrupted", "running"]


KILLED_INGEST = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {builders!r})
    from builders import ScriptedExtractor, corpus
    from kb.db.engine import make_engine
    from kb.ingest.pipeline import ingest_items

    pairs = corpus({size})
    engine = make_engine({url!r})
    ingest_items(engine, [s for s, _ in pairs], extractor=ScriptedExtractor(pairs),
                 on_outcome=lambda outcome: time.sleep(0.02), batch_size=10)
    """
)


def test_a_killed_ingest_leaves_complete_articles_and_the_next_run_finishes(
    engine: sa.Engine, db_url: str
) -> None:
    size = 120
    script = KILLED_INGEST.format(builders=str(Path(__file__).parent), size=size, url=db_url)
    process = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 60
        while counts(engine)["articles"] < 15:
            assert process.poll() is None, "the ingest ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    stored = counts(engine)["articles"]
    assert 15 <= stored < size
    # Every committed article is whole: its event mention and official mention are there.
    assert counts(engine)["event_mentions"] == stored == counts(engine)["official_mentions"]

    pairs = corpus(size)
    summary = ingest_items(engine, _articles(pairs), extractor=ScriptedExtractor(pairs))
    assert summary.unchanged == stored and summary.new == size - stored
    assert counts(engine)["articles"] == size == counts(engine)["event_mentions"]
    statuses = [r.status for r in rows(engine, "SELECT status FROM ingest_runs ORDER BY id")]
    assert statuses == ["interrupted", "ok"]


def test_concurrent_writers_store_each_fact_once(engine: sa.Engine) -> None:
    size = 60
    pairs = corpus(size)
    errors: list[BaseException] = []

    def writer(seed: int) -> None:
        stories = _articles(pairs)
        random.Random(seed).shuffle(stories)
        try:
            summary = ingest_items(engine, stories, extractor=ScriptedExtractor(pairs))
            assert summary.failed == 0, summary.failures
        except BaseException as exc:  # reported to the main thread below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(seed,)) for seed in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    totals = counts(engine)
    people = {(n % 7, PAIRS[n % len(PAIRS)][0]) for n in range(size)}
    assert totals["articles"] == size == totals["event_mentions"]
    assert totals["events"] == 30  # five pairs x six days, each reported twice
    assert totals["officials"] == len(people)
    assert totals["official_roles"] == len(people)


def test_an_article_without_a_date_is_stored_with_undated_facts(engine: sa.Engine) -> None:
    sentence = "Japan praised Pakistan's contribution to regional peace."
    story = article(sentence, title="Undated praise")
    facts = extraction(story, events=[event(story, sentence, "praise", ["JPN", "PAK"])])
    summary = ingest_items(engine, [story], extractor=ScriptedExtractor([(story, facts)]))
    assert summary.new == 1
    (stored,) = rows(engine, "SELECT published FROM articles")
    assert stored.published is None
    assert rows(engine, "SELECT date FROM events")[0].date is None


def test_ctrl_c_marks_the_run_interrupted_and_keeps_what_was_committed(engine: sa.Engine) -> None:
    pairs = corpus(5)
    seen: list[ItemOutcome] = []

    def stop_after_two(outcome: ItemOutcome) -> None:
        seen.append(outcome)
        if len(seen) == 2:
            raise KeyboardInterrupt

    try:
        ingest_items(
            engine, _articles(pairs), extractor=ScriptedExtractor(pairs), on_outcome=stop_after_two
        )
    except KeyboardInterrupt:
        pass
    else:
        raise AssertionError("the interrupt was swallowed")
    (run,) = rows(engine, "SELECT status, seen, new FROM ingest_runs")
    assert (run.status, run.seen, run.new) == ("interrupted", 2, 2)
    assert counts(engine)["articles"] == 2 == counts(engine)["event_mentions"]
