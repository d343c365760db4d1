"""The extractor's word lists, read once from `kb/extract/data/` and shared by every stage.

Lexicons are data, not code: adding a title, a trigger or a blocker is an edit to a TSV file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import ahocorasick


@dataclass(frozen=True)
class Trigger:
    type: str
    cameo: str | None
    strong: bool
    pattern: str
    regex: re.Pattern[str]
    words: frozenset[str]  # literal words of the pattern: a sentence without any cannot match
    cased: bool  # tests capital letters, so runs on the text rather than its lower-case copy
    leading: frozenset[str] | None  # the words a match must start with, when the pattern says
    recalled: bool = False  # an encounter named in passing: an event only with its own date


_LOOKAROUND = re.compile(r"\(\?<?[=!][^()]*(?:\([^()]*\)[^()]*)*\)")


def _literal_words(pattern: str) -> frozenset[str]:
    """Words of three or more letters written in the pattern outside lookarounds.

    Every match of the pattern contains at least one of them (each pattern is written so that
    its mandatory part is made of such words), which makes them a sound pre-filter.
    """
    bare = _LOOKAROUND.sub("", pattern)
    bare = re.sub(r"\\[a-zA-Z]", " ", bare)
    # "exercises?" must also catch "exercise": an optional last letter is dropped.
    words = {
        (w[:-1] if optional else w).lower()
        for w, optional in re.findall(r"([A-Za-z]{3,})(\?)?", bare)
    }
    # Function words say nothing; every pattern keeps a mandatory content word ("meeting").
    return frozenset(words - _FUNCTION_WORDS) or frozenset(words)


_LEADING_GROUP = re.compile(r"^(?:\(\?:([a-z' |]+)\)|([a-z']+))(?=[ (\\]|$)")


def _leading_words(pattern: str) -> frozenset[str] | None:
    """ "(?:signed|inked) …" -> {"signed", "inked"}: where in a text a match can begin.

    None when the pattern does not open with plain words (it is then run over the whole text).
    """
    match = _LEADING_GROUP.match(pattern)
    if not match:
        return None
    words = (match.group(1) or match.group(2)).split("|")
    return frozenset(w.split()[0] for w in words if w.strip())


_FUNCTION_WORDS = {
    "the",
    "was",
    "were",
    "are",
    "his",
    "her",
    "their",
    "its",
    "also",
    "had",
    "has",
    "have",
    "and",
    "for",
    "with",
    "currently",
    "new",
    "strong",
    "formal",
    "rich",
    "glowing",
    "into",
    "over",
    "here",
}


def _by_first_letter(alternation: str) -> str:
    """ "will|would|was not|if" -> "(?=w)(?:will|would|was not)|(?=i)(?:if)": the same
    language, but each word start tries only the cues that can begin there (a flat list of
    eighty cues is tried whole at every word)."""
    groups: dict[str, list[str]] = {}
    depth, start = 0, 0
    for i, ch in enumerate(alternation + "|"):
        escaped = i > 0 and alternation[i - 1] == "\\"
        if ch == "(" and not escaped:
            depth += 1
        elif ch == ")" and not escaped:
            depth -= 1
        elif ch == "|" and depth == 0:
            alt = alternation[start:i]
            key = alt[:1].lower() if alt[:1].isalpha() or alt[:1] in "'’" else ""
            groups.setdefault(key, []).append(alt)
            start = i + 1
    return "|".join(
        f"(?={re.escape(key)})(?:{'|'.join(alts)})" if key else "|".join(alts)
        for key, alts in groups.items()
    )


def _phrase_automaton(items) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for phrase, value in items:
        if phrase not in automaton:
            automaton.add_word(phrase, (*value, len(phrase)))
    automaton.make_automaton()
    return automaton


@dataclass(frozen=True)
class Lexicons:
    abbreviations: frozenset[str]
    title_kinds: dict[str, str]  # lower-case word -> head | rank | modifier | honorific
    triggers: tuple[Trigger, ...]
    # literal word -> (indices of patterns without opening words that contain it, indices of
    # patterns it opens and no shorter opening word of theirs does, length - 1): where
    # find_triggers runs each pattern, in one pass.
    trigger_openings: ahocorasick.Automaton
    title_cue: ahocorasick.Automaton  # lower-case word that can introduce an official
    planned_regex: re.Pattern[str]
    denied_regex: re.Pattern[str]
    topic_words: ahocorasick.Automaton  # lower-case word or phrase -> (topic, rank, length)
    agreement_heads: dict[str, str]  # lower-case head word -> agreement kind
    country_extras: tuple[tuple[str, str, str], ...]  # (iso3, alias, kind)
    cities: dict[str, str]  # lower-case city -> iso3
    city_names: tuple[tuple[str, str], ...]  # (city as written, iso3)
    passing_heads: frozenset[str]
    name_blockers: frozenset[str]
    title_countries: tuple[tuple[str, str], ...]  # (title phrase, iso3), longest phrase first
    seats: dict[str, tuple[str, str]]  # building or seat of government -> (city, iso3)
    company_words: frozenset[str] = frozenset()  # "Airways", "Holdings": a company's name


def _lines(name: str) -> list[str]:
    text = files("kb.extract.data").joinpath(name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _table(name: str) -> list[list[str]]:
    return [line.split("\t") for line in _lines(name)]


@cache
def lexicons() -> Lexicons:
    triggers = tuple(
        Trigger(
            type_,
            None if cameo == r"\N" else cameo,
            strength in {"strong", "recalled"},
            pattern,
            # Patterns that test capitals run on the text; the rest on its lower-case copy.
            re.compile(rf"\b(?:{pattern})", re.I if "(?-i:" in pattern else 0),
            _literal_words(pattern),
            "(?-i:" in pattern,
            _leading_words(pattern),
            strength == "recalled",
        )
        for type_, cameo, strength, pattern in _table("event_triggers.tsv")
    )
    index: dict[str, list[int]] = {}
    for i, trigger in enumerate(triggers):
        for word in trigger.words | (trigger.leading or frozenset()):
            index.setdefault(word, []).append(i)
    trigger_openings = ahocorasick.Automaton()
    for word in index:
        anywhere = tuple(i for i, t in enumerate(triggers) if t.leading is None and word in t.words)
        # A pattern opened by "talk" and "talks" is tried once where "talks" stands: "talk"
        # is found at the same place.
        opens = tuple(
            i
            for i, t in enumerate(triggers)
            if t.leading
            and word in t.leading
            and not any(w != word and word.startswith(w) for w in t.leading)
        )
        if anywhere or opens:
            trigger_openings.add_word(word, (anywhere, opens, len(word) - 1))
    trigger_openings.make_automaton()
    title_kinds = {word: kind for word, kind in _table("titles.tsv")}
    # "his" and "her" open "His Excellency", but a sentence needs a real title word to name an
    # official; leaving them out spares the officials stage most sentences.
    cue_words = sorted(
        (
            w
            for w, kind in title_kinds.items()
            if kind in {"head", "rank", "honorific"} and w not in {"his", "her"}
        ),
        key=len,
        reverse=True,
    )
    topic_rows = _table("topics.tsv")
    modality = dict(_table("modality.tsv"))
    cities = [(city, iso3) for iso3, city in _table("cities.tsv")[1:]]
    extras = [tuple(row) for row in _table("country_extras.tsv")[1:]]
    return Lexicons(
        abbreviations=frozenset(_lines("abbreviations.txt")),
        title_kinds=title_kinds,
        triggers=triggers,
        trigger_openings=trigger_openings,
        title_cue=_phrase_automaton((w, ()) for w in [*cue_words, "counterpart"]),
        planned_regex=re.compile(rf"\b(?:{_by_first_letter(modality['planned'])})\b", re.I),
        denied_regex=re.compile(rf"\b(?:{_by_first_letter(modality['denied'])})\b", re.I),
        topic_words=_phrase_automaton(
            (phrase, (topic, rank))
            for rank, (topic, words) in enumerate(topic_rows)
            for phrase in words.split("|")
        ),
        agreement_heads={word: kind for word, kind in _table("agreement_heads.tsv")},
        country_extras=tuple((r[0], r[1], r[2]) for r in extras),
        cities={city.lower(): iso3 for city, iso3 in cities},
        city_names=tuple(cities),
        passing_heads=frozenset(_lines("passing_heads.txt")),
        name_blockers=frozenset(_lines("name_blockers.txt")),
        title_countries=tuple(
            sorted(
                ((phrase, iso3) for phrase, iso3 in _table("title_countries.tsv")),
                key=lambda row: -len(row[0]),
            )
        ),
        seats={place: (city, iso3) for place, city, iso3 in _table("seats.tsv")},
        company_words=frozenset(_lines("company_words.txt")),
    )
