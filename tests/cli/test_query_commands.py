"""`kb timeline`, `events`, `officials`, `agreements`, `show` and `sql` on both databases.

The commands run in-process through `kb.cli.main` (the real entry point: exit codes and the
one-line `kb: …` errors), against the Pakistan–Japan story of tests/query/story.py.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from query.story import Story, story_database

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]


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

    monkeypatch.setenv("COLUMNS", "250")  # tables unwrapped, so a test can find a phrase

    def run(*args: str, db: str | None = None) -> Result:
        monkeypatch.setattr(sys, "argv", ["kb", "--db", db or story.url, *args])
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return Result(code, out, err)

    yield run


def test_timeline_table_lists_the_rows_in_date_order(kb) -> None:
    result = kb("timeline", "Pakistan", "Japan", "--topic", "defence")
    assert result.code == 0, result.err
    out = result.out
    assert out.index("2019") < out.index("2020-08") < out.index("2021-06-29") < out.index("undated")
    assert "Taro Kono" in out and "reported 2023-03-01" in out


def test_timeline_json_has_the_documented_keys(kb, story: Story) -> None:
    result = kb("timeline", "pakistani", "JPN", "--topic", "defence", "--format", "json")
    rows = json.loads(result.out)
    assert [r["date"] for r in rows] == ["2019", "2020-08", "2021-06-29", "2022-06", None]
    assert {"PAK", "JPN"} <= set(rows[0]["countries"]) and rows[0]["mentions"] == 2
    for key in ("date_precision", "type", "status", "topic", "officials", "location"):
        assert key in rows[0]
    assert next(r for r in rows if r["type"] == "agreement_signed")["agreement"].startswith(
        "Memorandum"
    )


def test_timeline_csv_and_markdown_have_the_same_rows(kb) -> None:
    rows = list(csv.DictReader(io.StringIO(kb("timeline", "PK", "JP", "-f", "csv").out)))
    assert rows[0]["date"] == "2019" and len(rows) == 7  # 6 events and the trade agreement
    markdown = kb("timeline", "PK", "JP", "--format", "markdown").out.splitlines()
    table = [line for line in markdown if line.startswith("| ")]
    assert table[0].startswith("| id | date | type") and len(table) == 2 + len(rows)


def test_timeline_html_is_self_contained_with_a_chart(kb) -> None:
    page = kb("timeline", "Pakistan", "Japan", "--format", "html").out
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "<table>" in page
    assert "src=" not in page and "<link" not in page and "http" not in page


def test_timeline_evidence_adds_sentences_and_articles(kb) -> None:
    rows = json.loads(kb("timeline", "PAK", "JPN", "--evidence", "-f", "json").out)
    mou = next(r for r in rows if r["type"] == "agreement_signed")
    assert len(mou["sources"]) == 2 and mou["sources"][0]["article"]["published"] == "2019-06-19"
    table = kb("timeline", "PAK", "JPN", "--evidence").out
    assert "evidence" in table.splitlines()[2] and "memorandum" in table


def test_timeline_reads_a_question(kb) -> None:
    result = kb("timeline", "Pakistan–Japan defence ties since 2020", "--format", "json")
    assert result.code == 0, result.err
    assert [r["date"] for r in json.loads(result.out)] == ["2020-08", "2021-06-29", "2022-06"]
    assert "reading the question as: countries Pakistan, Japan; topic defence" in result.err


def test_timeline_writes_to_a_file(kb, tmp_path: Path) -> None:
    target = tmp_path / "t.md"
    result = kb("timeline", "PAK", "JPN", "--format", "markdown", "--output", str(target))
    assert result.code == 0 and result.out == ""
    assert target.read_text(encoding="utf-8").startswith("## Timeline: Pakistan – Japan")


def test_timeline_status_all_and_limit(kb) -> None:
    everything = json.loads(kb("timeline", "PAK", "JPN", "--all", "-f", "json").out)
    assert "planned" in {r["status"] for r in everything}
    limited = kb("timeline", "PAK", "JPN", "--limit", "2")
    assert "showing the first 2 rows" in limited.out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("timeline", "Narnia"), 2, "kb: unknown country 'Narnia'"),
        (("timeline", "Korea", "Japan"), 2, "North Korea (PRK)"),
        (("timeline", "Congo", "Japan"), 2, "could mean several countries"),
        (("timeline", "PAK", "--since", "2021-02-30"), 2, "kb: bad date '2021-02-30'"),
        (("timeline", "PAK", "--since", "2022", "--until", "2019"), 2, "kb: empty date range"),
        (("timeline", "PAK", "--format", "xml"), 2, "kb: unknown format 'xml'"),
        (("show", "event", "999999"), 2, "kb: no event with id 999999"),
        (("show", "treaty", "1"), 2, "kb: cannot show 'treaty'"),
        (("sql", "DELETE FROM events"), 1, "kb: read-only: "),
        (("sql", "SELECT * FROM nowhere"), 1, "kb: SQL error: "),
    ],
)
def test_bad_input_is_one_clear_line(kb, args: tuple[str, ...], code: int, message: str) -> None:
    result = kb(*args)
    assert result.code == code
    assert message in result.err and len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err


def test_an_empty_result_says_so_and_succeeds(kb) -> None:
    result = kb("timeline", "Pakistan", "Japan", "--since", "2030")
    assert result.code == 0 and "no events match" in result.out
    assert json.loads(kb("timeline", "PAK", "JPN", "--since", "2030", "-f", "json").out) == []


def test_events_filters(kb, story: Story) -> None:
    rows = json.loads(kb("events", "--type", "visit", "--all", "--format", "json").out)
    assert sorted(r["event_id"] for r in rows) == sorted(
        [story.events["cpec"], story.events["plan"]]
    )
    china = json.loads(kb("events", "--country", "China", "-f", "json").out)
    assert [r["event_id"] for r in china] == [story.events["cpec"]]


def test_officials_list_and_one_official(kb) -> None:
    listing = list(csv.DictReader(io.StringIO(kb("officials", "--format", "csv").out)))
    assert [r["name"] for r in listing] == ["Qamar Javed Bajwa", "Taro Kono"]
    kono = json.loads(kb("officials", "kono", "--format", "json").out)
    assert [r["title"] for r in kono["roles"]] == ["Foreign Minister", "Defence Minister"]
    assert len(kono["event_list"]) == 2
    assert "no officials match" in kb("officials", "--country", "China").out


def test_agreements_between_countries(kb) -> None:
    rows = list(csv.DictReader(io.StringIO(kb("agreements", "PAK", "JPN", "-f", "csv").out)))
    assert [(r["date"], r["kind"]) for r in rows] == [("2019", "mou"), ("2021", "agreement")]
    mous = json.loads(kb("agreements", "--kind", "mou", "-f", "json").out)
    assert [a["parties"] for a in mous] == [["JPN", "PAK"]]


@pytest.mark.parametrize("what", ["event", "agreement", "official", "article"])
def test_show_everything_known_in_every_format(kb, story: Story, what: str) -> None:
    ident = {
        "event": story.events["call"],
        "agreement": story.agreements["mou"],
        "official": story.officials["kono"],
        "article": story.articles["call"],
    }[what]
    record = json.loads(kb("show", what, str(ident), "--format", "json").out)
    assert record["id"] == ident
    for fmt in ("table", "csv", "markdown", "html"):
        result = kb("show", what, str(ident), "--format", fmt)
        assert result.code == 0 and result.out, (fmt, result.err)
    assert "Bajwa" in kb("show", "event", str(story.events["call"])).out


def test_sql_reads_and_caps_rows(kb, story: Story) -> None:
    result = kb("sql", "SELECT count(*) AS n FROM events", "--format", "json")
    assert json.loads(result.out) == [{"n": len(story.events)}]
    capped = kb("sql", "SELECT iso3 FROM countries", "--limit", "3", "--format", "csv")
    assert capped.out.splitlines() == ["iso3", *capped.out.splitlines()[1:4]]
    assert len(capped.out.splitlines()) == 4 and "more exist" in capped.err


def test_sql_time_limit_stops_a_runaway_query(kb) -> None:
    runaway = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r) SELECT max(n) FROM r"
    result = kb("sql", runaway, "--timeout", "0.5")
    assert result.code == 1 and "time limit" in result.err


def test_a_query_on_a_missing_sqlite_file_creates_nothing(kb, tmp_path: Path) -> None:
    path = tmp_path / "missing.sqlite"
    result = kb("timeline", "PAK", db=f"sqlite:///{path}")
    assert result.code == 1 and "no database at" in result.err
    assert not path.exists()


def test_the_cli_imports_no_database_layer_for_help() -> None:
    probe = "import sys, kb.cli; print('sqlalchemy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
