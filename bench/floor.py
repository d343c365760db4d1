"""The floor for the store: the same rows written with the driver's plain executemany.

After a real ingest, every row it wrote is read back with the driver and written into a fresh
database of the same schema in one transaction per table: `sqlite3.executemany` on SQLite,
`psycopg2.extras.execute_values` on PostgreSQL. That is the least any store could spend to put
those rows there; the store's time divided by this is its write cost.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

SKIPPED_TABLES = ("alembic_version",)


@dataclass
class FloorResult:
    rows: int
    seconds: float
    tables: dict[str, int]


def copy_rows(source_url: str, target_url: str) -> FloorResult:
    """Write into `target_url` (migrated, untouched) the rows `source_url` has and it lacks."""
    from kb.db.models import Base

    tables = [t.name for t in Base.metadata.sorted_tables if t.name not in SKIPPED_TABLES]
    with _connect(source_url) as source, _connect(target_url) as target:
        batches: list[tuple[str, list[str], list[tuple[Any, ...]]]] = []
        for table in tables:
            columns, rows = _rows(source, table)
            present = _ids(target, table) if "id" in columns else set()
            if present:
                at = columns.index("id")
                rows = [row for row in rows if row[at] not in present]
            batches.append((table, columns, rows))
        is_sqlite = isinstance(target, sqlite3.Connection)
        started = time.perf_counter()
        if is_sqlite:
            target.execute("BEGIN")
            for table, columns, rows in batches:
                if rows:
                    marks = ", ".join("?" * len(columns))
                    target.executemany(
                        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows
                    )
            target.execute("COMMIT")
        else:
            from psycopg2.extras import execute_values

            with target.cursor() as cursor:
                for table, columns, rows in batches:
                    if rows:
                        execute_values(
                            cursor,
                            f"INSERT INTO {table} ({', '.join(columns)}) VALUES %s",
                            rows,
                            page_size=1000,
                        )
            target.commit()
        seconds = time.perf_counter() - started
    counts = {table: len(rows) for table, _columns, rows in batches if rows}
    return FloorResult(sum(counts.values()), seconds, counts)


def _rows(connection: Any, table: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    cursor = connection.cursor()
    cursor.execute(f"SELECT * FROM {table}")
    columns = [d[0] for d in cursor.description]
    rows = [tuple(row) for row in cursor.fetchall()]
    cursor.close()
    return columns, rows


def _ids(connection: Any, table: str) -> set[Any]:
    cursor = connection.cursor()
    cursor.execute(f"SELECT id FROM {table}")
    ids = {row[0] for row in cursor.fetchall()}
    cursor.close()
    return ids


@contextmanager
def _connect(url: str) -> Iterator[Any]:
    """A plain driver connection, set up as kb sets up its own (WAL, foreign keys on)."""
    if url.startswith("sqlite"):
        connection = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
    else:
        import psycopg2

        connection = psycopg2.connect(url.replace("postgresql+psycopg2://", "postgresql://", 1))
    try:
        yield connection
    finally:
        connection.close()
