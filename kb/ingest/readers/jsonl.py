"""JSON Lines: one article object per line, read as a stream so file size does not matter.

A bad line becomes a `ReadError` naming `path:LINE`; the lines around it still go in.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from kb.ingest.readers.decode import decode_bytes
from kb.ingest.readers.items import BadInput, ReadError, ReadItem
from kb.ingest.readers.json import article_from_mapping

# What a line source yields for a line it refused to buffer (see source.Source.lines).
OVERLONG = None


def read_jsonl(lines: Iterable[bytes | str | None], source_ref: str) -> Iterator[ReadItem]:
    """Articles from JSON Lines; `lines` may be raw bytes (any encoding) or decoded text."""
    for number, raw in enumerate(lines, start=1):
        item = f"{source_ref}:{number}"
        if raw is OVERLONG:
            yield ReadError(item, "line too long to be one article")
            continue
        try:
            line = _decode_line(raw, first=number == 1)
        except BadInput as exc:
            yield ReadError(item, exc.reason)
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadError(item, f"malformed JSON: {exc.msg} at column {exc.colno}")
            continue
        except RecursionError:
            yield ReadError(item, "malformed JSON: nested too deeply")
            continue
        except ValueError as exc:  # e.g. an integer of more digits than Python converts
            yield ReadError(item, f"malformed JSON: {exc}")
            continue
        try:
            yield article_from_mapping(record, item)
        except BadInput as exc:
            yield ReadError(item, exc.reason)


def _decode_line(raw: bytes | str, first: bool) -> str:
    if isinstance(raw, str):
        return raw.removeprefix("\ufeff") if first else raw
    if first:
        raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return decode_bytes(raw)
