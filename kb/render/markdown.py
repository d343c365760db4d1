"""Markdown: GitHub-style pipe tables, ready to paste into a report or an issue."""

from __future__ import annotations

from kb.render.document import Detail, Listing


def render_markdown(document: Listing | Detail) -> str:
    if isinstance(document, Listing):
        parts = [f"## {document.title}", ""] if document.title else []
        parts.extend(_table(document))
        if document.note:
            parts.extend(["", f"_{document.note}_"])
        return "\n".join(parts) + "\n"
    parts = [f"## {document.title}", "", "| field | value |", "| --- | --- |"]
    parts.extend(f"| {_cell(label)} | {_cell(value)} |" for label, value in document.fields)
    for title, listing in document.sections:
        parts.extend(["", f"### {title}", ""])
        parts.extend(_table(listing))
    return "\n".join(parts) + "\n"


def _table(listing: Listing) -> list[str]:
    if not listing.rows:
        return [f"_{listing.empty}_"]
    lines = [
        "| " + " | ".join(_cell(c) for c in listing.columns) + " |",
        "| " + " | ".join("---" for _ in listing.columns) + " |",
    ]
    for row in listing.rows:
        lines.append("| " + " | ".join(_cell(row.get(c, "")) for c in listing.columns) + " |")
    return lines


def _cell(text: str | None) -> str:
    return (text or "").replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")
