"""The schema: every table of the knowledge base as SQLAlchemy 2.x typed declarative models.

The migrations in `kb/migrations` create exactly these tables (a test compares them), so people
can write SQL against the names here. Dates that may be partial are stored as the first day of the
period plus a `*_precision` column ("day", "month", "year").

Officials are unique by (`name_key`, `country_iso3`). `country_iso3` is the official's country
code, or '' when the country is unknown: a NOT NULL key column, because a unique constraint over a
nullable column would let the same unknown-country name in twice (NULLs never compare equal).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


NOW = func.current_timestamp()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# --- countries ---------------------------------------------------------------------------------


class Country(Base):
    __tablename__ = "countries"

    id: Mapped[int] = mapped_column(primary_key=True)
    iso3: Mapped[str] = mapped_column(String(3), unique=True)
    iso2: Mapped[str | None] = mapped_column(String(2))
    name: Mapped[str] = mapped_column(String(200))
    official_name: Mapped[str | None] = mapped_column(String(300))


class CountryAlias(Base):
    """A name a country goes by: short names, demonyms, capitals used as metonyms, Urdu names.

    `kind` is one of name, short, official, demonym, capital, metonym, code, learned (learned
    aliases come from articles, e.g. an Urdu spelling beside the English one).
    """

    __tablename__ = "country_aliases"
    __table_args__ = (UniqueConstraint("country_id", "alias_norm", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    country_id: Mapped[int] = mapped_column(ForeignKey("countries.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(200))
    alias_norm: Mapped[str] = mapped_column(String(200), index=True)
    lang: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    kind: Mapped[str] = mapped_column(String(16), default="name", server_default="name")


# --- officials ---------------------------------------------------------------------------------


class Official(Base):
    __tablename__ = "officials"
    __table_args__ = (UniqueConstraint("name_key", "country_iso3"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    country_id: Mapped[int | None] = mapped_column(ForeignKey("countries.id"))
    country_iso3: Mapped[str] = mapped_column(String(3), default="", server_default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, server_default=NOW)


class OfficialAlias(Base):
    __tablename__ = "official_aliases"
    __table_args__ = (UniqueConstraint("official_id", "alias_norm"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    official_id: Mapped[int] = mapped_column(ForeignKey("officials.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(200))
    alias_norm: Mapped[str] = mapped_column(String(200), index=True)
    lang: Mapped[str] = mapped_column(String(8), default="en", server_default="en")


class OfficialRole(Base):
    """A post an official held, with the span of publication dates it was seen in."""

    __tablename__ = "official_roles"
    __table_args__ = (UniqueConstraint("official_id", "title_norm"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    official_id: Mapped[int] = mapped_column(ForeignKey("officials.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    title_norm: Mapped[str] = mapped_column(String(300))
    organisation: Mapped[str | None] = mapped_column(String(300))
    country_id: Mapped[int | None] = mapped_column(ForeignKey("countries.id"))
    first_seen: Mapped[dt.date | None] = mapped_column(Date)
    last_seen: Mapped[dt.date | None] = mapped_column(Date)
    first_article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL")
    )


class OfficialMention(Base):
    """Where an official was named: the provenance of officials and their roles."""

    __tablename__ = "official_mentions"
    __table_args__ = (UniqueConstraint("official_id", "article_id", "field", "start_char"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    official_id: Mapped[int] = mapped_column(ForeignKey("officials.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    sentence: Mapped[str] = mapped_column(Text)
    field: Mapped[str] = mapped_column(String(16))
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)


# --- articles ----------------------------------------------------------------------------------


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Unique allows many NULLs on both SQLite and PostgreSQL: articles without a URL coexist.
    url: Mapped[str | None] = mapped_column(Text, unique=True)
    outlet: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(Text, default="")
    title_ur: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    language: Mapped[str | None] = mapped_column(String(16))
    text_en: Mapped[str | None] = mapped_column(Text)
    text_ur: Mapped[str | None] = mapped_column(Text)
    source_ref: Mapped[str | None] = mapped_column(Text)
    extractor_version: Mapped[str | None] = mapped_column(String(32))
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, server_default=NOW)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, server_default=NOW, onupdate=utcnow
    )


# --- agreements --------------------------------------------------------------------------------


class Agreement(Base):
    __tablename__ = "agreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    name_norm: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(32), default="agreement", server_default="agreement")
    topic: Mapped[str | None] = mapped_column(String(32))
    date: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16), default="signed", server_default="signed")
    fusion_key: Mapped[str] = mapped_column(String(500), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, server_default=NOW)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, server_default=NOW, onupdate=utcnow
    )


class AgreementParty(Base):
    __tablename__ = "agreement_parties"
    # A country's agreements read from the index alone (timelines, `kb agreements`).
    __table_args__ = (Index(None, "country_id", "agreement_id"),)

    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True
    )
    country_id: Mapped[int] = mapped_column(ForeignKey("countries.id"), primary_key=True)


class AgreementMention(Base):
    __tablename__ = "agreement_mentions"
    __table_args__ = (UniqueConstraint("agreement_id", "article_id", "field", "start_char"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    sentence: Mapped[str] = mapped_column(Text)
    field: Mapped[str] = mapped_column(String(16))
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)
    extractor_version: Mapped[str | None] = mapped_column(String(32))


# --- events ------------------------------------------------------------------------------------


class Event(Base):
    """One real-world event, fused from every report of it.

    `fusion_key` is not unique: the store finds candidates by key (type family + participants)
    and fuses those with compatible dates, so one key can hold several events; the index on
    (fusion_key, date) reads only the dates that could fit.
    """

    __tablename__ = "events"
    __table_args__ = (Index(None, "fusion_key", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(32), index=True)
    cameo_code: Mapped[str | None] = mapped_column(String(8))
    date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_precision: Mapped[str | None] = mapped_column(String(8))
    date_source: Mapped[str | None] = mapped_column(String(16))
    topic: Mapped[str | None] = mapped_column(String(32), index=True)
    location: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="occurred", server_default="occurred")
    summary: Mapped[str | None] = mapped_column(Text)
    fusion_key: Mapped[str] = mapped_column(String(500))
    agreement_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreements.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, server_default=NOW)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, server_default=NOW, onupdate=utcnow
    )


class EventParticipant(Base):
    """A country (and optionally one of its officials) taking part in an event.

    `side` is "actor", "target" or "party" (when the report does not say who acted on whom).
    """

    __tablename__ = "event_participants"
    __table_args__ = (Index(None, "country_id", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    country_id: Mapped[int] = mapped_column(ForeignKey("countries.id"))
    official_id: Mapped[int | None] = mapped_column(
        ForeignKey("officials.id", ondelete="SET NULL"), index=True
    )
    side: Mapped[str] = mapped_column(String(16), default="party", server_default="party")


class EventCountryPair(Base):
    """Derived: one row per unordered pair of distinct countries taking part in an event.

    The way into two-country timelines: the pair's index range holds exactly the events both
    took part in, already split by topic and date, where walking one country's participants
    and probing the other's costs what the rarer country's whole history costs. `country_a` <
    `country_b`; `topic`, `status`, `date` and `date_precision` copy the event's (the store
    rewrites them when it changes the event), so a page of a timeline is ranked and counted
    from the index alone. Filled from `event_participants` by the store (and by migrations
    0003 and 0005 for databases that predate them), never written by hand.
    """

    __tablename__ = "event_country_pairs"
    __table_args__ = (
        CheckConstraint("country_a < country_b", name="ordered"),
        Index(
            "ix_event_country_pairs_timeline",
            "country_a",
            "country_b",
            "topic",
            "status",
            "date",
            "date_precision",
            "event_id",
        ),
        {"sqlite_with_rowid": False},
    )

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    country_a: Mapped[int] = mapped_column(ForeignKey("countries.id"), primary_key=True)
    country_b: Mapped[int] = mapped_column(ForeignKey("countries.id"), primary_key=True)
    topic: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), server_default="occurred")
    date: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(8))


class EventMention(Base):
    """Where an event is reported. `sentence_key` is a 64-bit hash of the sentence's normalised
    words (kb.ingest.fusion.sentence_key): the store finds the events a sentence already reported
    through it, without reading every undated event under a fusion key."""

    __tablename__ = "event_mentions"
    __table_args__ = (UniqueConstraint("event_id", "article_id", "field", "start_char"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    sentence: Mapped[str] = mapped_column(Text)
    sentence_key: Mapped[int | None] = mapped_column(BigInteger, index=True)
    field: Mapped[str] = mapped_column(String(16))
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)
    extractor_version: Mapped[str | None] = mapped_column(String(32))


# --- scheduled ingestion -----------------------------------------------------------------------


class Source(Base):
    """A place articles come from, with what the last sync saw (HTTP validators, a cursor)."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    location: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    format: Mapped[str | None] = mapped_column(String(16))
    outlet: Mapped[str | None] = mapped_column(String(200))
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    cursor: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, server_default=NOW)
    last_synced_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class SourceItem(Base):
    __tablename__ = "source_items"
    __table_args__ = (UniqueConstraint("source_id", "item_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    item_key: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), index=True
    )
    first_seen: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, server_default=NOW)
    last_seen: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, server_default=NOW)


class IngestRun(Base):
    """One `kb ingest` or `kb sync` invocation: what it saw and how it ended."""

    __tablename__ = "ingest_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("sources.id", ondelete="SET NULL"), index=True
    )
    command: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, server_default=NOW)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16), default="running", server_default="running")
    seen: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    new: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    updated: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    unchanged: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    failed: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    pid: Mapped[int | None] = mapped_column(Integer)
    hostname: Mapped[str | None] = mapped_column(String(255))
    note: Mapped[str | None] = mapped_column(Text)


class IngestError(Base):
    __tablename__ = "ingest_errors"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("ingest_runs.id", ondelete="CASCADE"), index=True
    )
    item: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, server_default=NOW)


MAIN_TABLES = (
    "countries",
    "country_aliases",
    "articles",
    "officials",
    "official_roles",
    "events",
    "event_mentions",
    "agreements",
    "sources",
    "ingest_runs",
    "ingest_errors",
)
