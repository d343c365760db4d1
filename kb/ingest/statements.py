"""The store's SQL, built once per database dialect.

Building a SQLAlchemy statement costs more than running it against a local database, and even a
prebuilt one spends tens of microseconds in SQLAlchemy's execution machinery, so the statements
run for every article are compiled once into the driver's own SQL (`DriverInsert`,
`DriverSelect`) and run on the raw DBAPI cursor inside the store's SQLAlchemy transaction. The
rarer ones (updates, the careful path of a changed article) stay SQLAlchemy statements.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import String, bindparam, case, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from kb.db import models

ARTICLES = models.Article.__table__
COUNTRIES = models.Country.__table__
COUNTRY_ALIASES = models.CountryAlias.__table__
OFFICIALS = models.Official.__table__
OFFICIAL_ALIASES = models.OfficialAlias.__table__
OFFICIAL_ROLES = models.OfficialRole.__table__
OFFICIAL_MENTIONS = models.OfficialMention.__table__
AGREEMENTS = models.Agreement.__table__
AGREEMENT_PARTIES = models.AgreementParty.__table__
AGREEMENT_MENTIONS = models.AgreementMention.__table__
EVENTS = models.Event.__table__
PARTICIPANTS = models.EventParticipant.__table__
EVENT_MENTIONS = models.EventMention.__table__
PAIRS = models.EventCountryPair.__table__


@dataclass(frozen=True)
class DriverInsert:
    """An INSERT compiled once into the driver's own SQL, run on the raw DBAPI cursor.

    SQLAlchemy's execution machinery costs tens of microseconds per statement, more than SQLite
    needs to write the rows, so the rows the store writes most go through the driver directly:
    `executemany` on sqlite3 (in-process, no round trips), one multi-row VALUES statement
    (`execute_values`) on psycopg2. Parameters are dicts keyed by column name; no SQLAlchemy type
    processing happens, which is fine for the types written here (str, int, date, datetime,
    None: sqlite3's and psycopg2's own adapters store them as SQLAlchemy would read them back).
    """

    dialect: str
    sql: str  # one row: named parameters (":name" on sqlite3, "%(name)s" on psycopg2)
    values_sql: str  # psycopg2: the statement with "VALUES %s" for execute_values
    template: str  # psycopg2: one row's "(%(a)s, %(b)s)"

    def execute(self, cursor: Any, row: dict[str, Any], before: str = "") -> Any:
        """Run for one row; returns the first RETURNING row, if the statement has one.

        `before`: statements (parameters inlined) sent ahead of this one in the same round trip.
        """
        if before:
            cursor.execute(f"{before.replace('%', '%%')};\n{self.sql}", row)
        else:
            cursor.execute(self.sql, row)
        return cursor.fetchone() if cursor.description else None

    def many_sql(self, cursor: Any, rows: Sequence[dict[str, Any]]) -> str:
        """psycopg2: one statement writing all `rows`, values inlined, ready to send later."""
        values = b",".join(cursor.mogrify(self.template, row) for row in rows)
        from psycopg2.extensions import encodings

        text = values.decode(encodings[cursor.connection.encoding])
        return self.values_sql.replace("%s", text, 1)

    def execute_many(self, cursor: Any, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        if self.dialect == "postgresql":
            from psycopg2.extras import execute_values

            execute_values(cursor, self.values_sql, rows, template=self.template, page_size=1000)
        else:
            cursor.executemany(self.sql, rows)


_VALUES = re.compile(r"^(.*? VALUES )(\((?:[^()%]|%\(\w+\)s)*\))(.*)$", re.S)


def driver_insert(statement: Any, columns: Sequence[str], dialect: str) -> DriverInsert:
    """Compile `statement` for rows with exactly `columns` into a DriverInsert."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import psycopg2

        # for_executemany: no implicit "RETURNING id" the statement did not ask for.
        compiled = statement.compile(
            dialect=psycopg2.dialect(), column_keys=list(columns), for_executemany=True
        )
    else:
        compiled = statement.compile(
            dialect=sqlite.dialect(paramstyle="named"), column_keys=list(columns)
        )
    sql = str(compiled)
    extra = set(compiled.params) - set(columns)
    if extra:  # a column default SQLAlchemy would have filled in: the caller must pass it
        raise ValueError(f"{statement.table.name}: rows lack {sorted(extra)}")
    values_sql, template = sql, ""
    if dialect == "postgresql":
        match = _VALUES.match(sql)
        if match is None:
            raise ValueError(f"not a single-row VALUES insert: {sql}")
        values_sql = f"{match[1]}%s{match[3]}"
        template = match[2]
    return DriverInsert(dialect, sql, values_sql, template)


@dataclass(frozen=True)
class DriverSelect:
    """A SELECT written in the driver's SQL, its rows returned as dicts by column name.

    List parameters go in whole: as a JSON array read by `json_each` on SQLite, as an array
    compared with `= ANY` on PostgreSQL, so the statement text never changes with the list's
    length. SQLite gives dates back as ISO text; they are turned into `date` here.
    """

    dialect: str
    sql: str
    lists: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()

    def rows(self, cursor: Any, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.dialect == "sqlite":
            params = {k: json.dumps(v) if k in self.lists else v for k, v in params.items()}
        cursor.execute(self.sql, params)
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        if self.dialect == "sqlite":
            for row in rows:
                for name in self.dates:
                    if row[name] is not None:
                        row[name] = date.fromisoformat(row[name][:10])
        return rows


def driver_select(
    dialect: str, sql: str, lists: Sequence[str] = (), dates: Sequence[str] = ()
) -> DriverSelect:
    """`sql` with ":name" parameters and "IN LIST(:name)" for list ones, in the driver's dialect."""
    for name in lists:
        if dialect == "sqlite":
            sql = sql.replace(f"IN LIST(:{name})", f"IN (SELECT value FROM json_each(:{name}))")
        else:
            sql = sql.replace(f"IN LIST(:{name})", f"= ANY(:{name})")
    if dialect == "postgresql":
        sql = re.sub(r":(\w+)", r"%(\1)s", sql)
    return DriverSelect(dialect, sql, tuple(lists), tuple(dates))


INT_MAX = 2**31 - 1  # ids are 32-bit integers
_MENTION = ("article_id", "sentence", "field", "start_char", "end_char")
ARTICLE_COLUMNS = (
    "content_hash", "url", "outlet", "title", "title_ur", "published", "language", "text_en",
    "text_ur", "source_ref", "extractor_version", "ingested_at", "updated_at",
)  # fmt: skip


AGREEMENT_COLUMNS = (
    "name", "name_norm", "kind", "topic", "date", "date_precision", "status", "fusion_key",
    "created_at", "updated_at",
)  # fmt: skip
EVENT_COLUMNS = (
    "id", "type", "cameo_code", "date", "date_precision", "date_source", "topic", "location",
    "status", "summary", "fusion_key", "agreement_id",
)  # fmt: skip


@dataclass(frozen=True)
class Statements:
    find_article: Any
    insert_article: Any
    insert_article_quick: DriverInsert
    prefetch: Prepared | None  # PostgreSQL: the article's INSERT and its writer's reads
    update_article: Any
    newest_official_ids: Any
    names_after: DriverSelect
    insert_official: DriverInsert
    find_official: Any
    rename_official: Any
    insert_alias: DriverInsert
    upsert_role: DriverInsert
    insert_official_mention: DriverInsert
    insert_country_alias: DriverInsert
    agreements_by_key: DriverSelect
    insert_agreement_row: DriverInsert  # RETURNING id: a row at a time, or all rows at once
    insert_agreement_with_id: DriverInsert  # PostgreSQL: ids reserved by the prefetch
    insert_party: DriverInsert
    update_agreement: Any  # PostgreSQL: a DriverInsert, deferred with the inserts
    insert_agreement_mention: DriverInsert
    event_candidates: DriverSelect  # params from candidate_params()
    sentences_by_key: DriverSelect
    insert_event_row: DriverInsert  # RETURNING id: a row at a time, or all rows at once
    insert_event_with_id: DriverInsert  # PostgreSQL: ids reserved by the prefetch
    update_event: Any  # PostgreSQL: a DriverInsert, deferred with the inserts
    participants_of: Any
    fill_participant: Any  # PostgreSQL: a DriverInsert, deferred with the inserts
    insert_participant: DriverInsert
    insert_event_mention: DriverInsert
    insert_pair: DriverInsert
    update_pairs: DriverInsert


def _earliest(old: Any, new: Any) -> Any:
    return case((new.is_(None), old), (old.is_(None), new), (new < old, new), else_=old)


def _latest(old: Any, new: Any) -> Any:
    return case((new.is_(None), old), (old.is_(None), new), (new > old, new), else_=old)


def _update_pairs(dialect: str) -> DriverInsert:
    """The event's topic, status and date copied onto its rows of event_country_pairs, when
    they differ.

    Shaped as a DriverInsert (one VALUES row per event), so PostgreSQL defers it with the inserts.
    """
    if dialect == "postgresql":
        return DriverInsert(
            dialect,
            sql="",
            values_sql="UPDATE event_country_pairs AS p"
            " SET topic = v.topic, status = v.status, date = CAST(v.date AS DATE),"
            " date_precision = v.date_precision"
            " FROM (VALUES %s) AS v (event_id, topic, status, date, date_precision)"
            " WHERE p.event_id = v.event_id AND (p.topic IS DISTINCT FROM v.topic"
            " OR p.status IS DISTINCT FROM v.status"
            " OR p.date IS DISTINCT FROM CAST(v.date AS DATE)"
            " OR p.date_precision IS DISTINCT FROM v.date_precision)",
            template="(%(event_id)s, %(topic)s, %(status)s, %(date)s, %(date_precision)s)",
        )
    return DriverInsert(
        dialect,
        sql="UPDATE event_country_pairs SET topic = :topic, status = :status, date = :date,"
        " date_precision = :date_precision WHERE event_id = :event_id AND (topic IS NOT :topic"
        " OR status IS NOT :status OR date IS NOT :date"
        " OR date_precision IS NOT :date_precision)",
        values_sql="",
        template="",
    )


def _update_by_id(dialect: str, table: Any, **columns: str) -> Any:
    """UPDATE `table` SET column = :param … WHERE id = :b_id, for many rows.

    On PostgreSQL a DriverInsert-shaped UPDATE … FROM (VALUES …), one statement for all rows,
    so the store can send it with the article's last writes; on SQLite SQLAlchemy's UPDATE,
    run with executemany in-process.
    """
    if dialect != "postgresql":
        values = {name: bindparam(param) for name, param in columns.items()}
        return update(table).where(table.c.id == bindparam("b_id")).values(**values)
    pg = postgresql.dialect()

    def cast(name: str) -> str:  # text stays text: its assignment checks the length, as inserts do
        kind = table.c[name].type
        return "TEXT" if isinstance(kind, String) else kind.compile(dialect=pg)

    sets = ", ".join(f"{name} = CAST(v.{param} AS {cast(name)})" for name, param in columns.items())
    params = ["b_id", *columns.values()]
    return DriverInsert(
        dialect,
        sql="",
        values_sql=f"UPDATE {table.name} AS t SET {sets} FROM (VALUES %s)"
        f" AS v ({', '.join(params)}) WHERE t.id = v.b_id",
        template="(" + ", ".join(f"%({p})s" for p in params) + ")",
    )


@dataclass(frozen=True)
class Prepared:
    """PostgreSQL: a statement PREPAREd once per session, so the server neither parses nor plans
    it again: each EXECUTE runs its generic plan (the session sets plan_cache_mode to
    force_generic_plan; the statement is written so that plan uses the indexes whatever the
    parameters). `sql` is the same statement with the driver's "%(name)s" parameters, for a
    server that cannot keep prepared statements (a pooler in transaction mode)."""

    name: str
    sql: str
    prepare: str  # PREPARE name AS … $1 …
    execute: str  # EXECUTE name(%(a)s, …)


def prepared(name: str, sql: str) -> Prepared:
    """`sql` (with "%(name)s" parameters) as a Prepared statement called `name`."""
    names = list(dict.fromkeys(re.findall(r"%\((\w+)\)s", sql)))
    numbered = re.sub(r"%\((\w+)\)s", lambda m: f"${names.index(m[1]) + 1}", sql)
    arguments = ", ".join(f"%({n})s" for n in names)
    return Prepared(name, sql, f"PREPARE {name} AS {numbered}", f"EXECUTE {name}({arguments})")


def _prefetch(driver: Any) -> Prepared:
    """PostgreSQL: insert the article and read, in the same statement, all its writer reads.

    Sent right after the advisory locks, in one round trip: the article's INSERT (no id back if
    its text or url is stored already), the officials and aliases newer than the writer's index,
    the agreements under the article's agreement keys, the candidate events (see
    `_event_candidates`; all but the signing part, read afterwards when there is one), the
    stored sentences equal to one of the article's, and ids for the events and agreements it
    may add (`_reserve`). Each read comes back as one JSON array, so one row carries them all.

    Written for a generic plan: the (fusion key, date) ranges are joined from arrays, so each
    is an index range scan however many there are; the id ranges have an upper bound, which
    makes the planner expect a few rows and read the primary key rather than the table; and ids
    found by one part reach the next as an array (`= ANY(ARRAY(…))`), which an index looks up
    whatever the planner guessed.
    """
    article = driver(
        postgresql.insert(ARTICLES).on_conflict_do_nothing().returning(ARTICLES.c.id),
        *ARTICLE_COLUMNS,
    ).sql
    events = ", ".join(EVENT_COLUMNS)
    said = (
        "SELECT m.event_id, m.sentence FROM event_mentions AS m JOIN events AS e"
        " ON e.id = m.event_id WHERE m.sentence_key = ANY(%(sentence_keys)s::bigint[])"
        " AND e.fusion_key = ANY(%(keys)s::text[])"
    )
    return prepared(
        "kb_prefetch",
        f"WITH art AS ({article}), said AS ({said}),"
        f" cand AS (SELECT {events} FROM events WHERE id = ANY(ARRAY("
        f"{_RANGED['postgresql']} UNION SELECT event_id FROM said)))"
        " SELECT (SELECT id FROM art),"
        " (SELECT json_agg(n ORDER BY n.kind, n.id) FROM ("
        "SELECT 0 AS kind, id, NULL::integer AS official_id, country_iso3, name, name_key"
        f" FROM officials WHERE id > %(seen_officials)s AND id <= {INT_MAX}"
        " UNION ALL SELECT 1, id, official_id, NULL, alias, NULL"
        f" FROM official_aliases WHERE id > %(seen_aliases)s AND id <= {INT_MAX}) AS n),"
        " (SELECT json_agg(a ORDER BY a.id) FROM (SELECT id, name, name_norm, fusion_key, kind,"
        " topic, date, date_precision, status FROM agreements"
        " WHERE fusion_key = ANY(%(agreement_keys)s::text[])) AS a),"
        " (SELECT json_agg(c ORDER BY c.id) FROM cand AS c),"
        " (SELECT json_agg(json_build_array(event_id, sentence)) FROM said),"
        f" {_reserve(EVENTS, 'new_events')}, {_reserve(AGREEMENTS, 'new_agreements')}",
    )


def _reserve(table: Any, count: str) -> str:
    """`count` ids drawn from `table`'s sequence, so its new rows need no INSERT … RETURNING of
    their own and go with the article's last writes. Ids left unused are gaps, as after any
    rolled-back insert (nothing reads these tables' ids as a watermark, unlike officials')."""
    return (
        f"ARRAY(SELECT nextval('{table.name}_id_seq')"
        f" FROM generate_series(1, %({count})s::integer))"
    )


# Where stored events that may fuse with an article's are found: (1) under each fusion key, the
# dates that could fit one of the article's dated events (candidate_ranges() in the store);
# (2) any event under the article's keys already reported by one of its sentences (how undated
# reports fuse); (3) the signing events of the agreements it signs. Each part is an index lookup
# whose size does not grow with the database.
_RANGED = {
    "sqlite": "SELECT e.id FROM json_each(:ranges) AS w JOIN events AS e"
    " ON e.fusion_key = json_extract(w.value, '$[0]')"
    " AND e.date BETWEEN json_extract(w.value, '$[1]') AND json_extract(w.value, '$[2]')",
    "postgresql": "SELECT e.id FROM unnest(%(range_keys)s::text[], %(range_lows)s::date[],"
    " %(range_highs)s::date[]) AS w(key, low, high) JOIN events AS e"
    " ON e.fusion_key = w.key AND e.date BETWEEN w.low AND w.high",
}
_SAID = {
    "sqlite": "SELECT m.event_id FROM event_mentions AS m JOIN events AS e ON e.id = m.event_id"
    " WHERE m.sentence_key IN (SELECT value FROM json_each(:sentence_keys))"
    " AND e.fusion_key IN (SELECT value FROM json_each(:keys))",
    "postgresql": "SELECT m.event_id FROM event_mentions AS m JOIN events AS e"
    " ON e.id = m.event_id WHERE m.sentence_key = ANY(%(sentence_keys)s::bigint[])"
    " AND e.fusion_key = ANY(%(keys)s::text[])",
}


def _event_candidates(dialect: str) -> DriverSelect:
    columns = ", ".join(EVENT_COLUMNS)
    if dialect == "sqlite":
        signing = (
            "SELECT id FROM events WHERE agreement_id IN (SELECT value FROM json_each(:signing))"
        )
        sql = (
            f"SELECT {columns} FROM events WHERE id IN"
            f" ({_RANGED[dialect]} UNION {_SAID[dialect]} UNION {signing}) ORDER BY id"
        )
        return DriverSelect(dialect, sql, ("ranges", "sentence_keys", "keys", "signing"), ("date",))
    signing = "SELECT id FROM events WHERE agreement_id = ANY(%(signing)s::integer[])"
    sql = (
        f"SELECT {columns} FROM events WHERE id = ANY(ARRAY("
        f"{_RANGED[dialect]} UNION {_SAID[dialect]} UNION {signing})) ORDER BY id"
    )
    return DriverSelect(dialect, sql, (), ("date",))


def candidate_params(
    dialect: str,
    ranges: Sequence[tuple[str, date, date]],
    sentence_keys: Sequence[int],
    keys: Sequence[str],
    signing: Sequence[int] = (),
) -> dict[str, Any]:
    """Parameters of the event candidate lookup (`event_candidates`, the prefetch's part)."""
    params: dict[str, Any] = {
        "sentence_keys": list(sentence_keys),
        "keys": list(keys),
        "signing": list(signing),
    }
    if dialect == "sqlite":
        params["ranges"] = [[key, low.isoformat(), high.isoformat()] for key, low, high in ranges]
    else:
        params["range_keys"] = [key for key, _, _ in ranges]
        params["range_lows"] = [low for _, low, _ in ranges]
        params["range_highs"] = [high for _, _, high in ranges]
    return params


@cache
def statements(dialect: str) -> Statements:
    """The prebuilt statements for "sqlite" or "postgresql"."""
    upsert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    role = upsert(OFFICIAL_ROLES)
    old, new = OFFICIAL_ROLES.c, role.excluded
    mention_key = ["article_id", "field", "start_char"]

    def driver(statement: Any, *columns: str) -> DriverInsert:
        return driver_insert(statement, columns, dialect)

    event_columns = (
        "type", "cameo_code", "date", "date_precision", "date_source", "topic", "location",
        "status", "summary", "fusion_key", "agreement_id", "created_at", "updated_at",
    )  # fmt: skip
    return Statements(
        find_article=select(ARTICLES.c.id, ARTICLES.c.content_hash).where(
            or_(ARTICLES.c.content_hash == bindparam("hash"), ARTICLES.c.url == bindparam("url"))
        ),
        insert_article=upsert(ARTICLES).on_conflict_do_nothing().returning(ARTICLES.c.id),
        # The officials' newest ids come back with the article's, saving a round trip.
        insert_article_quick=driver(
            upsert(ARTICLES)
            .on_conflict_do_nothing()
            .returning(
                ARTICLES.c.id,
                select(func.max(OFFICIALS.c.id)).scalar_subquery().label("newest_official"),
                select(func.max(OFFICIAL_ALIASES.c.id)).scalar_subquery().label("newest_alias"),
            ),
            *ARTICLE_COLUMNS,
        ),
        prefetch=_prefetch(driver) if dialect == "postgresql" else None,
        update_article=update(ARTICLES).where(ARTICLES.c.id == bindparam("b_id")),
        newest_official_ids=select(
            select(func.max(OFFICIALS.c.id)).scalar_subquery(),
            select(func.max(OFFICIAL_ALIASES.c.id)).scalar_subquery(),
        ),
        # Officials, then aliases, newer than the ids given: one round trip for both.
        names_after=driver_select(
            dialect,
            "SELECT 0 AS kind, id, NULL AS official_id, country_iso3, name AS name, name_key"
            " FROM officials WHERE id > :officials"
            " UNION ALL SELECT 1, id, official_id, NULL, alias, NULL"
            " FROM official_aliases WHERE id > :aliases ORDER BY 1, 2",
        ),
        insert_official=driver(
            upsert(OFFICIALS)
            .on_conflict_do_nothing(index_elements=["name_key", "country_iso3"])
            .returning(OFFICIALS.c.id, OFFICIALS.c.name_key, OFFICIALS.c.country_iso3),
            "name",
            "name_key",
            "country_id",
            "country_iso3",
            "created_at",
        ),
        find_official=select(OFFICIALS.c.id).where(
            OFFICIALS.c.name_key == bindparam("name_key"),
            OFFICIALS.c.country_iso3 == bindparam("country_iso3"),
        ),
        rename_official=update(OFFICIALS)
        .where(OFFICIALS.c.id == bindparam("b_id"))
        .values(name=bindparam("b_name")),
        insert_alias=driver(
            upsert(OFFICIAL_ALIASES).on_conflict_do_nothing(
                index_elements=["official_id", "alias_norm"]
            ),
            "official_id",
            "alias",
            "alias_norm",
            "lang",
        ),
        upsert_role=driver(
            role.on_conflict_do_update(
                index_elements=["official_id", "title_norm"],
                set_={
                    "first_seen": _earliest(old.first_seen, new.first_seen),
                    "last_seen": _latest(old.last_seen, new.last_seen),
                    "organisation": func.coalesce(old.organisation, new.organisation),
                    "country_id": func.coalesce(old.country_id, new.country_id),
                },
            ),
            "official_id",
            "title",
            "title_norm",
            "organisation",
            "country_id",
            "first_seen",
            "last_seen",
            "first_article_id",
        ),
        insert_official_mention=driver(
            upsert(OFFICIAL_MENTIONS).on_conflict_do_nothing(
                index_elements=["official_id", *mention_key]
            ),
            "official_id",
            *_MENTION,
        ),
        insert_country_alias=driver(
            upsert(COUNTRY_ALIASES).on_conflict_do_nothing(
                index_elements=["country_id", "alias_norm", "lang"]
            ),
            "country_id",
            "alias",
            "alias_norm",
            "lang",
            "kind",
        ),
        agreements_by_key=driver_select(
            dialect,
            "SELECT id, name, name_norm, fusion_key, kind, topic, date, date_precision, status"
            " FROM agreements WHERE fusion_key IN LIST(:keys) ORDER BY id",
            lists=["keys"],
            dates=["date"],
        ),
        insert_agreement_row=driver(
            insert(AGREEMENTS).returning(AGREEMENTS.c.id), *AGREEMENT_COLUMNS
        ),
        insert_agreement_with_id=driver(insert(AGREEMENTS), "id", *AGREEMENT_COLUMNS),
        insert_party=driver(insert(AGREEMENT_PARTIES), "agreement_id", "country_id"),
        update_agreement=_update_by_id(
            dialect,
            AGREEMENTS,
            date="b_date",
            date_precision="b_precision",
            status="b_status",
            topic="b_topic",
            updated_at="b_now",
        ),
        insert_agreement_mention=driver(
            upsert(AGREEMENT_MENTIONS).on_conflict_do_nothing(
                index_elements=["agreement_id", *mention_key]
            ),
            "agreement_id",
            *_MENTION,
            "extractor_version",
        ),
        event_candidates=_event_candidates(dialect),
        sentences_by_key=driver_select(
            dialect,
            "SELECT m.event_id, m.sentence FROM event_mentions AS m"
            " JOIN events AS e ON e.id = m.event_id"
            " WHERE m.sentence_key IN LIST(:sentence_keys) AND e.fusion_key IN LIST(:keys)",
            lists=["sentence_keys", "keys"],
        ),
        insert_event_row=driver(insert(EVENTS).returning(EVENTS.c.id), *event_columns),
        insert_event_with_id=driver(insert(EVENTS), "id", *event_columns),
        update_event=_update_by_id(
            dialect,
            EVENTS,
            date="b_date",
            date_precision="b_precision",
            date_source="b_source",
            status="b_status",
            agreement_id="b_agreement",
            location="b_location",
            topic="b_topic",
            cameo_code="b_cameo",
            summary="b_summary",
            updated_at="b_now",
        ),
        participants_of=select(
            PARTICIPANTS.c.id,
            PARTICIPANTS.c.event_id,
            PARTICIPANTS.c.country_id,
            PARTICIPANTS.c.official_id,
        ).where(PARTICIPANTS.c.event_id.in_(bindparam("ids", expanding=True))),
        fill_participant=_update_by_id(dialect, PARTICIPANTS, official_id="b_official"),
        insert_participant=driver(
            insert(PARTICIPANTS), "event_id", "country_id", "official_id", "side"
        ),
        insert_pair=driver(
            upsert(PAIRS).on_conflict_do_nothing(),
            "event_id",
            "country_a",
            "country_b",
            "topic",
            "status",
            "date",
            "date_precision",
        ),
        update_pairs=_update_pairs(dialect),
        insert_event_mention=driver(
            upsert(EVENT_MENTIONS).on_conflict_do_nothing(
                index_elements=["event_id", *mention_key]
            ),
            "event_id",
            *_MENTION,
            "extractor_version",
            "sentence_key",
        ),
    )
