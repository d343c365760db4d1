"""The whole extractor on short articles written for the project."""

from datetime import date

from kb.extract.pipeline import extract
from kb.ingest.readers.text import parse_text

CALL_STORY = "\n\n".join(
    [
        "Kenya, Ghana vow closer defence ties",
        "NAIROBI: Kenyan Defence Minister Aden Duale held a telephone conversation with Defence"
        " Minister of Ghana Dominic Nitiwul on Tuesday, the ministry said.",
        "Both sides agreed to enhance cooperation in training and peacekeeping.",
        "Mr Nitiwul praised Kenya's role in regional security, including in Somalia.",
        "In March 2019, the two countries signed a Memorandum of Understanding on Defence"
        " Cooperation in Accra.",
        "Duale will visit Accra next month.",
    ]
)


def run(text, published=None):
    return extract(parse_text(text, "test"), published)


def test_call_story():
    result = run(CALL_STORY, date(2023, 6, 8))  # a Thursday
    events = [
        (e.type, e.date.label() if e.date else None, sorted(e.countries), e.status)
        for e in result.events
    ]
    assert ("call", "2023-06-06", ["GHA", "KEN"], "occurred") in events
    # "Both sides agreed …" names no country: participants and date come from the call.
    assert ("cooperation_pledge", "2023-06-06", ["GHA", "KEN"], "occurred") in events
    # The praise is its own event; Somalia is named only in passing.
    assert ("praise", "2023-06-06", ["GHA", "KEN"], "occurred") in events
    assert ("agreement_signed", "2019-03", ["GHA", "KEN"], "occurred") in events
    assert any(e[0] == "visit" and e[3] == "planned" for e in events)
    assert result.countries == ["KEN", "GHA"]


def test_officials_and_their_countries():
    result = run(CALL_STORY, date(2023, 6, 8))
    assert {(o.name, o.country) for o in result.officials} == {
        ("Aden Duale", "KEN"),
        ("Dominic Nitiwul", "GHA"),
    }
    praise = next(e for e in result.events if e.type == "praise")
    assert praise.officials == ["Dominic Nitiwul"]


def test_agreement_record():
    (mou,) = run(CALL_STORY, date(2023, 6, 8)).agreements
    assert mou.name == "Memorandum of Understanding on Defence Cooperation"
    assert mou.kind == "mou"
    assert mou.status == "signed"
    assert mou.date.label() == "2019-03"
    assert sorted(mou.parties) == ["GHA", "KEN"]


def test_without_publication_date_relative_dates_stay_unknown():
    result = run(CALL_STORY)
    call = next(e for e in result.events if e.type == "call")
    assert call.date is None


def test_dateline_date_resolves_relative_expressions():
    text = (
        "Title\n\nLIMA, May 4, 2022 (Agency) - Peru and Chile signed an accord on water on Tuesday."
    )
    (event,) = run(text).events
    assert event.date.label() == "2022-05-03"


def test_evidence_offsets_index_into_the_article_field():
    article = parse_text(CALL_STORY, "test")
    result = extract(article, date(2023, 6, 8))
    assert result.events
    for event in result.events:
        ev = event.evidence
        assert getattr(article, ev.field)[ev.start : ev.end] == ev.text


def test_one_event_per_occurrence():
    text = """Chile, Peru leaders meet

The presidents of Chile and Peru met in Lima on Friday.

The two leaders met to review border trade and discussed migration.

During the meeting, issues of mutual interest were discussed.
"""
    result = run(text, date(2023, 3, 4))
    assert [e.type for e in result.events] == ["meeting"]


def test_past_event_recalled_gets_its_own_date():
    text = """Title

Norway and Iceland held talks in Oslo on Monday.

In 2016, the two countries signed the Agreement on Arctic Research.
"""
    result = run(text, date(2024, 2, 7))
    dated = {e.type: e.date.label() for e in result.events}
    assert dated == {"talks": "2024-02-05", "agreement_signed": "2016"}


def test_preview_article_has_no_events_that_happened():
    text = """Ghana's president to visit Kenya

Ghana's president will pay a state visit to Kenya next week, officials said.

He is expected to hold talks with President William Ruto.
"""
    result = run(text, date(2023, 6, 8))
    assert all(e.status != "occurred" for e in result.events)
    assert result.countries == []


def test_sports_story_is_not_diplomacy():
    text = """Kenya beat Ghana 2-1

Kenya defeated Ghana 2-1 on Sunday to top the group. Ghana will play Togo next.
"""
    result = run(text, date(2023, 6, 8))
    assert result.events == []
    assert result.countries == []


def test_urdu_half_gives_aliases_not_events():
    text = """Pakistan, Japan hold talks

Pakistan and Japan held talks in Tokyo on Monday.

پاکستان اور جاپان نے پیر کو ٹوکیو میں مذاکرات کیے۔
"""
    result = run(text, date(2023, 6, 8))
    assert len(result.events) == 1
    assert {(a.iso3, a.lang) for a in result.country_aliases} == {("PAK", "ur"), ("JPN", "ur")}


def test_bad_input_never_raises():
    for text in ["", "\n\n", "\x00\x01\x02", "中文文本。" * 1000, "x" * 200_000]:
        result = run(text)
        assert result.events == []


def test_large_article_is_read_in_linear_time():
    import time

    paragraph = "Kenya and Ghana held talks on trade in Nairobi on Monday. " * 20
    text = "Title\n\n" + "\n\n".join([paragraph] * 400)  # about 0.5 MB
    started = time.perf_counter()
    run(text, date(2023, 6, 8))
    assert time.perf_counter() - started < 30


def test_contract_json_shape():
    data = run(CALL_STORY, date(2023, 6, 8)).to_json()
    assert set(data) >= {
        "title",
        "published",
        "language",
        "countries",
        "officials",
        "events",
        "agreements",
    }
    event = data["events"][0]
    assert set(event) >= {
        "date",
        "type",
        "status",
        "countries",
        "officials",
        "location",
        "topic",
        "evidence",
    }


def officials_of(result):
    return {o.name: o.country for o in result.officials}


def test_an_untitled_leader_beside_a_foreign_counterpart_is_the_other_side():
    text = "\n\n".join(
        [
            "Leaders meet in Lisbon",
            "LISBON, May 4: Prime Minister Duarte Costa and his Spanish counterpart Lucia Vidal"
            " held talks at the Belem Palace here.",
            "Portugal and Spain agreed to expand rail links.",
        ]
    )
    result = run(text, date(2023, 5, 5))
    people = officials_of(result)
    assert people == {"Duarte Costa": "PRT", "Lucia Vidal": "ESP"}
    # The day is only in the dateline; the lead event takes it.
    talks = next(e for e in result.events if e.type == "talks")
    assert talks.date.label() == "2023-05-04"
    assert {o.title for o in result.officials} == {"Prime Minister"}


def test_a_post_that_names_its_country_beats_the_city_of_the_story():
    text = "\n\n".join(
        [
            "Envoys meet",
            "Secretary of State Laura Quinn met Indian External Affairs Minister Ravi Menon in"
            " New Delhi on Monday.",
        ]
    )
    result = run(text, date(2024, 2, 7))
    assert officials_of(result) == {"Laura Quinn": "USA", "Ravi Menon": "IND"}
    assert [(e.type, sorted(e.countries)) for e in result.events] == [("meeting", ["IND", "USA"])]


def test_what_was_said_during_the_talks_is_part_of_them():
    text = "\n\n".join(
        [
            "Ministers talk",
            "Norwegian Foreign Minister Eva Lie held talks with her Finnish counterpart Aki Salo"
            " in Oslo on Monday.",
            "During the talks, Lie expressed concern over Russian naval activity near the coast"
            " last month.",
        ]
    )
    result = run(text, date(2024, 3, 6))
    assert [(e.type, sorted(e.countries)) for e in result.events] == [("talks", ["FIN", "NOR"])]
    assert "RUS" not in result.countries


def test_a_denied_meeting_is_not_an_event_and_its_people_are_not_listed():
    text = "\n\n".join(
        [
            "Ministry denies meeting",
            "ANKARA: Turkish Foreign Minister Selim Aydin on Monday denied reports that he had met"
            " Greek officials.",
            "Greek media had reported that Defence Minister Nikos Pappas flew to Izmir on Sunday.",
            "Aydin said no such meeting had taken place.",
        ]
    )
    result = run(text, date(2024, 4, 2))
    assert all(e.status != "occurred" for e in result.events)
    assert "Nikos Pappas" not in officials_of(result)


def test_the_two_leaders_are_the_people_of_the_event_just_told():
    text = "\n\n".join(
        [
            "Summit in Hanoi",
            "Vietnamese President Tran Van Long met Thai Prime Minister Somchai Wong in Hanoi on"
            " Friday.",
            "The two leaders signed the Hanoi Agreement on River Transport.",
        ]
    )
    result = run(text, date(2024, 6, 8))
    signed = next(e for e in result.events if e.type == "agreement_signed")
    assert set(signed.officials) == {"Tran Van Long", "Somchai Wong"}
    assert signed.date.label() == "2024-06-07"


def test_briefers_and_spokespeople_are_not_officials_of_the_story():
    text = "\n\n".join(
        [
            "Talks in Rome",
            "ROME: Italian Foreign Minister Marco Ricci held talks with Greek Foreign Minister"
            " Eleni Kostas on Tuesday, spokesperson Paolo Neri said.",
            "Both sides agreed to expand ferry links, Deputy Minister Carla Fabbri told reporters.",
        ]
    )
    result = run(text, date(2024, 1, 10))
    assert set(officials_of(result)) == {"Marco Ricci", "Eleni Kostas"}


def test_a_building_places_the_event_in_its_city_and_hyderabad_house_is_not_pakistan():
    text = "\n\n".join(
        [
            "Leaders meet",
            "Indian Prime Minister Arun Rao held talks with Japanese Prime Minister Ken Mori at"
            " Hyderabad House on Monday.",
            "Mori later met US President Dan Hale at the White House on Friday.",
        ]
    )
    result = run(text, date(2024, 5, 22))
    assert "PAK" not in result.countries
    assert [e.location for e in result.events] == ["New Delhi", "Washington"]


def test_a_renewal_is_dated_by_its_own_clause_not_by_the_original_signing():
    text = "\n\n".join(
        [
            "Pact revived",
            "Chile and Peru agreed on Monday to revive a fisheries cooperation agreement they"
            " signed in 1999.",
        ]
    )
    result = run(text, date(2024, 5, 22))
    (agreement,) = result.agreements
    assert agreement.status == "renewed"
    assert agreement.date.label() == "2024-05-20"
    assert not any(e.type == "agreement_signed" for e in result.events)


def test_two_agreements_in_one_sentence_keep_their_own_years():
    text = "\n\n".join(
        [
            "Pacts",
            "Brazil signed the Space Cooperation Agreement in 2012 and the Technology Safeguards"
            " Agreement in 2019 with the United States.",
        ]
    )
    result = run(text, date(2024, 5, 22))
    assert {a.name: a.date.label() for a in result.agreements} == {
        "Space Cooperation Agreement": "2012",
        "Technology Safeguards Agreement": "2019",
    }


def summary(result):
    return [
        (e.type, e.date.label() if e.date else None, sorted(e.countries), e.status)
        for e in result.events
    ]


def test_a_list_after_a_signing_names_the_signed_texts():
    story = "\n\n".join(
        [
            "Ghana and Togo sign three MoUs",
            "ACCRA: Ghana and Togo signed three memoranda of understanding on Monday.",
            "They are: an MoU on cross-border electricity trade; an MoU between the Ghana Ports"
            " Authority and the Port of Lome; and an MoU on cooperation in customs.",
        ]
    )
    result = run(story, date(2024, 3, 6))
    names = [a.name for a in result.agreements]
    assert "MoU on cross-border electricity trade" in names
    assert "MoU on cooperation in customs" in names
    for agreement in result.agreements:
        assert agreement.status == "signed"
        assert sorted(agreement.parties) == ["GHA", "TGO"]
        assert agreement.date.label() == "2024-03-04"


def test_a_capital_naming_an_agreement_is_not_a_party():
    story = "\n\n".join(
        [
            "Peru and Ecuador mark anniversary",
            "Under the Brasilia accord, signed in October 1998, Peru and Ecuador ended their"
            " border war.",
        ]
    )
    result = run(story, date(2023, 10, 27))
    assert "BRA" not in result.countries
    assert [sorted(a.parties) for a in result.agreements] == [["ECU", "PER"]]


def test_a_former_leader_thanked_in_passing_takes_no_part():
    story = "\n\n".join(
        [
            "Chile's minister in Lima",
            "LIMA: Chilean Foreign Minister Alberto van Klaveren met Peruvian Foreign Minister"
            " Javier Gonzalez-Olaechea on Monday.",
            "In his remarks, van Klaveren thanked former US President Barack Obama for his help.",
        ]
    )
    result = run(story, date(2023, 11, 14))
    assert "USA" not in result.countries
    assert "Barack Obama" not in [o.name for o in result.officials]
    assert [e.type for e in result.events] == ["meeting"]


def test_an_agreement_still_to_be_signed_is_not_recorded():
    story = "\n\n".join(
        [
            "Serbia and Kosovo talk",
            "BRUSSELS: Serbian President Aleksandar Vucic met Kosovo Prime Minister Albin Kurti"
            " on Monday.",
            "The normalisation agreement still has to be signed by both sides.",
        ]
    )
    result = run(story, date(2023, 3, 1))
    assert result.agreements == []
    assert all(e.type != "agreement_signed" or e.status != "occurred" for e in result.events)


def test_opposition_criticism_is_home_politics():
    story = "\n\n".join(
        [
            "Norway and Iceland sign fisheries deal",
            "OSLO: Norway and Iceland signed the Fisheries Cooperation Agreement on Monday.",
            "Opposition lawmakers criticised the agreement, saying it gave away too much.",
        ]
    )
    result = run(story, date(2024, 5, 7))
    assert "criticism" not in [e.type for e in result.events]


def test_later_that_month_dates_by_the_event_just_told():
    story = "\n\n".join(
        [
            "Oman and Iran",
            "MUSCAT: Omani Foreign Minister Badr Albusaidi met Iranian Foreign Minister"
            " Abbas Araghchi on Tuesday.",
            "The two countries had signed a port agreement in March 2019."
            " Muscat and Tehran restored diplomatic relations later that month.",
        ]
    )
    dates = {e.type: e.date.label() for e in run(story, date(2024, 9, 12)).events}
    assert dates["other"] == "2019-03"


def test_a_recalled_year_does_not_date_what_the_story_goes_on_to_tell():
    story = "\n\n".join(
        [
            "Nepal and India open power line",
            "KATHMANDU: Nepali Prime Minister Pushpa Kamal Dahal met Indian Prime Minister"
            " Narendra Modi on Tuesday.",
            "It is the first such line since the two sides signed the Mahakali Treaty in 1996."
            " The two leaders also jointly opened a new consulate.",
        ]
    )
    events = run(story, date(2023, 6, 1)).events
    later = [e for e in events if "consulate" in e.evidence.text]
    assert [e.date.label() for e in later] == ["2023-05-30"]


def test_the_host_of_a_named_dialogue_holds_talks_not_a_meeting():
    story = "\n\n".join(
        [
            "Peru and Chile talk security",
            "LIMA: The plan was agreed on Monday at the High-Level Border Dialogue in Lima, where"
            " Peruvian Foreign Minister Javier Gonzalez-Olaechea hosted Chilean Foreign Minister"
            " Alberto van Klaveren.",
        ]
    )
    assert [e.type for e in run(story, date(2023, 11, 14)).events] == ["talks"]


def test_a_dated_past_visit_recalled_by_the_visitors_name_is_an_event():
    story = "\n\n".join(
        [
            "Ghana and Togo leaders meet",
            "ACCRA: Ghanaian President Nana Akufo-Addo met Togolese President Faure Gnassingbe"
            " on Monday.",
            "Ties have grown since Gnassingbe's visit to Accra in May 2019.",
            "It was the first visit to Ghana by a Togolese leader this year.",
        ]
    )
    events = summary(run(story, date(2024, 3, 6)))
    assert ("visit", "2019-05", ["GHA", "TGO"], "occurred") in events
    assert [e for e in events if e[0] == "visit"] == [
        ("visit", "2019-05", ["GHA", "TGO"], "occurred")
    ]


def test_also_in_a_later_sentence_tells_one_more_occurrence():
    story = "\n\n".join(
        [
            "Chile and Peru open a bridge",
            "LIMA: Chilean President Ana Reyes and Peruvian President Luis Soto jointly"
            " inaugurated a new border bridge on Monday.",
            "They also witnessed the launch of a shared bus line.",
        ]
    )
    events = [e for e in run(story, date(2024, 5, 8)).events if e.type == "other"]
    assert [e.evidence.text[:4] for e in events] == ["LIMA", "They"]
    assert all(sorted(e.countries) == ["CHL", "PER"] for e in events)


def test_a_sentence_naming_other_people_is_not_merged_into_the_encounter_just_told():
    story = "\n\n".join(
        [
            "Polish president in Vilnius",
            "VILNIUS: Polish President Adam Nowak met Lithuanian President Jonas Kairys on"
            " Tuesday.",
            "He then called on Prime Minister Rita Vaitkus at her office.",
        ]
    )
    meetings = [e for e in run(story, date(2024, 5, 8)).events if e.type == "meeting"]
    assert len(meetings) == 2
    assert meetings[1].officials == ["Rita Vaitkus"]
    assert sorted(meetings[1].countries) == ["LTU", "POL"]


def test_an_unmarked_minister_paired_with_a_foreign_one_is_from_the_filing_country():
    story = "\n\n".join(
        [
            "Oslo and Helsinki talk fisheries",
            "OSLO - Norway said on Monday it had no plans to let Russian trawlers into its ports.",
            "Fisheries Minister Kari Dahl said she spoke by phone on Monday with her Finnish"
            " counterpart, Aino Virta, who said no Russian vessel had asked to dock in Finland.",
        ]
    )
    people = {o.name: o.country for o in run(story, date(2024, 3, 5)).officials}
    assert people == {"Kari Dahl": "NOR", "Aino Virta": "FIN"}
