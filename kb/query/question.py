"""Read a question typed in words: "Pakistan–Japan defence ties since 2019".

The question is read with the same gazetteers as everything else: countries through the
database's `country_aliases` (longest name first, so "South Korea" is not read as the ambiguous
"Korea"), topic words through `kb.query.topics`, event words ("meetings", "agreements"), and
dates with the word in front of them (since/from/after/before/until/in, or a range
"2019–2021"). Words it does not know are kept in `ignored`, so the caller can show them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Connection

from kb.errors import UsageError
from kb.query.countries import AmbiguousCountry
from kb.query.driver_sql import run
from kb.query.periods import Period, check_range, parse_period
from kb.query.rows import CountryRef
from kb.query.topics import TOPIC_WORDS

TYPE_WORDS = {
    "meeting": "meeting",
    "meetings": "meeting",
    "met": "meeting",
    "visit": "visit",
    "visits": "visit",
    "visited": "visit",
    "talks": "talks",
    "call": "call",
    "calls": "call",
    "agreement": "agreement_signed",
    "agreements": "agreement_signed",
    "mou": "agreement_signed",
    "mous": "agreement_signed",
    "signed": "agreement_signed",
    "signing": "agreement_signed",
    "signings": "agreement_signed",
    "exercise": "military_exercise",
    "exercises": "military_exercise",
    "drill": "military_exercise",
    "drills": "military_exercise",
    "sanction": "sanction",
    "sanctions": "sanction",
    "protest": "protest",
    "protests": "protest",
}

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE = rf"(?:{_MONTH}\.?\s+)?(?:1[89]|20)\d\d(?:-\d\d(?!\d)(?:-\d\d(?!\d))?)?(?![\d-])"
_RANGE = re.compile(
    rf"\b(?:between\s+|from\s+)?(?P<a>{_DATE})\s*(?:-|–|—|\bto\b|\band\b|\buntil\b|\btill\b|"
    rf"\bthrough\b)\s*(?P<b>{_DATE})",
    re.IGNORECASE,
)
_SINGLE = re.compile(
    rf"\b(?:(?P<word>since|from|after|before|until|till|through|to|in|during|by)\s+)?"
    rf"(?P<d>{_DATE})",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_LONGEST_NAME = 6  # tokens


@dataclass
class Question:
    text: str
    countries: list[CountryRef] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)  # topic words as written ("defense")
    types: list[str] = field(default_factory=list)
    since: Period | None = None
    until: Period | None = None
    ignored: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """How the question was read, for the user to check."""
        parts = ["countries " + ", ".join(c.name for c in self.countries)]
        if self.topics:
            parts.append("topic " + ", ".join(self.topics))
        if self.types:
            parts.append("type " + ", ".join(self.types))
        if self.since:
            parts.append("since " + self.since.start.isoformat())
        if self.until:
            parts.append("until " + self.until.end.isoformat())
        return "; ".join(parts)


def parse_question(connection: Connection, text: str) -> Question:
    """Countries, topics, event types and dates named in `text`; UsageError when no country."""
    question = Question(text=text)
    rest = _read_dates(text, question)
    gazetteer = _gazetteer(connection)
    tokens = [_strip_possessive(t) for t in _TOKEN.findall(rest.replace(".", ""))]
    i = 0
    while i < len(tokens):
        matched = _country_at(tokens, i, gazetteer, question)
        if matched:
            i += matched
            continue
        word = tokens[i].casefold()
        if word in TOPIC_WORDS and TOPIC_WORDS[word] not in question.topics:
            question.topics.append(TOPIC_WORDS[word])
        elif word in TYPE_WORDS and TYPE_WORDS[word] not in question.types:
            question.types.append(TYPE_WORDS[word])
        elif word not in TOPIC_WORDS and word not in TYPE_WORDS:
            question.ignored.append(tokens[i])
        i += 1
    if not question.countries:
        raise UsageError(f"found no country in {text!r} (name one, e.g. 'Pakistan Japan defence')")
    check_range(
        question.since.start if question.since else None,
        question.until.end if question.until else None,
    )
    return question


# --- dates -------------------------------------------------------------------------------------


def _read_dates(text: str, question: Question) -> str:
    """Set since/until from the date phrases in `text`; return the text without them."""
    for match in _RANGE.finditer(text):
        question.since = parse_period(match.group("a"))
        question.until = parse_period(match.group("b"))
    text = _RANGE.sub(" ", text)
    for match in _SINGLE.finditer(text):
        period = parse_period(match.group("d"))
        word = (match.group("word") or "in").casefold()
        if word in ("since", "from"):
            question.since = period
        elif word == "after":
            question.since = Period(period.end + timedelta(days=1), "day")
        elif word == "before":
            question.until = Period(period.start - timedelta(days=1), "day")
        elif word in ("until", "till", "through", "to", "by"):
            question.until = period
        else:
            question.since, question.until = period, period
    return _SINGLE.sub(" ", text)


# --- countries ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Name:
    country: CountryRef
    kind: str


def _gazetteer(connection: Connection) -> dict[str, list[_Name]]:
    """Every alias as space-joined case-folded tokens ("guinea bissau") → the countries."""
    names: dict[str, list[_Name]] = {}
    for alias, kind, id_, iso3, name in run(
        connection,
        "SELECT a.alias, a.kind, c.id, c.iso3, c.name FROM country_aliases a "
        "JOIN countries c ON c.id = a.country_id",
    ):
        key = " ".join(_TOKEN.findall(alias.replace(".", "").casefold()))
        if key:
            names.setdefault(key, []).append(_Name(CountryRef(id_, iso3, name), kind))
    return names


def _country_at(
    tokens: list[str], i: int, gazetteer: dict[str, list[_Name]], question: Question
) -> int:
    """How many tokens from `i` name a country (0: none), adding it to the question."""
    for length in range(min(_LONGEST_NAME, len(tokens) - i), 0, -1):
        written = tokens[i : i + length]
        names = gazetteer.get(" ".join(written).casefold())
        if not names:
            continue
        # Codes ("IN", "US", "PK") are English words too: only an upper-case code counts.
        if all(n.kind == "code" for n in names) and not all(t.isupper() for t in written):
            continue
        countries = list({n.country.id: n.country for n in names}.values())
        if len(countries) > 1 or any(n.kind == "ambiguous" for n in names):
            raise AmbiguousCountry(" ".join(written), countries)
        if countries[0].id not in {c.id for c in question.countries}:
            question.countries.append(countries[0])
        return length
    return 0


def _strip_possessive(token: str) -> str:
    for suffix in ("'s", "’s"):
        if token.casefold().endswith(suffix):
            return token[: -len(suffix)]
    return token
