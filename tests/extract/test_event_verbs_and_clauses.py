"""Event rules for copy the plain visit/meet/sign vocabulary misses, each on a short story
written for the project: other verb families, two occurrences in one sentence, sentences that
name no country, venues that are not parties, modality, dates counted from the event before,
and aid that lands rather than visits."""

from datetime import date

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


def types(result):
    return [e.type for e in result.events if e.status == "occurred"]


# -- verb families --------------------------------------------------------------------------


def test_a_handshake_is_an_encounter():
    result = run(
        "Chile and Peru mend ties",
        "Chilean President Gabriel Boric and Peruvian President Dina Boluarte shook hands at"
        " a regional forum in Quito in May 2021.",
    )
    assert events(result) == [("meeting", "2021-05", ("CHL", "PER"))]


def test_recognising_independence_naming_ambassadors_and_expulsions_are_other_acts():
    result = run(
        "Two capitals, thirty years",
        "Chile was among the first states to recognise the independence of Namibia, on"
        " 4 June 1990.",
        "In April 2019 Kenya and Ghana named ambassadors to each other's capitals.",
        "Ghana expelled the Kenyan ambassador in August 2020.",
    )
    assert events(result) == [
        ("other", "1990-06-04", ("CHL", "NAM")),
        ("other", "2019-04", ("GHA", "KEN")),
        ("other", "2020-08", ("GHA", "KEN")),
    ]


def test_returning_looted_artefacts_is_restitution_not_aid():
    result = run(
        "Bronzes go home",
        "In October 2021, a German museum handed over 20 looted bronzes to a Nigerian"
        " delegation in Berlin.",
    )
    assert events(result) == [("other", "2021-10", ("DEU", "NGA"))]


def test_negotiations_opened_and_consultations_hosted_are_talks():
    result = run(
        "Kenya and Ghana",
        "Kenya and Ghana opened formal trade negotiations in 2016.",
        "On 3 February, Nairobi hosted Kenyan-Ghanaian consultations on fisheries.",
    )
    assert events(result) == [
        ("talks", "2016", ("GHA", "KEN")),
        ("talks", "2022-02-03", ("GHA", "KEN")),
    ]


def test_a_meeting_held_for_a_dialogue_is_talks():
    result = run(
        "Ministers meet",
        "Kenyan Foreign Minister Raychelle Omamo met Ghanaian Foreign Minister Shirley Botchwey"
        " in Accra on Tuesday for the second Kenya-Ghana strategic dialogue.",
    )
    assert types(result) == ["talks"]


def test_a_meeting_followed_by_delegation_talks_is_talks():
    result = run(
        "Ruto in Accra",
        "ACCRA, March 8 - Kenyan President William Ruto arrived in Accra on Tuesday.",
        "He and Ghanaian President Nana Akufo-Addo held a one-on-one meeting followed by"
        " delegation-level talks.",
    )
    assert types(result) == ["visit", "talks"]


def test_navies_that_trained_together_held_an_exercise():
    result = run(
        "Navies drill",
        "The Kenyan and Ghanaian navies first trained together off Mombasa in November 2018.",
    )
    assert events(result) == [("military_exercise", "2018-11", ("GHA", "KEN"))]


def test_strikes_carried_out_on_another_state_are_other_acts():
    result = run(
        "Border flare-up",
        "Armenia said Azerbaijan carried out strikes against its border posts in September 2021.",
    )
    assert events(result) == [("other", "2021-09", ("ARM", "AZE"))]


def test_more_verbs_of_a_pledge():
    result = run(
        "Partners",
        "The United States pledged to join Australia in upgrading the port in March 2019.",
        "Ghana and Kenya agreed to raise bilateral trade to $2 billion in June 2020.",
    )
    assert events(result) == [
        ("cooperation_pledge", "2019-03", ("AUS", "USA")),
        ("cooperation_pledge", "2020-06", ("GHA", "KEN")),
    ]


def test_aid_announced_in_dollars_is_aid():
    result = run(
        "Aid for Kenya",
        "US Secretary of State Antony Blinken announced $30 million in new US assistance for"
        " Kenya in Nairobi on Monday.",
    )
    assert types(result) == ["aid"]


def test_calling_a_leader_by_name_is_a_call_and_touring_with_a_host_is_a_visit():
    result = run(
        "Calls and tours",
        "On 5 May 2021, Chancellor Olaf Scholz called Putin and urged a ceasefire.",
        "In June 2021, Kenyan Foreign Minister Raychelle Omamo toured the flood zone with her"
        " Ghanaian counterpart Shirley Botchwey.",
    )
    assert types(result) == ["call", "visit"]


# -- two occurrences in one sentence ------------------------------------------------------


def test_a_coordinated_clause_with_its_own_subject_is_a_second_occurrence():
    result = run(
        "Quake",
        "When floods hit Ghana in June 2021, Kenyan President Uhuru Kenyatta telephoned"
        " Ghanaian President Nana Akufo-Addo to offer his sympathy and Kenya sent relief"
        " supplies by air.",
    )
    assert events(result) == [
        ("aid", "2021-06", ("GHA", "KEN")),
        ("call", "2021-06", ("GHA", "KEN")),
    ]


def test_the_same_kind_twice_in_one_sentence_when_dated_apart_or_told_as_another():
    result = run(
        "Ministers travel",
        "Kenyan Foreign Minister Raychelle Omamo visited Accra in May 2021, and Ghanaian"
        " Foreign Minister Shirley Botchwey paid a return visit to Nairobi in July 2021.",
        "On 2 March, Kenyan army chief Robert Kibochi called on President Nana Akufo-Addo, and"
        " the Kenyan President also met Ghanaian Vice President Mahamudu Bawumia.",
    )
    assert events(result) == [
        ("meeting", "2022-03-02", ("GHA", "KEN")),
        ("meeting", "2022-03-02", ("GHA", "KEN")),
        ("visit", "2021-05", ("GHA", "KEN")),
        ("visit", "2021-07", ("GHA", "KEN")),
    ]


def test_a_verb_sharing_the_subject_or_a_second_subject_is_not_a_second_occurrence():
    result = run(
        "Talks in Accra",
        "On 2 March, Kenyan Foreign Minister Raychelle Omamo met Ghanaian Foreign Minister"
        " Shirley Botchwey and held talks on trade.",
    )
    assert len(events(result)) == 1


# -- sentences that name no country -------------------------------------------------------


def test_during_that_visit_takes_the_date_of_the_visit_just_told():
    result = run(
        "Ghana and Kenya",
        "ACCRA, March 8 - Kenyan President William Ruto held talks with Ghanaian President"
        " Nana Akufo-Addo in Accra on Tuesday.",
        "Kenyan Foreign Minister Raychelle Omamo visited Accra in October 2021.",
        "During that visit the two sides agreed to set up a joint trade commission.",
    )
    assert ("cooperation_pledge", "2021-10", ("GHA", "KEN")) in events(result)


def test_the_two_countries_after_a_quarrel_with_a_third_are_the_story_pair():
    result = run(
        "Allies",
        "Kenya and Ghana signed a defence pact on Tuesday.",
        "Kenyan President William Ruto visited Accra in January.",
        "In February, Ghana summoned the Chinese ambassador over a fishing dispute.",
        "The alliance rests on a treaty that the two countries signed on 2 May 1999.",
    )
    assert ("agreement_signed", "1999-05-02", ("GHA", "KEN")) in events(result)


# -- venues are not parties ---------------------------------------------------------------


def test_the_city_of_a_summit_is_a_venue_not_a_party():
    result = run(
        "Leaders meet",
        "Kenyan President William Ruto and Ghanaian President Nana Akufo-Addo last met in"
        " June on the sidelines of the Commonwealth summit in Kigali.",
        "Ruto arrived in Accra this morning on his way to the climate summit in Washington.",
    )
    assert events(result) == [
        ("meeting", "2021-06", ("GHA", "KEN")),
        ("visit", "2022-03-10", ("GHA", "KEN")),
    ]


def test_a_host_receiving_a_guest_in_a_city_is_the_guests_visit():
    result = run(
        "Drills defended",
        "Kenyan Foreign Minister Raychelle Omamo defended the drills last month when she"
        " hosted Ghanaian Foreign Minister Shirley Botchwey in Nairobi.",
    )
    assert events(result) == [("visit", "2022-02", ("GHA", "KEN"))]


# -- modality -----------------------------------------------------------------------------


def test_an_invitation_made_during_a_call_does_not_make_the_call_planned():
    result = run(
        "Invitation",
        "Earlier this month, President Akufo-Addo of Ghana had invited Kenyan President"
        " William Ruto to visit Accra during a telephone call.",
    )
    assert events(result) == [("call", "2022-03", ("GHA", "KEN"))]


def test_companies_warning_of_prices_are_not_states_threatening():
    result = run(
        "Coffee prices",
        "Roasters and coffee makers in Kenya and Germany have warned of further price rises.",
    )
    assert result.events == []


def test_a_text_neither_signed_nor_ratified_and_a_signed_text_in_prospect_are_not_signings():
    result = run(
        "Unfinished business",
        "- Two years after talks ended, the Kenya-Ghana border accord has been neither signed"
        " nor ratified.",
        "A signed accord without the fishing communities would settle little.",
    )
    assert events(result) == []


# -- dates counted from the event before ------------------------------------------------


def test_the_following_month_name_and_days_later_count_from_the_event_just_told():
    result = run(
        "Background",
        "Ghana and Kenya signed a trade deal in Accra in December 2017.",
        "The following October, the two presidents signed a treaty on friendship.",
        "Kenya recalled its ambassador from Accra in January 2019.",
        "Two days later, Ghana expelled the Kenyan ambassador.",
    )
    assert events(result) == [
        ("agreement_signed", "2017-12", ("GHA", "KEN")),
        ("agreement_signed", "2018-10", ("GHA", "KEN")),
        ("other", "2019-01", ("GHA", "KEN")),
        ("protest", "2019-01", ("GHA", "KEN")),
    ]


# -- aid that lands, welcomes that are visits, one ceremony -----------------------------


def test_an_aircraft_carrying_relief_landing_is_aid_not_a_visit():
    result = run(
        "Relief flights",
        "A Kenyan Air Force transport plane carrying rescue teams and medicines landed at"
        " Kotoka airport in Accra on Tuesday.",
        "The Kenyan army's field hospital, staffed by 40 doctors, began treating patients in"
        " Kumasi on Thursday.",
    )
    assert events(result) == [
        ("aid", "2022-03-08", ("GHA", "KEN")),
        ("aid", "2022-03-10", ("GHA", "KEN")),
    ]


def test_a_welcome_with_a_guard_of_honour_belongs_to_the_visit():
    result = run(
        "Ruto in Accra",
        "ACCRA, March 8 - Kenyan President William Ruto arrived in Accra on Tuesday on a state"
        " visit.",
        "Ghanaian President Nana Akufo-Addo received the Kenyan President at Jubilee House,"
        " where a contingent of the armed forces presented him a guard of honour.",
    )
    assert types(result) == ["visit"]


def test_a_second_text_signed_at_the_same_ceremony_is_the_same_signing():
    result = run(
        "Pacts signed",
        "Kenya and Ghana on Tuesday signed a Defence Cooperation Agreement in Accra.",
        "A separate fisheries agreement was signed at the same ceremony.",
    )
    assert types(result) == ["agreement_signed"]
    assert len(result.agreements) == 2


def test_a_thank_you_after_a_signing_is_part_of_it():
    result = run(
        "Pact signed",
        "Kenya and Ghana on Tuesday signed a Defence Cooperation Agreement in Accra.",
        "President Ruto thanked Ghana for its support.",
    )
    assert types(result) == ["agreement_signed"]


def test_counted_periods_keep_no_finer_precision_than_their_anchor():
    from kb.extract.dates import later, next_month_named
    from kb.extract.extraction import PartialDate

    day = PartialDate(date(2020, 3, 1), "day", "text")
    month = PartialDate(date(2020, 11, 1), "month", "text")
    assert later(day, "two", "day").label() == "2020-03-03"
    assert later(day, "two", "day", -1).label() == "2020-02-28"
    assert later(month, "two", "day").label() == "2020-11"
    assert later(month, "3", "month").label() == "2021-02"
    assert later(day, "a", "year").label() == "2021"
    assert later(month, "a few", "week") is None
    assert next_month_named(month, 10).label() == "2021-10"
    assert next_month_named(PartialDate(date(2017, 1, 1), "year", "text"), 10) is None


def test_a_meeting_told_again_with_its_own_date_is_a_second_meeting():
    result = run(
        "Leaders",
        "Kenyan President William Ruto and Ghanaian President Nana Akufo-Addo first met in"
        " Addis Ababa in August 2020, and met again in Kigali at a summit in February 2021.",
    )
    assert [e[1] for e in events(result)] == ["2020-08", "2021-02"]


def test_sport_police_and_companies_are_not_states_acting():
    result = run(
        "Weekend round-up",
        "The Kenyan national team toured Ghana in 2019 and lost the series.",
        "Police carried out raids in Nairobi and Accra on Tuesday against smugglers.",
        "The airline named new ambassadors for its brand in Kenya and Ghana.",
        "Coach Otieno called Mensah and Boateng to the squad for the friendly with Ghana.",
        "Ghana returned the stolen car to its Kenyan owner, police said.",
        "The Kenyan cricket team trained together in Accra before the cup.",
    )
    assert events(result) == []


def test_touring_a_site_during_a_visit_is_part_of_the_visit():
    result = run(
        "Kenyan ships in Accra",
        "ACCRA, March 8 - Two Kenyan Navy ships visited the port of Tema on Tuesday.",
        "The visiting sailors toured the naval museum and the Ghanaian Navy shipyard.",
    )
    assert types(result) == ["visit"]


def test_a_leader_who_names_both_sides_keeps_them_when_the_two_ministers_act():
    result = run(
        "Talks",
        "ACCRA, March 8 - Ghanaian President Nana Akufo-Addo telephoned Japanese Prime Minister"
        " Fumio Kishida on Tuesday.",
        "Separately, Kenyan Foreign Minister Raychelle Omamo met Ghanaian Foreign Minister"
        " Shirley Botchwey in Accra, and the two ministers held the fourth Ministers' Joint"
        " Commission.",
    )
    assert ("meeting", "2022-03-08", ("GHA", "KEN")) in events(result)
