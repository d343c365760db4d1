"""Finding countries by the names news copy uses: demonyms, capitals, common and Urdu names."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from kb.db.country_lookup import find_countries, list_countries


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("japanese", "JPN"),
        ("Tokyo", "JPN"),
        ("Turkey", "TUR"),
        ("  south   KOREA ", "KOR"),
        ("U.S.", "USA"),
        ("پاکستان", "PAK"),
    ],
)
def test_a_name_finds_exactly_its_country(engine: sa.Engine, name: str, iso3: str) -> None:
    with engine.connect() as connection:
        assert [row.iso3 for row in find_countries(connection, name)] == [iso3]


def test_an_ambiguous_name_finds_every_country_it_may_mean(engine: sa.Engine) -> None:
    with engine.connect() as connection:
        assert {row.iso3 for row in find_countries(connection, "Korea")} == {"KOR", "PRK"}


def test_a_prefix_is_tried_only_when_nothing_matches_exactly(engine: sa.Engine) -> None:
    with engine.connect() as connection:
        assert [row.iso3 for row in find_countries(connection, "Pakist")] == ["PAK"]
        assert [row.iso3 for row in find_countries(connection, "Oman")] == ["OMN"]


def test_wildcards_in_a_name_are_taken_literally(engine: sa.Engine) -> None:
    with engine.connect() as connection:
        assert find_countries(connection, "%") == []
        assert find_countries(connection, "_apan") == []


def test_list_countries_gives_every_iso_country(engine: sa.Engine) -> None:
    with engine.connect() as connection:
        rows = list_countries(connection)
    assert len(rows) >= 249
    assert len({row.iso3 for row in rows}) == len(rows)
