"""`kb sql` against every side door to writing (tests/query covers the plain writes): the
statement fails, and the data, the database file and its folder are unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from bench.chaos.sql import POSTGRESQL_ESCAPES, POSTGRESQL_UNDONE, SQLITE_ESCAPES, state
from kb.errors import KbError
from kb.ingest.pipeline import ingest_items
from kb.ingest.readers import read_paths
from kb.query.readonly_sql import QueryTimeout, run_readonly_sql


@pytest.fixture
def stored(db_url: str, engine: sa.Engine, tmp_path: Path) -> str:
    articles = tmp_path / "in"
    articles.mkdir()
    (articles / "a.txt").write_text(
        "Talks\n\nPakistan and China signed a defence cooperation agreement in Islamabad "
        "on 5 May 2020. The foreign ministers of Japan and India met in Tokyo on 3 March 2021.\n"
    )
    ingest_items(engine, read_paths([articles]))
    engine.dispose()
    return db_url


def test_every_side_door_to_writing_fails_and_changes_nothing(
    stored: str, backend: str, tmp_path: Path
) -> None:
    folder = tmp_path
    escapes = SQLITE_ESCAPES if backend == "sqlite" else POSTGRESQL_ESCAPES
    before = state(stored, folder)
    passed = []
    for template in escapes:
        statement = template.format(folder=folder)
        try:
            run_readonly_sql(stored, statement, timeout=5)
        except KbError:
            continue
        passed.append(statement)

    assert passed == []
    assert state(stored, folder) == before
    assert not any(folder.glob("new*.sqlite")) and not (folder / "copy.sqlite").exists()


@pytest.mark.postgresql
@pytest.mark.parametrize("backend", ["postgresql"])
def test_side_effects_the_server_allows_are_rolled_back(stored: str, tmp_path: Path) -> None:
    before = state(stored, tmp_path)

    for statement in POSTGRESQL_UNDONE:
        run_readonly_sql(stored, statement, timeout=5)

    assert state(stored, tmp_path) == before
    with pytest.raises(KbError, match="read-only"):
        run_readonly_sql(stored, "DELETE FROM events")


def test_a_runaway_query_is_stopped_by_the_time_limit(stored: str, backend: str) -> None:
    runaway = (
        "SELECT count(*) FROM countries a, countries b, countries c, countries d"
        if backend == "sqlite"
        else "SELECT pg_sleep(1) FROM generate_series(1, 100)"
    )
    with pytest.raises(QueryTimeout):
        run_readonly_sql(stored, runaway, timeout=1)
