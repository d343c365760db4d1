"""Whose official a person is when the title does not say: the people beside them, the posts
named without a person, the counterpart they face, and who is left out of the officials."""

from datetime import date

from kb.extract.pipeline import extract
from kb.ingest.readers.text import parse_text


def countries_of(*paragraphs, published=date(2024, 3, 6)):
    text = "\n\n".join(["A story", *paragraphs])
    result = extract(parse_text(text, "test"), published)
    return {o.name: o.country for o in result.officials}


def test_officials_listed_as_the_object_of_talks_share_a_side():
    officials = countries_of(
        "ACCRA - Prime Minister Kwame Boateng held talks with Malian Foreign Minister Awa"
        " Traore and Trade Minister Seydou Keita in Accra on Monday.",
    )
    assert officials["Seydou Keita"] == "MLI"
    assert officials["Kwame Boateng"] == "GHA"


def test_officials_receiving_a_visitor_are_one_side():
    officials = countries_of(
        "The Peruvian President began a state visit to Zambia on Monday, the first by a"
        " Peruvian leader, with a Peruvian business delegation.",
        "Works Minister Bwalya Phiri and Zambia's Ambassador to Peru Mutale Banda received"
        " the Peruvian President at the airport.",
    )
    assert officials["Bwalya Phiri"] == "ZMB"


def test_two_signers_witnessed_by_a_third_are_the_two_sides():
    officials = countries_of(
        "Chile and Norway signed a fisheries agreement in Oslo on Monday.",
        "Norwegian Minister Kari Dahl and Fisheries Minister Pablo Soto signed it in the"
        " presence of Chilean President Marta Lagos.",
    )
    assert officials["Pablo Soto"] == "CHL"


def test_a_post_named_without_a_person_is_a_side():
    officials = countries_of(
        "HANOI - The Chilean President arrived in Hanoi on Monday for a state visit to Vietnam.",
        "Welcoming the Chilean President at the airport was Deputy Foreign Minister Tran Van Hoa.",
    )
    assert officials["Tran Van Hoa"] == "VNM"


def test_a_person_is_not_the_side_of_the_counterpart_they_face():
    officials = countries_of(
        "Foreign Minister Oleg Petrenko, who was part of President Ivan Sirko's delegation,"
        " visited Tbilisi in February for talks with his Georgian counterpart, Nino Beridze.",
        "Ukrainian President Ivan Sirko later met Georgian officials in Kyiv in March.",
    )
    assert officials["Nino Beridze"] == "GEO"
    assert officials["Oleg Petrenko"] == "UKR"


def test_well_known_leaders_named_bare_are_officials_of_their_country():
    officials = countries_of(
        "CAIRO - Sisi and Erdogan held talks in Doha in November 2022.",
        "Putin's government said nothing.",
    )
    assert officials == {"Sisi": "EGY", "Erdogan": "TUR"}


def test_people_named_only_in_plans_opposition_and_legislators_are_left_out():
    officials = countries_of(
        "CANBERRA - Australian Foreign Minister Jane Roe met Fijian Prime Minister Tom Vula"
        " in Suva on Monday.",
        "Roe was also scheduled to meet Fijian Defence Minister Sam Toga later this week.",
        "Opposition Leader Mark Tully criticised the talks.",
        "US Senator Bill Hart said the region needed more attention.",
    )
    assert set(officials) == {"Jane Roe", "Tom Vula"}
