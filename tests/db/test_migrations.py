"""The Alembic history: it builds the schema of kb.db.models on both databases, both ways."""

from __future__ import annotations

import subprocess
import sys

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from kb.db.engine import make_engine, open_database
from kb.db.migrate import current_revision, downgrade, head_revision, revision_state, upgrade
from kb.db.models import Base
from kb.errors import KbError

KB_TABLES = set(Base.metadata.tables)


def table_names(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def test_upgrade_downgrade_upgrade_round_trip(blank_db_url: str) -> None:
    engine = make_engine(blank_db_url)
    try:
        upgrade(engine)
        assert table_names(engine) >= KB_TABLES
        assert current_revision(engine) == head_revision()

        downgrade(engine, "base")
        assert table_names(engine) & KB_TABLES == set()
        assert "timeline" not in sa.inspect(engine).get_view_names()
        assert current_revision(engine) is None

        upgrade(engine)
        assert table_names(engine) >= KB_TABLES
        with engine.connect() as connection:
            assert connection.scalar(sa.text("SELECT count(*) FROM countries")) >= 249
            assert connection.scalar(sa.text("SELECT count(*) FROM timeline")) == 0
    finally:
        engine.dispose()


def _columns(engine: sa.Engine, table: str) -> set[str]:
    return {column["name"] for column in sa.inspect(engine).get_columns(table)}


def _indexes(engine: sa.Engine, table: str) -> set[str]:
    return {index["name"] for index in sa.inspect(engine).get_indexes(table)}


def test_each_step_down_and_up_again_leaves_the_head_schema(blank_db_url: str) -> None:
    engine = make_engine(blank_db_url)
    try:
        upgrade(engine)
        assert {"status", "date_precision"} <= _columns(engine, "event_country_pairs")
        downgrade(engine, "-1")  # 0005 → 0004
        assert "status" not in _columns(engine, "event_country_pairs")
        assert "ix_agreement_parties_country_id" in _indexes(engine, "agreement_parties")
        assert "sentence_key" in _columns(engine, "event_mentions")
        downgrade(engine, "-1")  # → 0003
        assert "sentence_key" not in _columns(engine, "event_mentions")
        assert "ix_events_fusion_key" in _indexes(engine, "events")
        downgrade(engine, "-1")  # → 0002
        assert "event_country_pairs" not in table_names(engine)
        downgrade(engine, "-1")  # → 0001
        with engine.connect() as connection:
            assert connection.scalar(sa.text("SELECT count(*) FROM countries")) == 0
        upgrade(engine)
        assert "event_country_pairs" in table_names(engine)
        assert "ix_events_fusion_key_date" in _indexes(engine, "events")
        assert "ix_event_country_pairs_timeline" in _indexes(engine, "event_country_pairs")
        with engine.connect() as connection:
            assert connection.scalar(sa.text("SELECT count(*) FROM countries")) >= 249
    finally:
        engine.dispose()


def test_models_and_migrations_agree(engine: sa.Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_a_new_database_is_migrated_on_first_use(blank_db_url: str) -> None:
    engine = open_database(blank_db_url)
    try:
        assert revision_state(engine).is_current
        assert "timeline" in sa.inspect(engine).get_view_names()
    finally:
        engine.dispose()


def test_processes_opening_a_new_database_at_once_migrate_it_once(blank_db_url: str) -> None:
    code = "import sys; from kb.db.engine import open_database; open_database(sys.argv[1])"
    processes = [
        subprocess.Popen([sys.executable, "-c", code, blank_db_url], stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    failures = [p.stderr.read().decode() for p in processes if p.wait() != 0 and p.stderr]
    assert failures == []
    engine = make_engine(blank_db_url)
    try:
        with engine.connect() as connection:
            countries = connection.scalar(sa.text("SELECT count(*) FROM countries"))
            distinct = connection.scalar(sa.text("SELECT count(DISTINCT iso3) FROM countries"))
        assert countries == distinct >= 249
    finally:
        engine.dispose()


def test_a_database_newer_than_kb_is_refused_untouched(engine: sa.Engine, db_url: str) -> None:
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = 'f00d'"))
    with pytest.raises(KbError, match=r"revision f00d, newer than this kb .*upgrade kb"):
        open_database(db_url)
    assert current_revision(engine) == "f00d"
