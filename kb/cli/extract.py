"""`kb extract ARTICLE`: show what the extractor reads in one article; no database involved."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_command)


def extract_command(
    article: Path = typer.Argument(..., help="A plain-text article file ('-' for stdin)."),  # noqa: B008
    published: str | None = typer.Option(
        None, "--published", metavar="YYYY-MM-DD", help="Publication date (resolves 'on Monday')."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the evaluation contract's JSON."),
) -> None:
    """Extract countries, officials, events and agreements from one article."""
    from kb.errors import KbError, UsageError
    from kb.extract.pipeline import extract
    from kb.ingest.readers.text import parse_published, parse_text

    when = None
    if published is not None:
        when = parse_published(published)
        if when is None:
            raise UsageError(f"--published {published!r}: expected a date as YYYY-MM-DD")
    try:
        raw = sys.stdin.buffer.read() if str(article) == "-" else article.read_bytes()
    except OSError as exc:
        raise KbError(f"{article}: cannot read ({exc.strerror or exc})") from None
    text = _decode(raw)
    result = extract(parse_text(text, source_ref=str(article)), published=when)
    if as_json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        typer.echo(_summary(result))


def _decode(raw: bytes) -> str:
    """UTF-8 when it is, else the shared reader's decoding (which refuses binary junk)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        from kb.ingest.readers.decode import decode_bytes

        return decode_bytes(raw)


def _summary(result) -> str:
    lines = [f"{result.title or '(untitled)'}"]
    lines.append(
        f"published {result.published or 'unknown'} · language {result.language or '?'} · "
        f"countries {', '.join(result.countries) or '—'}"
    )
    if result.officials:
        lines.append("officials:")
        for o in result.officials:
            lines.append(f"  {o.name} ({o.country or '?'}) {o.title or ''}".rstrip())
    if result.events:
        lines.append("events:")
        for e in result.events:
            when = e.date.label() if e.date else "date unknown"
            status = "" if e.status == "occurred" else f" [{e.status}]"
            lines.append(f"  {when:10} {e.type}{status}: {'–'.join(e.countries)}")
            if e.officials:
                lines.append(f"             officials: {', '.join(e.officials)}")
            lines.append(f"             “{_clip(e.evidence.text)}”")
    if result.agreements:
        lines.append("agreements:")
        for a in result.agreements:
            when = a.date.label() if a.date else "date unknown"
            lines.append(f"  {a.name} ({a.kind}, {a.status}, {when}) {'–'.join(a.parties)}")
    return "\n".join(lines)


def _clip(text: str, width: int = 110) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
