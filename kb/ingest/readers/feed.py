"""RSS 2.0, RSS 1.0 and Atom feeds: each entry an article, with a stable key for syncing.

feedparser's strict parser runs on expat with external entities switched off, and it strips
entity declarations that expand to markup before parsing, so neither external entities nor
"billion laughs" expansion can happen. Data is handed over as a stream: given bytes or a str,
feedparser may treat them as a file name or URL and open it.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kb.article import Article
from kb.ingest.readers.dates import parse_published
from kb.ingest.readers.decode import decode_bytes, gunzip, is_gzip
from kb.ingest.readers.items import BadInput, ReadError, ReadItem
from kb.ingest.readers.language import is_urdu_script, normalise_language
from kb.ingest.readers.markup import fragment_to_text

MAX_FEED_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class FeedItem:
    """One entry: `key` is its guid/id, else its link, else a hash of its content."""

    key: str
    article: Article


@dataclass(frozen=True)
class FeedResult:
    """A parsed feed: its title and link, its entries, and the entries that could not be read."""

    title: str | None
    link: str | None
    items: list[FeedItem] = field(default_factory=list)
    errors: list[ReadError] = field(default_factory=list)

    def read_items(self) -> Iterator[ReadItem]:
        """Articles and errors in feed order, as `read_paths` yields them."""
        by_position = [(item.article.source_ref or "", item.article) for item in self.items]
        by_position += [(error.item, error) for error in self.errors]
        by_position.sort(key=lambda pair: _entry_number(pair[0]))
        for _, item in by_position:
            yield item


def parse_feed(data: bytes, source_ref: str) -> FeedResult:
    """Parse feed bytes (gzip too); `BadInput` when they are not a readable RSS or Atom feed."""
    import feedparser

    if is_gzip(data):
        data = gunzip(data, MAX_FEED_BYTES)
    decode_bytes(data)  # refuses binary junk with a reason before feedparser guesses at it

    try:
        parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False)
    except (ValueError, TypeError, RecursionError) as exc:
        raise BadInput(f"malformed feed ({exc})") from None
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            raise BadInput(f"malformed feed ({_bozo_reason(parsed)})")
        if not parsed.get("version"):
            raise BadInput("not an RSS or Atom feed")

    channel = parsed.get("feed") or {}
    feed_title = _plain(channel.get("title")) or None
    feed_language = normalise_language(channel.get("language"))
    result = FeedResult(title=feed_title, link=channel.get("link") or None)
    for number, entry in enumerate(entries, start=1):
        ref = f"{source_ref}#entry-{number}"
        try:
            article = _article(entry, ref, feed_title, feed_language)
        except BadInput as exc:
            result.errors.append(ReadError(ref, exc.reason))
            continue
        result.items.append(FeedItem(key=_entry_key(entry, article), article=article))
    return result


def _article(
    entry: Any, source_ref: str, feed_title: str | None, feed_language: str | None
) -> Article:
    title = _plain(entry.get("title"))
    text = _entry_text(entry)
    if not (title or text):
        raise BadInput("entry has neither a title nor any text")
    language = normalise_language(_content_language(entry)) or feed_language
    urdu = language == "ur" or (language is None and is_urdu_script(text or title))
    extra = {}
    if entry.get("author"):
        extra["author"] = _plain(entry.get("author"))
    return Article(
        title="" if urdu and not text else title,
        title_ur=title if urdu and not text else "",
        text_en="" if urdu else text,
        text_ur=text if urdu else "",
        published=_entry_published(entry),
        url=_web_url(entry.get("link")),
        outlet=feed_title,
        language="ur" if urdu else language,
        source_ref=source_ref,
        extra=extra,
    )


def _entry_text(entry: Any) -> str:
    """Full content when the feed carries it (content:encoded, atom:content), else the summary."""
    contents = [part.get("value", "") for part in entry.get("content") or []]
    best = max(contents, key=len, default="")
    summary = entry.get("summary") or ""
    return fragment_to_text(best if len(best) >= len(summary) else summary)


def _entry_published(entry: Any) -> date | None:
    # The raw string keeps the outlet's local calendar day; *_parsed is shifted to UTC.
    for raw, parsed in (("published", "published_parsed"), ("updated", "updated_parsed")):
        found = parse_published(entry.get(raw))
        if found is None and entry.get(parsed):
            found = parse_published(date(*entry[parsed][:3]))
        if found is not None:
            return found
    return None


def _entry_key(entry: Any, article: Article) -> str:
    for key in ("id", "guid", "link"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return "sha256:" + article.content_hash


def _web_url(value: object) -> str | None:
    # feedparser copies an RSS <guid> into `link` unless isPermaLink="false", even "item-42".
    if isinstance(value, str) and value.strip().lower().startswith(("http://", "https://")):
        return value.strip()
    return None


def _content_language(entry: Any) -> str | None:
    for part in entry.get("content") or []:
        if part.get("language"):
            return part["language"]
    detail = entry.get("summary_detail") or {}
    return detail.get("language")


def _plain(value: object) -> str:
    return " ".join(fragment_to_text(value).split()) if isinstance(value, str) else ""


def _bozo_reason(parsed: Any) -> str:
    exc = parsed.get("bozo_exception")
    return " ".join(str(exc).split()) or type(exc).__name__


def _entry_number(ref: str) -> int:
    tail = ref.rpartition("#entry-")[2]
    return int(tail) if tail.isdigit() else 0
