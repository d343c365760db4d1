"""Fusion lookups that do not grow with the database.

- event_mentions.sentence_key: a 64-bit hash of the mention's normalised sentence, indexed, so
  the store finds the events a sentence already reported (how undated reports fuse) directly;
- events (fusion_key, date) instead of (fusion_key): candidates are read by key *and* the dates
  that could fit, not every event ever stored under the key.

Existing mentions get their key computed in Python (the normalisation is Python's), in batches.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from kb.ingest.fusion import normalise_sentence, sentence_key

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000


def upgrade() -> None:
    op.add_column("event_mentions", sa.Column("sentence_key", sa.BigInteger(), nullable=True))
    keyed = _backfill(op.get_bind())
    op.create_index(op.f("ix_event_mentions_sentence_key"), "event_mentions", ["sentence_key"])
    op.drop_index(op.f("ix_events_fusion_key"), table_name="events")
    op.create_index(op.f("ix_events_fusion_key_date"), "events", ["fusion_key", "date"])
    if keyed and op.get_bind().dialect.name == "postgresql":
        # Fresh statistics for the new indexes. Not on an empty database: statistics saying
        # "empty" would make the store's first (generic) plans scan tables as they grow.
        op.execute("ANALYZE event_mentions")
        op.execute("ANALYZE events")


def _backfill(connection: sa.Connection) -> int:
    """Key every stored mention; how many there were."""
    select = sa.text(
        "SELECT id, sentence FROM event_mentions WHERE id > :after ORDER BY id LIMIT :batch"
    )
    update = sa.text("UPDATE event_mentions SET sentence_key = :key WHERE id = :id")
    after = keyed = 0
    while rows := connection.execute(select, {"after": after, "batch": BATCH}).all():
        connection.execute(
            update,
            [{"id": id_, "key": sentence_key(normalise_sentence(text))} for id_, text in rows],
        )
        after = rows[-1][0]
        keyed += len(rows)
    return keyed


def downgrade() -> None:
    op.drop_index(op.f("ix_events_fusion_key_date"), table_name="events")
    op.create_index(op.f("ix_events_fusion_key"), "events", ["fusion_key"])
    op.drop_index(op.f("ix_event_mentions_sentence_key"), table_name="event_mentions")
    # Plain ALTER (SQLite >= 3.35 has it): a batch rebuild of the table would trip over the
    # views that read it.
    op.execute("ALTER TABLE event_mentions DROP COLUMN sentence_key")
