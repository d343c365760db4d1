"""Deciding when two reports describe the same thing: pure functions, no database.

The store calls these to find an existing event, agreement or official that a new report
describes, so the same real-world fact reported by five articles is stored once with five
mentions.

Event type families: a "meeting", "talks" and a "visit" between the same countries on a
compatible date are one encounter (an official visits, meets their counterpart and holds talks,
and different outlets report the same day with different verbs); every other type fuses only with
itself ("call" with "call", "agreement_signed" with "agreement_signed"). A "denied" event never
fuses with one that occurred or is planned.
"""

from __future__ import annotations

import calendar
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib.resources import files

from kb.extract.extraction import PartialDate

PRECISION_RANK = {"year": 0, "month": 1, "day": 2}

_FAMILIES = {"meeting": "meet", "talks": "meet", "visit": "meet"}


def type_family(event_type: str) -> str:
    """The family an event type fuses within (meeting/talks/visit → "meet"; others themselves)."""
    return _FAMILIES.get(event_type, event_type)


def event_fusion_key(event_type: str, countries: Iterable[str], status: str = "occurred") -> str:
    """Type family + sorted participant countries: where the store looks for the same event."""
    family = type_family(event_type)
    if status == "denied":
        family += "!denied"
    return f"{family}|{','.join(sorted(set(countries)))}"


def agreement_fusion_key(parties: Iterable[str]) -> str:
    """Sorted party countries: agreements are then matched by normalised name within a key."""
    return f"agreement|{','.join(sorted(set(parties)))}"


def official_lock_key(country_iso3: str | None) -> str:
    return f"official|{country_iso3 or ''}"


# --- dates -------------------------------------------------------------------------------------


def period(value: date, precision: str) -> tuple[date, date]:
    """First and last day of the period a partial date stands for."""
    if precision == "year":
        return date(value.year, 1, 1), date(value.year, 12, 31)
    if precision == "month":
        last = calendar.monthrange(value.year, value.month)[1]
        return date(value.year, value.month, 1), date(value.year, value.month, last)
    return value, value


def dates_compatible(a: date, a_precision: str, b: date, b_precision: str) -> bool:
    """Equal, or one's period contains the other's ("2019" holds "2019-06-18")."""
    a_first, a_last = period(a, a_precision)
    b_first, b_last = period(b, b_precision)
    return (a_first <= b_first and b_last <= a_last) or (b_first <= a_first and a_last <= b_last)


def more_precise(a_precision: str | None, b_precision: str | None) -> bool:
    """Whether precision `a` is strictly finer than `b` (a missing date is coarsest)."""
    rank_a = PRECISION_RANK.get(a_precision or "", -1)
    rank_b = PRECISION_RANK.get(b_precision or "", -1)
    return rank_a > rank_b


def partial_compatible(
    a: PartialDate | None, b_value: date | None, b_precision: str | None
) -> bool:
    """Compatibility of a PartialDate with a stored date; False when either is missing."""
    if a is None or b_value is None or b_precision is None:
        return False
    return dates_compatible(a.value, a.precision, b_value, b_precision)


# --- text --------------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Case-folded, accents stripped, curly quotes straightened."""
    if text.isascii():  # nothing to decompose or straighten: the common case, 20x cheaper
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold().replace("’", "'").replace("‘", "'")


_WORD = re.compile(r"\w+", re.UNICODE)


def normalise_sentence(text: str) -> str:
    """A sentence reduced to its words, so two copies of one report compare equal."""
    return " ".join(_WORD.findall(_fold(text)))


def sentence_key(normalised: str) -> int:
    """A signed 64-bit hash of a normalised sentence, stored with each event mention and indexed.

    Stable across processes and Python versions (blake2b, not hash()). Changing
    normalise_sentence() makes stored keys stale: a migration must then compute them again.
    """
    digest = hashlib.blake2b(normalised.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def normalise_text(text: str) -> str:
    """Case-folded with whitespace collapsed: the form aliases and titles are kept unique by."""
    return " ".join(_fold(text).split())


# --- agreement names ---------------------------------------------------------------------------


@cache
def _table(name: str) -> dict[str, str]:
    """A two-column TSV from kb/ingest/data as a mapping (comments and blank lines skipped)."""
    text = files("kb.ingest").joinpath("data", name).read_text(encoding="utf-8")
    pairs: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, value = line.partition("\t")
        pairs[key.strip()] = value.strip()
    return pairs


@cache
def _wordset(name: str) -> frozenset[str]:
    return frozenset(_table(name))


_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def agreement_name_tokens(name: str, parties: Sequence[str] = ()) -> tuple[str, ...]:
    """The words that identify an agreement, sorted: folded spellings, no stop words or parties.

    "Memorandum of Understanding on Defense Cooperation and Exchange" and "memorandum of
    understanding (MoU) on defence cooperation and exchanges" both give
    ("cooperation", "defence", "exchange", "mou").
    """
    text = _PARENTHESES.sub(" ", _fold(name))
    for phrase, replacement in _table("agreement_phrases.tsv").items():
        text = re.sub(rf"\b{re.escape(phrase)}\b", f" {replacement} ", text)
    spellings = _table("spellings.tsv")
    stop = _wordset("agreement_stopwords.tsv") | _party_words(tuple(parties))
    tokens = set()
    for word in _WORD.findall(text.replace("-", " ")):
        word = spellings.get(word, word)
        word = spellings.get(_singular(word), _singular(word))
        if word not in stop and not word.isdigit():
            tokens.add(word)
    return tuple(sorted(tokens))


def agreement_name_norm(name: str, parties: Sequence[str] = ()) -> str:
    return " ".join(agreement_name_tokens(name, parties))


@cache
def _party_words(parties: tuple[str, ...]) -> frozenset[str]:
    """One-word names of the parties ("japan", "japanese"): they don't tell agreements apart."""
    from kb.countries import load_aliases

    wanted = set(parties)
    words = set()
    for alias in load_aliases():
        if alias.iso3 in wanted and alias.lang == "en" and alias.kind != "ambiguous":
            folded = _fold(alias.alias)
            if " " not in folded:
                words.add(folded)
    return frozenset(words)


def agreement_names_match(a_tokens: Sequence[str], b_tokens: Sequence[str]) -> bool:
    """Same words, or one's words contain all of the other's (at least two of them)."""
    a, b = set(a_tokens), set(b_tokens)
    if a == b:
        return bool(a)
    smaller = a if len(a) < len(b) else b
    return len(smaller) >= 2 and (a <= b or b <= a)


# --- official names ----------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def official_name_tokens(name: str) -> tuple[str, ...]:
    """A person's name without titles and ranks: "Gen. Qamar Javed Bajwa" → (qamar, javed, bajwa).

    Order is kept (the last token is the surname). A name made only of title words keeps them,
    so it still has a key.
    """
    words = _WORD.findall(_fold(_PARENTHESES.sub(" ", name)).replace("'", ""))
    titles = _wordset("official_titles.tsv")
    kept = [word for word in words if word not in titles]
    return tuple(kept or words)


def official_name_key(name: str) -> str:
    return " ".join(official_name_tokens(name))


def official_name_fits(tokens: Sequence[str], known: Sequence[str]) -> bool:
    """Whether a name (tokens) can be the same person as a known name of the same country.

    Equal names fit; a single word fits when it is the known name's surname; a longer name fits
    when one's words contain all of the other's ("Qamar Bajwa" ⊂ "Qamar Javed Bajwa").
    """
    if not tokens or not known:
        return False
    if tuple(tokens) == tuple(known):
        return True
    if len(tokens) == 1:
        return tokens[0] == known[-1]
    if len(known) == 1:
        return known[0] == tokens[-1]
    a, b = set(tokens), set(known)
    return a <= b or b <= a


@dataclass(frozen=True)
class OfficialCandidate:
    official_id: int
    names: tuple[tuple[str, ...], ...]  # every known name's tokens (canonical and aliases)


def match_official(
    tokens: Sequence[str], candidates: Iterable[OfficialCandidate]
) -> OfficialCandidate | None:
    """The one known official this name fits, preferring an exact name; None if none or several."""
    key = tuple(tokens)
    fitting = []
    for candidate in candidates:
        if key in candidate.names:
            return candidate
        if any(official_name_fits(key, known) for known in candidate.names):
            fitting.append(candidate)
    return fitting[0] if len(fitting) == 1 else None


def official_display_name(name: str) -> str:
    """The name as written minus titles: "Gen. Qamar Javed Bajwa" → "Qamar Javed Bajwa"."""
    titles = _wordset("official_titles.tsv")
    words = _PARENTHESES.sub(" ", name).split()
    kept = [w for w in words if "".join(_WORD.findall(_fold(w).replace("'", ""))) not in titles]
    return " ".join(kept or words).strip(" ,;:")
