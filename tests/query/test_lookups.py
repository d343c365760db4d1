"""`officials()`, `agreements()` and the `show_*()` lookups."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from story import Story

from kb.errors import UsageError
from kb.query import (
    agreements,
    officials,
    show_agreement,
    show_article,
    show_event,
    show_official,
)


def test_officials_are_listed_with_their_posts_over_time(
    story: Story, connection: sa.Connection
) -> None:
    rows = officials(connection)
    assert [o.name for o in rows] == ["Qamar Javed Bajwa", "Taro Kono"]
    kono = rows[1]
    assert [r.title for r in kono.roles] == ["Foreign Minister", "Defence Minister"]
    assert kono.current_title == "Defence Minister" and kono.events == 2
    assert kono.aliases == ["Kono"]


def test_officials_by_name_part_and_by_country(connection: sa.Connection) -> None:
    assert [o.name for o in officials(connection, "bajwa")] == ["Qamar Javed Bajwa"]
    assert [o.name for o in officials(connection, country="Japanese")] == ["Taro Kono"]
    assert officials(connection, "nobody") == []


def test_agreements_between_countries_oldest_first(story: Story, connection: sa.Connection) -> None:
    rows = agreements(connection, ["Pakistan", "Japan"])
    assert [a.id for a in rows] == [story.agreements["mou"], story.agreements["trade"]]
    assert rows[0].date_label == "2019" and rows[0].event_ids == [story.events["mou"]]
    assert [c.iso3 for c in rows[0].parties] == ["JPN", "PAK"]
    assert [a.kind for a in agreements(connection, ["PAK"], kind="mou")] == ["mou"]
    assert agreements(connection, ["China"]) == []
    with pytest.raises(UsageError, match="unknown agreement kind"):
        agreements(connection, kind="handshake")


def test_show_event_has_participants_and_every_report(
    story: Story, connection: sa.Connection
) -> None:
    detail = show_event(connection, story.events["mou"])
    assert detail.row.type == "agreement_signed" and detail.row.mentions == 2
    assert {p["country"] for p in detail.participants} == {"PAK", "JPN"}
    assert len(detail.to_json()["sources"]) == 2
    with pytest.raises(UsageError, match="no event with id 999999"):
        show_event(connection, 999999)


def test_show_agreement_has_its_signing_event_and_evidence(
    story: Story, connection: sa.Connection
) -> None:
    detail = show_agreement(connection, story.agreements["mou"])
    assert [e.id for e in detail.events] == [story.events["mou"]]
    assert detail.evidence[0].sentence.startswith("Pakistan and Japan signed")


def test_show_official_by_id_or_unique_name(story: Story, connection: sa.Connection) -> None:
    by_id = show_official(connection, story.officials["kono"])
    by_name = show_official(connection, "Taro")
    assert by_id.official.id == by_name.official.id == story.officials["kono"]
    assert [e.id for e in by_id.events] == [story.events["mou"], story.events["call"]]
    assert by_id.evidence and "Taro Kono" in by_id.evidence[0].sentence


def test_show_article_lists_what_was_found_in_it(story: Story, connection: sa.Connection) -> None:
    detail = show_article(connection, story.articles["call"])
    assert sorted(e.id for e in detail.events) == sorted(
        [story.events["mou"], story.events["call"]]
    )
    assert [o.name for o in detail.officials] == ["Qamar Javed Bajwa", "Taro Kono"]
    assert detail.to_json()["published"] == "2020-08-07"
