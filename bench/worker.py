"""One measurement in a fresh process: `python -m bench.worker TASK 'JSON ARGS'` prints JSON.

run.py starts one of these per run, so each run's peak memory (`ru_maxrss`) is its own and no
cache carries over from the previous run. Tasks:

- extract: extraction words/s, the regex floor, and peak memory while streaming more articles;
- ingest: read → extract → store a corpus file end to end, then re-ingest it unchanged;
- store: the store alone on pre-extracted articles, then the executemany floor for its rows.
"""

from __future__ import annotations

import json
import re
import sys
import time
from typing import Any

from bench import corpus
from bench.measure import peak_rss_mb

WORD = re.compile(r"\w+")


def article_text(article: Any) -> str:
    return "\n".join((article.title, article.title_ur, article.text_en, article.text_ur))


def extract_task(count: int, seed: int, repeats: int, memory_count: int) -> dict[str, Any]:
    from kb.extract.pipeline import extract

    articles = list(corpus.articles(count, seed))
    texts = [article_text(a) for a in articles]
    words = sum(len(WORD.findall(t)) for t in texts)
    for article in articles[:20]:  # load lexicons and warm caches outside the timed runs
        extract(article)

    extract_runs, extract_cpu, floor_runs = [], [], []
    for _ in range(repeats):
        started, cpu = time.perf_counter(), time.process_time()
        for article in articles:
            extract(article)
        extract_runs.append(time.perf_counter() - started)
        extract_cpu.append(time.process_time() - cpu)
        started = time.perf_counter()
        for text in texts:
            WORD.findall(text)
        floor_runs.append(time.perf_counter() - started)

    # Memory: stream articles not seen yet and watch the peak; flat means nothing accumulates.
    samples = [peak_rss_mb()]
    quarter = max(1, memory_count // 4)
    for n, article in enumerate(corpus.articles(memory_count, seed, start=count), start=1):
        extract(article)
        if n % quarter == 0:
            samples.append(peak_rss_mb())
    return {
        "articles": count,
        "words": words,
        "extract_seconds": extract_runs,
        "extract_cpu_seconds": extract_cpu,
        "floor_seconds": floor_runs,
        "memory_articles": memory_count,
        "peak_rss_mb": samples,
    }


def ingest_task(url: str, corpus_path: str, reingest: bool) -> dict[str, Any]:
    from kb.db.engine import open_database
    from kb.ingest.pipeline import ingest_items
    from kb.ingest.readers.files import read_paths

    engine = open_database(url)
    rss_before = peak_rss_mb()
    started, cpu = time.perf_counter(), time.process_time()
    summary = ingest_items(engine, read_paths([corpus_path]))
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu
    rss_after = peak_rss_mb()
    result: dict[str, Any] = {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "summary": {k: v for k, v in summary.to_json().items() if k != "failures"},
        "failures": summary.to_json()["failures"][:3],
        "peak_rss_before_mb": rss_before,
        "peak_rss_mb": rss_after,
    }
    if reingest:
        # What re-ingesting should cost little more than: reading the corpus and hashing it.
        started = time.perf_counter()
        for item in read_paths([corpus_path]):
            getattr(item, "content_hash", None)
        result["read_hash_seconds"] = time.perf_counter() - started
        started = time.perf_counter()
        again = ingest_items(engine, read_paths([corpus_path]))
        result["reingest_seconds"] = time.perf_counter() - started
        result["reingest_summary"] = {k: v for k, v in again.to_json().items() if k != "failures"}
    result["rows"] = _row_counts(engine)
    engine.dispose()
    return result


def store_task(url: str, floor_url: str, corpus_path: str) -> dict[str, Any]:
    from bench.floor import copy_rows
    from kb.db.engine import open_database
    from kb.extract.pipeline import extract
    from kb.ingest.readers.files import read_paths
    from kb.ingest.store import Store

    engine = open_database(url)
    open_database(floor_url).dispose()
    started = time.perf_counter()
    articles = [item for item in read_paths([corpus_path]) if hasattr(item, "content_hash")]
    read_seconds = time.perf_counter() - started
    started = time.perf_counter()
    extractions = [extract(article) for article in articles]
    extract_seconds = time.perf_counter() - started

    store = Store(engine)
    started = time.perf_counter()
    for article, extraction in zip(articles, extractions, strict=True):
        store.store(article, extraction)
    store_seconds = time.perf_counter() - started
    engine.dispose()

    floor = copy_rows(url, floor_url)
    return {
        "articles": len(articles),
        "read_seconds": read_seconds,
        "extract_seconds": extract_seconds,
        "store_seconds": store_seconds,
        "floor_seconds": floor.seconds,
        "floor_rows": floor.rows,
        "floor_tables": floor.tables,
    }


def _row_counts(engine: Any) -> dict[str, int]:
    from sqlalchemy import text

    tables = ("articles", "events", "event_mentions", "agreements", "officials")
    with engine.connect() as connection:
        return {t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in tables}


TASKS = {"extract": extract_task, "ingest": ingest_task, "store": store_task}


def main(argv: list[str]) -> int:
    task, args = argv[0], json.loads(argv[1])
    print(json.dumps(TASKS[task](**args)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
