"""The sync lock on both databases: exclusive, waitable, and released when its holder dies."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest
import sqlalchemy as sa

from kb.db.engine import make_engine
from kb.sync.lock import AlreadyRunning, sync_lock


def test_a_second_holder_is_refused_while_the_first_holds_the_lock(db_url: str) -> None:
    first, second = make_engine(db_url), make_engine(db_url)
    try:
        with (
            sync_lock(first),
            pytest.raises(AlreadyRunning, match="another kb sync is already running"),
            sync_lock(second),
        ):
            pass
        with sync_lock(second):  # released on exit
            pass
    finally:
        first.dispose()
        second.dispose()


def test_already_running_exits_with_code_3() -> None:
    assert AlreadyRunning().exit_code == 3


def test_wait_blocks_until_the_holder_releases(db_url: str) -> None:
    first, second = make_engine(db_url), make_engine(db_url)
    holding = threading.Event()
    release_at: list[float] = []

    def hold() -> None:
        with sync_lock(first):
            holding.set()
            time.sleep(1.0)
            release_at.append(time.monotonic())

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert holding.wait(10)
        with sync_lock(second, wait=True):
            acquired_at = time.monotonic()
        holder.join()
        assert acquired_at >= release_at[0]
    finally:
        holder.join()
        first.dispose()
        second.dispose()


def test_a_killed_holder_leaves_no_lock_behind(db_url: str) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK_FOREVER, db_url],
        stdout=subprocess.PIPE,
        text=True,
    )
    engine = make_engine(db_url)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(AlreadyRunning), sync_lock(engine):
            pass
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
        _eventually_lockable(engine)
    finally:
        if holder.poll() is None:
            holder.kill()
        engine.dispose()


def test_the_sqlite_lock_file_sits_beside_the_database(tmp_path: object) -> None:
    from pathlib import Path

    from kb.sync.lock import lock_path

    folder = Path(str(tmp_path))
    engine = sa.create_engine(f"sqlite:///{folder / 'kb.sqlite'}")
    assert lock_path(engine) == str(folder / "kb.sqlite.sync-lock")
    assert lock_path(sa.create_engine("sqlite://")) is None


_HOLD_LOCK_FOREVER = textwrap.dedent(
    """
    import sys, time
    from kb.db.engine import make_engine
    from kb.sync.lock import sync_lock
    with sync_lock(make_engine(sys.argv[1])):
        print("locked", flush=True)
        time.sleep(600)
    """
)


def _eventually_lockable(engine: sa.Engine, seconds: float = 10) -> None:
    # PostgreSQL notices the dead client's closed socket within moments, not instantly.
    deadline = time.monotonic() + seconds
    while True:
        try:
            with sync_lock(engine):
                return
        except AlreadyRunning:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
