"""Find countries in the database by any of their names: "japanese", "Tokyo", "Turkey", "PK"."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from kb.countries import normalise_alias
from kb.db.models import Country, CountryAlias


@dataclass(frozen=True)
class CountryRow:
    iso3: str
    iso2: str | None
    name: str
    matched: str | None = None  # the alias that matched, for lookups
    kind: str | None = None


def list_countries(connection: Connection) -> list[CountryRow]:
    rows = connection.execute(
        select(Country.iso3, Country.iso2, Country.name).order_by(Country.name)
    )
    return [CountryRow(iso3=r.iso3, iso2=r.iso2, name=r.name) for r in rows]


def find_countries(connection: Connection, name: str) -> list[CountryRow]:
    """Countries with an alias equal to `name` (normalised); failing that, starting with it."""
    key = normalise_alias(name)
    if not key:
        return []
    found = _matching(connection, CountryAlias.alias_norm == key)
    if found:
        return found
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return _matching(connection, CountryAlias.alias_norm.like(escaped + "%", escape="\\"))


def _matching(connection: Connection, condition: object) -> list[CountryRow]:
    rows = connection.execute(
        select(Country.iso3, Country.iso2, Country.name, CountryAlias.alias, CountryAlias.kind)
        .join(CountryAlias, CountryAlias.country_id == Country.id)
        .where(condition)  # type: ignore[arg-type]
        .order_by(Country.name, CountryAlias.alias_norm, CountryAlias.id)
    )
    best: dict[str, CountryRow] = {}
    for r in rows:  # one row per country: its first matching alias
        best.setdefault(
            r.iso3, CountryRow(iso3=r.iso3, iso2=r.iso2, name=r.name, matched=r.alias, kind=r.kind)
        )
    return list(best.values())
