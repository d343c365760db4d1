"""Run kb's benchmarks and print one table of figures against their targets and floors.

    python bench/run.py                       # full run: 1k/10k/100k ingest, 1M-event queries
    python bench/run.py --quick               # a routine check, well under two minutes
    python bench/run.py --db sqlite --only extraction queries

Each figure is the median of several runs; the table also goes to bench/results/latest.json
(with every run, the query plans and the machine) and bench/results/latest.txt.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import sys
import time
import traceback
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import extraction, ingest, queries, report, startup
from bench.databases import BACKENDS, Databases
from bench.measure import RESULTS, Figure

SECTIONS = ("extraction", "ingest", "queries", "startup")


@dataclass(frozen=True)
class Plan:
    """How much work each section does: the full run, or the quick routine check."""

    extract_articles: int
    extract_repeats: int
    memory_articles: int
    ingest_sizes: dict[int, int]  # corpus size → runs
    store_sizes: dict[int, int]
    query_events: int
    query_runs: int
    startup_repeats: int


FULL = Plan(
    extract_articles=1_000,
    extract_repeats=5,
    memory_articles=10_000,
    ingest_sizes={1_000: 3, 10_000: 3, 100_000: 1},
    store_sizes={1_000: 3, 10_000: 1},
    query_events=1_000_000,
    query_runs=50,
    startup_repeats=10,
)
QUICK = Plan(
    extract_articles=100,
    extract_repeats=3,
    memory_articles=300,
    ingest_sizes={100: 3},
    store_sizes={100: 1},
    query_events=20_000,
    query_runs=30,
    startup_repeats=5,
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Measure kb's speed and memory against targets and floors."
    )
    parser.add_argument("--quick", action="store_true", help="small sizes: a routine check")
    parser.add_argument(
        "--db", choices=("sqlite", "postgresql", "both"), default="both", help="databases to use"
    )
    parser.add_argument(
        "--only", nargs="+", choices=(*SECTIONS, "start-up"), metavar="SECTION",
        help=f"run only these sections ({', '.join(SECTIONS)})",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=0, help="corpus and database seed")
    parser.add_argument(
        "--ingest-sizes", help="comma-separated corpus sizes for the ingest section"
    )
    parser.add_argument("--events", type=int, help="events in the query benchmark's database")
    parser.add_argument(
        "--output", type=Path, default=RESULTS / "latest.json", help="where to write the JSON"
    )
    parser.add_argument("--no-plans", action="store_true", help="do not print query plans")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    plan = QUICK if args.quick else FULL
    if args.ingest_sizes:
        sizes = [int(s) for s in args.ingest_sizes.split(",") if s.strip()]
        runs = 1 if max(sizes) > 10_000 else 3
        plan = Plan(**{**plan.__dict__, "ingest_sizes": {s: runs for s in sizes},
                       "store_sizes": {s: 1 for s in sizes if s <= 10_000}})  # fmt: skip
    if args.events:
        plan = Plan(**{**plan.__dict__, "query_events": args.events})
    wanted = {("startup" if s == "start-up" else s) for s in (args.only or SECTIONS)}
    backends = list(BACKENDS) if args.db == "both" else [args.db]

    started = time.perf_counter()
    figures: list[Figure] = []
    plans: dict[str, Any] = {}
    errors = 0
    with Databases() as databases:
        pg_down = databases.postgres_down() if "postgresql" in backends else None
        if pg_down:
            print(f"note: PostgreSQL is down ({pg_down}); its sections are skipped", flush=True)
        steps = {
            "extraction": lambda: extraction.run(
                plan.extract_articles, plan.extract_repeats, plan.memory_articles, args.seed
            ),
            "ingest": lambda: ingest.run(
                databases, backends, plan.ingest_sizes, plan.store_sizes, args.seed
            ),
            "queries": lambda: queries.run(
                databases, backends, plan.query_events, plan.query_runs, plans, args.seed
            ),
            "startup": lambda: startup.run(databases, plan.startup_repeats, args.seed),
        }
        for name in SECTIONS:
            if name not in wanted:
                continue
            print(f"... {name}", file=sys.stderr, flush=True)
            section_started = time.perf_counter()
            try:
                figures += steps[name]()
            except Exception as exc:
                errors += 1
                traceback.print_exc()
                reason = (
                    f"error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
                )
                figures.append(Figure(name, "(section failed)", None, "", note=reason))
            took = time.perf_counter() - section_started
            print(f"... {name} took {took:.0f} s", file=sys.stderr, flush=True)

    elapsed = time.perf_counter() - started
    meta = _meta(args, plan, backends, elapsed)
    if plans and not args.no_plans:
        print("Query plans (kb's statements, then the hand-written floor's):")
        print(report.plans_text(plans))
        print()
    text = report.table(figures)
    heading = (
        f"kb benchmarks ({'quick' if args.quick else 'full'} run, {meta['cpus']} CPUs, "
        f"{elapsed:.0f} s; value = median of runs; x floor = cost relative to the floor)"
    )
    print(heading)
    print(text)
    report.write_json(args.output, meta, figures, plans)
    args.output.with_suffix(".txt").write_text(heading + "\n" + text + "\n", encoding="utf-8")
    print(f"\nwritten: {_shown(args.output)} and {_shown(args.output.with_suffix('.txt'))}")
    return 1 if errors else 0


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _meta(args: argparse.Namespace, plan: Plan, backends: list[str], elapsed: float) -> dict:
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "mode": "quick" if args.quick else "full",
        "seconds": round(elapsed, 1),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "machine": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "databases": backends,
        "seed": args.seed,
        "plan": dict(plan.__dict__),
    }


if __name__ == "__main__":
    raise SystemExit(main())
