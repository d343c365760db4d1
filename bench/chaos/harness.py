"""Running `kb` as production does (a separate process) and hurting it: start, watch, SIGKILL.

Shared by the chaos campaigns and tests/reliability: a campaign is the same code as its test with
more trials.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def kb_executable() -> list[str]:
    """The `kb` of this checkout's venv (falls back to `python -m kb`)."""
    beside = Path(sys.executable).with_name("kb")
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "kb"]


def kb(
    url: str, *args: str, timeout: float = 600, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `kb --db URL ARGS…` to the end; stdout and stderr captured."""
    return subprocess.run(
        [*kb_executable(), "--db", url, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        cwd=REPO,
    )


def start_kb(url: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """Start `kb --db URL ARGS…` in the background (its own process group)."""
    return subprocess.Popen(
        [*kb_executable(), "--db", url, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=REPO,
        start_new_session=True,
    )


def sigkill(process: subprocess.Popen[str]) -> bool:
    """SIGKILL the process if it still runs; True when it was killed (not finished already)."""
    if process.poll() is not None:
        process.communicate()
        return False
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
    return True


def wait_for(condition: Callable[[], bool], process: subprocess.Popen[str], timeout: float) -> bool:
    """Poll `condition` until it holds (True), the process ends or `timeout` passes (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            if condition():
                return True
        except Exception:  # the database may be mid-creation; ask again
            pass
        time.sleep(0.02)
    return False


def scalar(url: str, sql: str) -> int:
    """One integer from the database (0 when the table does not exist yet)."""
    from bench.chaos.invariants import engine_for

    engine = engine_for(url)
    try:
        with engine.connect() as connection:
            return int(connection.exec_driver_sql(sql).scalar() or 0)
    except Exception:
        return 0
    finally:
        engine.dispose()


def peak_rss_mb() -> float:
    """The largest resident set of this process's finished children, in MB (Linux: KiB units)."""
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


@dataclass
class Figures:
    """What a campaign reports: trials, inputs, failures (each with what went wrong), time."""

    campaign: str
    backend: str = "-"
    trials: int = 0
    inputs: int = 0
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    seconds: float = 0.0

    def fail(self, message: str) -> None:
        self.failures.append(message)

    def done(self) -> Figures:
        self.seconds = time.monotonic() - self.started
        return self

    def line(self) -> str:
        verdict = "ok" if not self.failures else f"{len(self.failures)} FAILURES"
        text = (
            f"{self.campaign:<14} {self.backend:<10} trials={self.trials:<5} "
            f"inputs={self.inputs:<7} failures={len(self.failures):<3} "
            f"time={self.seconds:6.1f}s  {verdict}"
        )
        for note in self.notes:
            text += f"\n    {note}"
        for failure in self.failures[:10]:
            text += f"\n    FAIL {failure}"
        return text

    def to_json(self) -> dict[str, object]:
        return {
            "campaign": self.campaign,
            "backend": self.backend,
            "trials": self.trials,
            "inputs": self.inputs,
            "failures": self.failures,
            "notes": self.notes,
            "seconds": round(self.seconds, 1),
        }
