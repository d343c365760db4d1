"""Crash campaign: SIGKILL `kb ingest` at random moments, restart it, and prove nothing is lost.

A round ingests a generated corpus into a blank database (so early kills land in the migration
too), kills the process at a random moment — sometimes during start-up, mostly once it has stored
something — checks the database, and starts it again, until an ingest runs to its end. After
every kill: no orphan rows, and each stored article carries exactly the mentions a clean ingest
gives it. At the end of a round: the database equals a clean single ingest of the corpus (same
snapshot, see invariants.py), and ingest_runs shows each killed run as 'interrupted'.

    python bench/chaos/crash.py --trials 50 --articles 2000          # both databases
    python bench/chaos/crash.py --quick --backend sqlite
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.chaos import invariants
from bench.chaos.harness import Figures, kb, scalar, sigkill, start_kb, wait_for

STARTUP_SHARE = 0.2  # share of kills aimed at start-up (imports, connection, migration)


def reference_snapshot(url: str, corpus: Path) -> invariants.Snapshot:
    """The snapshot of one clean, uninterrupted ingest of `corpus` into the blank `url`."""
    done = kb(url, "ingest", str(corpus), "--quiet")
    if done.returncode != 0:
        raise RuntimeError(f"reference ingest failed: {done.stderr.strip()}")
    return invariants.snapshot(url)


def crash_rounds(
    new_database: Callable[[], str],
    corpus: Path,
    reference: invariants.Snapshot,
    trials: int,
    figures: Figures,
    rng: random.Random,
) -> None:
    """`trials` SIGKILLs spread over as many rounds as it takes; failures go to `figures`."""
    url = new_database()
    round_kills = 0
    registered = 0  # kills that hit a run already recorded in ingest_runs
    while figures.trials < trials:
        articles_before = scalar(url, "SELECT count(*) FROM articles")
        runs_before = scalar(url, "SELECT coalesce(max(id), 0) FROM ingest_runs")
        process = start_kb(url, "ingest", str(corpus), "--quiet")
        if rng.random() < STARTUP_SHARE:
            time.sleep(rng.uniform(0.0, 1.5))
        else:
            wait_for(
                lambda u=url, n=articles_before: scalar(u, "SELECT count(*) FROM articles") > n,
                process,
                timeout=120,
            )
            time.sleep(rng.uniform(0.0, 0.6))
        if not sigkill(process):  # it finished first: the round is over
            _check_round_end(url, process.returncode, reference, round_kills, registered, figures)
            url, round_kills, registered = new_database(), 0, 0
            continue
        figures.trials += 1
        round_kills += 1
        # A run recorded and still 'running' must later read 'interrupted'; a kill can also land
        # after the run has recorded its end, while the process is exiting.
        registered += (
            scalar(
                url,
                f"SELECT count(*) FROM ingest_runs WHERE id > {runs_before} AND status = 'running'",
            )
            > 0
        )
        _check_after_kill(url, reference, figures)

    finish = kb(url, "ingest", str(corpus), "--quiet")
    _check_round_end(url, finish.returncode, reference, round_kills, registered, figures)


# Migrations commit their tables and the version row together, so a version row means a schema.
_SCHEMA_PRESENT = "SELECT count(*) FROM alembic_version"


def _check_after_kill(url: str, reference: invariants.Snapshot, figures: Figures) -> None:
    if not scalar(url, _SCHEMA_PRESENT):
        # Killed before the first migration committed: nothing stored, nothing to check.
        figures.notes.append(f"trial {figures.trials}: killed before the schema existed")
        return
    found = invariants.orphans(url)
    if found:
        figures.fail(f"trial {figures.trials}: orphans after SIGKILL: {found}")
    partial = invariants.snapshot(url)
    figures.inputs = max(figures.inputs, len(partial.per_article))
    broken = invariants.incomplete_articles(partial, reference)
    if broken:
        figures.fail(f"trial {figures.trials}: {len(broken)} stored articles incomplete")


def _check_round_end(
    url: str,
    returncode: int | None,
    reference: invariants.Snapshot,
    kills: int,
    registered: int,
    figures: Figures,
) -> None:
    if returncode != 0:
        figures.fail(f"the ingest after {kills} kills exited {returncode}")
    final = invariants.snapshot(url)
    differences = final.differences(reference)
    if differences:
        figures.fail(f"after {kills} kills the database differs from a clean ingest: {differences}")
    found = invariants.orphans(url)
    if found:
        figures.fail(f"orphans at the end of a round: {found}")
    statuses = [status for _, status, _ in invariants.runs(url)]
    interrupted = statuses.count("interrupted")
    if "running" in statuses or not statuses or statuses[-1] != "ok":
        figures.fail(f"run log after {kills} kills: {statuses}")
    elif interrupted != registered:
        figures.fail(f"{registered} killed runs were recorded but {interrupted} say interrupted")
    figures.notes.append(
        f"round: {kills} kills, {interrupted} runs logged 'interrupted', final ingest ok"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--quick", action="store_true", help="10 kills over 400 articles")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.trials, args.articles = 10, 400
    figures = run(args.backend, args.trials, args.articles, args.seed)
    for item in figures:
        print(json.dumps(item.to_json()) if args.json else item.line())
    return 1 if any(f.failures for f in figures) else 0


def run(backend: str, trials: int, articles: int, seed: int) -> list[Figures]:
    from bench.corpus import write_jsonl
    from bench.databases import Databases

    out = []
    with Databases() as databases:
        corpus = write_jsonl(databases.scratch / "corpus.jsonl", articles, seed=seed)
        backends = ("sqlite", "postgresql") if backend == "both" else (backend,)
        for name in backends:
            figures = Figures("crash", name)
            if name == "postgresql" and databases.postgres_down():
                figures.notes.append(f"skipped: {databases.postgres_down()}")
                out.append(figures.done())
                continue
            reference = reference_snapshot(databases.new(name, "reference"), corpus)
            figures.notes.append(
                f"corpus: {articles} articles -> {reference.counts['events']} events, "
                f"{reference.counts['agreements']} agreements, "
                f"{reference.counts['officials']} officials"
            )
            crash_rounds(
                lambda n=name: databases.new(n, "crash"),
                corpus,
                reference,
                trials,
                figures,
                random.Random(seed),
            )
            figures.inputs = articles
            out.append(figures.done())
    return out


if __name__ == "__main__":
    raise SystemExit(main())
