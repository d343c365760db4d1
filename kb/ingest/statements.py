"""The store's SQL, built once per database dialect.

Building a SQLAlchemy statement costs more than running it against a local database, so the hot
path (a dozen statements per article) reuses these prebuilt ones with bound parameters; lists go
through expanding parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import bindparam, case, func, insert, or_, select, update
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


@dataclass(frozen=True)
class Statements:
    find_article: Any
    insert_article: Any
    insert_article_quick: Any
    update_article: Any
    newest_official_ids: Any
    officials_after: Any
    aliases_after: Any
    insert_official: Any
    find_official: Any
    rename_official: Any
    insert_alias: Any
    upsert_role: Any
    insert_official_mention: Any
    insert_country_alias: Any
    agreements_by_key: Any
    insert_agreement: Any
    insert_party: Any
    update_agreement: Any
    insert_agreement_mention: Any
    event_candidates: Any
    sentences_of: Any
    insert_event: Any
    update_event: Any
    participants_of: Any
    fill_participant: Any
    insert_participant: Any
    insert_event_mention: Any


def _earliest(old: Any, new: Any) -> Any:
    return case((new.is_(None), old), (old.is_(None), new), (new < old, new), else_=old)


def _latest(old: Any, new: Any) -> Any:
    return case((new.is_(None), old), (old.is_(None), new), (new > old, new), else_=old)


@cache
def statements(dialect: str) -> Statements:
    """The prebuilt statements for "sqlite" or "postgresql"."""
    upsert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    role = upsert(OFFICIAL_ROLES)
    old, new = OFFICIAL_ROLES.c, role.excluded
    mention_key = ["article_id", "field", "start_char"]
    return Statements(
        find_article=select(ARTICLES.c.id, ARTICLES.c.content_hash).where(
            or_(ARTICLES.c.content_hash == bindparam("hash"), ARTICLES.c.url == bindparam("url"))
        ),
        insert_article=upsert(ARTICLES).on_conflict_do_nothing().returning(ARTICLES.c.id),
        # The officials' newest ids come back with the article's, saving a round trip.
        insert_article_quick=upsert(ARTICLES)
        .on_conflict_do_nothing()
        .returning(
            ARTICLES.c.id,
            select(func.max(OFFICIALS.c.id)).scalar_subquery().label("newest_official"),
            select(func.max(OFFICIAL_ALIASES.c.id)).scalar_subquery().label("newest_alias"),
        ),
        update_article=update(ARTICLES).where(ARTICLES.c.id == bindparam("b_id")),
        newest_official_ids=select(
            select(func.max(OFFICIALS.c.id)).scalar_subquery(),
            select(func.max(OFFICIAL_ALIASES.c.id)).scalar_subquery(),
        ),
        officials_after=select(OFFICIALS.c.id, OFFICIALS.c.name, OFFICIALS.c.country_iso3)
        .where(OFFICIALS.c.id > bindparam("after"))
        .order_by(OFFICIALS.c.id),
        aliases_after=select(
            OFFICIAL_ALIASES.c.id, OFFICIAL_ALIASES.c.official_id, OFFICIAL_ALIASES.c.alias
        )
        .where(OFFICIAL_ALIASES.c.id > bindparam("after"))
        .order_by(OFFICIAL_ALIASES.c.id),
        insert_official=upsert(OFFICIALS)
        .on_conflict_do_nothing(index_elements=["name_key", "country_iso3"])
        .returning(OFFICIALS.c.id),
        find_official=select(OFFICIALS.c.id).where(
            OFFICIALS.c.name_key == bindparam("name_key"),
            OFFICIALS.c.country_iso3 == bindparam("country_iso3"),
        ),
        rename_official=update(OFFICIALS)
        .where(OFFICIALS.c.id == bindparam("b_id"))
        .values(name=bindparam("b_name")),
        insert_alias=upsert(OFFICIAL_ALIASES).on_conflict_do_nothing(
            index_elements=["official_id", "alias_norm"]
        ),
        upsert_role=role.on_conflict_do_update(
            index_elements=["official_id", "title_norm"],
            set_={
                "first_seen": _earliest(old.first_seen, new.first_seen),
                "last_seen": _latest(old.last_seen, new.last_seen),
                "organisation": func.coalesce(old.organisation, new.organisation),
                "country_id": func.coalesce(old.country_id, new.country_id),
            },
        ),
        insert_official_mention=upsert(OFFICIAL_MENTIONS).on_conflict_do_nothing(
            index_elements=["official_id", *mention_key]
        ),
        insert_country_alias=upsert(COUNTRY_ALIASES).on_conflict_do_nothing(
            index_elements=["country_id", "alias_norm", "lang"]
        ),
        agreements_by_key=select(AGREEMENTS)
        .where(AGREEMENTS.c.fusion_key.in_(bindparam("keys", expanding=True)))
        .order_by(AGREEMENTS.c.id),
        insert_agreement=insert(AGREEMENTS).returning(
            AGREEMENTS.c.id, sort_by_parameter_order=True
        ),
        insert_party=insert(AGREEMENT_PARTIES),
        update_agreement=update(AGREEMENTS)
        .where(AGREEMENTS.c.id == bindparam("b_id"))
        .values(
            date=bindparam("b_date"),
            date_precision=bindparam("b_precision"),
            status=bindparam("b_status"),
            topic=bindparam("b_topic"),
            updated_at=bindparam("b_now"),
        ),
        insert_agreement_mention=upsert(AGREEMENT_MENTIONS).on_conflict_do_nothing(
            index_elements=["agreement_id", *mention_key]
        ),
        event_candidates=select(EVENTS)
        .where(
            or_(
                EVENTS.c.fusion_key.in_(bindparam("keys", expanding=True))
                & or_(
                    EVENTS.c.date.is_(None),
                    EVENTS.c.date.between(bindparam("low"), bindparam("high")),
                ),
                EVENTS.c.agreement_id.in_(bindparam("signing", expanding=True)),
            )
        )
        .order_by(EVENTS.c.id),
        sentences_of=select(EVENT_MENTIONS.c.event_id, EVENT_MENTIONS.c.sentence).where(
            EVENT_MENTIONS.c.event_id.in_(bindparam("ids", expanding=True))
        ),
        insert_event=insert(EVENTS).returning(EVENTS.c.id, sort_by_parameter_order=True),
        update_event=update(EVENTS)
        .where(EVENTS.c.id == bindparam("b_id"))
        .values(
            date=bindparam("b_date"),
            date_precision=bindparam("b_precision"),
            date_source=bindparam("b_source"),
            status=bindparam("b_status"),
            agreement_id=bindparam("b_agreement"),
            location=bindparam("b_location"),
            topic=bindparam("b_topic"),
            cameo_code=bindparam("b_cameo"),
            summary=bindparam("b_summary"),
            updated_at=bindparam("b_now"),
        ),
        participants_of=select(
            PARTICIPANTS.c.id,
            PARTICIPANTS.c.event_id,
            PARTICIPANTS.c.country_id,
            PARTICIPANTS.c.official_id,
        ).where(PARTICIPANTS.c.event_id.in_(bindparam("ids", expanding=True))),
        fill_participant=update(PARTICIPANTS)
        .where(PARTICIPANTS.c.id == bindparam("b_id"))
        .values(official_id=bindparam("b_official")),
        insert_participant=insert(PARTICIPANTS),
        insert_event_mention=upsert(EVENT_MENTIONS).on_conflict_do_nothing(
            index_elements=["event_id", *mention_key]
        ),
    )
