"""Which country a person means: by name, ISO2/ISO3 code, demonym, capital or Urdu name, any case.

Resolution reads the database's `country_aliases`, so names learned from articles count too. A
name that fits several countries (the alias table marks "Congo" and "Korea" as `ambiguous`) is
refused with the candidates rather than guessed.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from kb.countries import normalise_alias
from kb.db.models import Country, CountryAlias
from kb.errors import UsageError
from kb.query.rows import CountryRef


class UnknownCountry(UsageError):
    pass


class AmbiguousCountry(UsageError):
    def __init__(self, name: str, candidates: list[CountryRef]) -> None:
        self.candidates = candidates
        listed = ", ".join(f"{c.name} ({c.iso3})" for c in candidates)
        super().__init__(f"{name!r} could mean several countries: {listed}; say which")


def resolve_country(connection: Connection, name: str) -> CountryRef:
    """The one country `name` stands for; UnknownCountry or AmbiguousCountry otherwise."""
    key = normalise_alias(name)
    if not key:
        raise UnknownCountry("empty country name")
    rows = connection.execute(
        select(Country.id, Country.iso3, Country.name, CountryAlias.kind)
        .join(CountryAlias, CountryAlias.country_id == Country.id)
        .where(CountryAlias.alias_norm == key)
        .order_by(Country.name)
    ).all()
    candidates = list({r.id: CountryRef(r.id, r.iso3, r.name) for r in rows}.values())
    if len(candidates) == 1 and not any(r.kind == "ambiguous" for r in rows):
        return candidates[0]
    if candidates:
        raise AmbiguousCountry(name, candidates)
    raise UnknownCountry(f"unknown country {name!r}{_suggestion(connection, key)}")


def resolve_countries(connection: Connection, names: list[str]) -> list[CountryRef]:
    """Every name resolved, duplicates ("Pakistan PAK") dropped, order kept."""
    found: dict[int, CountryRef] = {}
    for name in names:
        country = resolve_country(connection, name)
        found.setdefault(country.id, country)
    return list(found.values())


def _suggestion(connection: Connection, key: str) -> str:
    """ "; did you mean …?" from the aliases that start with what was typed."""
    if len(key) < 3:
        return ""
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    names = (
        connection.execute(
            select(Country.name)
            .join(CountryAlias, CountryAlias.country_id == Country.id)
            .where(CountryAlias.alias_norm.like(escaped + "%", escape="\\"))
            .distinct()
            .order_by(Country.name)
            .limit(5)
        )
        .scalars()
        .all()
    )
    return f"; did you mean {' or '.join(names)}?" if names else ""
