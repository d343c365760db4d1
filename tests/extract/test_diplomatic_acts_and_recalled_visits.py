"""Round-two generic rules, each on a short article written for the project: diplomatic acts
(persona non grata, a raid on a mission that provokes a break of relations, a clearance), recalled
visits without a plain visit verb, aid flights and money, campaign promises, and a relative year
with a month named after it."""

from datetime import date

from kb.extract.dates import find_dates
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


def test_declaring_an_envoy_persona_non_grata_is_a_diplomatic_act():
    result = run(
        "Peru and Bolivia at odds",
        "Peru and Bolivia traded barbs over the border dispute this week.",
        "On Tuesday, Bolivia declared Peru's chargé d'affaires, Luis Quispe, persona non grata.",
    )
    assert ("other", "2023-06-06", ("BOL", "PER")) in events(result)


def test_a_raid_on_an_embassy_and_the_break_it_provoked_are_two_events():
    result = run(
        "Chile cuts ties with Argentina",
        "Chile has broken off diplomatic relations with Argentina after Argentine police"
        " stormed the Chilean embassy in Buenos Aires on Friday.",
    )
    assert [t for t, _, _ in events(result)] == ["other", "other"]


def test_granting_clearance_for_a_foreign_ship_is_a_diplomatic_act():
    result = run(
        "Oman clears Indian frigate",
        "The Omani Foreign Ministry said on Monday that it had granted clearance for the Indian"
        " frigate to call at Muscat next week.",
    )
    assert ("other", "2023-06-05", ("IND", "OMN")) in events(result)


def test_a_state_visit_recalled_in_a_cleft_sentence_is_a_visit():
    result = run(
        "Mongolia and Japan mark anniversary",
        "It was in Ulaanbaatar, during a state visit in May 2015, that Japanese Prime Minister"
        " Shinzo Abe first proposed a Mongolian economic partnership.",
    )
    assert ("visit", "2015-05", ("JPN", "MNG")) in events(result)


def test_a_possessive_visit_with_a_hyphenated_modifier_is_a_recalled_visit():
    result = run(
        "Chile and Vietnam",
        "Boric's three-day visit to Vietnam in March 2019 was overshadowed by a trade row with"
        " Chile's neighbours.",
        published=date(2023, 6, 8),
    )
    assert [(t, d) for t, d, _ in events(result)] == [("visit", "2019-03")]


def test_a_visit_returned_and_a_guest_received_by_a_leader_are_visits():
    result = run(
        "Ghana and Senegal",
        "Senegalese President Macky Sall travelled to Accra in March 2021.",
        "Ghanaian President Nana Akufo-Addo returned the visit in June 2022.",
        "In May 2019, Sall was received at the Jubilee House by Akufo-Addo.",
    )
    dates = sorted(d for t, d, _ in events(result) if t == "visit")
    assert dates == ["2019-05", "2021-03", "2022-06"]


def test_concluding_its_named_agreement_is_a_signing():
    result = run(
        "Finland and Canada",
        "Finland concluded its Reciprocal Defence Procurement Agreement with Canada in 2020.",
    )
    assert ("agreement_signed", "2020", ("CAN", "FIN")) in events(result)


def test_an_aircraft_landing_as_one_of_the_aid_flights_is_aid_not_a_visit():
    result = run(
        "Fiji relief",
        "An Australian Air Force C-130 landed at Nadi International Airport on Monday, one of"
        " the first relief flights to reach Fiji since the cyclone.",
    )
    assert [t for t, _, _ in events(result)] == ["aid"]


def test_announcing_millions_for_a_project_is_aid():
    result = run(
        "Samoa and New Zealand",
        "New Zealand Prime Minister Chris Hipkins announced NZ$12 million for a Samoan sea wall"
        " project in Apia on Monday.",
    )
    assert ("aid", "2023-06-05", ("NZL", "WSM")) in events(result)


def test_a_promise_made_during_the_campaign_is_not_a_pledge():
    result = run(
        "Colombia's new leader",
        "Colombian President-elect Ana Ruiz met US Secretary of State Antony Blinken on Monday.",
        "During the campaign she promised to expand coca substitution with the United States.",
    )
    assert [t for t, _, _ in events(result)] == ["meeting"]


def test_a_tour_after_a_visit_is_part_of_that_visit():
    result = run(
        "King visits Ghana",
        "ACCRA - King Philippe of Belgium arrived in Accra on Tuesday for a state visit to Ghana.",
        "The King later laid a wreath at the memorial, where he also toured the museum.",
    )
    assert [t for t, _, _ in events(result)] == ["visit"]


def test_a_month_after_a_relative_year_takes_that_year():
    (mention,) = find_dates("Three years ago, in May, the envoy came.", date(2023, 6, 8))
    assert mention.value.label() == "2020-05"


def test_a_visit_and_the_signing_its_leaders_oversaw_are_two_events():
    result = run(
        "Qatar and Kenya",
        "Kenyan President William Ruto visited Doha in May 2022, and the two leaders oversaw the"
        " signing of five agreements.",
    )
    assert [t for t, _, _ in events(result)] == ["agreement_signed", "visit"]


def test_what_leaders_discussed_during_a_retreat_is_talks_when_no_encounter_was_told():
    result = run(
        "Laos and Thailand sign rail deal",
        "VIENTIANE: Laos and Thailand yesterday signed an agreement on a cross-border railway.",
        "During the annual leaders' retreat, the two prime ministers discussed border trade and"
        " river management.",
    )
    assert [t for t, _, _ in events(result)] == ["agreement_signed", "talks"]


def test_what_leaders_discussed_during_talks_already_told_is_not_another_event():
    result = run(
        "Laos and Thailand hold talks",
        "VIENTIANE: Lao Prime Minister Sonexay Siphandone held talks with Thai Prime Minister"
        " Srettha Thavisin yesterday.",
        "During the talks, the two prime ministers discussed border trade.",
    )
    assert [t for t, _, _ in events(result)] == ["talks"]


def test_a_signing_told_after_a_dated_visit_takes_the_visit_date_not_the_story_date():
    result = run(
        "Qatar and Kenya",
        "DOHA - Kenyan President William Ruto arrived in Doha on Tuesday for talks.",
        "Ruto first visited Doha in May 2022, and the two leaders oversaw the signing of five"
        " agreements.",
    )
    assert ("agreement_signed", "2022-05", ("KEN", "QAT")) in events(result)


def test_a_visit_told_by_its_week_then_by_its_day_is_one_visit():
    result = run(
        "Erdogan in Baku",
        "Turkish President Recep Tayyip Erdogan's visit to Azerbaijan last week capped months"
        " of preparation.",
        "Erdogan arrived in Baku on 7 June and was received by President Ilham Aliyev.",
        published=date(2023, 6, 14),
    )
    assert [(t, d) for t, d, _ in events(result)] == [("visit", "2023-06-07")]


def test_media_accusations_are_not_a_state_criticism():
    result = run(
        "Greece and Turkey",
        "Greek Prime Minister Kyriakos Mitsotakis met Turkish President Recep Tayyip Erdogan in"
        " Athens on Thursday.",
        "Pro-government Turkish media long accused Greece of harbouring coup plotters in 2016.",
    )
    assert [t for t, _, _ in events(result)] == ["meeting"]
