"""Pages of a timeline: `limit`/`offset` cut the final order, and a page knows the total."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from story import Story

from kb.errors import UsageError
from kb.query import events, timeline
from kb.query.filters import EventFilter
from kb.query.timeline import events_page, timeline_page


def records(rows: list) -> list[dict]:
    return [row.to_json(evidence=True) for row in rows]


def test_pages_put_together_are_the_whole_timeline_with_details_on_every_row(
    connection: sa.Connection,
) -> None:
    whole = timeline(connection, ["Pakistan", "Japan"])  # dated, undated and an agreement row
    assert any(row.date is None for row in whole) and any(r.kind == "agreement" for r in whole)
    for size in range(1, len(whole) + 2):
        pages = [
            timeline(connection, ["Pakistan", "Japan"], limit=size, offset=start)
            for start in range(0, len(whole), size)
        ]
        assert records([row for page in pages for row in page]) == records(whole), size


def test_a_page_counts_every_row_of_the_timeline(connection: sa.Connection) -> None:
    whole = timeline(connection, ["PAK", "JPN"])
    page = timeline_page(connection, EventFilter(["PAK", "JPN"], limit=2, offset=1))
    assert [row.id for row in page.rows] == [row.id for row in whole[1:3]]
    assert (page.total, page.first, page.last, page.hidden) == (len(whole), 2, 3, len(whole) - 2)


def test_a_page_reaching_the_undated_rows_places_them_by_their_first_report(
    story: Story, connection: sa.Connection
) -> None:
    whole = timeline(connection, ["PAK", "JPN"], topic="defence")
    last = timeline_page(connection, EventFilter(["PAK", "JPN"], "defence", limit=1, offset=4))
    assert [row.id for row in last.rows] == [whole[4].id] == [story.events["envoy"]]
    assert last.rows[0].reported is not None and last.total == len(whole)


def test_a_page_past_the_end_is_empty_but_still_counts(connection: sa.Connection) -> None:
    page = timeline_page(connection, EventFilter(["PAK", "JPN"], limit=5, offset=100))
    assert page.rows == [] and page.total == len(timeline(connection, ["PAK", "JPN"]))


def test_without_a_limit_the_page_is_everything_from_the_offset(
    connection: sa.Connection,
) -> None:
    whole = timeline(connection, ["PAK", "JPN"])
    page = timeline_page(connection, EventFilter(["PAK", "JPN"], offset=3))
    assert [row.id for row in page.rows] == [row.id for row in whole[3:]]
    assert page.total == len(whole)


def test_event_listings_page_and_count_too(connection: sa.Connection) -> None:
    every = events(connection)
    page = events_page(connection, EventFilter(limit=2, offset=2))
    assert [row.id for row in page.rows] == [row.id for row in every[2:4]]
    assert page.total == len(every)
    assert [r.id for r in events(connection, limit=2, offset=2)] == [r.id for r in every[2:4]]


def test_a_negative_offset_is_refused(connection: sa.Connection) -> None:
    with pytest.raises(UsageError, match="offset must be 0 or more"):
        timeline(connection, ["PAK", "JPN"], offset=-1)
