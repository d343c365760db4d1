"""Output formats shared by every command: table, json, csv, markdown, html.

    render(document, "markdown") -> str

A document is a `Listing` (rows under columns) or a `Detail` (one record with sections); see
`document.py`. Renderers are pure: they return text and never touch the database.
"""

from __future__ import annotations

from collections.abc import Callable

from kb.errors import UsageError
from kb.render.csv_output import render_csv
from kb.render.document import ChartPoint, Detail, Document, Listing
from kb.render.html_page import render_html
from kb.render.json_output import render_json
from kb.render.markdown import render_markdown
from kb.render.text_table import render_detail, render_listing

FORMATS = ("table", "json", "csv", "markdown", "html")


def _render_table(document: Document) -> str:
    if isinstance(document, Listing):
        return render_listing(document)
    return render_detail(document)


_RENDERERS: dict[str, Callable[[Document], str]] = {
    "table": _render_table,
    "json": render_json,
    "csv": render_csv,
    "markdown": render_markdown,
    "html": render_html,
}


def check_format(name: str) -> str:
    """The format name, or UsageError listing the choices."""
    key = name.strip().lower()
    if key == "md":
        key = "markdown"
    if key not in _RENDERERS:
        raise UsageError(f"unknown format {name!r} (choose from {', '.join(FORMATS)})")
    return key


def render(document: Document, format: str) -> str:
    return _RENDERERS[check_format(format)](document)


__all__ = ["FORMATS", "ChartPoint", "Detail", "Document", "Listing", "check_format", "render"]
