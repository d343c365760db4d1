"""The head revision kb knows without Alembic must be the one its migrations end at."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import Engine

from kb.db.engine import HEAD_REVISION, open_database, stored_revisions
from kb.db.migrate import head_revision


def test_head_revision_constant_matches_the_newest_migration() -> None:
    assert head_revision() == HEAD_REVISION


def test_a_migrated_database_reports_the_head_revision(blank_db_url: str) -> None:
    engine: Engine = open_database(blank_db_url)
    try:
        assert stored_revisions(engine) == [HEAD_REVISION]
    finally:
        engine.dispose()


def test_a_database_never_migrated_has_no_readable_revision(blank_db_url: str) -> None:
    engine = open_database(blank_db_url, migrate=False)
    try:
        assert stored_revisions(engine) in (None, [])
    finally:
        engine.dispose()


def test_opening_a_current_database_does_not_import_alembic(blank_db_url: str) -> None:
    open_database(blank_db_url).dispose()
    script = (
        "import sys\n"
        "from kb.db.engine import open_database\n"
        f"open_database({blank_db_url!r}).dispose()\n"
        "print('alembic' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
