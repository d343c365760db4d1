"""event_country_pairs: the events of every pair of countries, for two-country timelines.

Creates the table and fills it from the participants of the events already stored; the
secondary index is built after the fill (one sort instead of a million inserts into it).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# One row per unordered pair of distinct countries of an event, with the event's topic and date.
# DISTINCT: a country with several officials has several participant rows.
BACKFILL = """
INSERT INTO event_country_pairs (event_id, country_a, country_b, topic, date)
SELECT DISTINCT a.event_id, a.country_id, b.country_id, e.topic, e.date
FROM event_participants a
JOIN event_participants b ON b.event_id = a.event_id AND b.country_id > a.country_id
JOIN events e ON e.id = a.event_id
"""


def upgrade() -> None:
    op.create_table(
        "event_country_pairs",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("country_a", sa.Integer(), nullable=False),
        sa.Column("country_b", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=32), nullable=True),
        sa.Column("date", sa.Date(), nullable=True),
        sa.CheckConstraint("country_a < country_b", name=op.f("ck_event_country_pairs_ordered")),
        sa.ForeignKeyConstraint(
            ["country_a"],
            ["countries.id"],
            name=op.f("fk_event_country_pairs_country_a_countries"),
        ),
        sa.ForeignKeyConstraint(
            ["country_b"],
            ["countries.id"],
            name=op.f("fk_event_country_pairs_country_b_countries"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_country_pairs_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "event_id", "country_a", "country_b", name=op.f("pk_event_country_pairs")
        ),
        sqlite_with_rowid=False,
    )
    op.execute(BACKFILL)
    op.create_index(
        op.f("ix_event_country_pairs_country_a_country_b_topic_date_event_id"),
        "event_country_pairs",
        ["country_a", "country_b", "topic", "date", "event_id"],
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ANALYZE event_country_pairs")  # planner statistics before the first query


def downgrade() -> None:
    op.drop_index(
        op.f("ix_event_country_pairs_country_a_country_b_topic_date_event_id"),
        table_name="event_country_pairs",
    )
    op.drop_table("event_country_pairs")
