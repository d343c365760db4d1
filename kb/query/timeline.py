"""Timelines and event listings: which events match, in real-date order, with who, where, and why.

The SQL is shaped for large databases: events are found through `event_participants`'
(country_id, event_id) index, one index range per country, intersected when several countries
must all take part; only then are the events joined and filtered. Participants, officials' posts
and mentions are fetched for the whole page in one query each, never one query per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    Select,
    and_,
    case,
    exists,
    intersect,
    or_,
    select,
)

from kb.db.models import (
    Agreement,
    AgreementMention,
    AgreementParty,
    Article,
    Country,
    Event,
    EventMention,
    EventParticipant,
    Official,
    OfficialRole,
)
from kb.query.filters import DEFAULT_STATUSES, EventFilter, ResolvedFilter
from kb.query.periods import Period
from kb.query.rows import (
    AgreementRef,
    ArticleRef,
    CountryRef,
    Evidence,
    OfficialRef,
    Role,
    TimelineRow,
    period_end,
    role_at,
)

CHUNK = 500  # ids per IN (...) list: well under every database's parameter limit
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
) -> list[TimelineRow]:
    """Events in which every one of `countries` took part, oldest first, undated last.

    With one country: everything it did with anyone. Agreements between them that no stored event
    records the signing of are listed too, as rows of kind "agreement"; a signed agreement with
    a signing event appears once, on that event.
    """
    if not countries:
        from kb.errors import UsageError

        raise UsageError("name at least one country")
    wanted = EventFilter(countries, topic, type, since, until, official, statuses, limit)
    return timeline_for(connection, wanted.resolve(connection))


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
) -> list[TimelineRow]:
    """Stored events matching the filters (countries optional), oldest first, undated last."""
    wanted = EventFilter(countries, topic, type, since, until, official, statuses, limit)
    return events_for(connection, wanted.resolve(connection))


def timeline_for(connection: Connection, wanted: ResolvedFilter) -> list[TimelineRow]:
    rows = events_for(connection, wanted)
    if wanted.countries and wanted.wants_agreement_rows():
        rows.extend(_unsigned_agreement_rows(connection, wanted))
        rows.sort(key=chronological)
        if wanted.limit is not None:
            del rows[wanted.limit :]
    return rows


def events_for(connection: Connection, wanted: ResolvedFilter) -> list[TimelineRow]:
    statement = _event_select(wanted)
    if wanted.limit is not None:
        statement = statement.limit(wanted.limit)
    rows = _rows_of(connection, statement)
    attach_event_details(connection, rows)
    return rows


def event_rows(connection: Connection, event_ids: Sequence[int]) -> list[TimelineRow]:
    """The given events (any status) as timeline rows, in chronological order."""
    rows: list[TimelineRow] = []
    for chunk in chunks(list(event_ids)):
        wanted = ResolvedFilter(statuses=None)
        rows.extend(_rows_of(connection, _event_select(wanted).where(Event.id.in_(chunk))))
    attach_event_details(connection, rows)
    return sorted(rows, key=chronological)


def _rows_of(connection: Connection, statement: Select) -> list[TimelineRow]:
    return [
        TimelineRow(
            kind="event",
            id=r.id,
            date=r.date,
            date_precision=r.date_precision if r.date else None,
            type=r.type,
            status=r.status,
            topic=r.topic,
            location=r.location,
            summary=r.summary,
            agreement=AgreementRef(r.agreement_id, "", "") if r.agreement_id is not None else None,
            cameo_code=r.cameo_code,
            date_source=r.date_source,
        )
        for r in connection.execute(statement).all()
    ]


def chronological(row: TimelineRow) -> tuple[object, ...]:
    """Sort key: dated rows by date (a year before its months, a month before its days), then
    undated rows by the date they were reported."""
    if row.date is not None:
        return (0, row.date, PRECISION_ORDER.get(row.date_precision or "day", 2), row.kind, row.id)
    return (1, row.reported or date.max, 0, row.kind, row.id)


# --- finding events ----------------------------------------------------------------------------


def _event_select(wanted: ResolvedFilter) -> Select:
    columns = (
        Event.id,
        Event.date,
        Event.date_precision,
        Event.date_source,
        Event.type,
        Event.cameo_code,
        Event.status,
        Event.topic,
        Event.location,
        Event.summary,
        Event.agreement_id,
    )
    statement = select(*columns).select_from(Event)
    ids = ids_with_all(EventParticipant.event_id, EventParticipant.country_id, wanted.countries)
    if ids is not None:
        statement = statement.where(Event.id.in_(ids))
    conditions = _event_conditions(wanted)
    if conditions:
        statement = statement.where(*conditions)
    return statement.order_by(*chronological_order(Event.date, Event.date_precision, Event.id))


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


def _event_conditions(wanted: ResolvedFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if wanted.statuses is not None:
        conditions.append(Event.status.in_(wanted.statuses))
    if wanted.topics:
        conditions.append(Event.topic.in_(wanted.topics))
    if wanted.types:
        conditions.append(Event.type.in_([t for t in wanted.types if t != "agreement"]))
    conditions.extend(date_conditions(Event.date, Event.date_precision, wanted))
    if wanted.official_ids is not None:
        conditions.append(
            Event.id.in_(
                select(EventParticipant.event_id).where(
                    EventParticipant.official_id.in_(wanted.official_ids)
                )
            )
        )
    return conditions


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
    ids = ids_with_all(AgreementParty.agreement_id, AgreementParty.country_id, wanted.countries)
    assert ids is not None
    statement = (
        select(
            Agreement.id,
            Agreement.name,
            Agreement.kind,
            Agreement.topic,
            Agreement.date,
            Agreement.date_precision,
            Agreement.status,
        )
        .where(Agreement.id.in_(ids))
        .where(~exists().where(Event.agreement_id == Agreement.id))
    )
    statuses = wanted.agreement_statuses()
    if statuses is not None:
        statement = statement.where(Agreement.status.in_(statuses))
    if wanted.topics:
        statement = statement.where(Agreement.topic.in_(wanted.topics))
    conditions = date_conditions(Agreement.date, Agreement.date_precision, wanted)
    if conditions:
        statement = statement.where(*conditions)
    agreements = connection.execute(statement).all()
    rows = [
        TimelineRow(
            kind="agreement",
            id=a.id,
            date=a.date,
            date_precision=a.date_precision if a.date else None,
            type="agreement",
            status=a.status,
            topic=a.topic,
            location=None,
            summary=f"{a.kind}: {a.name}",
            agreement=AgreementRef(a.id, a.name, a.kind),
        )
        for a in agreements
    ]
    attach_agreement_details(connection, rows)
    return rows


# --- details for a page of rows ----------------------------------------------------------------


def attach_event_details(connection: Connection, rows: list[TimelineRow]) -> None:
    """Fill countries, officials (with their post at the time), mentions and evidence."""
    if not rows:
        return
    by_id = {row.id: row for row in rows}
    ids = list(by_id)
    country = country_refs(connection)
    # (country_id, official_id, official name, official's own country) per event
    participants: dict[int, list[tuple[int, int | None, str | None, str | None]]] = defaultdict(
        list
    )
    for chunk in chunks(ids):
        for event_id, country_id, official_id, name, official_country in connection.execute(
            select(
                EventParticipant.event_id,
                EventParticipant.country_id,
                EventParticipant.official_id,
                Official.name,
                Official.country_iso3,
            )
            .outerjoin(Official, Official.id == EventParticipant.official_id)
            .where(EventParticipant.event_id.in_(chunk))
            .order_by(EventParticipant.event_id, EventParticipant.id)
        ).all():
            participants[event_id].append((country_id, official_id, name, official_country))
    evidence = evidence_for(
        connection,
        ids,
        EventMention.event_id,
        EventMention.sentence,
        EventMention.article_id,
        EventMention.id,
    )
    official_ids = {item[1] for items in participants.values() for item in items if item[1]}
    roles = official_roles(connection, official_ids)
    agreements = agreement_refs(connection, {r.agreement.id for r in rows if r.agreement})
    for event_id, row in by_id.items():
        if row.agreement is not None:
            row.agreement = agreements.get(row.agreement.id, row.agreement)
        row.evidence = evidence.get(event_id, [])
        articles = row.articles
        row.mentions = len(articles)
        row.reported = min((a.published for a in articles if a.published), default=None)
        countries: dict[int, CountryRef] = {}
        officials: dict[int, OfficialRef] = {}
        on_day = period_end(row.date, row.date_precision) if row.date else row.reported
        for country_id, official_id, name, official_country in participants.get(event_id, ()):
            countries.setdefault(country_id, country[country_id])
            if official_id is not None and official_id not in officials:
                role = role_at(roles.get(official_id, []), on_day)
                officials[official_id] = OfficialRef(
                    official_id,
                    name or "",
                    official_country or country[country_id].iso3,
                    role.title if role else None,
                )
        row.countries = sorted(countries.values(), key=lambda c: c.iso3)
        row.officials = list(officials.values())


def agreement_refs(connection: Connection, ids: set[int]) -> dict[int, AgreementRef]:
    """Names and kinds of the agreements a page of events signed (one query, not a join)."""
    found: dict[int, AgreementRef] = {}
    for chunk in chunks(sorted(ids)):
        for agreement_id, name, kind in connection.execute(
            select(Agreement.id, Agreement.name, Agreement.kind).where(Agreement.id.in_(chunk))
        ).all():
            found[agreement_id] = AgreementRef(agreement_id, name, kind)
    return found


def country_refs(connection: Connection) -> dict[int, CountryRef]:
    """Every country by id: a few hundred rows, cheaper than joining them into each query."""
    return {
        r.id: CountryRef(r.id, r.iso3, r.name)
        for r in connection.execute(select(Country.id, Country.iso3, Country.name)).all()
    }


def attach_agreement_details(connection: Connection, rows: list[TimelineRow]) -> None:
    """Fill parties, mentions and evidence of agreement rows."""
    if not rows:
        return
    by_id = {row.id: row for row in rows}
    parties = agreement_parties(connection, list(by_id))
    evidence = evidence_for(
        connection,
        list(by_id),
        AgreementMention.agreement_id,
        AgreementMention.sentence,
        AgreementMention.article_id,
        AgreementMention.id,
    )
    for agreement_id, row in by_id.items():
        row.countries = parties.get(agreement_id, [])
        row.evidence = evidence.get(agreement_id, [])
        row.mentions = len(row.articles)
        row.reported = min((a.published for a in row.articles if a.published), default=None)


def agreement_parties(connection: Connection, ids: list[int]) -> dict[int, list[CountryRef]]:
    parties: dict[int, list[CountryRef]] = defaultdict(list)
    for chunk in chunks(ids):
        for r in connection.execute(
            select(AgreementParty.agreement_id, Country.id, Country.iso3, Country.name)
            .join(Country, Country.id == AgreementParty.country_id)
            .where(AgreementParty.agreement_id.in_(chunk))
            .order_by(AgreementParty.agreement_id, Country.iso3)
        ).all():
            parties[r.agreement_id].append(CountryRef(r.id, r.iso3, r.name))
    return parties


def official_roles(connection: Connection, official_ids: set[int]) -> dict[int, list[Role]]:
    roles: dict[int, list[Role]] = defaultdict(list)
    for chunk in chunks(sorted(official_ids)):
        for r in connection.execute(
            select(
                OfficialRole.official_id,
                OfficialRole.title,
                OfficialRole.organisation,
                OfficialRole.first_seen,
                OfficialRole.last_seen,
                Country.iso3,
            )
            .outerjoin(Country, Country.id == OfficialRole.country_id)
            .where(OfficialRole.official_id.in_(chunk))
            .order_by(OfficialRole.official_id, OfficialRole.first_seen, OfficialRole.id)
        ).all():
            roles[r.official_id].append(
                Role(r.title, r.organisation, r.iso3, r.first_seen, r.last_seen)
            )
    return roles


def evidence_for(
    connection: Connection,
    ids: list[int],
    owner: ColumnElement[int],
    sentence: ColumnElement[str],
    article_id: ColumnElement[int],
    mention_id: ColumnElement[int],
) -> dict[int, list[Evidence]]:
    """Every reporting sentence per owner id, earliest report first (undated reports last)."""
    found: dict[int, list[Evidence]] = defaultdict(list)
    articles: dict[int, ArticleRef] = {}
    for chunk in chunks(ids):
        for r in connection.execute(
            select(
                owner.label("owner"),
                sentence.label("sentence"),
                Article.id,
                Article.title,
                Article.url,
                Article.outlet,
                Article.published,
            )
            .join(Article, Article.id == article_id)
            .where(owner.in_(chunk))
            .order_by(owner, Article.published.is_(None), Article.published, Article.id, mention_id)
        ).all():
            article = articles.get(r.id)
            if article is None:
                article = articles[r.id] = ArticleRef(r.id, r.title, r.url, r.outlet, r.published)
            found[r.owner].append(Evidence(r.sentence, article))
    return found


def chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]
