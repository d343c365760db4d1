"""HTML: one self-contained page (inline CSS and SVG, no script, nothing fetched), the chart
first and the table under it."""

from __future__ import annotations

from html import escape

from kb.render.document import Detail, Listing
from kb.render.svg_chart import render_svg

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.35rem 0.5rem; text-align: start;
         vertical-align: top; }
th { background: #f5f5f5; position: sticky; top: 0; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.25rem 1rem; }
dt { font-weight: 600; } dd { margin: 0; }
figure { margin: 1rem 0 2rem; } .note { color: #666; }
"""


def render_html(document: Listing | Detail) -> str:
    title = document.title or "kb"
    body: list[str] = [f"<h1>{escape(title)}</h1>"]
    chart = render_svg(document.chart, title)
    if chart:
        body.append(f"<figure>{chart}</figure>")
    if isinstance(document, Listing):
        body.append(_table(document))
        if document.note:
            body.append(f'<p class="note">{escape(document.note)}</p>')
    else:
        body.append("<dl>")
        for label, value in document.fields:
            body.append(f'<dt>{escape(label)}</dt><dd dir="auto">{_text(value)}</dd>')
        body.append("</dl>")
        for section, listing in document.sections:
            body.append(f"<h2>{escape(section)}</h2>")
            body.append(_table(listing))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _table(listing: Listing) -> str:
    if not listing.rows:
        return f'<p class="note">{escape(listing.empty)}</p>'
    head = "".join(f"<th>{escape(c)}</th>" for c in listing.columns)
    rows = "\n".join(
        "<tr>"
        + "".join(f'<td dir="auto">{_text(row.get(c, ""))}</td>' for c in listing.columns)
        + "</tr>"
        for row in listing.rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>"


def _text(value: str | None) -> str:
    return escape(value or "").replace("\n", "<br>")
