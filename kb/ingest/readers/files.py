"""`read_paths`: files, folders, stdin and gzip in; a stream of articles and named errors out.

This is the readers' front door. It never raises on bad input: each file, line or feed entry
that cannot be read becomes a `ReadError` and the batch carries on.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Iterator, Sequence
from datetime import date

from kb.article import Article
from kb.errors import UsageError
from kb.ingest.readers import source as sources
from kb.ingest.readers.decode import decode_bytes
from kb.ingest.readers.detect import FORMATS, canonical_format, detect_format
from kb.ingest.readers.items import BadInput, ReadError, ReadItem
from kb.ingest.readers.source import Source, open_path

# A plain-text file is one article, and ingest refuses articles over a million characters
# (kb.ingest.pipeline.MAX_ARTICLE_CHARS): reading more than this only to refuse it would cost
# memory many times the file's size.
MAX_TEXT_BYTES = 4 * 1024 * 1024

STDIN = "-"
STDIN_NAME = "<stdin>"

# Found while walking a folder, these are not articles; named explicitly, a file is always read.
SKIPPED_SUFFIXES = frozenset(
    ".png .jpg .jpeg .gif .webp .bmp .ico .svg .tif .tiff .heic "
    ".pdf .doc .docx .xls .xlsx .ppt .pptx .odt "
    ".zip .tar .tgz .bz2 .xz .7z .rar .zst "
    ".mp3 .mp4 .m4a .wav .ogg .webm .mov .avi .mkv "
    ".exe .dll .so .dylib .bin .o .a .class .jar .pyc .whl "
    ".db .sqlite .sqlite3 .parquet .pkl .npy "
    ".woff .woff2 .ttf .otf .css .js .map .lock .md .rst".split()
)
# A folder's own documentation is not news: README.md, LICENSE, CHANGELOG and the like.
SKIPPED_STEMS = frozenset("readme license licence changelog notice authors contributing".split())


def read_paths(
    paths: Sequence[str | os.PathLike[str]],
    format: str = "auto",
    published: date | None = None,
    outlet: str | None = None,
) -> Iterator[ReadItem]:
    """Articles and `ReadError`s from files, folders (recursively, sorted) and `-` for stdin.

    `format` is 'auto' (decided by content) or one of text, json, jsonl, html, rss.
    `published` and `outlet` fill in for articles that carry none. Every article has
    `source_ref` set. Raises `UsageError` at once for an unknown format; never for bad input.
    """
    chosen = canonical_format(format)
    if chosen is None:
        raise UsageError(f"unknown format {format!r}: choose auto, {', '.join(FORMATS)}")
    return _read_all(paths, chosen, published, outlet)


def iter_files(paths: Sequence[str | os.PathLike[str]]) -> Iterator[str]:
    """Each path, with folders expanded to their files: sorted, hidden and non-article skipped."""
    for path in map(os.fspath, paths):
        if path == STDIN or not os.path.isdir(path):
            yield path
            continue
        for folder, subfolders, files in os.walk(path):
            subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
            for name in sorted(files):
                if not _skipped(name):
                    yield os.path.join(folder, name)


def _read_all(
    paths: Sequence[str | os.PathLike[str]],
    format: str,
    published: date | None,
    outlet: str | None,
) -> Iterator[ReadItem]:
    for path in iter_files(paths):
        for item in _read_one(path, format):
            if isinstance(item, Article):
                item = _fill_in(item, path, published, outlet)
            yield item


def _read_one(path: str, format: str) -> Iterator[ReadItem]:
    name = STDIN_NAME if path == STDIN else path
    source = None
    try:
        source = Source(name, sys.stdin.buffer, owned=False) if path == STDIN else open_path(path)
        yield from _parse(source, format)
    except BadInput as exc:
        yield ReadError(name, exc.reason)
    except Exception as exc:  # last resort: one broken file must not end the batch
        yield ReadError(name, f"internal error while reading: {type(exc).__name__}: {exc}")
    finally:
        if source is not None:
            source.close()


def _parse(source: Source, format: str) -> Iterator[ReadItem]:
    name = source.name
    head = decode_bytes(source.head, partial=not source.at_end)
    if not head.strip() and source.at_end:
        raise BadInput("empty file")
    if format == "auto":
        format = detect_format(head, name)

    if format == "jsonl":
        from kb.ingest.readers.jsonl import read_jsonl

        yield from read_jsonl(source.lines(), name)
        return

    limit = min(MAX_TEXT_BYTES, sources.MAX_DOCUMENT_BYTES) if format == "text" else None
    data = source.read_all(limit)
    if format == "rss":
        from kb.ingest.readers.feed import parse_feed

        yield from parse_feed(data, name).read_items()
        return

    text = decode_bytes(data)
    if not text.strip():
        raise BadInput("empty file")
    if format == "json":
        from kb.ingest.readers.json import parse_json

        yield from parse_json(text, name)
    elif format == "html":
        from kb.ingest.readers.html import parse_html

        yield parse_html(text, name)
    else:
        from kb.ingest.readers.text import parse_text

        article = parse_text(text, name)
        if article.is_empty():
            raise BadInput("no article text")
        yield article


def _fill_in(article: Article, path: str, published: date | None, outlet: str | None) -> Article:
    changes: dict[str, object] = {}
    if article.published is None and published is not None:
        changes["published"] = published
    if not article.outlet and outlet:
        changes["outlet"] = outlet
    if not article.source_ref:
        changes["source_ref"] = STDIN_NAME if path == STDIN else path
    if not article.language and article.languages:
        changes["language"] = article.languages  # as the text reader labels: en, ur or en+ur
    return dataclasses.replace(article, **changes) if changes else article


def _skipped(name: str) -> bool:
    if name.startswith(".") or name.endswith("~"):
        return True
    lowered = name.lower()
    for compression in (".gz", ".gzip"):
        lowered = lowered.removesuffix(compression)
    stem, suffix = os.path.splitext(lowered)
    return suffix in SKIPPED_SUFFIXES or stem in SKIPPED_STEMS
