"""Migration 0003 fills event_country_pairs from the events a database already holds."""

from __future__ import annotations

import sqlalchemy as sa

from kb.db.engine import make_engine
from kb.db.migrate import downgrade, upgrade


def _country(connection: sa.Connection, iso3: str) -> int:
    return connection.scalar(sa.text("SELECT id FROM countries WHERE iso3 = :c"), {"c": iso3})


def test_upgrading_a_database_with_events_backfills_their_pairs(blank_db_url: str) -> None:
    engine = make_engine(blank_db_url)
    try:
        upgrade(engine, "0002")
        with engine.begin() as connection:
            pak, jpn, chn = (_country(connection, c) for c in ("PAK", "JPN", "CHN"))
            connection.execute(
                sa.text(
                    "INSERT INTO events (id, type, date, date_precision, topic, status, fusion_key)"
                    " VALUES (1, 'talks', '2019-06-18', 'day', 'defence', 'occurred', 'k1'),"
                    " (2, 'call', NULL, NULL, NULL, 'occurred', 'k2'),"
                    " (3, 'statement', '2020-01-01', 'year', 'trade', 'occurred', 'k3')"
                )
            )
            participants = [
                (1, pak, None),
                (1, jpn, None),
                (1, chn, None),
                (2, jpn, None),
                (2, pak, None),
                (2, pak, None),  # a second official of the same country: still one pair
                (3, chn, None),  # alone: no pair
            ]
            connection.execute(
                sa.text(
                    "INSERT INTO event_participants (event_id, country_id, official_id, side)"
                    " VALUES (:e, :c, :o, 'party')"
                ),
                [{"e": e, "c": c, "o": o} for e, c, o in participants],
            )
        upgrade(engine)
        with engine.connect() as connection:
            found = connection.execute(
                sa.text(
                    "SELECT event_id, country_a, country_b, topic, date FROM event_country_pairs "
                    "ORDER BY event_id, country_a, country_b"
                )
            ).all()
        ordered = sorted((pak, jpn, chn))
        three = [(ordered[0], ordered[1]), (ordered[0], ordered[2]), (ordered[1], ordered[2])]
        assert [(e, a, b, t, str(d)) for e, a, b, t, d in found] == [
            *((1, a, b, "defence", "2019-06-18") for a, b in three),
            (2, min(pak, jpn), max(pak, jpn), None, "None"),
        ]

        downgrade(engine, "0002")
        assert "event_country_pairs" not in sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()
