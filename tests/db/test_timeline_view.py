"""The `timeline` view: one row per event, the same text on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa

from kb.db.engine import make_engine, session_scope
from kb.db.models import (
    Agreement,
    AgreementParty,
    Article,
    Country,
    Event,
    EventMention,
    EventParticipant,
    Official,
)

COLUMNS = (
    "event_id, date, date_precision, date_label, type, cameo_code, status, topic, location, "
    "summary, countries, officials, agreement, agreement_id, mentions, first_published, "
    "first_article_id, evidence"
)


def add_story(engine: sa.Engine) -> None:
    """Two articles about Pakistan and Japan, written for this test, and what they report."""
    with session_scope(engine) as s:
        country = {c.iso3: c.id for c in s.scalars(sa.select(Country))}
        late = Article(
            content_hash="b" * 64,
            title="Defence ties deepen",
            published=date(2021, 1, 22),
            text_en="Pakistan and Japan met in Islamabad on 20 January 2021.",
        )
        early = Article(
            content_hash="a" * 64,
            title="Talks in Islamabad",
            published=date(2021, 1, 20),
            text_en="Japanese and Pakistani officials met today. In 2019 they signed an MoU.",
        )
        s.add_all([late, early])
        # Byte order puts "Zafar Khan" before "de Souza"; a locale collation would not.
        kono = Official(name="de Souza", name_key="de souza", country_iso3="JPN")
        zafar = Official(name="Zafar Khan", name_key="zafar khan", country_iso3="PAK")
        s.add_all([kono, zafar])
        mou = Agreement(
            name="Pakistan-Japan Defence MoU",
            name_norm="pakistan-japan defence mou",
            kind="mou",
            topic="defence",
            date=date(2019, 1, 1),
            date_precision="year",
            fusion_key="mou|JPN,PAK|2019",
        )
        s.add(mou)
        s.flush()
        s.add_all(
            [
                AgreementParty(agreement_id=mou.id, country_id=country["PAK"]),
                AgreementParty(agreement_id=mou.id, country_id=country["JPN"]),
            ]
        )
        meeting = Event(
            type="meeting",
            cameo_code="040",
            date=date(2021, 1, 20),
            date_precision="day",
            date_source="explicit",
            topic="defence",
            location="Islamabad",
            fusion_key="meet|JPN,PAK",
        )
        signing = Event(
            type="agreement_signed",
            cameo_code="057",
            date=date(2019, 1, 1),
            date_precision="year",
            topic="defence",
            fusion_key="sign|JPN,PAK",
            agreement_id=mou.id,
        )
        call = Event(
            type="call",
            date=date(2020, 8, 1),
            date_precision="month",
            topic="diplomacy",
            fusion_key="call|JPN,PAK",
        )
        undated = Event(type="statement", status="planned", fusion_key="stmt|USA")
        s.add_all([meeting, signing, call, undated])
        s.flush()
        s.add_all(
            [
                EventParticipant(
                    event_id=meeting.id, country_id=country["PAK"], official_id=zafar.id
                ),
                EventParticipant(
                    event_id=meeting.id, country_id=country["JPN"], official_id=kono.id
                ),
                EventParticipant(event_id=meeting.id, country_id=country["JPN"], side="target"),
                EventParticipant(event_id=signing.id, country_id=country["PAK"]),
                EventParticipant(event_id=signing.id, country_id=country["JPN"]),
                EventParticipant(event_id=call.id, country_id=country["JPN"], official_id=kono.id),
                EventParticipant(event_id=call.id, country_id=country["PAK"]),
                EventParticipant(event_id=undated.id, country_id=country["USA"]),
            ]
        )

        def mention(event: Event, article: Article, start: int) -> EventMention:
            text = article.text_en or ""
            end = text.find(".", start) + 1
            return EventMention(
                event_id=event.id,
                article_id=article.id,
                sentence=text[start:end],
                field="text_en",
                start_char=start,
                end_char=end,
            )

        s.add_all(
            [
                mention(meeting, late, 0),
                mention(meeting, early, 0),
                mention(signing, early, (early.text_en or "").index("In 2019")),
                mention(signing, late, 0),
            ]
        )


def timeline_rows(engine: sa.Engine) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        result = connection.execute(sa.text(f"SELECT {COLUMNS} FROM timeline ORDER BY event_id"))
        return [dict(row._mapping) for row in result]


def test_timeline_view_has_one_row_per_event_with_its_facts(engine: sa.Engine) -> None:
    add_story(engine)
    rows = {row["type"]: row for row in timeline_rows(engine)}

    assert set(rows) == {"meeting", "agreement_signed", "call", "statement"}
    meeting = rows["meeting"]
    assert (meeting["date"], meeting["date_label"]) == ("2021-01-20", "2021-01-20")
    assert meeting["countries"] == "JPN,PAK"
    assert meeting["officials"] == "Zafar Khan; de Souza"
    assert meeting["mentions"] == 2
    assert meeting["first_published"] == "2021-01-20"
    assert meeting["evidence"] == "Japanese and Pakistani officials met today."

    signing = rows["agreement_signed"]
    assert (signing["date"], signing["date_label"]) == ("2019-01-01", "2019")
    assert signing["agreement"] == "Pakistan-Japan Defence MoU"
    assert signing["evidence"] == "In 2019 they signed an MoU."
    assert signing["officials"] is None

    call = rows["call"]
    assert (call["date_label"], call["mentions"], call["evidence"]) == ("2020-08", 0, None)

    undated = rows["statement"]
    assert (undated["date"], undated["date_label"], undated["status"]) == (None, None, "planned")
    assert undated["countries"] == "USA"


@pytest.mark.postgresql
def test_timeline_view_is_identical_on_sqlite_and_postgresql(
    tmp_path: Any, request: pytest.FixtureRequest
) -> None:
    from kb.db.engine import open_database

    server = request.getfixturevalue("postgres_server")
    results = []
    for url in (f"sqlite:///{tmp_path / 'kb.sqlite'}", server.create_database()):
        open_database(url).dispose()
        engine = make_engine(url)
        try:
            add_story(engine)
            results.append(timeline_rows(engine))
        finally:
            engine.dispose()
    sqlite_rows, postgres_rows = results
    assert len(sqlite_rows) == 4
    assert sqlite_rows == postgres_rows
