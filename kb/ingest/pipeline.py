"""The ingest pipeline: read → skip known text by hash → extract → store, an article at a time.

`ingest_items` is the library entry point behind `kb ingest` and `kb sync`. It streams: items are
taken in batches only to look their content hashes up together, so an unchanged corpus costs one
query per batch and no extraction, and memory does not grow with the corpus. Each article is
stored in its own transaction; a bad item is reported through `on_outcome`, recorded in
ingest_errors, and the run goes on. On PostgreSQL, reading and extracting run a few articles
ahead in a thread (`kb.ingest.readahead`) while the store waits on the server; outcomes are
still reported, and articles stored, in the order read.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from sqlalchemy import Engine, inspect
from sqlalchemy.exc import DBAPIError

from kb.article import Article
from kb.errors import KbError
from kb.extract.extraction import Extraction
from kb.ingest import runs
from kb.ingest.readahead import read_ahead
from kb.ingest.readers.items import ReadError
from kb.ingest.store import Store

BATCH_SIZE = 200
# Chunks of articles extracted ahead of the store, by database: on PostgreSQL extraction runs
# while the store waits on the server; enough to cover a slow round trip, few enough that an
# interrupted run throws little work away. Not on SQLite: its driver lets go of the interpreter
# lock around every call, and a busy second thread then makes the writer wait for the lock more
# than it ever waits on the database.
READ_AHEAD = {"postgresql": 8}
CHUNK_SIZE = 100  # unchanged or failed items handed over at once (a re-ingest is mostly these)
MAX_FAILURES_KEPT = 1000
# Ten times a long feature (~100,000 characters). The extractor's time grows with the text (up to
# about 9 s a million characters), so a 50 MB "article" would hold the run for many minutes.
# Such an item is refused with its size, not cut silently.
MAX_ARTICLE_CHARS = 1_000_000

Extractor = Callable[[Article], Extraction]


@dataclass(frozen=True)
class ItemOutcome:
    """What happened to one item: status is "new", "updated", "unchanged" or "failed"."""

    item: str
    status: str
    article_id: int | None = None
    content_hash: str | None = None
    reason: str | None = None
    events: int = 0
    agreements: int = 0


@dataclass(frozen=True)
class _Extracted:
    """An article read and extracted, waiting for the store. `known` is its batch's content
    hash → article id lookup, which the store's side fills in as it goes."""

    name: str
    article: Article
    content_hash: str
    extraction: Extraction
    known: dict[str, int]
    would_update: bool  # dry run: its url is stored with other text


@dataclass
class RunSummary:
    """Counts for one run; `events`/`agreements` count what the new and updated articles reported,
    `new_events`/`new_agreements` the rows that did not exist before (the rest fused)."""

    run_id: int | None = None
    dry_run: bool = False
    status: str = "running"
    seen: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    events: int = 0
    agreements: int = 0
    new_events: int = 0
    new_agreements: int = 0
    new_officials: int = 0
    failures: list[dict[str, str]] = field(default_factory=list)

    def count(self, outcome: ItemOutcome) -> None:
        self.seen += 1
        setattr(self, outcome.status, getattr(self, outcome.status) + 1)
        self.events += outcome.events
        self.agreements += outcome.agreements
        if outcome.status == "failed" and len(self.failures) < MAX_FAILURES_KEPT:
            self.failures.append({"item": outcome.item, "reason": outcome.reason or ""})

    def line(self) -> str:
        """The one-line summary: "ingested 24 articles: 20 new, 0 updated, 4 unchanged, …"."""
        verb = "dry run: would ingest" if self.dry_run else "ingested"
        noun = "article" if self.seen == 1 else "articles"
        return (
            f"{verb} {self.seen} {noun}: {self.new} new, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.failed} failed; "
            f"{self.events} events, {self.agreements} agreements"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "dry_run": self.dry_run,
            "status": self.status,
            "seen": self.seen,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "events": self.events,
            "agreements": self.agreements,
            "new_events": self.new_events,
            "new_agreements": self.new_agreements,
            "new_officials": self.new_officials,
            "failures": list(self.failures),
        }


def default_extractor() -> Extractor:
    from kb.extract.pipeline import extract

    return extract


def ingest_items(
    engine: Engine,
    items: Iterable[Article | ReadError],
    *,
    command: str = "ingest",
    source_id: int | None = None,
    dry_run: bool = False,
    on_outcome: Callable[[ItemOutcome], None] | None = None,
    extractor: Extractor | None = None,
    batch_size: int = BATCH_SIZE,
) -> RunSummary:
    """Ingest a stream of articles (and read errors) into `engine`; returns the run's counts.

    With `dry_run`, articles are read and extracted and the counts say what would be added, but
    nothing is written (not even the run record).
    """
    extract = extractor or default_extractor()
    summary = RunSummary(dry_run=dry_run)
    run = _Run(engine, summary, command, source_id, dry_run, extract, on_outcome, batch_size)
    if not dry_run:
        summary.run_id = runs.start_run(engine, command, source_id)
    try:
        ahead = READ_AHEAD.get(engine.dialect.name, 0)
        with _heap_frozen(), read_ahead(run.prepared(items), ahead) as ready:
            for chunk in ready:
                for item in chunk:
                    run.take(item)
    except KeyboardInterrupt:
        run.finish("interrupted", "interrupted by the user")
        raise
    except BaseException as exc:
        run.finish("failed", f"{type(exc).__name__}: {_first_line(exc)}")
        raise
    finally:
        run.store.close()
    run.finish("failed" if summary.failed else "ok")
    return summary


class _Run:
    """The state of one ingest run: the store, the counts, what this run has already seen."""

    def __init__(
        self,
        engine: Engine,
        summary: RunSummary,
        command: str,
        source_id: int | None,
        dry_run: bool,
        extract: Extractor,
        on_outcome: Callable[[ItemOutcome], None] | None,
        batch_size: int,
    ) -> None:
        self.engine = engine
        self.batch_size = batch_size
        self.summary = summary
        self.dry_run = dry_run
        self.extract = extract
        self.on_outcome = on_outcome
        self.store = Store(engine)
        # A dry run on a database never migrated has nothing stored to compare with.
        self.has_articles = not dry_run or inspect(engine).has_table("articles")
        self.dry_seen: dict[str, int] = {}  # dry run: hashes taken this run → pseudo id

    def prepared(
        self, items: Iterable[Article | ReadError]
    ) -> Iterator[list[ItemOutcome | _Extracted]]:
        """Each item as a final outcome (failed, unchanged) or an extraction waiting to be stored,
        in chunks that end at each extraction (so the store never waits on cheap items).

        Runs ahead of the store in a thread (`readahead`): it touches the database only to look
        a batch's content hashes up, on connections of its own.
        """
        chunk: list[ItemOutcome | _Extracted] = []
        for batch in _batches(items, self.batch_size):
            hashes = {id(item): item.content_hash for item in batch if isinstance(item, Article)}
            known = self.store.known_hashes(hashes.values()) if self.has_articles else {}
            urls: dict[str, int] = {}
            if self.dry_run and self.has_articles:
                urls = self.store.known_urls(
                    i.url for i in batch if isinstance(i, Article) and i.url
                )
            for item in batch:
                if isinstance(item, ReadError):
                    chunk.append(ItemOutcome(item.item, "failed", reason=item.reason))
                else:
                    chunk.append(self.prepare(item, hashes[id(item)], known, urls))
                if isinstance(chunk[-1], _Extracted) or len(chunk) >= CHUNK_SIZE:
                    yield chunk
                    chunk = []
        if chunk:
            yield chunk

    def prepare(
        self, article: Article, content_hash: str, known: dict[str, int], urls: dict[str, int]
    ) -> ItemOutcome | _Extracted:
        name = article.source_ref or article.url or article.title or "(unnamed article)"
        if content_hash in known or content_hash in self.dry_seen:
            article_id = known.get(content_hash) or self.dry_seen.get(content_hash)
            return ItemOutcome(name, "unchanged", article_id, content_hash)
        if article.is_empty():
            return ItemOutcome(name, "failed", content_hash=content_hash, reason="no text")
        size = sum(map(len, (article.title, article.title_ur, article.text_en, article.text_ur)))
        if size > MAX_ARTICLE_CHARS:
            reason = (
                f"article too long to extract ({size:,} characters, the limit is "
                f"{MAX_ARTICLE_CHARS:,}); split it into articles"
            )
            return ItemOutcome(name, "failed", content_hash=content_hash, reason=reason)
        try:
            extraction = self.extract(article)
        except Exception as exc:
            reason = f"extraction failed: {type(exc).__name__}: {_first_line(exc)}"
            return ItemOutcome(name, "failed", content_hash=content_hash, reason=reason)
        would_update = bool(article.url and article.url in urls)
        return _Extracted(name, article, content_hash, extraction, known, would_update)

    def take(self, item: ItemOutcome | _Extracted) -> None:
        """Store an extracted article (or count it, in a dry run) and report its outcome."""
        if isinstance(item, ItemOutcome):
            self.report(item)
            return
        name, content_hash, known = item.name, item.content_hash, item.known
        if content_hash in known or content_hash in self.dry_seen:  # its twin went in meanwhile
            article_id = known.get(content_hash) or self.dry_seen.get(content_hash)
            self.report(ItemOutcome(name, "unchanged", article_id, content_hash))
            return
        events, agreements = len(item.extraction.events), len(item.extraction.agreements)
        if self.dry_run:
            status = "updated" if item.would_update else "new"
            self.dry_seen[content_hash] = 0
            self.report(ItemOutcome(name, status, None, content_hash, None, events, agreements))
            return
        try:
            result = self.store.store(item.article, item.extraction)
        except Exception as exc:
            if database_broke(exc):  # every later item would fail the same way: stop here
                raise KbError(
                    f"ingest stopped at {name}: database error: {_first_line(exc)}"
                ) from exc
            reason = f"could not store: {_first_line(exc)}"
            self.report(ItemOutcome(name, "failed", content_hash=content_hash, reason=reason))
            return
        known[content_hash] = result.article_id
        if result.status == "unchanged":  # another writer stored the same text meanwhile
            self.report(ItemOutcome(name, "unchanged", result.article_id, content_hash))
            return
        self.summary.new_events += result.new_events
        self.summary.new_agreements += result.new_agreements
        self.summary.new_officials += result.new_officials
        self.report(
            ItemOutcome(
                name, result.status, result.article_id, content_hash, None, events, agreements
            )
        )

    def report(self, outcome: ItemOutcome) -> None:
        self.summary.count(outcome)
        if outcome.status == "failed" and self.summary.run_id is not None:
            runs.record_error(self.engine, self.summary.run_id, outcome.item, outcome.reason or "")
        if self.on_outcome is not None:
            self.on_outcome(outcome)

    def finish(self, status: str, note: str | None = None) -> None:
        summary = self.summary
        summary.status = status
        if summary.run_id is None:
            return
        try:
            runs.finish_run(
                self.engine,
                summary.run_id,
                status=status,
                seen=summary.seen,
                new=summary.new,
                updated=summary.updated,
                unchanged=summary.unchanged,
                failed=summary.failed,
                note=note,
            )
        except DBAPIError:
            if status == "ok":
                raise  # otherwise an error is already on its way up; the next run will tidy up


@contextmanager
def _heap_frozen() -> Iterator[None]:
    """Keep what is alive when the run starts (modules, SQLAlchemy's and alembic's objects after
    an in-process migration) out of the garbage collector's full passes for the run: walking
    them again and again cost 0.6 ms an article after a migration (measured, 10,000 articles).
    No collection first (it would cost a short run more than it saves): whatever garbage is
    frozen goes back to the collector with the rest when the run ends."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _batches(items: Iterable[Article | ReadError], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


# Failures of the database rather than of one item: lost connection, server shutting down,
# disk full, I/O error (PostgreSQL error classes 08, 53, 57, 58; SQLite's messages).
_BROKEN_PG_CLASSES = ("08", "53", "57", "58")
_BROKEN_SQLITE = (
    "disk is full",
    "disk i/o error",
    "readonly database",
    "unable to open database",
    "disk image is malformed",
)


def database_broke(exc: BaseException) -> bool:
    """True when `exc` says the database itself failed, not the item being stored."""
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    code = getattr(exc.orig, "pgcode", None) or ""
    if code[:2] in _BROKEN_PG_CLASSES:
        return True
    message = str(exc.orig).lower()
    return any(text in message for text in _BROKEN_SQLITE)


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
