"""Country resolution from what people type: names, codes, demonyms, Urdu, any case."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from kb.query.countries import AmbiguousCountry, UnknownCountry, resolve_countries, resolve_country


@pytest.mark.parametrize(
    "typed", ["Pakistan", "PAKISTAN", "pakistan", "PK", "pak", "Pakistani", "پاکستان"]
)
def test_every_way_of_naming_pakistan_resolves_to_it(connection: sa.Connection, typed: str) -> None:
    assert resolve_country(connection, typed).iso3 == "PAK"


def test_an_ambiguous_name_lists_the_candidates(connection: sa.Connection) -> None:
    with pytest.raises(AmbiguousCountry) as raised:
        resolve_country(connection, "Korea")
    assert {c.iso3 for c in raised.value.candidates} == {"KOR", "PRK"}
    assert "South Korea (KOR)" in str(raised.value) and raised.value.exit_code == 2


def test_congo_is_ambiguous_too(connection: sa.Connection) -> None:
    with pytest.raises(AmbiguousCountry, match="COG"):
        resolve_country(connection, "congo")


def test_an_unknown_name_is_a_usage_error(connection: sa.Connection) -> None:
    with pytest.raises(UnknownCountry, match="unknown country 'Narnia'") as raised:
        resolve_country(connection, "Narnia")
    assert raised.value.exit_code == 2


def test_an_unknown_name_suggests_countries_it_begins(connection: sa.Connection) -> None:
    with pytest.raises(UnknownCountry, match="did you mean Pakistan"):
        resolve_country(connection, "Pakist")


def test_the_same_country_twice_counts_once(connection: sa.Connection) -> None:
    assert [c.iso3 for c in resolve_countries(connection, ["Japan", "JPN", "japanese"])] == ["JPN"]
