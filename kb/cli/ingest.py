"""`kb ingest PATH...`: read, extract and store articles; print what happened."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kb.cli import context

if TYPE_CHECKING:
    from kb.ingest.pipeline import ItemOutcome


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)


def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(metavar="PATH", help="Files, folders (recursively) or - for stdin."),
    ],
    format: Annotated[
        str,
        typer.Option(help="auto (decided by content), text, json, jsonl, html or rss."),
    ] = "auto",
    published: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="Publication date for articles that carry none."),
    ] = None,
    outlet: Annotated[
        str | None, typer.Option(metavar="NAME", help="Outlet for articles that name none.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Read and extract, report what would be added.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Ingest news articles: each stored once, its events and agreements fused with known ones.

    Bad items are named on stderr and skipped; the exit code is 1 when any item failed.
    """
    from kb.config import resolve_url
    from kb.db.engine import connection_error, open_database
    from kb.errors import KbError, UsageError
    from kb.ingest.pipeline import ingest_items
    from kb.ingest.readers import read_paths
    from kb.ingest.readers.dates import parse_published

    day = None
    if published is not None:
        day = parse_published(published)
        if day is None:
            raise UsageError(f"--published: not a date: {published!r} (try YYYY-MM-DD)")
    items = read_paths(paths, format=format, published=day, outlet=outlet)
    engine = open_database(resolve_url(context.database_url()), migrate=not dry_run)
    progress = _Progress(enabled=not quiet and sys.stderr.isatty())
    try:
        with progress:
            summary = ingest_items(engine, items, dry_run=dry_run, on_outcome=progress.outcome)
    except KbError:
        raise
    except Exception as exc:
        from sqlalchemy.exc import DBAPIError

        if isinstance(exc, DBAPIError):
            raise connection_error(engine, exc) from exc
        raise
    finally:
        engine.dispose()

    if as_json:
        typer.echo(json.dumps(summary.to_json(), indent=2))
    else:
        typer.echo(summary.line())
    if summary.failed:
        raise typer.Exit(1)


class _Progress:
    """A rich progress line on stderr (when it is a terminal); failed items always printed."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None
        self.task: Any = None
        self.counts = {"new": 0, "updated": 0, "unchanged": 0, "failed": 0}

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                SpinnerColumn(),
                TextColumn("{task.completed} articles"),
                TextColumn("[dim]{task.description}"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.bar.__enter__()
            self.task = self.bar.add_task("", total=None)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)

    def outcome(self, outcome: ItemOutcome) -> None:
        self.counts[outcome.status] = self.counts.get(outcome.status, 0) + 1
        if outcome.status == "failed":
            line = f"kb: {outcome.item}: {outcome.reason}"
            if self.bar is not None:
                self.bar.console.print(line, markup=False, highlight=False)
            else:
                print(line, file=sys.stderr, flush=True)
        if self.bar is not None:
            description = ", ".join(f"{n} {s}" for s, n in self.counts.items() if n)
            self.bar.update(self.task, advance=1, description=description)
