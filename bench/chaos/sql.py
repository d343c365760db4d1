"""Read-only SQL campaign: every side door to writing through `kb sql`, on both databases.

Each statement runs through `run_readonly_sql` against a populated database; it must fail (or,
for the few side effects PostgreSQL allows inside a read-only transaction, leave no trace once
the transaction is rolled back), and afterwards the data, the large objects, the advisory locks
and every file in the database's folder must be as before. A runaway query must be stopped by
the time limit.

    python bench/chaos/sql.py
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import contextlib

from bench.chaos import invariants
from bench.chaos.harness import Figures, kb, scalar

SQLITE_ESCAPES = [
    "VACUUM",
    "VACUUM INTO '{folder}/copy.sqlite'",
    "ATTACH 'file:{folder}/new.sqlite?mode=rwc' AS other",
    "ATTACH '{folder}/new2.sqlite' AS other",
    "SELECT load_extension('{folder}/evil.so')",
    "PRAGMA journal_mode=DELETE",
    "PRAGMA wal_checkpoint(TRUNCATE)",
    "PRAGMA writable_schema=ON",
    "PRAGMA foreign_keys=OFF",
    "PRAGMA query_only=0",
    "PRAGMA optimize",
    "SELECT * FROM pragma_user_version(5)",
    "CREATE TEMP TABLE scratch (x)",
    "REINDEX",
    "ANALYZE",
    "BEGIN",
    "SAVEPOINT inner_write",
    "DETACH main",
    "INSERT INTO countries (iso3, name) SELECT 'QQQ', 'q' RETURNING id",
]
POSTGRESQL_ESCAPES = [
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity",
    "SELECT lo_import('/etc/hostname')",
    "SELECT lo_export(1, '{folder}/out')",
    "SELECT nextval(pg_get_serial_sequence('events', 'id'))",
    "SELECT setval(pg_get_serial_sequence('events', 'id'), 1)",
    "SELECT * INTO stolen FROM countries",
    "SELECT * FROM countries FOR UPDATE",
    "EXPLAIN ANALYZE DELETE FROM events",
    "SELECT query_to_xml('DELETE FROM events RETURNING 1', true, true, '')",
    "SELECT dblink_exec('dbname=postgres', 'DROP TABLE events')",
    "SELECT pg_reload_conf()",
    "SELECT pg_read_binary_file('/etc/hostname')",
    "SELECT pg_ls_dir('.')",
    "CREATE EXTENSION dblink",
    "DO $$ BEGIN DELETE FROM events; END $$",
    "CALL nothing()",
    "SELECT 1 \\; DELETE FROM events",
    "SELECT $$;$$; DELETE FROM events",
    "SELECT E'\\';'; DELETE FROM events",
    "/* a comment */ DELETE FROM events",
]
# Accepted by the server but undone: the transaction is read-only and always rolled back.
POSTGRESQL_UNDONE = [
    "SELECT lo_create(0)",
    "SELECT set_config('default_transaction_read_only', 'off', false)",
    "SELECT pg_advisory_lock(4242)",
    "SELECT pg_notify('kb', 'x')",
]


RUNAWAY = {
    "sqlite": "SELECT count(*) FROM countries a, countries b, countries c, countries d",
    "postgresql": "SELECT pg_sleep(1) FROM generate_series(1, 100)",
}


def state(url: str, folder: Path) -> tuple[object, ...]:
    """The data (snapshot), large objects and advisory locks (PostgreSQL), and every file."""
    snap = invariants.snapshot(url)
    extra: tuple[object, ...] = ()
    if url.startswith("postgresql"):
        extra = (
            scalar(url, "SELECT count(*) FROM pg_largeobject_metadata"),
            scalar(
                url,
                "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
                "WHERE l.locktype = 'advisory' AND d.datname = current_database()",
            ),
            scalar(url, "SELECT count(*) FROM pg_class WHERE relname = 'stolen'"),
        )
    files = sorted(
        (p.name, hashlib.sha256(p.read_bytes()).hexdigest() if p.suffix == ".sqlite" else "")
        for p in folder.iterdir()
    )
    return (snap.counts, snap.events, extra, files)


def escape_trials(url: str, backend: str, folder: Path, figures: Figures) -> None:
    from kb.errors import KbError
    from kb.query.readonly_sql import QueryTimeout, run_readonly_sql

    before = state(url, folder)
    escapes = SQLITE_ESCAPES if backend == "sqlite" else POSTGRESQL_ESCAPES
    for template in escapes:
        statement = template.format(folder=folder)
        figures.trials += 1
        try:
            run_readonly_sql(url, statement, timeout=5)
        except KbError:
            continue
        figures.fail(f"accepted: {statement}")
    if backend == "postgresql":
        for statement in POSTGRESQL_UNDONE:
            figures.trials += 1
            with contextlib.suppress(KbError):
                run_readonly_sql(url, statement, timeout=5)
    if state(url, folder) != before:
        figures.fail("the data or the files changed")
    started = time.monotonic()
    try:
        run_readonly_sql(url, RUNAWAY[backend], timeout=1)
        figures.fail("the runaway query finished")
    except QueryTimeout:
        figures.notes.append(f"runaway query stopped after {time.monotonic() - started:.1f} s")
    figures.trials += 1


def run(backend: str) -> list[Figures]:
    from bench.corpus import write_jsonl
    from bench.databases import Databases

    out = []
    with Databases() as databases, tempfile.TemporaryDirectory() as scratch:
        corpus = write_jsonl(Path(scratch) / "corpus.jsonl", 100, seed=3)
        for name in ("sqlite", "postgresql") if backend == "both" else (backend,):
            figures = Figures("readonly-sql", name)
            if name == "postgresql" and databases.postgres_down():
                figures.notes.append(f"skipped: {databases.postgres_down()}")
                out.append(figures.done())
                continue
            folder = Path(tempfile.mkdtemp(dir=scratch))
            url = (
                f"sqlite:///{folder / 'kb.sqlite'}"
                if name == "sqlite"
                else databases.new_migrated(name, "sql")
            )
            kb(url, "ingest", str(corpus), "--quiet")
            escape_trials(url, name, folder, figures)
            figures.inputs = figures.trials
            out.append(figures.done())
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    figures = run(args.backend)
    for item in figures:
        print(json.dumps(item.to_json()) if args.json else item.line())
    return 1 if any(f.failures for f in figures) else 0


if __name__ == "__main__":
    raise SystemExit(main())
