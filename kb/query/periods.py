"""Dates typed by people: "2019", "2019-06", "2019-06-19", "June 2019", turned into query bounds.

A bound keeps the precision it was written at: `--since 2019` starts on 2019-01-01 and
`--until 2020-08` ends on 2020-08-31.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kb.errors import UsageError
from kb.months import MONTHS
from kb.query.rows import date_label, period_end

_ISO = re.compile(r"^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?$")
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{4})$")


@dataclass(frozen=True)
class Period:
    """A day, month or year: `start` is its first day."""

    start: date
    precision: str  # "day", "month" or "year"

    @property
    def end(self) -> date:
        return period_end(self.start, self.precision)

    def label(self) -> str:
        return date_label(self.start, self.precision) or ""


def parse_period(text: str) -> Period:
    """Read a date at whatever precision it is written; raise UsageError on anything else."""
    cleaned = " ".join(text.strip().casefold().split())
    try:
        iso = _ISO.match(cleaned)
        if iso:
            year, month, day = iso.groups()
            if day:
                return Period(date(int(year), int(month), int(day)), "day")
            if month:
                return Period(date(int(year), int(month), 1), "month")
            return Period(date(int(year), 1, 1), "year")
        named = _MONTH_YEAR.match(cleaned)
        if named and named.group(1) in MONTHS:
            return Period(date(int(named.group(2)), MONTHS[named.group(1)], 1), "month")
    except ValueError as exc:
        raise UsageError(f"bad date {text!r}: {exc}") from exc
    raise UsageError(f"bad date {text!r} (use YYYY, YYYY-MM, YYYY-MM-DD or 'June 2019')")


def check_range(since: date | None, until: date | None) -> None:
    if since and until and since > until:
        raise UsageError(
            f"empty date range: since {since.isoformat()} is after until {until.isoformat()}"
        )
