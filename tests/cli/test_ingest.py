"""`kb ingest` end to end, as a user runs it: real files, the real extractor, both databases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

GOOD_TEXT = (
    "Title: Japan and Pakistan hold staff talks\n"
    "Published: 2022-03-02\n"
    "\n"
    "Pakistan and Japan held defence staff talks in Tokyo on Tuesday.\n"
)
GOOD_JSONL_LINE = json.dumps(
    {
        "title": "Envoy meets army chief",
        "text": "The Japanese ambassador met Pakistan's army chief in Rawalpindi on Monday.",
        "published": "2023-05-08",
        "url": "https://news.example/envoy-meets-army-chief",
    }
)


def kb(db_url: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KB_DATABASE_URL": db_url}
    return subprocess.run(
        [sys.executable, "-m", "kb", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
    )


def scalar(db_url: str, sql: str) -> object:
    from kb.db.engine import make_engine

    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text(sql)).scalar()
    finally:
        engine.dispose()


@pytest.fixture
def good_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "good"
    folder.mkdir()
    (folder / "talks.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (folder / "wire.jsonl").write_text(GOOD_JSONL_LINE + "\n", encoding="utf-8")
    return folder


def test_bad_items_are_named_skipped_and_make_the_exit_code_1(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "junk.txt").write_bytes(bytes(range(256)) * 16)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.json").write_text('{"title": "x", "text": ', encoding="utf-8")
    (folder / "mixed.jsonl").write_text(GOOD_JSONL_LINE + "\n{oops\n", encoding="utf-8")
    (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")

    result = kb(db_url, "ingest", str(folder), cwd=tmp_path)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    for name in ("junk.txt", "empty.txt", "broken.json", "mixed.jsonl:2"):
        assert f"kb: {folder / name}" in result.stderr, (name, result.stderr)
    assert "mixed.jsonl:1" not in result.stderr
    titles = "'Envoy meets army chief', 'Japan and Pakistan hold staff talks'"
    assert scalar(db_url, f"SELECT count(*) FROM articles WHERE title IN ({titles})") == 2
    assert "2 new" in result.stdout and "4 failed" in result.stdout
    assert scalar(db_url, "SELECT count(*) FROM ingest_errors") == 4
    assert scalar(db_url, "SELECT status FROM ingest_runs") == "failed"


def test_a_second_ingest_of_the_same_files_reports_them_unchanged(
    db_url: str, good_folder: Path, tmp_path: Path
) -> None:
    first = kb(db_url, "ingest", str(good_folder), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("ingested 2 articles: 2 new, 0 updated, 0 unchanged, 0 failed;")
    events = scalar(db_url, "SELECT count(*) FROM events")

    second = kb(db_url, "ingest", str(good_folder), "--json", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    summary = json.loads(second.stdout)
    assert (summary["seen"], summary["unchanged"], summary["new"]) == (2, 2, 0)
    assert summary["status"] == "ok" and summary["run_id"] == 2
    assert scalar(db_url, "SELECT count(*) FROM events") == events
    assert scalar(db_url, "SELECT count(*) FROM ingest_runs WHERE status = 'ok'") == 2


def test_dry_run_reports_without_writing(db_url: str, good_folder: Path, tmp_path: Path) -> None:
    result = kb(db_url, "ingest", str(good_folder), "--dry-run", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["dry_run"] is True and summary["new"] == 2
    assert summary["events"] >= 1
    assert scalar(db_url, "SELECT count(*) FROM articles") == 0
    assert scalar(db_url, "SELECT count(*) FROM ingest_runs") == 0


def test_published_and_outlet_fill_in_for_articles_without_them(
    db_url: str, tmp_path: Path
) -> None:
    story = tmp_path / "plain.txt"
    story.write_text("Pakistan and Japan signed a defence accord on Tuesday.\n", encoding="utf-8")
    result = kb(
        db_url, "ingest", str(story), "--published", "2019-06-19", "--outlet", "Desk", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert str(scalar(db_url, "SELECT published FROM articles")) == "2019-06-19"
    assert scalar(db_url, "SELECT outlet FROM articles") == "Desk"


def test_a_malformed_published_date_is_a_usage_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kb.sqlite'}"
    result = kb(url, "ingest", str(tmp_path), "--published", "someday", cwd=tmp_path)
    assert result.returncode == 2
    assert "--published" in result.stderr and "Traceback" not in result.stderr
