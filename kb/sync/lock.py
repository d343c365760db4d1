"""One `kb sync` at a time per database, with locks the OS or server drops when a process dies.

PostgreSQL: a session-level advisory lock held on a dedicated connection; the server releases it
when that session ends, however it ends. SQLite: `fcntl.flock` on a lock file beside the database
file; the kernel releases it when the process's file descriptor closes, kill -9 included. Neither
leaves a stale lock behind, so there is no lock file content or PID to clean up.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from kb.errors import KbError

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

# A fixed 64-bit key naming "kb sync" among the advisory locks of one database.
ADVISORY_KEY = 0x6B62_5F73_796E_6301  # "kb_sync" + 1
POLL_SECONDS = 0.5


class AlreadyRunning(KbError):
    """Another `kb sync` holds the lock on this database: exit code 3, distinct from failures."""

    exit_code = 3

    def __init__(self) -> None:
        super().__init__("another kb sync is already running")


@contextmanager
def sync_lock(engine: Engine, *, wait: bool = False) -> Iterator[None]:
    """Hold the sync lock for the block; AlreadyRunning at once unless `wait`, then block."""
    if engine.url.get_backend_name() == "postgresql":
        with _advisory_lock(engine, wait):
            yield
    else:
        with _file_lock(lock_path(engine), wait):
            yield


def lock_path(engine: Engine) -> str | None:
    """The lock file beside a SQLite database file; None for an in-memory database."""
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    return os.path.abspath(database) + ".sync-lock"


@contextmanager
def _file_lock(path: str | None, wait: bool) -> Iterator[None]:
    import fcntl

    if path is None:  # an in-memory database lives in this process alone
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not wait:
                    raise AlreadyRunning() from None
                time.sleep(POLL_SECONDS)
        yield
    finally:
        # Closing the descriptor releases the lock; the file itself stays, harmless and reused.
        os.close(fd)


@contextmanager
def _advisory_lock(engine: Engine, wait: bool) -> Iterator[None]:
    from sqlalchemy import text

    connection = engine.connect()
    try:
        while not _try_advisory_lock(connection):
            if not wait:
                raise AlreadyRunning()
            time.sleep(POLL_SECONDS)
        try:
            yield
        finally:
            try:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY})
                connection.commit()
            except Exception:
                # The session may be gone; never hand a possibly locked session back to the pool.
                connection.invalidate()
    finally:
        connection.close()


def _try_advisory_lock(connection: Connection) -> bool:
    from sqlalchemy import text

    # Polling the non-blocking form keeps --wait interruptible by Ctrl-C.
    got = connection.execute(
        text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY}
    ).scalar()
    connection.commit()  # the lock belongs to the session, not to this transaction
    return bool(got)
