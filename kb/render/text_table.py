"""Plain-text tables for the terminal: columns sized to fit, long cells wrapped, not cut."""

from __future__ import annotations

import shutil
import textwrap

from kb.render.document import Detail, Listing

GAP = "  "
MIN_WIDTH = 8
LONGEST_UNBROKEN = 18


def render_listing(listing: Listing, width: int | None = None) -> str:
    lines = [listing.title, ""] if listing.title else []
    if not listing.rows:
        lines.append(listing.empty)
    else:
        lines.extend(table_lines(listing.columns, listing.rows, width))
    if listing.note:
        lines.extend(["", listing.note])
    return "\n".join(lines) + "\n"


def render_detail(detail: Detail, width: int | None = None) -> str:
    label_width = max((len(label) for label, _ in detail.fields), default=0)
    total = width or _terminal_width()
    lines = [detail.title, "=" * min(len(detail.title), total)]
    for label, value in detail.fields:
        wrapped = _wrap(value, max(total - label_width - 2, 20)) or [""]
        lines.append(f"{label.ljust(label_width)}  {wrapped[0]}".rstrip())
        lines.extend(f"{' ' * label_width}  {more}" for more in wrapped[1:])
    for title, listing in detail.sections:
        lines.extend(["", f"{title} ({len(listing.rows)})"])
        if listing.rows:
            lines.extend(table_lines(listing.columns, listing.rows, width))
        else:
            lines.append(listing.empty)
    return "\n".join(lines) + "\n"


def table_lines(columns: list[str], rows: list[dict[str, str]], width: int | None) -> list[str]:
    widths = _fit(columns, rows, width or _terminal_width())
    lines = [_line([c for c in columns], widths), _line(["-" * w for w in widths], widths)]
    for row in rows:
        cells = [_wrap(row.get(c, ""), w) for c, w in zip(columns, widths, strict=True)]
        for i in range(max(len(c) for c in cells)):
            lines.append(_line([c[i] if i < len(c) else "" for c in cells], widths))
    return lines


def _fit(columns: list[str], rows: list[dict[str, str]], total: int) -> list[int]:
    """Natural widths; when too wide, one cap for every wide column, so all shrink fairly,
    but no column narrower than its longest word (up to LONGEST_UNBROKEN)."""
    widths = [max([len(c)] + [_longest_line(r.get(c)) for r in rows]) for c in columns]
    floors = [
        min(w, max([MIN_WIDTH] + [min(_longest_word(r.get(c)), LONGEST_UNBROKEN) for r in rows]))
        for c, w in zip(columns, widths, strict=True)
    ]
    room = total - len(GAP) * (len(columns) - 1)

    def capped(cap: int) -> list[int]:
        return [max(min(w, cap), f) for w, f in zip(widths, floors, strict=True)]

    cap = max(widths)
    while cap > MIN_WIDTH and sum(capped(cap)) > room:
        cap -= 1
    return capped(cap)


def _longest_word(text: str | None) -> int:
    return max((len(word) for word in (text or "").split()), default=0)


def _longest_line(text: str | None) -> int:
    return max(len(line) for line in (text or "").split("\n"))


def _wrap(text: str | None, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in (text or "").split("\n"):
        lines.extend(textwrap.wrap(paragraph, width, break_long_words=True) or [""])
    return lines


def _line(cells: list[str], widths: list[int]) -> str:
    return GAP.join(cell.ljust(w) for cell, w in zip(cells, widths, strict=True)).rstrip()


def _terminal_width() -> int:
    return max(60, shutil.get_terminal_size((120, 24)).columns)
