"""Timeline pages and agreements read from indexes alone.

- event_country_pairs gains the event's `status` and `date_precision`, and its index becomes
  (country_a, country_b, topic, status, date, date_precision, event_id): a page of a
  two-country timeline is ranked and counted without reading the events;
- agreement_parties is indexed by (country_id, agreement_id) instead of (country_id).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_PAIRS_INDEX = "ix_event_country_pairs_country_a_country_b_topic_date_event_id"
PAIRS_INDEX = "ix_event_country_pairs_timeline"
PAIRS_COLUMNS = ["country_a", "country_b", "topic", "status", "date", "date_precision", "event_id"]

BACKFILL = """
UPDATE event_country_pairs SET
  status = (SELECT e.status FROM events e WHERE e.id = event_country_pairs.event_id),
  date_precision = (SELECT e.date_precision FROM events e WHERE e.id = event_country_pairs.event_id)
"""


def upgrade() -> None:
    op.drop_index(op.f(OLD_PAIRS_INDEX), table_name="event_country_pairs")
    op.add_column(
        "event_country_pairs",
        sa.Column("status", sa.String(length=16), server_default="occurred", nullable=False),
    )
    op.add_column(
        "event_country_pairs", sa.Column("date_precision", sa.String(length=8), nullable=True)
    )
    op.execute(BACKFILL)
    op.create_index(PAIRS_INDEX, "event_country_pairs", PAIRS_COLUMNS)
    op.drop_index(op.f("ix_agreement_parties_country_id"), table_name="agreement_parties")
    op.create_index(
        op.f("ix_agreement_parties_country_id_agreement_id"),
        "agreement_parties",
        ["country_id", "agreement_id"],
    )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql" and bind.scalar(
        sa.text("SELECT EXISTS (SELECT 1 FROM event_country_pairs)")
    ):
        op.execute("ANALYZE event_country_pairs")
        op.execute("ANALYZE agreement_parties")


def downgrade() -> None:
    op.drop_index(
        op.f("ix_agreement_parties_country_id_agreement_id"), table_name="agreement_parties"
    )
    op.create_index(op.f("ix_agreement_parties_country_id"), "agreement_parties", ["country_id"])
    op.drop_index(PAIRS_INDEX, table_name="event_country_pairs")
    # Plain ALTER (SQLite >= 3.35): a batch rebuild would trip over the views.
    op.execute("ALTER TABLE event_country_pairs DROP COLUMN date_precision")
    op.execute("ALTER TABLE event_country_pairs DROP COLUMN status")
    op.create_index(
        op.f(OLD_PAIRS_INDEX),
        "event_country_pairs",
        ["country_a", "country_b", "topic", "date", "event_id"],
    )
