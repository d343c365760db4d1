"""What the renderers draw: a listing (rows under column headers) or a detail (one record).

A document carries two forms of the same data: display cells (strings, for table, CSV, Markdown
and HTML) and JSON records (lists stay lists, missing values are null), so each format gets the
shape that suits it without the renderers knowing about events or officials.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class ChartPoint:
    """One mark on the HTML timeline chart: a day, or a bar across a month or a year."""

    start: date
    end: date
    lane: str  # the row of the chart it sits on (the event type)
    label: str  # tooltip
    weight: int = 1  # how many articles reported it: drawn larger


@dataclass
class Listing:
    columns: list[str]
    rows: list[dict[str, str]]
    records: list[Any]
    title: str = ""
    empty: str = "no rows"
    note: str | None = None  # e.g. "showing the first 1000 rows"
    chart: list[ChartPoint] = field(default_factory=list)


@dataclass
class Detail:
    title: str
    fields: list[tuple[str, str]]
    record: dict[str, Any]
    sections: list[tuple[str, Listing]] = field(default_factory=list)
    chart: list[ChartPoint] = field(default_factory=list)


Document = Listing | Detail
