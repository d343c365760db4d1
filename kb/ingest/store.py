"""Writing one article and its extraction into the database, in one transaction, idempotently.

The store resolves everything against what is already there: countries by ISO3, officials by
name, aliases and country, agreements by parties and normalised name, events by type family,
participants and compatible dates (the rules are in `kb.ingest.fusion`). A fact reported again
gains a mention, never a second row; mentions are unique, so storing twice adds nothing.

Several processes may write to one PostgreSQL database: before touching anything the transaction
takes `pg_advisory_xact_lock` on every fusion key it may write under, in sorted order (so two
writers never deadlock on them), and rows with a natural key go in with `INSERT … ON CONFLICT`.
SQLite transactions begin IMMEDIATE (kb.db.engine), which serialises writers outright. A
transaction that loses a race (deadlock, serialisation failure, "database is locked", a unique
key taken meanwhile) is retried from the start.

The hot path runs on the raw DBAPI cursor (see `kb.ingest.statements`): on SQLite a row at a
time in-process. On PostgreSQL a new article takes two or three round trips: BEGIN, the advisory
locks and one prepared statement inserting the article, reading everything its writer needs
(newer officials, the agreements and candidate events under its keys, their sentences) and
drawing ids for the events and agreements it may add; a multi-row INSERT … RETURNING for its new
officials, if any (their ids are a watermark other writers read, so none are drawn unused); and
every other write (events, agreements, mentions, participants, aliases, roles, parties, the
updates of fused rows) with COMMIT; one more when its events fuse with stored ones (their
participants). The store runs the driver in autocommit mode and sends BEGIN
and COMMIT itself, inside those round trips. Driver errors are wrapped into SQLAlchemy's
exception classes, so the retry rules below see them as before.

A Store keeps one connection for its life. On PostgreSQL that session runs with
`synchronous_commit = off` unless the Store is made `durable`: a commit no longer waits for the WAL
flush (about 2 ms, the largest single cost per article). Every transaction stays atomic; a server
crash can forget the last fraction of a second of commits, which the next (idempotent) ingest
re-adds. A killed or interrupted client loses nothing it committed.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, delete, select
from sqlalchemy.exc import DBAPIError, IntegrityError

from kb.article import Article
from kb.countries import normalise_alias
from kb.db.models import utcnow
from kb.extract import extraction as ex
from kb.ingest import fusion
from kb.ingest.statements import (
    AGREEMENT_MENTIONS,
    AGREEMENT_PARTIES,
    AGREEMENTS,
    ARTICLES,
    COUNTRIES,
    EVENT_MENTIONS,
    EVENTS,
    OFFICIAL_ALIASES,
    OFFICIAL_MENTIONS,
    OFFICIAL_ROLES,
    OFFICIALS,
    PAIRS,
    PARTICIPANTS,
    DriverInsert,
    Statements,
    candidate_params,
    statements,
)

MAX_ATTEMPTS = 5
# The prepared prefetch is planned again after FIRST_REPLAN articles, then after twice as many
# each time, and at least every REPLAN_EVERY: a plan made on an empty database (table scans are
# cheapest there) must not outlive the database doubling, nor a large one drifting for long.
FIRST_REPLAN = 32
REPLAN_EVERY = 1000
# Ids an article's new officials go by until their row is written: above every real id, so they
# sort after the stored officials as the rows they become will.
_PROVISIONAL = 1 << 62
WAL_CHECKPOINT_PAGES = 10_000
# Official ids below the newest one read that were missing from the read: another writer may
# hold them in a transaction not yet committed (an article's transaction lasts milliseconds).
# They are read again until they appear or this long has passed: a rolled-back insert, or an
# INSERT … ON CONFLICT DO NOTHING that lost, leaves a hole for good. Spans wider than
# MAX_GAP_SPAN (rows deleted long ago, met when an index is first filled) and holes past
# MAX_GAPS are not tracked. Aliases are not tracked: their inserts burn ids all the time, and a
# late alias costs one spelling, not the official.
GAP_WAIT_SECONDS = 2.0
MAX_GAP_SPAN = 1000
MAX_GAPS = 64
STATUS_RANK = {"proposed": 0, "other": 0, "planned": 0, "signed": 1, "occurred": 1}
STATUS_RANK.update({"renewed": 2, "ratified": 2})

_COUNTRY_IDS: dict[str, dict[str, int]] = {}


@dataclass(frozen=True)
class StoreResult:
    """What storing one article did: its status and how many facts it brought."""

    status: str  # "new", "updated" or "unchanged"
    article_id: int
    events: int = 0
    agreements: int = 0
    officials: int = 0
    new_events: int = 0
    new_agreements: int = 0
    new_officials: int = 0


class _Retry(Exception):
    """The transaction lost a race and must run again from the start."""


class _Known(Exception):
    """The quick path found the article's text or url already stored: take the careful path."""


def country_ids(engine: Engine) -> dict[str, int]:
    """ISO3 → countries.id, read once per database (reference data does not change)."""
    key = engine.url.render_as_string(hide_password=False)
    if key not in _COUNTRY_IDS:
        from kb.db.engine import reading

        with reading(engine).connect() as connection:
            rows = connection.execute(select(COUNTRIES.c.iso3, COUNTRIES.c.id)).all()
            connection.rollback()
        _COUNTRY_IDS[key] = {iso3: id_ for iso3, id_ in rows}
    return _COUNTRY_IDS[key]


def lock_id(key: str) -> int:
    """A stable signed 64-bit number for an advisory lock on `key`."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def driver_cursor(connection: Connection) -> Any:
    """A cursor of the DBAPI connection under `connection`, inside its current transaction."""
    return connection.connection.driver_connection.cursor()  # type: ignore[union-attr]


def _is_transient(exc: DBAPIError) -> bool:
    code = getattr(exc.orig, "pgcode", None)
    if code in ("40P01", "40001", "55P03"):
        return True
    message = str(exc.orig).lower()
    return "database is locked" in message or "database table is locked" in message


# --- officials ---------------------------------------------------------------------------------


@dataclass
class _KnownOfficial:
    id: int
    country: str  # ISO3, or '' when unknown
    name: str
    names: set[tuple[str, ...]] = field(default_factory=set)


class OfficialIndex:
    """Every official in the database with the tokens of each of its names, indexed by token.

    Kept for the life of a Store and topped up with rows newer than the last seen id at the
    start of each transaction (after the locks), so other writers' officials are seen too; ids
    skipped by a read (another writer's insert, not yet committed) are read again later. It
    also knows each official's unique key (name key, country), so a name the matching rules do
    not fit to anyone but whose key is taken resolves to that official without a failed INSERT.
    """

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.by_id: dict[int, _KnownOfficial] = {}
        self.by_token: dict[tuple[str, str], set[int]] = defaultdict(set)
        self.by_key: dict[tuple[str, str], int] = {}  # (name_key, country) → id
        self.max_official_id = 0
        self.max_alias_id = 0
        self.gaps: dict[int, float] = {}  # official id → until when it is read again

    @property
    def officials_after(self) -> int:
        """Read officials with ids above this: the newest seen, or below the oldest open gap."""
        gaps = self.gaps
        if gaps:
            now = time.monotonic()
            for expired in [i for i, deadline in gaps.items() if deadline < now]:
                del gaps[expired]
        return min(gaps) - 1 if gaps else self.max_official_id

    @property
    def aliases_after(self) -> int:
        return self.max_alias_id

    def refresh(
        self, connection: Connection, sql: Statements, newest: tuple[int, int] | None = None
    ) -> None:
        """Read officials and aliases added since the last refresh (`newest`: their max ids)."""
        if newest is None:
            newest = connection.execute(sql.newest_official_ids).one()
        newest_official, newest_alias = newest
        officials_after, aliases_after = self.officials_after, self.aliases_after
        if (newest_official or 0) <= officials_after and (newest_alias or 0) <= aliases_after:
            return
        self.add_rows(
            sql.names_after.rows(
                driver_cursor(connection),
                {"officials": officials_after, "aliases": aliases_after},
            )
        )

    def add_rows(self, rows: Iterable[dict[str, Any]]) -> None:
        """Take in officials (kind 0) and aliases (kind 1) read from the database, in that order."""
        before = self.max_official_id, self.max_alias_id
        seen: tuple[set[int], set[int]] = (set(), set())
        for row in rows:  # officials first, so their aliases find them
            if row["kind"] == 0:
                country = row["country_iso3"] or ""
                self.add(row["id"], country, row["name"], row["name_key"])
                self.max_official_id = max(self.max_official_id, row["id"])
            else:
                self.add_name(row["official_id"], row["name"])
                self.max_alias_id = max(self.max_alias_id, row["id"])
            seen[row["kind"]].add(row["id"])
        self._note_gaps(before[0], self.max_official_id, seen[0])

    def _note_gaps(self, old: int, new: int, seen: set[int]) -> None:
        gaps = self.gaps
        for found in seen & gaps.keys():
            del gaps[found]
        if new - old > MAX_GAP_SPAN:
            return
        deadline = time.monotonic() + GAP_WAIT_SECONDS
        for missing in range(old + 1, new):
            if missing not in seen and len(gaps) < MAX_GAPS:
                gaps[missing] = deadline

    def add(self, official_id: int, country: str, name: str, name_key: str) -> None:
        """Know an official (again: a row read twice keeps the names gathered for it)."""
        known = self.by_id.get(official_id)
        if known is None:
            self.by_id[official_id] = _KnownOfficial(official_id, country, name)
        else:
            known.name = name
        self.by_key[(name_key, country)] = official_id
        self.add_name(official_id, name)

    def replace_id(self, old: int, new: int, name_key: str) -> None:
        """An official known under a provisional id got its row (`new`): move it there."""
        known = self.by_id.pop(old)
        for tokens in known.names:
            for token in tokens:
                self.by_token[(known.country, token)].discard(old)
                self.by_token[("*", token)].discard(old)
        self.by_key[(name_key, known.country)] = new
        if new not in self.by_id:
            self.by_id[new] = _KnownOfficial(new, known.country, known.name)
        for tokens in sorted(known.names):  # the row was there already: it gains the names
            self._add_tokens(self.by_id[new], tokens)

    def add_name(self, official_id: int, name: str) -> None:
        known = self.by_id.get(official_id)
        if known is not None:
            self._add_tokens(known, fusion.official_name_tokens(name))

    def _add_tokens(self, known: _KnownOfficial, tokens: tuple[str, ...]) -> None:
        if not tokens or tokens in known.names:
            return
        known.names.add(tokens)
        for token in tokens:
            self.by_token[(known.country, token)].add(known.id)
            self.by_token[("*", token)].add(known.id)

    def match(self, tokens: Sequence[str], country: str | None) -> _KnownOfficial | None:
        """The one official of `country` (any country when None) this name fits."""
        scope = country or "*"
        ids: set[int] = set()
        for token in tokens:
            ids |= self.by_token.get((scope, token), set())
        candidates = [
            fusion.OfficialCandidate(i, tuple(sorted(self.by_id[i].names)))
            for i in sorted(ids)
            if i in self.by_id
        ]
        found = fusion.match_official(tokens, candidates)
        return self.by_id[found.official_id] if found else None


# --- pending rows (resolved in Python, written in batches) -------------------------------------


@dataclass
class _Prefetched:
    """PostgreSQL: what the article's first statement read for its writer (statements._prefetch).

    `names`: officials and aliases newer than the index; `agreements`: the ones under the
    article's agreement keys; `events`: the candidates under its event keys and the signing
    events of those agreements; `sentences`: (event id, sentence) of those that need them;
    `event_ids`, `agreement_ids`: ids reserved for the rows the article may add.
    """

    names: list[dict[str, Any]]
    agreements: list[dict[str, Any]]
    events: list[dict[str, Any]]
    sentences: list[tuple[int, str]]
    event_ids: list[int]
    agreement_ids: list[int]

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> _Prefetched:
        """From the statement's row after the article's id: JSON arrays, then the id arrays."""
        names, agreements, events, sentences, event_ids, agreement_ids = (
            value or [] for value in row
        )
        for found in (*agreements, *events):
            if found["date"] is not None:
                found["date"] = date.fromisoformat(found["date"])
        sentences = [(i, s) for i, s in sentences]
        return cls(names, agreements, events, sentences, event_ids, agreement_ids)


@dataclass
class _EventRow:
    id: int | None
    type: str
    fusion_key: str
    date: date | None
    date_precision: str | None
    date_source: str | None
    status: str
    agreement_id: int | None
    location: str | None
    topic: str | None
    cameo_code: str | None
    summary: str | None
    sentences: set[str] = field(default_factory=set)
    participants: set[tuple[int, int | None]] = field(default_factory=set)
    new: bool = False
    changed: bool = False


@dataclass
class _AgreementRow:
    id: int | None
    name: str
    tokens: tuple[str, ...]
    fusion_key: str
    kind: str
    topic: str | None
    date: date | None
    date_precision: str | None
    status: str
    parties: tuple[int, ...] = ()
    new: bool = False
    changed: bool = False


class Store:
    """Writes articles with their extraction into one database. One Store per run or process."""

    def __init__(self, engine: Engine, durable: bool = False) -> None:
        self.engine = engine
        self.durable = durable
        self._conn: Connection | None = None
        self.dialect = engine.dialect.name
        self.officials = OfficialIndex()
        self.sql = statements(self.dialect)
        self._countries: dict[str, int] | None = None
        self._isos_of: dict[tuple[str, ...], list[str]] = {}
        self._prepared = False  # PostgreSQL: the session holds the prefetch PREPAREd
        self._executions = 0  # of the prepared prefetch since it was (re)planned
        self._replan_after = FIRST_REPLAN

    @property
    def countries(self) -> dict[str, int]:
        if self._countries is None:
            self._countries = country_ids(self.engine)
        return self._countries

    # --- lookups (no write lock) ---------------------------------------------------------------

    def known_hashes(self, hashes: Iterable[str]) -> dict[str, int]:
        """content_hash → article id for the hashes already stored."""
        wanted = list(set(hashes))
        if not wanted:
            return {}
        from kb.db.engine import reading

        with reading(self.engine).connect() as connection:
            rows = connection.execute(
                select(ARTICLES.c.content_hash, ARTICLES.c.id).where(
                    ARTICLES.c.content_hash.in_(wanted)
                )
            ).all()
            connection.rollback()
        return {h: i for h, i in rows}

    def known_urls(self, urls: Iterable[str]) -> dict[str, int]:
        """url → article id for the urls already stored."""
        wanted = list({u for u in urls if u})
        if not wanted:
            return {}
        from kb.db.engine import reading

        with reading(self.engine).connect() as connection:
            rows = connection.execute(
                select(ARTICLES.c.url, ARTICLES.c.id).where(ARTICLES.c.url.in_(wanted))
            ).all()
            connection.rollback()
        return {u: i for u, i in rows}

    # --- writing -------------------------------------------------------------------------------

    def store(self, article: Article, extraction: ex.Extraction) -> StoreResult:
        """Write one article and its facts in one transaction, retrying lost races.

        The quick path assumes a new article (the pipeline has checked its hash): lock, insert,
        write. If the text or url turns out to be stored already, the careful path looks first
        and reports it unchanged or replaces the article's facts.
        """
        self.countries  # noqa: B018 - read before the write transaction takes the database
        quick = True
        integrity_retried = False
        for attempt in range(1, MAX_ATTEMPTS + 1):
            connection = self._connection()
            try:
                with connection.begin():
                    try:
                        try:
                            result = self._store(connection, article, extraction, quick)
                            self._end_transaction(connection, "COMMIT")
                        except BaseException:
                            self._end_transaction(connection, "ROLLBACK")
                            raise
                        return result
                    except (
                        self._driver_error
                    ) as exc:  # from the raw cursor: wrap as SQLAlchemy does
                        raise self._wrapped(exc) from exc
            except _Known:
                quick = False
                continue
            except _Retry:
                self.officials.clear()
            except IntegrityError:
                # A key taken by another writer since our cache was filled: start afresh, once;
                # a second time it is the data itself that breaks a constraint.
                self.officials.clear()
                if integrity_retried:
                    raise
                integrity_retried = True
                continue
            except DBAPIError as exc:
                self.officials.clear()
                if exc.connection_invalidated:
                    self._drop_connection()
                if (
                    not (_is_transient(exc) or exc.connection_invalidated)
                    or attempt == MAX_ATTEMPTS
                ):
                    raise
            except BaseException:
                self.officials.clear()
                raise
            time.sleep(min(0.05 * 2**attempt, 1.0))
        raise RuntimeError(f"gave up storing {article.source_ref} after {MAX_ATTEMPTS} attempts")

    @property
    def _driver_error(self) -> type[Exception]:
        return self.engine.dialect.loaded_dbapi.Error  # type: ignore[no-any-return]

    def _wrapped(self, exc: Exception) -> DBAPIError:
        """A driver error as the DBAPIError subclass SQLAlchemy would have raised for it."""
        invalidated = self.engine.dialect.is_disconnect(exc, None, None)
        return DBAPIError.instance(
            None, None, exc, self._driver_error, connection_invalidated=invalidated
        )

    def close(self) -> None:
        """Give the store's connection back; the Store can still be used (it reconnects)."""
        self._drop_connection()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _connection(self) -> Connection:
        """One connection for the Store's life: no pool checkout or ping per article."""
        if self._conn is None:
            self._conn = self.engine.connect()
            if self.dialect == "postgresql" and not self.durable:
                with self._conn.begin():
                    self._conn.exec_driver_sql("SET synchronous_commit TO off")
            if self.dialect == "postgresql":
                # The store sends BEGIN and COMMIT itself, each with other statements: the driver
                # would spend a round trip on each (see `_end_transaction`).
                self._conn.execution_options(isolation_level="AUTOCOMMIT")
                self._prepared = self._prepare(self._conn)
            if self.dialect == "sqlite":
                # Checkpoint the WAL every ~40 MB instead of every 4 MB: ten times fewer fsyncs,
                # and index pages rewritten by many articles reach the database file once.
                cursor = driver_cursor(self._conn)
                cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
                # No memory map for the writer: it reads a few pages per article, and every
                # page it ever touched would stay mapped into the ingesting process (a 100k-
                # article ingest then shows ~700 MB resident where its own memory is ~140 MB).
                cursor.execute("PRAGMA mmap_size=0")
        return self._conn

    def _prepare(self, connection: Connection) -> bool:
        """PostgreSQL: PREPARE the prefetch in this session; False if the server will not."""
        prefetch = self.sql.prefetch
        assert prefetch is not None
        cursor = driver_cursor(connection)
        try:
            cursor.execute("SET plan_cache_mode TO force_generic_plan")
            try:
                cursor.execute(prefetch.prepare)
            except self._driver_error as exc:
                if getattr(exc, "pgcode", None) != "42P05":  # prepared by an earlier Store
                    raise
        except self._driver_error:
            return False
        return True

    def _replan(self, cursor: Any) -> None:
        """PREPARE the prefetch afresh: its plan was made for the database as it was then (maybe
        empty), and it grows. Outside the article's transaction; any failure means plain SQL."""
        prefetch = self.sql.prefetch
        assert prefetch is not None
        self._executions = 0
        try:
            cursor.execute(f"DEALLOCATE {prefetch.name};\n{prefetch.prepare}")
        except self._driver_error:
            self._prepared = False

    def _drop_connection(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._end_transaction(self._conn, "ROLLBACK")
            if self._prepared and self.sql.prefetch is not None:
                # The pool may lend the session to other code: leave it as it came.
                self._prepared = False
                for command in ("RESET plan_cache_mode", f"DEALLOCATE {self.sql.prefetch.name}"):
                    with contextlib.suppress(Exception):
                        driver_cursor(self._conn).execute(command)
            with contextlib.suppress(DBAPIError):
                self._conn.close()
            self._conn = None

    def _end_transaction(self, connection: Connection, command: str) -> None:
        """PostgreSQL: COMMIT or ROLLBACK the store's transaction if the server still has it open.

        The connection runs in the driver's autocommit mode and the store brackets each article
        itself: BEGIN travels with the article's first statement, COMMIT with its last writes,
        so neither costs a round trip of its own. What is still open here (an unchanged article,
        an error) ends now. A ROLLBACK that fails (the connection broke) is left to the error
        already on its way.
        """
        if self.dialect != "postgresql":
            return
        from psycopg2.extensions import TRANSACTION_STATUS_INERROR, TRANSACTION_STATUS_INTRANS

        try:
            raw = connection.connection.driver_connection
            status = raw.get_transaction_status() if raw is not None and not raw.closed else None
        except Exception:  # SQLAlchemy gave the connection up (it broke): nothing is open on it
            return
        if status not in (TRANSACTION_STATUS_INTRANS, TRANSACTION_STATUS_INERROR):
            return
        if command == "COMMIT":
            driver_cursor(connection).execute(command)
        else:
            with contextlib.suppress(Exception):
                driver_cursor(connection).execute(command)

    def _store(
        self, connection: Connection, article: Article, extraction: ex.Extraction, quick: bool
    ) -> StoreResult:
        content_hash = article.content_hash
        values = self._article_values(article, extraction, content_hash)
        if quick:
            now = utcnow()
            cursor = driver_cursor(connection)
            locks = self._lock_sql(cursor, self._lock_keys(article, extraction))
            if self.dialect == "postgresql":
                values = {**values, "ingested_at": now, "updated_at": now}
                return self._store_new(connection, cursor, article, extraction, values, locks)
            row = self.sql.insert_article_quick.execute(
                cursor, {**values, "ingested_at": now, "updated_at": now}, before=locks
            )
            if row is None:
                raise _Known
            article_id, newest_official, newest_alias = row
            writer = _ArticleWriter(self, connection, article_id, article, extraction)
            return writer.write("new", newest=(newest_official or 0, newest_alias or 0))

        if self.dialect == "postgresql":
            driver_cursor(connection).execute("BEGIN")
        existing = connection.execute(
            self.sql.find_article, {"hash": content_hash, "url": article.url or None}
        ).all()
        for row in existing:
            if row.content_hash == content_hash:
                return StoreResult("unchanged", row.id)
        old_id = existing[0].id if existing else None

        keys = self._lock_keys(article, extraction)
        if old_id is not None and self.dialect == "postgresql":
            keys |= self._keys_of_article(connection, old_id)
        self._lock(connection, keys)

        if old_id is not None:
            self._remove_facts(connection, old_id)
            connection.execute(
                self.sql.update_article, {**values, "b_id": old_id, "updated_at": utcnow()}
            )
            article_id, status = old_id, "updated"
        else:
            article_id = connection.execute(self.sql.insert_article, values).scalar()
            if article_id is None:
                raise _Retry  # the same text or url went in meanwhile: look again
            status = "new"

        writer = _ArticleWriter(self, connection, article_id, article, extraction)
        return writer.write(status)

    def _store_new(
        self,
        connection: Connection,
        cursor: Any,
        article: Article,
        extraction: ex.Extraction,
        values: dict[str, Any],
        locks: str,
    ) -> StoreResult:
        """PostgreSQL's quick path: BEGIN, the locks, then the article's INSERT with every read
        its writer needs (`statements._prefetch`), all in the first round trip."""
        agreement_keys = {
            fusion.agreement_fusion_key(self._isos(a.parties)) for a in extraction.agreements
        }
        keyed = [
            (e, fusion.event_fusion_key(e.type, self._isos(e.countries), e.status))
            for e in extraction.events
        ]
        params = {
            **values,
            **self._candidate_params(keyed),
            "agreement_keys": sorted(agreement_keys),
            "new_events": len(extraction.events),
            "new_agreements": len(extraction.agreements),
            "seen_officials": self.officials.officials_after,
            "seen_aliases": self.officials.aliases_after,
        }
        head = f"BEGIN;\n{locks.replace('%', '%%')};\n" if locks else "BEGIN;\n"
        prefetch = self.sql.prefetch
        assert prefetch is not None
        if self._prepared:
            self._executions += 1
            if self._executions > self._replan_after:
                self._replan(cursor)
                self._replan_after = min(2 * self._replan_after, REPLAN_EVERY)
        try:
            cursor.execute(head + (prefetch.execute if self._prepared else prefetch.sql), params)
        except self._driver_error as exc:
            if self._prepared and getattr(exc, "pgcode", None) == "26000":
                self._prepared = False  # the session lost it (a pooler between?): plain SQL
                raise _Retry from exc
            raise
        article_id, *reads = cursor.fetchone()
        if article_id is None:
            # Stored already. The officials read with it are committed rows all the same: keep
            # them, or every later known article would read them again.
            self.officials.add_rows(reads[0] or [])
            raise _Known
        prefetched = _Prefetched.from_row(reads)
        writer = _ArticleWriter(self, connection, article_id, article, extraction, prefetched)
        return writer.write("new")

    def _candidate_params(
        self, keyed: Sequence[tuple[ex.Event, str]], signing: Sequence[int] = ()
    ) -> dict[str, Any]:
        """Parameters of the candidate event lookup for these (event, fusion key) pairs."""
        said = {fusion.sentence_key(fusion.normalise_sentence(e.evidence.text)) for e, _ in keyed}
        return candidate_params(
            self.dialect,
            candidate_ranges(keyed),
            sorted(said),
            sorted({key for _, key in keyed}),
            sorted(signing),
        )

    def _article_values(
        self, article: Article, extraction: ex.Extraction, content_hash: str
    ) -> dict[str, Any]:
        return {
            "content_hash": content_hash,
            "url": article.url or None,
            "outlet": _clip(article.outlet, 200),
            "title": article.title or extraction.title or "",
            "title_ur": article.title_ur or None,
            "published": article.published or extraction.published,
            "language": _clip(article.language or extraction.language or article.languages, 16)
            or None,
            "text_en": article.text_en or None,
            "text_ur": article.text_ur or None,
            "source_ref": article.source_ref,
            "extractor_version": extraction.extractor_version,
        }

    # --- locking -------------------------------------------------------------------------------

    def _lock_keys(self, article: Article, extraction: ex.Extraction) -> set[str]:
        if self.dialect != "postgresql":
            return set()  # SQLite's BEGIN IMMEDIATE already serialises writers
        keys = {f"article|{article.url}"} if article.url else set()
        for official in extraction.officials:
            keys.add(fusion.official_lock_key(self._iso3(official.country)))
        for agreement in extraction.agreements:
            keys.add(fusion.agreement_fusion_key(self._isos(agreement.parties)))
        listed = {official.name for official in extraction.officials}
        for event in extraction.events:
            keys.add(fusion.event_fusion_key(event.type, self._isos(event.countries), event.status))
            if any(name not in listed for name in event.officials):
                # Linked to a known official only, never created: wait for writers creating
                # officials of the event's countries, so one committing now is seen.
                keys.update(fusion.official_lock_key(iso) for iso in self._isos(event.countries))
        return keys

    def _keys_of_article(self, connection: Connection, article_id: int) -> set[str]:
        events = select(EVENTS.c.fusion_key).where(
            EVENTS.c.id.in_(
                select(EVENT_MENTIONS.c.event_id).where(EVENT_MENTIONS.c.article_id == article_id)
            )
        )
        agreements = select(AGREEMENTS.c.fusion_key).where(
            AGREEMENTS.c.id.in_(
                select(AGREEMENT_MENTIONS.c.agreement_id).where(
                    AGREEMENT_MENTIONS.c.article_id == article_id
                )
            )
        )
        keys = set(connection.execute(events.union(agreements)).scalars())
        countries = connection.execute(
            select(OFFICIALS.c.country_iso3)
            .where(
                OFFICIALS.c.id.in_(
                    select(OFFICIAL_MENTIONS.c.official_id).where(
                        OFFICIAL_MENTIONS.c.article_id == article_id
                    )
                )
            )
            .distinct()
        ).scalars()
        return keys | {fusion.official_lock_key(c) for c in countries}

    def _lock(self, connection: Connection, keys: set[str]) -> None:
        sql = self._lock_sql(driver_cursor(connection), keys)
        if sql:
            driver_cursor(connection).execute(sql)

    def _lock_sql(self, cursor: Any, keys: set[str]) -> str:
        """The statement taking the advisory locks on `keys` ("" when there are none to take)."""
        if self.dialect != "postgresql" or not keys:
            return ""
        ids = sorted({lock_id(k) for k in keys})
        # unnest keeps the array's order, so every writer takes its locks in the same order.
        return cursor.mogrify(
            "SELECT pg_advisory_xact_lock(k) FROM unnest(%(ids)s::bigint[]) AS k", {"ids": ids}
        ).decode()

    # --- helpers -------------------------------------------------------------------------------

    def _iso3(self, code: str | None) -> str | None:
        if not code:
            return None
        code = code.upper()
        return code if code in self.countries else None

    def _isos(self, codes: Iterable[str]) -> list[str]:
        """The known ISO3 codes among `codes`, sorted (callers must not change the list)."""
        wanted = tuple(codes)
        isos = self._isos_of.get(wanted)
        if isos is None:
            if len(self._isos_of) > 10_000:
                self._isos_of.clear()
            isos = sorted({c for c in (self._iso3(code) for code in wanted) if c})
            self._isos_of[wanted] = isos
        return isos

    # --- replacing an article's facts ----------------------------------------------------------

    def _remove_facts(self, connection: Connection, article_id: int) -> None:
        """Drop an article's mentions, then every event, agreement and official left unmentioned."""

        def ids(column: Any, table: Any) -> set[int]:
            return set(
                connection.execute(
                    select(column).where(table.c.article_id == article_id).distinct()
                ).scalars()
            )

        event_ids = ids(EVENT_MENTIONS.c.event_id, EVENT_MENTIONS)
        agreement_ids = ids(AGREEMENT_MENTIONS.c.agreement_id, AGREEMENT_MENTIONS)
        official_ids = ids(OFFICIAL_MENTIONS.c.official_id, OFFICIAL_MENTIONS)
        for table in (EVENT_MENTIONS, AGREEMENT_MENTIONS, OFFICIAL_MENTIONS):
            connection.execute(delete(table).where(table.c.article_id == article_id))

        if event_ids:
            still = set(
                connection.execute(
                    select(EVENT_MENTIONS.c.event_id)
                    .where(EVENT_MENTIONS.c.event_id.in_(event_ids))
                    .distinct()
                ).scalars()
            )
            orphans = event_ids - still
            if orphans:
                rows = connection.execute(
                    select(PARTICIPANTS.c.official_id).where(PARTICIPANTS.c.event_id.in_(orphans))
                ).scalars()
                official_ids |= {i for i in rows if i is not None}
                agreement_ids |= {
                    i
                    for i in connection.execute(
                        select(EVENTS.c.agreement_id).where(EVENTS.c.id.in_(orphans))
                    ).scalars()
                    if i is not None
                }
                connection.execute(delete(PAIRS).where(PAIRS.c.event_id.in_(orphans)))
                connection.execute(delete(PARTICIPANTS).where(PARTICIPANTS.c.event_id.in_(orphans)))
                connection.execute(delete(EVENTS).where(EVENTS.c.id.in_(orphans)))

        if agreement_ids:
            kept = set(
                connection.execute(
                    select(AGREEMENT_MENTIONS.c.agreement_id)
                    .where(AGREEMENT_MENTIONS.c.agreement_id.in_(agreement_ids))
                    .union(
                        select(EVENTS.c.agreement_id).where(
                            EVENTS.c.agreement_id.in_(agreement_ids)
                        )
                    )
                ).scalars()
            )
            orphans = agreement_ids - kept
            if orphans:
                connection.execute(
                    delete(AGREEMENT_PARTIES).where(AGREEMENT_PARTIES.c.agreement_id.in_(orphans))
                )
                connection.execute(delete(AGREEMENTS).where(AGREEMENTS.c.id.in_(orphans)))

        if official_ids:
            kept = set(
                connection.execute(
                    select(OFFICIAL_MENTIONS.c.official_id)
                    .where(OFFICIAL_MENTIONS.c.official_id.in_(official_ids))
                    .union(
                        select(PARTICIPANTS.c.official_id).where(
                            PARTICIPANTS.c.official_id.in_(official_ids)
                        )
                    )
                ).scalars()
            )
            orphans = official_ids - kept
            if orphans:
                for table in (OFFICIAL_ALIASES, OFFICIAL_ROLES):
                    connection.execute(delete(table).where(table.c.official_id.in_(orphans)))
                connection.execute(delete(OFFICIALS).where(OFFICIALS.c.id.in_(orphans)))
                # The index would still offer the deleted officials: rebuild it.
                self.officials.clear()


class _ArticleWriter:
    """Resolves and writes one article's facts on an open transaction."""

    def __init__(
        self,
        store: Store,
        connection: Connection,
        article_id: int,
        article: Article,
        extraction: ex.Extraction,
        prefetched: _Prefetched | None = None,
    ) -> None:
        self.store = store
        self.sql = store.sql
        self.connection = connection
        self.article_id = article_id
        self.article = article
        self.extraction = extraction
        self.version = extraction.extractor_version
        self.published = article.published or extraction.published
        self.official_ids: dict[str, int] = {}  # every spelling seen in this article → id
        self.official_country: dict[int, str | None] = {}
        self.new_officials = 0
        self.pending: dict[int, dict[str, Any]] = {}  # new officials: provisional id → row
        self.cursor = driver_cursor(connection)
        self.prefetched = prefetched
        # PostgreSQL: rows nothing reads back in this transaction (mentions, participants,
        # aliases, roles, parties) wait here and go in one round trip at the end, with COMMIT.
        self.deferred: list[str] = []

    def write(self, status: str, newest: tuple[int, int] | None = None) -> StoreResult:
        """Write the facts; `newest` is the officials' and aliases' max ids, if already read.

        On PostgreSQL the transaction is committed here, with the last writes.
        """
        if self.prefetched is not None:
            self.store.officials.add_rows(self.prefetched.names)
        self._country_aliases()
        self._officials(newest)
        agreements = self._agreements()
        new_events = self._events(agreements)
        if self.store.dialect == "postgresql":
            self.deferred.append("COMMIT")
        if self.deferred:
            self.cursor.execute(";\n".join(self.deferred))
            self.deferred.clear()
        return StoreResult(
            status=status,
            article_id=self.article_id,
            events=len(self.extraction.events),
            agreements=len(self.extraction.agreements),
            officials=len(self.extraction.officials),
            new_events=new_events,
            new_agreements=sum(1 for a in agreements if a is not None and a.new),
            new_officials=self.new_officials,
        )

    def _mention(self, evidence: ex.Evidence, **ids: int) -> dict[str, Any]:
        return {
            **ids,
            "article_id": self.article_id,
            "sentence": evidence.text,
            "field": evidence.field,
            "start_char": evidence.start,
            "end_char": evidence.end,
        }

    def _execute_many(self, statement: Any, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        if isinstance(statement, DriverInsert):
            if self.store.dialect == "postgresql":
                self.deferred.append(statement.many_sql(self.cursor, rows))
            else:
                statement.execute_many(self.cursor, rows)
        else:
            self.connection.execute(statement, rows)

    def _insert_returning_ids(
        self, statement: DriverInsert, rows: list[dict[str, Any]]
    ) -> list[int]:
        """Insert `rows` (RETURNING id) and give their new ids in the rows' order."""
        if self.store.dialect == "sqlite":
            # In-process, a row at a time through the driver is cheaper than any batching.
            return [statement.execute(self.cursor, row)[0] for row in rows]
        # One statement; its rows draw their ids from the sequence in the order of its VALUES.
        # The writes deferred so far go first: the rows may refer to them.
        self.cursor.execute(";\n".join([*self.deferred, statement.many_sql(self.cursor, rows)]))
        self.deferred.clear()
        return sorted(id_ for (id_,) in self.cursor.fetchall())

    def _insert_new(
        self,
        returning: DriverInsert,
        with_id: DriverInsert,
        rows: list[dict[str, Any]],
        reserved: list[int],
    ) -> list[int]:
        """Insert new `rows`, giving their ids in order: ids the prefetch reserved if there are
        enough (the rows then wait for the last round trip), else INSERT … RETURNING now."""
        if self.store.dialect != "postgresql" or len(reserved) < len(rows):
            return self._insert_returning_ids(returning, rows)
        ids = reserved[: len(rows)]
        del reserved[: len(rows)]
        with_ids = [{**row, "id": id_} for row, id_ in zip(rows, ids, strict=True)]
        self.deferred.append(with_id.many_sql(self.cursor, with_ids))
        return ids

    # --- country aliases learned from the text -------------------------------------------------

    def _country_aliases(self) -> None:
        rows = []
        for alias in self.extraction.country_aliases:
            country_id = self.store.countries.get(alias.iso3.upper())
            norm = normalise_alias(alias.alias)
            if country_id and norm:
                rows.append(
                    {
                        "country_id": country_id,
                        "alias": _clip(alias.alias, 200),
                        "alias_norm": _clip(norm, 200),
                        "lang": alias.lang,
                        "kind": "learned",
                    }
                )
        self._execute_many(self.sql.insert_country_alias, rows)

    # --- officials -----------------------------------------------------------------------------

    def _officials(self, newest: tuple[int, int] | None) -> None:
        named_in_events = {n for e in self.extraction.events for n in e.officials}
        if not self.extraction.officials and not named_in_events:
            return
        index = self.store.officials
        if self.prefetched is None:
            index.refresh(self.connection, self.sql, newest)
        aliases: list[dict[str, Any]] = []
        roles: list[dict[str, Any]] = []
        mentions: list[dict[str, Any]] = []
        event_dates = self._event_dates_by_official()
        for official in self.extraction.officials:
            country = self.store._iso3(official.country)
            official_id = self._resolve_official(official.name, official.aliases, country)
            for spelling in [official.name, *official.aliases]:
                self.official_ids[spelling] = official_id
                norm = fusion.normalise_text(spelling)
                if norm:
                    aliases.append(
                        {
                            "official_id": official_id,
                            "alias": _clip(spelling, 200),
                            "alias_norm": _clip(norm, 200),
                            "lang": _script_language(spelling),
                        }
                    )
            if official.title:
                seen = self.published or event_dates.get(official.name)
                roles.append(
                    {
                        "official_id": official_id,
                        "title": _clip(official.title, 300),
                        "title_norm": _clip(fusion.normalise_text(official.title), 300),
                        "organisation": _clip(official.organisation, 300),
                        "country_id": self.store.countries.get(country) if country else None,
                        "first_seen": seen,
                        "last_seen": seen,
                        "first_article_id": self.article_id,
                    }
                )
            if official.evidence:
                mentions.append(self._mention(official.evidence, official_id=official_id))

        if self.pending:
            ids = self._insert_officials()
            for spelling, official_id in self.official_ids.items():
                self.official_ids[spelling] = ids.get(official_id, official_id)
            for row in (*aliases, *roles, *mentions):
                row["official_id"] = ids.get(row["official_id"], row["official_id"])

        # Named in an event but not listed: link a known official, never invent one.
        for name in sorted(named_in_events - set(self.official_ids)):
            found = index.match(fusion.official_name_tokens(name), None)
            if found is not None:
                self.official_ids[name] = found.id

        self._execute_many(self.sql.insert_alias, _unique(aliases, ("official_id", "alias_norm")))
        for row in aliases:
            index.add_name(row["official_id"], row["alias"])
        self._execute_many(self.sql.upsert_role, _merge_roles(roles))
        self._execute_many(self.sql.insert_official_mention, mentions)

    def _event_dates_by_official(self) -> dict[str, date]:
        """The first event date naming each official: their 'seen' date if the article has none."""
        dates: dict[str, date] = {}
        for event in self.extraction.events:
            if event.date:
                for name in event.officials:
                    dates.setdefault(name, event.date.value)
        return dates

    def _resolve_official(self, name: str, aliases: Sequence[str], country: str | None) -> int:
        """The id of the official this name (or an alias) names, creating one if none fits."""
        index = self.store.officials
        for spelling in [name, *aliases]:
            if spelling in self.official_ids:
                return self.official_ids[spelling]
        tokens = fusion.official_name_tokens(name)
        found = index.match(tokens, country)
        for alias in aliases:
            if found is None:
                found = index.match(fusion.official_name_tokens(alias), country)
        if found is not None:
            self._maybe_rename(found, name)
            return found.id
        display = _clip(fusion.official_display_name(name) or name, 200)
        key = _clip(fusion.official_name_key(name), 200) or ""
        # A taken key is that official (the INSERT would find it so); else a new one, written
        # with the article's other new officials in one statement (`_insert_officials`).
        official_id = index.by_key.get((key, country or ""))
        if official_id is None:
            official_id = _PROVISIONAL + len(self.pending)
            self.pending[official_id] = {
                "name": display,
                "name_key": key,
                "country_id": self.store.countries.get(country) if country else None,
                "country_iso3": country or "",
            }
            index.add(official_id, country or "", display, key)
        index.add_name(official_id, name)
        return official_id

    def _insert_officials(self) -> dict[int, int]:
        """Write the pending officials; their provisional ids → the ids they got."""
        index = self.store.officials
        now = utcnow()
        rows = [
            {**values, "name": index.by_id[provisional].name, "created_at": now}  # renamed?
            for provisional, values in self.pending.items()
        ]
        statement = self.sql.insert_official
        if self.store.dialect == "postgresql":
            self.cursor.execute(statement.many_sql(self.cursor, rows))
            returned = self.cursor.fetchall()
        else:
            returned = [r for r in (statement.execute(self.cursor, row) for row in rows) if r]
        got = {(key, country): id_ for id_, key, country in returned}
        self.new_officials += len(got)
        ids: dict[int, int] = {}
        for provisional, row in zip(self.pending, rows, strict=True):
            key = (row["name_key"], row["country_iso3"])
            official_id = got.get(key)
            if official_id is None:  # stored meanwhile under a key the index did not have yet
                official_id = self.connection.execute(self.sql.find_official, row).scalar_one()
                if row["name"] != self.pending[provisional]["name"]:
                    self.connection.execute(
                        self.sql.rename_official, {"b_id": official_id, "b_name": row["name"]}
                    )
            index.replace_id(provisional, official_id, row["name_key"])
            ids[provisional] = official_id
        self.pending.clear()
        return ids

    def _maybe_rename(self, known: _KnownOfficial, name: str) -> None:
        """The fullest form of a name becomes the canonical one ("Bajwa" → "Qamar Javed Bajwa")."""
        tokens = fusion.official_name_tokens(name)
        current = fusion.official_name_tokens(known.name)
        if len(tokens) > len(current) and set(current) <= set(tokens):
            display = _clip(fusion.official_display_name(name), 200)
            if known.id not in self.pending:  # a pending one is written with its new name
                self.connection.execute(
                    self.sql.rename_official, {"b_id": known.id, "b_name": display}
                )
            known.name = display

    # --- agreements ----------------------------------------------------------------------------

    def _agreements(self) -> list[_AgreementRow | None]:
        """Resolve every extracted agreement to a row (existing or new); None if no parties."""
        store = self.store
        wanted: list[tuple[ex.Agreement, list[str], str]] = []
        for agreement in self.extraction.agreements:
            parties = store._isos(agreement.parties)
            wanted.append((agreement, parties, fusion.agreement_fusion_key(parties)))
        keys = {key for _, _, key in wanted}
        known: dict[str, list[_AgreementRow]] = defaultdict(list)
        if keys:
            if self.prefetched is not None:
                stored = self.prefetched.agreements  # read under the same keys
            else:
                stored = self.sql.agreements_by_key.rows(self.cursor, {"keys": sorted(keys)})
            for row in stored:
                known[row["fusion_key"]].append(
                    _AgreementRow(
                        id=row["id"],
                        name=row["name"],
                        tokens=tuple(row["name_norm"].split()),
                        fusion_key=row["fusion_key"],
                        kind=row["kind"],
                        topic=row["topic"],
                        date=row["date"],
                        date_precision=row["date_precision"],
                        status=row["status"],
                    )
                )

        resolved: list[_AgreementRow | None] = []
        for agreement, parties, key in wanted:
            tokens = fusion.agreement_name_tokens(agreement.name, parties)
            row = _match_agreement(agreement, tokens, known[key])
            if row is None:
                row = _AgreementRow(
                    id=None,
                    name=_clip(agreement.name, 500),
                    tokens=tokens,
                    fusion_key=key,
                    kind=agreement.kind,
                    topic=agreement.topic,
                    date=agreement.date.value if agreement.date else None,
                    date_precision=agreement.date.precision if agreement.date else None,
                    status=agreement.status,
                    parties=tuple(store.countries[p] for p in parties),
                    new=True,
                )
                known[key].append(row)
            else:
                _merge_agreement(row, agreement)
            resolved.append(row)

        self._write_agreements([r for r in resolved if r is not None])
        mentions = []
        for agreement, row in zip(self.extraction.agreements, resolved, strict=True):
            evidence = agreement.evidence or self._signing_evidence(agreement)
            if row is not None and row.id is not None and evidence is not None:
                mentions.append(
                    self._mention(evidence, agreement_id=row.id)
                    | {"extractor_version": self.version}
                )
        self._execute_many(
            self.sql.insert_agreement_mention,
            _unique(mentions, ("agreement_id", "field", "start_char")),
        )
        return resolved

    def _signing_evidence(self, agreement: ex.Agreement) -> ex.Evidence | None:
        index = self.extraction.agreements.index(agreement)
        for event in self.extraction.events:
            if event.agreement == index:
                return event.evidence
        return None

    def _write_agreements(self, rows: list[_AgreementRow]) -> None:
        new = _distinct(r for r in rows if r.new and r.id is None)
        if new:
            now = utcnow()
            ids = self._insert_new(
                self.sql.insert_agreement_row,
                self.sql.insert_agreement_with_id,
                [
                    {
                        "name": r.name,
                        "name_norm": _clip(" ".join(r.tokens), 500),
                        "kind": r.kind,
                        "topic": r.topic,
                        "date": r.date,
                        "date_precision": r.date_precision,
                        "status": r.status,
                        "fusion_key": r.fusion_key,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for r in new
                ],
                self.prefetched.agreement_ids if self.prefetched else [],
            )
            for row, id_ in zip(new, ids, strict=True):
                row.id = id_
            self._execute_many(
                self.sql.insert_party,
                [{"agreement_id": r.id, "country_id": c} for r in new for c in r.parties],
            )
        changed = _distinct(r for r in rows if r.changed and not r.new)
        if changed:
            self._execute_many(
                self.sql.update_agreement,
                [
                    {
                        "b_id": r.id,
                        "b_date": r.date,
                        "b_precision": r.date_precision,
                        "b_status": r.status,
                        "b_topic": r.topic,
                        "b_now": utcnow(),
                    }
                    for r in changed
                ],
            )
            for row in changed:
                row.changed = False

    # --- events --------------------------------------------------------------------------------

    def _events(self, agreements: list[_AgreementRow | None]) -> int:
        store = self.store
        events = self.extraction.events
        if not events:
            return 0
        plans = []
        for event in events:
            isos = store._isos(event.countries)
            key = fusion.event_fusion_key(event.type, isos, event.status)
            signs = None
            index = event.agreement if event.type == "agreement_signed" else None
            if index is not None and 0 <= index < len(agreements):
                signs = agreements[index]
            plans.append((event, isos, key, signs))

        candidates = self._event_candidates(plans)
        resolved: list[_EventRow] = []
        sentences: list[str] = []
        for event, _isos, key, signs in plans:
            sentence = fusion.normalise_sentence(event.evidence.text)
            sentences.append(sentence)
            row = _match_event(
                event, sentence, key, signs, candidates[key], list(candidates["*signing"])
            )
            if row is None:
                row = _EventRow(
                    id=None,
                    type=event.type,
                    fusion_key=key,
                    date=event.date.value if event.date else None,
                    date_precision=event.date.precision if event.date else None,
                    date_source=event.date.source if event.date else None,
                    status=event.status,
                    agreement_id=signs.id if signs else None,
                    location=_clip(event.location, 200),
                    topic=event.topic,
                    cameo_code=event.cameo,
                    summary=event.summary,
                    new=True,
                )
                candidates[key].append(row)
                if signs is not None:
                    candidates["*signing"].append(row)
            else:
                _merge_event(row, event, signs)
            row.sentences.add(sentence)
            resolved.append(row)

        self._write_events(resolved)
        self._write_participants(plans, resolved)
        mentions = [
            self._mention(event.evidence, event_id=row.id)
            | {"extractor_version": self.version, "sentence_key": fusion.sentence_key(sentence)}
            for (event, *_), row, sentence in zip(plans, resolved, sentences, strict=True)
        ]
        self._execute_many(
            self.sql.insert_event_mention, _unique(mentions, ("event_id", "field", "start_char"))
        )
        return len(_distinct(r for r in resolved if r.new))

    def _event_candidates(self, plans: list[Any]) -> dict[str, list[_EventRow]]:
        """Stored events that may fuse with the article's (see statements._event_candidates),
        grouped by fusion key; "*signing" holds the signing events of the agreements it signs."""
        keyed = [(event, key) for event, _, key, _ in plans]
        signing_ids = {s.id for *_, s in plans if s is not None and s.id is not None}
        if self.prefetched is not None:
            # The candidates came with the article; the signing events of the stored agreements
            # this article's turn out to be (rarely any) come now.
            rows = list(self.prefetched.events)
            sentences = self.prefetched.sentences
            stored = sorted({s.id for *_, s in plans if s is not None and s.id and not s.new})
            if stored:  # (an agreement written just now has no events yet)
                prefetched = {row["id"] for row in rows}
                signing = self.sql.event_candidates.rows(
                    self.cursor, candidate_params(self.store.dialect, [], [], [], stored)
                )
                rows += [row for row in signing if row["id"] not in prefetched]
                rows.sort(key=lambda row: row["id"])
        else:
            params = self.store._candidate_params(keyed, sorted(signing_ids))
            rows = self.sql.event_candidates.rows(self.cursor, params)
            sentences = [
                (found["event_id"], found["sentence"])
                for found in self.sql.sentences_by_key.rows(self.cursor, params)
            ]
        candidates: dict[str, list[_EventRow]] = defaultdict(list)
        by_id: dict[int, _EventRow] = {}
        for row in rows:
            event = _EventRow(
                id=row["id"],
                type=row["type"],
                fusion_key=row["fusion_key"],
                date=row["date"],
                date_precision=row["date_precision"],
                date_source=row["date_source"],
                status=row["status"],
                agreement_id=row["agreement_id"],
                location=row["location"],
                topic=row["topic"],
                cameo_code=row["cameo_code"],
                summary=row["summary"],
            )
            by_id[event.id] = event  # type: ignore[index]
            candidates[event.fusion_key].append(event)
            if event.agreement_id is not None and event.agreement_id in signing_ids:
                candidates["*signing"].append(event)
        # The stored sentences equal to one of the article's (sentences decide where a date is
        # missing on either side); comparing the normalised text guards against hash collisions.
        wanted = {fusion.normalise_sentence(event.evidence.text) for event, _ in keyed}
        for event_id, sentence in sentences:
            normalised = fusion.normalise_sentence(sentence)
            if normalised in wanted and event_id in by_id:
                by_id[event_id].sentences.add(normalised)
        return candidates

    def _write_events(self, rows: list[_EventRow]) -> None:
        new = _distinct(r for r in rows if r.new and r.id is None)
        if new:
            now = utcnow()
            values = [
                {
                    "type": r.type,
                    "cameo_code": r.cameo_code,
                    "date": r.date,
                    "date_precision": r.date_precision,
                    "date_source": r.date_source,
                    "topic": r.topic,
                    "location": r.location,
                    "status": r.status,
                    "summary": r.summary,
                    "fusion_key": r.fusion_key,
                    "agreement_id": r.agreement_id,
                    "created_at": now,
                    "updated_at": now,
                }
                for r in new
            ]
            ids = self._insert_new(
                self.sql.insert_event_row,
                self.sql.insert_event_with_id,
                values,
                self.prefetched.event_ids if self.prefetched else [],
            )
            for row, id_ in zip(new, ids, strict=True):
                row.id = id_
        changed = _distinct(r for r in rows if r.changed and not r.new)
        if changed:
            self._execute_many(
                self.sql.update_event,
                [
                    {
                        "b_id": r.id,
                        "b_date": r.date,
                        "b_precision": r.date_precision,
                        "b_source": r.date_source,
                        "b_status": r.status,
                        "b_agreement": r.agreement_id,
                        "b_location": r.location,
                        "b_topic": r.topic,
                        "b_cameo": r.cameo_code,
                        "b_summary": r.summary,
                        "b_now": utcnow(),
                    }
                    for r in changed
                ],
            )
            # event_country_pairs copies the topic, status and date: keep it in step.
            self._execute_many(self.sql.update_pairs, [_pair_copy(r) for r in changed])

    def _write_participants(self, plans: list[Any], rows: list[_EventRow]) -> None:
        """Union of participants: one row per country, carrying its official when one is named."""
        countries = self.store.countries
        existing_ids = [r.id for r in _distinct(rows) if not r.new]
        placeholders: dict[tuple[int, int], int] = {}  # (event, country) → row id without official
        stored: dict[int, set[int]] = defaultdict(set)  # event → countries already stored
        if existing_ids:
            by_id = {r.id: r for r in rows}
            for pid, event_id, country_id, official_id in self.connection.execute(
                self.sql.participants_of, {"ids": existing_ids}
            ):
                by_event = by_id[event_id]
                by_event.participants.add((country_id, official_id))
                stored[event_id].add(country_id)
                if official_id is None:
                    placeholders[(event_id, country_id)] = pid

        inserts: list[dict[str, Any]] = []
        fills: list[dict[str, Any]] = []
        for (event, isos, _key, _signs), row in zip(plans, rows, strict=True):
            assert row.id is not None
            named: dict[int, list[int]] = defaultdict(list)
            for name in event.officials:
                official_id = self._official_for(name)
                if official_id is None:
                    continue
                iso = self.official_country.get(official_id)
                if iso is None:
                    iso = self._official_iso(official_id)
                if iso in isos:
                    named[countries[iso]].append(official_id)
            for iso in isos:
                country_id = countries[iso]
                present = {o for c, o in row.participants if c == country_id}
                for official_id in named.get(country_id, []):
                    if official_id in present:
                        continue
                    placeholder = placeholders.pop((row.id, country_id), None)
                    if placeholder is not None:
                        fills.append({"b_id": placeholder, "b_official": official_id})
                        row.participants.discard((country_id, None))
                    else:
                        inserts.append(
                            {
                                "event_id": row.id,
                                "country_id": country_id,
                                "official_id": official_id,
                                "side": "party",
                            }
                        )
                    row.participants.add((country_id, official_id))
                    present.add(official_id)
                if not present:
                    inserts.append(
                        {
                            "event_id": row.id,
                            "country_id": country_id,
                            "official_id": None,
                            "side": "party",
                        }
                    )
                    row.participants.add((country_id, None))
        self._execute_many(self.sql.fill_participant, fills)
        self._execute_many(self.sql.insert_participant, inserts)
        self._execute_many(self.sql.insert_pair, _new_pairs(rows, stored))

    def _official_for(self, name: str) -> int | None:
        if name in self.official_ids:
            return self.official_ids[name]
        tokens = fusion.official_name_tokens(name)
        for spelling, official_id in self.official_ids.items():
            if fusion.official_name_fits(tokens, fusion.official_name_tokens(spelling)):
                return official_id
        return None

    def _official_iso(self, official_id: int) -> str | None:
        known = self.store.officials.by_id.get(official_id)
        iso = known.country if known else None
        self.official_country[official_id] = iso or None
        return iso or None


# --- fusion decisions on pending rows ----------------------------------------------------------


def _match_agreement(
    agreement: ex.Agreement, tokens: tuple[str, ...], known: list[_AgreementRow]
) -> _AgreementRow | None:
    """The stored agreement with the same parties and name this one is, if any.

    Dates must be compatible when both are known; among several fits an exact name beats a
    contained one and a compatible date beats a missing one.
    """
    best: tuple[int, int, _AgreementRow] | None = None
    for row in known:
        if not fusion.agreement_names_match(tokens, row.tokens):
            continue
        if agreement.date and row.date:
            if not fusion.partial_compatible(agreement.date, row.date, row.date_precision):
                continue
            dated = 1
        else:
            dated = 0
        score = (int(tuple(tokens) == tuple(row.tokens)), dated, row)
        if best is None or score[:2] > best[:2]:
            best = score
    return best[2] if best else None


def _merge_agreement(row: _AgreementRow, agreement: ex.Agreement) -> None:
    if agreement.date and fusion.more_precise(agreement.date.precision, row.date_precision):
        row.date, row.date_precision = agreement.date.value, agreement.date.precision
        row.changed = True
    if STATUS_RANK.get(agreement.status, 0) > STATUS_RANK.get(row.status, 0):
        row.status = agreement.status
        row.changed = True
    if row.topic is None and agreement.topic:
        row.topic = agreement.topic
        row.changed = True


def _match_event(
    event: ex.Event,
    sentence: str,
    key: str,
    signs: _AgreementRow | None,
    known: list[_EventRow],
    signing: list[_EventRow],
) -> _EventRow | None:
    """The stored (or earlier pending) event this report describes, if any.

    A signing event whose agreement is already known fuses with that agreement's signing event.
    Otherwise: same fusion key, and dates compatible — or, where either date is missing, the same
    normalised sentence. When several dated events fit, an equal date wins; across precisions only
    the same type fuses, the most precise date containing this one first, and a vaguer report
    fitting several precise events fuses with none.
    """
    if signs is not None:
        for row in signing:
            if row.agreement_id is not None and row.agreement_id == signs.id:
                return row
    fitting: list[_EventRow] = []
    for row in known:
        if row.fusion_key != key:
            continue
        if signs is not None and row.agreement_id is not None and row.agreement_id != signs.id:
            continue
        if event.date is None or row.date is None:
            if sentence in row.sentences:
                return row
            continue
        if fusion.partial_compatible(event.date, row.date, row.date_precision):
            fitting.append(row)
    if not fitting:
        return None
    assert event.date is not None
    for row in fitting:
        if row.date == event.date.value and row.date_precision == event.date.precision:
            return row
    # Across precisions only the same type fuses: a "2019" meeting, talks and visit are one
    # family, but a year-dated report of talks must not swallow a visit made that June.
    fitting = [r for r in fitting if r.type == event.type]
    coarser = [
        r for r in fitting if not fusion.more_precise(r.date_precision, event.date.precision)
    ]
    if coarser:
        return max(coarser, key=lambda r: fusion.PRECISION_RANK.get(r.date_precision or "", -1))
    if len(fitting) == 1:
        return fitting[0]
    same_report = [r for r in fitting if sentence in r.sentences]
    return same_report[0] if len(same_report) == 1 else None


def _merge_event(row: _EventRow, event: ex.Event, signs: _AgreementRow | None) -> None:
    if event.date and (
        row.date is None or fusion.more_precise(event.date.precision, row.date_precision)
    ):
        row.date, row.date_precision = event.date.value, event.date.precision
        row.date_source = event.date.source
        row.changed = True
    if STATUS_RANK.get(event.status, 0) > STATUS_RANK.get(row.status, 0):
        row.status = event.status
        row.changed = True
    for attribute, value in (
        ("location", _clip(event.location, 200)),
        ("topic", event.topic),
        ("cameo_code", event.cameo),
        ("summary", event.summary),
    ):
        if getattr(row, attribute) is None and value:
            setattr(row, attribute, value)
            row.changed = True
    if signs is not None and row.agreement_id is None:
        row.agreement_id = signs.id  # agreements are written before events: the id is known
        row.changed = True


# --- small helpers -----------------------------------------------------------------------------


def _new_pairs(rows: list[_EventRow], stored: dict[int, set[int]]) -> list[dict[str, Any]]:
    """event_country_pairs rows for the pairs of countries the events gained in this article."""
    pairs = []
    for row in _distinct(rows):
        before = stored.get(row.id, set())  # type: ignore[arg-type]
        countries = sorted({country for country, _official in row.participants})
        for n, country_a in enumerate(countries):
            for country_b in countries[n + 1 :]:
                if country_a not in before or country_b not in before:
                    pairs.append(_pair_copy(row) | {"country_a": country_a, "country_b": country_b})
    return pairs


def _pair_copy(row: _EventRow) -> dict[str, Any]:
    """What event_country_pairs copies of an event."""
    return {
        "event_id": row.id,
        "topic": row.topic,
        "status": row.status,
        "date": row.date,
        "date_precision": row.date_precision,
    }


def candidate_ranges(keyed: Iterable[tuple[ex.Event, str]]) -> list[tuple[str, date, date]]:
    """(fusion key, first day, last day): where stored events dated compatibly with the dated
    events of an article lie. Compatible means one period contains the other (fusion.
    dates_compatible), so for an event of a given period: any date inside that period, plus the
    first day of its year (a year-dated event) and of its month (a month-dated one)."""
    ranges: set[tuple[str, date, date]] = set()
    for event, key in keyed:
        if event.date is None:
            continue
        value, precision = event.date.value, event.date.precision
        first, last = fusion.period(value, precision)
        ranges.add((key, first, last))
        for outer in (date(value.year, 1, 1), date(value.year, value.month, 1)):
            if not first <= outer <= last:
                ranges.add((key, outer, outer))
    return sorted(ranges)


def _distinct(rows: Iterable[Any]) -> list[Any]:
    """Rows in first-seen order, each object once (several reports may resolve to one row)."""
    seen: set[int] = set()
    out = []
    for row in rows:
        if id(row) not in seen:
            seen.add(id(row))
            out.append(row)
    return out


def _unique(rows: list[dict[str, Any]], key: Sequence[str]) -> list[dict[str, Any]]:
    """Drop rows repeating a unique key: one statement may not hit the same key twice."""
    seen: set[tuple[Any, ...]] = set()
    out = []
    for row in rows:
        k = tuple(row[c] for c in key)
        if k not in seen:
            seen.add(k)
            out.append(row)
    return out


def _merge_roles(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per (official, title), spanning the dates of its duplicates."""
    merged: dict[tuple[int, str], dict[str, Any]] = {}
    for row in rows:
        key = (row["official_id"], row["title_norm"])
        if key not in merged:
            merged[key] = dict(row)
            continue
        kept = merged[key]
        seen = [d for d in (kept["first_seen"], row["first_seen"]) if d]
        kept["first_seen"] = min(seen) if seen else None
        seen = [d for d in (kept["last_seen"], row["last_seen"]) if d]
        kept["last_seen"] = max(seen) if seen else None
        kept["organisation"] = kept["organisation"] or row["organisation"]
    return list(merged.values())


def _script_language(text: str) -> str:
    """ "ur" for text in Arabic script, else "en"."""
    return "ur" if any("\u0600" <= ch <= "\u06ff" for ch in text) else "en"


def _clip(value: str | None, length: int) -> str | None:
    """Text cut to a column's length (PostgreSQL refuses longer values; SQLite would keep them)."""
    return value[:length] if value else value
