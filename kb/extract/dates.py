"""Dates stage: date expressions in a sentence, resolved to a `PartialDate` with its precision.

A small hand-written grammar (stdlib `re` + `datetime`) rather than dateparser: it is two orders
of magnitude faster, never reads "may" or "the 10th" as dates, and never fills a missing day
from the reference date. Relative expressions ("on Wednesday", "yesterday", "last week") need a
reference date (the publication date or the dateline's); without one they stay unresolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from kb.extract.extraction import PartialDate

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_RANGE = r"(?:\s*(?:-|–|to|and)\s*[0-3]?\d(?:st|nd|rd|th)?)?"
_PATTERNS: tuple[tuple[str, str], ...] = (
    ("iso", r"\b(?P<year>(?:1[89]|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
    ("dmy", rf"\b{_DAY}{_RANGE}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b"),
    ("mdy", rf"\b{_MONTH}\s+{_DAY}{_RANGE},?\s+{_YEAR}\b"),
    ("my", rf"\b{_MONTH},?\s+{_YEAR}\b"),
    ("md", rf"\b{_MONTH}\s+{_DAY}{_RANGE}\b(?!\s*[:.]\d)"),
    ("dm", rf"\b{_DAY}{_RANGE}\s+(?:of\s+)?{_MONTH}\b"),
    (
        "weekday",
        r"\b(?:(?P<mod>(?i:last|this|next|coming|on|past|previous))\s+)?"
        r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
    ),
    (
        "relative",
        r"\b(?P<rel>(?i:today|yesterday|tomorrow|tonight|last night|day before yesterday"
        r"|this (?:morning|afternoon|evening)"
        r"|(?:earlier |later )?(?:this|last|next|past) (?:week|month|year)"
        r"|(?P<n>\d+|a(?: few| couple of)?|one|two|three|four|five|six|seven|eight|nine|ten|"
        r"several|few) "
        r"(?P<unit>days?|weeks?|months?|years?) ago))\b",
    ),
    (
        "month",
        r"(?<![\w-])(?P<prep>[Ii]n|[Ss]ince|[Dd]uring|[Ll]ast|[Tt]his|[Nn]ext|[Ee]arly|[Ll]ate|"
        r"[Mm]id-?|[Bb]y|[Uu]ntil|[Oo]f|[Ff]rom)\s+(?:early\s+|late\s+|mid-?)?"
        # "May" only where nothing else reads: never the verb, nor "May's" the person.
        r"(?P<month>January|February|March|April|June|July|August|September|October|November|"
        r"December|May(?![’'\w]))\b(?!\s*\d)(?:\s+(?P<yrel>(?i:last|this|next))\s+year\b)?",
    ),
    ("year", r"(?<![\w/.-])(?P<year>(?:19[4-9]|20[0-4])\d)(?![\w/-]|\.\d)"),
    # "the following month", "a year later": one period after the date told before it.
    (
        "sequel",
        r"\b(?:(?i:the following|the next|the subsequent) (?P<unit>day|week|month|year)|"
        r"(?i:a|one) (?P<later>day|week|month|year) later)\b",
    ),
)
_NUMBERS = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_QUICK = re.compile(
    r"\d|day|week|month|year|night|omorrow|morning|afternoon|evening|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
)
_MONTH_WORD = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
# What a sentence must contain for each pattern to match: a cheap test that spares the regex.
_NEEDS = {
    "iso": "iso",
    "dmy": "digit and month",
    "mdy": "digit and month",
    "my": "digit and month",
    "md": "digit and month",
    "dm": "digit and month",
    "weekday": "weekday",
    "relative": "relative",
    "month": "month",
    "year": "year",
    "sequel": "sequel",
}
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Every relative expression holds one of these words (the pattern reads them in any case).
_RELATIVE_WORDS = (
    "today",
    "yesterday",
    "day ago",
    "days ago",
    "night",
    "tomorrow",
    "morning",
    "afternoon",
    "evening",
    "week",
    "month",
)
_BACKGROUND = re.compile(
    r"\b(?:since|until|till|by|before|from|through|within|ever since|as of|of every|every)\s+"
    r"(?:the\s+)?$|"
    r"\b(?:since|until|till|by|before|from)\s+the\s+(?:end|start|beginning|middle|close)\s+of\s+$",
    re.I,
)
_WHEN_CLAUSE = re.compile(r",? when\b")
_COUNTED = re.compile(
    r"\s+(?:troops|soldiers|people|tons|tonnes|km|kilometres|dollars|officials|personnel|"
    r"metres|meters|feet|acres|units|students)\b"
)
_DIGIT = re.compile(r"\d")
# A year inside a name ("Vision 2030", "Expo 2020", "Agenda 2063"): a capitalised word that is
# not a month or a sentence opener stands right before it.
_NAMED_YEAR = re.compile(
    r"\b(?!(?:In|Since|By|Until|From|During|Before|After|Of|Through|And|Or|Early|Late|Mid)\b)"
    r"(?!(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b)[A-Z][a-z]+\s$"
)
_COMPILED = tuple((kind, re.compile(pattern)) for kind, pattern in _PATTERNS)


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a sentence (offsets relative to the sentence)."""

    start: int
    end: int
    text: str
    kind: str
    value: PartialDate | None  # None: could not be resolved (no reference date, bad day)
    background: bool  # "since 2007", "until March": a bound, not when something happened
    relative: bool


def find_dates(sentence: str, reference: date | None, future: bool = False) -> list[DateMention]:
    """Date expressions in `sentence`, leftmost-longest, each resolved against `reference`."""
    if not _QUICK.search(sentence):
        return []
    digit = bool(_DIGIT.search(sentence))
    month = bool(_MONTH_WORD.search(sentence))
    if sentence.isascii():
        lowered = sentence.lower()
        relative = "year" in lowered or any(word in lowered for word in _RELATIVE_WORDS)
    else:  # case-insensitive matching folds some letters beyond ASCII that lower() does not
        relative = True
    present = {
        "month": month,
        "digit and month": digit and month,
        "iso": digit and "-" in sentence,
        "weekday": "day" in sentence and any(name in sentence for name in _WEEKDAY_NAMES),
        "relative": relative,
        "year": digit and ("19" in sentence or "20" in sentence),
        "sequel": not sentence.isascii() or any(w in lowered for w in _SEQUEL_WORDS),
    }
    found: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, regex in _COMPILED:
        if not present[_NEEDS[kind]]:
            continue
        for match in regex.finditer(sentence):
            found.append((match.start(), -match.end(), kind, match))
    found.sort()
    mentions: list[DateMention] = []
    taken_until = -1
    for start, neg_end, kind, match in found:
        end = -neg_end
        if start < taken_until:
            continue
        if kind == "year" and (
            _looks_like_a_number(sentence, start, end)
            or _NAMED_YEAR.search(sentence, max(0, start - 16), start)
        ):
            continue
        if kind == "sequel":
            anchor = next((m.value for m in reversed(mentions) if m.value is not None), None)
            if anchor is None:
                continue  # nothing before it in the sentence: the story's context must say
            value, relative = following(anchor, match["unit"] or match["later"]), False
        else:
            value, relative = _resolve(kind, match, reference, future)
        if kind == "month" and match["prep"].lower() == "may":
            continue
        background = bool(_BACKGROUND.search(sentence[max(0, start - 20) : start]))
        if kind == "month" and match["prep"].lower() in {"since", "until", "by", "from"}:
            background = True
        if background and _WHEN_CLAUSE.match(sentence, end):
            # "the first since August 11, 2016, when A met B": the date of the clause it opens.
            background = False
        merged = _month_of_year_before(sentence, mentions, kind, match, start, value)
        if (
            merged is None
            and kind in _CALENDAR_DAYS
            and mentions
            and mentions[-1].kind == "weekday"
            and _WEEKDAY_GAP.fullmatch(sentence, mentions[-1].end, start)
        ):
            # "that Thursday, 27 September": the calendar day says which Thursday, whatever
            # the weekday would resolve to against the publication date.
            prior = mentions.pop()
            text = sentence[prior.start : end]
            mentions.append(DateMention(prior.start, end, text, kind, value, False, relative))
        elif merged is not None:
            # "Two years ago, in August": the year from the phrase before, the month named.
            prior = mentions.pop()
            text = sentence[prior.start : end]
            mentions.append(DateMention(prior.start, end, text, kind, merged, background, True))
        else:
            mentions.append(
                DateMention(start, end, match.group(), kind, value, background, relative)
            )
        taken_until = end
    return mentions


_YEAR_THEN_MONTH_GAP = re.compile(r"\s*,?\s*")
_WEEKDAY_GAP = re.compile(r"\s*,?\s*(?:the\s+)?")
_CALENDAR_DAYS = frozenset({"iso", "dmy", "mdy", "md", "dm"})


def _month_of_year_before(
    sentence: str,
    mentions: list[DateMention],
    kind: str,
    match: re.Match[str],
    start: int,
    value: PartialDate | None,
) -> PartialDate | None:
    """The month of a bare month name that follows a relative year phrase ("two years ago, in
    August", "last year, in March"), in that year; None when it does not."""
    if kind != "month" or value is None or match["yrel"] or not mentions:
        return None
    prior = mentions[-1]
    if (
        prior.value is None
        or prior.value.precision != "year"
        or not prior.relative
        or not _YEAR_THEN_MONTH_GAP.fullmatch(sentence, prior.end, start)
    ):
        return None
    return PartialDate(value.value.replace(year=prior.value.value.year), "month", "relative")


_SEQUEL_WORDS = ("following", "next", "later", "subsequent")


def following(anchor: PartialDate, unit: str) -> PartialDate:
    """One `unit` after `anchor`, at no finer precision than either."""
    value = anchor.value
    if unit == "year":
        return PartialDate(date(value.year + 1, 1, 1), "year", "relative")
    if unit == "month" or anchor.precision != "day":
        if anchor.precision == "year":
            return PartialDate(date(value.year, 1, 1), "year", "relative")
        if unit != "month":
            return PartialDate(value, "month", "relative")  # "the next day" after "in May"
        index = value.year * 12 + value.month  # the month after, 0-based
        return PartialDate(date(index // 12, index % 12 + 1, 1), "month", "relative")
    step = timedelta(days=1 if unit == "day" else 7)
    return PartialDate(value + step, "day" if unit == "day" else "month", "relative")


def next_month_named(anchor: PartialDate, month: int) -> PartialDate | None:
    """ "The following October" after `anchor`: the first such month after it."""
    if anchor.precision == "year":
        return None  # "in 2017 … the following October": 2017 or 2018, the text does not say
    value = anchor.value
    year = value.year if month > value.month else value.year + 1
    return PartialDate(date(year, month, 1), "month", "relative")


_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def later(anchor: PartialDate, count: str, unit: str, sign: int = 1) -> PartialDate | None:
    """ "Two days later", "a year later" (`sign` -1: "two days earlier"): counted from
    `anchor`, at no finer precision than it; a vague count ("a few days later") keeps only
    what stays certain."""
    n = int(count) if count.isdigit() else _COUNTS.get(count.lower())
    n = None if n is None else n * sign
    value = anchor.value
    if unit in {"day", "week"}:
        if anchor.precision != "day" or n is None:
            # "in January … Two days later": still January, as far as the text tells.
            if anchor.precision == "year" or (n is None and unit == "week"):
                return None
            return PartialDate(value.replace(day=1), "month", "relative")
        step = timedelta(days=n * (1 if unit == "day" else 7))
        return PartialDate(value + step, "day", "relative")
    if n is None:
        return None
    if unit == "month":
        if anchor.precision == "year":
            return None
        index = value.year * 12 + value.month - 1 + n
        return PartialDate(date(index // 12, index % 12 + 1, 1), "month", "relative")
    return PartialDate(date(value.year + n, 1, 1), "year", "relative")


def _looks_like_a_number(sentence: str, start: int, end: int) -> bool:
    """ "2019" in "2,019 troops" or "1950 soldiers" is a count, not a year."""
    after = sentence[end : end + 12].lower()
    return bool(_COUNTED.match(after))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _resolve(
    kind: str, m: re.Match[str], ref: date | None, future: bool
) -> tuple[PartialDate | None, bool]:
    if kind in {"iso", "dmy", "mdy"}:
        month = int(m["month"]) if kind == "iso" else MONTHS[m["month"].lower().rstrip(".")]
        day = _safe_date(int(m["year"]), month, int(m["day"]))
        return (PartialDate(day, "day") if day else None), False
    if kind == "my":
        month = MONTHS[m["month"].lower().rstrip(".")]
        return PartialDate(date(int(m["year"]), month, 1), "month"), False
    if kind == "year":
        return PartialDate(date(int(m["year"]), 1, 1), "year"), False
    if ref is None:
        return None, True
    if kind in {"md", "dm"}:
        month = MONTHS[m["month"].lower().rstrip(".")]
        day = int(m["day"])
        value = _nearest_year(ref, month, day, future)
        return (PartialDate(value, "day", "relative") if value else None), True
    if kind == "month":
        month = MONTHS[m["month"].lower()]
        year = ref.year
        if m["yrel"]:  # "in August last year"
            year += {"last": -1, "this": 0, "next": 1}[m["yrel"].lower()]
        elif future and month < ref.month:
            year += 1
        elif not future and month > ref.month:
            year -= 1
        return PartialDate(date(year, month, 1), "month", "relative"), True
    if kind == "weekday":
        return _weekday(m, ref, future), True
    return _relative(m, ref), True


def _nearest_year(ref: date, month: int, day: int, future: bool) -> date | None:
    """ "July 8" written without a year: this year's, unless that puts a past event weeks ahead."""
    value = _safe_date(ref.year, month, day)
    if value is None:
        return None
    if not future and value > ref + timedelta(days=7):
        return _safe_date(ref.year - 1, month, day)
    if future and value < ref - timedelta(days=7):
        return _safe_date(ref.year + 1, month, day)
    return value


def _weekday(m: re.Match[str], ref: date, future: bool) -> PartialDate:
    target = WEEKDAYS.index(m["weekday"].lower())
    mod = (m["mod"] or "").lower()
    if mod in {"next", "coming"} or (future and mod != "last"):
        ahead = (target - ref.weekday()) % 7
        if mod in {"next"} and ahead == 0:
            ahead = 7
        return PartialDate(ref + timedelta(days=ahead), "day", "relative")
    back = (ref.weekday() - target) % 7
    if mod in {"last", "past", "previous"} and back == 0:
        back = 7
    return PartialDate(ref - timedelta(days=back), "day", "relative")


def _span(first: date, last: date) -> PartialDate | None:
    """The coarsest precision that still holds the whole span."""
    if (first.year, first.month) == (last.year, last.month):
        return PartialDate(date(first.year, first.month, 1), "month", "relative")
    if first.year == last.year:
        return PartialDate(date(first.year, 1, 1), "year", "relative")
    return None


def _vague_ago(unit: str, ref: date) -> PartialDate | None:
    """ "a few days ago", "several weeks ago": only the period that surely holds it."""
    if unit == "day":
        return _span(ref - timedelta(days=9), ref - timedelta(days=2))
    if unit == "week":
        return _span(ref - timedelta(weeks=6), ref - timedelta(weeks=2))
    return None


def _relative(m: re.Match[str], ref: date) -> PartialDate | None:
    rel = m["rel"].lower()
    if rel in {"today", "tonight"} or rel.endswith(("morning", "afternoon", "evening")):
        # "this morning": the day the story was filed.
        return PartialDate(ref, "day", "relative")
    if rel in {"yesterday", "last night"}:
        return PartialDate(ref - timedelta(days=1), "day", "relative")
    if rel == "day before yesterday":
        return PartialDate(ref - timedelta(days=2), "day", "relative")
    if rel == "tomorrow":
        return PartialDate(ref + timedelta(days=1), "day", "relative")
    if m["unit"]:
        unit = m["unit"].lower().rstrip("s")
        if m["n"].lower() not in _NUMBERS and not m["n"].isdigit():
            return _vague_ago(unit, ref)
        n = int(m["n"]) if m["n"].isdigit() else _NUMBERS[m["n"].lower()]
        if unit == "day":
            return PartialDate(ref - timedelta(days=n), "day", "relative")
        if unit == "week":
            day = ref - timedelta(days=7 * n)
            return _span(day - timedelta(days=3), day + timedelta(days=3))
        if unit == "month":
            month_index = ref.year * 12 + ref.month - 1 - n
            return PartialDate(
                date(month_index // 12, month_index % 12 + 1, 1), "month", "relative"
            )
        return PartialDate(date(ref.year - n, 1, 1), "year", "relative")
    unit = rel.split()[-1]
    shift = {"last": -1, "past": -1, "next": 1}.get(rel.split()[-2], 0)
    if unit == "week":
        monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=shift)
        last = min(monday + timedelta(days=6), ref) if shift == 0 else monday + timedelta(days=6)
        return _span(monday, last)
    if unit == "month":
        month_index = ref.year * 12 + ref.month - 1 + shift
        return PartialDate(date(month_index // 12, month_index % 12 + 1, 1), "month", "relative")
    return PartialDate(date(ref.year + shift, 1, 1), "year", "relative")
