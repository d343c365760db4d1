"""The list of well-known office holders: how names match it, and bare names in sentences."""

import pytest

from kb.extract.known_officials import known_country, listed_names
from kb.extract.officials import with_listed


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Recep Tayyip Erdoğan", "TUR"),  # accents folded
        ("Tayyip Erdogan", "TUR"),  # fewer words than the list
        ("Erdogan", "TUR"),  # the family name alone
        ("KISHIDA Fumio", "JPN"),  # family name first, in capitals
        ("Yoon Suk-yeol", "KOR"),  # hyphenated given name
        ("Abdel Fattah El Sisi", "EGY"),  # another spelling of the article
        ("Mian Muhammad Nawaz Sharif", "PAK"),  # more words than the list
    ],
)
def test_listed_person_is_recognised_in_any_spelling(name, iso3):
    assert known_country(name) == iso3


@pytest.mark.parametrize("name", ["Kim", "Abdullah", "Ahmed Khan", "Jane Roe"])
def test_common_or_ambiguous_names_say_nothing(name):
    assert known_country(name) is None


def found(sentence):
    return [(sentence[start:end], o.iso3) for start, end, o in listed_names(sentence)]


def test_bare_names_are_found_with_their_country():
    sentence = "The thaw began when Sisi and Erdogan shook hands in Doha."
    assert found(sentence) == [("Sisi", "EGY"), ("Erdogan", "TUR")]


def test_full_name_is_taken_whole_without_the_title_before_it():
    assert found("Turkish President Recep Tayyip Erdoğan arrived.") == [
        ("Recep Tayyip Erdoğan", "TUR")
    ]
    assert found("He held talks with Kim's father, Kim Jong Il.") == [("Kim Jong Il", "PRK")]


def test_words_that_only_look_like_names_are_left():
    assert found("In May the Modi-era rules lapsed.") == []


def test_names_in_passing_are_not_officials():
    for sentence in [
        "Ties cooled under his predecessor Jair Bolsonaro.",
        "The Trump administration imposed tariffs.",
        "It happened after the government of Nicolas Maduro objected.",
        "The ministers discussed aid to Ukraine in the face of Putin's invasion.",
    ]:
        assert with_listed(sentence, []) == [], sentence


def test_a_possessive_names_the_person_when_it_is_an_encounter():
    assert [m.name for m in with_listed("Modi's three-day visit began on Monday.", [])] == ["Modi"]


def test_bare_name_becomes_an_official_mention_with_the_listed_post():
    (mention,) = with_listed("Putin signed the decree.", [])
    assert (mention.name, mention.country, mention.title, mention.listed) == (
        "Putin",
        "RUS",
        "President",
        True,
    )
