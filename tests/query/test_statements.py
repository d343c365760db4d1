"""Splitting PostgreSQL text into statements: a semicolon inside quotes or comments is not a
boundary, and when in doubt it is one."""

from __future__ import annotations

import pytest

from kb.query.statements import first_word, split_statements


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT 1",
        "SELECT 1;  ",
        "SELECT 'a;b'",
        "SELECT 'it''s; fine'",
        'SELECT "odd;name" FROM t',
        "SELECT $$;$$",
        "SELECT $tag$ ; $tag$",
        "SELECT 1 -- ; DELETE FROM events\n",
        "SELECT /* nested /* ; */ still ; */ 1",
        "SELECT E'\\';'",
    ],
)
def test_one_statement(sql: str) -> None:
    assert len(split_statements(sql)) == 1


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT 1; DELETE FROM events",
        "SELECT 'a\\'; DELETE FROM events; SELECT '",  # standard strings: \ does not escape
        "SELECT a$b$; DELETE FROM events",  # $ inside a name starts no dollar quote
        "SELECT 1; COMMIT; DELETE FROM events",
    ],
)
def test_several_statements(sql: str) -> None:
    assert len(split_statements(sql)) > 1


def test_backslash_escapes_every_string_when_standard_strings_are_off() -> None:
    assert len(split_statements("SELECT 'a\\'; b'", standard_strings=False)) == 1


def test_first_word_skips_comments() -> None:
    assert first_word("/* hi */ -- x\n  delete from t") == "DELETE"
