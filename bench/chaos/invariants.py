"""What "nothing lost, nothing doubled" means, as queries on a kb database (SQLite or PostgreSQL).

Every campaign and reliability test ends with the same three questions:

- `orphans(url)`: rows pointing nowhere, or facts nothing vouches for (an event without a mention,
  an agreement neither mentioned nor signed in an event, an official neither mentioned, taking
  part nor holding a post). Each count must be 0.
- `snapshot(url)`: the database described without its ids — each event, agreement and official as
  a signature (its fields, parties and the exact mentions behind it, by article content hash), and
  per article the number of mentions it brought. Two databases holding the same knowledge have
  equal snapshots, whatever order or process wrote them.
- `runs(url)`: the ingest_runs log, to see interrupted runs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

ORPHAN_QUERIES = {
    "participants without event": """
        SELECT count(*) FROM event_participants p
        WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = p.event_id)""",
    "participants with a missing official": """
        SELECT count(*) FROM event_participants p WHERE p.official_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM officials o WHERE o.id = p.official_id)""",
    "event mentions without event or article": """
        SELECT count(*) FROM event_mentions m
        WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = m.event_id)
           OR NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = m.article_id)""",
    "agreement mentions without agreement or article": """
        SELECT count(*) FROM agreement_mentions m
        WHERE NOT EXISTS (SELECT 1 FROM agreements g WHERE g.id = m.agreement_id)
           OR NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = m.article_id)""",
    "official mentions without official or article": """
        SELECT count(*) FROM official_mentions m
        WHERE NOT EXISTS (SELECT 1 FROM officials o WHERE o.id = m.official_id)
           OR NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = m.article_id)""",
    "events without mentions": """
        SELECT count(*) FROM events e
        WHERE NOT EXISTS (SELECT 1 FROM event_mentions m WHERE m.event_id = e.id)""",
    "events without participants": """
        SELECT count(*) FROM events e
        WHERE NOT EXISTS (SELECT 1 FROM event_participants p WHERE p.event_id = e.id)""",
    "agreements neither mentioned nor signed": """
        SELECT count(*) FROM agreements g
        WHERE NOT EXISTS (SELECT 1 FROM agreement_mentions m WHERE m.agreement_id = g.id)
          AND NOT EXISTS (SELECT 1 FROM events e WHERE e.agreement_id = g.id)""",
    "agreement parties without agreement": """
        SELECT count(*) FROM agreement_parties p
        WHERE NOT EXISTS (SELECT 1 FROM agreements g WHERE g.id = p.agreement_id)""",
    "officials neither mentioned, taking part nor holding a post": """
        SELECT count(*) FROM officials o
        WHERE NOT EXISTS (SELECT 1 FROM official_mentions m WHERE m.official_id = o.id)
          AND NOT EXISTS (SELECT 1 FROM event_participants p WHERE p.official_id = o.id)
          AND NOT EXISTS (SELECT 1 FROM official_roles r WHERE r.official_id = o.id)""",
    "official roles whose first article is gone": """
        SELECT count(*) FROM official_roles r WHERE r.first_article_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = r.first_article_id)""",
    "official aliases or roles without official": """
        SELECT (SELECT count(*) FROM official_aliases x
                WHERE NOT EXISTS (SELECT 1 FROM officials o WHERE o.id = x.official_id))
             + (SELECT count(*) FROM official_roles r
                WHERE NOT EXISTS (SELECT 1 FROM officials o WHERE o.id = r.official_id))""",
    "event country pairs out of step with participants and events": """
        SELECT (SELECT count(*) FROM (SELECT DISTINCT a.event_id, a.country_id AS ca,
                                                      b.country_id AS cb
                                      FROM event_participants a JOIN event_participants b
                                        ON b.event_id = a.event_id AND b.country_id > a.country_id
                                     ) d
                WHERE NOT EXISTS (SELECT 1 FROM event_country_pairs x WHERE x.event_id = d.event_id
                                  AND x.country_a = d.ca AND x.country_b = d.cb))
             + (SELECT count(*) FROM event_country_pairs x LEFT JOIN events e ON e.id = x.event_id
                WHERE e.id IS NULL
                   OR e.topic <> x.topic OR (e.topic IS NULL) <> (x.topic IS NULL)
                   OR e.date <> x.date OR (e.date IS NULL) <> (x.date IS NULL)
                   OR NOT EXISTS (SELECT 1 FROM event_participants a JOIN event_participants b
                                    ON b.event_id = a.event_id AND b.country_id = x.country_b
                                  WHERE a.event_id = x.event_id AND a.country_id = x.country_a))""",
    "articles stored twice": """
        SELECT count(*) - count(DISTINCT content_hash) FROM articles""",
    "officials stored twice": """
        SELECT count(*) FROM (SELECT 1 FROM officials GROUP BY name_key, country_iso3
                              HAVING count(*) > 1) d""",
}

TABLES = (
    "articles",
    "events",
    "event_participants",
    "event_mentions",
    "agreements",
    "agreement_parties",
    "agreement_mentions",
    "officials",
    "official_aliases",
    "official_roles",
    "official_mentions",
)


@dataclass
class Snapshot:
    """A database's knowledge without ids: equal snapshots mean the same facts, each once."""

    counts: dict[str, int]
    events: Counter[tuple[Any, ...]]
    agreements: Counter[tuple[Any, ...]]
    officials: Counter[tuple[Any, ...]]
    per_article: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    def differences(self, other: Snapshot, limit: int = 5) -> list[str]:
        """What differs, in words (empty when the snapshots are equal)."""
        out = [
            f"{table}: {self.counts.get(table)} here, {other.counts.get(table)} there"
            for table in TABLES
            if self.counts.get(table) != other.counts.get(table)
        ]
        for name in ("events", "agreements", "officials"):
            mine, theirs = getattr(self, name), getattr(other, name)
            if mine != theirs:
                extra = list((mine - theirs).elements())[:limit]
                missing = list((theirs - mine).elements())[:limit]
                out.append(f"{name}: {len(extra)}+ only here {extra}; only there {missing}")
        if self.per_article != other.per_article:
            keys = [k for k in self.per_article if self.per_article[k] != other.per_article.get(k)]
            out.append(f"per-article mentions differ for {len(keys)} articles, e.g. {keys[:3]}")
        return out


def engine_for(url: str) -> sa.Engine:
    from kb.config import normalise_url

    return sa.create_engine(normalise_url(url), poolclass=sa.NullPool)


def orphans(url: str) -> dict[str, int]:
    """Each orphan/duplicate query with a non-zero count (empty dict: consistent)."""
    engine = engine_for(url)
    try:
        with engine.connect() as connection:
            found = {
                name: int(connection.exec_driver_sql(sql).scalar() or 0)
                for name, sql in ORPHAN_QUERIES.items()
            }
    finally:
        engine.dispose()
    return {name: count for name, count in found.items() if count}


def snapshot(url: str) -> Snapshot:
    engine = engine_for(url)
    try:
        with engine.connect() as connection:
            return _snapshot(connection)
    finally:
        engine.dispose()


def _rows(connection: sa.Connection, sql: str) -> list[Any]:
    return list(connection.exec_driver_sql(sql).all())


def _snapshot(connection: sa.Connection) -> Snapshot:
    counts = {
        t: int(connection.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar()) for t in TABLES
    }
    hashes = dict(_rows(connection, "SELECT id, content_hash FROM articles"))
    iso = dict(_rows(connection, "SELECT id, iso3 FROM countries"))
    official_names = dict(_rows(connection, "SELECT id, name FROM officials"))
    agreement_names = dict(_rows(connection, "SELECT id, name_norm FROM agreements"))

    def mentions(table: str, key: str) -> dict[int, list[tuple[str, str, int]]]:
        found: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
        for owner, article, field_, start in _rows(
            connection, f"SELECT {key}, article_id, field, start_char FROM {table}"
        ):
            found[owner].append((hashes.get(article, "?"), field_, start))
        return found

    event_mentions = mentions("event_mentions", "event_id")
    participants: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for event_id, country_id, official_id in _rows(
        connection, "SELECT event_id, country_id, official_id FROM event_participants"
    ):
        participants[event_id].append(
            (iso.get(country_id, "?"), official_names.get(official_id, ""))
        )
    events: Counter[tuple[Any, ...]] = Counter()
    for row in _rows(
        connection,
        "SELECT id, type, date, date_precision, status, fusion_key, agreement_id FROM events",
    ):
        events[
            (
                row[1],
                str(row[2]),
                row[3],
                row[4],
                row[5],
                agreement_names.get(row[6], ""),
                tuple(sorted(participants[row[0]])),
                tuple(sorted(event_mentions[row[0]])),
            )
        ] += 1

    agreement_mentions = mentions("agreement_mentions", "agreement_id")
    parties: dict[int, list[str]] = defaultdict(list)
    for agreement_id, country_id in _rows(
        connection, "SELECT agreement_id, country_id FROM agreement_parties"
    ):
        parties[agreement_id].append(iso.get(country_id, "?"))
    agreements: Counter[tuple[Any, ...]] = Counter()
    for row in _rows(
        connection, "SELECT id, name_norm, kind, date, date_precision, status FROM agreements"
    ):
        agreements[
            (
                row[1],
                row[2],
                str(row[3]),
                row[4],
                row[5],
                tuple(sorted(parties[row[0]])),
                tuple(sorted(agreement_mentions[row[0]])),
            )
        ] += 1

    official_mentions = mentions("official_mentions", "official_id")
    aliases: dict[int, list[str]] = defaultdict(list)
    for official_id, alias in _rows(
        connection, "SELECT official_id, alias_norm FROM official_aliases"
    ):
        aliases[official_id].append(alias)
    roles: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for official_id, title, first, last in _rows(
        connection, "SELECT official_id, title_norm, first_seen, last_seen FROM official_roles"
    ):
        roles[official_id].append((title, str(first), str(last)))
    officials: Counter[tuple[Any, ...]] = Counter()
    for official_id, name_key, country in _rows(
        connection, "SELECT id, name_key, country_iso3 FROM officials"
    ):
        officials[
            (
                name_key,
                country,
                tuple(sorted(aliases[official_id])),
                tuple(sorted(roles[official_id])),
                tuple(sorted(official_mentions[official_id])),
            )
        ] += 1

    per_article: dict[str, list[int]] = {h: [0, 0, 0] for h in hashes.values()}
    for position, table in enumerate(("event_mentions", "agreement_mentions", "official_mentions")):
        for article_id, count in _rows(
            connection, f"SELECT article_id, count(*) FROM {table} GROUP BY article_id"
        ):
            if article_id in hashes:
                per_article[hashes[article_id]][position] = int(count)
    return Snapshot(
        counts,
        events,
        agreements,
        officials,
        {h: (a, b, c) for h, (a, b, c) in per_article.items()},
    )


def incomplete_articles(partial: Snapshot, complete: Snapshot) -> list[str]:
    """Articles of `partial` whose mentions differ from the same article in `complete`."""
    return [
        content_hash
        for content_hash, counts in partial.per_article.items()
        if complete.per_article.get(content_hash) != counts
    ]


def runs(url: str) -> list[tuple[int, str, str | None]]:
    """(id, status, note) of every ingest run, oldest first."""
    engine = engine_for(url)
    try:
        with engine.connect() as connection:
            return [
                (int(r[0]), r[1], r[2])
                for r in connection.exec_driver_sql(
                    "SELECT id, status, note FROM ingest_runs ORDER BY id"
                )
            ]
    finally:
        engine.dispose()
