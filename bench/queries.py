"""Queries on a generated database of N events: kb's query functions against the same question
written by hand in SQL and run through the plain driver (the floor), with the query plans.

Arguments vary from run to run and are drawn from stored events, so popular country pairs come
up as often as they do in the data (and every question has an answer). kb and the floor run
alternately, first one then the other, so neither always finds the pages warmed by the other.
"""

from __future__ import annotations

import random
import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench import eventdb
from bench.databases import Databases
from bench.measure import (
    Figure,
    component_missing,
    judged,
    median,
    percentile,
    skipped,
)

SECTION = "queries"
TARGET_P95_MS = 20.0
TARGET_VS_SQL = 2.0
BIG_TABLES = ("events", "event_participants", "event_mentions", "agreements", "agreement_parties")
INDEX_NAME = re.compile(r"\b((?:ix|uq|pk)_\w+|sqlite_autoindex_\w+|\w+_pkey|\w+_key)\b")
SQLITE_FULL_SCAN = re.compile(r"^SCAN (\w+)(?! USING)")
POSTGRES_FULL_SCAN = re.compile(r"Seq Scan on (\w+)")

Args = dict[str, Any]


@dataclass
class Query:
    """One question: how kb answers it and how it is written by hand."""

    name: str
    kb: Callable[[Any, Args], Any]
    floor: list[str]  # SQL statements, :name parameters, {agg}(x) for string aggregation
    judged_p95: bool = False


# --- the questions -----------------------------------------------------------------------------


def _events_of(matching: str, where: str) -> list[str]:
    """The events a filter finds with their participants and reports, in one statement: the
    index-driven `matching` ids computed once, everything else joined by primary key or index
    (one row per event x participant x report, as one would write it by hand)."""
    return [
        f"""WITH matching AS ({matching})
SELECT e.id, e.date, e.date_precision, e.type, e.status, e.topic, e.location, e.summary,
       ag.name AS agreement, c.iso3, o.name AS official, m.sentence, a.title, a.url, a.published
FROM matching JOIN events e ON e.id = matching.event_id
LEFT JOIN agreements ag ON ag.id = e.agreement_id
JOIN event_participants p ON p.event_id = e.id
JOIN countries c ON c.id = p.country_id
LEFT JOIN officials o ON o.id = p.official_id
JOIN event_mentions m ON m.event_id = e.id
JOIN articles a ON a.id = m.article_id
WHERE {where}
ORDER BY e.date IS NULL, e.date, e.id""",
    ]


# The pair's events with the topic asked for: one range of the event_country_pairs index, the
# best the schema offers (`:lo` < `:hi` are the two country ids).
_PAIR = (
    "SELECT event_id FROM event_country_pairs\n"
    "    WHERE country_a = :lo AND country_b = :hi AND topic IN ({topics})"
)
# Both countries' rows found by walking the rarer country's index range (`:a`, chosen by the
# sampler) and probing the other's; {cross} keeps SQLite, which has no statistics, to that order.
_AGREEMENT_PAIR = (
    "SELECT p1.agreement_id FROM agreement_parties p1 {cross}JOIN agreement_parties p2\n"
    "    ON p2.agreement_id = p1.agreement_id AND p2.country_id = :b WHERE p1.country_id = :a"
)

_UNSIGNED_AGREEMENTS = f"""WITH matching AS ({_AGREEMENT_PAIR})
SELECT ag.id, ag.name, ag.kind, ag.topic, ag.date, ag.date_precision, ag.status
FROM matching JOIN agreements ag ON ag.id = matching.agreement_id
WHERE ag.topic IN ({{topics}})
  AND NOT EXISTS (SELECT 1 FROM events e WHERE e.agreement_id = ag.id)"""
TWO_COUNTRY_SQL = [
    *_events_of(_PAIR, "e.status = 'occurred' AND e.topic IN ({topics})"),
    _UNSIGNED_AGREEMENTS,
]
# The first page the table shows: the page's events ranked and counted in one pass over the
# pair's index range (a window count; the index copies status and date), then only they joined
# to their details.
TWO_COUNTRY_PAGE_SQL = [
    """WITH page AS (SELECT event_id AS id, date, count(*) OVER () AS total
    FROM event_country_pairs
    WHERE country_a = :lo AND country_b = :hi AND topic IN ({topics}) AND status = 'occurred'
    ORDER BY date IS NULL, date, event_id LIMIT {page})
SELECT e.id, e.date, e.date_precision, e.type, e.status, e.topic, e.location, e.summary,
       ag.name AS agreement, c.iso3, o.name AS official, m.sentence, a.title, a.url, a.published,
       page.total
FROM page JOIN events e ON e.id = page.id
LEFT JOIN agreements ag ON ag.id = e.agreement_id
JOIN event_participants p ON p.event_id = e.id
JOIN countries c ON c.id = p.country_id
LEFT JOIN officials o ON o.id = p.official_id
JOIN event_mentions m ON m.event_id = e.id
JOIN articles a ON a.id = m.article_id
ORDER BY page.date IS NULL, page.date, page.id""",
    _UNSIGNED_AGREEMENTS,
]
ONE_COUNTRY_SQL = _events_of(
    "SELECT DISTINCT event_id FROM event_participants WHERE country_id = :a",
    "e.status = 'occurred' AND e.date >= :since AND e.date <= :until",
)
OFFICIAL_SQL = [
    """SELECT o.id, o.name, o.country_iso3,
       (SELECT {agg}(r.title || ' ' || coalesce(CAST(r.first_seen AS TEXT), ''))
          FROM official_roles r WHERE r.official_id = o.id) AS roles
FROM officials o WHERE o.id = :official""",
    *_events_of(
        "SELECT DISTINCT event_id FROM event_participants WHERE official_id = :official",
        "1 = 1",
    ),
    """SELECT m.sentence, a.title, a.url FROM official_mentions m
JOIN articles a ON a.id = m.article_id WHERE m.official_id = :official""",
]
AGREEMENTS_SQL = [
    f"""WITH matching AS ({_AGREEMENT_PAIR})
SELECT ag.id, ag.name, ag.kind, ag.topic, ag.date, ag.date_precision, ag.status,
       (SELECT {{agg}}(c.iso3) FROM agreement_parties p JOIN countries c ON c.id = p.country_id
         WHERE p.agreement_id = ag.id) AS parties,
       (SELECT {{agg}}(m.sentence || '|' || a.title)
          FROM agreement_mentions m JOIN articles a ON a.id = m.article_id
         WHERE m.agreement_id = ag.id) AS evidence,
       (SELECT min(e.id) FROM events e WHERE e.agreement_id = ag.id) AS signing_event
FROM matching JOIN agreements ag ON ag.id = matching.agreement_id
ORDER BY ag.date IS NULL, ag.date, ag.id""",
]


def _two_country(connection: Any, args: Args) -> Any:
    from kb.query.timeline import timeline

    return timeline(connection, [args["iso_a"], args["iso_b"]], topic=args["topic"])


def _two_country_page(connection: Any, args: Args) -> Any:
    """What `kb timeline A B --topic T` (table output) asks for: the first page and the count."""
    from kb.query.filters import EventFilter
    from kb.query.timeline import timeline_page

    wanted = EventFilter([args["iso_a"], args["iso_b"]], args["topic"], limit=_page_rows())
    return timeline_page(connection, wanted)


def _page_rows() -> int:
    from kb.cli.query import TABLE_PAGE_ROWS

    return TABLE_PAGE_ROWS


def _one_country(connection: Any, args: Args) -> Any:
    from kb.query.timeline import timeline

    return timeline(connection, [args["iso_a"]], since=args["year"], until=args["year"])


def _official(connection: Any, args: Args) -> Any:
    from kb.query.lookups import show_official

    return show_official(connection, args["official"])


def _agreements(connection: Any, args: Args) -> Any:
    from kb.query.lookups import agreements

    return agreements(connection, [args["iso_a"], args["iso_b"]])


UNIFORM_PAIRS = "two-country timeline + topic, uniform pairs, whole answer"
QUERIES = (
    Query(
        "two-country timeline + topic, whole answer",
        _two_country,
        TWO_COUNTRY_SQL,
        judged_p95=True,
    ),
    Query(
        "two-country timeline + topic, first page",
        _two_country_page,
        TWO_COUNTRY_PAGE_SQL,
        judged_p95=True,
    ),
    Query(UNIFORM_PAIRS, _two_country, TWO_COUNTRY_SQL, judged_p95=True),
    Query("one-country timeline, one year", _one_country, ONE_COUNTRY_SQL),
    Query("official's record", _official, OFFICIAL_SQL),
    Query("agreements between two countries", _agreements, AGREEMENTS_SQL),
)


# --- running -----------------------------------------------------------------------------------


def run(
    databases: Databases,
    backends: list[str],
    events: int,
    runs: int,
    plans: dict[str, Any],
    seed: int = 0,
) -> list[Figure]:
    """Figures per query and database; the query plans go into `plans`."""
    missing = component_missing("kb.query.timeline", "kb.query.lookups")
    if missing:
        return [skipped(SECTION, "latency", f"{missing} not available yet")]
    figures: list[Figure] = []
    for backend in backends:
        if backend == "postgresql" and (why := databases.postgres_down()):
            figures.append(skipped(SECTION, "latency", f"PostgreSQL down ({why})", backend))
            continue
        started = time.perf_counter()
        if backend == "sqlite":
            path, stats = eventdb.cached_sqlite(events, seed)
            url = f"sqlite:///{path}"
            how = "built" if stats else "cached"
        else:
            url = databases.new("postgresql", "events")
            eventdb.build(url, events, seed)
            how = "built"
        built = f"{events:,}-event database {how} in {time.perf_counter() - started:.0f} s"
        try:
            figures += _measure(url, backend, runs, plans, seed, built)
        finally:
            if backend == "postgresql":
                databases.drop(url)
    return figures


def _measure(
    url: str, backend: str, runs: int, plans: dict[str, Any], seed: int, built: str
) -> list[Figure]:
    from sqlalchemy import event

    from kb.db.engine import make_engine, reading

    engine = make_engine(url)
    raw = _driver_connection(url)
    figures: list[Figure] = []
    try:
        samples = _sample_arguments(raw, backend, runs, seed)
        with reading(engine).connect() as connection:
            for query in QUERIES:
                arguments = samples[query.name]
                if not arguments:
                    figures.append(skipped(SECTION, query.name, "nothing to ask about", backend))
                    continue
                floor_sql = [_dialect_sql(sql, backend, arguments[0]) for sql in query.floor]
                captured: list[tuple[str, Any]] = []

                def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any,
                            into: list[tuple[str, Any]] = captured) -> None:  # fmt: skip
                    into.append((statement, parameters))

                event.listen(engine, "before_cursor_execute", capture)
                try:
                    query.kb(connection, arguments[0])
                finally:
                    event.remove(engine, "before_cursor_execute", capture)
                connection.rollback()
                plans[f"{query.name} [{backend}]"] = {
                    "kb": [
                        _explain(raw, backend, sql, params)
                        for sql, params in captured
                        if sql.lstrip().upper().startswith(("SELECT", "WITH"))
                    ],
                    "floor": [
                        _explain(raw, backend, sql, _floor_params(arguments[0]))
                        for sql in floor_sql
                    ],
                }
                kb_ms, floor_ms, sizes = _time(connection, raw, backend, query, arguments, runs)
                figures += _figures(query, backend, kb_ms, floor_ms, sizes, plans, built)
    finally:
        raw.close()
        engine.dispose()
    return figures


def _time(
    connection: Any, raw: Any, backend: str, query: Query, arguments: list[Args], runs: int
) -> tuple[list[float], list[float], list[int]]:
    sizes: list[int] = []

    def kb_once(args: Args) -> float:
        started = time.perf_counter()
        result = query.kb(connection, args)
        elapsed = time.perf_counter() - started
        connection.rollback()
        sizes.append(_size(result))
        return elapsed * 1000

    def floor_once(args: Args) -> float:
        params = _floor_params(args)
        statements = [_dialect_sql(sql, backend, args) for sql in query.floor]
        started = time.perf_counter()
        cursor = raw.cursor()
        for sql in statements:
            cursor.execute(sql, params)
            cursor.fetchall()
        cursor.close()
        return (time.perf_counter() - started) * 1000

    for args in arguments[:3]:  # warm the caches and the statement compilers
        kb_once(args)
        floor_once(args)
    sizes.clear()
    kb_ms, floor_ms = [], []
    for n in range(runs):
        args = arguments[n % len(arguments)]
        if n % 2:
            floor_ms.append(floor_once(args))
            kb_ms.append(kb_once(args))
        else:
            kb_ms.append(kb_once(args))
            floor_ms.append(floor_once(args))
    return kb_ms, floor_ms, sizes


def _size(result: Any) -> int:
    """Rows a query returned: a list's length, a page's rows, a record's events."""
    if isinstance(result, list):
        return len(result)
    return len(result.rows) if hasattr(result, "rows") else len(result.events)


def _figures(
    query: Query,
    backend: str,
    kb_ms: list[float],
    floor_ms: list[float],
    sizes: list[int],
    plans: dict[str, Any],
    built: str,
) -> list[Figure]:
    plan = plans[f"{query.name} [{backend}]"]
    kb_lines = [line for _sql, lines in plan["kb"] for line in lines]
    indexes = sorted({m for line in kb_lines for m in INDEX_NAME.findall(line)})
    scans = sorted(_full_scans(kb_lines, backend))
    note = f"indexes: {', '.join(indexes) or 'none'}"
    if scans:
        note += f"; FULL SCAN of {', '.join(scans)}"
    p50 = Figure(
        SECTION,
        f"{query.name}, p50",
        median(kb_ms),
        "ms",
        db=backend,
        runs=kb_ms,
        floor=median(floor_ms),
        note=f"rows returned: median {median(sizes):g}, p95 {percentile(sizes, 95)}, "
        f"max {max(sizes)}; {built}",
    )
    p95 = Figure(
        SECTION,
        f"{query.name}, p95",
        percentile(kb_ms, 95),
        "ms",
        db=backend,
        floor=percentile(floor_ms, 95),
        note=note,
    )
    if query.judged_p95:
        floor95 = p95.floor or 0.0
        judged(
            p95,
            f"<= {TARGET_P95_MS:g} ms, <= {TARGET_VS_SQL:g}x SQL",
            lambda v: v <= TARGET_P95_MS and v <= TARGET_VS_SQL * floor95,
        )
    return [p50, p95]


def _full_scans(lines: list[str], backend: str) -> set[str]:
    pattern = SQLITE_FULL_SCAN if backend == "sqlite" else POSTGRES_FULL_SCAN
    found = set()
    for line in lines:
        match = pattern.search(line.strip())
        if match and match.group(1) in BIG_TABLES:
            found.add(match.group(1))
    return found


# --- arguments drawn from the data -------------------------------------------------------------


def _sample_arguments(raw: Any, backend: str, runs: int, seed: int) -> dict[str, list[Args]]:
    rng = random.Random(seed)
    cursor = raw.cursor()
    cursor.execute("SELECT max(id) FROM events")
    top = cursor.fetchone()[0] or 0
    event_ids = rng.sample(range(1, top + 1), min(runs, top)) if top else []
    marks = ", ".join(["%s" if backend == "postgresql" else "?"] * len(event_ids)) or "NULL"
    cursor.execute(
        f"SELECT p.event_id, c.id, c.iso3, p.official_id, e.topic, e.date "
        f"FROM event_participants p JOIN countries c ON c.id = p.country_id "
        f"JOIN events e ON e.id = p.event_id WHERE p.event_id IN ({marks}) ORDER BY p.id",
        event_ids,
    )
    by_event: dict[int, list[tuple[Any, ...]]] = {}
    for row in cursor.fetchall():
        by_event.setdefault(row[0], []).append(row)
    pairs, singles, officials = [], [], []
    for event_id in event_ids:
        rows = by_event.get(event_id, [])
        if len(rows) >= 2:
            (_, id_a, iso_a, _, topic, day), (_, id_b, iso_b, *_rest) = rows[:2]
            pairs.append({"a": id_a, "iso_a": iso_a, "b": id_b, "iso_b": iso_b, "topic": topic})
            year = str(day)[:4] if day else "2015"
            singles.append({"a": id_a, "iso_a": iso_a, "year": year})
        officials += [{"official": r[3]} for r in rows if r[3] is not None][:1]
    cursor.execute("SELECT max(id) FROM agreements")
    top_agreement = cursor.fetchone()[0] or 0
    agreement_ids = rng.sample(range(1, top_agreement + 1), min(runs, top_agreement))
    agreement_pairs = []
    if agreement_ids:
        marks = ", ".join(["%s" if backend == "postgresql" else "?"] * len(agreement_ids))
        cursor.execute(
            f"SELECT p.agreement_id, c.id, c.iso3 FROM agreement_parties p "
            f"JOIN countries c ON c.id = p.country_id WHERE p.agreement_id IN ({marks}) "
            f"ORDER BY p.agreement_id, c.id",
            agreement_ids,
        )
        parties: dict[int, list[tuple[Any, ...]]] = {}
        for row in cursor.fetchall():
            parties.setdefault(row[0], []).append(row)
        for rows in parties.values():
            if len(rows) >= 2:
                (_, id_a, iso_a), (_, id_b, iso_b) = rows[:2]
                agreement_pairs.append({"a": id_a, "iso_a": iso_a, "b": id_b, "iso_b": iso_b})
    uniform = _uniform_pairs(cursor, rng, runs)
    _rarer_first(cursor, backend, "event_participants", pairs + uniform)
    _rarer_first(cursor, backend, "agreement_parties", agreement_pairs)
    cursor.close()
    rng.shuffle(agreement_pairs)
    return {
        QUERIES[0].name: pairs,
        QUERIES[1].name: pairs,
        QUERIES[2].name: uniform,
        QUERIES[3].name: singles,
        QUERIES[4].name: officials,
        QUERIES[5].name: agreement_pairs,
    }


def _rarer_first(cursor: Any, backend: str, table: str, pairs: list[Args]) -> None:
    """Swap each pair so that `a` is the country with fewer rows (the floor walks its range)."""
    mark = "%s" if backend == "postgresql" else "?"
    counts: dict[int, int] = {}
    for pair in pairs:
        for key in ("a", "b"):
            if pair[key] not in counts:
                cursor.execute(
                    f"SELECT count(*) FROM {table} WHERE country_id = {mark}", (pair[key],)
                )
                counts[pair[key]] = cursor.fetchone()[0]
        if counts[pair["a"]] > counts[pair["b"]]:
            pair["a"], pair["b"] = pair["b"], pair["a"]
            pair["iso_a"], pair["iso_b"] = pair["iso_b"], pair["iso_a"]


def _uniform_pairs(cursor: Any, rng: random.Random, runs: int) -> list[Args]:
    """Pairs drawn evenly from every pair that shares an event: the typical question, where
    drawing by event frequency gives the heavy one."""
    cursor.execute(
        "SELECT DISTINCT a.country_id, b.country_id FROM event_participants a "
        "JOIN event_participants b ON b.event_id = a.event_id AND a.country_id < b.country_id"
    )
    pairs = sorted(cursor.fetchall())
    cursor.execute("SELECT id, iso3 FROM countries")
    iso3 = dict(cursor.fetchall())
    topics = ("defence", "security", "economy", "trade", "diplomacy", "energy")
    return [
        {"a": a, "iso_a": iso3[a], "b": b, "iso_b": iso3[b], "topic": rng.choice(topics)}
        for a, b in rng.sample(pairs, min(runs, len(pairs)))
    ]


# --- SQL for each driver -----------------------------------------------------------------------


def _topics(args: Args) -> tuple[str, ...]:
    """The stored topics kb reads a topic word as (its family), so both ask the same question."""
    if "topic" not in args:
        return ()
    try:
        from kb.query.topics import topics_for

        return tuple(topics_for([args["topic"]]))
    except ImportError:
        return (args["topic"],)


def _floor_params(args: Args) -> dict[str, Any]:
    params = {k: v for k, v in args.items() if k in ("a", "b", "official")}
    if "a" in args and "b" in args:
        params["lo"], params["hi"] = sorted((args["a"], args["b"]))
    if "year" in args:
        params["since"] = f"{args['year']}-01-01"
        params["until"] = f"{args['year']}-12-31"
    for n, topic in enumerate(_topics(args)):
        params[f"t{n}"] = topic
    return params


def _dialect_sql(sql: str, backend: str, args: Args) -> str:
    topics = ", ".join(f":t{n}" for n in range(len(_topics(args)))) or "NULL"
    sql = (
        sql.replace("{topics}", topics)
        .replace("{cross}", "CROSS " if backend == "sqlite" else "")
        .replace("{page}", str(_page_rows()))
    )
    sql = _string_agg(sql, backend)
    if backend == "postgresql":
        return re.sub(r"(?<!:):(\w+)", r"%(\1)s", sql)
    return sql


def _string_agg(sql: str, backend: str) -> str:
    """{agg}(expr) → group_concat(expr, ';') on SQLite, string_agg(expr, ';') on PostgreSQL."""
    function = "string_agg" if backend == "postgresql" else "group_concat"
    while (start := sql.find("{agg}(")) >= 0:
        depth, end = 0, start + len("{agg}")
        for end in range(start + len("{agg}"), len(sql)):
            depth += {"(": 1, ")": -1}.get(sql[end], 0)
            if depth == 0:
                break
        inner = sql[start + len("{agg}(") : end]
        sql = f"{sql[:start]}{function}({inner}, ';'){sql[end + 1 :]}"
    return sql


def _driver_connection(url: str) -> Any:
    if url.startswith("sqlite"):
        from kb.db.engine import SQLITE_READ_PRAGMAS

        # kb's read settings (the memory map), so the floor reads pages the way kb does.
        connection = sqlite3.connect(url.removeprefix("sqlite:///"))
        for pragma in SQLITE_READ_PRAGMAS:
            connection.execute(pragma)
        return connection
    import psycopg2

    connection = psycopg2.connect(url.replace("postgresql+psycopg2://", "postgresql://", 1))
    connection.autocommit = True
    return connection


def _explain(raw: Any, backend: str, sql: str, params: Any) -> tuple[str, list[str]]:
    """(the statement's first line, its plan lines)."""
    head = " ".join(sql.split())[:110]
    cursor = raw.cursor()
    try:
        if backend == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            rows = cursor.fetchall()
            depth: dict[int, int] = {0: 0}
            lines = []
            for node, parent, _unused, detail in rows:
                depth[node] = depth.get(parent, 0) + 1
                lines.append("  " * (depth[node] - 1) + detail)
        else:
            cursor.execute("EXPLAIN " + sql, params)
            lines = [row[0] for row in cursor.fetchall()]
    except Exception as exc:  # a plan we cannot get is reported, not fatal
        lines = [f"(no plan: {type(exc).__name__}: {str(exc).splitlines()[0]})"]
    finally:
        cursor.close()
    return head, lines
