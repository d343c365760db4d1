"""Relative periods that only bound a date ("a few days ago") or count from the date told
before them ("the following month")."""

from datetime import date

from kb.extract.dates import find_dates

REF = date(2022, 4, 21)


def labels(sentence, reference=REF):
    return [(m.text, m.value.label() if m.value else None) for m in find_dates(sentence, reference)]


def test_a_few_days_ago_keeps_only_the_month():
    assert labels("It was signed a few days ago.") == [("a few days ago", "2022-04")]


def test_a_counted_day_ago_stays_a_day():
    assert labels("It was signed two days ago.") == [("two days ago", "2022-04-19")]


def test_the_following_period_counts_from_the_date_before_it():
    assert labels("They met in September 2019 and again the following month.") == [
        ("September 2019", "2019-09"),
        ("the following month", "2019-10"),
    ]
    assert labels("They met on 3 May 2020 and again the next day.")[-1] == (
        "the next day",
        "2020-05-04",
    )
    assert labels("He came in 2017 and the following year.")[-1] == ("the following year", "2018")


def test_the_following_period_with_nothing_before_it_is_left_to_the_story():
    assert labels("He returned the following month.") == []


def test_may_is_a_month_only_where_it_reads_as_one():
    assert labels("They met in May last year.") == [("in May last year", "2021-05")]
    assert labels("He may meet her in June.") == [("in June", "2021-06")]
    assert labels("Theresa May's visit") == []
