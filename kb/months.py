"""English month names and their usual abbreviations, for every parser of written dates."""

from __future__ import annotations

_NAMES = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sep", "sept"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)

MONTHS: dict[str, int] = {
    name: number for number, names in enumerate(_NAMES, start=1) for name in names
}
