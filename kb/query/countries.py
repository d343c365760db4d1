"""Which country a person means: by name, ISO2/ISO3 code, demonym, capital or Urdu name, any case.

Resolution reads the database's `country_aliases`, so names learned from articles count too. A
name that fits several countries (the alias table marks "Congo" and "Korea" as `ambiguous`) is
refused with the candidates rather than guessed.
"""

from __future__ import annotations

from sqlalchemy import Connection

from kb.countries import normalise_alias
from kb.errors import UsageError
from kb.query.driver_sql import marks, run
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
    return resolve_countries(connection, [name])[0]


def resolve_countries(connection: Connection, names: list[str]) -> list[CountryRef]:
    """Every name resolved, duplicates ("Pakistan PAK") dropped, order kept.

    One statement for all the names: a timeline's fixed cost is mostly statements, not rows.
    """
    keys = [normalise_alias(name) for name in names]
    wanted = sorted({key for key in keys if key})
    # alias -> [(country, kind)] in country-name order
    matches: dict[str, list[tuple[CountryRef, str]]] = {}
    if wanted:
        rows = run(
            connection,
            "SELECT a.alias_norm, c.id, c.iso3, c.name, a.kind FROM country_aliases a "
            f"JOIN countries c ON c.id = a.country_id WHERE a.alias_norm IN ({marks(len(wanted))}) "
            "ORDER BY c.name, c.id",
            wanted,
        )
        for alias, id_, iso3, country_name, kind in rows:
            matches.setdefault(alias, []).append((CountryRef(id_, iso3, country_name), kind))
    found: dict[int, CountryRef] = {}
    for name, key in zip(names, keys, strict=True):
        country = _one_country(connection, name, key, matches.get(key, []))
        found.setdefault(country.id, country)
    return list(found.values())


def _one_country(
    connection: Connection, name: str, key: str, rows: list[tuple[CountryRef, str]]
) -> CountryRef:
    if not key:
        raise UnknownCountry("empty country name")
    candidates = list({country.id: country for country, _kind in rows}.values())
    if len(candidates) == 1 and not any(kind == "ambiguous" for _country, kind in rows):
        return candidates[0]
    if candidates:
        raise AmbiguousCountry(name, candidates)
    raise UnknownCountry(f"unknown country {name!r}{_suggestion(connection, key)}")


def _suggestion(connection: Connection, key: str) -> str:
    """ "; did you mean …?" from the aliases that start with what was typed."""
    if len(key) < 3:
        return ""
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = run(
        connection,
        "SELECT DISTINCT c.name FROM country_aliases a JOIN countries c ON c.id = a.country_id "
        "WHERE a.alias_norm LIKE ? ESCAPE '\\' ORDER BY c.name LIMIT 5",
        [escaped + "%"],
    )
    names = [name for (name,) in rows]
    return f"; did you mean {' or '.join(names)}?" if names else ""
