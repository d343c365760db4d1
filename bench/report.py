"""The results table (plain text, fixed width) and the JSON written beside it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.measure import Figure

HEADERS = ("section", "figure", "db", "value", "unit", "floor", "x floor", "target", "")


def number(value: float | None) -> str:
    """Readable at a glance: 123,456 / 1,234 / 12.3 / 0.123."""
    if value is None:
        return "-"
    magnitude = abs(value)
    if magnitude >= 1000:
        return f"{value:,.0f}"
    if magnitude >= 100:
        return f"{value:.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    if magnitude >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def status(figure: Figure) -> str:
    if figure.value is None:
        return figure.note
    if figure.ok is None:
        return ""
    return "ok" if figure.ok else "MISSED"


def table(figures: list[Figure]) -> str:
    rows = [
        (
            f.section,
            f.name,
            f.db or "-",
            number(f.value),
            f.unit,
            number(f.floor),
            f"{f.cost_vs_floor:.1f}x" if f.cost_vs_floor is not None else "",
            f.target,
            status(f),
        )
        for f in figures
    ]
    widths = [max(len(str(row[i])) for row in [HEADERS, *rows]) for i in range(len(HEADERS) - 1)]
    numeric = {3, 5, 6}

    def line(row: tuple[str, ...]) -> str:
        cells = [
            str(cell).rjust(widths[i]) if i in numeric else str(cell).ljust(widths[i])
            for i, cell in enumerate(row[:-1])
        ]
        return ("  ".join(cells) + "  " + row[-1]).rstrip()

    rule = "-" * (sum(widths) + 2 * len(widths) + 6)
    return "\n".join([line(HEADERS), rule, *(line(row) for row in rows)])


def plans_text(plans: dict[str, Any]) -> str:
    """Query plans: for each question, kb's statements and the hand-written floor's."""
    out: list[str] = []
    for question, sides in plans.items():
        out.append(f"== {question}")
        for side in ("kb", "floor"):
            for n, (head, lines) in enumerate(sides[side], start=1):
                out.append(f"  {side} statement {n}: {head}")
                out.extend(f"      {line}" for line in lines)
    return "\n".join(out)


def write_json(
    path: Path, meta: dict[str, Any], figures: list[Figure], plans: dict[str, Any]
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {"meta": meta, "figures": [f.to_json() for f in figures], "plans": plans}
    path.write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")
