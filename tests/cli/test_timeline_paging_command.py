"""`kb timeline --limit/--offset`: a table shows a page and says what it leaves out; other
formats keep every row unless told. On both databases, against the story of tests/query."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from query.story import Story, story_database

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]
PAGE = 3  # the story's Pakistan–Japan timeline has 7 rows: pages of 3 leave some out


@pytest.fixture(scope="module", params=BACKENDS)
def story(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Story]:
    yield from story_database(request.param, request, tmp_path_factory.mktemp("story"))


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def kb(
    story: Story, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Iterator:
    from kb.cli import main

    monkeypatch.setenv("COLUMNS", "250")
    monkeypatch.setattr("kb.cli.query.TABLE_PAGE_ROWS", PAGE)

    def run(*args: str) -> Result:
        monkeypatch.setattr(sys, "argv", ["kb", "--db", story.url, *args])
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return Result(code, out, err)

    yield run


def every_row(kb) -> list[dict]:
    return json.loads(kb("timeline", "PAK", "JPN", "-f", "json").out)


def test_a_table_shows_the_first_page_and_says_how_to_see_the_rest(kb) -> None:
    total = len(every_row(kb))
    result = kb("timeline", "PAK", "JPN")
    assert result.code == 0, result.err
    assert (
        f"showing the first {PAGE} rows of {total}; {total - PAGE} not shown "
        f"(--offset {PAGE} for the next {PAGE}, --limit {total} for every row)"
    ) in result.out


def test_the_next_page_starts_where_the_first_ended(kb) -> None:
    rows = every_row(kb)
    result = kb("timeline", "PAK", "JPN", "--offset", str(PAGE), "-f", "csv", "--limit", "2")
    assert result.code == 0, result.err
    ids = [line.split(",", 1)[0] for line in result.out.splitlines()[1:]]
    assert ids == [str(r["event_id"] or f"agreement {r['agreement_id']}") for r in rows[3:5]]
    assert f"kb: showing rows 4–5 of {len(rows)}" in result.err


def test_other_formats_keep_every_row_unless_limited(kb) -> None:
    everything = kb("timeline", "PAK", "JPN", "-f", "json")
    assert len(json.loads(everything.out)) > PAGE and everything.err == ""
    limited = kb("timeline", "PAK", "JPN", "-f", "json", "--limit", "2")
    assert len(json.loads(limited.out)) == 2
    assert "kb: showing the first 2 rows of" in limited.err


def test_a_table_that_fits_on_one_page_has_no_note(kb) -> None:
    result = kb("timeline", "PAK", "JPN", "--limit", "100")
    assert result.code == 0 and "not shown" not in result.out


def test_an_offset_past_the_end_says_how_many_rows_there_are(kb) -> None:
    total = len(every_row(kb))
    result = kb("timeline", "PAK", "JPN", "--offset", "50")
    assert result.code == 0
    assert f"no rows from --offset 50: {total} match" in result.out


def test_events_page_with_an_offset_too(kb) -> None:
    every = json.loads(kb("events", "-f", "json").out)
    page = json.loads(kb("events", "-f", "json", "--limit", "2", "--offset", "1").out)
    assert [r["event_id"] for r in page] == [r["event_id"] for r in every[1:3]]


def test_a_negative_offset_is_one_clear_line(kb) -> None:
    result = kb("timeline", "PAK", "JPN", "--offset", "-1")
    assert result.code == 2 and result.err.strip() == "kb: offset must be 0 or more, not -1"
