"""Agreements named by what they do or by a string of modifiers, two titles joined by "and",
and capitalised quantifiers that only look like part of a name."""

from kb.extract.agreements import find_agreements
from kb.extract.countries import find_countries


def names(sentence):
    return [a.name for a in find_agreements(sentence, find_countries(sentence))]


def test_a_participle_after_an_unnamed_head_describes_the_text():
    assert names("The accord creating a joint customs union was signed by both kings.") == [
        "Accord creating a joint customs union"
    ]
    assert names("The envoys signed a joint statement restoring consular ties in 2019.") == [
        "Joint statement restoring consular ties"
    ]


def test_a_participle_does_not_stretch_a_name_that_is_already_proper():
    assert names(
        "Chile and Peru signed the Chilean-Peruvian action plan listing new projects."
    ) == ["Chilean-Peruvian action plan"]


def test_a_signing_ceremony_is_not_a_description_of_the_text():
    found = names("They attended the agreement signing ceremony in Lima.")
    assert not any("ceremony" in name for name in found)


def test_two_capitalised_titles_joined_by_and_are_two_texts():
    found = names(
        "The ministers signed the Treaty on the Land Frontier and the Treaty on the Sea Frontier."
    )
    assert found == ["Treaty on the Land Frontier", "Treaty on the Sea Frontier"]


def test_a_sentence_opening_quantifier_is_not_part_of_a_name():
    assert names("Neither treaty was ratified by the parliament.") == []
    assert names("Each protocol was ratified within a year.") == []


def test_coordinated_modifiers_and_a_framework_head_form_one_name():
    assert names("Peru and Chile signed a mining and energy cooperation framework agreement.") == [
        "Mining and energy cooperation framework agreement"
    ]


def test_a_duration_is_not_part_of_the_name():
    assert names("Kenya and Uganda signed a five-year water sharing agreement.") == [
        "Water sharing agreement"
    ]
