"""Throwaway databases for a benchmark run: SQLite files in a scratch folder, PostgreSQL databases
created on the test server and dropped when the run ends (also on Ctrl-C), so other people's
databases on the same server are never touched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import uuid
from pathlib import Path

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
BACKENDS = ("sqlite", "postgresql")


def postgres_server_url() -> str:
    return os.environ.get("KB_BENCH_POSTGRES_URL") or os.environ.get(
        "KB_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL
    )


def _dsn(url: str) -> str:
    """A libpq DSN for psycopg2 (which does not know the +psycopg2 suffix)."""
    return url.replace("postgresql+psycopg2://", "postgresql://", 1)


class Databases:
    """Creates databases on demand and removes every one of them in `close()`."""

    def __init__(self, postgres_url: str | None = None) -> None:
        self.postgres_url = postgres_url or postgres_server_url()
        self.scratch = Path(tempfile.mkdtemp(prefix="kb-bench-"))
        self._postgres: list[str] = []
        self._postgres_down: str | bool | None = False  # False: not asked yet
        self._templates: dict[str, str] = {}

    def postgres_down(self) -> str | None:
        """None when the PostgreSQL server answers, else the reason it does not."""
        if self._postgres_down is False:
            try:
                import psycopg2

                psycopg2.connect(_dsn(self.postgres_url), connect_timeout=3).close()
                self._postgres_down = None
            except Exception as exc:  # any failure means "not available for benchmarks"
                lines = str(exc).strip().splitlines() or [type(exc).__name__]
                self._postgres_down = lines[0]
        return self._postgres_down  # type: ignore[return-value]

    def new(self, backend: str, label: str) -> str:
        """The URL of a new, empty database."""
        if backend == "sqlite":
            return f"sqlite:///{self.scratch / f'{label}-{uuid.uuid4().hex[:8]}.sqlite'}"
        name = f"kbbench_{label}_{uuid.uuid4().hex[:10]}"
        self._admin(f'CREATE DATABASE "{name}"')
        self._postgres.append(name)
        base, _, _ = self.postgres_url.rpartition("/")
        return f"{base}/{name}"

    def new_migrated(self, backend: str, label: str) -> str:
        """The URL of a new database at kb's current schema (copied from one migrated once)."""
        template = self._templates.get(backend)
        if template is None:
            from kb.db.engine import open_database

            template = self.new(backend, "template")
            open_database(template).dispose()  # no connection may stay open on a template
            self._templates[backend] = template
        if backend == "sqlite":
            url = self.new(backend, label)
            shutil.copyfile(template.removeprefix("sqlite:///"), url.removeprefix("sqlite:///"))
            return url
        name = f"kbbench_{label}_{uuid.uuid4().hex[:10]}"
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{template.rpartition("/")[2]}"')
        self._postgres.append(name)
        return f"{self.postgres_url.rpartition('/')[0]}/{name}"

    def drop(self, url: str) -> None:
        if url.startswith("sqlite:///"):
            path = Path(url.removeprefix("sqlite:///"))
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            return
        name = url.rpartition("/")[2]
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if name in self._postgres:
            self._postgres.remove(name)

    def close(self) -> None:
        for name in list(self._postgres):
            # If the server went away, nothing more can be done from here.
            with contextlib.suppress(Exception):
                self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._postgres.clear()
        shutil.rmtree(self.scratch, ignore_errors=True)

    def _admin(self, sql: str) -> None:
        import psycopg2

        connection = psycopg2.connect(_dsn(self.postgres_url), connect_timeout=5)
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(sql)
        finally:
            connection.close()

    def __enter__(self) -> Databases:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
