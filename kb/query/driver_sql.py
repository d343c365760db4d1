"""Hand-written SQL run in the driver's own dialect: the hot path of timelines.

Building and compiling a SQLAlchemy statement costs about a millisecond of Python per statement,
several times what SQLite needs to answer it, so the timeline's statements are plain SQL text
with `?` placeholders, turned into `%s` for psycopg2 and sent through
`Connection.exec_driver_sql` (which still fires the engine's events, so the benchmark sees them).
No result types are applied: dates come back as `date` from psycopg2 and as text from SQLite,
which `as_date` evens out.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection

# Ids per IN (...) list: under SQLite's 32,766 host parameters (3.32+), with room for the rest;
# psycopg2 inlines parameters client-side, so PostgreSQL's own limit never applies.
CHUNK = 5000


def dialect_of(connection: Connection) -> str:
    return connection.dialect.name


def run(connection: Connection, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    """Rows of `sql` (`?` placeholders) as tuples."""
    if dialect_of(connection) == "postgresql" and params:
        sql = sql.replace("%", "%%").replace("?", "%s")
    return connection.exec_driver_sql(sql, tuple(params)).all()


def marks(count: int) -> str:
    """ "?, ?, ?" for an IN list of `count` values."""
    return ", ".join("?" * count)


def as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value[:10])


def chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])
