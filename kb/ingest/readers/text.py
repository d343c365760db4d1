"""Plain-text articles: the eval layout and text with an optional header block.

Two layouts are read:

- the sample layout: a title line, a blank line, the body; a bilingual article adds stray counter
  lines, an Urdu title and Urdu paragraphs after the English ones;
- a header block (`Title:`, `Published:`, `URL:`, `Outlet:` lines), a blank line, then the body.

Paragraphs are sorted into English and Urdu by script, so the extractor reads each language once
and offsets into `text_en` / `text_ur` stay exact. Pure: text in, `Article` out, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from kb.article import Article

_HEADER = re.compile(r"^(title|published|date|url|link|outlet|source|language)\s*:\s*(.*)$", re.I)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n+")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
# Lines that carry no words at all: page counters ("0", "621"), rules, stray punctuation.
_NO_WORDS = re.compile(r"^[\W\d_]*$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "jan feb mar apr may jun jul aug sep oct nov dec".split(),
    )
}
_WRITTEN_DATE = re.compile(r"^([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})$")


def script_of(text: str) -> str:
    """ "ur" when Arabic-script letters outnumber Latin ones, else "en"."""
    arabic = len(_ARABIC_LETTER.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    return "ur" if arabic > latin else "en"


def parse_published(value: str) -> date | None:
    """An ISO date or "March 24, 2022"; None when it is neither or not a real day."""
    value = value.strip()
    try:
        if m := _ISO_DATE.match(value):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if (m := _WRITTEN_DATE.match(value)) and m[1].lower() in _MONTHS:
            return date(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
    except ValueError:
        return None
    return None


def _split_header(text: str) -> tuple[dict[str, str], str]:
    """Leading `Key: value` lines up to the first blank line, and the rest."""
    lines = text.split("\n")
    header: dict[str, str] = {}
    for i, line in enumerate(lines):
        if not line.strip():
            if header:
                return header, "\n".join(lines[i + 1 :])
            break
        match = _HEADER.match(line.strip())
        if not match:
            break
        header[match[1].lower()] = match[2].strip()
    if header and len(header) == len([ln for ln in lines if ln.strip()]):
        return header, ""
    return {}, text


def parse_text(text: str, source_ref: str | None = None) -> Article:
    """Read one plain-text article into an `Article` (never raises on odd text)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = text.replace("\x00", "")
    header, body = _split_header(text)
    paragraphs = [p.strip() for p in _PARAGRAPH_BREAK.split(body)]
    paragraphs = [p for p in paragraphs if p and not _NO_WORDS.match(p)]

    title = header.get("title", "")
    title_ur = ""
    if not title and paragraphs:
        first_line, _, rest = paragraphs[0].partition("\n")
        first_line = first_line.strip()
        if script_of(first_line) == "ur":
            title_ur = first_line
        else:
            title = first_line
        paragraphs[0] = rest.strip()
        paragraphs = [p for p in paragraphs if p]

    english: list[str] = []
    urdu: list[str] = []
    for paragraph in paragraphs:
        if script_of(paragraph) == "ur":
            # An Urdu paragraph before any English body paragraph is the Urdu title.
            if not title_ur and not english and not urdu and "\n" not in paragraph:
                title_ur = paragraph
            else:
                urdu.append(paragraph)
        else:
            english.append(paragraph)

    published = parse_published(header.get("published") or header.get("date") or "")
    extra = {k: v for k, v in header.items() if k not in {"title", "url", "link", "outlet"}}
    article = Article(
        title=title,
        text_en="\n\n".join(english),
        text_ur="\n\n".join(urdu),
        title_ur=title_ur,
        published=published,
        url=header.get("url") or header.get("link") or None,
        outlet=header.get("outlet") or header.get("source") or None,
        source_ref=source_ref,
        extra=extra,
    )
    return _with_language(article)


def _with_language(article: Article) -> Article:
    return replace(article, language=article.languages or None)
