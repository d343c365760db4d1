"""`kb sources …`, `kb sync` and `kb runs`: scheduled ingestion from the command line."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from kb.cli import context

sources_app = typer.Typer(
    name="sources",
    help="Register the feeds, folders and files `kb sync` pulls from.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(sources_app)
    app.command("sync")(sync)
    app.command("runs")(runs)


def _engine() -> Any:
    from kb.config import resolve_url
    from kb.db.engine import open_database

    return open_database(resolve_url(context.database_url()))


@sources_app.command("add")
def add(
    name: str = typer.Argument(..., help="A short name for the source."),
    location: str = typer.Argument(..., metavar="URL|PATH", help="Feed URL, folder or file."),
    format: str = typer.Option(
        "auto", "--format", help="For files and folders: auto, text, json, jsonl, html, rss."
    ),
    outlet: str | None = typer.Option(None, "--outlet", help="Outlet name for its articles."),
) -> None:
    """Add a source: an RSS/Atom feed URL, a folder, or a JSON Lines (or other) file."""
    from kb.sync.sources import add_source

    source = add_source(_engine(), name, location, format=format, outlet=outlet)
    shown = f" ({source.format})" if source.format and source.kind == "file" else ""
    typer.echo(f"added {source.kind} source {source.name!r}{shown}: {source.location}")


@sources_app.command("list")
def list_(
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """List the sources with what sync has recorded for each."""
    from kb.sync.sources import list_sources

    sources = list_sources(_engine())
    if as_json:
        typer.echo(json.dumps([source.as_dict() for source in sources], indent=2))
        return
    if not sources:
        typer.echo("no sources; add one with `kb sources add NAME URL|PATH`")
        return
    rows = [
        (
            source.name,
            source.kind,
            source.format or "auto",
            str(source.items),
            _when(source.last_synced_at),
            source.location,
        )
        for source in sources
    ]
    _print_table(("name", "kind", "format", "items", "last sync", "location"), rows)


@sources_app.command("remove")
def remove(name: str = typer.Argument(..., help="The source to forget.")) -> None:
    """Remove a source and what sync remembers of it; its articles and runs stay."""
    from kb.sync.sources import remove_source

    remove_source(_engine(), name)
    typer.echo(f"removed source {name!r}")


def sync(
    names: Annotated[
        list[str] | None,
        typer.Argument(metavar="NAME", help="Sources to sync (default: all)."),
    ] = None,
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors."),
    wait: bool = typer.Option(
        False, "--wait", help="Wait for a running sync to finish instead of exiting with 3."
    ),
) -> None:
    """Pull every source (or the named ones) and ingest what is new.

    Exit codes: 0 all went in, 1 a source or item failed, 3 another sync is running.
    """
    from kb.sync.sync import SourceResult, exit_code, sync_sources

    def report(result: SourceResult) -> None:
        for error in result.errors:
            typer.echo(f"kb: {result.name}: {error.item}: {error.reason}", err=True)
        if not (quiet or as_json):
            typer.echo(_summary_line(result))

    results = sync_sources(_engine(), names or (), wait=wait, on_result=report)
    code = exit_code(results)
    if as_json:
        payload = {"ok": code == 0, "sources": [result.as_dict() for result in results]}
        typer.echo(json.dumps(payload, indent=2))
    elif not results and not quiet:
        typer.echo("no sources; add one with `kb sources add NAME URL|PATH`")
    raise typer.Exit(code)


def runs(
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="How many runs to show."),
    failed: bool = typer.Option(False, "--failed", help="Only runs that failed or lost items."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Show the history of ingest and sync runs, newest first."""
    from kb.sync.history import recent_runs

    records = recent_runs(_engine(), limit=limit, failed_only=failed)
    if as_json:
        typer.echo(json.dumps([record.as_dict() for record in records], indent=2))
        return
    if not records:
        typer.echo("no runs yet")
        return
    rows = [
        (
            str(record.id),
            _when(record.started_at),
            record.command,
            record.source or "-",
            record.status,
            str(record.seen),
            str(record.new),
            str(record.updated),
            str(record.unchanged),
            str(record.failed),
            f"{record.seconds:.1f}s" if record.seconds is not None else "-",
        )
        for record in records
    ]
    headers = ("id", "started", "command", "source", "status", "seen", "new", "updated")
    _print_table((*headers, "unchanged", "failed", "took"), rows)
    for record in records:
        if record.errors and (failed or record.failed):
            typer.echo(f"\nrun {record.id} errors:")
            for item, reason in record.errors:
                typer.echo(f"  {item}: {reason}")


def _summary_line(result: Any) -> str:
    if result.status == "not-modified":
        return f"{result.name}: not modified"
    counts = (
        f"{result.offered} listed, {result.new} new, {result.updated} updated, "
        f"{result.unchanged} unchanged, {result.failed} failed"
    )
    return f"{result.name}: {counts}"


def _when(moment: Any) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S") if moment else "-"


def _print_table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=False)]
    for line in (headers, tuple("-" * width for width in widths), *rows):
        cells = [cell.ljust(width) for cell, width in zip(line, widths, strict=True)]
        sys.stdout.write("  ".join(cells).rstrip() + "\n")
