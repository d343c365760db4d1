"""The source registry: named feeds, folders and files that `kb sync` pulls from.

The kind is decided once, when a source is added: an http(s) URL is a `feed`, a directory a
`folder`, anything else on disk a `file` (JSON Lines, a saved feed, JSON, text…), read in the
format given or detected from its content.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.exc import IntegrityError

from kb.db.engine import reading, session_scope
from kb.db.models import Source, SourceItem
from kb.errors import KbError, UsageError
from kb.sync.http import ALLOWED_SCHEMES

KINDS = ("feed", "folder", "file")


@dataclass(frozen=True)
class SourceInfo:
    """A registered source as `kb sources list` shows it."""

    id: int
    name: str
    kind: str
    location: str
    format: str | None
    outlet: str | None
    items: int
    last_synced_at: datetime | None

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "kind": self.kind,
            "location": self.location,
            "format": self.format,
            "outlet": self.outlet,
            "items": self.items,
            "last_synced_at": self.last_synced_at.isoformat() if self.last_synced_at else None,
        }


def classify(location: str, format: str | None = None) -> tuple[str, str, str | None]:
    """(kind, normalised location, format) for a URL or path; UsageError when it is neither."""
    from kb.ingest.readers.detect import canonical_format

    if format is not None and format != "auto":
        if canonical_format(format) is None:
            raise UsageError(f"unknown format {format!r}")
        format = canonical_format(format)
    scheme = urlsplit(location).scheme.lower()
    if "://" in location:
        if scheme not in ALLOWED_SCHEMES:
            raise UsageError(
                f"unsupported URL scheme {scheme!r} in {location!r}: feeds are fetched over "
                "http or https; give a local file or folder as a path"
            )
        if format not in (None, "auto", "rss"):
            raise UsageError(f"a URL source is an RSS or Atom feed; --format {format} cannot apply")
        return "feed", location, "rss"
    path = os.path.abspath(os.path.expanduser(location))
    if os.path.isdir(path):
        return "folder", path, None if format == "auto" else format
    if os.path.isfile(path):
        return "file", path, format if format not in (None, "auto") else _detect_file_format(path)
    raise UsageError(f"no such file or folder: {location}")


def _detect_file_format(path: str) -> str:
    from kb.ingest.readers.decode import decode_bytes
    from kb.ingest.readers.detect import detect_format
    from kb.ingest.readers.items import BadInput
    from kb.ingest.readers.source import open_path

    try:
        source = open_path(path)
    except BadInput as exc:
        raise UsageError(f"cannot read {path}: {exc.reason}") from None
    try:
        head = decode_bytes(source.head, partial=not source.at_end)
    except BadInput as exc:
        raise UsageError(f"cannot read {path}: {exc.reason}") from None
    finally:
        source.close()
    return detect_format(head, path)


def add_source(
    engine: Engine,
    name: str,
    location: str,
    *,
    format: str | None = None,
    outlet: str | None = None,
) -> SourceInfo:
    """Register a source; UsageError for a taken name or a location that is no source."""
    name = name.strip()
    if not name:
        raise UsageError("a source needs a name")
    kind, location, format = classify(location, format)
    try:
        with session_scope(engine) as session:
            if session.scalar(select(Source.id).where(Source.name == name)) is not None:
                raise UsageError(f"a source named {name!r} already exists")
            source = Source(name=name, location=location, kind=kind, format=format, outlet=outlet)
            session.add(source)
            session.flush()
            source_id = source.id
    except IntegrityError:  # added by a concurrent process between the check and the insert
        raise UsageError(f"a source named {name!r} already exists") from None
    return SourceInfo(source_id, name, kind, location, format, outlet, 0, None)


def list_sources(engine: Engine) -> list[SourceInfo]:
    """Every source, by name, with how many items sync has recorded for it."""
    counts = (
        select(SourceItem.source_id, func.count().label("items"))
        .group_by(SourceItem.source_id)
        .subquery()
    )
    query = (
        select(Source, func.coalesce(counts.c["items"], 0))
        .outerjoin(counts, counts.c.source_id == Source.id)
        .order_by(Source.name)
    )
    with reading(engine).connect() as connection:
        from sqlalchemy.orm import Session

        with Session(connection) as session:
            return [_info(source, items) for source, items in session.execute(query)]


def remove_source(engine: Engine, name: str) -> None:
    """Forget a source and what it has seen; its articles and run history stay."""
    with session_scope(engine) as session:
        source_id = session.scalar(select(Source.id).where(Source.name == name))
        if source_id is None:
            raise KbError(f"no source named {name!r}")
        session.execute(delete(SourceItem).where(SourceItem.source_id == source_id))
        session.execute(delete(Source).where(Source.id == source_id))


def resolve_names(engine: Engine, names: list[str]) -> list[SourceInfo]:
    """The sources to sync: all of them, or the named ones (UsageError naming the unknown)."""
    sources = list_sources(engine)
    if not names:
        return sources
    by_name = {source.name: source for source in sources}
    unknown = [name for name in names if name not in by_name]
    if unknown:
        raise UsageError(f"no source named {', '.join(repr(name) for name in unknown)}")
    return [by_name[name] for name in dict.fromkeys(names)]


def _info(source: Source, items: int) -> SourceInfo:
    return SourceInfo(
        source.id,
        source.name,
        source.kind,
        source.location,
        source.format,
        source.outlet,
        int(items),
        source.last_synced_at,
    )
