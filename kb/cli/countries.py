"""`kb countries [NAME]`: list the reference countries, or find one by any of its names."""

from __future__ import annotations

import typer

from kb.cli import context

FORMATS = ("table", "json", "csv")


def countries(
    name: str | None = typer.Argument(
        None, help="A name, demonym, capital or code, e.g. 'japanese', 'Tokyo', 'PK'."
    ),
    output: str = typer.Option("table", "--format", "-f", help="table, json or csv."),
) -> None:
    """List every country, or the ones NAME refers to (exact alias first, then prefix)."""
    from dataclasses import asdict

    from kb.config import resolve_url
    from kb.db.country_lookup import find_countries, list_countries
    from kb.db.engine import open_database, reading
    from kb.errors import KbError, UsageError

    if output not in FORMATS:
        raise UsageError(f"unknown format {output!r} (choose from {', '.join(FORMATS)})")
    engine = open_database(resolve_url(context.database_url()))
    try:
        with reading(engine).connect() as connection:
            rows = find_countries(connection, name) if name else list_countries(connection)
    finally:
        engine.dispose()
    if name and not rows:
        raise KbError(f"no country called {name!r}")
    columns = ["iso3", "iso2", "name"] + (["matched", "kind"] if name else [])
    records = [{c: asdict(row)[c] for c in columns} for row in rows]
    _render(records, columns, output)


def _render(records: list[dict[str, str | None]], columns: list[str], output: str) -> None:
    import sys

    if output == "json":
        import json

        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
    elif output == "csv":
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
    else:
        widths = {c: max([len(c)] + [len(r[c] or "") for r in records]) for c in columns}
        typer.echo("  ".join(c.ljust(widths[c]) for c in columns).rstrip())
        for record in records:
            typer.echo("  ".join((record[c] or "").ljust(widths[c]) for c in columns).rstrip())


def register(app: typer.Typer) -> None:
    app.command("countries")(countries)
