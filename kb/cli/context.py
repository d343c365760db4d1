"""State shared by the commands of one invocation: which database to use."""

from __future__ import annotations

_database_url: str | None = None


def set_database_url(url: str | None) -> None:
    global _database_url
    _database_url = url


def database_url() -> str | None:
    """The --db option if given; config.resolve_url() applies the env var and default."""
    return _database_url
