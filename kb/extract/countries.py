"""Countries stage: every mention of a country in a text, by any of its names.

An Aho–Corasick automaton over the reference aliases (names, short names, demonyms, capitals,
seats of government such as "the Kremlin") plus the extraction-only additions in
`data/country_extras.tsv`, matched case-sensitively in the forms copy uses ("Japan", "JAPAN",
"The Kremlin"), leftmost-longest, with word boundaries checked by hand. Longer phrases that only
contain a country name ("South China Sea", "Latin American") are entered as blockers and win as
the longer match. Names that are also people's names ("Jordan", "Chad") are dropped next to
another capitalised name; "Georgia" is dropped in stories about the US state.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

import ahocorasick

from kb.countries import load_aliases
from kb.extract.lexicons import lexicons

# Reference alias kinds read from text; ISO codes are left out ("AND", "CAN" are words) and only
# the upper-case codes listed in country_extras.tsv are matched.
_TEXT_KINDS = {"name", "short", "official", "demonym", "capital", "metonym"}
_US_STATE_CONTEXT = re.compile(
    r"\b(?:Atlanta|Savannah|Ga\.|Peach State|state of Georgia|Georgia's governor|Brian Kemp)"
)
_CAPITALISED_WORD = re.compile(r"[A-Z][a-z]+")
_CURRENCY_AFTER = re.compile(r"\s?\$|\s(?:dollars?|cents)\b")
_WORD_BEFORE = re.compile(r"([A-Z][a-z]+) $")
_WORD_AFTER = re.compile(r" ([A-Z][a-z]+)\b")
_POST_TO = re.compile(r"\b([A-Za-z-]+) (?:to|in) $")


@dataclass(frozen=True)
class CountryMention:
    start: int
    end: int
    iso3: str
    kind: str  # name, short, official, demonym, capital, metonym, code, city, acronym
    text: str


@dataclass(frozen=True)
class _Entry:
    length: int
    iso3: str | None  # None: a blocker
    kind: str
    guarded: bool
    choices: tuple[str, ...] = ()  # an ambiguous name ("Congo", "Korea"): the states it may be


def _variants(alias: str) -> set[str]:
    forms = {alias, alias.upper()}
    if alias[:1].islower():
        forms.add(alias[0].upper() + alias[1:])
    if alias.lower().startswith("the "):
        bare = alias[4:]
        forms |= {bare, bare.upper()}
    return forms


@cache
def _automata() -> tuple[ahocorasick.Automaton, ahocorasick.Automaton]:
    lex = lexicons()
    guarded = {alias for _, alias, kind in lex.country_extras if kind == "person"}
    entries: dict[str, _Entry] = {}
    urdu: dict[str, _Entry] = {}

    def add(table: dict[str, _Entry], key: str, entry: _Entry) -> None:
        current = table.get(key)
        # A blocker or an explicit extra overrides; otherwise the first (more canonical) wins.
        if current is None or entry.iso3 is None or entry.kind in {"code", "alias"}:
            table[key] = entry

    ambiguous: dict[str, list[str]] = {}
    for alias in load_aliases():
        if alias.lang == "en" and alias.kind == "ambiguous":
            ambiguous.setdefault(alias.alias, []).append(alias.iso3)
        if alias.lang == "ur" and alias.kind != "code":
            add(urdu, alias.alias, _Entry(len(alias.alias), alias.iso3, alias.kind, False))
        elif alias.lang == "en" and alias.kind in _TEXT_KINDS:
            for form in _variants(alias.alias):
                entry = _Entry(len(form), alias.iso3, alias.kind, alias.alias in guarded)
                add(entries, form, entry)
    for iso3, alias, kind in lex.country_extras:
        if kind == "person":
            continue
        if kind == "block":
            for form in _variants(alias):
                entries[form] = _Entry(len(form), None, "block", False)
        elif kind == "code":
            entries[alias] = _Entry(len(alias), iso3, "code", False)
        else:
            for form in _variants(alias):
                add(entries, form, _Entry(len(form), iso3, "alias", alias in guarded))
    for alias, choices in ambiguous.items():
        kind = "demonym" if alias.endswith(("ese", "an")) else "name"
        for form in _variants(alias):
            if form not in entries:
                entries[form] = _Entry(len(form), None, kind, False, tuple(choices))
    for city, iso3 in lex.city_names:
        for form in _variants(city):
            if form not in entries:
                entries[form] = _Entry(len(form), iso3, "city", False)

    automata = []
    for table in (entries, urdu):
        automaton = ahocorasick.Automaton()
        for key, entry in table.items():
            automaton.add_word(key, entry)
        automaton.make_automaton()
        automata.append(automaton)
    return automata[0], automata[1]


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def find_countries(text: str, lang: str = "en", *, is_title: bool = False) -> list[CountryMention]:
    """Country mentions in `text` (English or Urdu), in order, without overlaps."""
    english, urdu = _automata()
    automaton = urdu if lang == "ur" else english
    if not text or len(automaton) == 0:
        return []
    georgia_is_state = "Georgia" in text and bool(_US_STATE_CONTEXT.search(text))
    mentions: list[CountryMention] = []
    unsure: list[tuple[int, int, _Entry]] = []
    for end_index, entry in automaton.iter_long(text):
        end = end_index + 1
        start = end - entry.length
        if start > 0 and _is_word_char(text[start - 1]):
            continue
        if end < len(text) and _is_word_char(text[end]):
            continue
        if entry.iso3 is None:
            if entry.choices:
                unsure.append((start, end, entry))
            continue
        if entry.guarded and not is_title and _next_to_a_name(text, start, end):
            continue
        if entry.iso3 == "GEO" and georgia_is_state:
            continue
        if entry.kind == "code" and _CURRENCY_AFTER.match(text, end):
            continue  # "US $10 billion", "US dollars": a currency, not a party
        mentions.append(CountryMention(start, end, entry.iso3, entry.kind, text[start:end]))
    if unsure:
        mentions = _resolve_ambiguous(text, mentions, unsure)
    return mentions


def _resolve_ambiguous(
    text: str, mentions: list[CountryMention], unsure: list[tuple[int, int, _Entry]]
) -> list[CountryMention]:
    """ "Congo" after "the Democratic Republic of Congo", "Korea" after "South Korea": an
    ambiguous name is the one of its states the text names unambiguously, when only one is."""
    named = {m.iso3 for m in mentions}
    for start, end, entry in unsure:
        candidates = [iso3 for iso3 in entry.choices if iso3 in named]
        if len(candidates) == 1:
            mentions.append(CountryMention(start, end, candidates[0], entry.kind, text[start:end]))
    return sorted(mentions, key=lambda m: m.start)


def _next_to_a_name(text: str, start: int, end: int) -> bool:
    """ "Michael Jordan", "Chad Johnson": a capitalised non-title word touching the name."""
    blockers = lexicons().name_blockers
    titles = lexicons().title_kinds
    before = text[max(0, start - 30) : start]
    post = _POST_TO.search(before)
    if post and titles.get(post.group(1).lower()) == "head":
        return False  # "Ambassador to India Eric Garcetti": the country, then the envoy's name
    after = text[end : end + 30]
    prev = _WORD_BEFORE.search(before)
    if prev and prev.group(1) not in blockers and prev.group(1).lower() not in titles:
        return not _is_country_word(prev.group(1))
    nxt = _WORD_AFTER.match(after)
    return bool(
        nxt
        and nxt.group(1) not in blockers
        and nxt.group(1).lower() not in titles
        and not _is_country_word(nxt.group(1))
    )


def _is_country_word(word: str) -> bool:
    english, _ = _automata()
    entry = english.get(word, None)
    return entry is not None and entry.iso3 is not None


_ACRONYM = re.compile(r"\(([A-Z][A-Za-z]{1,9})\)")


def acronym_countries(text: str, mentions: list[CountryMention]) -> dict[str, str]:
    """Acronyms defined right after a phrase naming a country: "Pakistan Navy (PN)" -> PAK.

    The acronym then stands for that country wherever the article uses it ("JMSDF ships").
    """
    found: dict[str, str] = {}
    starts = [m.start for m in mentions]
    for match in _ACRONYM.finditer(text):
        acronym = match.group(1)
        if acronym.lower() in lexicons().title_kinds:
            continue
        window_start = max(0, match.start() - 60)
        phrase = text[window_start : match.start()]
        cut = max(phrase.rfind(c) for c in ",.;:")
        lo = window_start + cut + 1
        inside = mentions[bisect_left(starts, lo) : bisect_left(starts, match.start())]
        # The country word the acronym's letters start from ("Japanese Maritime … (JMSDF)").
        spelled = [m for m in inside if m.text[:1].upper() in acronym]
        if spelled and _letters_match(acronym, text[lo : match.start()]):
            found.setdefault(acronym, spelled[-1].iso3)
    return found


def _letters_match(acronym: str, phrase: str) -> bool:
    """The acronym's first letter opens one of the phrase's capitalised words."""
    initials = {w[0] for w in _CAPITALISED_WORD.findall(phrase)} | {
        w[0] for w in re.findall(r"\b[A-Z]{2,}\b", phrase)
    }
    return acronym[0] in initials


def find_acronym_mentions(text: str, acronyms: dict[str, str]) -> list[CountryMention]:
    if not acronyms:
        return []
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, acronyms)) + r")\b")
    return [
        CountryMention(m.start(), m.end(), acronyms[m.group(1)], "acronym", m.group(1))
        for m in pattern.finditer(text)
    ]
