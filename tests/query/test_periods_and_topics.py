"""Dates typed by people, and topic families."""

from __future__ import annotations

from datetime import date

import pytest

from kb.errors import UsageError
from kb.query.periods import parse_period
from kb.query.topics import topic_family, topics_for


@pytest.mark.parametrize(
    ("typed", "start", "end", "precision"),
    [
        ("2019", date(2019, 1, 1), date(2019, 12, 31), "year"),
        ("2020-08", date(2020, 8, 1), date(2020, 8, 31), "month"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
        ("2021-01-20", date(2021, 1, 20), date(2021, 1, 20), "day"),
        ("June 2019", date(2019, 6, 1), date(2019, 6, 30), "month"),
    ],
)
def test_a_date_keeps_the_precision_it_was_typed_at(
    typed: str, start: date, end: date, precision: str
) -> None:
    period = parse_period(typed)
    assert (period.start, period.end, period.precision) == (start, end, precision)


@pytest.mark.parametrize("typed", ["yesterday", "2019-02-30", "19", "2019-1-1-1"])
def test_an_unreadable_date_is_a_usage_error(typed: str) -> None:
    with pytest.raises(UsageError, match="bad date"):
        parse_period(typed)


def test_defence_and_security_are_one_family() -> None:
    assert topic_family("defence") == ("defence", "security")
    assert topic_family("Military") == ("defence", "security")
    assert topic_family("security") == ("security", "defence")
    assert topic_family("energy") == ("energy",)
    assert topics_for(["defence", "trade"]) == ("defence", "security", "trade", "economy")
