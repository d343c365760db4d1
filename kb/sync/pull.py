"""What a source offers right now, as units sync can tell apart from the ones it has seen.

A unit is the thing a source's seen-state remembers: a feed entry (keyed by guid/id/link), a file
in a folder (keyed by its path inside the folder, hashed by its bytes), or one article of a file
source (keyed by its content hash, so a JSON Lines line is known by what it says). Pulling reads
and parses but never touches the database: the caller decides what is new.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kb.ingest.readers.items import BadInput, ReadError, ReadItem
from kb.sync.http import FetchPolicy, fetch
from kb.sync.sources import SourceInfo

if TYPE_CHECKING:
    from kb.ingest.readers.feed import FeedResult


@dataclass(frozen=True)
class Unit:
    """One remembered item: `items` are what ingest gets for it (read lazily for files)."""

    key: str
    content_hash: str
    items: Iterable[ReadItem]


@dataclass
class Pull:
    """A source's offer: its units, errors that belong to no unit, and what to remember after.

    `not_modified` means the source said nothing changed (HTTP 304, or a file source whose bytes
    hash to the saved cursor). `etag`, `last_modified` and `cursor` are saved only after a sync
    with no failures, so a killed or partly failed run fetches the whole source again next time.
    """

    units: Iterable[Unit] = ()
    errors: list[ReadError] = field(default_factory=list)
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    cursor: str | None = None


class PullError(Exception):
    """The source as a whole could not be read (fetch failed, malformed feed, file gone)."""


def pull(
    source: SourceInfo,
    *,
    etag: str | None,
    last_modified: str | None,
    cursor: str | None,
    policy: FetchPolicy | None = None,
) -> Pull:
    """Read `source`; PullError when nothing can be had from it at all."""
    from kb.sync.http import FetchError

    try:
        if source.kind == "feed":
            return _pull_feed(source, etag, last_modified, policy)
        if source.kind == "folder":
            return _pull_folder(source)
        return _pull_file(source, cursor)
    except (FetchError, BadInput) as exc:
        raise PullError(str(exc)) from None


def _pull_feed(
    source: SourceInfo, etag: str | None, last_modified: str | None, policy: FetchPolicy | None
) -> Pull:
    from kb.ingest.readers.feed import parse_feed

    response = fetch(source.location, etag=etag, last_modified=last_modified, policy=policy)
    if response.body is None:
        return Pull(not_modified=True, etag=etag, last_modified=last_modified)
    offer = _feed_offer(parse_feed(response.body, source.location), source.outlet)
    offer.etag, offer.last_modified = response.etag, response.last_modified
    return offer


def _pull_folder(source: SourceInfo) -> Pull:
    from kb.ingest.readers.files import iter_files

    if not os.path.isdir(source.location):
        raise BadInput(f"folder {source.location} no longer exists")
    return Pull(units=_folder_units(source, iter_files([source.location])))


def _folder_units(source: SourceInfo, paths: Iterable[str]) -> Iterator[Unit]:
    from kb.ingest.readers.files import read_paths

    for path in paths:
        key = os.path.relpath(path, source.location)
        try:
            digest = file_digest(path)
        except OSError as exc:
            yield Unit(key, "", (ReadError(path, exc.strerror or str(exc)),))
            continue
        yield Unit(key, digest, read_paths([path], source.format or "auto", outlet=source.outlet))


def _pull_file(source: SourceInfo, cursor: str | None) -> Pull:
    from kb.ingest.readers.files import read_paths

    path = source.location
    try:
        digest = file_digest(path)
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror or exc}") from None
    if cursor == digest:
        return Pull(not_modified=True, cursor=digest)
    if source.format == "rss":
        return _pull_feed_file(source, digest)
    errors: list[ReadError] = []

    def units() -> Iterator[Unit]:
        for item in read_paths([path], source.format or "auto", outlet=source.outlet):
            if isinstance(item, ReadError):
                errors.append(item)
                continue
            key = "sha256:" + item.content_hash
            yield Unit(key, item.content_hash, (item,))

    # `errors` fills while `units` is consumed; the caller reads it only afterwards.
    return Pull(units=units(), errors=errors, cursor=digest)


def _pull_feed_file(source: SourceInfo, digest: str) -> Pull:
    from kb.ingest.readers.feed import parse_feed
    from kb.ingest.readers.source import open_path

    opened = open_path(source.location)
    try:
        data = opened.read_all()
    finally:
        opened.close()
    offer = _feed_offer(parse_feed(data, source.location), source.outlet)
    offer.cursor = digest
    return offer


def _feed_offer(parsed: FeedResult, outlet: str | None) -> Pull:
    units: dict[str, Unit] = {}
    for item in parsed.items:
        article = item.article
        if outlet:  # a feed's title is only a default; the name given to the source is better
            article = dataclasses.replace(article, outlet=outlet)
        # A feed lists an entry once; should a guid repeat, the first (newest) copy wins.
        units.setdefault(item.key, Unit(item.key, article.content_hash, (article,)))
    return Pull(units=list(units.values()), errors=list(parsed.errors))


def file_digest(path: str) -> str:
    """SHA-256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
