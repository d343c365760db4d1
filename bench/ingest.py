"""Ingest: read → extract → store end to end, per database and corpus size; peak memory; the
store's write cost against plain executemany; re-ingesting an unchanged corpus."""

from __future__ import annotations

from pathlib import Path

from bench import corpus
from bench.databases import Databases
from bench.measure import (
    RESULTS,
    Figure,
    WorkerFailed,
    component_missing,
    judged,
    median,
    run_worker,
    skipped,
)

SECTION = "ingest"
TARGET_RATE = 200
TARGET_PEAK_MB = 300
TARGET_STORE_COST = 3.0
MAX_CORES = 1.0  # "on one core": extraction runs ahead in a thread, but one at a time
FLAT_RATIO = 0.8  # "flat": the largest corpus keeps at least this share of the smallest's rate


def corpus_file(size: int, seed: int = 0) -> Path:
    """The JSON Lines corpus of `size` articles, generated once and kept under bench/results/."""
    folder = RESULTS / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"corpus-s{seed}-g{corpus.GENERATOR_VERSION}-{size}.jsonl"
    if not path.exists():
        partial = path.with_suffix(".partial")
        corpus.write_jsonl(partial, size, seed)
        partial.rename(path)
    return path


def run(
    databases: Databases,
    backends: list[str],
    sizes: dict[int, int],
    store_sizes: dict[int, int],
    seed: int = 0,
) -> list[Figure]:
    """`sizes` and `store_sizes` map a corpus size to how many runs to take the median of."""
    missing = component_missing("kb.ingest.pipeline", "kb.ingest.store", "kb.extract.pipeline")
    if missing:
        return [skipped(SECTION, "articles/s", f"{missing} not available yet")]
    figures: list[Figure] = []
    for backend in backends:
        if backend == "postgresql" and (why := databases.postgres_down()):
            figures.append(skipped(SECTION, "articles/s", f"PostgreSQL down ({why})", backend))
            continue
        try:
            figures += _end_to_end(databases, backend, sizes, seed)
            figures += _store_cost(databases, backend, store_sizes, seed)
        except WorkerFailed as exc:
            figures.append(skipped(SECTION, "articles/s", str(exc), backend))
    return figures


def _end_to_end(
    databases: Databases, backend: str, sizes: dict[int, int], seed: int
) -> list[Figure]:
    figures: list[Figure] = []
    rates: dict[int, float] = {}
    last_reingest: tuple[int, list[float], list[float]] | None = None
    for size, repeats in sorted(sizes.items()):
        path = corpus_file(size, seed)
        results = []
        for _ in range(repeats):
            url = databases.new_migrated(backend, f"ingest{size}")
            try:
                results.append(
                    run_worker("ingest", {"url": url, "corpus_path": str(path), "reingest": True})
                )
            finally:
                databases.drop(url)
        failed = results[0]["summary"]["failed"]
        runs = [size / r["seconds"] for r in results]
        rates[size] = median(runs)
        note = f"{results[0]['rows']['events']:,} events stored"
        if failed:
            note += f"; {failed} articles failed, e.g. {results[0]['failures'][:1]}"
        figures.append(
            judged(
                Figure(SECTION, f"articles/s, {size:,} articles", rates[size], "articles/s",
                       db=backend, runs=runs, note=note),
                f">= {TARGET_RATE}",
                lambda v: v >= TARGET_RATE,
            )
        )  # fmt: skip
        cores = [r["cpu_seconds"] / r["seconds"] for r in results]
        figures.append(
            judged(
                Figure(SECTION, f"CPU of the ingesting process, {size:,} articles",
                       median(cores), "cores", db=backend, runs=cores,
                       note="its CPU time ÷ wall time; the database server's not counted"),
                f"<= {MAX_CORES:g} core",
                lambda v: v <= MAX_CORES,
            )
        )  # fmt: skip
        peaks = [r["peak_rss_mb"] for r in results]
        figures.append(
            judged(
                Figure(SECTION, f"peak memory, {size:,}-article ingest", median(peaks), "MB",
                       db=backend, runs=peaks,
                       note=f"RSS before ingest {results[0]['peak_rss_before_mb']:.0f} MB"),
                f"<= {TARGET_PEAK_MB} MB",
                lambda v: v <= TARGET_PEAK_MB,
            )
        )  # fmt: skip
        last_reingest = (
            size,
            [size / r["reingest_seconds"] for r in results],
            [size / r["read_hash_seconds"] for r in results],
        )
    if len(rates) > 1:
        smallest, largest = min(rates), max(rates)
        ratio = rates[largest] / rates[smallest]
        figures.append(
            judged(
                Figure(SECTION, f"rate at {largest:,} / rate at {smallest:,}", ratio, "ratio",
                       db=backend),
                f"flat (>= {FLAT_RATIO})",
                lambda v: v >= FLAT_RATIO,
            )
        )  # fmt: skip
    if last_reingest:
        size, runs, floors = last_reingest
        figures.append(
            Figure(
                SECTION,
                f"re-ingest unchanged, {size:,} articles",
                median(runs),
                "articles/s",
                db=backend,
                runs=runs,
                floor=median(floors),
                note="floor: reading the corpus and hashing each article",
            )
        )
    return figures


def _store_cost(
    databases: Databases, backend: str, sizes: dict[int, int], seed: int
) -> list[Figure]:
    figures: list[Figure] = []
    for size, repeats in sorted(sizes.items()):
        path = corpus_file(size, seed)
        results = []
        for _ in range(repeats):
            url = databases.new_migrated(backend, f"store{size}")
            floor_url = databases.new_migrated(backend, f"floor{size}")
            try:
                results.append(
                    run_worker(
                        "store",
                        {"url": url, "floor_url": floor_url, "corpus_path": str(path)},
                    )
                )
            finally:
                databases.drop(url)
                databases.drop(floor_url)
        store_ms = [1000 * r["store_seconds"] / r["articles"] for r in results]
        floor_ms = [1000 * r["floor_seconds"] / r["articles"] for r in results]
        extract_ms = [1000 * r["extract_seconds"] / r["articles"] for r in results]
        rows = results[0]["floor_rows"]
        floor = median(floor_ms)
        figures.append(
            judged(
                Figure(
                    SECTION,
                    f"store write time per article, {size:,} articles",
                    median(store_ms),
                    "ms",
                    db=backend,
                    runs=store_ms,
                    floor=floor,
                    note=(
                        f"{rows:,} rows; floor: the same rows by plain executemany, one "
                        f"transaction; extraction {median(extract_ms):.1f} ms/article"
                    ),
                ),
                f"<= {TARGET_STORE_COST:g}x floor",
                lambda v, f=floor: v <= TARGET_STORE_COST * f,
            )
        )
    return figures
