import json

from typer.testing import CliRunner

from kb.cli import app

STORY = "Chile and Peru talk\n\nSANTIAGO: Chile and Peru held talks on Monday on water.\n"


def test_extract_json_prints_the_contract(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(STORY, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path), "--published", "2023-03-08", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["published"] == "2023-03-08"
    assert data["events"][0]["date"] == "2023-03-06"
    assert data["countries"] == ["CHL", "PER"]


def test_extract_summary_is_readable(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(STORY, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path)])
    assert result.exit_code == 0
    assert "talks" in result.output


def test_bad_published_date_is_a_usage_error(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(STORY, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path), "--published", "yesterday"])
    assert result.exit_code != 0
