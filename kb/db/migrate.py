"""Run the Alembic migrations from code, wherever kb is installed.

The Alembic config is built here rather than read from `alembic.ini`, and the scripts are found
inside the installed package, so `kb db upgrade` works from a wheel and from any directory.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from importlib.resources import files

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from kb.db.engine import reading

SCRIPT_LOCATION = str(files("kb") / "migrations")


def alembic_config(url: str | None = None) -> Config:
    """An Alembic Config pointing at kb's migrations (and at `url` when given)."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "kb ships no migrations"
    return head


@dataclass(frozen=True)
class RevisionState:
    current: str | None  # None: never migrated
    head: str
    known: bool  # the current revision is one of this kb's migrations

    @property
    def is_current(self) -> bool:
        return self.current == self.head

    @property
    def is_newer(self) -> bool:
        return self.current is not None and not self.known


def current_revision(engine: Engine) -> str | None:
    with reading(engine).connect() as connection:
        heads = MigrationContext.configure(connection).get_current_heads()
    return heads[0] if heads else None


def revision_state(engine: Engine) -> RevisionState:
    current = current_revision(engine)
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    assert head is not None
    known = current is None or any(rev.revision == current for rev in script.walk_revisions())
    return RevisionState(current=current, head=head, known=known)


def upgrade(engine: Engine, revision: str = "head") -> None:
    _run(engine, command.upgrade, revision)


def downgrade(engine: Engine, revision: str) -> None:
    _run(engine, command.downgrade, revision)


# Alembic keeps its running context in a module global: one migration per process at a time.
# (Across processes, SQLite's BEGIN IMMEDIATE and a PostgreSQL advisory lock serialise them.)
_ALEMBIC_LOCK = threading.Lock()


def _run(engine: Engine, step: object, revision: str) -> None:
    config = alembic_config()
    with _ALEMBIC_LOCK, engine.connect() as connection:
        config.attributes["connection"] = connection
        step(config, revision)  # type: ignore[operator]
