"""`kb db upgrade|downgrade|current` and `kb status`: the database's schema and contents."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

from kb.cli import context

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from kb.db.status import DatabaseStatus

db_app = typer.Typer(help="Create, upgrade and inspect the database schema.", no_args_is_help=True)


@contextmanager
def _engine() -> Iterator[Engine]:
    """An engine for the chosen database, reachable, with failures turned into KbError lines."""
    from alembic.util import CommandError
    from sqlalchemy.exc import DBAPIError

    from kb.config import resolve_url
    from kb.db.engine import check_connection, connection_error, make_engine
    from kb.errors import UsageError

    engine = make_engine(resolve_url(context.database_url()))
    check_connection(engine)
    try:
        yield engine
    except CommandError as exc:
        raise UsageError(str(exc).splitlines()[0]) from exc
    except DBAPIError as exc:
        raise connection_error(engine, exc) from exc
    finally:
        engine.dispose()


def _refuse_newer(engine: Engine) -> None:
    from kb.db.migrate import revision_state
    from kb.errors import KbError

    state = revision_state(engine)
    if state.is_newer:
        raise KbError(
            f"database is at revision {state.current}, newer than this kb ({state.head}); "
            "upgrade kb"
        )


@db_app.command()
def upgrade(
    revision: str = typer.Argument("head", help="Target revision (default: the latest)."),
) -> None:
    """Migrate the database up to REVISION (creating it if needed)."""
    from kb.db.migrate import current_revision
    from kb.db.migrate import upgrade as run_upgrade

    with _engine() as engine:
        _refuse_newer(engine)
        before = current_revision(engine)
        run_upgrade(engine, revision)
        after = current_revision(engine)
    if before == after:
        typer.echo(f"database already at revision {after}")
    else:
        typer.echo(f"database upgraded from {before or 'empty'} to revision {after}")


@db_app.command()
def downgrade(
    revision: str = typer.Argument(..., help="Target revision ('base' removes everything)."),
) -> None:
    """Migrate the database down to REVISION."""
    from kb.db.migrate import current_revision
    from kb.db.migrate import downgrade as run_downgrade

    with _engine() as engine:
        _refuse_newer(engine)
        before = current_revision(engine)
        run_downgrade(engine, revision)
        after = current_revision(engine)
    typer.echo(f"database downgraded from {before or 'empty'} to {after or 'base (empty)'}")


@db_app.command()
def current() -> None:
    """Print the database's migration revision and the latest one this kb knows."""
    from kb.db.migrate import revision_state

    with _engine() as engine:
        state = revision_state(engine)
    note = "up to date" if state.is_current else ("NEWER than this kb" if state.is_newer else "")
    note = note or ("not migrated" if state.current is None else "needs `kb db upgrade`")
    typer.echo(f"{state.current or 'none'} (head {state.head}; {note})")


def status() -> None:
    """Show the database in use, its schema revision and how many rows its main tables hold."""
    from kb.db.status import database_status

    with _engine() as engine:
        info = database_status(engine)
        _print_status(info)
        _refuse_newer(engine)  # after printing: a health check must still fail


def _print_status(info: DatabaseStatus) -> None:
    if info.revision is None:
        revision = f"none (not migrated; head {info.head}, created on first use)"
    elif info.newer:
        revision = f"{info.revision} (newer than this kb, head {info.head}: upgrade kb)"
    elif info.revision == info.head:
        revision = f"{info.revision} (head)"
    else:
        revision = f"{info.revision} (head {info.head}: run `kb db upgrade`)"
    typer.echo(f"database: {info.url}")
    typer.echo(f"revision: {revision}")
    if info.counts:
        width = max(len(name) for name in info.counts)
        for table, count in info.counts.items():
            typer.echo(f"  {table:<{width}}  {count:>9,}")


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
    app.command("status")(status)
