"""Copy the reference countries and their aliases from `kb/data/` into a database.

Idempotent: rows already there are left alone and only missing ones are inserted, each table in
one executemany, so a migration (or a later data refresh) can run it on any database.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import Connection

from kb.countries import load_aliases, load_countries, normalise_alias

# Minimal table shapes, not the ORM models: a migration must not change when the models do.
_countries = sa.table(
    "countries",
    sa.column("id", sa.Integer),
    sa.column("iso3", sa.String),
    sa.column("iso2", sa.String),
    sa.column("name", sa.String),
    sa.column("official_name", sa.String),
)
_aliases = sa.table(
    "country_aliases",
    sa.column("country_id", sa.Integer),
    sa.column("alias", sa.String),
    sa.column("alias_norm", sa.String),
    sa.column("lang", sa.String),
    sa.column("kind", sa.String),
)


def load_reference_data(connection: Connection) -> tuple[int, int]:
    """Insert missing countries and aliases; returns how many of each were added."""
    ids = _country_ids(connection)
    new_countries = [
        {
            "iso3": c.iso3,
            "iso2": c.iso2 or None,
            "name": c.name,
            "official_name": c.official_name or None,
        }
        for c in load_countries()
        if c.iso3 not in ids
    ]
    if new_countries:
        connection.execute(_countries.insert(), new_countries)
        ids = _country_ids(connection)

    existing = {
        (row.country_id, row.alias_norm, row.lang)
        for row in connection.execute(
            sa.select(_aliases.c.country_id, _aliases.c.alias_norm, _aliases.c.lang)
        )
    }
    new_aliases = []
    for alias in load_aliases():
        country_id = ids.get(alias.iso3)
        key = (country_id, normalise_alias(alias.alias), alias.lang)
        if country_id is None or not key[1] or key in existing:
            continue
        existing.add(key)  # "U.S." and "US" fold to one alias: the first listed wins
        new_aliases.append(
            {
                "country_id": country_id,
                "alias": alias.alias,
                "alias_norm": key[1],
                "lang": alias.lang,
                "kind": alias.kind,
            }
        )
    if new_aliases:
        connection.execute(_aliases.insert(), new_aliases)
    return len(new_countries), len(new_aliases)


def _country_ids(connection: Connection) -> dict[str, int]:
    rows = connection.execute(sa.select(_countries.c.iso3, _countries.c.id))
    return {iso3: country_id for iso3, country_id in rows}
