"""Several `kb ingest` processes over overlapping corpora at once (4 on PostgreSQL, 2 on SQLite):
no failed item (every lost race retried), no duplicate, no orphan, and the same knowledge as one
sequential ingest in the writers' commit order (the long version is bench/chaos/concurrency.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bench.chaos import invariants
from bench.chaos.concurrency import (
    PROCESSES,
    check_against_sequential,
    concurrent_ingest,
    replay_in_commit_order,
    write_slices,
)
from bench.chaos.harness import Figures, kb, scalar


def test_concurrent_ingests_store_the_union_once_as_a_sequential_ingest_would(
    backend: str, new_database: Callable[[], str], tmp_path: Path
) -> None:
    union, slices = write_slices(tmp_path, 90, PROCESSES[backend], seed=5)
    url = new_database()
    assert kb(url, "db", "upgrade").returncode == 0  # migrate once, before the race
    figures = Figures("concurrency", backend)

    concurrent_ingest(url, slices, figures)

    assert figures.failures == []
    assert scalar(url, "SELECT count(*) FROM articles") == 90
    assert invariants.orphans(url) == {}
    sequential = new_database()
    done = kb(sequential, "ingest", str(replay_in_commit_order(url, union, tmp_path)), "--quiet")
    assert done.returncode == 0, done.stderr
    check_against_sequential(url, invariants.snapshot(sequential), figures, "concurrent")
    assert figures.failures == []
