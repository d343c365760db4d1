"""Well-known office holders (data/known_officials.tsv): whose official a name is when the text
does not say.

Copy about relations between states names its leaders bare ("Erdogan and Sisi shook hands",
"talks with Lavrov"), trusting the reader to know whose they are; the text then gives no country
the officials stage could read. Names are compared on folded words (no accents, case, hyphens,
Arabic articles or particles), in any order ("KISHIDA Fumio"), and a mention may give fewer
words than the list ("Tayyip Erdogan") or more ("Mian Muhammad Nawaz Sharif"). A name that could
be two people of different countries answers nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

# Words of a name that do not tell people apart.
_PARTICLES = frozenset(
    {"al", "el", "bin", "bint", "ibn", "de", "da", "di", "van", "von", "der", "den", "du", "la"}
    | {"le", "ul", "ur", "ud", "jr", "sr", "mr", "mrs", "ms", "dr", "sir", "he", "hh"}
)
# Family names too common to stand for one listed person when written alone.
_COMMON_NAMES = frozenset(
    {"khan", "singh", "ahmed", "ahmad", "hassan", "hussain", "hussein", "rahman", "ibrahim"}
    | {"mohamed", "mohammed", "muhammad", "abdullah", "saleh", "salem", "said", "mahmud"}
    | {"mahmoud", "hamad", "kumar", "sharma", "smith", "johnson", "brown", "jones", "martin"}
    | {"rodriguez", "fernandez", "sanchez", "rice", "cohen", "castro", "wong", "lee"}
)
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ash|as|at|az|ar|an)-(?=\w)")
_NOT_LETTER = re.compile(r"[^a-z]")


@dataclass(frozen=True)
class KnownOfficial:
    name: str
    iso3: str
    post: str
    words: frozenset[str] = frozenset()  # the folded words of all its forms


@dataclass(frozen=True)
class _Index:
    by_words: dict[frozenset[str], frozenset[KnownOfficial]]
    by_letters: dict[str, frozenset[KnownOfficial]]  # "yoonsukyeol": spacing and hyphens apart
    by_word: dict[str, tuple[tuple[frozenset[str], KnownOfficial], ...]]  # word -> forms with it
    alone: dict[str, frozenset[KnownOfficial]]  # a family name a title may stand before
    bare: frozenset[str]  # one-word forms the list gives: names copy writes with no title


@lru_cache(maxsize=4096)  # bounded: streaming millions of articles must keep memory flat
def name_words(name: str) -> tuple[str, ...]:
    """ "Abdel Fattah al-Sisi" -> ("abdel", "fattah", "sisi"), "Moon Jae-in" -> ("moon",
    "jaein"): the words names are compared on."""
    if name.isascii():
        folded = name.lower()
    else:
        folded = unicodedata.normalize("NFKD", name)
        folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
        folded = folded.replace("ı", "i").replace("’", "'")
    words = []
    for raw in folded.split():
        word = _ARTICLE_PREFIX.sub("", raw.strip(".,;:()"))
        word = _NOT_LETTER.sub("", word)
        if len(word) > 1 and word not in _PARTICLES:
            words.append(word)
    return tuple(words)


@cache
def _index() -> _Index:
    by_words: dict[frozenset[str], set[KnownOfficial]] = {}
    by_letters: dict[str, set[KnownOfficial]] = {}
    by_word: dict[str, list[tuple[frozenset[str], KnownOfficial]]] = {}
    alone: dict[str, set[KnownOfficial]] = {}
    bare: set[str] = set()
    text = files("kb.extract.data").joinpath("known_officials.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        forms, iso3, post = line.split("\t")
        every = frozenset(w for form in forms.split("|") for w in name_words(form))
        official = KnownOfficial(forms.split("|")[0], iso3, post, every)
        for form in forms.split("|"):
            words = name_words(form)
            if not words:
                continue
            key = frozenset(words)
            by_words.setdefault(key, set()).add(official)
            by_letters.setdefault("".join(words), set()).add(official)
            for word in words:
                by_word.setdefault(word, []).append((key, official))
            if len(words) == 1:
                bare.add(words[0])
            if len(words) == 1 or (len(words[-1]) >= 3 and words[-1] not in _COMMON_NAMES):
                # "Erdogan", "Xi": a family name written alone (a given name never is).
                alone.setdefault(words[-1], set()).add(official)
    return _Index(
        {k: frozenset(v) for k, v in by_words.items()},
        {k: frozenset(v) for k, v in by_letters.items()},
        {k: tuple(v) for k, v in by_word.items()},
        {k: frozenset(v) for k, v in alone.items()},
        frozenset(bare),
    )


@lru_cache(maxsize=4096)  # bounded: streaming millions of articles must keep memory flat
def known_official(name: str) -> KnownOfficial | None:
    """The listed person a name means, when it can mean only one country's."""
    words = name_words(name)
    if not words:
        return None
    index = _index()
    key = frozenset(words)
    found = index.by_words.get(key) or index.by_letters.get("".join(words))
    if not found and len(words) == 1:
        found = index.alone.get(words[0])
    if not found and len(words) >= 2:
        # "Tayyip Erdogan" for Recep Tayyip Erdogan, "Mian Muhammad Nawaz Sharif" for Nawaz
        # Sharif: two words in common, one name inside the other.
        found = frozenset(
            official
            for word in words
            for form, official in index.by_word.get(word, ())
            if len(form & key) >= 2 and (form <= key or key <= form)
        )
    if not found or len({o.iso3 for o in found}) != 1:
        return None
    return min(found, key=lambda o: o.name)


def known_country(name: str) -> str | None:
    """The country of the listed person a name means, if exactly one country fits."""
    official = known_official(name)
    return official.iso3 if official else None


# Latin letters with marks, folded one for one so offsets in the folded text stay those of the
# original ("Erdoğan" is found as "Erdogan").
_FOLD = {
    code: unicodedata.normalize("NFKD", chr(code))[0]
    for code in range(0xC0, 0x250)
    if unicodedata.normalize("NFKD", chr(code))[0].isascii()
    and unicodedata.normalize("NFKD", chr(code))[0].isalpha()
}
_FOLD[ord("ı")] = "i"


@cache
def _surname_automaton():
    """Family names of the list as written in copy ("Erdogan", "Lavrov", "Xi"), for a cheap
    first look at a sentence."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    text = files("kb.extract.data").joinpath("known_officials.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        for form in line.split("\t")[0].split("|"):
            words = [w for w in form.split() if w.strip(".").lower() not in {"jr", "sr"}]
            last = words[-1].translate(_FOLD) if words else ""
            if len(last) >= 2 and last[0].isupper():
                automaton.add_word(last, len(last))
    automaton.make_automaton()
    return automaton


_CONTINUES = re.compile(r" (?:(?:al|el|bin|ibn|de|da|van|von|ul) )?[A-Z][a-z]")
_NAME_WORD = re.compile(r"[A-Z][\w'’.-]*|al|el|bin|ibn|de|da|van|von|ul")


def listed_names(text: str) -> list[tuple[int, int, KnownOfficial]]:
    """Listed people a sentence names, with or without a title: (start, end, official) for
    the longest run of name words ending on a listed family name that means one person."""
    folded = text if text.isascii() else text.translate(_FOLD)
    found: list[tuple[int, int, KnownOfficial]] = []
    resume = 0
    for end_index, length in _surname_automaton().iter(folded):
        start, end = end_index - length + 1, end_index + 1
        if start < resume or (start > 0 and folded[start - 1].isalnum()):
            continue
        after = folded[end : end + 2]
        if after[:1].isalnum() or (after[:1] == "-" and after[1:].isalpha()):
            continue  # a longer word, "Modi-era"; "Modi's" is his
        if _CONTINUES.match(folded, end):
            continue  # "Kim Jong Il": the name goes on
        words = _words_before(folded, start)
        for first in range(len(words)):
            candidate = folded[words[first][0] : end]
            official = known_official(candidate)
            if (
                first == len(words) - 1
                and name_words(candidate)[:1]
                and (name_words(candidate)[0] not in _index().bare)
            ):
                official = None  # "May": a word before it is a name; alone, only the listed
            # "Turkish President Recep Tayyip Erdogan": the name is the words the list has.
            if official is not None and set(name_words(candidate)) <= official.words:
                found.append((words[first][0], end, official))
                resume = end
                break
    return found


def _words_before(text: str, start: int) -> list[tuple[int, int]]:
    """Spans of the name words ending at the word at `start` (at most four before it)."""
    spans = [(start, start)]
    at = start
    for _ in range(4):
        if at < 2 or text[at - 1] != " ":
            break
        head = text.rfind(" ", 0, at - 1) + 1
        if not _NAME_WORD.fullmatch(text, head, at - 1):
            break
        spans.insert(0, (head, at - 1))
        at = head
    return spans
