"""Hand-built articles and extractions for the store tests, independent of the extractor.

Every piece of evidence is a sentence actually present in the article, with real offsets, the
way the extractor reports it.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from kb.article import Article
from kb.extract import extraction as ex

COUNTED_TABLES = (
    "articles",
    "events",
    "event_participants",
    "event_mentions",
    "agreements",
    "agreement_parties",
    "agreement_mentions",
    "officials",
    "official_aliases",
    "official_roles",
    "official_mentions",
)


def article(
    *sentences: str,
    title: str = "A report",
    published: date | None = None,
    url: str | None = None,
    ref: str | None = None,
    text_ur: str = "",
) -> Article:
    return Article(
        title=title,
        text_en=" ".join(sentences),
        text_ur=text_ur,
        published=published,
        url=url,
        source_ref=ref or url or title,
    )


def when(label: str, source: str = "explicit") -> ex.PartialDate:
    """ "2019" → year, "2019-06" → month, "2019-06-18" → day."""
    parts = [int(p) for p in label.split("-")]
    precision = ("year", "month", "day")[len(parts) - 1]
    return ex.PartialDate(date(*(parts + [1] * (3 - len(parts)))), precision, source)  # type: ignore[arg-type]


def evidence(story: Article, sentence: str, field: str = "text_en") -> ex.Evidence:
    text = getattr(story, field)
    start = text.index(sentence)
    return ex.Evidence(sentence, field, start, start + len(sentence))


def event(
    story: Article,
    sentence: str,
    type: str,
    countries: list[str],
    on: str | None = None,
    officials: list[str] | None = None,
    agreement: int | None = None,
    status: str = "occurred",
    field: str = "text_en",
) -> ex.Event:
    return ex.Event(
        type=type,
        cameo=None,
        countries=countries,
        evidence=evidence(story, sentence, field),
        officials=officials or [],
        date=when(on) if on else None,
        status=status,
        agreement=agreement,
    )


def agreement(
    story: Article, sentence: str, name: str, parties: list[str], on: str | None = None
) -> ex.Agreement:
    return ex.Agreement(
        name=name,
        kind="mou",
        parties=parties,
        date=when(on) if on else None,
        topic="defence",
        evidence=evidence(story, sentence),
    )


def official(
    story: Article,
    sentence: str,
    name: str,
    country: str | None,
    title: str | None = None,
    aliases: list[str] | None = None,
) -> ex.Official:
    return ex.Official(
        name=name,
        country=country,
        title=title,
        aliases=aliases or [],
        evidence=evidence(story, sentence),
    )


def extraction(
    story: Article,
    events: list[ex.Event] | None = None,
    agreements: list[ex.Agreement] | None = None,
    officials: list[ex.Official] | None = None,
) -> ex.Extraction:
    return ex.Extraction(
        title=story.title,
        published=story.published,
        language="en",
        countries=sorted({c for e in events or [] for c in e.countries}),
        officials=officials or [],
        events=events or [],
        agreements=agreements or [],
    )


def counts(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table: connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in COUNTED_TABLES
        }


def rows(engine: sa.Engine, sql: str, **params: object) -> list[sa.Row]:
    with engine.connect() as connection:
        return list(connection.execute(sa.text(sql), params))


PAIRS = (("PAK", "JPN"), ("PAK", "CHN"), ("JPN", "AUS"), ("TUR", "PAK"), ("USA", "IND"))


def corpus(size: int) -> list[tuple[Article, ex.Extraction]]:
    """`size` small reports: pair i % 5 meets on day i % 6 of March 2022, so every meeting is
    reported twice once size reaches 60; officials recur (seven people)."""
    stories = []
    for number in range(size):
        a, b = PAIRS[number % len(PAIRS)]
        day = 1 + number % 6
        sentence = f"Delegations of {a} and {b} met on day {day}, report {number}."
        person = f"General Test Person{number % 7}"
        person_sentence = f"{person} led the {a} side."
        story = article(
            sentence, person_sentence, title=f"Report {number}", published=date(2022, 3, 10)
        )
        facts = extraction(
            story,
            events=[event(story, sentence, "meeting", [a, b], f"2022-03-{day:02d}")],
            officials=[official(story, person_sentence, person, a, "Delegation head")],
        )
        stories.append((story, facts))
    return stories


class ScriptedExtractor:
    """Returns the extraction written for each article (by content hash), counting calls."""

    def __init__(self, pairs: list[tuple[Article, ex.Extraction]]) -> None:
        self.by_hash = {story.content_hash: facts for story, facts in pairs}
        self.calls = 0

    def __call__(self, story: Article) -> ex.Extraction:
        self.calls += 1
        return self.by_hash[story.content_hash]
