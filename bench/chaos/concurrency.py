"""Concurrency campaign: several `kb ingest` processes over overlapping corpora at once, and two
`kb sync` started together.

Ingest: the corpus is cut into overlapping slices (each article in one to three slices), one
process per slice, all started together — 4 on PostgreSQL, 2 on SQLite. Every process must exit
0 with no failed item (a deadlock or lost race that was not retried would fail an item), the
database must hold no orphan and no duplicate, and its snapshot (every fused event, agreement and
official with its mentions, without ids) must equal one sequential ingest of the union *in the
order the concurrent writers committed* (article ids give that order: an article's id is drawn
after its transaction holds the locks of every fusion key it touches).

Why that order: kb's fusion depends on arrival order (a fused event keeps the first report's
event type; an undated report joins a dated event only through the same sentence), so two
sequential ingests of one corpus in different orders already differ; `order_sensitivity` measures
by how much. Replaying the commit order leaves only what concurrency itself could break.

Sync: a folder source gains new files, then two `kb sync` start together: one runs, the other
exits 3 ("already running"), and every file is ingested exactly once.

    python bench/chaos/concurrency.py --trials 10
    python bench/chaos/concurrency.py --quick
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.chaos import invariants
from bench.chaos.harness import Figures, kb, scalar, start_kb

PROCESSES = {"sqlite": 2, "postgresql": 4}


def write_slices(folder: Path, articles: int, processes: int, seed: int) -> tuple[Path, list[Path]]:
    """The union corpus and `processes` overlapping slices of it, each in its own order.

    Slice i takes a window of the corpus; neighbouring windows overlap by half, and every slice
    but the first is shuffled-by-rotation, so the processes meet the same articles at
    different times.
    """
    from bench.corpus import articles as generate
    from bench.corpus import to_json

    folder.mkdir(parents=True, exist_ok=True)
    items = [json.dumps(to_json(a), ensure_ascii=False) for a in generate(articles, seed)]
    union = folder / "union.jsonl"
    union.write_text("\n".join(items) + "\n", encoding="utf-8")
    window = max(1, (2 * articles) // (processes + 1))
    step = max(1, window // 2)
    slices = []
    for index in range(processes):
        start = index * step
        part = items[start : start + window] if index < processes - 1 else items[start:]
        rotate = (index * len(part)) // (processes + 1)
        part = part[rotate:] + part[:rotate]
        path = folder / f"slice-{index}.jsonl"
        path.write_text("\n".join(part) + "\n", encoding="utf-8")
        slices.append(path)
    return union, slices


def concurrent_ingest(url: str, slices: list[Path], figures: Figures) -> None:
    """Start one `kb ingest` per slice at once; each must end 0 with no failed item."""
    processes = [start_kb(url, "ingest", str(path), "--quiet", "--json") for path in slices]
    for path, process in zip(slices, processes, strict=True):
        out, err = process.communicate(timeout=900)
        if process.returncode != 0:
            figures.fail(f"{path.name}: exit {process.returncode}: {err.strip()[-300:]}")
            continue
        summary = json.loads(out)
        if summary["failed"]:
            figures.fail(f"{path.name}: {summary['failed']} failed: {summary['failures'][:3]}")
        if "Traceback" in err:
            figures.fail(f"{path.name}: traceback on stderr")


def replay_in_commit_order(url: str, union: Path, folder: Path) -> Path:
    """The union's JSON lines re-ordered as `url` stored them (by article id)."""
    from kb.article import Article
    from kb.ingest.readers import read_paths

    lines = union.read_text(encoding="utf-8").splitlines()
    items = [i for i in read_paths([str(union)]) if isinstance(i, Article)]
    by_hash = {item.content_hash: line for item, line in zip(items, lines, strict=True)}
    engine = invariants.engine_for(url)
    try:
        with engine.connect() as connection:
            order = connection.exec_driver_sql("SELECT content_hash FROM articles ORDER BY id")
            replay = [by_hash[h] for (h,) in order]
    finally:
        engine.dispose()
    path = folder / "replay.jsonl"
    path.write_text("\n".join(replay) + "\n", encoding="utf-8")
    return path


def order_sensitivity(new_database, union: Path, folder: Path) -> list[str]:  # type: ignore[no-untyped-def]
    """How two sequential ingests of the same corpus, forwards and backwards, differ."""
    lines = union.read_text(encoding="utf-8").splitlines()
    backwards = folder / "backwards.jsonl"
    backwards.write_text("\n".join(reversed(lines)) + "\n", encoding="utf-8")
    forward_url, backward_url = new_database(), new_database()
    kb(forward_url, "ingest", str(union), "--quiet")
    kb(backward_url, "ingest", str(backwards), "--quiet")
    return invariants.snapshot(forward_url).differences(invariants.snapshot(backward_url), 2)


def check_against_sequential(
    url: str, reference: invariants.Snapshot, figures: Figures, label: str
) -> None:
    found = invariants.orphans(url)
    if found:
        figures.fail(f"{label}: orphans or duplicates: {found}")
    errors = scalar(url, "SELECT count(*) FROM ingest_errors")
    if errors:
        figures.fail(f"{label}: {errors} rows in ingest_errors")
    differences = invariants.snapshot(url).differences(reference)
    if differences:
        figures.fail(f"{label}: differs from the sequential ingest: {differences}")


def sync_lock_trials(url: str, folder: Path, trials: int, seed: int, figures: Figures) -> None:
    """Two `kb sync` at once, `trials` times, each time with 60 new files in the source folder."""
    from bench.corpus import articles as generate
    from bench.corpus import to_text

    inbox = folder / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    added = kb(url, "sources", "add", "inbox", str(inbox))
    if added.returncode != 0:
        figures.fail(f"kb sources add: {added.stderr.strip()}")
        return
    written = 0
    for trial in range(trials):
        for item in generate(60, seed + 1, start=written):
            (inbox / f"{written:06d}.txt").write_text(to_text(item), encoding="utf-8")
            written += 1
        pair = [start_kb(url, "sync", "--quiet"), start_kb(url, "sync", "--quiet")]
        outcomes = [(p.wait(600), p.communicate()[1]) for p in pair]
        codes = sorted(code for code, _ in outcomes)
        figures.trials += 1
        if codes != [0, 3]:
            figures.fail(
                f"sync trial {trial}: exit codes {codes}: {[e[-200:] for _, e in outcomes]}"
            )
        elif "already running" not in next(err for code, err in outcomes if code == 3):
            figures.fail(f"sync trial {trial}: the loser did not say 'already running'")
        stored = scalar(url, "SELECT count(*) FROM articles")
        if stored != written:
            figures.fail(f"sync trial {trial}: {stored} articles stored for {written} files")
    found = invariants.orphans(url)
    if found:
        figures.fail(f"sync: orphans or duplicates: {found}")


def run(backend: str, trials: int, articles: int, sync_trials: int, seed: int) -> list[Figures]:
    from bench.databases import Databases

    out = []
    with Databases() as databases:
        backends = ("sqlite", "postgresql") if backend == "both" else (backend,)
        for name in backends:
            figures = Figures("concurrency", name)
            if name == "postgresql" and databases.postgres_down():
                figures.notes.append(f"skipped: {databases.postgres_down()}")
                out.append(figures.done())
                continue
            count = PROCESSES[name]
            for trial in range(trials):
                folder = databases.scratch / f"{name}-{trial}"
                union, slices = write_slices(folder, articles, count, seed + trial)
                url = databases.new_migrated(name, "concurrent")
                started = time.monotonic()
                concurrent_ingest(url, slices, figures)
                elapsed = time.monotonic() - started
                if trial == 0:
                    differences = order_sensitivity(
                        lambda n=name: databases.new_migrated(n, "order"), union, folder
                    )
                    figures.notes.append(
                        "order sensitivity (sequential forwards vs backwards, not a failure): "
                        + ("; ".join(d[:160] for d in differences) or "none")
                    )
                replay = replay_in_commit_order(url, union, folder)
                reference_url = databases.new_migrated(name, "sequential")
                done = kb(reference_url, "ingest", str(replay), "--quiet")
                if done.returncode != 0:
                    figures.fail(f"sequential ingest failed: {done.stderr.strip()[-300:]}")
                    continue
                reference = invariants.snapshot(reference_url)
                figures.notes.append(
                    f"trial {trial}: {count} processes, {sum(_lines(s) for s in slices)} items "
                    f"({articles} distinct) in {elapsed:.1f} s; "
                    f"{reference.counts['events']} events, "
                    f"{reference.counts['agreements']} agreements, "
                    f"{reference.counts['officials']} officials"
                )
                check_against_sequential(url, reference, figures, f"trial {trial}")
                figures.trials += 1
                figures.inputs += articles
                databases.drop(reference_url)
                databases.drop(url)
            sync = Figures("sync-lock", name)
            sync_lock_trials(
                databases.new_migrated(name, "sync"),
                databases.scratch / f"{name}-sync",
                sync_trials,
                seed,
                sync,
            )
            sync.inputs = 60 * sync_trials
            out += [figures.done(), sync.done()]
    return out


def _lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--articles", type=int, default=1200)
    parser.add_argument("--sync-trials", type=int, default=10)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--quick", action="store_true", help="1 trial of 300 articles, 3 syncs")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.trials, args.articles, args.sync_trials = 1, 300, min(args.sync_trials, 3)
    figures = run(args.backend, args.trials, args.articles, args.sync_trials, args.seed)
    for item in figures:
        print(json.dumps(item.to_json()) if args.json else item.line())
    return 1 if any(f.failures for f in figures) else 0


if __name__ == "__main__":
    raise SystemExit(main())
