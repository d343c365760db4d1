"""The store keeps event_country_pairs equal to what event_participants and events say."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import sqlalchemy as sa
from builders import agreement, article, corpus, event, extraction, rows

from kb.ingest.store import Store

# What the table must hold: derived from the participants and the events, the only truth.
DERIVED = """
SELECT DISTINCT a.event_id, a.country_id AS country_a, b.country_id AS country_b, e.topic,
  e.status, e.date, e.date_precision
FROM event_participants a
JOIN event_participants b ON b.event_id = a.event_id AND b.country_id > a.country_id
JOIN events e ON e.id = a.event_id
ORDER BY 1, 2, 3
"""
STORED = (
    "SELECT event_id, country_a, country_b, topic, status, date, date_precision"
    " FROM event_country_pairs ORDER BY 1, 2, 3"
)


def _copy(r: sa.Row) -> tuple[object, ...]:
    return (r.event_id, r.country_a, r.country_b, r.topic, r.status, str(r.date), r.date_precision)


def pairs(engine: sa.Engine) -> list[tuple[object, ...]]:
    return [_copy(r) for r in rows(engine, STORED)]


def derived(engine: sa.Engine) -> list[tuple[object, ...]]:
    return [_copy(r) for r in rows(engine, DERIVED)]


def iso_pairs(engine: sa.Engine) -> list[tuple[str, str, str | None, str]]:
    return [
        (r.a, r.b, r.topic, str(r.date))
        for r in rows(
            engine,
            "SELECT ca.iso3 AS a, cb.iso3 AS b, p.topic, p.date FROM event_country_pairs p "
            "JOIN countries ca ON ca.id = p.country_a JOIN countries cb ON cb.id = p.country_b "
            "ORDER BY p.event_id, ca.iso3, cb.iso3",
        )
    ]


def test_an_event_of_three_countries_is_stored_as_its_three_pairs(engine: sa.Engine) -> None:
    sentence = "Pakistan, China and Turkey held trilateral talks on Monday."
    story = article(sentence, published=date(2021, 5, 4))
    talks = event(story, sentence, "talks", ["PAK", "CHN", "TUR"], "2021-05-03")
    Store(engine).store(story, extraction(story, events=[replace(talks, topic="security")]))
    assert sorted(iso_pairs(engine)) == [
        ("CHN", "PAK", "security", "2021-05-03"),
        ("CHN", "TUR", "security", "2021-05-03"),
        ("PAK", "TUR", "security", "2021-05-03"),
    ]
    assert pairs(engine) == derived(engine)
    assert all(a < b for _, a, b, *_ in pairs(engine))


def test_reports_fused_into_known_events_add_no_pair_twice(engine: sa.Engine) -> None:
    store = Store(engine)
    stories = corpus(70)  # every meeting reported twice, officials filling participants in
    for story, facts in stories:
        store.store(story, facts)
    for story, facts in stories[:5]:  # unchanged articles again: nothing to write
        assert store.store(story, facts).status == "unchanged"
    assert len(pairs(engine)) == rows(engine, "SELECT count(*) AS n FROM events")[0].n
    assert pairs(engine) == derived(engine)


def test_a_fused_report_that_dates_and_files_an_event_updates_its_pairs(
    engine: sa.Engine,
) -> None:
    store = Store(engine)
    vague = "In 2019 the two countries signed a defence pact."
    story = article(vague, title="Recalled", published=date(2021, 3, 3))
    store.store(
        story,
        extraction(
            story,
            events=[event(story, vague, "agreement_signed", ["JPN", "PAK"], "2019", agreement=0)],
            agreements=[agreement(story, vague, "Defence pact", ["JPN", "PAK"], "2019")],
        ),
    )
    assert iso_pairs(engine) == [("JPN", "PAK", None, "2019-01-01")]

    precise = "Pakistan and Japan on Tuesday signed a defence pact in Rawalpindi."
    story = article(precise, title="Signed", published=date(2019, 6, 19))
    signing = event(story, precise, "agreement_signed", ["PAK", "JPN"], "2019-06-18", agreement=0)
    store.store(
        story,
        extraction(
            story,
            events=[replace(signing, topic="defence")],
            agreements=[agreement(story, precise, "Defence pact", ["PAK", "JPN"], "2019-06-18")],
        ),
    )
    assert rows(engine, "SELECT count(*) AS n FROM events")[0].n == 1
    assert iso_pairs(engine) == [("JPN", "PAK", "defence", "2019-06-18")]
    assert pairs(engine) == derived(engine)


def test_an_event_gaining_a_country_gains_only_the_new_pairs(engine: sa.Engine) -> None:
    store = Store(engine)
    first = "Pakistan and Japan signed a port pact on Tuesday."
    story = article(first, title="Port pact", published=date(2019, 6, 19))
    store.store(
        story,
        extraction(
            story,
            events=[
                event(story, first, "agreement_signed", ["PAK", "JPN"], "2019-06-18", agreement=0)
            ],
            agreements=[agreement(story, first, "Port pact", ["PAK", "JPN"], "2019-06-18")],
        ),
    )
    second = "Australia joined Pakistan and Japan in signing the port pact on Tuesday."
    story = article(second, title="Port pact, three", published=date(2019, 6, 20))
    store.store(
        story,
        extraction(
            story,
            events=[
                event(
                    story,
                    second,
                    "agreement_signed",
                    ["AUS", "PAK", "JPN"],
                    "2019-06-18",
                    agreement=0,
                )
            ],
            agreements=[agreement(story, second, "Port pact", ["PAK", "JPN"], "2019-06-18")],
        ),
    )
    assert rows(engine, "SELECT count(*) AS n FROM events")[0].n == 1  # fused by the pact
    assert [(a, b) for a, b, *_ in iso_pairs(engine)] == [
        ("AUS", "JPN"),
        ("AUS", "PAK"),
        ("JPN", "PAK"),
    ]
    assert pairs(engine) == derived(engine)


def test_replacing_an_article_removes_the_pairs_of_the_events_it_alone_reported(
    engine: sa.Engine,
) -> None:
    store = Store(engine)
    url = "https://news.example/2020/08/call"
    call = "Pakistan and Japan held a video call on Friday."
    old = article(call, published=date(2020, 8, 7), url=url, title="Video call")
    store.store(
        old, extraction(old, events=[event(old, call, "call", ["PAK", "JPN"], "2020-08-07")])
    )
    kept = "China and Turkey held talks on Friday."
    other = article(kept, published=date(2020, 8, 7), title="Talks")
    store.store(
        other, extraction(other, events=[event(other, kept, "talks", ["CHN", "TUR"], "2020-08-07")])
    )
    assert len(pairs(engine)) == 2

    visit = "Pakistan's foreign secretary visited Beijing on Friday."
    new = article(visit, published=date(2020, 8, 7), url=url, title="Visit, corrected")
    result = store.store(
        new, extraction(new, events=[event(new, visit, "visit", ["PAK", "CHN"], "2020-08-07")])
    )
    assert result.status == "updated"
    assert sorted((a, b) for a, b, *_ in iso_pairs(engine)) == [("CHN", "PAK"), ("CHN", "TUR")]
    assert pairs(engine) == derived(engine)


def test_a_planned_visit_that_then_happens_updates_the_status_its_pairs_copy(
    engine: sa.Engine,
) -> None:
    store = Store(engine)
    planned = "Kenya's president will visit Ethiopia on 4 March 2024."
    story = article(planned, title="Visit ahead", published=date(2024, 2, 20))
    store.store(
        story,
        extraction(
            story,
            events=[event(story, planned, "visit", ["KEN", "ETH"], "2024-03-04", status="planned")],
        ),
    )
    held = "Kenya's president visited Ethiopia on 4 March 2024."
    story = article(held, title="Visit held", published=date(2024, 3, 5))
    store.store(
        story, extraction(story, events=[event(story, held, "visit", ["KEN", "ETH"], "2024-03-04")])
    )
    assert rows(engine, "SELECT count(*) AS n FROM events")[0].n == 1
    assert [r.status for r in rows(engine, STORED)] == ["occurred"]
    assert pairs(engine) == derived(engine)
