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
