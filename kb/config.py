"""Which database kb uses: `--db URL`, else `$KB_DATABASE_URL`, else `./kb.sqlite`.

kb speaks SQLite (embedded default) and PostgreSQL through psycopg2. SQLAlchemy 2.1 maps a plain
`postgresql://` URL to psycopg 3, so plain and `postgres://` URLs are rewritten to
`postgresql+psycopg2://` here, once, for every caller.
"""

from __future__ import annotations

import os

from kb.errors import UsageError

ENV_VAR = "KB_DATABASE_URL"
DEFAULT_URL = "sqlite:///kb.sqlite"

_POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg2")
_SQLITE_SCHEMES = ("sqlite", "sqlite+pysqlite")


def resolve_url(cli_value: str | None = None) -> str:
    """The database URL to use, normalised; a malformed one raises UsageError."""
    raw = cli_value if cli_value else os.environ.get(ENV_VAR) or DEFAULT_URL
    origin = "--db" if cli_value else (ENV_VAR if os.environ.get(ENV_VAR) else "default")
    return normalise_url(raw, origin=origin)


def normalise_url(raw: str, origin: str = "--db") -> str:
    """Validate a database URL and pin PostgreSQL to psycopg2."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    text = raw.strip()
    try:
        url = make_url(text)
    except (ArgumentError, ValueError) as exc:
        raise UsageError(
            f"malformed database URL in {origin}: {mask_url(text)!r} "
            "(expected sqlite:///PATH or postgresql://USER@HOST:PORT/DBNAME)"
        ) from exc
    scheme = url.drivername
    if scheme in _POSTGRES_SCHEMES:
        if not url.database:
            raise UsageError(f"database URL in {origin} names no database: {mask_url(text)!r}")
        url = url.set(drivername="postgresql+psycopg2")
    elif scheme in _SQLITE_SCHEMES:
        url = url.set(drivername="sqlite")
    else:
        raise UsageError(
            f"unsupported database in {origin}: {scheme!r} "
            "(kb supports sqlite:///PATH and postgresql://...)"
        )
    return url.render_as_string(hide_password=False)


def mask_url(url: str) -> str:
    """The URL with its password replaced by ***, for printing."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        # Not parseable: hide anything between "://user:" and "@" by hand.
        scheme, sep, rest = url.partition("://")
        userinfo, at, host = rest.rpartition("@")
        if sep and at and ":" in userinfo:
            return f"{scheme}://{userinfo.split(':', 1)[0]}:***@{host}"
        return url
    return parsed.render_as_string(hide_password=True)
