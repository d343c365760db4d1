"""Event, agreement and country rules for wordings the trigger list used to miss, each on a short
story written for the project: port calls, receptions of a pair, adopted joint statements,
published letters, aid convoys, recalls told as a means, closures, suspensions, legal filings,
"spoke with", a second clause with "the two <plural>" as its subject, and ambiguous names."""

from datetime import date

from kb.extract.countries import find_countries
from kb.extract.pipeline import extract
from kb.ingest.readers.text import parse_text


def run(*paragraphs, published=date(2022, 3, 10)):
    return extract(parse_text("\n\n".join(paragraphs), "test"), published)


def events(result, status="occurred"):
    return sorted(
        (e.type, e.date.label() if e.date else "", tuple(sorted(e.countries)))
        for e in result.events
        if e.status == status
    )


def test_warships_sailing_into_a_port_make_a_visit():
    result = run(
        "Frigates in Colombo",
        "Three Chinese navy frigates sailed into Colombo harbour on Monday for a goodwill call.",
    )
    assert events(result) == [("visit", "2022-03-07", ("CHN", "LKA"))]


def test_receiving_the_two_ministers_is_a_meeting_with_both():
    result = run(
        "Border accord",
        "NAIROBI, March 4 – The foreign ministers of Kenya and Uganda signed a border accord in"
        " Nairobi on Friday.",
        "Kenya's Alfred Mutua and Uganda's Jeje Odongo signed the text at State House.",
        "Later on Friday, President William Ruto received the two ministers at State House.",
    )
    meeting = next(e for e in result.events if e.type == "meeting")
    assert meeting.date.label() == "2022-03-04"
    assert {"William Ruto", "Alfred Mutua", "Jeje Odongo"} <= set(meeting.officials)


def test_an_adopted_joint_statement_is_a_signing_and_an_agreement():
    result = run(
        "Upgrade",
        "After the talks on 2 March, President Gabriel Boric and Argentine President Alberto"
        " Fernández adopted a Joint Statement on the deepening of relations between Chile and"
        " Argentina.",
    )
    assert events(result) == [("agreement_signed", "2022-03-02", ("ARG", "CHL"))]
    assert [a.name for a in result.agreements] == ["Joint Statement on the deepening of relations"]
    assert result.agreements[0].kind == "other"


def test_a_joint_statement_only_issued_is_no_agreement():
    result = run(
        "Embassies to reopen",
        "In a joint statement issued after the talks in Lima on 2 March, Peru and Ecuador agreed"
        " to reopen their embassies.",
    )
    assert result.agreements == []


def test_signing_a_joint_statement_in_a_second_clause_is_its_own_occurrence():
    result = run(
        "Border deal",
        "The turning point came in June 2021, when Putin visited Tashkent and the two foreign"
        " ministers signed a joint statement on border demarcation.",
    )
    assert events(result) == [
        ("agreement_signed", "2021-06", ("RUS", "UZB")),
        ("visit", "2021-06", ("RUS", "UZB")),
    ]


def test_a_published_letter_is_a_statement():
    result = run(
        "Letter",
        "On 4 March, Kenya's foreign ministry published a letter in which President William Ruto"
        " told President Yoweri Museveni of Uganda that Kenya backed the plan.",
    )
    assert events(result) == [("statement", "2022-03-04", ("KEN", "UGA"))]


def test_trucks_carrying_relief_that_cross_into_a_country_are_aid():
    result = run(
        "Convoy",
        "On Friday, ten Pakistani trucks loaded with rice, tents and medicine crossed the"
        " Torkham checkpoint into Afghanistan.",
    )
    assert events(result) == [("aid", "2022-03-04", ("AFG", "PAK"))]


def test_recalling_an_ambassador_as_a_means_is_a_protest_and_may_is_a_month():
    result = run(
        "Envoy home",
        "Algeria responded in May 2021 by recalling its ambassador to Morocco for consultations.",
    )
    assert events(result) == [("protest", "2021-05", ("DZA", "MAR"))]


def test_closing_a_border_suspending_a_pact_and_filing_a_case_are_acts():
    result = run(
        "Bad years",
        "Morocco closed its border with Algeria in 1994.",
        "On 9 August 2023, Niger suspended the defence pact it had signed with France in 2010.",
        "Ukraine filed a case against Russia at the International Court of Justice in February"
        " 2022.",
        published=date(2023, 9, 1),
    )
    assert events(result) == [
        ("agreement_signed", "2010", ("FRA", "NER")),
        ("other", "1994", ("DZA", "MAR")),
        ("other", "2022-02", ("RUS", "UKR")),
        ("other", "2023-08-09", ("FRA", "NER")),
    ]


def test_speaking_with_an_official_is_a_call_and_with_the_press_is_not():
    result = run(
        "Call",
        "On 2 March, Chinese President Xi Jinping spoke with Sri Lankan President Ranil"
        " Wickremesinghe about the port.",
        "Later, Indian Foreign Minister Subrahmanyam Jaishankar spoke to CNN about Sri Lanka.",
    )
    assert events(result) == [("call", "2022-03-02", ("CHN", "LKA"))]


def test_a_text_that_must_still_be_ratified_is_planned():
    result = run(
        "Ratification ahead",
        "Norway and Iceland signed a fisheries treaty in Oslo on 2 March.",
        "The treaty must now be ratified by both parliaments.",
    )
    assert [e.type for e in result.events if e.status == "occurred"] == ["agreement_signed"]


def test_a_signatory_sentence_after_a_list_of_texts_is_the_same_signing():
    result = run(
        "Three texts",
        "LIMA – Peru and Chile on Tuesday signed a fisheries agreement, an extradition treaty and"
        " a tax convention.",
        "Later, the two leaders held talks on trade.",
        "The extradition treaty was signed by Peruvian Justice Minister Eduardo Arana and"
        " Chilean Interior Minister Luis Cordero.",
    )
    assert [e.type for e in result.events if e.status == "occurred"] == [
        "agreement_signed",
        "talks",
    ]


def test_parties_in_parliament_criticising_are_home_politics():
    result = run(
        "Row at home",
        "Spain and Portugal signed a water treaty in Madrid on 2 March.",
        "Every party in parliament except the ruling party criticised the Portuguese deal on"
        " Monday.",
    )
    assert [e.type for e in result.events if e.status == "occurred"] == ["agreement_signed"]


def test_an_ambiguous_name_is_the_state_the_text_names_plainly():
    text = "The Democratic Republic of Congo and Angola met. Congo's army and Congolese officials."
    assert [m.iso3 for m in find_countries(text)] == ["COD", "AGO", "COD", "COD"]
    other = "The Republic of the Congo and Gabon met. Congo's army."
    assert [m.iso3 for m in find_countries(other)] == ["COG", "GAB", "COG"]
    assert find_countries("Congo's army.") == []


def test_greenland_and_the_faroes_act_as_the_kingdom_of_denmark():
    assert [m.iso3 for m in find_countries("Greenland and the Faroe Islands")] == ["DNK", "DNK"]


def test_a_capital_commenting_in_a_that_clause_is_no_party():
    result = run(
        "Frigates",
        "Three Chinese navy frigates sailed into Colombo harbour on Monday for a goodwill call"
        " that New Delhi says it is watching closely.",
    )
    assert events(result) == [("visit", "2022-03-07", ("CHN", "LKA"))]
