"""Run a person's SQL read-only, with the database itself refusing every write.

No keyword filtering: `SELECT 'DELETE FROM events'` is a fine query. Instead:

SQLite — the file is opened read-only (`file:…?mode=ro`), `PRAGMA query_only=1` is set, and an
authorizer allows only reading (SELECT, reads of columns, functions, recursive CTEs and a list of
read-only PRAGMAs), which also denies ATTACH: a read-only connection would otherwise let ATTACH
create and write another database file. A progress handler stops a query at the time limit.
The sqlite3 module runs one statement per call, so "SELECT 1; DELETE …" is refused.

PostgreSQL — one transaction, `SET TRANSACTION READ ONLY`, with `statement_timeout`, always rolled
back; the query runs as a cursor (`DECLARE … CURSOR FOR`), which the server accepts only for
SELECT/VALUES/TABLE and not for data-modifying WITH, so COPY, SET, COMMIT, DO and the like are
refused too; where the server allows, the transaction also drops to the `pg_read_all_data` role so
that no superuser function is reachable. Text holding several statements is refused (see
`statements.py`), because a later statement could COMMIT out of the read-only transaction.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.errors import KbError, UsageError
from kb.query.statements import first_word, split_statements

DEFAULT_ROW_LIMIT = 1000
DEFAULT_TIMEOUT_SECONDS = 10.0


class ReadOnlyViolation(KbError):
    """The statement would write, or reach outside the database: `kb: read-only: …`."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"read-only: {detail}")


class QueryTimeout(KbError):
    pass


@dataclass
class SqlResult:
    columns: list[str]
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    truncated: bool = False  # more rows than the limit existed

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=False)) for row in self.rows]


def run_readonly_sql(
    url: str,
    sql: str,
    *,
    limit: int = DEFAULT_ROW_LIMIT,
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
) -> SqlResult:
    """Run one read-only statement on the database at `url`; at most `limit` rows come back."""
    from sqlalchemy.engine import make_url

    from kb.config import normalise_url

    if limit < 1:
        raise UsageError(f"--limit must be at least 1, not {limit}")
    if timeout <= 0:
        raise UsageError(f"--timeout must be positive, not {timeout}")
    if not sql.strip():
        raise UsageError("no SQL given")
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() == "sqlite":
        return _run_sqlite(parsed.database or "", sql, limit, timeout)
    return _run_postgresql(parsed, sql, limit, timeout)


# --- SQLite ------------------------------------------------------------------------------------

# PRAGMAs that only read, whatever their argument (they take a table or index name).
_PRAGMAS_READING_ANY_ARGUMENT = {
    "table_info",
    "table_xinfo",
    "table_list",
    "index_list",
    "index_info",
    "index_xinfo",
    "foreign_key_list",
    "foreign_key_check",
    "integrity_check",
    "quick_check",
}
# PRAGMAs that only read when given no argument (with one, they would change a setting).
_PRAGMAS_READING_WITHOUT_ARGUMENT = {
    "database_list",
    "collation_list",
    "function_list",
    "module_list",
    "pragma_list",
    "compile_options",
    "encoding",
    "foreign_keys",
    "journal_mode",
    "page_count",
    "page_size",
    "freelist_count",
    "query_only",
    "schema_version",
    "user_version",
    "application_id",
    "data_version",
}
_READING_ACTIONS = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION}
_RECURSIVE = getattr(sqlite3, "SQLITE_RECURSIVE", 33)
_ACTIONS = (
    "CREATE_INDEX CREATE_TABLE CREATE_TEMP_INDEX CREATE_TEMP_TABLE CREATE_TEMP_TRIGGER "
    "CREATE_TEMP_VIEW CREATE_TRIGGER CREATE_VIEW DELETE DROP_INDEX DROP_TABLE DROP_TEMP_INDEX "
    "DROP_TEMP_TABLE DROP_TEMP_TRIGGER DROP_TEMP_VIEW DROP_TRIGGER DROP_VIEW INSERT PRAGMA READ "
    "SELECT TRANSACTION UPDATE ATTACH DETACH ALTER_TABLE REINDEX ANALYZE CREATE_VTABLE "
    "DROP_VTABLE FUNCTION SAVEPOINT RECURSIVE"
).split()
_ACTION_NAMES = {
    getattr(sqlite3, f"SQLITE_{name}"): name.replace("_", " ")
    for name in _ACTIONS
    if hasattr(sqlite3, f"SQLITE_{name}")
}
_SCHEMA_TABLES = ("sqlite_master", "sqlite_schema", "sqlite_temp_master")


def _run_sqlite(path: str, sql: str, limit: int, timeout: float) -> SqlResult:
    if path in ("", ":memory:"):
        raise UsageError("kb sql needs a database file, not an in-memory database")
    file = Path(path)
    if not file.is_file():
        raise KbError(f"no SQLite database at {path}")
    denied: list[tuple[bool, str]] = []

    def authorize(action: int, arg1: str | None, arg2: str | None, *_: object) -> int:
        if action in _READING_ACTIONS or action == _RECURSIVE:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_PRAGMA and arg1 is not None:
            name = arg1.lower()
            if name in _PRAGMAS_READING_ANY_ARGUMENT or (
                name in _PRAGMAS_READING_WITHOUT_ARGUMENT and arg2 is None
            ):
                return sqlite3.SQLITE_OK
        what = _ACTION_NAMES.get(action, f"action {action}")
        target = " ".join(part for part in (arg1, arg2) if part)
        # DROP/CREATE also write sqlite_master; name the statement's own action, not that.
        denied.append((arg1 in _SCHEMA_TABLES, f"{what} {target}".strip()))
        return sqlite3.SQLITE_DENY

    deadline = time.monotonic() + timeout
    connection = sqlite3.connect(
        f"{file.resolve().as_uri()}?mode=ro", uri=True, timeout=timeout, check_same_thread=False
    )
    try:
        connection.execute("PRAGMA query_only=1")
        connection.set_authorizer(authorize)
        connection.set_progress_handler(lambda: int(time.monotonic() > deadline), 1000)
        try:
            cursor = connection.execute(sql)
            rows = cursor.fetchmany(limit + 1)
        except (sqlite3.Warning, sqlite3.ProgrammingError) as exc:
            # "You can only execute one statement at a time."
            raise ReadOnlyViolation("one statement at a time") from exc
        except sqlite3.DatabaseError as exc:
            if denied:
                word = first_word(sql)
                detail = min(denied)[1]
                if word and not detail.startswith(word):
                    detail = f"{word} ({detail})"
                raise ReadOnlyViolation(f"{detail} is not allowed") from exc
            if time.monotonic() > deadline or "interrupted" in str(exc):
                raise QueryTimeout(f"query stopped at the time limit ({timeout:g} s)") from exc
            if "readonly" in str(exc) or "read-only" in str(exc):
                raise ReadOnlyViolation(str(exc)) from exc
            raise KbError(f"SQL error: {exc}") from exc
        columns = [d[0] for d in cursor.description or ()]
        return SqlResult(columns, [tuple(r) for r in rows[:limit]], truncated=len(rows) > limit)
    finally:
        connection.close()


# --- PostgreSQL --------------------------------------------------------------------------------

_CURSOR = "kb_sql"


def _run_postgresql(url: Any, sql: str, limit: int, timeout: float) -> SqlResult:
    import psycopg2
    from psycopg2 import errors

    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        connection = psycopg2.connect(
            dsn,
            connect_timeout=max(1, int(timeout)),
            options="-c default_transaction_read_only=on",
            application_name="kb sql",
        )
    except psycopg2.Error as exc:
        raise KbError(f"cannot connect to PostgreSQL: {_first_line(exc)}") from exc
    try:
        with connection.cursor() as setup:
            setup.execute("SET TRANSACTION READ ONLY")
            setup.execute(
                "SELECT set_config('statement_timeout', %s, true)", (str(int(timeout * 1000)),)
            )
            setup.execute("SHOW standard_conforming_strings")
            standard = (setup.fetchone() or ("on",))[0] == "on"
            _drop_to_reader_role(setup)
        statements = split_statements(sql, standard_strings=standard)
        if len(statements) != 1:
            raise ReadOnlyViolation(f"one statement at a time (found {len(statements)})")
        statement = statements[0]
        cursor = connection.cursor(name=_CURSOR)
        try:
            cursor.execute(statement)
            rows = cursor.fetchmany(limit + 1)
            columns = [d.name for d in cursor.description or ()]
        except errors.QueryCanceled as exc:
            raise QueryTimeout(f"query stopped at the time limit ({timeout:g} s)") from exc
        except (errors.ReadOnlySqlTransaction, errors.InsufficientPrivilege) as exc:
            raise ReadOnlyViolation(_first_line(exc)) from exc
        except errors.FeatureNotSupported as exc:
            raise ReadOnlyViolation(_first_line(exc)) from exc
        except errors.SyntaxError as exc:
            raise _syntax_error(statement, exc) from exc
        except psycopg2.Error as exc:
            raise KbError(f"SQL error: {_first_line(exc)}") from exc
        return SqlResult(columns, [tuple(r) for r in rows[:limit]], truncated=len(rows) > limit)
    finally:
        if not connection.closed:
            try:
                connection.rollback()
            finally:
                connection.close()


# Statements the server refuses inside DECLARE CURSOR: only the message depends on this list.
_NOT_QUERIES = set(
    "INSERT UPDATE DELETE MERGE CREATE DROP ALTER TRUNCATE GRANT REVOKE COPY COMMENT SECURITY "
    "VACUUM ANALYZE REINDEX CLUSTER REFRESH LOCK SET RESET BEGIN START COMMIT END ROLLBACK ABORT "
    "SAVEPOINT RELEASE PREPARE EXECUTE DEALLOCATE DO CALL LISTEN NOTIFY UNLISTEN DISCARD LOAD "
    "IMPORT EXPLAIN SHOW DECLARE FETCH MOVE CLOSE CHECKPOINT ATTACH DETACH PRAGMA".split()
)
_MODIFYING = ("INSERT", "UPDATE", "DELETE", "MERGE")


def _syntax_error(statement: str, exc: Exception) -> KbError:
    """Say "read-only" when the server refused a statement for not being a query."""
    message = _first_line(exc)
    near = message.lower()
    word = first_word(statement)
    if word in _NOT_QUERIES and f'at or near "{word.lower()}"' in near:
        return ReadOnlyViolation(
            f"{word} is not allowed: kb sql runs queries (SELECT, WITH … SELECT, VALUES, TABLE)"
        )
    if word == "WITH" and any(f'at or near "{w.lower()}"' in near for w in _MODIFYING):
        return ReadOnlyViolation("a WITH query that modifies data is not allowed")
    return KbError(f"SQL error: {message}")


def _drop_to_reader_role(cursor: Any) -> None:
    """Run as `pg_read_all_data` (PostgreSQL 14+) when the login may: reads all, runs no
    superuser-only function (server files, other sessions). Skipped where it is not granted."""
    import psycopg2

    cursor.execute("SAVEPOINT kb_role")
    try:
        cursor.execute("SET LOCAL ROLE pg_read_all_data")
    except psycopg2.Error:
        cursor.execute("ROLLBACK TO SAVEPOINT kb_role")
    else:
        cursor.execute("RELEASE SAVEPOINT kb_role")


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "pgerror", None) or exc).strip()
    line = text.splitlines()[0] if text else type(exc).__name__
    return line.removeprefix("ERROR:").strip()
