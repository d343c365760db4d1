"""Database faults: a private PostgreSQL cluster restarted under a running ingest, and SQLite's
disk filling up. The ingest stops with one clear `kb:` line (or rides the fault out), the database
stays consistent, and a re-run completes (long version: bench/chaos/dbfaults.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.chaos import invariants
from bench.chaos.dbfaults import (
    PrivateCluster,
    disk_full_trial,
    private_cluster_unavailable,
    restart_trial,
)
from bench.chaos.harness import Figures, kb


@pytest.fixture(scope="module")
def cluster() -> Iterator[PrivateCluster]:
    why = private_cluster_unavailable()
    if why:
        pytest.skip(f"private PostgreSQL cluster: {why}")
    with PrivateCluster() as made:
        yield made


@pytest.mark.parametrize("mode", ["immediate"])
def test_postgresql_restarted_mid_ingest_leaves_a_consistent_database_and_a_rerun_completes(
    cluster: PrivateCluster, small_corpus: Path, mode: str
) -> None:
    reference_url = cluster.create_database(f"reference_{mode}")
    assert kb(reference_url, "ingest", str(small_corpus), "--quiet").returncode == 0
    figures = Figures("pg-restart")

    restart_trial(
        cluster, small_corpus, invariants.snapshot(reference_url), mode, 0.0, figures, mode
    )

    assert figures.failures == []
    assert figures.trials == 1


def test_a_full_disk_stops_a_sqlite_ingest_with_one_clear_error_and_a_rerun_completes(
    small_corpus: Path, tmp_path: Path
) -> None:
    if os.geteuid() != 0:
        pytest.skip("the small tmpfs needs root (bench/chaos/dbfaults.py falls back to rlimit)")
    from kb.db.engine import open_database

    template = tmp_path / "template.sqlite"
    open_database(f"sqlite:///{template}").dispose()
    reference_url = f"sqlite:///{tmp_path / 'reference.sqlite'}"
    assert kb(reference_url, "ingest", str(small_corpus), "--quiet").returncode == 0
    figures = Figures("disk-full")

    disk_full_trial(template, small_corpus, invariants.snapshot(reference_url), figures)

    assert figures.failures == []
    assert "1 kb: lines" in figures.notes[0], figures.notes
    assert "database or disk is full" in figures.notes[0]


def test_a_database_error_ends_the_run_instead_of_failing_every_item() -> None:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from kb.ingest.pipeline import database_broke

    full = OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))
    bad_item = OperationalError("INSERT", {}, sqlite3.OperationalError("no such column: x"))

    assert database_broke(full)
    assert not database_broke(bad_item)
    assert not database_broke(ValueError("disk is full"))
