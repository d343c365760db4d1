"""Run every chaos campaign and print its figures (trials, inputs, failures, wall time).

    python bench/chaos/run.py            # the full campaigns (about an hour)
    python bench/chaos/run.py --quick    # a few minutes
    python bench/chaos/run.py --only crash fuzz --json

Each campaign is also a script of its own (crash.py, concurrency.py, fuzz.py, sql.py,
network.py, dbfaults.py) with its own options.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.chaos import concurrency, crash, dbfaults, fuzz, network, sql

CAMPAIGNS = ("crash", "concurrency", "fuzz", "sql", "network", "dbfaults")


def run(name: str, quick: bool) -> list:  # type: ignore[type-arg]
    if name == "crash":
        return crash.run("both", 10 if quick else 50, 400 if quick else 2000, 8)
    if name == "concurrency":
        return concurrency.run(
            "both", 1 if quick else 3, 300 if quick else 1000, 3 if quick else 10, 4
        )
    if name == "fuzz":
        return [fuzz.run(300 if quick else 3000, 8, big=not quick)]
    if name == "sql":
        return sql.run("both")
    if name == "network":
        return network.run("both", 1 if quick else 5, 8)
    if name == "dbfaults":
        return [
            dbfaults.postgres_restarts(2 if quick else 10, 400 if quick else 600, 8),
            dbfaults.disk_full(1 if quick else 3, 400 if quick else 600, 8),
        ]
    raise ValueError(name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", nargs="+", choices=CAMPAIGNS, default=list(CAMPAIGNS))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    started = time.monotonic()
    failed = False
    for name in args.only:
        for figures in run(name, args.quick):
            failed = failed or bool(figures.failures)
            print(json.dumps(figures.to_json()) if args.json else figures.line(), flush=True)
    if not args.json:
        print(
            f"all campaigns: {time.monotonic() - started:.0f} s, {'FAILURES' if failed else 'ok'}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
