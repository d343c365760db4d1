"""Engines and sessions for SQLite and PostgreSQL, set up the way kb needs them.

SQLite: foreign keys on, WAL (readers never block the writer), a 30 s busy timeout, and
`BEGIN IMMEDIATE` for every transaction, so concurrent writers queue on the busy timeout instead
of failing with "database is locked" when a read transaction tries to become a write one. Pure
readers that must not wait for a writer use `reading(engine)` (a plain deferred `BEGIN`). File
databases are read through a memory map (`SQLITE_READ_PRAGMAS`).

PostgreSQL: psycopg2 with `pool_pre_ping`, so a long-lived process survives a server restart.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:  # the ORM is for writers; read-only commands start faster without it
    from sqlalchemy.orm import Session, sessionmaker

from kb.config import mask_url, normalise_url
from kb.errors import KbError

BUSY_TIMEOUT_SECONDS = 30
SQLITE_BEGIN_OPTION = "kb_sqlite_begin"
# Read a file database through a memory map of up to 1 GiB (address space, not memory): a
# timeline probes thousands of B-tree pages at random, and each page read from the map costs a
# pointer instead of a read() system call and a copy into SQLite's own small page cache (a
# popular pair's timeline at a million events is about a quarter faster). Writes still go
# through the WAL. The benchmark's hand-written SQL floor connects with the same pragmas.
SQLITE_READ_PRAGMAS = ("PRAGMA mmap_size=1073741824",)

# The newest migration in kb/migrations/versions (tests/db/test_head_revision.py keeps it
# honest): a database already at it is opened without importing Alembic, which costs a read-only
# command more time than everything else it does.
HEAD_REVISION = "0005"


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url` (sqlite:// or postgresql://) with kb's connection settings."""
    url = normalise_url(url)
    if make_url(url).get_backend_name() == "sqlite":
        return _sqlite_engine(url, **kwargs)
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_engine(url: str, **kwargs: Any) -> Engine:
    connect_args = {"timeout": BUSY_TIMEOUT_SECONDS, **kwargs.pop("connect_args", {})}
    engine = create_engine(url, connect_args=connect_args, **kwargs)
    in_memory = make_url(url).database in (None, "", ":memory:")

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Hand transaction control to the "begin" hook below (SQLAlchemy's pysqlite recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            for pragma in SQLITE_READ_PRAGMAS:
                cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        mode = connection.get_execution_options().get(SQLITE_BEGIN_OPTION, "IMMEDIATE")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def reading(engine: Engine) -> Engine:
    """The same engine for read-only work: on SQLite a deferred BEGIN, never waiting on writers."""
    return engine.execution_options(**{SQLITE_BEGIN_OPTION: "DEFERRED"})


def check_connection(engine: Engine) -> None:
    """Connect once, turning a failure into one clear KbError line."""
    try:
        with reading(engine).connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except DBAPIError as exc:
        raise connection_error(engine, exc) from exc


def connection_error(engine: Engine, exc: BaseException) -> KbError:
    """A one-line KbError saying which database could not be reached and why."""
    url = engine.url
    reason = _first_line(getattr(exc, "orig", None) or exc)
    if url.get_backend_name() == "sqlite":
        return KbError(f"cannot open SQLite database {url.database!r}: {reason}")
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    return KbError(f"cannot connect to PostgreSQL at {where} (database {url.database!r}): {reason}")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    for line in text.splitlines():
        line = line.strip()
        if line:
            # psycopg2 messages start with "connection to server at ... failed:"; keep the cause.
            return line.split("failed: ", 1)[-1] if "failed: " in line else line
    return type(exc).__name__


def open_database(url: str, migrate: bool = True) -> Engine:
    """An engine for a reachable database at the current schema.

    A new (or older) database is migrated to head on first use; one at a revision this kb does
    not know (made by a newer kb) raises KbError rather than being touched.
    """
    engine = make_engine(url)
    check_connection(engine)
    if stored_revisions(engine) == [HEAD_REVISION]:
        return engine
    from kb.db import migrate as migrations

    try:
        state = migrations.revision_state(engine)
        if state.is_newer:
            raise KbError(
                f"database is at revision {state.current}, newer than this kb "
                f"({state.head}); upgrade kb"
            )
        if migrate and not state.is_current:
            migrations.upgrade(engine)
    except DBAPIError as exc:
        raise KbError(f"database error on {mask_url(url)}: {_first_line(exc.orig or exc)}") from exc
    return engine


def stored_revisions(engine: Engine) -> list[str] | None:
    """The revisions in `alembic_version`, read directly; None when it cannot be read (no such
    table yet, or anything odd: the caller then asks Alembic)."""
    try:
        with reading(engine).connect() as connection:
            return [
                row[0]
                for row in connection.exec_driver_sql("SELECT version_num FROM alembic_version")
            ]
    except DBAPIError:
        return None


def session_factory(engine: Engine) -> sessionmaker[Session]:
    from sqlalchemy.orm import sessionmaker

    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session committed on success and rolled back on any error: one unit of work."""
    from sqlalchemy.orm import Session

    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
