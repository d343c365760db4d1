"""Round-3 extraction rules, each on a short story written for the project: one host meeting or
ringing several guests apart, guests arriving in a third country's city, "sat down together",
"make the trip", pulling an ambassador out, a weekday pinned by its calendar day, a possessive
date of another occasion, and "such agreement" as a comparison rather than a name."""

from datetime import date

from kb.extract.dates import find_dates
from kb.extract.pipeline import extract
from kb.ingest.readers.text import parse_text


def run(*paragraphs, published=date(2022, 3, 10)):
    return extract(parse_text("\n\n".join(paragraphs), "test"), published)


def occurred(result, kind):
    return sorted(
        (e.date.label() if e.date else "", tuple(sorted(e.countries)))
        for e in result.events
        if e.status == "occurred" and e.type == kind
    )


def test_receiving_two_guests_separately_is_one_meeting_per_guest():
    result = run(
        "Andean talks",
        "President Gabriel Boric of Chile and President Pedro Castillo of Peru signed a border"
        " protocol in Brasilia on 8 March.",
        "President Jair Bolsonaro of Brazil later met Boric and Castillo separately, telling the"
        " Chilean leader that next month's forum would go ahead.",
    )
    assert occurred(result, "meeting") == [
        ("2022-03-08", ("BRA", "CHL")),
        ("2022-03-08", ("BRA", "PER")),
    ]


def test_a_call_to_both_leaders_just_told_is_one_call_each():
    result = run(
        "Border row",
        "The presidents of Ghana and Togo met in Lome on Monday to discuss the frontier.",
        "On Tuesday Emmanuel Macron said he had spoken by telephone to both presidents about the"
        " dispute.",
    )
    assert occurred(result, "call") == [
        ("2022-03-08", ("FRA", "GHA")),
        ("2022-03-08", ("FRA", "TGO")),
    ]


def test_two_guests_arriving_in_a_hosts_city_are_two_visits():
    result = run(
        "Mediation",
        "Ethiopian Prime Minister Abiy Ahmed and Somali President Hassan Sheikh Mohamud arrived"
        " in Mombasa on Wednesday for talks hosted by Kenya.",
    )
    assert occurred(result, "visit") == [
        ("2022-03-09", ("ETH", "KEN")),
        ("2022-03-09", ("KEN", "SOM")),
    ]


def test_sitting_down_together_is_talks():
    result = run(
        "Thaw",
        "Presidents Ana Roe of Chile and Juan Doe of Peru sat down together in the Bolivian"
        " capital on 7 March after a week of shuttle diplomacy.",
    )
    assert occurred(result, "talks") == [("2022-03-07", ("CHL", "PER"))]


def test_pulling_an_ambassador_out_is_a_protest():
    result = run(
        "Fishing row",
        "Peru pulled its ambassador out of Santiago in June 2019 over the fishing dispute.",
    )
    assert occurred(result, "protest") == [("2019-06", ("CHL", "PER"))]


def test_the_last_leader_to_make_the_trip_is_a_dated_visit():
    result = run(
        "A rare guest",
        "Japanese Prime Minister Fumio Kishida landed in Port Moresby on Monday.",
        "Shinzo Abe, in 2015, was the last Japanese prime minister to make the journey.",
        published=date(2023, 3, 8),
    )
    assert ("2015", ("JPN", "PNG")) in occurred(result, "visit")


def test_a_weekday_pinned_by_its_calendar_day_takes_that_day():
    sentence = "What the envoys signed that Friday, 14 June, was a truce."
    found = find_dates(sentence, date(2019, 7, 2))
    assert [(m.value.label() if m.value else None) for m in found] == ["2019-06-14"]


def test_a_weekday_and_a_calendar_day_apart_stay_two_dates():
    found = find_dates("On Monday they recalled the talks of 3 May.", date(2019, 7, 2))
    assert len(found) == 2


def test_a_possessive_date_in_a_later_clause_belongs_to_another_occasion():
    result = run(
        "Partners",
        "Egyptian President Abdel Fattah al-Sisi and Kenyan President William Ruto signed a"
        " trade accord in Cairo on 2 March.",
        "Sisi later held talks with Ruto, saying that this week's forum would open markets.",
    )
    assert occurred(result, "talks") == [("2022-03-02", ("EGY", "KEN"))]


def test_such_an_agreement_between_a_state_and_a_region_is_no_name():
    result = run(
        "Defence pact",
        "CANBERRA, March 9 – Australian Prime Minister Anthony Albanese and Indonesian President"
        " Joko Widodo signed a Defence Cooperation Agreement in Canberra on Wednesday.",
        "It is the first such agreement between Australia and a Southeast Asian country.",
    )
    assert [a.name for a in result.agreements] == ["Defence Cooperation Agreement"]


def test_an_agreement_of_its_kind_is_no_name():
    result = run(
        "Space pact",
        "India and France signed an agreement of its kind on satellite data on 4 March.",
    )
    assert all("kind" not in a.name for a in result.agreements)


def test_each_president_of_a_pair_keeps_the_country_named_after_them():
    result = run(
        "Border",
        "President Luis Arce of Bolivia and President Mario Abdo of Paraguay met in Asuncion on"
        " 8 March.",
    )
    assert {(o.name, o.country) for o in result.officials} == {
        ("Luis Arce", "BOL"),
        ("Mario Abdo", "PRY"),
    }


def test_a_relative_named_beside_an_official_is_not_one():
    result = run(
        "Guests",
        "Prime Minister Mark Rutte flew into Oslo on Monday with his wife Anna, the head of the"
        " intelligence service.",
    )
    assert [o.name for o in result.officials] == ["Mark Rutte"]
