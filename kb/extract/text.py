"""Text stage: an article field cut into sentences with exact offsets, and the dateline.

News copy breaks sentences at full stops that are not abbreviations ("Gen.", "U.S.", "Mr.",
initials such as "R."), and every line break ends a sentence (headings, datelines and list items
stand on their own lines). Urdu sentences end with "۔", "؟" or "!".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.extract.lexicons import lexicons


@dataclass(frozen=True)
class Sentence:
    text: str
    field: str
    start: int
    end: int
    index: int  # position in the article's reading order (title first)
    paragraph: int


@dataclass(frozen=True)
class Dateline:
    """ "ISLAMABAD, Jan 20 (Agency):" at the head of the body: the filing city and date."""

    city: str
    date_text: str | None
    end: int  # offset in the sentence where the story proper begins


MAX_SENTENCE = 1000
_LINE = re.compile(r"[^\n]+")
_EN_BOUNDARY = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9\u00c0-\u00de])")
_UR_BOUNDARY = re.compile(r"[۔؟!]+(?=\s)")
_TOKEN_BEFORE = re.compile(r"(\S+)$")
# At most 20 characters of city, so a long title line with a colon is not taken for a dateline.
_DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Za-z.'’\-]*(?: [A-Z][A-Za-z.'’\-]*){0,2}?)"
    r"(?:\s*,\s*(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}(?:,? \d{4})?))?"
    r"(?:\s*\([^()\n]{1,40}\))?\s*(?::|[–—-]+\s|//\s|\.\s*/[^/\n]{1,20}/\.?\s)\s*"
)


def split_sentences(text: str, field: str, lang: str, first_index: int = 0) -> list[Sentence]:
    """Sentences of one field, each with `text == field_text[start:end]`."""
    sentences: list[Sentence] = []
    abbreviations = lexicons().abbreviations
    boundary = _UR_BOUNDARY if lang == "ur" else _EN_BOUNDARY
    paragraph = 0
    previous_end = 0
    for line in _LINE.finditer(text):
        if text.count("\n\n", previous_end, line.start()):
            paragraph += 1
        previous_end = line.end()
        base = line.start()
        segment = line.group()
        cut = 0
        for match in boundary.finditer(segment):
            if lang != "ur":
                before = _TOKEN_BEFORE.search(segment, max(0, match.start() - 40), match.end())
                raw = before.group(1).rstrip(".!?\"”’')]").lstrip("(\"“‘'") if before else ""
                stem = raw.lower()
                if stem in abbreviations or (len(raw) == 1 and raw.isupper()):
                    continue
                if "." in stem and len(stem) <= 5 and stem.replace(".", "").isalpha():
                    continue  # U.S., U.K., a.m.
            _emit(sentences, text, field, base + cut, base + match.end(), first_index, paragraph)
            cut = match.end()
        _emit(sentences, text, field, base + cut, base + len(segment), first_index, paragraph)
    return sentences


def _emit(
    out: list[Sentence], text: str, field: str, start: int, end: int, first: int, paragraph: int
) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    # A "sentence" longer than any real one (a table, a text without full stops) is cut at spaces
    # so every later stage stays linear in the size of the article.
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        if cut == -1:
            cut = start + MAX_SENTENCE
        _emit(out, text, field, start, cut, first, paragraph)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(text[start:end], field, start, end, first + len(out), paragraph))


def find_dateline(sentence: str) -> Dateline | None:
    """The dateline at the start of a lead sentence, if it has one."""
    match = _DATELINE.match(sentence[:120])
    if not match:
        return None
    city = match["city"].strip()
    if not (city.isupper() or match["date"] or city.lower() in lexicons().cities):
        return None
    return Dateline(city=city, date_text=match["date"], end=match.end())
