"""Figures, their targets, and the small statistics and process plumbing every section shares.

A `Figure` is one line of the results table: a value (the median of its runs), the runs
themselves, and the target it is judged against, so the JSON keeps everything needed to
re-check a claim.
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import resource
import statistics
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"


@dataclass
class Figure:
    """One measured figure: `value` is the median of `runs` unless said otherwise in `note`."""

    section: str
    name: str
    value: float | None
    unit: str
    db: str = ""
    runs: list[float] = field(default_factory=list)
    floor: float | None = None  # the same work done the fastest plain way, in the same unit
    target: str = ""
    ok: bool | None = None  # None: no target, or not judged (skipped)
    note: str = ""

    @property
    def cost_vs_floor(self) -> float | None:
        """How many times the floor's cost this figure's cost is (rates and times alike)."""
        if self.value is None or self.floor is None or not self.value or not self.floor:
            return None
        return self.floor / self.value if self.unit.endswith("/s") else self.value / self.floor

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "cost_vs_floor": self.cost_vs_floor}


def skipped(section: str, name: str, why: str, db: str = "") -> Figure:
    return Figure(section, name, None, "", db=db, note=f"skipped: {why}")


def judged(figure: Figure, target: str, passes: Callable[[float], bool] | None = None) -> Figure:
    """The figure with its target text and, when a value exists, whether it meets it."""
    figure.target = target
    if passes is not None and figure.value is not None:
        figure.ok = passes(figure.value)
    return figure


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile: the value below which `pct` percent of the runs fall."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def component_missing(*modules: str) -> str | None:
    """The first of `modules` that cannot be imported yet (other engineers' work in progress)."""
    for module in modules:
        try:
            if importlib.util.find_spec(module) is None:
                return module
        except ModuleNotFoundError:
            return module
    return None


def run_worker(task: str, args: dict[str, Any], timeout: float | None = None) -> dict[str, Any]:
    """Run `bench.worker TASK` in a fresh Python process and return the JSON it prints.

    A fresh process per measurement keeps peak memory honest (nothing left over from earlier
    sections) and keeps one run's caches from flattering the next.
    """
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-m", "bench.worker", task, json.dumps(args)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise WorkerFailed(f"{task} worker failed: {tail}", proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


class WorkerFailed(RuntimeError):
    def __init__(self, message: str, stderr: str) -> None:
        super().__init__(message)
        self.stderr = stderr
