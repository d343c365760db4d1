"""Connection settings and failures: what every kb process gets from make_engine/open_database."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from kb.db.engine import check_connection, make_engine, open_database, reading, session_scope
from kb.db.models import Country, CountryAlias
from kb.errors import KbError


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_sqlite_has_foreign_keys_wal_and_a_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
    engine.dispose()


def test_foreign_keys_are_enforced(engine: sa.Engine) -> None:
    with pytest.raises(sa.exc.IntegrityError), session_scope(engine) as session:
        session.add(CountryAlias(country_id=999_999, alias="Nowhere", alias_norm="nowhere"))


def test_session_scope_commits_on_success_and_rolls_back_on_error(engine: sa.Engine) -> None:
    with session_scope(engine) as session:
        session.add(Country(iso3="QQA", name="Testland"))
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        session.add(Country(iso3="QQB", name="Nowhere"))
        session.flush()
        raise RuntimeError("abandon")
    with reading(engine).connect() as connection:
        codes = set(connection.scalars(sa.select(Country.iso3).where(Country.iso3.like("QQ%"))))
    assert codes == {"QQA"}


def test_concurrent_sqlite_writers_queue_instead_of_failing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'busy.sqlite'}"
    open_database(url).dispose()
    errors: list[BaseException] = []

    def read_then_write(n: int) -> None:
        # A read followed by a write in one transaction is what fails with "database is locked"
        # under SQLite's default deferred BEGIN; IMMEDIATE makes the writers take turns.
        engine = make_engine(url)
        try:
            for i in range(10):
                with engine.begin() as connection:
                    connection.execute(sa.text("SELECT count(*) FROM countries")).scalar()
                    connection.execute(
                        sa.text("INSERT INTO countries (iso3, name) VALUES (:iso3, :name)"),
                        {"iso3": f"Q{n}{i}", "name": f"Test {n} {i}"},
                    )
        except BaseException as exc:
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=read_then_write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    engine = make_engine(url)
    with engine.connect() as connection:
        added = connection.scalar(
            sa.text("SELECT count(*) FROM countries WHERE name LIKE 'Test %'")
        )
    engine.dispose()
    assert added == 40


def test_unreachable_postgresql_is_one_clear_error() -> None:
    port = closed_port()
    engine = make_engine(f"postgresql://postgres@127.0.0.1:{port}/kb")
    with pytest.raises(KbError) as caught:
        check_connection(engine)
    message = str(caught.value)
    assert message.startswith(f"cannot connect to PostgreSQL at 127.0.0.1:{port}")
    assert "\n" not in message


def test_an_sqlite_file_in_a_missing_folder_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KbError, match="cannot open SQLite database"):
        open_database(f"sqlite:///{tmp_path / 'missing' / 'kb.sqlite'}")
