"""Officials introduced in the shapes copy uses besides "Title Name": appositions, honorifics,
host countries, delegations and portfolios spelled out in words."""

import pytest

from kb.extract.countries import find_countries
from kb.extract.officials import find_officials


def officials(sentence):
    return [
        (o.name, o.title, o.country) for o in find_officials(sentence, find_countries(sentence))
    ]


def names(sentence):
    return [o.name for o in find_officials(sentence, find_countries(sentence))]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A post with a determiner, then the name between commas.
        (
            "The relics were returned by the region, whose culture minister, Ilse Brandt, "
            "handed them over.",
            ("Ilse Brandt", "culture minister", None),
        ),
        # "then …, now …": the post now held names the country.
        (
            "The deal was drafted by Ana Ruiz, then deputy minister and now Chile's foreign "
            "minister, in Lima.",
            ("Ana Ruiz", "deputy minister and foreign minister", "CHL"),
        ),
        # An ambassador "in" a capital is the sending country's.
        (
            "Brazil's ambassador in Nairobi, Paulo Costa, thanked the hosts.",
            ("Paulo Costa", "ambassador", "BRA"),
        ),
        # A portfolio in plain words between the post and the name.
        (
            "The Canadian special envoy for Arctic affairs, Joanne Tremblay, arrived.",
            ("Joanne Tremblay", "special envoy", "CAN"),
        ),
        # "as Rome's special envoy": the post the person was named to.
        (
            "Talks opened in 2019 with Marco Bellini, a retired judge, as Rome's special envoy.",
            ("Marco Bellini", "special envoy", "ITA"),
        ),
        # The delegation a person leads is their country's.
        (
            "The archive was handed to a Malian delegation led by Culture Minister Awa Traore.",
            ("Awa Traore", "Culture Minister", "MLI"),
        ),
        # Words about tenure inside the title phrase.
        (
            "Japan's new ambassador to Chile Kenji Sato presented his credentials.",
            ("Kenji Sato", "ambassador", "JPN"),
        ),
        (
            "Kenya's newly appointed High Commissioner to Ghana, Peter Mwangi, arrived.",
            ("Peter Mwangi", "High Commissioner", "KEN"),
        ),
        # A host country that is also a given name, then the envoy's name.
        (
            "Ambassador to India Carl Jensen of Denmark met the minister.",
            ("Carl Jensen", "Ambassador", "DNK"),
        ),
        # "-designate" and "-elect" keep the post.
        (
            "Prime Minister-designate Lena Holm met the king.",
            ("Lena Holm", "Prime Minister-designate", None),
        ),
        # Gulf honorifics in capitals.
        (
            "He was welcomed by HE Khalid Nasser, Oman's Ambassador to Japan.",
            ("Khalid Nasser", "Ambassador", "OMN"),
        ),
        (
            "He met his Kuwaiti counterpart, H.H. Sheikh Salem Jaber, on Monday.",
            ("Salem Jaber", "counterpart", "KWT"),
        ),
    ],
)
def test_official_is_found_with_title_and_country(sentence, expected):
    assert expected in officials(sentence)


def test_counterpart_at_the_time_is_found():
    found = officials("He toured the port with his counterpart at the time, Omar Haddad.")
    assert ("Omar Haddad", "counterpart", None) in found


def test_apposition_opening_with_and_is_the_next_person():
    found = officials(
        "The team was led by the trade coordinator, Tom Reed, and Deputy Secretary Lisa Moore."
    )
    assert ("Lisa Moore", "Deputy Secretary", None) in found
    assert all("Lisa" not in (title or "") for _, title, _ in found)


def test_company_post_in_apposition_is_not_an_official():
    assert names("The firm's chairman, John Smith, said profits rose.") == []


def test_ship_named_after_an_admiral_is_not_a_person():
    assert names("The navy sent the frigate Admiral Petrov and a tanker.") == []
    assert names("Before the drill, the Admiral Petrov called at the port.") == []
    assert names("Admiral Karim Nasser inspected the fleet.") == ["Karim Nasser"]


def test_a_leader_of_no_named_state_is_not_an_official():
    assert names("They returned the whip of the clan leader Samuel Kahimemua.") == []
    assert names("North Korean leader Kim Jong Un met him.") == ["Kim Jong Un"]


def test_an_envoy_belongs_to_the_mission_the_sentence_names():
    sentence = "The Danish embassy quoted Ambassador Lars Holm as saying Oslo mattered."
    assert ("Lars Holm", "Ambassador", "DNK") in officials(sentence)


def test_a_rank_after_the_post_leaves_the_title_whole():
    sentence = "Philippine Navy chief Vice Admiral Toribio Adaci attended."
    assert ("Toribio Adaci", "Navy chief", "PHL") in officials(sentence)
