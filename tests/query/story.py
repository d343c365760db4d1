"""A small knowledge base written for the query tests: the Pakistan–Japan defence story.

Rows go in through the models, as the store would write them; the countries come from the
migration. Articles and sentences are written for these tests.

    2015-04-20  visit              CHN PAK  economy   (another pair)
    2019        agreement_signed   JPN PAK  defence   the MoU, reported twice (Kono: Foreign Min.)
    2020-08     call               JPN PAK  defence   Bajwa and Kono (by then Defence Minister)
    2021-02-10  meeting            JPN PAK  trade
    2021-06-29  meeting            JPN PAK  security  in Islamabad
    2022-06     meeting            JPN PAK  defence
    2024        visit (planned)    JPN PAK  defence
    undated     meeting            JPN PAK  defence   reported 2023-03-01
    agreement without a signing event: a 2021 trade agreement, JPN PAK
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from kb.db.engine import make_engine, open_database
from kb.db.models import (
    Agreement,
    AgreementMention,
    AgreementParty,
    Article,
    Country,
    Event,
    EventCountryPair,
    EventMention,
    EventParticipant,
    Official,
    OfficialAlias,
    OfficialMention,
    OfficialRole,
)


@dataclass
class Story:
    """Ids of what was inserted, by a short name."""

    url: str
    articles: dict[str, int] = field(default_factory=dict)
    events: dict[str, int] = field(default_factory=dict)
    agreements: dict[str, int] = field(default_factory=dict)
    officials: dict[str, int] = field(default_factory=dict)


ARTICLES = {
    "mou": (
        date(2019, 6, 19),
        "Pakistan and Japan sign defence memorandum",
        "Pakistan and Japan signed a memorandum on defence cooperation and exchanges in Tokyo.",
    ),
    "call": (
        date(2020, 8, 7),
        "Army chief and Japanese minister talk by video link",
        "General Bajwa and Taro Kono spoke by video link in August. "
        "The two sides signed a defence memorandum in 2019.",
    ),
    "trade": (
        date(2021, 2, 11),
        "Trade officials meet",
        "Pakistani and Japanese trade officials met on 10 February. "
        "A trade facilitation agreement between the two was concluded in 2021.",
    ),
    "dialogue": (
        date(2021, 6, 30),
        "Security dialogue held in Islamabad",
        "Pakistan and Japan held their security dialogue in Islamabad on Tuesday.",
    ),
    "staff": (
        date(2022, 6, 25),
        "Staff talks resume",
        "Defence staff of Pakistan and Japan met in June to review exchanges.",
    ),
    "envoy": (
        date(2023, 3, 1),
        "Envoy calls on minister",
        "The Japanese envoy once called on Pakistan's defence minister, the ministry recalled.",
    ),
    "plan": (
        date(2023, 11, 2),
        "Visit planned",
        "A Japanese defence delegation plans to visit Pakistan in 2024.",
    ),
    "cpec": (
        date(2015, 4, 21),
        "Chinese president visits Islamabad",
        "The Chinese president arrived in Islamabad on Monday for a two-day visit.",
    ),
}


def story_database(backend: str, request: pytest.FixtureRequest, folder: Path) -> Iterator[Story]:
    """A migrated database of `backend` holding the story, dropped afterwards.

    For module-scoped fixtures: the query tests only read, so one database serves a module.
    """
    if backend == "sqlite":
        url = f"sqlite:///{folder / 'story.sqlite'}"
        open_database(url).dispose()
        yield build_story(url)
        return
    server = request.getfixturevalue("postgres_server")
    url = server.create_database()
    try:
        open_database(url).dispose()
        yield build_story(url)
    finally:
        server.drop_database(url)


def build_story(url: str) -> Story:
    """Insert the story into the (migrated, empty) database at `url`."""
    story = Story(url=url)
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            _insert(session, story)
            session.commit()
    finally:
        engine.dispose()
    return story


def _insert(session: Session, story: Story) -> None:
    country = {
        c.iso3: c
        for c in session.scalars(sa.select(Country).where(Country.iso3.in_(["PAK", "JPN", "CHN"])))
    }
    articles: dict[str, Article] = {}
    for key, (published, title, text) in ARTICLES.items():
        articles[key] = Article(
            content_hash=hashlib.sha256(text.encode()).hexdigest(),
            url=f"https://example.org/kb-tests/{key}",
            outlet="kb tests",
            title=title,
            published=published,
            language="en",
            text_en=text,
        )
    session.add_all(articles.values())

    bajwa = Official(
        name="Qamar Javed Bajwa",
        name_key="qamar javed bajwa",
        country_id=country["PAK"].id,
        country_iso3="PAK",
    )
    kono = Official(
        name="Taro Kono", name_key="taro kono", country_id=country["JPN"].id, country_iso3="JPN"
    )
    session.add_all([bajwa, kono])
    session.flush()
    session.add_all(
        [
            OfficialAlias(official_id=bajwa.id, alias="Gen Bajwa", alias_norm="gen bajwa"),
            OfficialAlias(official_id=kono.id, alias="Kono", alias_norm="kono"),
            OfficialRole(
                official_id=bajwa.id,
                title="Chief of Army Staff",
                title_norm="chief of army staff",
                organisation="Pakistan Army",
                country_id=country["PAK"].id,
                first_seen=date(2020, 8, 7),
                last_seen=date(2020, 8, 7),
            ),
            OfficialRole(
                official_id=kono.id,
                title="Foreign Minister",
                title_norm="foreign minister",
                country_id=country["JPN"].id,
                first_seen=date(2019, 6, 19),
                last_seen=date(2019, 6, 19),
            ),
            OfficialRole(
                official_id=kono.id,
                title="Defence Minister",
                title_norm="defence minister",
                country_id=country["JPN"].id,
                first_seen=date(2020, 8, 7),
                last_seen=date(2020, 8, 7),
            ),
            _official_mention(bajwa, articles["call"], "General Bajwa"),
            _official_mention(kono, articles["call"], "Taro Kono"),
        ]
    )

    mou = Agreement(
        name="Memorandum on Defence Cooperation and Exchanges",
        name_norm="memorandum on defence cooperation and exchanges",
        kind="mou",
        topic="defence",
        date=date(2019, 1, 1),
        date_precision="year",
        status="signed",
        fusion_key="mou|JPN,PAK|defence",
    )
    trade_deal = Agreement(
        name="Trade Facilitation Agreement",
        name_norm="trade facilitation agreement",
        kind="agreement",
        topic="trade",
        date=date(2021, 1, 1),
        date_precision="year",
        status="signed",
        fusion_key="agreement|JPN,PAK|trade",
    )
    session.add_all([mou, trade_deal])
    session.flush()
    for agreement, key in ((mou, "mou"), (trade_deal, "trade")):
        for iso3 in ("PAK", "JPN"):
            session.add(AgreementParty(agreement_id=agreement.id, country_id=country[iso3].id))
        session.add(_agreement_mention(agreement, articles[key]))
    story.agreements = {"mou": mou.id, "trade": trade_deal.id}

    def event(
        key: str,
        type_: str,
        when: tuple[date, str] | None,
        topic: str,
        reports: list[str],
        countries: tuple[str, ...] = ("PAK", "JPN"),
        officials: tuple[tuple[Official, str], ...] = (),
        **extra: object,
    ) -> None:
        row = Event(
            type=type_,
            date=when[0] if when else None,
            date_precision=when[1] if when else None,
            topic=topic,
            fusion_key=f"{type_}|{','.join(sorted(countries))}",
            **extra,
        )
        session.add(row)
        session.flush()
        for iso3 in countries:
            session.add(EventParticipant(event_id=row.id, country_id=country[iso3].id))
        ids = sorted(country[iso3].id for iso3 in countries)
        for n, country_a in enumerate(ids):
            for country_b in ids[n + 1 :]:
                session.add(
                    EventCountryPair(
                        event_id=row.id, country_a=country_a, country_b=country_b, topic=topic,
                        status=row.status or "occurred", date=row.date,
                        date_precision=row.date_precision,
                    )
                )  # fmt: skip
        for official, iso3 in officials:
            session.add(
                EventParticipant(
                    event_id=row.id, country_id=country[iso3].id, official_id=official.id
                )
            )
        for report in reports:
            text = articles[report].text_en or ""
            sentence = text.split(". ")[-1] if report == "call" and key == "mou" else text
            start = text.index(sentence)
            session.add(
                EventMention(
                    event_id=row.id,
                    article_id=articles[report].id,
                    sentence=sentence,
                    field="text_en",
                    start_char=start,
                    end_char=start + len(sentence),
                )
            )
        story.events[key] = row.id

    event("cpec", "visit", (date(2015, 4, 20), "day"), "economy", ["cpec"], ("CHN", "PAK"))
    event(
        "mou",
        "agreement_signed",
        (date(2019, 1, 1), "year"),
        "defence",
        ["mou", "call"],
        officials=((kono, "JPN"),),
        location="Tokyo",
        agreement_id=mou.id,
        summary="Pakistan and Japan sign an MoU on defence cooperation and exchanges",
    )
    event(
        "call",
        "call",
        (date(2020, 8, 1), "month"),
        "defence",
        ["call"],
        officials=((bajwa, "PAK"), (kono, "JPN")),
        summary="Bajwa and Kono discuss defence ties by video link",
    )
    event("trade", "meeting", (date(2021, 2, 10), "day"), "trade", ["trade"])
    event(
        "dialogue",
        "meeting",
        (date(2021, 6, 29), "day"),
        "security",
        ["dialogue"],
        location="Islamabad",
    )
    event("staff", "meeting", (date(2022, 6, 1), "month"), "defence", ["staff"])
    event("envoy", "meeting", None, "defence", ["envoy"])
    event("plan", "visit", (date(2024, 1, 1), "year"), "defence", ["plan"], status="planned")
    story.articles = {key: article.id for key, article in articles.items()}
    story.officials = {"bajwa": bajwa.id, "kono": kono.id}


def _official_mention(official: Official, article: Article, name: str) -> OfficialMention:
    text = article.text_en or ""
    start = text.index(name)
    sentence_end = text.index(".", start) + 1
    return OfficialMention(
        official_id=official.id,
        article_id=article.id,
        sentence=text[:sentence_end],
        field="text_en",
        start_char=0,
        end_char=sentence_end,
    )


def _agreement_mention(agreement: Agreement, article: Article) -> AgreementMention:
    text = article.text_en or ""
    return AgreementMention(
        agreement_id=agreement.id,
        article_id=article.id,
        sentence=text,
        field="text_en",
        start_char=0,
        end_char=len(text),
    )
