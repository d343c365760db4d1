"""The run history `kb runs` shows: newest first, with each failed run's errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, Engine, or_, select

from kb.db.engine import reading
from kb.db.models import IngestError, IngestRun, Source

# Enough to act on; the table keeps every error for those who want them all.
ERRORS_PER_RUN = 20


@dataclass(frozen=True)
class RunRecord:
    id: int
    command: str
    source: str | None
    status: str
    started_at: datetime | None
    finished_at: datetime | None
    seen: int
    new: int
    updated: int
    unchanged: int
    failed: int
    note: str | None
    errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def seconds(self) -> float | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "command": self.command,
            "source": self.source,
            "status": self.status,
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "seen": self.seen,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "note": self.note,
            "errors": [{"item": item, "reason": reason} for item, reason in self.errors],
        }


def recent_runs(engine: Engine, limit: int = 20, failed_only: bool = False) -> list[RunRecord]:
    """The last `limit` runs; `failed_only` keeps runs that failed, were cut short or lost items."""
    runs = IngestRun.__table__
    query = (
        select(runs, Source.name.label("source_name"))
        .outerjoin(Source, Source.id == runs.c.source_id)
        .order_by(runs.c.id.desc())
        .limit(limit)
    )
    if failed_only:
        query = query.where(or_(runs.c.failed > 0, runs.c.status.in_(("failed", "interrupted"))))
    with reading(engine).connect() as connection:
        rows = connection.execute(query).all()
        errors = _errors(connection, [row.id for row in rows if row.failed])
    return [
        RunRecord(
            id=row.id,
            command=row.command,
            source=row.source_name,
            status=row.status,
            started_at=row.started_at,
            finished_at=row.finished_at,
            seen=row.seen,
            new=row.new,
            updated=row.updated,
            unchanged=row.unchanged,
            failed=row.failed,
            note=row.note,
            errors=errors.get(row.id, []),
        )
        for row in rows
    ]


def _errors(connection: Connection, run_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    if not run_ids:
        return {}
    table = IngestError.__table__
    found: dict[int, list[tuple[str, str]]] = {}
    rows = connection.execute(
        select(table.c.run_id, table.c.item, table.c.reason)
        .where(table.c.run_id.in_(run_ids))
        .order_by(table.c.run_id, table.c.id)
    )
    for run_id, item, reason in rows:
        bucket = found.setdefault(run_id, [])
        if len(bucket) < ERRORS_PER_RUN:
            bucket.append((item, reason))
    return found
