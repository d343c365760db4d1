"""What each source has delivered: its `source_items` rows, and its saved HTTP validators/cursor.

An item is remembered only after the pipeline has committed its article (or found it already
stored), one small transaction per item, so a sync killed at any point re-offers exactly the items
it had not finished; the pipeline's content-hash check makes offering one twice harmless.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select, update

from kb.db.engine import reading, session_scope
from kb.db.models import Source, SourceItem, utcnow

ITEMS = SourceItem.__table__
SOURCES = Source.__table__


@dataclass(frozen=True)
class SourceState:
    """A source's memory: item key → content hash, plus what to send on the next fetch."""

    seen: dict[str, str | None]
    etag: str | None
    last_modified: str | None
    cursor: str | None


def load_state(engine: Engine, source_id: int) -> SourceState:
    with reading(engine).connect() as connection:
        row = connection.execute(
            select(SOURCES.c.etag, SOURCES.c.last_modified, SOURCES.c.cursor).where(
                SOURCES.c.id == source_id
            )
        ).one()
        seen = dict(
            connection.execute(
                select(ITEMS.c.item_key, ITEMS.c.content_hash).where(ITEMS.c.source_id == source_id)
            ).all()
        )
    return SourceState(seen, row.etag, row.last_modified, row.cursor)


def remember_item(
    engine: Engine, source_id: int, key: str, content_hash: str, article_id: int | None
) -> None:
    """Record that `key` was delivered with `content_hash` (insert or refresh its row)."""
    now = utcnow()
    with session_scope(engine) as session:
        existing = session.scalar(
            select(SourceItem).where(SourceItem.source_id == source_id, SourceItem.item_key == key)
        )
        if existing is None:
            session.add(
                SourceItem(
                    source_id=source_id,
                    item_key=key,
                    content_hash=content_hash,
                    article_id=article_id,
                    first_seen=now,
                    last_seen=now,
                )
            )
            return
        existing.content_hash = content_hash
        existing.last_seen = now
        if article_id is not None:
            existing.article_id = article_id


def save_validators(
    engine: Engine,
    source_id: int,
    *,
    etag: str | None,
    last_modified: str | None,
    cursor: str | None,
) -> None:
    """Remember what to send next time; called only after a sync with nothing failed."""
    with engine.begin() as connection:
        connection.execute(
            update(SOURCES)
            .where(SOURCES.c.id == source_id)
            .values(etag=etag, last_modified=last_modified, cursor=cursor)
        )


def mark_synced(engine: Engine, source_id: int) -> None:
    with engine.begin() as connection:
        connection.execute(
            update(SOURCES).where(SOURCES.c.id == source_id).values(last_synced_at=utcnow())
        )
