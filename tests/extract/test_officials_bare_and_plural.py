"""Officials named without a capitalised title before them: after their country's possessive,
after a lower-case plural post ("the special envoys A and B"), and after "then" ("the then
foreign ministers, A and B", "then defence minister, A,"). Sentences written for the project."""

from datetime import date

from kb.extract.countries import find_countries
from kb.extract.officials import find_officials, possessive_names, tokenize
from kb.extract.pipeline import extract
from kb.ingest.readers.text import parse_text


def names(sentence):
    return [(m.name, m.title) for m in find_officials(sentence, find_countries(sentence))]


def bare(sentence):
    mentions = find_countries(sentence)
    return [
        (m.name, m.country)
        for m in possessive_names(sentence, mentions, lambda: tokenize(sentence, mentions))
    ]


def test_a_lower_case_plural_post_names_every_person_of_its_list():
    assert names(
        "In March 2009, the special envoys Andrew Mitchell and Hubert Ngoma met in Nairobi."
    ) == [("Andrew Mitchell", "special envoy"), ("Hubert Ngoma", "special envoy")]


def test_then_before_a_plural_post_and_a_comma_names_the_holders_of_the_time():
    assert names(
        "The accord was signed in Quito in May 2004 by the then foreign ministers, Carolina"
        " Barco and Patricio Zuquilanda."
    ) == [("Carolina Barco", "foreign minister"), ("Patricio Zuquilanda", "foreign minister")]


def test_then_without_an_article_still_opens_an_apposition():
    assert names(
        "Peru protested after then defence minister, Jorge Burgos, landed on the islet."
    ) == [("Jorge Burgos", "defence minister")]


def test_a_full_name_after_a_countrys_possessive_is_that_countrys_person():
    assert bare(
        "Chile's Alberto van Klaveren and Peru's Javier González-Olaechea signed a pact."
    ) == [("Alberto van Klaveren", "CHL"), ("Javier González-Olaechea", "PER")]


def test_places_feasts_and_modifiers_after_a_possessive_are_not_people():
    assert bare("They watched France's Bastille Day parade in Paris.") == []
    assert bare("Russia's Far East and Japan's Golden Week were quiet.") == []
    assert bare("Chile's Atacama Desert plan was approved.") == []


def test_a_bare_possessive_name_is_listed_only_when_the_person_acts_in_an_event():
    story = extract(
        parse_text(
            "Pact\n\nChile's Alberto van Klaveren and Peru's Javier González-Olaechea signed a"
            " migration pact in Lima on 3 June 2023.\n\nMeanwhile Chile's Gabriela Mistral"
            " Foundation said its Ana Roe and Peru's José Ruiz Ortega had retired.",
            "test",
        ),
        date(2023, 7, 1),
    )
    assert sorted((o.name, o.country) for o in story.officials) == [
        ("Alberto van Klaveren", "CHL"),
        ("Javier González-Olaechea", "PER"),
    ]
