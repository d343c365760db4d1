"""`kb timeline`, `kb events`, `kb officials`, `kb agreements`, `kb show`, `kb sql`.

Each command parses its arguments, calls one `kb.query` function and renders the rows with
`kb.render`; nothing here knows SQL. Only typer and the standard library are imported at module
level, so `kb --help` stays fast.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kb.cli import context

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from kb.render import Document, Listing

FORMAT_HELP = "Output format: table, json, csv, markdown or html."
EVENT_LIMIT = 1000
# Rows a timeline table shows unless --limit says otherwise: a screenful or two to read, and
# quick to make even when a popular pair has thousands (the note says how to see the rest).
# Other formats are for programs and files, and keep every row.
TABLE_PAGE_ROWS = 50

FormatOption = Annotated[str, typer.Option("--format", "-f", help=FORMAT_HELP)]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write to FILE instead of standard output.", dir_okay=False
    ),
]


def timeline(
    countries: Annotated[
        list[str],
        typer.Argument(
            metavar="COUNTRY... | QUESTION",
            help="Countries (name, ISO code, demonym, Urdu name), or one question in quotes: "
            "'Pakistan–Japan defence ties since 2019'.",
        ),
    ],
    topic: Annotated[
        list[str] | None,
        typer.Option("--topic", help="defence (also security), economy (also trade), energy, …"),
    ] = None,
    type_: Annotated[
        list[str] | None, typer.Option("--type", help="Event type, e.g. meeting, call.")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="YYYY, YYYY-MM or YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="YYYY, YYYY-MM or YYYY-MM-DD.")
    ] = None,
    official: Annotated[
        str | None, typer.Option("--official", help="Only events with this official.")
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option("--status", help="occurred (default), planned or denied; repeatable."),
    ] = None,
    all_statuses: Annotated[
        bool, typer.Option("--all", help="Every status, not only occurred.")
    ] = False,
    evidence: Annotated[
        bool, typer.Option("--evidence", help="Add the sentences and articles.")
    ] = False,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            help=f"At most N rows (default: {TABLE_PAGE_ROWS} in a table, every row otherwise).",
        ),
    ] = None,
    offset: Annotated[
        int, typer.Option("--offset", help="Skip the first N rows (the next page).")
    ] = 0,
    output_format: FormatOption = "table",
    output: OutputOption = None,
) -> None:
    """What happened between these countries, in date order (undated events last).

    With two or more countries: the events (and agreements) all of them take part in; with one,
    everything it did with anyone. Only events that occurred are listed unless --status or --all.
    A table shows the first rows and says how many more there are; --format json, csv, markdown
    or html gives every row.
    """
    from kb.query.countries import UnknownCountry, resolve_country
    from kb.query.filters import EventFilter
    from kb.query.question import parse_question
    from kb.query.timeline import timeline_page
    from kb.render import check_format
    from kb.render.records import page_note, timeline_listing

    fmt = check_format(output_format)
    with _reading() as connection:
        names = list(countries)
        if len(names) == 1 and _looks_like_question(names[0]):
            try:
                resolve_country(connection, names[0])
            except UnknownCountry:
                question = parse_question(connection, names[0])
                typer.echo(f"kb: reading the question as: {question.describe()}", err=True)
                names = [c.iso3 for c in question.countries]
                topic = topic or question.topics
                type_ = type_ or question.types
                since = since or (question.since.start.isoformat() if question.since else None)
                until = until or (question.until.end.isoformat() if question.until else None)
        if limit is None and fmt == "table":
            limit = TABLE_PAGE_ROWS
        statuses = None if all_statuses else (status or ["occurred"])
        wanted = EventFilter(names, topic, type_, since, until, official, statuses, limit, offset)
        page = timeline_page(connection, wanted)
        parties = [resolve_country(connection, name).name for name in names]
    described = _describe(topic, type_, since, until, official)
    title = "Timeline: " + " – ".join(parties) + (f" · {described}" if described else "")
    listing = timeline_listing(
        page.rows,
        title=title,
        evidence=evidence,
        empty=f"no events match ({' – '.join(parties)}{', ' + described if described else ''})",
    )
    _emit_page(listing, page_note(page, limit), fmt, output)


def events(
    country: Annotated[
        list[str] | None,
        typer.Option("--country", "-c", help="Only events this country takes part in; repeatable."),
    ] = None,
    topic: Annotated[
        list[str] | None, typer.Option("--topic", help="Topic (with its family).")
    ] = None,
    type_: Annotated[
        list[str] | None, typer.Option("--type", help="Event type; repeatable.")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="YYYY, YYYY-MM or YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="YYYY, YYYY-MM or YYYY-MM-DD.")
    ] = None,
    official: Annotated[
        str | None, typer.Option("--official", help="Only events with this official.")
    ] = None,
    status: Annotated[
        list[str] | None, typer.Option("--status", help="occurred (default), …")
    ] = None,
    all_statuses: Annotated[bool, typer.Option("--all", help="Every status.")] = False,
    evidence: Annotated[
        bool, typer.Option("--evidence", help="Add the sentences and articles.")
    ] = False,
    limit: Annotated[int, typer.Option("--limit", help="At most N rows.")] = EVENT_LIMIT,
    offset: Annotated[
        int, typer.Option("--offset", help="Skip the first N rows (the next page).")
    ] = 0,
    output_format: FormatOption = "table",
    output: OutputOption = None,
) -> None:
    """List stored events, oldest first, with any filters."""
    from kb.query.filters import EventFilter
    from kb.query.timeline import events_page
    from kb.render import check_format
    from kb.render.records import page_note, timeline_listing

    fmt = check_format(output_format)
    with _reading() as connection:
        statuses = None if all_statuses else (status or ["occurred"])
        wanted = EventFilter(
            country or (), topic, type_, since, until, official, statuses, limit, offset
        )
        page = events_page(connection, wanted)
    described = _describe(topic, type_, since, until, official)
    listing = timeline_listing(
        page.rows,
        title="Events" + (f" · {described}" if described else ""),
        evidence=evidence,
    )
    _emit_page(listing, page_note(page, limit), fmt, output)


def officials(
    name: Annotated[
        str | None, typer.Argument(help="Part of a name or spelling, e.g. 'Bajwa'.")
    ] = None,
    country: Annotated[
        str | None, typer.Option("--country", "-c", help="Only this country's.")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="At most N officials.")] = None,
    output_format: FormatOption = "table",
    output: OutputOption = None,
) -> None:
    """Officials with their posts over time; one match shows its events too."""
    from kb.query.lookups import officials as official_rows
    from kb.query.lookups import show_official
    from kb.render import check_format
    from kb.render.records import official_detail, officials_listing

    fmt = check_format(output_format)
    with _reading() as connection:
        rows = official_rows(connection, name, country=country, limit=limit)
        if name and len(rows) == 1:
            document: Document = official_detail(show_official(connection, rows[0].id))
        else:
            document = officials_listing(rows, title="Officials")
            if name or country:
                document.empty = f"no officials match {name or ''} {country or ''}".rstrip()
    _emit(document, fmt, output)


def agreements(
    countries: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[COUNTRY...]", help="Only agreements all these countries are party to."
        ),
    ] = None,
    kind: Annotated[
        list[str] | None, typer.Option("--kind", help="mou, treaty, agreement, …")
    ] = None,
    topic: Annotated[
        list[str] | None, typer.Option("--topic", help="Topic (with its family).")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="YYYY, YYYY-MM or YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="YYYY, YYYY-MM or YYYY-MM-DD.")
    ] = None,
    status: Annotated[
        list[str] | None, typer.Option("--status", help="signed, proposed, …")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="At most N agreements.")] = None,
    output_format: FormatOption = "table",
    output: OutputOption = None,
) -> None:
    """Agreements, oldest first, with their parties and signing events."""
    from kb.query.lookups import agreements as agreement_rows
    from kb.render import check_format
    from kb.render.records import agreements_listing

    fmt = check_format(output_format)
    with _reading() as connection:
        rows = agreement_rows(
            connection,
            countries or (),
            kind=kind,
            topic=topic,
            since=since,
            until=until,
            status=status,
            limit=limit,
        )
    described = _describe(topic, kind, since, until, None)
    _emit(
        agreements_listing(
            rows,
            title="Agreements"
            + (f": {', '.join(countries)}" if countries else "")
            + (f" · {described}" if described else ""),
        ),
        fmt,
        output,
    )


SHOWABLE = ("event", "agreement", "official", "article")


def show(
    what: Annotated[str, typer.Argument(metavar="event|agreement|official|article")],
    ident: Annotated[str, typer.Argument(metavar="ID", help="The id (an official: also a name).")],
    output_format: FormatOption = "table",
    output: OutputOption = None,
) -> None:
    """Everything known about one event, agreement, official or article, with evidence."""
    from kb.errors import UsageError
    from kb.query import lookups
    from kb.render import check_format
    from kb.render import records as documents

    fmt = check_format(output_format)
    kind = what.strip().lower()
    if kind not in SHOWABLE:
        raise UsageError(f"cannot show {what!r} (choose from {', '.join(SHOWABLE)})")
    if kind != "official" and not ident.isdigit():
        raise UsageError(f"{kind} id must be a number, not {ident!r}")
    with _reading() as connection:
        if kind == "event":
            document: Document = documents.event_detail(lookups.show_event(connection, int(ident)))
        elif kind == "agreement":
            document = documents.agreement_detail(lookups.show_agreement(connection, int(ident)))
        elif kind == "official":
            document = documents.official_detail(lookups.show_official(connection, ident))
        else:
            document = documents.article_detail(lookups.show_article(connection, int(ident)))
    _emit(document, fmt, output)


def sql(
    statement: Annotated[str, typer.Argument(metavar="SQL", help="One SELECT (or WITH/VALUES).")],
    output_format: FormatOption = "table",
    limit: Annotated[
        int, typer.Option("--limit", help="At most N rows (the rest is reported).")
    ] = 1000,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Stop the query after S seconds.")
    ] = 10.0,
    output: OutputOption = None,
) -> None:
    """Run read-only SQL; the database itself refuses writes (see docs/schema.md)."""
    from kb.config import resolve_url
    from kb.query.readonly_sql import run_readonly_sql
    from kb.render import check_format
    from kb.render.records import sql_listing

    fmt = check_format(output_format)
    result = run_readonly_sql(
        resolve_url(context.database_url()), statement, limit=limit, timeout=timeout
    )
    listing = sql_listing(result)
    if result.truncated:
        typer.echo(f"kb: {listing.note}", err=True)
    _emit(listing, fmt, output)


# --- shared ------------------------------------------------------------------------------------


@contextmanager
def _reading() -> Iterator[Connection]:
    """A read connection on the chosen database; database errors become one line."""
    from sqlalchemy.exc import DBAPIError

    from kb.config import mask_url, resolve_url
    from kb.db.engine import open_database, reading
    from kb.errors import KbError

    url = resolve_url(context.database_url())
    _require_existing_sqlite_file(url)
    engine = open_database(url)
    try:
        with reading(engine).connect() as connection:
            yield connection
    except DBAPIError as exc:
        reason = str(exc.orig or exc).strip().splitlines()[0]
        raise KbError(f"database error on {mask_url(url)}: {reason}") from exc
    finally:
        engine.dispose()


def _require_existing_sqlite_file(url: str) -> None:
    """Querying must not leave an empty kb.sqlite behind: a missing file is an error."""
    from sqlalchemy.engine import make_url

    from kb.errors import KbError

    parsed = make_url(url)
    path = parsed.database or ""
    in_file = parsed.get_backend_name() == "sqlite" and path not in ("", ":memory:")
    if in_file and not Path(path).exists():
        raise KbError(f"no database at {path} (run `kb ingest` first, or pass --db)")


def _emit(document: Document, fmt: str, output: Path | None) -> None:
    from kb.errors import KbError
    from kb.render import render

    text = render(document, fmt)
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise KbError(f"cannot write {output}: {exc.strerror or exc}") from exc
    typer.echo(f"kb: wrote {output}", err=True)


def _emit_page(listing: Listing, note: str | None, fmt: str, output: Path | None) -> None:
    """A page of rows: in a table, Markdown or HTML the note follows the rows; JSON and CSV have
    no place for it, so there it goes to standard error: rows left out are never silent."""
    listing.note = note
    if note and fmt in ("json", "csv"):
        typer.echo(f"kb: {note}", err=True)
    _emit(listing, fmt, output)


def _looks_like_question(text: str) -> bool:
    """More than a bare name: spaces, dashes or digits ("Pakistan–Japan defence since 2019")."""
    return any(not (ch.isalpha() or ch in ".'’") for ch in text.strip())


def _describe(
    topic: Any, types: Any, since: str | None, until: str | None, official: str | None
) -> str:
    parts = []
    if topic:
        from kb.query.topics import topics_for

        words = [topic] if isinstance(topic, str) else list(topic)
        parts.append(f"topic {', '.join(words)} ({', '.join(topics_for(words))})")
    if types:
        parts.append(", ".join([types] if isinstance(types, str) else types))
    if since:
        parts.append(f"since {since}")
    if until:
        parts.append(f"until {until}")
    if official:
        parts.append(f"with {official}")
    return " · ".join(parts)


def register(app: typer.Typer) -> None:
    app.command("timeline")(timeline)
    app.command("events")(events)
    app.command("officials")(officials)
    app.command("agreements")(agreements)
    app.command("show")(show)
    app.command("sql")(sql)
