"""Database-fault campaign: PostgreSQL restarted under a running ingest; SQLite's disk filling up.

PostgreSQL: a private, throwaway cluster (initdb + pg_ctl on a random port in a temporary folder,
run as the `postgres` OS user) — never the shared server. An ingest is started, the cluster is
restarted (fast or immediate, i.e. crash-like) once the ingest has stored something, and then:
the ingest either carries on or stops with a one-line `kb:` error (no traceback), the database
holds no orphan and no incomplete article, and a re-run completes to the same knowledge as a
clean ingest.

SQLite: the database lives on a 2 MB tmpfs (root) — or, without root, the ingest runs under
RLIMIT_FSIZE. The ingest must stop with a clear error, `PRAGMA integrity_check` must say ok, and
once there is room a re-run must complete to the same knowledge as a clean ingest.

    python bench/chaos/dbfaults.py --restarts 10
    python bench/chaos/dbfaults.py --quick
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.chaos import invariants
from bench.chaos.harness import Figures, kb, kb_executable, scalar, start_kb, wait_for


def _postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return found[-1].parent if found else None


def private_cluster_unavailable() -> str | None:
    """None when a private PostgreSQL cluster can be made here, else why not."""
    if _postgres_bin() is None:
        return "no PostgreSQL server binaries under /usr/lib/postgresql"
    if os.geteuid() != 0 and os.environ.get("USER") != "postgres":
        return "needs root (to run the cluster as the postgres user)"
    if shutil.which("runuser") is None and os.geteuid() == 0:
        return "runuser not found"
    return None


class PrivateCluster:
    """A throwaway PostgreSQL cluster on a random port, removed by `close()`."""

    def __init__(self) -> None:
        why = private_cluster_unavailable()
        if why:
            raise RuntimeError(why)
        self.bin = _postgres_bin()
        self.folder = Path(tempfile.mkdtemp(prefix="kb-pgchaos-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        shutil.chown(self.folder, "postgres", "postgres")
        self._as_postgres(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"
        )
        self.start()

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        self._pg_ctl("start", "-w", "-t", "60", "-o", self._options())

    def restart(self, mode: str = "fast") -> None:
        self._pg_ctl("restart", "-w", "-t", "60", "-m", mode, "-o", self._options())

    def create_database(self, name: str) -> str:
        import psycopg2

        connection = psycopg2.connect(self.url(), connect_timeout=10)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        connection.close()
        return self.url(name)

    def close(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._pg_ctl("stop", "-w", "-m", "immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def _options(self) -> str:
        return (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c max_connections=50 -c shared_buffers=32MB"
        )

    def _pg_ctl(self, *args: str) -> None:
        self._as_postgres("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), *args)

    def _as_postgres(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]  # type: ignore[operator]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120, cwd=self.folder)

    def __enter__(self) -> PrivateCluster:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- PostgreSQL restarted mid-ingest -----------------------------------------------------------


def restart_trial(
    cluster: PrivateCluster,
    corpus: Path,
    reference: invariants.Snapshot,
    mode: str,
    delay: float,
    figures: Figures,
    label: str,
) -> None:
    """Restart the cluster under a running ingest; check the outcome, then re-run to the end."""
    url = cluster.create_database(label)
    assert kb(url, "db", "upgrade").returncode == 0
    process = start_kb(url, "ingest", str(corpus), "--quiet")
    if not wait_for(lambda: scalar(url, "SELECT count(*) FROM articles") > 5, process, 120):
        figures.notes.append(f"{label}: the ingest ended before the restart")
    time.sleep(delay)
    cluster.restart(mode)
    out, err = process.communicate(timeout=600)
    if "Traceback" in err:
        figures.fail(f"{label}: traceback after a {mode} restart: {err[-400:]}")
    elif process.returncode != 0:
        lines = [line for line in err.splitlines() if line.startswith("kb: ")]
        if not lines:
            figures.fail(f"{label}: exit {process.returncode} without a kb: message: {err[-300:]}")
        figures.notes.append(
            f"{label} ({mode}): exit {process.returncode}: {lines[-1][:150] if lines else ''}"
        )
    else:
        figures.notes.append(f"{label} ({mode}): the ingest rode out the restart: {out.strip()}")
    _check_partial(url, reference, figures, label)
    again = kb(url, "ingest", str(corpus), "--quiet")
    if again.returncode != 0:
        figures.fail(f"{label}: the re-run failed: {again.stderr.strip()[-300:]}")
    _check_complete(url, reference, figures, label)
    statuses = [status for _, status, _ in invariants.runs(url)]
    if "running" in statuses:
        figures.fail(f"{label}: a run is still 'running' after the re-run: {statuses}")
    figures.trials += 1


def _check_partial(url: str, reference: invariants.Snapshot, figures: Figures, label: str) -> None:
    found = invariants.orphans(url)
    if found:
        figures.fail(f"{label}: orphans after the fault: {found}")
    broken = invariants.incomplete_articles(invariants.snapshot(url), reference)
    if broken:
        figures.fail(f"{label}: {len(broken)} incomplete articles after the fault")


def _check_complete(url: str, reference: invariants.Snapshot, figures: Figures, label: str) -> None:
    differences = invariants.snapshot(url).differences(reference)
    if differences:
        figures.fail(f"{label}: after the re-run the database differs: {differences}")
    found = invariants.orphans(url)
    if found:
        figures.fail(f"{label}: orphans after the re-run: {found}")


def postgres_restarts(restarts: int, articles: int, seed: int) -> Figures:
    figures = Figures("pg-restart", "postgresql")
    why = private_cluster_unavailable()
    if why:
        figures.notes.append(f"skipped: {why}")
        return figures.done()
    from bench.corpus import write_jsonl

    rng = random.Random(seed)
    with PrivateCluster() as cluster, tempfile.TemporaryDirectory() as scratch:
        corpus = write_jsonl(Path(scratch) / "corpus.jsonl", articles, seed=seed)
        reference_url = cluster.create_database("reference")
        assert kb(reference_url, "ingest", str(corpus), "--quiet").returncode == 0
        reference = invariants.snapshot(reference_url)
        for number in range(restarts):
            mode = ("fast", "immediate")[number % 2]
            restart_trial(
                cluster, corpus, reference, mode, rng.uniform(0, 1.0), figures, f"restart{number}"
            )
            figures.inputs += articles
    return figures.done()


# --- SQLite disk full --------------------------------------------------------------------------


@contextlib.contextmanager
def small_disk(size: str = "2m") -> Iterator[tuple[Path, str]]:
    """A tmpfs of `size` (root), else a plain folder and the RLIMIT_FSIZE fallback: (path, how)."""
    folder = Path(tempfile.mkdtemp(prefix="kb-diskfull-"))
    mounted = False
    if os.geteuid() == 0:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
            capture_output=True,
        )
        mounted = done.returncode == 0
    try:
        yield folder, "tmpfs" if mounted else "rlimit"
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def grow(folder: Path, size: str) -> None:
    subprocess.run(["mount", "-o", f"remount,size={size}", str(folder)], check=True)


def ingest_limited(
    url: str, corpus: Path, how: str, limit_bytes: int
) -> subprocess.CompletedProcess[str]:
    """`kb ingest`, under RLIMIT_FSIZE when the disk could not be made small."""

    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return subprocess.run(
        [*kb_executable(), "--db", url, "ingest", str(corpus), "--quiet"],
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=limit if how == "rlimit" else None,
    )


def disk_full_trial(
    template: Path, corpus: Path, reference: invariants.Snapshot, figures: Figures
) -> None:
    with small_disk("2m") as (folder, how):
        path = folder / "kb.sqlite"
        shutil.copyfile(template, path)
        url = f"sqlite:///{path}"
        done = ingest_limited(url, corpus, how, 2 * 1024 * 1024)
        stored = scalar(url, "SELECT count(*) FROM articles")
        if done.returncode == 0:
            figures.fail(f"disk full ({how}): the ingest claimed success with {stored} articles")
        if "Traceback" in done.stderr:
            figures.fail(f"disk full ({how}): traceback: {done.stderr[-400:]}")
        messages = [line for line in done.stderr.splitlines() if line.startswith("kb: ")]
        figures.notes.append(
            f"disk full ({how}): exit {done.returncode}, {stored} articles stored, "
            f"{len(messages)} kb: lines, last: {messages[-1][:140] if messages else '-'}"
        )
        if len(messages) > 20:
            figures.fail(f"disk full ({how}): {len(messages)} error lines — the run did not stop")
        check = sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            figures.fail(f"disk full ({how}): integrity_check says {check}")
        _check_partial(url, reference, figures, f"disk full ({how})")
        if how == "tmpfs":
            grow(folder, "256m")
        again = kb(url, "ingest", str(corpus), "--quiet")
        if again.returncode != 0:
            figures.fail(f"disk full ({how}): the re-run with room failed: {again.stderr[-300:]}")
        _check_complete(url, reference, figures, f"disk full ({how})")
        figures.trials += 1


def disk_full(trials: int, articles: int, seed: int) -> Figures:
    from bench.corpus import write_jsonl
    from kb.db.engine import open_database

    figures = Figures("disk-full", "sqlite")
    with tempfile.TemporaryDirectory() as scratch:
        corpus = write_jsonl(Path(scratch) / "corpus.jsonl", articles, seed=seed)
        template = Path(scratch) / "template.sqlite"
        open_database(f"sqlite:///{template}").dispose()
        reference_url = f"sqlite:///{Path(scratch) / 'reference.sqlite'}"
        assert kb(reference_url, "ingest", str(corpus), "--quiet").returncode == 0
        reference = invariants.snapshot(reference_url)
        for _ in range(trials):
            disk_full_trial(template, corpus, reference, figures)
            figures.inputs += articles
    return figures.done()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--restarts", type=int, default=10)
    parser.add_argument("--disk-trials", type=int, default=3)
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--quick", action="store_true", help="2 restarts, 1 disk-full trial")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.restarts, args.disk_trials, args.articles = 2, 1, 400
    figures = [
        postgres_restarts(args.restarts, args.articles, args.seed),
        disk_full(args.disk_trials, args.articles, args.seed),
    ]
    for item in figures:
        print(json.dumps(item.to_json()) if args.json else item.line())
    return 1 if any(f.failures for f in figures) else 0


if __name__ == "__main__":
    raise SystemExit(main())
