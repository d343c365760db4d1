"""Alembic environment for kb: one history for SQLite (batch mode) and PostgreSQL.

The database comes from, in order: a connection handed over by `kb.db.migrate`, the
`sqlalchemy.url` option, or kb's own resolution (`$KB_DATABASE_URL`, else `./kb.sqlite`), so
plain `alembic upgrade head` from the repository root migrates the database kb would use.
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection

from kb.db.models import Base

# Any number: the PostgreSQL advisory lock that lets one process migrate while others wait.
MIGRATION_LOCK_ID = 4_242_001

config = context.config
target_metadata = Base.metadata


def run_on(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch mode rebuilds tables; with foreign keys on, dropping the old copy would cascade.
        # The pragma is a no-op inside a transaction, so set it on the raw connection first.
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
    try:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=sqlite,
            transactional_ddl=True,  # SQLite DDL is transactional too: all or nothing
            compare_type=True,
        )
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_ID})")
            context.run_migrations()
    finally:
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


def run_online() -> None:
    given = config.attributes.get("connection")
    if given is not None:
        run_on(given)
        return
    if config.config_file_name:  # plain `alembic`: log what it does, as alembic.ini says
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    from kb.config import normalise_url, resolve_url
    from kb.db.engine import make_engine

    option = config.get_main_option("sqlalchemy.url")
    url = normalise_url(option) if option else resolve_url(None)
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            run_on(connection)
    finally:
        engine.dispose()


def run_offline() -> None:
    from kb.config import resolve_url

    option = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=option or resolve_url(None),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
