"""Split PostgreSQL text into statements the way the server's lexer does.

psycopg2 sends a query string in one simple-protocol message, in which the server runs every
statement in turn, so "SELECT 1; COMMIT; SET …; DELETE …" could leave the read-only transaction.
`kb sql` therefore refuses text holding more than one statement. Only the lexical rules that
decide where a semicolon ends a statement matter here: quoted strings ('…', E'…' with backslash
escapes), quoted identifiers, dollar quotes ($$…$$, $tag$…$tag$), -- and nested /* */ comments.
When in doubt the splitter sees a statement boundary, so a mistake refuses a query rather than
letting a second statement through.
"""

from __future__ import annotations

import re

_DOLLAR_TAG = re.compile(r"\$(?:[A-Za-z_\u0080-\U0010ffff][A-Za-z0-9_\u0080-\U0010ffff]*)?\$")


def _is_identifier_char(char: str) -> bool:
    return char.isalnum() or char in "_$" or ord(char) >= 0x80


def split_statements(sql: str, standard_strings: bool = True) -> list[str]:
    """The non-empty statements in `sql` (comments kept, surrounding whitespace stripped).

    `standard_strings` mirrors the server's standard_conforming_strings: when off, backslash
    escapes a quote in every '…' string, not only in E'…'.
    """
    statements: list[str] = []
    start = 0
    i = 0
    n = len(sql)
    has_code = False  # anything but whitespace and comments since the last semicolon
    while i < n:
        char = sql[i]
        if not char.isspace() and char != ";" and not sql.startswith(("--", "/*"), i):
            has_code = True
        if char == "'":
            before = sql[i - 1] if i else ""
            escapes = not standard_strings or (
                before in "eE" and (i < 2 or not _is_identifier_char(sql[i - 2]))
            )
            i = _end_of_quoted(sql, i, "'", escapes)
        elif char == '"':
            i = _end_of_quoted(sql, i, '"', False)
        elif char == "-" and sql.startswith("--", i):
            newline = sql.find("\n", i)
            i = n if newline < 0 else newline + 1
        elif char == "/" and sql.startswith("/*", i):
            i = _end_of_block_comment(sql, i)
        elif char == "$" and (i == 0 or not _is_identifier_char(sql[i - 1])):
            tag = _DOLLAR_TAG.match(sql, i)
            if tag:
                close = sql.find(tag.group(), tag.end())
                i = n if close < 0 else close + len(tag.group())
            else:
                i += 1
        elif char == ";":
            if has_code:
                statements.append(sql[start:i].strip())
            has_code = False
            i += 1
            start = i
        else:
            i += 1
    if has_code:
        statements.append(sql[start:].strip())
    return statements


def _end_of_quoted(sql: str, i: int, quote: str, backslash_escapes: bool) -> int:
    """Index just past the string or identifier opening at `i` (doubled quotes stay inside)."""
    j = i + 1
    n = len(sql)
    while j < n:
        char = sql[j]
        if backslash_escapes and char == "\\":
            j += 2
            continue
        if char == quote:
            if j + 1 < n and sql[j + 1] == quote:
                j += 2
                continue
            return j + 1
        j += 1
    return n


def _end_of_block_comment(sql: str, i: int) -> int:
    depth = 0
    n = len(sql)
    while i < n:
        if sql.startswith("/*", i):
            depth += 1
            i += 2
        elif sql.startswith("*/", i):
            depth -= 1
            i += 2
            if depth == 0:
                return i
        else:
            i += 1
    return n


def first_word(statement: str) -> str:
    """The statement's leading keyword, upper-cased, after any comments ("" if none)."""
    text = re.sub(r"--[^\n]*", " ", statement)
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.DOTALL)
    match = re.match(r"\s*\(*\s*([A-Za-z_]+)", text)
    return match.group(1).upper() if match else ""
