"""Timelines of two or more countries go through event_country_pairs and give the same events."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
import sqlalchemy as sa

from kb.article import Article
from kb.db.engine import reading
from kb.extract import extraction as ex
from kb.ingest.store import Store
from kb.query.timeline import events, timeline

# (countries, topic, date, precision): one report each, ingested through the store.
EVENTS = [
    (["PAK", "CHN", "TUR"], "security", date(2021, 5, 3), "day"),
    (["PAK", "CHN"], "defence", date(2021, 6, 1), "day"),
    (["PAK", "TUR"], "defence", date(2019, 1, 1), "year"),
    (["CHN", "TUR"], "trade", date(2020, 2, 1), "month"),
    (["PAK", "CHN", "TUR", "IRN"], "energy", None, None),
    (["PAK", "CHN"], "trade", date(2018, 3, 9), "day"),
]


def _store(engine: sa.Engine) -> None:
    store = Store(engine)
    for n, (countries, topic, day, precision) in enumerate(EVENTS):
        sentence = f"Delegations of {' and '.join(countries)} met, report {n}."
        article = Article(
            title=f"Report {n}", text_en=sentence, published=date(2022, 1, 1 + n), source_ref=str(n)
        )
        event = ex.Event(
            type="meeting",
            cameo=None,
            countries=countries,
            evidence=ex.Evidence(sentence, "text_en", 0, len(sentence)),
            date=ex.PartialDate(day, precision, "explicit") if day and precision else None,
            topic=topic,
        )
        facts = ex.Extraction(
            title=article.title,
            published=article.published,
            language="en",
            countries=sorted(countries),
            events=[event],
        )
        store.store(article, facts)
    store.close()


@pytest.fixture
def connection(engine: sa.Engine) -> Iterator[sa.Connection]:
    _store(engine)
    with reading(engine).connect() as connection:
        yield connection


def topics(rows: list) -> list[str | None]:
    return [row.topic for row in rows]


def test_three_countries_give_the_events_all_three_took_part_in_in_any_order(
    connection: sa.Connection,
) -> None:
    for names in (["PAK", "CHN", "TUR"], ["TUR", "PAK", "CHN"], ["CHN", "TUR", "PAK"]):
        assert topics(timeline(connection, names)) == ["security", "energy"], names
    assert topics(timeline(connection, ["IRN", "TUR", "CHN", "PAK"])) == ["energy"]


def test_two_countries_with_a_topic_family_read_it_from_the_pair(
    connection: sa.Connection,
) -> None:
    assert topics(timeline(connection, ["CHN", "PAK"], topic="defence")) == [
        "security",
        "defence",
    ]
    assert topics(timeline(connection, ["PAK", "CHN"])) == [
        "trade",
        "security",
        "defence",
        "energy",
    ]
    assert topics(events(connection, countries=["TUR", "CHN"])) == ["trade", "security", "energy"]


def test_a_year_date_still_overlaps_a_since_bound_later_in_that_year(
    connection: sa.Connection,
) -> None:
    rows = timeline(connection, ["TUR", "PAK"], since="2019-06", until="2019-12")
    assert [(row.date_label, row.topic) for row in rows] == [("2019", "defence")]
    assert timeline(connection, ["TUR", "PAK"], since="2020", until="2020-12") == []
    assert topics(timeline(connection, ["PAK", "TUR"], since="2021")) == ["security"]


def test_two_country_timelines_use_the_pair_index_not_a_country_walk(
    engine: sa.Engine, connection: sa.Connection, backend: str
) -> None:
    statements: list[str] = []

    def capture(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", capture)
    try:
        timeline(connection, ["PAK", "CHN"], topic="defence")
    finally:
        sa.event.remove(engine, "before_cursor_execute", capture)
    (found,) = [s for s in statements if s.startswith("SELECT e.id")]
    assert "FROM event_country_pairs" in found and "event_participants" not in found
    if backend == "sqlite":
        params = (1, 2, "defence", "security", "occurred", "defence", "security")
        plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + found, params).all()
        assert "ix_event_country_pairs_timeline" in " ".join(row[3] for row in plan)
