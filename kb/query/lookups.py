"""Lookups behind `kb officials`, `kb agreements` and `kb show`: plain rows, any status."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, distinct, func, or_, select

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
    OfficialAlias,
    OfficialMention,
)
from kb.errors import UsageError
from kb.extract.extraction import AGREEMENT_KINDS
from kb.query.countries import resolve_countries, resolve_country
from kb.query.filters import ResolvedFilter, period_of, words_of
from kb.query.periods import Period, check_range
from kb.query.rows import (
    AgreementDetail,
    AgreementRow,
    ArticleDetail,
    ArticleRow,
    EventDetail,
    OfficialDetail,
    OfficialRow,
)
from kb.query.timeline import (
    agreement_parties,
    chronological_order,
    chunks,
    date_conditions,
    event_rows,
    evidence_for,
    ids_with_all,
    official_roles,
)
from kb.query.topics import topics_for

# --- officials ---------------------------------------------------------------------------------


def officials(
    connection: Connection,
    name: str | None = None,
    *,
    country: str | None = None,
    limit: int | None = None,
) -> list[OfficialRow]:
    """Officials (all, or those whose name or a spelling of it contains `name`), by name."""
    statement = select(Official.id, Official.name, Official.country_iso3).order_by(
        Official.name, Official.id
    )
    if name:
        pattern = "%" + " ".join(name.casefold().split()) + "%"
        statement = statement.where(
            or_(
                func.lower(Official.name).like(pattern),
                Official.id.in_(
                    select(OfficialAlias.official_id).where(
                        func.lower(OfficialAlias.alias).like(pattern)
                    )
                ),
            )
        )
    if country:
        statement = statement.where(Official.country_id == resolve_country(connection, country).id)
    if limit is not None:
        statement = statement.limit(limit)
    rows = [
        OfficialRow(id=r.id, name=r.name, country=r.country_iso3 or None)
        for r in connection.execute(statement)
    ]
    _attach_official_details(connection, rows)
    return rows


def _attach_official_details(connection: Connection, rows: list[OfficialRow]) -> None:
    if not rows:
        return
    by_id = {row.id: row for row in rows}
    roles = official_roles(connection, set(by_id))
    aliases: dict[int, list[str]] = defaultdict(list)
    for chunk in chunks(list(by_id)):
        for r in connection.execute(
            select(OfficialAlias.official_id, OfficialAlias.alias)
            .where(OfficialAlias.official_id.in_(chunk))
            .order_by(OfficialAlias.official_id, OfficialAlias.id)
        ).all():
            aliases[r.official_id].append(r.alias)
        for r in connection.execute(
            select(
                EventParticipant.official_id,
                func.count(distinct(EventParticipant.event_id)).label("events"),
                func.min(Event.date).label("first"),
                func.max(Event.date).label("last"),
            )
            .join(Event, Event.id == EventParticipant.event_id)
            .where(EventParticipant.official_id.in_(chunk))
            .group_by(EventParticipant.official_id)
        ).all():
            row = by_id[r.official_id]
            row.events, row.first_event, row.last_event = r.events, r.first, r.last
    for official_id, row in by_id.items():
        row.roles = roles.get(official_id, [])
        row.aliases = aliases.get(official_id, [])


# --- agreements --------------------------------------------------------------------------------

_AGREEMENT_COLUMNS = (
    Agreement.id,
    Agreement.name,
    Agreement.kind,
    Agreement.topic,
    Agreement.date,
    Agreement.date_precision,
    Agreement.status,
)


def agreements(
    connection: Connection,
    countries: Sequence[str] = (),
    *,
    kind: str | Sequence[str] | None = None,
    topic: str | Sequence[str] | None = None,
    since: str | date | Period | None = None,
    until: str | date | Period | None = None,
    status: str | Sequence[str] | None = None,
    limit: int | None = None,
) -> list[AgreementRow]:
    """Agreements every one of `countries` is a party to (all when none given), oldest first."""
    kinds = words_of(kind)
    bad = [k for k in kinds if k not in AGREEMENT_KINDS]
    if bad:
        raise UsageError(
            f"unknown agreement kind {bad[0]!r} (choose from {', '.join(AGREEMENT_KINDS)})"
        )
    wanted = ResolvedFilter(
        countries=resolve_countries(connection, list(countries)),
        topics=topics_for(words_of(topic)),
        since=period_of(since),
        until=period_of(until),
        limit=limit,
    )
    check_range(
        wanted.since.start if wanted.since else None, wanted.until.end if wanted.until else None
    )
    columns = _AGREEMENT_COLUMNS
    ids = ids_with_all(AgreementParty.agreement_id, AgreementParty.country_id, wanted.countries)
    statement = select(*columns)
    if ids is not None:
        statement = statement.where(Agreement.id.in_(ids))
    if kinds:
        statement = statement.where(Agreement.kind.in_(kinds))
    if wanted.topics:
        statement = statement.where(Agreement.topic.in_(wanted.topics))
    statuses = words_of(status)
    if statuses:
        statement = statement.where(Agreement.status.in_(statuses))
    conditions = date_conditions(Agreement.date, Agreement.date_precision, wanted)
    if conditions:
        statement = statement.where(*conditions)
    statement = statement.order_by(
        *chronological_order(Agreement.date, Agreement.date_precision, Agreement.id)
    )
    if limit is not None:
        statement = statement.limit(limit)
    rows = [
        AgreementRow(
            id=r.id,
            name=r.name,
            kind=r.kind,
            topic=r.topic,
            date=r.date,
            date_precision=r.date_precision if r.date else None,
            status=r.status,
        )
        for r in connection.execute(statement)
    ]
    _attach_agreement_details(connection, rows)
    return rows


def _attach_agreement_details(connection: Connection, rows: list[AgreementRow]) -> None:
    if not rows:
        return
    by_id = {row.id: row for row in rows}
    parties = agreement_parties(connection, list(by_id))
    for chunk in chunks(list(by_id)):
        for r in connection.execute(
            select(Event.agreement_id, Event.id)
            .where(Event.agreement_id.in_(chunk))
            .order_by(Event.agreement_id, Event.id)
        ).all():
            by_id[r.agreement_id].event_ids.append(r.id)
        for r in connection.execute(
            select(
                AgreementMention.agreement_id,
                func.count(distinct(AgreementMention.article_id)).label("articles"),
            )
            .where(AgreementMention.agreement_id.in_(chunk))
            .group_by(AgreementMention.agreement_id)
        ).all():
            by_id[r.agreement_id].mentions = r.articles
    for agreement_id, row in by_id.items():
        row.parties = parties.get(agreement_id, [])


# --- show --------------------------------------------------------------------------------------


def show_event(connection: Connection, event_id: int) -> EventDetail:
    rows = event_rows(connection, [event_id])
    if not rows:
        raise UsageError(f"no event with id {event_id}")
    participants: list[dict[str, Any]] = [
        {"country": r.iso3, "official": r.name, "official_id": r.official_id, "side": r.side}
        for r in connection.execute(
            select(Country.iso3, Official.name, EventParticipant.official_id, EventParticipant.side)
            .join(Country, Country.id == EventParticipant.country_id)
            .outerjoin(Official, Official.id == EventParticipant.official_id)
            .where(EventParticipant.event_id == event_id)
            .order_by(EventParticipant.id)
        )
    ]
    return EventDetail(rows[0], participants)


def show_agreement(connection: Connection, agreement_id: int) -> AgreementDetail:
    found = _agreements_by_id(connection, [agreement_id])
    if not found:
        raise UsageError(f"no agreement with id {agreement_id}")
    row = found[0]
    evidence = evidence_for(connection, [agreement_id], "agreement_mentions", "agreement_id")
    return AgreementDetail(
        row, event_rows(connection, row.event_ids), evidence.get(agreement_id, [])
    )


def show_official(connection: Connection, official: int | str) -> OfficialDetail:
    """An official by id, or by a name that fits exactly one official."""
    if isinstance(official, int) or str(official).isdigit():
        found = _officials_by_id(connection, [int(official)])
        if not found:
            raise UsageError(f"no official with id {official}")
    else:
        found = officials(connection, official)
        if not found:
            raise UsageError(f"no official called {official!r}")
        if len(found) > 1:
            listed = ", ".join(f"{o.name} (id {o.id})" for o in found[:10])
            raise UsageError(f"{official!r} fits several officials: {listed}; give the id")
    row = found[0]
    event_ids = connection.execute(
        select(EventParticipant.event_id).where(EventParticipant.official_id == row.id).distinct()
    ).scalars()
    evidence = evidence_for(connection, [row.id], "official_mentions", "official_id")
    return OfficialDetail(row, event_rows(connection, list(event_ids)), evidence.get(row.id, []))


def show_article(connection: Connection, article_id: int) -> ArticleDetail:
    found = connection.execute(
        select(
            Article.id,
            Article.title,
            Article.title_ur,
            Article.url,
            Article.outlet,
            Article.published,
            Article.language,
            Article.text_en,
            Article.text_ur,
        ).where(Article.id == article_id)
    ).one_or_none()
    if found is None:
        raise UsageError(f"no article with id {article_id}")
    article = ArticleRow(**found._asdict())
    event_ids = connection.execute(
        select(EventMention.event_id).where(EventMention.article_id == article_id).distinct()
    ).scalars()
    agreement_ids = list(
        connection.execute(
            select(AgreementMention.agreement_id)
            .where(AgreementMention.article_id == article_id)
            .distinct()
        ).scalars()
    )
    official_ids = set(
        connection.execute(
            select(OfficialMention.official_id)
            .where(OfficialMention.article_id == article_id)
            .distinct()
        ).scalars()
    )
    return ArticleDetail(
        article,
        events=event_rows(connection, list(event_ids)),
        agreements=_agreements_by_id(connection, agreement_ids),
        officials=_officials_by_id(connection, official_ids),
    )


def _agreements_by_id(connection: Connection, ids: Sequence[int]) -> list[AgreementRow]:
    rows = [
        AgreementRow(
            id=r.id,
            name=r.name,
            kind=r.kind,
            topic=r.topic,
            date=r.date,
            date_precision=r.date_precision if r.date else None,
            status=r.status,
        )
        for chunk in chunks(sorted(ids))
        for r in connection.execute(select(*_AGREEMENT_COLUMNS).where(Agreement.id.in_(chunk)))
    ]
    _attach_agreement_details(connection, rows)
    return rows


def _officials_by_id(connection: Connection, ids: Sequence[int]) -> list[OfficialRow]:
    rows = [
        OfficialRow(id=r.id, name=r.name, country=r.country_iso3 or None)
        for chunk in chunks(sorted(ids))
        for r in connection.execute(
            select(Official.id, Official.name, Official.country_iso3)
            .where(Official.id.in_(chunk))
            .order_by(Official.name)
        )
    ]
    _attach_official_details(connection, rows)
    return rows
