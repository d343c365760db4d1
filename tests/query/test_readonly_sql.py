"""`run_readonly_sql`: reads work, and the database refuses every write, whatever the text."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from story import Story

from kb.errors import KbError
from kb.query.readonly_sql import QueryTimeout, ReadOnlyViolation, run_readonly_sql

WRITES = [
    "DELETE FROM events",
    "UPDATE countries SET iso3 = 'XXX'",
    "DROP TABLE countries",
    "CREATE TABLE t (x INTEGER)",
    "INSERT INTO countries (iso3, name) VALUES ('ZZZ', 'Zed')",
    "SELECT 1; DELETE FROM events",
    "PRAGMA query_only=0; DELETE FROM events",
    "SELECT 1; COMMIT; DELETE FROM events",
    "WITH x AS (SELECT 1) DELETE FROM events",
    "WITH gone AS (DELETE FROM events RETURNING id) SELECT count(*) FROM gone",
]


def counts(url: str) -> tuple[int, int]:
    engine = sa.create_engine(sa.engine.make_url(url).set(drivername=_driver(url)))
    try:
        with engine.connect() as connection:
            events = connection.execute(sa.text("SELECT count(*) FROM events")).scalar_one()
            countries = connection.execute(sa.text("SELECT count(*) FROM countries")).scalar_one()
    finally:
        engine.dispose()
    return events, countries


def _driver(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql+psycopg2"


def test_a_select_returns_columns_and_rows(story: Story) -> None:
    result = run_readonly_sql(story.url, "SELECT count(*) AS n FROM events")
    assert result.columns == ["n"] and result.rows == [(len(story.events),)]


def test_text_that_looks_like_a_write_is_just_text(story: Story) -> None:
    result = run_readonly_sql(story.url, "SELECT 'DELETE FROM events' AS s")
    assert result.rows == [("DELETE FROM events",)]


def test_the_timeline_view_is_readable(story: Story) -> None:
    result = run_readonly_sql(story.url, "SELECT event_id, date_label FROM timeline")
    assert len(result.rows) == len(story.events)


@pytest.mark.parametrize("statement", WRITES)
def test_every_write_is_refused_and_changes_nothing(story: Story, statement: str) -> None:
    before = counts(story.url)
    with pytest.raises(KbError) as raised:
        run_readonly_sql(story.url, statement)
    assert raised.value.exit_code == 1
    assert counts(story.url) == before


def test_writes_are_reported_as_read_only(story: Story) -> None:
    with pytest.raises(ReadOnlyViolation, match=r"^read-only: "):
        run_readonly_sql(story.url, "DELETE FROM events")


def test_attach_creates_no_file(story: Story, tmp_path: Path) -> None:
    target = tmp_path / "evil.sqlite"
    with pytest.raises(KbError):
        run_readonly_sql(story.url, f"ATTACH DATABASE '{target}' AS evil")
    assert not target.exists()


def test_a_runaway_recursive_query_is_stopped_by_the_time_limit(story: Story) -> None:
    runaway = (
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r"
    )
    with pytest.raises(QueryTimeout, match="time limit"):
        run_readonly_sql(story.url, runaway, timeout=0.5)


def test_rows_beyond_the_limit_are_cut_and_said_so(story: Story) -> None:
    result = run_readonly_sql(story.url, "SELECT iso3 FROM countries ORDER BY iso3", limit=5)
    assert len(result.rows) == 5 and result.truncated
    whole = run_readonly_sql(story.url, "SELECT iso3 FROM countries WHERE iso3 = 'PAK'", limit=5)
    assert not whole.truncated


def test_bad_sql_is_one_clear_error(story: Story) -> None:
    with pytest.raises(KbError, match="SQL error"):
        run_readonly_sql(story.url, "SELECT * FROM no_such_table")


def test_sqlite_introspection_pragmas_still_work(story: Story) -> None:
    if not story.url.startswith("sqlite"):
        pytest.skip("PRAGMA is SQLite's")
    result = run_readonly_sql(story.url, "PRAGMA table_info(events)")
    assert "name" in result.columns
    with pytest.raises(ReadOnlyViolation):
        run_readonly_sql(story.url, "PRAGMA user_version = 7")


def test_postgresql_server_functions_and_copy_are_refused(story: Story) -> None:
    if story.url.startswith("sqlite"):
        pytest.skip("PostgreSQL only")
    for statement in ("COPY events TO STDOUT", "SELECT pg_read_file('/etc/hostname')"):
        with pytest.raises(ReadOnlyViolation):
            run_readonly_sql(story.url, statement)


def test_a_missing_sqlite_file_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "none.sqlite"
    with pytest.raises(KbError, match="no SQLite database"):
        run_readonly_sql(f"sqlite:///{path}", "SELECT 1")
    assert not path.exists()
