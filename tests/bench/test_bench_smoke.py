"""Smoke tests for bench/: the corpus generator, the generated event database, the executemany
floor, and a quick run of bench/run.py. Nothing here is timed; CI only checks that it all runs."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bench import corpus, eventdb
from bench.floor import copy_rows

REPO = Path(__file__).resolve().parents[2]


def test_the_same_seed_and_index_give_the_same_article_whatever_the_corpus_size() -> None:
    small = list(corpus.articles(5, seed=3))
    assert small == [corpus.article(i, seed=3) for i in range(5)]
    assert next(corpus.articles(1, seed=3, start=4)) == small[4]
    assert corpus.article(0, seed=4) != small[0]


def test_corpus_has_many_country_pairs_triggers_date_forms_and_urdu_items() -> None:
    items = list(corpus.articles(400))
    text = "\n".join(a.text_en for a in items)
    pairs = {a.title.split(" hold")[0].split(" agree")[0] for a in items}
    assert len(pairs) > 150
    for trigger in ("met", "held talks", "telephoned", "video conference", "visited", "signed",
                    "joint exercise", "port call", "praised", "condemned", "in aid"):  # fmt: skip
        assert trigger in text, trigger
    months = "|".join(corpus.MONTHS)
    weekdays = "|".join(corpus.WEEKDAYS)
    date_forms = (
        rf"on ({weekdays}), ({months}) \d+, \d{{4}}",
        rf"in ({months}) \d{{4}}",
        r"\bin \d{4}\b",
        r"\blast week\b",
        r"\byesterday\b",
        rf"\bon ({weekdays})\b",
    )
    for form in date_forms:
        assert re.search(form, text), form
    bilingual = [a for a in items if a.text_ur]
    assert 0.05 < len(bilingual) / len(items) < 0.3
    assert all(re.search(r"[\u0600-\u06ff]", a.text_ur) for a in bilingual)
    assert len({a.content_hash for a in items}) == len(items)


def test_corpus_files_read_back_through_kb_readers(tmp_path: Path) -> None:
    files = pytest.importorskip("kb.ingest.readers.files")
    written = list(corpus.articles(12))
    corpus.write_jsonl(tmp_path / "corpus.jsonl", 12)
    corpus.write_text_files(tmp_path / "texts", 12)
    for path in (tmp_path / "corpus.jsonl", tmp_path / "texts"):
        read = list(files.read_paths([path]))
        assert [a.title for a in read] == [a.title for a in written]
        assert [a.published for a in read] == [a.published for a in written]
        assert [bool(a.text_ur) for a in read] == [bool(a.text_ur) for a in written]


def test_generated_event_database_fits_the_schema_and_answers_kb_queries(db_url: str) -> None:
    timeline = pytest.importorskip("kb.query.timeline")
    from kb.db.engine import make_engine, reading

    stats = eventdb.build(db_url, 300, seed=1)
    assert stats.counts["events"] == 300
    assert stats.counts["event_participants"] >= 600
    assert stats.counts["agreements"] == stats.counts["agreement_mentions"] > 0
    engine = make_engine(db_url)
    try:
        with reading(engine).connect() as connection:
            rows = timeline.timeline(connection, ["Pakistan"], statuses=None)
    finally:
        engine.dispose()
    assert rows, "the most frequent country takes part in some of 300 events"


def test_floor_writes_every_row_the_source_has_that_the_target_lacks(tmp_path: Path) -> None:
    from kb.db.engine import open_database

    source, target = tmp_path / "source.sqlite", tmp_path / "target.sqlite"
    stats = eventdb.build(f"sqlite:///{source}", 200)
    open_database(f"sqlite:///{target}").dispose()
    result = copy_rows(f"sqlite:///{source}", f"sqlite:///{target}")
    assert result.rows == stats.rows
    with sqlite3.connect(target) as copied:
        for table, count in stats.counts.items():
            assert copied.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count


def test_quick_run_prints_a_table_of_figures_and_writes_json(tmp_path: Path) -> None:
    output = tmp_path / "latest.json"
    proc = subprocess.run(
        [sys.executable, "bench/run.py", "--quick", "--db", "sqlite", "--only", "extraction",
         "--output", str(output)],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "section" in proc.stdout and "words/s" in proc.stdout
    document = json.loads(output.read_text())
    assert {f["section"] for f in document["figures"]} == {"extraction"}
    speed = next(f for f in document["figures"] if f["unit"] == "words/s")
    assert speed["value"] > 0 and len(speed["runs"]) == 3 and speed["floor"] > speed["value"]
    assert output.with_suffix(".txt").read_text().count("\n") >= 3
