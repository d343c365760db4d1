"""The timeline drawn as inline SVG: one lane per event type, time running left to right.

A day-precise event is a dot (larger when more articles reported it); a month or a year is a bar
across the whole period, so "2019" reads as "some time in 2019". Plain SVG, no script, no fonts
or styles fetched from anywhere.
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from kb.render.document import ChartPoint

WIDTH = 960
LEFT = 150
RIGHT = 24
TOP = 16
LANE = 30
AXIS = 34
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2")


def render_svg(points: list[ChartPoint], title: str = "timeline") -> str:
    """An <svg> element (no XML declaration) for embedding in an HTML page; "" for no points."""
    if not points:
        return ""
    lanes = list(dict.fromkeys(p.lane for p in points))
    first = date(min(p.start for p in points).year, 1, 1)
    last = date(max(p.end for p in points).year + 1, 1, 1)
    span = (last - first).days
    height = TOP + LANE * len(lanes) + AXIS
    plot = WIDTH - LEFT - RIGHT

    def x(day: date) -> float:
        return LEFT + plot * (day - first).days / span

    parts = [
        f'<svg viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" font-family="sans-serif" font-size="12">'
    ]
    years = list(range(first.year, last.year + 1))
    step = max(1, len(years) // 12)
    for year in years[::step]:
        tick = x(date(year, 1, 1))
        parts.append(
            f'<line x1="{tick:.1f}" y1="{TOP - 6}" x2="{tick:.1f}" y2="{height - AXIS + 4}" '
            'stroke="#ddd"/>'
        )
        if year < last.year or year == years[0]:
            parts.append(
                f'<text x="{tick + 3:.1f}" y="{height - AXIS + 18}" fill="#555">{year}</text>'
            )
    for index, lane in enumerate(lanes):
        middle = TOP + LANE * index + LANE / 2
        colour = PALETTE[index % len(PALETTE)]
        parts.append(
            f'<text x="{LEFT - 10}" y="{middle + 4:.1f}" text-anchor="end" fill="#333">'
            f"{escape(lane)}</text>"
        )
        parts.append(
            f'<line x1="{LEFT}" y1="{middle:.1f}" x2="{WIDTH - RIGHT}" y2="{middle:.1f}" '
            'stroke="#f0f0f0"/>'
        )
        for point in (p for p in points if p.lane == lane):
            tip = f"<title>{escape(point.label)}</title>"
            if point.end > point.start:
                left, right = x(point.start), x(point.end + timedelta(days=1))
                parts.append(
                    f'<rect x="{left:.1f}" y="{middle - 6:.1f}" width="{max(right - left, 3):.1f}" '
                    f'height="12" rx="4" fill="{colour}" fill-opacity="0.45" stroke="{colour}">'
                    f"{tip}</rect>"
                )
            else:
                radius = 4 + min(point.weight, 6)
                parts.append(
                    f'<circle cx="{x(point.start):.1f}" cy="{middle:.1f}" r="{radius}" '
                    f'fill="{colour}" fill-opacity="0.85">{tip}</circle>'
                )
    parts.append("</svg>")
    return "\n".join(parts)
