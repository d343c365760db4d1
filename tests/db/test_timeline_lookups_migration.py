"""Migration 0005 copies each event's status and date precision onto its country pairs."""

from __future__ import annotations

import sqlalchemy as sa

from kb.db.engine import make_engine
from kb.db.migrate import upgrade


def test_upgrading_copies_status_and_precision_onto_the_stored_pairs(blank_db_url: str) -> None:
    engine = make_engine(blank_db_url)
    try:
        upgrade(engine, "0004")
        with engine.begin() as connection:
            ken, eth = (
                connection.scalar(sa.text("SELECT id FROM countries WHERE iso3 = :c"), {"c": c})
                for c in ("KEN", "ETH")
            )
            connection.execute(
                sa.text(
                    "INSERT INTO events (id, type, date, date_precision, status, fusion_key) VALUES"
                    " (1, 'visit', '2024-03-01', 'month', 'planned', 'k1'),"
                    " (2, 'call', NULL, NULL, 'occurred', 'k2')"
                )
            )
            connection.execute(
                sa.text(
                    "INSERT INTO event_country_pairs (event_id, country_a, country_b, topic, date)"
                    " VALUES (1, :a, :b, NULL, '2024-03-01'), (2, :a, :b, NULL, NULL)"
                ),
                {"a": min(ken, eth), "b": max(ken, eth)},
            )
        upgrade(engine)
        with engine.connect() as connection:
            found = connection.execute(
                sa.text(
                    "SELECT event_id, status, date_precision FROM event_country_pairs"
                    " ORDER BY event_id"
                )
            ).all()
        assert [tuple(r) for r in found] == [(1, "planned", "month"), (2, "occurred", None)]
    finally:
        engine.dispose()
