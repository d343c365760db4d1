"""`kb sync` as a library call: pull each source, ingest only what it has not delivered before.

One run per source goes through the ingest pipeline (`command="sync"`, with the source's id), so
sync and `kb ingest` share one store and one run history. A source that cannot be read at all
becomes one failed item of its run, named by its URL or path; the other sources still sync.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import Engine, update

from kb.article import Article
from kb.db.models import IngestRun
from kb.ingest.pipeline import ItemOutcome, ingest_items
from kb.ingest.readers.items import ReadError, ReadItem
from kb.sync.http import FetchPolicy
from kb.sync.lock import sync_lock
from kb.sync.pull import Pull, PullError, Unit, pull
from kb.sync.seen import load_state, mark_synced, remember_item, save_validators
from kb.sync.sources import SourceInfo, resolve_names


@dataclass
class SourceResult:
    """How one source's sync went. `offered` counts what the source listed, `skipped` what sync
    had already delivered and did not even hand to the pipeline."""

    name: str
    kind: str
    status: str = "ok"  # ok | not-modified | failed
    offered: int = 0
    skipped: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[ReadError] = field(default_factory=list)
    run_id: int | None = None

    @property
    def succeeded(self) -> bool:
        return self.status != "failed" and self.failed == 0

    def as_dict(self) -> dict[str, object]:
        data = dataclasses.asdict(self)
        data["errors"] = [{"item": error.item, "reason": error.reason} for error in self.errors]
        return data


def sync_sources(
    engine: Engine,
    names: Iterable[str] = (),
    *,
    wait: bool = False,
    policy: FetchPolicy | None = None,
    on_result: Callable[[SourceResult], None] | None = None,
) -> list[SourceResult]:
    """Sync the named sources (all when none), holding the sync lock; AlreadyRunning if taken."""
    sources = resolve_names(engine, list(names))
    results = []
    with sync_lock(engine, wait=wait):
        for source in sources:
            result = sync_source(engine, source, policy=policy)
            results.append(result)
            if on_result is not None:
                on_result(result)
    return results


def exit_code(results: Iterable[SourceResult]) -> int:
    """0 when every source and item went in, 1 when anything failed."""
    return 0 if all(result.succeeded for result in results) else 1


def sync_source(
    engine: Engine, source: SourceInfo, *, policy: FetchPolicy | None = None
) -> SourceResult:
    """One source, one run. Call under `sync_lock`: two syncs of one source must not interleave."""
    result = SourceResult(source.name, source.kind)
    state = load_state(engine, source.id)
    try:
        offer = pull(
            source,
            etag=state.etag,
            last_modified=state.last_modified,
            cursor=state.cursor,
            policy=policy,
        )
    except PullError as exc:
        offer = Pull(errors=[ReadError(source.location, str(exc))])
        result.status = "failed"
    delivery = _Delivery(engine, source.id, offer, state.seen, result)
    summary = ingest_items(
        engine,
        delivery.items(),
        command="sync",
        source_id=source.id,
        on_outcome=delivery.on_outcome,
    )
    result.run_id = summary.run_id
    result.new, result.updated = summary.new, summary.updated
    result.unchanged = summary.unchanged + result.skipped
    result.failed = summary.failed
    if offer.not_modified:
        result.status = "not-modified"
    elif result.failed:
        result.status = "failed"
    _complete_run(engine, result, offer)
    if result.status != "failed":
        save_validators(
            engine,
            source.id,
            etag=offer.etag,
            last_modified=offer.last_modified,
            cursor=offer.cursor,
        )
    mark_synced(engine, source.id)
    return result


class _Delivery:
    """Hands a source's unseen units to the pipeline, and remembers each unit once every item of
    it has been stored. Items are matched to units by `source_ref`, made unique if need be."""

    def __init__(
        self,
        engine: Engine,
        source_id: int,
        offer: Pull,
        seen: dict[str, str | None],
        result: SourceResult,
    ) -> None:
        self.engine = engine
        self.source_id = source_id
        self.offer = offer
        self.seen = seen
        self.result = result
        self.open: dict[str, _OpenUnit] = {}
        self._deciding = threading.Lock()

    def items(self) -> Iterator[ReadItem]:
        for unit in self.offer.units:
            self.result.offered += 1
            if unit.content_hash and self.seen.get(unit.key) == unit.content_hash:
                self.result.skipped += 1
                continue
            tracked = _OpenUnit(unit)
            for item in unit.items:
                item, ref = self._unique(item)
                self.open[ref] = tracked
                tracked.expected += 1
                yield item
            tracked.all_yielded = True
            self._remember_if_done(tracked)
        # Errors that belong to no unit (a bad feed entry, a bad line); filled while reading.
        yield from self.offer.errors

    def on_outcome(self, outcome: ItemOutcome) -> None:
        failed = outcome.status == "failed"
        if failed:
            self.result.errors.append(ReadError(outcome.item, outcome.reason or "failed"))
        tracked = self.open.pop(outcome.item, None)
        if tracked is None:
            return
        tracked.done += 1
        if failed:
            tracked.failed = True
        elif tracked.article_id is None:
            tracked.article_id = outcome.article_id
        self._remember_if_done(tracked)

    def _remember_if_done(self, tracked: _OpenUnit) -> None:
        # On PostgreSQL `items()` runs in the pipeline's reader thread and `on_outcome` in the
        # caller's: both may find a unit done at once, and only one may remember it.
        with self._deciding:
            if tracked.remembered or tracked.failed or not tracked.all_yielded:
                return
            if tracked.done < tracked.expected:
                return
            tracked.remembered = True
        unit = tracked.unit
        remember_item(self.engine, self.source_id, unit.key, unit.content_hash, tracked.article_id)

    def _unique(self, item: ReadItem) -> tuple[ReadItem, str]:
        ref = (item.source_ref or "") if isinstance(item, Article) else item.item
        if ref not in self.open:
            return item, ref
        number = 2
        while f"{ref}~{number}" in self.open:
            number += 1
        ref = f"{ref}~{number}"
        if isinstance(item, Article):
            return dataclasses.replace(item, source_ref=ref), ref
        return dataclasses.replace(item, item=ref), ref


@dataclass
class _OpenUnit:
    unit: Unit
    expected: int = 0
    done: int = 0
    all_yielded: bool = False
    failed: bool = False
    remembered: bool = False
    article_id: int | None = None


def _complete_run(engine: Engine, result: SourceResult, offer: Pull) -> None:
    """Count what sync skipped as seen and unchanged in the run, and say why nothing came."""
    if result.run_id is None:
        return
    values: dict[str, object] = {
        "seen": IngestRun.seen + result.skipped,
        "unchanged": IngestRun.unchanged + result.skipped,
    }
    if offer.not_modified:
        values["note"] = "not modified since the last sync"
    with engine.begin() as connection:
        connection.execute(
            update(IngestRun.__table__).where(IngestRun.id == result.run_id).values(**values)
        )
