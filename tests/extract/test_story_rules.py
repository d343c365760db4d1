"""Whole-story rules, each on a short article written for the project: what is not an event or
an agreement (company deals, texts only named, plans, denied reports), recalled events with the
date their own clause gives, and whose officials the story names."""

from datetime import date

from kb.extract.pipeline import extract
from kb.ingest.readers.text import parse_text


def run(*paragraphs, published=date(2023, 6, 8)):
    return extract(parse_text("\n\n".join(paragraphs), "test"), published)


def events(result, status="occurred"):
    return sorted(
        (e.type, e.date.label() if e.date else "", tuple(sorted(e.countries)))
        for e in result.events
        if e.status == status
    )


def test_a_deal_between_companies_is_neither_an_event_nor_an_agreement():
    result = run(
        "Ghana and Kenya hold talks",
        "ACCRA: Ghanaian President John Mahama held talks with Kenyan President William Ruto"
        " in Accra on Tuesday.",
        "Earlier in the day, Kenya Airways and Boeing signed a sales agreement for up to"
        " 12 aircraft.",
    )
    assert [e.type for e in result.events] == ["talks"]
    assert result.agreements == []


def test_a_treaty_only_reaffirmed_or_a_deal_only_to_be_discussed_is_not_recorded():
    result = run(
        "Chile and Peru deepen ties",
        "LIMA: Chilean President Gabriel Boric and Peruvian President Dina Boluarte signed the"
        " Lima Declaration on Tuesday.",
        "Chile reaffirmed its commitment to the Treaty on the Prohibition of Nuclear Weapons.",
        "The two sides agreed to commence discussions on a Free Trade Agreement.",
    )
    assert [a.name for a in result.agreements] == ["Lima Declaration"]


def test_texts_expected_to_be_signed_are_planned():
    result = run(
        "Ruto to visit Accra",
        "Kenyan officials expect six memoranda of understanding to be signed with Ghana.",
    )
    assert events(result) == []
    assert result.countries == []


def test_a_report_the_story_denies_is_not_an_event():
    result = run(
        "Ghana denies minister met Kenyan envoy",
        "ACCRA: Ghana's foreign ministry on Monday denied reports that its minister had met"
        " Kenyan officials.",
        "Local media had reported that Foreign Minister Samuel Ablakwa flew secretly to Nairobi"
        " on Sunday for talks.",
    )
    assert events(result) == []


def test_a_renewal_with_a_date_is_a_dated_signing_and_its_signatories_share_the_date():
    result = run(
        "Chile, Peru leaders meet",
        "LIMA: Chilean President Gabriel Boric met Peruvian President Dina Boluarte in Lima on"
        " Tuesday.",
        "The border regime rests on the Chile-Peru Frontier Agreement, which the two countries"
        " renewed for ten years in March 2015. Then Chilean Defence Minister Jorge Burgos signed"
        " the renewal in Lima with Peruvian Defence Minister Jakke Valakivi.",
    )
    assert ("agreement_signed", "2015-03", ("CHL", "PER")) in events(result)
    assert [e for e in events(result) if e[0] == "agreement_signed"] == [
        ("agreement_signed", "2015-03", ("CHL", "PER"))
    ]
    (frontier,) = result.agreements
    assert (frontier.status, frontier.date.label()) == ("renewed", "2015-03")


def test_a_when_clause_takes_the_date_it_follows():
    result = run(
        "Chile, Peru ties",
        "LIMA: Chilean President Gabriel Boric met Peruvian President Dina Boluarte in Lima on"
        " Tuesday.",
        "Ties have grown since Boric's visit to Lima in June 2022, when the two countries"
        " renewed their fisheries agreement.",
    )
    assert ("agreement_signed", "2022-06", ("CHL", "PER")) in events(result)
    assert ("visit", "2022-06", ("CHL", "PER")) in events(result)


def test_an_act_during_a_visit_named_in_passing_gives_two_events():
    result = run(
        "Kenya, Ghana ties",
        "NAIROBI: Kenyan President William Ruto met Ghanaian President John Mahama in Nairobi"
        " on Tuesday.",
        "Accra had come to Nairobi's rescue in March last year, when it agreed to a $1bn loan,"
        " during Ruto's visit to the Ghanaian capital.",
    )
    assert ("aid", "2022-03", ("GHA", "KEN")) in events(result)
    assert ("visit", "2022-03", ("GHA", "KEN")) in events(result)


def test_the_following_month_is_one_month_after_the_date_before_it():
    result = run(
        "Ghana and Kenya",
        "NAIROBI: Kenyan President William Ruto met Ghanaian President John Mahama in Nairobi"
        " on Tuesday.",
        "Kenya established diplomatic relations with Ghana in September 2019, and Ruto paid an"
        " official visit to Ghana the following month.",
    )
    assert ("other", "2019-09", ("GHA", "KEN")) in events(result)
    assert ("visit", "2019-10", ("GHA", "KEN")) in events(result)


def test_two_visits_recalled_in_one_sentence_are_two_events():
    result = run(
        "Ghana and Kenya",
        "NAIROBI: Kenyan President William Ruto met Ghanaian President John Mahama in Nairobi"
        " on Tuesday.",
        "Ruto recalled Mahama's visit to Nairobi in May 2022, and the visit of Foreign Minister"
        " Alfred Mutua to Accra in August 2022.",
    )
    visits = [e for e in events(result) if e[0] == "visit"]
    assert [v[1] for v in visits] == ["2022-05", "2022-08"]


def test_a_lead_signing_without_a_date_takes_the_date_given_later():
    result = run(
        "Kenya, Ghana sign security pact",
        "NAIROBI - Kenya's president has rejected claims that the new pact with Ghana will"
        " allow foreign troops in, after confirming that the pact had been signed.",
        "Speaking on Wednesday, he said the framework agreement on security cooperation had"
        " been signed a few days ago by the two foreign ministers.",
        published=date(2022, 4, 21),
    )
    signings = [e for e in events(result) if e[0] == "agreement_signed"]
    assert signings == [("agreement_signed", "2022-04", ("GHA", "KEN"))]


def test_a_dateline_in_a_third_country_does_not_give_officials_its_nationality():
    result = run(
        "Chile and Peru sign treaty",
        "BOGOTA, June 19 (Wire) - Chilean President Gabriel Boric and Peruvian President Dina"
        " Boluarte signed a treaty on Wednesday in Lima, the first between Chile and Peru in"
        " a decade.",
        "Peru and Chile called the treaty historic. Peru hosted the ceremony and Chile sent"
        " its whole cabinet.",
        "Foreign Minister Alberto van Klaveren, who was part of Boric's delegation, met his"
        " Peruvian counterpart, Javier Gonzalez-Olaechea, in Lima in March.",
        "Colombia has said it welcomes the treaty.",
    )
    assert "COL" not in result.countries
    officials = {o.name: o.country for o in result.officials}
    assert officials["Alberto van Klaveren"] != "COL"


def test_officials_only_in_planned_events_are_not_listed():
    result = run(
        "Kenya, Ghana leaders meet",
        "NAIROBI: Kenyan President William Ruto met Ghanaian President John Mahama in Nairobi"
        " on Tuesday.",
        "Mahama is scheduled to meet Kenyan Speaker Moses Wetangula on Thursday.",
    )
    assert "Moses Wetangula" not in {o.name for o in result.officials}


def test_a_ceremony_joined_by_video_link_is_not_a_call():
    result = run(
        "Kenya, Ghana leaders meet",
        "NAIROBI: Kenyan President William Ruto met Ghanaian President John Mahama in Nairobi"
        " on Tuesday.",
        "The two leaders also joined by video link the inauguration of a solar plant in Tamale.",
    )
    assert "call" not in [e.type for e in result.events]


def test_an_arrival_met_at_the_airport_is_a_visit():
    result = run(
        "Ruto in Accra",
        "Kenyan President William Ruto landed at Accra's Kotoka airport on Monday and was"
        " received at the airport by Ghanaian President John Mahama.",
    )
    assert [e.type for e in result.events] == ["visit"]


def test_a_month_named_may_with_last_year():
    result = run(
        "Chile and Peru",
        "Chilean President Gabriel Boric and Peruvian President Dina Boluarte held their first"
        " summit in Lima in May last year.",
        published=date(2023, 6, 8),
    )
    assert [e.date.label() for e in result.events] == ["2022-05"]


def test_a_signatory_named_with_his_post_then_keeps_the_recalled_date():
    result = run(
        "Chile, Peru ministers talk",
        "LIMA: Chilean Foreign Minister Alberto van Klaveren spoke by phone on Tuesday with his"
        " Peruvian counterpart, Javier Gonzalez-Olaechea.",
        "Chile and Peru signed a Fisheries Agreement in August last year. Van Klaveren signed it"
        " with Ana Cecilia Gervasi, then foreign minister and now an ambassador, in Lima.",
    )
    signings = [e for e in events(result) if e[0] == "agreement_signed"]
    assert signings == [("agreement_signed", "2022-08", ("CHL", "PER"))]


def test_a_date_in_a_relative_clause_about_someone_else_is_not_the_events():
    result = run(
        "Ruto to meet Mahama",
        "Ruto, who is touring West Africa before the summit Kenya hosts in May, will meet"
        " Ghanaian President John Mahama in Accra on Friday.",
        published=date(2023, 1, 11),  # a Wednesday
    )
    (meeting,) = result.events
    assert (meeting.status, meeting.date.label()) == ("planned", "2023-01-13")


def test_a_letter_addressed_to_a_foreign_leader_is_a_statement_and_dates_the_same_day():
    result = run(
        "Ruto in Accra",
        "ACCRA: Kenyan President William Ruto met Ghanaian President John Mahama in Accra on"
        " Tuesday.",
        "The visit follows the letter that Ruto addressed to Mahama on May 4, in which he"
        " backed Ghana's bid.",
        "Togo recalled its ambassador from Nairobi the same day in protest.",
    )
    assert ("statement", "2023-05-04", ("GHA", "KEN")) in events(result)
    protest = next(e for e in result.events if e.type == "protest")
    assert protest.date.label() == "2023-05-04"


def test_his_first_visit_abroad_in_a_month_is_a_recalled_visit():
    result = run(
        "Mahama in Nairobi",
        "NAIROBI: Ghanaian President John Mahama met Kenyan President William Ruto in Nairobi"
        " on Tuesday.",
        "The visit comes three months after Ruto made Accra the destination of his first state"
        " visit abroad in March.",
    )
    assert ("visit", "2023-03", ("GHA", "KEN")) in events(result)


def test_a_first_visit_after_a_date_of_another_clause_is_not_dated_by_it():
    result = run(
        "Ruto to visit Accra",
        "The trip will be Ruto's first abroad since he was re-elected last week, and his first"
        " visit to Ghana since the crisis.",
    )
    assert events(result) == []
