"""Events told without the usual verbs: talks named as a noun with their participants, an
exchange of views, leaders gathering in a city, a delegation touching down, signature idioms,
travel to "the <Adjective> capital", and a deal closed in a phone call (a call, not a signing)."""

from datetime import date

from kb.extract.pipeline import extract
from kb.ingest.readers.text import parse_text


def run(*paragraphs, published=date(2023, 5, 12)):
    return extract(parse_text("\n\n".join(paragraphs), "test"), published)


def events(result, status="occurred"):
    return sorted(
        (e.type, e.date.label() if e.date else "", tuple(sorted(e.countries)))
        for e in result.events
        if e.status == status
    )


def test_the_leaders_talks_as_a_noun_are_talks():
    result = run(
        "Chile and Argentina",
        "President Gabriel Boric of Chile received President Alberto Fernández of Argentina in"
        " Santiago on Tuesday.",
        "The two presidents' talks on Tuesday covered lithium mining and a new border crossing.",
    )
    assert ("talks", "2023-05-09", ("ARG", "CHL")) in events(result)


def test_a_named_leaders_talks_with_a_counterpart_are_talks():
    result = run(
        "Ghana and Togo",
        "On 3 May, Akufo-Addo's talks with Faure Gnassingbé of Togo in Accra turned to"
        " maritime security.",
    )
    assert ("talks", "2023-05-03", ("GHA", "TGO")) in events(result)


def test_an_exchange_of_views_between_ministers_is_talks():
    result = run(
        "Norway and Poland",
        "On Monday Norway's foreign minister Anniken Huitfeldt and Poland's foreign minister"
        " Zbigniew Rau held an exchange of views with their staff in Oslo.",
    )
    assert ("talks", "2023-05-08", ("NOR", "POL")) in events(result)


def test_leaders_gathering_in_a_city_meet():
    result = run(
        "Baltic summit",
        "The presidents of Estonia, Latvia and Lithuania gathered in Riga on Thursday for"
        " their annual summit.",
    )
    assert events(result) == [("meeting", "2023-05-11", ("EST", "LTU", "LVA"))]


def test_a_delegation_touching_down_is_a_visit():
    result = run(
        "Kenya in Ethiopia",
        "Kenya's foreign minister Alfred Mutua touched down in Ethiopia on Wednesday for two"
        " days of meetings.",
    )
    assert ("visit", "2023-05-10", ("ETH", "KEN")) in events(result)


def test_putting_signatures_to_a_text_is_a_signing():
    result = run(
        "Fisheries",
        "On Tuesday the fisheries ministers of Ghana and Togo put their signatures to a"
        " fisheries cooperation agreement in Lomé.",
    )
    assert events(result) == [("agreement_signed", "2023-05-09", ("GHA", "TGO"))]
    assert [a.name for a in result.agreements] == ["Fisheries cooperation agreement"]


def test_a_text_put_to_paper_is_signed_and_travel_to_the_capital_is_a_visit():
    result = run(
        "Power line",
        "On Friday a power line agreement between Kenya and Tanzania was put to paper in"
        " Dodoma in the presence of President William Ruto, who had travelled to the Tanzanian"
        " capital for the day.",
    )
    found = events(result)
    assert ("agreement_signed", "2023-05-12", ("KEN", "TZA")) in found
    assert ("visit", "2023-05-12", ("KEN", "TZA")) in found


def test_a_deal_sealed_in_a_phone_call_is_a_call_not_a_signing():
    result = run(
        "Gas deal",
        "The gas deal was sealed on Monday in a telephone conversation between Peru's"
        " President Dina Boluarte and Chile's President Gabriel Boric.",
    )
    assert events(result) == [("call", "2023-05-08", ("CHL", "PER"))]


def test_signing_a_law_is_domestic_not_a_signing_between_states():
    result = run(
        "Border law",
        "On Monday Kenya's President William Ruto signed a law on border posts with Uganda.",
    )
    assert not any(t == "agreement_signed" for t, _, _ in events(result))


def test_calling_an_ambassador_home_is_a_protest():
    result = run(
        "Envoy",
        "On Tuesday Peru called its ambassador home from Bogotá over remarks by Colombia's"
        " president.",
    )
    assert ("protest", "2023-05-09", ("COL", "PER")) in events(result)


def test_a_pact_with_a_breakaway_region_is_no_signing_between_states():
    result = run(
        "Port pact",
        "Georgia protested to Russia on Friday over the new port.",
        "On 2 May Russia signed a memorandum on the port with the leader of the breakaway"
        " region of Abkhazia.",
    )
    assert not any(t == "agreement_signed" for t, _, _ in events(result))
