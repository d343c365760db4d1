"""Agreement names versus descriptions: what the agreements stage must not take for a name, and
the shapes of real names it must read (lists, quoted titles, parties listed in the name)."""

from kb.extract.agreements import find_agreements
from kb.extract.countries import find_countries


def names(sentence):
    return [a.name for a in find_agreements(sentence, find_countries(sentence))]


def test_a_superlative_ranks_a_text_rather_than_naming_it():
    assert names("Chile and Peru signed a pact, the most ambitious agreement between them.") == []
    assert names("He called it the strongest treaty the two sides had ever concluded.") == []


def test_the_latest_agreement_still_names_a_text():
    assert names("They signed the latest agreement on fisheries.") == ["Agreement on fisheries"]


def test_a_quantity_ends_a_lower_case_name():
    assert names("The carriers signed a purchase agreement for up to 20 jets.") == [
        "Purchase agreement"
    ]


def test_a_currency_amount_ends_a_capitalised_name():
    assert names("The banks signed a Currency Swap Agreement for USD 200 million.") == [
        "Currency Swap Agreement"
    ]


def test_parties_listed_inside_a_name_do_not_cut_it():
    assert names(
        "A trilateral MoU between Chile, Peru and the United States on building a port was signed."
    ) == ["MoU between Chile, Peru and the United States on building a port"]


def test_many_texts_described_together_are_not_one_name():
    assert names("Ministers signed 14 agreements in fields including mining and tourism.") == []
    assert names("Ministers signed 14 agreements on mining and tourism.") == []


def test_a_counted_list_with_one_subject_each_still_names_each_text():
    assert names("The two sides signed three MoUs on tourism, health and culture.") == [
        "MoU on tourism",
        "MoU on health",
        "MoU on culture",
    ]


def test_a_list_repeating_its_preposition_names_each_text():
    assert names(
        "The documents include MoUs on solar power, on the mining of copper and on rowing."
    ) == ["MoU on solar power", "MoU on the mining of copper", "MoU on rowing"]


def test_one_and_the_other_split_a_pair_of_texts():
    assert names(
        "They signed two MoUs between the Chilean Navy and the Peruvian Navy, one on training"
        " divers and the other on hydrography."
    ) == [
        "MoU between the Chilean Navy and the Peruvian Navy on training divers",
        "MoU between the Chilean Navy and the Peruvian Navy on hydrography",
    ]


def test_a_quoted_title_names_an_adopted_document():
    assert names(
        'The leaders adopted a joint document, "Ghana-Togo: A Shared Coastline", to guide ties.'
    ) == ["Ghana-Togo: A Shared Coastline"]
