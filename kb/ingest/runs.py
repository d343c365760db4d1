"""Run bookkeeping: an ingest_runs row per `kb ingest`/`kb sync`, an ingest_errors row per failure.

A run is committed as 'running' when it starts, so a process killed half-way leaves a trace; the
next run marks such rows 'interrupted' (their process is gone from this host, or they are older
than STALE_AFTER), so `kb runs` never shows a ghost that is still "running".
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

from sqlalchemy import Engine, insert, select, update

from kb.db.models import IngestError, IngestRun, utcnow

STALE_AFTER = timedelta(hours=12)

RUNS = IngestRun.__table__
ERRORS = IngestError.__table__


def start_run(engine: Engine, command: str = "ingest", source_id: int | None = None) -> int:
    """Mark dead runs interrupted, then record this one as running; returns its id."""
    mark_interrupted(engine)
    with engine.begin() as connection:
        return connection.execute(
            insert(RUNS)
            .values(
                command=command,
                source_id=source_id,
                status="running",
                started_at=utcnow(),
                pid=os.getpid(),
                hostname=socket.gethostname(),
            )
            .returning(RUNS.c.id)
        ).scalar_one()


def finish_run(
    engine: Engine,
    run_id: int,
    *,
    status: str,
    seen: int,
    new: int,
    updated: int,
    unchanged: int,
    failed: int,
    note: str | None = None,
) -> None:
    with engine.begin() as connection:
        connection.execute(
            update(RUNS)
            .where(RUNS.c.id == run_id)
            .values(
                status=status,
                finished_at=utcnow(),
                seen=seen,
                new=new,
                updated=updated,
                unchanged=unchanged,
                failed=failed,
                note=note,
            )
        )


def record_error(engine: Engine, run_id: int, item: str, reason: str) -> None:
    """One failed item, committed on its own so it survives whatever happens next."""
    with engine.begin() as connection:
        connection.execute(insert(ERRORS).values(run_id=run_id, item=item, reason=reason))


def mark_interrupted(engine: Engine, now: datetime | None = None) -> list[int]:
    """Runs left 'running' by a process that no longer exists: mark them 'interrupted'."""
    now = now or utcnow()
    host = socket.gethostname()
    with engine.begin() as connection:
        rows = connection.execute(
            select(RUNS.c.id, RUNS.c.pid, RUNS.c.hostname, RUNS.c.started_at).where(
                RUNS.c.status == "running"
            )
        ).all()
        dead = [
            row.id
            for row in rows
            if (row.started_at is not None and now - row.started_at > STALE_AFTER)
            or (row.hostname == host and row.pid is not None and not _alive(row.pid))
        ]
        if dead:
            connection.execute(
                update(RUNS)
                .where(RUNS.c.id.in_(dead), RUNS.c.status == "running")
                .values(status="interrupted", finished_at=now, note="process ended mid-run")
            )
    return dead


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
