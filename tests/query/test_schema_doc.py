"""docs/schema.md: every table and view is described, and every example query runs."""

from __future__ import annotations

import re
from pathlib import Path

import sqlalchemy as sa
from story import Story

from kb.db.models import Base
from kb.query.readonly_sql import run_readonly_sql

DOC = Path(__file__).resolve().parents[2] / "docs" / "schema.md"


def examples() -> list[tuple[str, str]]:
    """(dialect, sql) per ```sql block; "sqlite"/"postgresql" when the line before names one."""
    text = DOC.read_text(encoding="utf-8")
    found = []
    for match in re.finditer(r"([^\n]*)\n\n```sql\n(.*?)```", text, re.DOTALL):
        lead = match.group(1)
        dialect = (
            "sqlite"
            if lead.startswith("Agreements by year — SQLite")
            else "postgresql"
            if lead.startswith("PostgreSQL")
            else "both"
        )
        found.append((dialect, match.group(2)))
    return found


def test_every_table_and_the_view_is_described() -> None:
    text = DOC.read_text(encoding="utf-8")
    for table in [*Base.metadata.tables, "timeline", "alembic_version"]:
        assert re.search(rf"^#+ .*\b{table}\b", text, re.MULTILINE), table


def test_every_column_of_every_table_is_named() -> None:
    text = DOC.read_text(encoding="utf-8")
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            assert f"`{column.name}`" in text or f"{column.name}`" in text, (
                table.name,
                column.name,
            )


def test_the_example_queries_run_read_only(story: Story) -> None:
    dialect = sa.engine.make_url(story.url).get_backend_name()
    ran = 0
    for wanted, sql in examples():
        if wanted in ("both", dialect):
            result = run_readonly_sql(story.url, sql)
            assert result.columns, sql
            ran += 1
    assert ran >= 6


def test_the_documented_timeline_query_gives_the_defence_story(story: Story) -> None:
    sql = examples()[0][1]
    result = run_readonly_sql(story.url, sql)
    assert [row[0] for row in result.rows] == ["2019", "2020-08", "2021-06-29", "2022-06", None]
