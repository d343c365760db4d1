"""The `kb` command line: a thin shell over the library.

Command modules import only typer and the standard library at the top; the database layer and
the extractor are imported inside the commands, so `kb --help` stays fast.
"""

from __future__ import annotations

import os
import sys

import typer

from kb.cli import context

app = typer.Typer(
    name="kb",
    help="A knowledge base of diplomatic events: ingest news articles, query timelines.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: importing rich would double `kb --help`'s time
)


@app.callback()
def _root(
    db: str | None = typer.Option(
        None,
        "--db",
        metavar="URL",
        help="Database URL (else $KB_DATABASE_URL, else sqlite:///kb.sqlite).",
    ),
) -> None:
    context.set_database_url(db)


def _register() -> None:
    # Each module adds its commands to the app; order is the order shown in --help.
    from kb.cli import countries, dbcmd, extract, ingest, query, sources

    for module in (ingest, extract, query, dbcmd, countries, sources):
        module.register(app)


_register()


def main() -> None:
    """Entry point: run the app, turning library errors into one line on stderr."""
    from kb.errors import KbError

    try:
        # Without standalone mode, click returns a command's `typer.Exit(code)` instead of exiting.
        code = app(standalone_mode=False)
    except KbError as exc:
        print(f"kb: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        print("kb: aborted", file=sys.stderr)
        sys.exit(130)
    except KeyboardInterrupt:
        print("kb: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:
        # Usage errors from the (possibly vendored) click inside typer: duck-typed, so the
        # CLI works with typer versions that use click and those that vendor it.
        if hasattr(exc, "show") and isinstance(getattr(exc, "exit_code", None), int):
            exc.show()
            sys.exit(exc.exit_code)
        if os.environ.get("KB_DEBUG"):
            raise
        print(
            f"kb: internal error: {type(exc).__name__}: {exc} (KB_DEBUG=1 shows the traceback)",
            file=sys.stderr,
        )
        sys.exit(1)
    if isinstance(code, int) and code:
        sys.exit(code)
