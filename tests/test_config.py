"""Choosing the database URL: --db, then $KB_DATABASE_URL, then ./kb.sqlite; psycopg2 pinned."""

from __future__ import annotations

import pytest

from kb.config import DEFAULT_URL, ENV_VAR, mask_url, normalise_url, resolve_url
from kb.errors import UsageError


def test_the_db_option_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "sqlite:///from-env.sqlite")
    assert resolve_url("sqlite:///from-option.sqlite") == "sqlite:///from-option.sqlite"


def test_the_environment_wins_over_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "sqlite:///from-env.sqlite")
    assert resolve_url(None) == "sqlite:///from-env.sqlite"


def test_without_option_or_environment_kb_sqlite_in_the_current_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert resolve_url(None) == DEFAULT_URL == "sqlite:///kb.sqlite"


@pytest.mark.parametrize(
    "given",
    [
        "postgresql://kb:secret@db.example:5433/kb",
        "postgres://kb:secret@db.example:5433/kb",
        "postgresql+psycopg2://kb:secret@db.example:5433/kb",
    ],
)
def test_postgresql_urls_are_pinned_to_psycopg2(given: str) -> None:
    assert normalise_url(given) == "postgresql+psycopg2://kb:secret@db.example:5433/kb"


@pytest.mark.parametrize(
    ("given", "complaint"),
    [
        ("not a url", "malformed database URL"),
        ("mysql://root@localhost/kb", "unsupported database"),
        ("postgresql://postgres@127.0.0.1:5432", "names no database"),
    ],
)
def test_bad_urls_are_usage_errors_in_one_line(given: str, complaint: str) -> None:
    with pytest.raises(UsageError, match=complaint) as caught:
        normalise_url(given)
    assert "\n" not in str(caught.value)


def test_mask_url_hides_the_password_only() -> None:
    masked = mask_url("postgresql+psycopg2://kb:s3cret@db.example:5432/kb")
    assert masked == "postgresql+psycopg2://kb:***@db.example:5432/kb"
    assert mask_url("sqlite:///kb.sqlite") == "sqlite:///kb.sqlite"


def test_a_malformed_url_never_echoes_its_password() -> None:
    with pytest.raises(UsageError) as caught:
        normalise_url("postgresql://kb:s3cret@db.example:notaport/kb")
    assert "s3cret" not in str(caught.value)
