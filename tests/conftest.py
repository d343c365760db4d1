"""Database fixtures shared by every test: each database test runs on SQLite and on PostgreSQL.

- `backend`: "sqlite" or "postgresql" (the parameter; PostgreSQL tests carry the `postgresql`
  mark, so `-m "not postgresql"` runs SQLite only).
- `blank_db_url`: a new, empty, unmigrated database of that backend.
- `db_url`: a new database migrated to head (countries loaded), copied from a template migrated
  once per session, so it costs a file copy or a `CREATE DATABASE ... TEMPLATE`.
- `engine` (alias `migrated_engine`): an engine on `db_url`, disposed afterwards.

PostgreSQL comes from `$KB_TEST_POSTGRES_URL` (default postgresql://postgres@127.0.0.1:5432/test);
every test gets its own database there, dropped at the end, so parallel runs never collide. An
unreachable server skips the PostgreSQL half with the reason, except under `CI=true`, where it
fails.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

DEFAULT_TEST_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgresql: the test runs against a PostgreSQL server")


class PostgresServer:
    """The test server: creates and drops throwaway databases on it."""

    def __init__(self, url: str) -> None:
        from kb.config import normalise_url

        self.url = sa.engine.make_url(normalise_url(url))
        self.admin = sa.create_engine(self.url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
        self.created: list[str] = []

    def reachable(self) -> str | None:
        """None when the server answers, else why not."""
        try:
            with self.admin.connect() as connection:
                connection.exec_driver_sql("SELECT 1")
        except sa.exc.DBAPIError as exc:
            return str(exc.orig).strip().splitlines()[-1] if exc.orig else str(exc)
        return None

    def create_database(self, template: str | None = None) -> str:
        name = f"kbtest_{uuid.uuid4().hex[:16]}"
        suffix = f' TEMPLATE "{template}"' if template else ""
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"{suffix}')
        self.created.append(name)
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop_database(self, url: str) -> None:
        name = sa.engine.make_url(url).database
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if name in self.created:
            self.created.remove(name)

    def close(self) -> None:
        for name in list(self.created):
            self.drop_database(self.url.set(database=name).render_as_string(False))
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The PostgreSQL test server, or a skip (a failure under CI=true) when it does not answer."""
    url = os.environ.get("KB_TEST_POSTGRES_URL", DEFAULT_TEST_POSTGRES_URL)
    server = PostgresServer(url)
    why = server.reachable()
    if why is not None:
        server.admin.dispose()
        where = f"{server.url.host}:{server.url.port or 5432}"
        message = f"PostgreSQL not reachable at {where} (KB_TEST_POSTGRES_URL): {why}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; CI=true requires it", pytrace=False)
        pytest.skip(message)
    yield server
    server.close()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def blank_db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty database (no tables at all) on the current backend."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'blank.sqlite'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    url = server.create_database()
    yield url
    server.drop_database(url)


@pytest.fixture(scope="session")
def _migrated_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kb.db.engine import open_database

    path = tmp_path_factory.mktemp("template") / "migrated.sqlite"
    open_database(f"sqlite:///{path}").dispose()
    return path


@pytest.fixture(scope="session")
def _migrated_postgres_template(postgres_server: PostgresServer) -> str:
    from kb.db.engine import open_database

    url = postgres_server.create_database()
    open_database(url).dispose()  # a template must have no open connections when copied
    name = sa.engine.make_url(url).database
    assert name is not None
    return name


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new database migrated to head, reference countries loaded, nothing else."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("_migrated_sqlite_template")
        path = tmp_path / "kb.sqlite"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    url = server.create_database(template=request.getfixturevalue("_migrated_postgres_template"))
    yield url
    server.drop_database(url)


@pytest.fixture
def engine(db_url: str) -> Iterator[sa.Engine]:
    """An engine (kb's settings) on a migrated database of the current backend."""
    from kb.db.engine import make_engine

    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def migrated_engine(engine: sa.Engine) -> sa.Engine:
    return engine
