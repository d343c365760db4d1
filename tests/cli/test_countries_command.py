"""`kb countries`: every country, or the one a name, demonym or capital refers to."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def kb_countries(db_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "KB_DATABASE_URL": db_url}
    return subprocess.run(
        [sys.executable, "-m", "kb", "countries", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("name", "iso3"), [("japanese", "JPN"), ("tokyo", "JPN"), ("turkey", "TUR")]
)
def test_a_name_gives_its_country_alone(db_url: str, name: str, iso3: str) -> None:
    result = kb_countries(db_url, name, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert [row["iso3"] for row in json.loads(result.stdout)] == [iso3]


def test_without_a_name_every_country_is_listed(db_url: str) -> None:
    result = kb_countries(db_url, "--format", "csv")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "iso3,iso2,name"
    assert len(lines) - 1 >= 249


def test_an_unknown_name_fails_with_one_line(db_url: str) -> None:
    result = kb_countries(db_url, "Atlantis")
    assert result.returncode == 1
    assert result.stderr.strip() == "kb: no country called 'Atlantis'"


def test_a_new_database_is_migrated_on_first_use(blank_db_url: str) -> None:
    result = kb_countries(blank_db_url, "japan")
    assert result.returncode == 0, result.stderr
    assert "JPN" in result.stdout
