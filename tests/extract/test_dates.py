from datetime import date

from kb.extract.dates import find_dates


def labels(sentence, reference, future=False):
    return [
        (m.text, m.value.label() if m.value else None)
        for m in find_dates(sentence, reference, future)
    ]


THURSDAY = date(2022, 5, 12)


def test_weekday_resolves_to_the_most_recent_one():
    assert labels("The envoys met on Tuesday.", THURSDAY) == [("on Tuesday", "2022-05-10")]


def test_weekday_that_is_the_publication_day_is_that_day():
    assert labels("The envoys met on Thursday.", THURSDAY) == [("on Thursday", "2022-05-12")]


def test_future_weekday_looks_forward():
    assert labels("She will travel on Monday.", THURSDAY, future=True) == [
        ("on Monday", "2022-05-16")
    ]


def test_relative_days_and_weeks_keep_their_precision():
    assert labels("He spoke yesterday.", THURSDAY) == [("yesterday", "2022-05-11")]
    # 2-8 May lies inside one month: month precision.
    assert labels("They talked last week.", THURSDAY) == [("last week", "2022-05")]
    assert labels("They talked last week.", date(2022, 5, 3)) == [("last week", "2022")]


def test_explicit_dates_in_every_common_shape():
    assert labels("signed on 4 March 2015 and ratified on June 9, 2016", None) == [
        ("4 March 2015", "2015-03-04"),
        ("June 9, 2016", "2016-06-09"),
    ]
    assert labels("In September 2018, the two sides met.", None) == [("September 2018", "2018-09")]
    assert labels("in 2011 the treaty lapsed", None) == [("2011", "2011")]


def test_relative_expression_without_reference_stays_unknown():
    assert labels("The minister arrived on Sunday.", None) == [("on Sunday", None)]


def test_day_and_month_without_year_take_the_reference_year():
    assert labels("On Oct. 2, the talks opened.", date(2021, 10, 5)) == [("Oct. 2", "2021-10-02")]
    # Weeks after the reference date in a past-tense story: last year's.
    assert labels("On Dec 30 the ships docked.", date(2021, 1, 4)) == [("Dec 30", "2020-12-30")]


def test_words_that_only_look_like_dates_are_ignored():
    assert labels("It may be noted that after the 12th round nothing moved.", THURSDAY) == []
    assert labels("COVID-19 hit 1,200 people and 2020 troops.", THURSDAY) == []


def test_since_marks_a_bound_not_an_occurrence():
    (mention,) = find_dates("They have trained together since 2007.", THURSDAY)
    assert mention.background


def test_a_year_inside_a_name_is_not_a_date():
    assert labels("They discussed Vision 2030 and Agenda 2063.", THURSDAY) == []
    assert labels("In 2019 the two met again.", THURSDAY) == [("2019", "2019")]


def test_a_month_with_last_year_is_last_years_month():
    assert labels("They first met in October last year.", THURSDAY) == [
        ("in October last year", "2021-10")
    ]


def test_a_deadline_is_a_bound_not_a_date():
    found = find_dates("Talks should start within this year or by the end of 2023.", THURSDAY)
    assert [m.background for m in found] == [True, True]


def test_a_part_of_today_is_the_day_the_story_was_filed():
    filed = date(2023, 3, 14)
    for phrase in ("this morning", "This afternoon", "this evening"):
        found = find_dates(f"The envoy was received {phrase} at the palace.", filed)
        assert [m.value.value for m in found] == [filed], phrase
    assert find_dates("Talks went on this week.", filed)[0].value.precision != "day"


def test_a_bound_that_opens_a_when_clause_dates_that_clause():
    sentence = "It was the first visit since May 3, 2015, when the two kings met in Rabat."
    assert [m.background for m in find_dates(sentence, date(2024, 1, 1))] == [False]
    assert [m.background for m in find_dates("No visit since May 3, 2015.", None)] == [True]


def test_relative_date_opening_the_sentence_is_found():
    assert labels("Yesterday the envoys met in Doha.", THURSDAY) == [("Yesterday", "2022-05-11")]


def test_relative_date_in_a_sentence_with_accented_letters_is_found():
    assert labels("The envoys met at a café in Doha last week.", THURSDAY) == [
        ("last week", "2022-05")
    ]


def test_day_count_ago_is_found_without_other_date_words():
    assert labels("The ceasefire collapsed three days ago.", THURSDAY) == [
        ("three days ago", "2022-05-09")
    ]
