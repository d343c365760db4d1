"""`kb db …`, `kb status` and database failures, run as a user runs them (a real process)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa


def run_kb(
    *args: str, cwd: Path | None = None, db: str | None = None
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "KB_DATABASE_URL"}
    if db is not None:
        env["KB_DATABASE_URL"] = db
    return subprocess.run(
        [sys.executable, "-m", "kb", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def assert_one_clear_line(result: subprocess.CompletedProcess, exit_code: int, text: str) -> None:
    assert result.returncode == exit_code, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kb: ")
    assert text in lines[0]


def test_upgrade_current_status_and_downgrade(blank_db_url: str) -> None:
    upgraded = run_kb("db", "upgrade", db=blank_db_url)
    assert upgraded.returncode == 0, upgraded.stderr
    assert "upgraded from empty to revision" in upgraded.stdout

    current = run_kb("db", "current", db=blank_db_url)
    assert "up to date" in current.stdout

    status = run_kb("--db", blank_db_url, "status")
    assert status.returncode == 0, status.stderr
    assert "(head)" in status.stdout
    countries_line = next(line for line in status.stdout.splitlines() if "countries " in line)
    assert int(countries_line.split()[-1].replace(",", "")) >= 249

    down = run_kb("db", "downgrade", "base", db=blank_db_url)
    assert down.returncode == 0, down.stderr
    assert "not migrated" in run_kb("db", "current", db=blank_db_url).stdout


def test_status_hides_the_password() -> None:
    result = run_kb("--db", "postgresql://kb:s3cret@127.0.0.1:1/kb", "status")
    assert "s3cret" not in result.stdout + result.stderr


def test_the_default_database_is_kb_sqlite_in_the_current_folder(tmp_path: Path) -> None:
    result = run_kb("db", "upgrade", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "kb.sqlite").exists()


def test_a_malformed_db_url_is_a_usage_error() -> None:
    assert_one_clear_line(run_kb("--db", "nonsense", "status"), 2, "malformed database URL")


def test_an_unreachable_postgresql_is_one_line_and_exit_1() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"postgresql://postgres@127.0.0.1:{port}/kb"
    for args in (("status",), ("db", "upgrade"), ("countries", "japan")):
        result = run_kb("--db", url, *args)
        assert_one_clear_line(result, 1, f"cannot connect to PostgreSQL at 127.0.0.1:{port}")


def test_a_database_newer_than_kb_is_refused(engine: sa.Engine, db_url: str) -> None:
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = 'f00d'"))
    for args in (("db", "upgrade"), ("countries", "japan")):
        result = run_kb("--db", db_url, *args)
        assert_one_clear_line(result, 1, "database is at revision f00d, newer than this kb")


def test_an_unknown_revision_is_a_usage_error(db_url: str) -> None:
    assert_one_clear_line(run_kb("db", "upgrade", "nope", db=db_url), 2, "nope")
