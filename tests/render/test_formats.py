"""Every output format, from documents built by hand: no database needed."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest

from kb.errors import UsageError
from kb.render import FORMATS, ChartPoint, Detail, Listing, check_format, render


def listing(rows: int = 2) -> Listing:
    cells = [
        {"date": "2019", "type": "agreement_signed", "summary": "MoU | signed", "reports": "2"},
        {"date": "2020-08", "type": "call", "summary": "Bajwa and Kono\ntalk", "reports": "1"},
    ][:rows]
    return Listing(
        columns=["date", "type", "summary", "reports"],
        rows=cells,
        records=[
            {"date": c["date"], "type": c["type"], "mentions": int(c["reports"])} for c in cells
        ],
        title="Timeline: Pakistan – Japan",
        empty="no events match",
        chart=[
            ChartPoint(date(2019, 1, 1), date(2019, 12, 31), "agreement_signed", "2019 MoU", 2),
            ChartPoint(date(2020, 8, 6), date(2020, 8, 6), "call", "call <Kono>", 1),
        ][:rows],
    )


def detail() -> Detail:
    return Detail(
        title="Event 3: call, 2020-08",
        fields=[("date", "2020-08"), ("officials", "Qamar Javed Bajwa\nTaro Kono")],
        record={"id": 3, "date": "2020-08"},
        sections=[("evidence", listing(1))],
    )


def test_json_is_the_records() -> None:
    assert json.loads(render(listing(), "json"))[1] == {
        "date": "2020-08",
        "type": "call",
        "mentions": 1,
    }
    assert json.loads(render(detail(), "json")) == {"id": 3, "date": "2020-08"}
    assert json.loads(render(listing(0), "json")) == []


def test_csv_has_a_header_and_one_line_per_row() -> None:
    rows = list(csv.reader(io.StringIO(render(listing(), "csv"))))
    assert rows[0] == ["date", "type", "summary", "reports"]
    assert rows[2] == ["2020-08", "call", "Bajwa and Kono\ntalk", "1"]
    assert render(listing(0), "csv") == "date,type,summary,reports\n"


def test_markdown_is_a_pipe_table_with_pipes_escaped() -> None:
    lines = render(listing(), "markdown").splitlines()
    assert lines[0] == "## Timeline: Pakistan – Japan"
    assert lines[2] == "| date | type | summary | reports |"
    assert lines[3] == "| --- | --- | --- | --- |"
    assert lines[4] == "| 2019 | agreement_signed | MoU \\| signed | 2 |"
    assert lines[5] == "| 2020-08 | call | Bajwa and Kono<br>talk | 1 |"


def test_html_is_one_self_contained_page_with_an_svg_chart() -> None:
    page = render(listing(), "html")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert page.index("<svg") < page.index("<table>")
    assert page.count("<circle") == 1 and page.count("<rect") == 1  # a day, and a year
    assert "call &lt;Kono&gt;" in page  # tooltips escaped
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:|<script|<link|@import|url\(""", page)
    assert "http" not in page


def test_html_detail_has_fields_and_sections() -> None:
    page = render(detail(), "html")
    assert "<dt>officials</dt>" in page and "Qamar Javed Bajwa<br>Taro Kono" in page
    assert "<h2>evidence</h2>" in page


def test_table_wraps_long_cells_to_the_width() -> None:
    wide = Listing(
        columns=["date", "summary"],
        rows=[{"date": "2019", "summary": "word " * 60}],
        records=[],
    )
    from kb.render.text_table import render_listing

    lines = render_listing(wide, width=60).splitlines()
    assert max(len(line) for line in lines) <= 60
    assert lines[0].split() == ["date", "summary"] and len(lines) > 4


def test_table_says_so_when_empty() -> None:
    assert "no events match" in render(listing(0), "table")


def test_table_detail_lists_fields_then_sections() -> None:
    text = render(detail(), "table")
    assert text.splitlines()[0] == "Event 3: call, 2020-08"
    assert "evidence (1)" in text and "Taro Kono" in text


@pytest.mark.parametrize("name", [*FORMATS, "MD", "Json"])
def test_format_names_are_checked(name: str) -> None:
    assert check_format(name) in FORMATS


def test_an_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown format 'xml'"):
        check_format("xml")
