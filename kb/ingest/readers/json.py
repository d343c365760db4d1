"""JSON articles: one object, a list of them, or a wrapper such as {"articles": [...]}.

Sources name their fields differently; the usual spellings are accepted (title/headline,
text/body/content, published/date/pubDate, url/link, source/outlet/publisher, language/lang).
JSON Feed (content_text, date_published) and WordPress's {"rendered": ...} values fit too.
"""

from __future__ import annotations

import html as html_entities
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from kb.article import Article
from kb.ingest.readers.dates import parse_published
from kb.ingest.readers.items import BadInput, ReadError, ReadItem
from kb.ingest.readers.language import is_urdu_script, normalise_language
from kb.ingest.readers.markup import fragment_to_text, looks_like_html

TITLE_KEYS = ("title", "headline", "title_en")
TEXT_KEYS = (
    "text",
    "body",
    "content",
    "article",
    "text_en",
    "body_en",
    "articleBody",
    "content_text",
    "content_html",
    "full_text",
    "description",
    "summary",
)
URDU_TEXT_KEYS = ("text_ur", "urdu", "body_ur", "content_ur", "urdu_text")
URDU_TITLE_KEYS = ("title_ur", "urdu_title", "headline_ur")
PUBLISHED_KEYS = (
    "published",
    "date",
    "pubDate",
    "published_at",
    "publishedAt",
    "date_published",
    "datePublished",
    "pub_date",
    "publication_date",
)
URL_KEYS = ("url", "link", "canonical_url", "href", "permalink")
OUTLET_KEYS = ("source", "outlet", "publisher", "site_name", "siteName", "source_name")
LANGUAGE_KEYS = ("language", "lang", "locale", "inLanguage")
EXTRA_KEYS = ("id", "guid", "author", "byline", "section")
WRAPPER_KEYS = ("articles", "items", "entries", "data", "results")


def parse_json(text: str, source_ref: str) -> Iterator[ReadItem]:
    """Articles from a JSON document; a bad element of a list is an error, the rest still read."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and _looks_like_json_lines(text):
            from kb.ingest.readers.jsonl import read_jsonl

            yield from read_jsonl(text.splitlines(), source_ref)
            return
        yield ReadError(
            source_ref, f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        )
        return
    except RecursionError:
        yield ReadError(source_ref, "malformed JSON: nested too deeply")
        return
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        yield ReadError(source_ref, f"malformed JSON: {exc}")
        return

    records = _records(document)
    if records is None:
        yield _article_or_error(document, source_ref)
        return
    for number, record in enumerate(records, start=1):
        yield _article_or_error(record, f"{source_ref}#item-{number}")


def article_from_mapping(record: object, source_ref: str) -> Article:
    """One article from a decoded JSON object; `BadInput` when it is not one."""
    if not isinstance(record, Mapping):
        raise BadInput(f"expected an article object, found {_json_type(record)}")
    title = _first_text(record, TITLE_KEYS)
    text = _first_text(record, TEXT_KEYS)
    text_ur = _first_text(record, URDU_TEXT_KEYS)
    title_ur = _first_text(record, URDU_TITLE_KEYS)
    language = normalise_language(_first_value(record, LANGUAGE_KEYS))

    if text and not text_ur and (language == "ur" or (language is None and is_urdu_script(text))):
        text, text_ur = "", text
        language = "ur"
    if title and not title_ur and not text and text_ur and is_urdu_script(title):
        title, title_ur = "", title
    if not (text or text_ur):
        keys = ", ".join(sorted(str(key) for key in record)[:12]) or "none"
        keys = _LONE_SURROGATE.sub("\ufffd", keys)
        raise BadInput(f"no article text (expected one of text/body/content; keys: {keys})")

    extra = {key: _first_text(record, (key,)) for key in EXTRA_KEYS if key in record}
    extra = {key: value for key, value in extra.items() if value}
    return Article(
        title=title,
        text_en=text,
        text_ur=text_ur,
        title_ur=title_ur,
        published=parse_published(_first_value(record, PUBLISHED_KEYS)),
        url=_first_text(record, URL_KEYS) or None,
        outlet=_first_text(record, OUTLET_KEYS) or None,
        language=language or ("en+ur" if text and text_ur else "ur" if text_ur else "en"),
        source_ref=source_ref,
        extra=extra,
    )


def _article_or_error(record: object, source_ref: str) -> ReadItem:
    try:
        return article_from_mapping(record, source_ref)
    except BadInput as exc:
        return ReadError(source_ref, exc.reason)


def _records(document: Any) -> list[Any] | None:
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        for key in WRAPPER_KEYS:
            if isinstance(document.get(key), list):
                return document[key]
    return None


def _first_value(record: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = record.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _first_text(record: Mapping[str, Any], keys: tuple[str, ...]) -> str:
    for key in keys:
        value = record.get(key)
        if value is not None:
            text = _as_text(value)
            if text:
                return text
    return ""


def _as_text(value: Any) -> str:
    """Text of a field that may be a string, a list of paragraphs or a dict like {"name": ...}."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, str):
        value = _LONE_SURROGATE.sub("\ufffd", value)
        return fragment_to_text(value) if looks_like_html(value) else _clean(value)
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        parts = [_as_text(item) for item in value]
        return "\n\n".join(part for part in parts if part)
    if isinstance(value, Mapping):
        for key in ("rendered", "value", "text", "name", "title", "#text", "content"):
            if key in value:
                return _as_text(value[key])
    return ""


# JSON may escape half of a UTF-16 pair ("\\ud800"); such text cannot be encoded, hashed or stored.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(text: str) -> str:
    text = html_entities.unescape(text) if "&" in text else text
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip()


def _json_type(value: object) -> str:
    names = {list: "a list", str: "a string", bool: "a boolean", int: "a number", float: "a number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _looks_like_json_lines(text: str) -> bool:
    lines = [line for line in text[:65536].splitlines() if line.strip()][:3]
    return len(lines) >= 2 and all(line.lstrip().startswith("{") for line in lines)
