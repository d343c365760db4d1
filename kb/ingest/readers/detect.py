"""Which reader a file needs, decided by its content first and its name second.

Files are misnamed all the time (JSON saved as .txt, feeds as .xml or with no extension), so
`auto` looks at the first bytes: `{`/`[` is JSON, several lines that are each a JSON object is
JSON Lines, an `<rss>`/`<feed>`/`<rdf:RDF>` root is a feed, `<html>` is a page, and anything
else is plain text.
"""

from __future__ import annotations

import json
import re

FORMATS = ("text", "json", "jsonl", "html", "rss")
ALIASES = {"txt": "text", "feed": "rss", "atom": "rss", "ndjson": "jsonl", "htm": "html"}

_FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf", "rdf", "channel"})
_HTML_ROOTS = frozenset({"html", "head", "body"})
_FEED_SUFFIXES = (".rss", ".atom", ".xml", ".rdf")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")

_PROLOG = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!doctype[^>\[]*(?:\[.*?\])?\s*>)", re.S | re.I)
_ROOT = re.compile(r"\s*<([A-Za-z][\w:.-]*)")


def canonical_format(name: str) -> str | None:
    """The reader name for a `--format` value ('auto' included), or None if there is none."""
    name = name.strip().lower()
    name = ALIASES.get(name, name)
    return name if name in (*FORMATS, "auto") else None


def detect_format(head: str, name: str = "") -> str:
    """One of FORMATS for a file whose decoded beginning is `head` and whose name is `name`."""
    text = head.lstrip("\ufeff \t\r\n")
    suffix = _suffix(name)
    if text.startswith("["):
        return "json"
    if text.startswith("{"):
        return "jsonl" if suffix in _JSONL_SUFFIXES or _is_json_lines(text) else "json"
    if text.startswith("<"):
        return _markup_format(text, suffix)
    return "text"


def _markup_format(text: str, suffix: str) -> str:
    sample = text[:65536]
    if re.match(r"\s*<!doctype\s+html", sample, re.I):
        return "html"
    position = 0
    while match := _PROLOG.match(sample, position):
        if match.end() == position:
            break
        position = match.end()
    root = _ROOT.match(sample, position)
    tag = root[1].lower() if root else ""
    if tag in _FEED_ROOTS:
        return "rss"
    if tag in _HTML_ROOTS or suffix in _HTML_SUFFIXES:
        return "html"
    if suffix in _FEED_SUFFIXES:
        return "rss"
    # Unknown markup: trafilatura finds the text in it if there is any, and says so if not.
    return "html"


def _is_json_lines(text: str) -> bool:
    """True when the first line is a whole JSON object and another object line follows."""
    lines = [line for line in text.splitlines()[:3] if line.strip()]
    if len(lines) < 2 or not lines[1].lstrip().startswith("{"):
        return False
    try:
        return isinstance(json.loads(lines[0]), dict)
    except (json.JSONDecodeError, RecursionError):
        return False


def _suffix(name: str) -> str:
    lowered = name.lower()
    for compression in (".gz", ".gzip"):
        lowered = lowered.removesuffix(compression)
    dot = lowered.rfind(".")
    return lowered[dot:] if dot > lowered.rfind("/") else ""
