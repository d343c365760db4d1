"""`timeline()` and `events()`: who, what and when, in real-date order, on both databases."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from story import Story

from kb.errors import UsageError
from kb.query import events, timeline


def ids(rows: list) -> list[int]:
    return [row.id for row in rows]


def test_two_countries_with_a_topic_give_the_defence_story_in_date_order(
    story: Story, connection: sa.Connection
) -> None:
    rows = timeline(connection, ["Pakistan", "Japan"], topic="defence")
    e = story.events
    assert ids(rows) == [e["mou"], e["call"], e["dialogue"], e["staff"], e["envoy"]]
    assert all({c.iso3 for c in row.countries} == {"PAK", "JPN"} for row in rows)


def test_defence_also_brings_security_events(story: Story, connection: sa.Connection) -> None:
    rows = timeline(connection, ["PAK", "JPN"], topic="defense")
    assert {row.topic for row in rows} == {"defence", "security"}
    assert story.events["trade"] not in ids(rows)


def test_dates_print_at_their_precision_and_undated_rows_come_last(
    story: Story, connection: sa.Connection
) -> None:
    rows = timeline(connection, ["Pakistan", "Japan"], topic="defence")
    assert [row.when() for row in rows] == [
        "2019",
        "2020-08",
        "2021-06-29",
        "2022-06",
        "undated (reported 2023-03-01)",
    ]
    assert rows[-1].date is None and rows[-1].reported.isoformat() == "2023-03-01"


def test_one_country_gives_everything_it_did_with_anyone(
    story: Story, connection: sa.Connection
) -> None:
    rows = timeline(connection, ["pakistan"])
    assert story.events["cpec"] in ids(rows)
    assert {c.iso3 for c in rows[0].countries} == {"CHN", "PAK"}


def test_a_signed_agreement_shows_once_on_its_signing_event(
    story: Story, connection: sa.Connection
) -> None:
    rows = timeline(connection, ["Pakistan", "Japan"])
    mou_rows = [r for r in rows if r.agreement and r.agreement.id == story.agreements["mou"]]
    assert [(r.kind, r.type) for r in mou_rows] == [("event", "agreement_signed")]
    trade_rows = [r for r in rows if r.kind == "agreement"]
    assert [r.id for r in trade_rows] == [story.agreements["trade"]]
    assert trade_rows[0].when() == "2021"


def test_only_events_that_occurred_unless_asked(story: Story, connection: sa.Connection) -> None:
    assert story.events["plan"] not in ids(timeline(connection, ["PAK", "JPN"]))
    assert story.events["plan"] in ids(timeline(connection, ["PAK", "JPN"], statuses=None))
    planned = timeline(connection, ["PAK", "JPN"], statuses=["planned"])
    assert ids(planned) == [story.events["plan"]]


def test_officials_carry_the_post_they_held_at_the_time(
    story: Story, connection: sa.Connection
) -> None:
    rows = {r.event_id: r for r in timeline(connection, ["PAK", "JPN"])}
    in_2019 = [o.label() for o in rows[story.events["mou"]].officials]
    in_2020 = [o.label() for o in rows[story.events["call"]].officials]
    assert in_2019 == ["Taro Kono (Foreign Minister, JPN)"]
    assert in_2020 == [
        "Qamar Javed Bajwa (Chief of Army Staff, PAK)",
        "Taro Kono (Defence Minister, JPN)",
    ]


def test_mentions_count_the_articles_and_evidence_starts_with_the_first_report(
    story: Story, connection: sa.Connection
) -> None:
    mou = timeline(connection, ["PAK", "JPN"], type="agreement_signed")[0]
    assert mou.mentions == 2
    assert [e.article.id for e in mou.evidence] == [story.articles["mou"], story.articles["call"]]
    assert mou.evidence[0].sentence.startswith("Pakistan and Japan signed a memorandum")


def test_official_filter_keeps_their_events(story: Story, connection: sa.Connection) -> None:
    assert ids(timeline(connection, ["PAK"], official="bajwa")) == [story.events["call"]]
    assert ids(timeline(connection, ["PAK"], official="Kono")) == [
        story.events["mou"],
        story.events["call"],
    ]
    with pytest.raises(UsageError, match="no official called 'Nobody'"):
        timeline(connection, ["PAK"], official="Nobody")


def test_a_year_date_overlaps_a_since_bound_inside_that_year(
    story: Story, connection: sa.Connection
) -> None:
    rows = timeline(connection, ["PAK", "JPN"], topic="defence", since="2019-06", until="2020")
    assert ids(rows) == [story.events["mou"], story.events["call"]]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"since": "2022", "until": "2020"}, "empty date range"),
        ({"since": "20x"}, "bad date '20x'"),
        ({"since": "2021-13"}, "bad date"),
        ({"topic": "gardening"}, "unknown topic 'gardening'"),
        ({"type": "picnic"}, "unknown event type 'picnic'"),
        ({"statuses": ["maybe"]}, "unknown status 'maybe'"),
    ],
)
def test_bad_filters_are_refused_with_a_clear_message(
    connection: sa.Connection, options: dict, message: str
) -> None:
    with pytest.raises(UsageError, match=message):
        timeline(connection, ["PAK", "JPN"], **options)


def test_an_empty_result_is_an_empty_list(connection: sa.Connection) -> None:
    assert timeline(connection, ["PAK", "JPN"], since="2030") == []


def test_events_without_countries_list_every_stored_event(
    story: Story, connection: sa.Connection
) -> None:
    rows = events(connection, statuses=None)
    assert sorted(ids(rows)) == sorted(story.events.values())
    assert ids(events(connection, type="visit")) == [story.events["cpec"]]
    assert ids(events(connection, countries=["china"])) == [story.events["cpec"]]


def test_json_rows_have_the_documented_keys(connection: sa.Connection) -> None:
    record = timeline(connection, ["PAK", "JPN"], topic="defence")[1].to_json(evidence=True)
    for key in (
        "date",
        "date_precision",
        "type",
        "status",
        "topic",
        "countries",
        "officials",
        "location",
        "agreement",
        "summary",
        "mentions",
        "evidence",
        "articles",
        "sources",
    ):
        assert key in record
    assert record["date"] == "2020-08" and record["countries"] == ["JPN", "PAK"]
    assert "kono" in json.dumps(record["officials"]).lower()


def test_the_timeline_view_gives_the_same_rows(story: Story, connection: sa.Connection) -> None:
    rows = timeline(connection, ["Pakistan", "Japan"], topic="defence")
    view = connection.execute(
        sa.text(
            "SELECT event_id, date_label, type, countries, mentions FROM timeline "
            "WHERE countries LIKE '%JPN%' AND countries LIKE '%PAK%' "
            "AND topic IN ('defence', 'security') AND status = 'occurred' "
            "ORDER BY date IS NULL, date, event_id"
        )
    ).all()
    assert [tuple(v) for v in view] == [
        (r.id, r.date_label, r.type, ",".join(c.iso3 for c in r.countries), r.mentions)
        for r in rows
    ]
