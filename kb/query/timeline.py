"""Timelines and event listings: which events match, in real-date order, with who, where, and why.

The SQL is shaped for large databases. With two or more countries, events are found in one range
of the `event_country_pairs` index (the rarest pair's, already narrowed by topic and date), so
Pakistan–Japan costs what its own events cost, not what Pakistan's quarter of all events costs;
further countries are probed in `event_participants` (EXISTS). With one country, its
`event_participants` (country_id, event_id) range is walked. Only then are the events read by
primary key and filtered. Participants, mentions and the officials' posts are fetched for the
whole page in one query each, never one query per row. A page (`limit`, `offset`) reads the
details of its own rows only, and the statement that ranks the matches also counts them, so the
first page of a pair with thousands of events costs little more than its count. The
statements are plain SQL run through the driver (`kb.query.driver_sql`): at a few rows per
timeline, compiling SQLAlchemy statements would cost more than running them.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from itertools import combinations
from operator import attrgetter

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    Select,
    and_,
    case,
    intersect,
    or_,
    select,
)

from kb.query.driver_sql import as_date, chunks, dialect_of, marks, run
from kb.query.filters import DEFAULT_STATUSES, EventFilter, ResolvedFilter
from kb.query.periods import Period
from kb.query.rows import (
    AgreementRef,
    ArticleRef,
    CountryRef,
    Evidence,
    OfficialRef,
    Role,
    TimelinePage,
    TimelineRow,
    period_end,
    role_at,
)

PRECISION_ORDER = {"year": 0, "month": 1, "day": 2}


def timeline(
    connection: Connection,
    countries: Sequence[str],
    *,
    topic: str | Sequence[str] | None = None,
    type: str | Sequence[str] | None = None,
    since: str | date | Period | None = None,
    until: str | date | Period | None = None,
    official: str | None = None,
    statuses: Sequence[str] | None = DEFAULT_STATUSES,
    limit: int | None = None,
    offset: int = 0,
) -> list[TimelineRow]:
    """Events in which every one of `countries` took part, oldest first, undated last.

    With one country: everything it did with anyone. Agreements between them that no stored event
    records the signing of are listed too, as rows of kind "agreement"; a signed agreement with
    a signing event appears once, on that event. `limit` and `offset` give one page of that
    order (`timeline_page` also tells how many rows there are in all).
    """
    wanted = EventFilter(countries, topic, type, since, until, official, statuses, limit, offset)
    return timeline_page(connection, wanted, count=False).rows


def timeline_page(
    connection: Connection, wanted: EventFilter, *, count: bool = True
) -> TimelinePage:
    """The page of the timeline that `wanted` asks for (its `limit` and `offset`), and how many
    rows the whole timeline has. Without `count`, `total` only counts the rows read up to the
    page's end (the page's own statement then skips the count)."""
    if not wanted.countries:
        from kb.errors import UsageError

        raise UsageError("name at least one country")
    resolved = _rarest_first(connection, wanted.resolve(connection))
    return _page(connection, resolved, agreements=resolved.wants_agreement_rows(), count=count)


def events(
    connection: Connection,
    *,
    countries: Sequence[str] = (),
    topic: str | Sequence[str] | None = None,
    type: str | Sequence[str] | None = None,
    since: str | date | Period | None = None,
    until: str | date | Period | None = None,
    official: str | None = None,
    statuses: Sequence[str] | None = DEFAULT_STATUSES,
    limit: int | None = None,
    offset: int = 0,
) -> list[TimelineRow]:
    """Stored events matching the filters (countries optional), oldest first, undated last."""
    wanted = EventFilter(countries, topic, type, since, until, official, statuses, limit, offset)
    return events_page(connection, wanted, count=False).rows


def events_page(connection: Connection, wanted: EventFilter, *, count: bool = True) -> TimelinePage:
    """The page of stored events `wanted` asks for, and how many match (see `timeline_page`)."""
    resolved = _rarest_first(connection, wanted.resolve(connection))
    return _page(connection, resolved, agreements=False, count=count)


def timeline_for(connection: Connection, wanted: ResolvedFilter) -> list[TimelineRow]:
    resolved = _rarest_first(connection, wanted)
    return _page(connection, resolved, agreements=resolved.wants_agreement_rows()).rows


def events_for(connection: Connection, wanted: ResolvedFilter) -> list[TimelineRow]:
    return _page(connection, _rarest_first(connection, wanted), agreements=False).rows


def _page(
    connection: Connection, wanted: ResolvedFilter, *, agreements: bool, count: bool = False
) -> TimelinePage:
    """The rows of a filter whose countries are already ordered (the rarest pair first), cut to
    its page.

    Only the page's rows get their details (participants, officials, reports). The events up to
    the page's end are found in SQL order, which is the final order for dated events; undated
    ones are placed by their first report, which only their details tell, so when the page
    reaches them they are all read. Agreement rows (few) are merged in before the cut. With
    `count`, the statement finding them also counts every match (a window count over the same
    index probes, cheaper than a second statement making them again).
    """
    end = None if wanted.limit is None else wanted.offset + wanted.limit
    with collector_paused():
        rows, matching = _select_events(connection, wanted, limit=end, count=count)
        complete = end is None or len(rows) < end  # every matching event is in `rows`
        if not complete and rows and rows[-1].date is None:
            rows = [row for row in rows if row.date is not None]
            rows += _select_events(connection, wanted, undated=True)[0]
        if end is None:
            attach_event_details(connection, rows)
        else:
            attach_event_details(connection, [row for row in rows if row.date is None])
        event_count = len(rows)
        if agreements and wanted.countries:
            rows.extend(_unsigned_agreement_rows(connection, wanted))
        rows.sort(key=chronological)
        page = rows[wanted.offset : end]
        if end is not None:
            attach_event_details(
                connection, [row for row in page if row.kind == "event" and row.date is not None]
            )
    total = len(rows)
    if matching is not None:
        total += matching - event_count
    return TimelinePage(page, total, wanted.offset)


def event_rows(connection: Connection, event_ids: Sequence[int]) -> list[TimelineRow]:
    """The given events (any status) as timeline rows, in chronological order."""
    rows: list[TimelineRow] = []
    with collector_paused():
        for chunk in chunks(sorted(set(event_ids))):
            rows.extend(_select_events(connection, ResolvedFilter(statuses=None), chunk)[0])
        attach_event_details(connection, rows)
    return sorted(rows, key=chronological)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a page of rows is built.

    A timeline of thousands of events allocates a few hundred thousand objects, all kept, none
    in a reference cycle: the collector's full passes over the heap, which so many survivors
    set off, cost a third of the build and free nothing. Reference counting still frees
    everything as usual; the collector is switched back on (if it was on) on the way out.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def chronological(row: TimelineRow) -> tuple[object, ...]:
    """Sort key: dated rows by date (a year before its months, a month before its days), then
    undated rows by the date they were reported."""
    if row.date is not None:
        return (0, row.date, PRECISION_ORDER.get(row.date_precision or "day", 2), row.kind, row.id)
    return (1, row.reported or date.max, 0, row.kind, row.id)


# --- finding events ----------------------------------------------------------------------------

_CHRONOLOGICAL_SQL = (
    "CASE WHEN {t}.date IS NULL THEN 1 ELSE 0 END, {t}.date, "
    "CASE WHEN {t}.date_precision = 'year' THEN 0 WHEN {t}.date_precision = 'month' THEN 1 "
    "ELSE 2 END, {t}.{id}"
)


def _chronological_sql(table: str, id_column: str = "id") -> str:
    return _CHRONOLOGICAL_SQL.format(t=table, id=id_column)


class _Where:
    """WHERE conditions and their parameters, in order."""

    def __init__(self) -> None:
        self.conditions: list[str] = []
        self.params: list[object] = []

    def add(self, condition: str, *params: object) -> None:
        self.conditions.append(condition)
        self.params.extend(params)

    def one_of(self, column: str, values: Sequence[object]) -> None:
        if values:
            self.add(f"{column} IN ({marks(len(values))})", *values)
        else:
            self.add("1 = 0")

    def sql(self) -> str:
        return " WHERE " + " AND ".join(self.conditions) if self.conditions else ""


def _event_conditions(
    connection: Connection,
    wanted: ResolvedFilter,
    ids: Sequence[int] | None = None,
    undated: bool = False,
) -> _Where:
    """The WHERE conditions on `events e` of a filter (and of a list of ids, if given; only
    undated events if `undated`)."""
    dialect = dialect_of(connection)
    where = _Where()
    # With ids to start from, keep SQLite off the topic/type/date indexes ("+column" is not
    # indexable): it would probe them once per id and topic instead of the primary key once.
    e = "+e" if dialect == "sqlite" and (wanted.countries or ids is not None) else "e"
    if len(wanted.countries) >= 2:
        found, params = pair_ids_sql(wanted)
        where.add(_id_in_subquery("e.id", found, dialect), *params)
    elif wanted.countries:
        found, params = ids_with_all_sql("event_participants", "event_id", wanted.countries)
        where.add(_id_in_subquery("e.id", found, dialect), *params)
    if ids is not None:
        where.one_of("e.id", ids)
    if wanted.statuses is not None:
        where.one_of(f"{e}.status", wanted.statuses)
    if wanted.topics:
        where.one_of(f"{e}.topic", wanted.topics)
    if wanted.types:
        where.one_of(f"{e}.type", [t for t in wanted.types if t != "agreement"])
    _date_sql(where, e, wanted)
    if undated:
        where.add(f"{e}.date IS NULL")
    if wanted.official_ids is not None:
        where.add(
            "e.id IN (SELECT event_id FROM event_participants "
            f"WHERE official_id IN ({marks(len(wanted.official_ids))}))",
            *wanted.official_ids,
        )
    return where


def _select_events(
    connection: Connection,
    wanted: ResolvedFilter,
    ids: Sequence[int] | None = None,
    *,
    limit: int | None = None,
    undated: bool = False,
    count: bool = False,
) -> tuple[list[TimelineRow], int | None]:
    """The events of a filter without their details, in SQL order: dated by date, then undated
    by id (`undated`: only those); at most `limit`. Also, with `count` and a limit, how many
    events match in all (else None).

    The counted form ranks and counts the matches on their ids and dates alone, and reads only
    the page's rows whole: a window count over the full rows would copy every match's columns.
    """
    counted = count and limit is not None
    if counted and _ranked_by_pairs(wanted, ids, undated):
        return _select_page_by_pairs(connection, wanted, int(limit or 0))
    where = _event_conditions(connection, wanted, ids, undated)
    columns = _EVENT_COLUMNS
    with_agreement = " LEFT JOIN agreements ag ON ag.id = e.agreement_id"
    order = " ORDER BY " + _chronological_sql("e")
    if counted:
        sql = (
            f"{columns}, k.matching FROM (SELECT e.id, e.date, e.date_precision, "
            f"count(*) OVER () AS matching FROM events e{where.sql()}{order} "
            f"LIMIT {int(limit or 0)}) k JOIN events e ON e.id = k.id{with_agreement}"
            " ORDER BY " + _chronological_sql("k")
        )
    else:
        sql = f"{columns}, NULL FROM events e{with_agreement}{where.sql()}{order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
    found = run(connection, sql, where.params)
    rows = _event_rows(found)
    if not counted:
        return rows, None
    return rows, int(found[0][-1]) if found else 0


_EVENT_COLUMNS = (
    "SELECT e.id, e.date, e.date_precision, e.date_source, e.type, e.cameo_code, e.status, "
    "e.topic, e.location, e.summary, e.agreement_id, ag.name, ag.kind"
)


def _event_rows(found: Sequence[Sequence[object]]) -> list[TimelineRow]:
    """Timeline rows (without details) from rows of `_EVENT_COLUMNS` plus one trailing column."""
    return [
        TimelineRow(
            kind="event",
            id=id_,
            date=as_date(day),
            date_precision=precision if day else None,
            type=type_,
            status=status,
            topic=topic,
            location=location,
            summary=summary,
            agreement=AgreementRef(agreement_id, name or "", kind or "")
            if agreement_id is not None
            else None,
            cameo_code=cameo,
            date_source=source,
        )
        for (
            id_,
            day,
            precision,
            source,
            type_,
            cameo,
            status,
            topic,
            location,
            summary,
            agreement_id,
            name,
            kind,
            _matching,
        ) in found
    ]


def _ranked_by_pairs(wanted: ResolvedFilter, ids: Sequence[int] | None, undated: bool) -> bool:
    """Whether the pair index alone can rank and count a page: every condition of the filter
    is on a column event_country_pairs copies (countries, topic, status, dates)."""
    return (
        len(wanted.countries) >= 2
        and not wanted.types
        and wanted.official_ids is None
        and ids is None
        and not undated
    )


def _select_page_by_pairs(
    connection: Connection, wanted: ResolvedFilter, limit: int
) -> tuple[list[TimelineRow], int | None]:
    """The first `limit` events of a two-or-more-country filter and how many match, ranked and
    counted in the `event_country_pairs` index (no event is read but the page's)."""
    where = _pair_where(wanted)
    if wanted.statuses is not None:
        where.one_of("p.status", wanted.statuses)
    _date_sql(where, "p", wanted)
    sql = (
        f"{_EVENT_COLUMNS}, k.matching FROM (SELECT p.event_id AS id, p.date, p.date_precision,"
        f" count(*) OVER () AS matching FROM event_country_pairs p{where.sql()}"
        f" ORDER BY {_chronological_sql('p', 'event_id')} LIMIT {limit}) k"
        " JOIN events e ON e.id = k.id LEFT JOIN agreements ag ON ag.id = e.agreement_id"
        f" ORDER BY {_chronological_sql('k')}"
    )
    found = run(connection, sql, where.params)
    return _event_rows(found), int(found[0][-1]) if found else 0


def _id_in_subquery(column: str, subquery: str, dialect: str) -> str:
    """`column` among the ids `subquery` finds, computed once, before the outer table is read.

    PostgreSQL would otherwise plan a semi-join that may hash every event with the topic asked
    for; `= ANY(ARRAY(…))` runs the subquery first and probes the primary key with its ids.
    """
    if dialect == "postgresql":
        return f"{column} = ANY(ARRAY({subquery}))"
    return f"{column} IN ({subquery})"


def pair_ids_sql(wanted: ResolvedFilter) -> tuple[str, list[object]]:
    """SQL for the events of a filter naming two or more countries: the `event_country_pairs`
    index range of its first two (the rarest pair), narrowed there by topic and by the widest
    date bounds the filter allows, and an EXISTS probe of `event_participants` for each further
    country. The exact date and status tests stay on the events."""
    where = _pair_where(wanted)
    if wanted.since is not None:  # a year-precision date of the since year still overlaps
        where.add("p.date >= ?", wanted.since.start.replace(month=1, day=1).isoformat())
    if wanted.until is not None:
        where.add("p.date <= ?", wanted.until.end.isoformat())
    return "SELECT p.event_id FROM event_country_pairs p" + where.sql(), where.params


def _pair_where(wanted: ResolvedFilter) -> _Where:
    """Conditions on `event_country_pairs p`: the first two countries' pair, the topic, and an
    EXISTS probe of `event_participants` for each further country."""
    first, second, *others = wanted.countries
    where = _Where()
    where.add("p.country_a = ?", min(first.id, second.id))
    where.add("p.country_b = ?", max(first.id, second.id))
    if wanted.topics:
        where.one_of("p.topic", wanted.topics)
    for n, country in enumerate(others):
        where.add(
            f"EXISTS (SELECT 1 FROM event_participants x{n} "
            f"WHERE x{n}.event_id = p.event_id AND x{n}.country_id = ?)",
            country.id,
        )
    return where


def ids_with_all_sql(
    table: str, id_column: str, countries: Sequence[CountryRef]
) -> tuple[str, list[int]]:
    """SQL for the ids having a row for every country: the first country's index range, walked,
    and an EXISTS probe of the (country_id, id) index for each of the others."""
    sql = f"SELECT p0.{id_column} FROM {table} p0 WHERE p0.country_id = ?"
    for n in range(1, len(countries)):
        sql += (
            f" AND EXISTS (SELECT 1 FROM {table} p{n} "
            f"WHERE p{n}.{id_column} = p0.{id_column} AND p{n}.country_id = ?)"
        )
    return sql, [c.id for c in countries]


# How many of a pair's index entries are read to tell which pair is rarer.
SAMPLE_ROWS = 2000


def _rarest_first(connection: Connection, wanted: ResolvedFilter) -> ResolvedFilter:
    """With three or more countries, the rarest pair first (two countries are their own pair)."""
    if len(wanted.countries) < 3:
        return wanted
    return replace(wanted, countries=rarest_pair_first(connection, wanted.countries))


def rarest_pair_first(connection: Connection, countries: Sequence[CountryRef]) -> list[CountryRef]:
    """The countries with the two that share the fewest events first, the others after them.

    Counts at most SAMPLE_ROWS `event_country_pairs` index entries per pair, in one statement.
    """
    pairs = list(combinations(range(len(countries)), 2))
    probes = ", ".join(
        "(SELECT count(*) FROM (SELECT 1 FROM event_country_pairs "
        f"WHERE country_a = ? AND country_b = ? LIMIT {SAMPLE_ROWS}) x{n})"
        for n in range(len(pairs))
    )
    params = [id_ for i, j in pairs for id_ in sorted((countries[i].id, countries[j].id))]
    found = run(connection, f"SELECT {probes}", params)[0]
    first, second = pairs[min(range(len(pairs)), key=lambda n: (found[n], n))]
    return [
        countries[first],
        countries[second],
        *(c for n, c in enumerate(countries) if n not in (first, second)),
    ]


# How many of a country's agreement_parties entries are read to tell which is rarer: 250 tell
# the density as well as 1000 and cost a quarter (0.07 ms instead of 0.26 at 1M events), which
# is a tenth of a small two-country timeline.
PARTY_SAMPLE = 250


def fewest_parties_first_sqlite(
    connection: Connection, countries: Sequence[CountryRef]
) -> list[CountryRef]:
    """The countries ordered by how many agreements they are party to, fewest first (SQLite).

    Reads at most PARTY_SAMPLE entries of each country's index range, in one statement: a
    country with fewer is counted; for one with more, the rowid its last sampled entry reaches
    tells its density (rows are numbered as they come, so a country party to a quarter of all
    agreements gets there four times sooner than one party to a sixteenth). Which is rarer only
    decides speed, never the answer, so an estimate is enough.
    """
    if len(countries) < 2:
        return list(countries)
    sample = f"(SELECT rowid FROM agreement_parties WHERE country_id = ? LIMIT {PARTY_SAMPLE})"
    probes = ", ".join(
        f"(SELECT count(*) FROM {sample} c{n}), (SELECT max(rowid) FROM {sample} r{n})"
        for n in range(len(countries))
    )
    found = run(connection, f"SELECT {probes}", [c.id for c in countries for _ in (0, 1)])[0]
    # (rows counted, minus how far the sample reached): fewer rows first, then the sparser
    rarity = {n: (found[2 * n], -(found[2 * n + 1] or 0)) for n in range(len(countries))}
    return [countries[n] for n in sorted(rarity, key=lambda n: (rarity[n], n))]


def _date_sql(where: _Where, table: str, wanted: ResolvedFilter) -> None:
    """A dated row matches when its period overlaps [since, until]; undated rows never do
    (see `date_conditions`)."""
    if wanted.since is not None:
        start = wanted.since.start
        where.add(
            f"({table}.date >= ? OR ({table}.date_precision = 'month' AND {table}.date >= ?) "
            f"OR ({table}.date_precision = 'year' AND {table}.date >= ?))",
            start.isoformat(),
            start.replace(day=1).isoformat(),
            start.replace(month=1, day=1).isoformat(),
        )
    if wanted.until is not None:
        where.add(f"{table}.date <= ?", wanted.until.end.isoformat())


def ids_with_all(
    id_column: ColumnElement[int], country_column: ColumnElement[int], countries: list[CountryRef]
) -> Select | CompoundSelect | None:
    """Ids having a row for every country, for `id IN (…)`: one index range per country.

    Several countries are intersected in id order: each range comes out of the
    (country_id, id) index already sorted, so SQLite merges them instead of building a
    temporary B-tree of the larger one (six times faster for a popular country).
    """
    if not countries:
        return None
    per_country = [select(id_column).where(country_column == c.id) for c in countries]
    if len(per_country) == 1:
        return per_country[0]
    both = intersect(*per_country)
    return both.order_by(both.selected_columns[0])


def date_conditions(
    date_column: ColumnElement[date], precision_column: ColumnElement[str], wanted: ResolvedFilter
) -> list[ColumnElement[bool]]:
    """A dated row matches when its period overlaps [since, until]; undated rows never do.

    "2019" overlaps `--since 2019-06`, so a year- or month-precision date is compared by the
    start of the bound's year or month.
    """
    conditions: list[ColumnElement[bool]] = []
    if wanted.since is not None:
        start = wanted.since.start
        conditions.append(
            or_(
                date_column >= start,
                and_(precision_column == "month", date_column >= start.replace(day=1)),
                and_(precision_column == "year", date_column >= start.replace(month=1, day=1)),
            )
        )
    if wanted.until is not None:
        conditions.append(date_column <= wanted.until.end)
    return conditions


def chronological_order(
    date_column: ColumnElement[date], precision_column: ColumnElement[str], id_column: object
) -> list[object]:
    return [
        case((date_column.is_(None), 1), else_=0),
        date_column,
        case(
            (precision_column == "year", 0),
            (precision_column == "month", 1),
            else_=2,
        ),
        id_column,
    ]


# --- agreements without a signing event --------------------------------------------------------


def _unsigned_agreement_rows(connection: Connection, wanted: ResolvedFilter) -> list[TimelineRow]:
    statuses = wanted.agreement_statuses()
    if statuses == ():
        return []
    where = _Where()
    dialect = dialect_of(connection)
    countries = wanted.countries
    if dialect == "sqlite":
        # SQLite walks the first country's parties whatever their number (it has no statistics;
        # PostgreSQL's planner picks the rarer side itself): start from the rarest country.
        countries = fewest_parties_first_sqlite(connection, countries)
    found, params = ids_with_all_sql("agreement_parties", "agreement_id", countries)
    where.add(_id_in_subquery("ag.id", found, dialect), *params)
    where.add("NOT EXISTS (SELECT 1 FROM events e WHERE e.agreement_id = ag.id)")
    if statuses is not None:
        where.one_of("ag.status", statuses)
    if wanted.topics:
        where.one_of("ag.topic", wanted.topics)
    _date_sql(where, "ag", wanted)
    rows = [
        TimelineRow(
            kind="agreement",
            id=id_,
            date=as_date(day),
            date_precision=precision if day else None,
            type="agreement",
            status=status,
            topic=topic,
            location=None,
            summary=f"{kind}: {name}",
            agreement=AgreementRef(id_, name, kind),
        )
        for id_, name, kind, topic, day, precision, status in run(
            connection,
            "SELECT ag.id, ag.name, ag.kind, ag.topic, ag.date, ag.date_precision, ag.status "
            "FROM agreements ag" + where.sql(),
            where.params,
        )
    ]
    attach_agreement_details(connection, rows)
    return rows


# --- details for a page of rows ----------------------------------------------------------------


def attach_event_details(connection: Connection, rows: list[TimelineRow]) -> None:
    """Fill countries, officials (with their post at the time), mentions and evidence.

    Three statements whatever the number of rows (participants, mentions, the officials named
    with their posts), and per row only the objects it returns: a timeline of thousands of
    events spends its time here.
    """
    if not rows:
        return
    by_id = {row.id: row for row in rows}
    ids = list(by_id)
    participants: dict[int, list[tuple[CountryRef, int | None]]] = defaultdict(list)
    countries_seen: dict[int, CountryRef] = {}
    for chunk in chunks(ids):
        for event_id, country_id, iso3, country_name, official_id in run(
            connection,
            "SELECT p.event_id, p.country_id, c.iso3, c.name, p.official_id "
            "FROM event_participants p JOIN countries c ON c.id = p.country_id "
            f"WHERE p.event_id IN ({marks(len(chunk))}) ORDER BY p.event_id, p.id",
            chunk,
        ):
            country = countries_seen.get(country_id)
            if country is None:
                country = countries_seen[country_id] = CountryRef(country_id, iso3, country_name)
            participants[event_id].append((country, official_id))
    evidence = evidence_for(connection, ids, "event_mentions", "event_id")
    official_ids = {o for items in participants.values() for _, o in items if o is not None}
    people = _officials_with_roles(connection, official_ids)
    # One OfficialRef per (official, country, post): events sharing them share the object.
    refs: dict[tuple[int, str, str | None], OfficialRef] = {}
    for event_id, row in by_id.items():
        found = evidence.get(event_id)
        if found:
            row.evidence = found
            # Earliest report first, undated last: the first one has the earliest date.
            row.reported = found[0].article.published
            row.mentions = len({item.article.id for item in found}) if len(found) > 1 else 1
        else:
            row.evidence, row.reported, row.mentions = [], None, 0
        taking_part = participants.get(event_id)
        if not taking_part:
            row.countries, row.officials = [], []
            continue
        countries: dict[int, CountryRef] = {}
        officials: dict[int, OfficialRef] = {}
        on_day: date | None = None
        for country, official_id in taking_part:
            if country.id not in countries:
                countries[country.id] = country
            if official_id is None or official_id in officials:
                continue
            name, own_country, roles = people.get(official_id, _NOBODY)
            if len(roles) > 1 and on_day is None:
                on_day = period_end(row.date, row.date_precision) if row.date else row.reported
            role = role_at(roles, on_day)
            key = (official_id, own_country or country.iso3, role.title if role else None)
            ref = refs.get(key)
            if ref is None:
                ref = refs[key] = OfficialRef(official_id, name or "", *key[1:])
            officials[official_id] = ref
        listed = list(countries.values())
        row.countries = sorted(listed, key=_ISO3) if len(listed) > 1 else listed
        row.officials = list(officials.values())


_ISO3 = attrgetter("iso3")
_NOBODY: tuple[str | None, str | None, list[Role]] = (None, None, [])


def _officials_with_roles(
    connection: Connection, official_ids: set[int]
) -> dict[int, tuple[str | None, str | None, list[Role]]]:
    """(name, own country, posts held) per official, in one statement."""
    found: dict[int, tuple[str | None, str | None, list[Role]]] = {}
    for chunk in chunks(sorted(official_ids)):
        for official_id, name, iso3, title, organisation, first, last, role_iso3 in run(
            connection,
            "SELECT o.id, o.name, o.country_iso3, r.title, r.organisation, r.first_seen, "
            "r.last_seen, c.iso3 FROM officials o "
            "LEFT JOIN official_roles r ON r.official_id = o.id "
            "LEFT JOIN countries c ON c.id = r.country_id "
            f"WHERE o.id IN ({marks(len(chunk))}) ORDER BY o.id, r.first_seen, r.id",
            chunk,
        ):
            entry = found.get(official_id)
            if entry is None:
                entry = found[official_id] = (name, iso3, [])
            if title is not None:
                entry[2].append(Role(title, organisation, role_iso3, as_date(first), as_date(last)))
    return found


def attach_agreement_details(connection: Connection, rows: list[TimelineRow]) -> None:
    """Fill parties, mentions and evidence of agreement rows."""
    if not rows:
        return
    by_id = {row.id: row for row in rows}
    parties = agreement_parties(connection, list(by_id))
    evidence = evidence_for(connection, list(by_id), "agreement_mentions", "agreement_id")
    for agreement_id, row in by_id.items():
        row.countries = parties.get(agreement_id, [])
        row.evidence = evidence.get(agreement_id, [])
        row.mentions = len(row.articles)
        row.reported = min((a.published for a in row.articles if a.published), default=None)


def agreement_parties(connection: Connection, ids: list[int]) -> dict[int, list[CountryRef]]:
    parties: dict[int, list[CountryRef]] = defaultdict(list)
    for chunk in chunks(ids):
        for agreement_id, country_id, iso3, name in run(
            connection,
            "SELECT p.agreement_id, c.id, c.iso3, c.name FROM agreement_parties p "
            "JOIN countries c ON c.id = p.country_id "
            f"WHERE p.agreement_id IN ({marks(len(chunk))}) ORDER BY p.agreement_id, c.iso3",
            chunk,
        ):
            parties[agreement_id].append(CountryRef(country_id, iso3, name))
    return parties


def official_roles(connection: Connection, official_ids: set[int]) -> dict[int, list[Role]]:
    roles: dict[int, list[Role]] = defaultdict(list)
    for chunk in chunks(sorted(official_ids)):
        for official_id, title, organisation, first_seen, last_seen, iso3 in run(
            connection,
            "SELECT r.official_id, r.title, r.organisation, r.first_seen, r.last_seen, c.iso3 "
            "FROM official_roles r LEFT JOIN countries c ON c.id = r.country_id "
            f"WHERE r.official_id IN ({marks(len(chunk))}) "
            "ORDER BY r.official_id, r.first_seen, r.id",
            chunk,
        ):
            roles[official_id].append(
                Role(title, organisation, iso3, as_date(first_seen), as_date(last_seen))
            )
    return roles


# Which mention table belongs to which owner column: the only names `evidence_for` splices in.
MENTION_TABLES = {
    ("event_mentions", "event_id"),
    ("agreement_mentions", "agreement_id"),
    ("official_mentions", "official_id"),
}


def evidence_for(
    connection: Connection, ids: list[int], table: str, owner: str
) -> dict[int, list[Evidence]]:
    """Every reporting sentence per owner id (from `table`, keyed by its `owner` column),
    earliest report first (undated reports last)."""
    assert (table, owner) in MENTION_TABLES, (table, owner)
    found: dict[int, list[Evidence]] = defaultdict(list)
    articles: dict[int, ArticleRef] = {}
    for chunk in chunks(ids):
        for owner_id, sentence, article_id, title, url, outlet, published in run(
            connection,
            f"SELECT m.{owner}, m.sentence, a.id, a.title, a.url, a.outlet, a.published "
            f"FROM {table} m JOIN articles a ON a.id = m.article_id "
            f"WHERE m.{owner} IN ({marks(len(chunk))}) "
            f"ORDER BY m.{owner}, CASE WHEN a.published IS NULL THEN 1 ELSE 0 END, "
            "a.published, a.id, m.id",
            chunk,
        ):
            article = articles.get(article_id)
            if article is None:
                article = articles[article_id] = ArticleRef(
                    article_id, title, url, outlet, as_date(published)
                )
            found[owner_id].append(Evidence(sentence, article))
    return found
