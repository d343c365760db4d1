"""Reading a question in words with the same gazetteers as the rest of kb."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from kb.errors import UsageError
from kb.query.countries import AmbiguousCountry
from kb.query.question import parse_question


def test_the_readme_question(connection: sa.Connection) -> None:
    question = parse_question(connection, "Pakistan–Japan defence ties since 2019")
    assert [c.iso3 for c in question.countries] == ["PAK", "JPN"]
    assert question.topics == ["defence"]
    assert question.since.start == date(2019, 1, 1) and question.until is None
    assert question.ignored == ["ties"]


@pytest.mark.parametrize(
    ("text", "since", "until"),
    [
        ("Pakistan Japan in 2020", date(2020, 1, 1), date(2020, 12, 31)),
        ("Pakistan Japan before 2020", None, date(2019, 12, 31)),
        ("Pakistan Japan after 2019", date(2020, 1, 1), None),
        ("Pakistan Japan between 2019 and 2021", date(2019, 1, 1), date(2021, 12, 31)),
        ("Pakistan Japan 2019–2021", date(2019, 1, 1), date(2021, 12, 31)),
        ("Pakistan Japan since August 2020", date(2020, 8, 1), None),
        ("Pakistan Japan until 2020-08", None, date(2020, 8, 31)),
    ],
)
def test_date_words_set_the_range(
    connection: sa.Connection, text: str, since: date | None, until: date | None
) -> None:
    question = parse_question(connection, text)
    assert (question.since.start if question.since else None) == since
    assert (question.until.end if question.until else None) == until


def test_demonyms_urdu_and_topic_synonyms(connection: sa.Connection) -> None:
    question = parse_question(connection, "پاکستان and Japanese military meetings")
    assert [c.iso3 for c in question.countries] == ["PAK", "JPN"]
    assert question.topics == ["defence"] and question.types == ["meeting"]


def test_longest_name_wins_over_an_ambiguous_part(connection: sa.Connection) -> None:
    question = parse_question(connection, "South Korea–Japan security")
    assert [c.iso3 for c in question.countries] == ["KOR", "JPN"]


def test_lower_case_codes_are_words_not_countries(connection: sa.Connection) -> None:
    question = parse_question(connection, "what happened in Japan, US and PK")
    assert [c.iso3 for c in question.countries] == ["JPN", "USA", "PAK"]


def test_an_ambiguous_country_in_a_question_is_refused(connection: sa.Connection) -> None:
    with pytest.raises(AmbiguousCountry, match="Korea"):
        parse_question(connection, "Korea and Japan since 2019")


def test_a_question_without_a_country_is_refused(connection: sa.Connection) -> None:
    with pytest.raises(UsageError, match="found no country"):
        parse_question(connection, "defence ties since 2019")
