"""Publication dates as sources write them, to `datetime.date`.

A date that cannot be read is `None`, never an error: an article without a date is still an
article. Ambiguous numeric forms (03/04/2021) are refused rather than guessed.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

from kb.months import MONTHS

_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_NUMERIC_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:$|\s)")
_DAY_MONTH_YEAR = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]{3,9})\.?,?\s+(\d{4})\b"
)
_MONTH_DAY_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")

_EARLIEST_YEAR = 1800
_LATEST_YEAR = 2200


def parse_published(value: object) -> date | None:
    """A date from ISO 8601, RFC 2822, '8 May 2023', 'May 8, 2023', epoch seconds; else None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return _plausible(value.date())
    if isinstance(value, date):
        return _plausible(value)
    if isinstance(value, int | float):
        return _from_epoch(float(value))
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text:
        return None
    for parse in (_from_ymd, _from_rfc2822, _from_words, _from_numeric_dmy):
        found = parse(text)
        if found is not None:
            return found
    return None


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return _plausible(date(year, month, day))
    except ValueError:
        return None


def _plausible(day: date) -> date | None:
    return day if _EARLIEST_YEAR <= day.year <= _LATEST_YEAR else None


def _from_epoch(seconds: float) -> date | None:
    if seconds > 1e11:  # milliseconds, as JavaScript writes them
        seconds /= 1000
    try:
        return _plausible(datetime.fromtimestamp(seconds, tz=UTC).date())
    except (OverflowError, OSError, ValueError):
        return None


def _from_ymd(text: str) -> date | None:
    # The calendar date as written, not shifted to UTC: that is the day the outlet published.
    match = _YMD.match(text) or _COMPACT.match(text)
    if not match:
        return None
    return _make(int(match[1]), int(match[2]), int(match[3]))


def _from_rfc2822(text: str) -> date | None:
    try:
        return _plausible(parsedate_to_datetime(text).date())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _from_words(text: str) -> date | None:
    match = _DAY_MONTH_YEAR.search(text)
    if match and match[2].lower() in MONTHS:
        return _make(int(match[3]), MONTHS[match[2].lower()], int(match[1]))
    match = _MONTH_DAY_YEAR.search(text)
    if match and match[1].lower() in MONTHS:
        return _make(int(match[3]), MONTHS[match[1].lower()], int(match[2]))
    return None


def _from_numeric_dmy(text: str) -> date | None:
    # Only when unambiguous: one part above 12 says which is the day.
    match = _NUMERIC_DMY.match(text)
    if not match:
        return None
    first, second, year = int(match[1]), int(match[2]), int(match[3])
    if first > 12 >= second:
        return _make(year, second, first)
    if second > 12 >= first:
        return _make(year, first, second)
    if first == second:
        return _make(year, first, second)
    return None
