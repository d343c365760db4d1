"""Start-up: wall time of `kb --help` and of `kb timeline` on a small database, as a user runs
them (a new process each time, the installed `kb` script)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from bench import eventdb
from bench.databases import Databases
from bench.measure import Figure, judged, median, skipped

SECTION = "start-up"
TARGET_HELP_SECONDS = 0.3
SMALL_DATABASE_EVENTS = 2_000


def kb_command() -> list[str]:
    """The `kb` console script next to this Python, else `python -m kb`."""
    script = Path(sys.executable).with_name("kb")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kb"]


def wall_times(argv: list[str], repeats: int) -> list[float]:
    """Seconds per run of `argv`, after one untimed run (so the OS file cache is warm)."""
    env = {**os.environ, "NO_COLOR": "1"}
    times = []
    for n in range(repeats + 1):
        started = time.perf_counter()
        proc = subprocess.run(argv, capture_output=True, env=env)
        elapsed = time.perf_counter() - started
        if proc.returncode != 0:
            why = (proc.stderr.decode(errors="replace").strip().splitlines() or ["?"])[-1]
            raise RuntimeError(f"{' '.join(argv[-3:])} exited {proc.returncode}: {why}")
        if n:
            times.append(elapsed)
    return times


def run(databases: Databases, repeats: int, seed: int = 0) -> list[Figure]:
    kb = kb_command()
    figures = []
    try:
        runs = wall_times([*kb, "--help"], repeats)
        figures.append(
            judged(
                Figure(SECTION, "kb --help", median(runs), "s", runs=runs),
                f"<= {TARGET_HELP_SECONDS} s",
                lambda v: v <= TARGET_HELP_SECONDS,
            )
        )
    except RuntimeError as exc:
        figures.append(skipped(SECTION, "kb --help", str(exc)))

    if subprocess.run([*kb, "timeline", "--help"], capture_output=True).returncode != 0:
        figures.append(skipped(SECTION, "kb timeline", "kb timeline not available yet"))
        return figures
    url = databases.new("sqlite", "startup")
    eventdb.build(url, SMALL_DATABASE_EVENTS, seed)
    try:
        runs = wall_times([*kb, "--db", url, "timeline", "Pakistan", "China"], repeats)
        figures.append(
            Figure(
                SECTION,
                f"kb timeline Pakistan China ({SMALL_DATABASE_EVENTS:,} events)",
                median(runs),
                "s",
                db="sqlite",
                runs=runs,
            )
        )
    except RuntimeError as exc:
        figures.append(skipped(SECTION, "kb timeline", str(exc), "sqlite"))
    finally:
        databases.drop(url)
    return figures
