from __future__ import annotations

from datetime import date, datetime

import pytest

from kb.ingest.readers.dates import parse_published


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-06-18", date(2019, 6, 18)),
        ("2020-08-27T23:30:00+09:00", date(2020, 8, 27)),
        ("2023-05-08T10:00:00Z", date(2023, 5, 8)),
        ("2023/05/08", date(2023, 5, 8)),
        ("20230508", date(2023, 5, 8)),
        ("Tue, 18 Jun 2019 21:10:00 +0500", date(2019, 6, 18)),
        ("18 June 2019", date(2019, 6, 18)),
        ("Tuesday, 18th of June, 2019", date(2019, 6, 18)),
        ("June 18, 2019", date(2019, 6, 18)),
        ("Sept. 3, 2012", date(2012, 9, 3)),
        ("25/12/2015", date(2015, 12, 25)),
        ("12/25/2015", date(2015, 12, 25)),
        (1_560_816_000, date(2019, 6, 18)),
        (1_560_816_000_000, date(2019, 6, 18)),
        (datetime(2019, 6, 18, 12), date(2019, 6, 18)),
    ],
)
def test_common_forms_are_read(value, expected):
    assert parse_published(value) == expected


@pytest.mark.parametrize(
    "value",
    ["", "not a date", "2019-02-30", "03/04/2021", "June 2019", None, True, [2019], "0001-01-01"],
)
def test_unreadable_or_ambiguous_dates_are_none(value):
    assert parse_published(value) is None
