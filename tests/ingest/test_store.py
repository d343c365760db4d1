"""The store on SQLite and PostgreSQL: idempotent writes, fusion across articles, provenance."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from builders import agreement, article, counts, event, extraction, official, rows

from kb.ingest.store import Store

MOU = "memorandum of understanding (MoU) on defence cooperation and exchanges"


def _dawn_style_mou() -> tuple:
    story = article(
        "Pakistan and Japan on Tuesday signed a memorandum of understanding (MoU) on defence "
        "cooperation and exchanges in Rawalpindi.",
        "Officials said the signing followed a round of staff talks.",
        title="Pakistan, Japan ink defence MoU",
        published=date(2019, 6, 19),
        url="https://news.example/2019/06/pak-japan-mou",
    )
    sentence = story.text_en.split(" Officials")[0]
    facts = extraction(
        story,
        events=[
            event(story, sentence, "agreement_signed", ["PAK", "JPN"], "2019-06-18", agreement=0)
        ],
        agreements=[agreement(story, sentence, MOU, ["PAK", "JPN"], "2019-06-18")],
    )
    return story, facts


def _recollection_of_mou() -> tuple:
    sentence = (
        "In 2019 the two countries signed a Memorandum of Understanding on Defense Cooperation "
        "and Exchange."
    )
    story = article(
        "The army chief received the Japanese envoy at GHQ.",
        sentence,
        title="Japanese envoy calls on army chief",
        published=date(2021, 3, 3),
    )
    name = "Memorandum of Understanding on Defense Cooperation and Exchange"
    facts = extraction(
        story,
        events=[event(story, sentence, "agreement_signed", ["JPN", "PAK"], "2019", agreement=0)],
        agreements=[agreement(story, sentence, name, ["JPN", "PAK"], "2019")],
    )
    return story, facts


def test_storing_the_same_article_twice_changes_no_counts(engine: sa.Engine) -> None:
    store = Store(engine)
    story, facts = _dawn_style_mou()
    first = store.store(story, facts)
    before = counts(engine)
    second = Store(engine).store(story, facts)
    assert first.status == "new"
    assert second.status == "unchanged" and second.article_id == first.article_id
    assert counts(engine) == before
    assert before["articles"] == 1 and before["events"] == 1 and before["agreements"] == 1


def test_one_mou_in_two_articles_is_one_agreement_and_one_signing_event(
    engine: sa.Engine,
) -> None:
    store = Store(engine)
    for story, facts in (_recollection_of_mou(), _dawn_style_mou()):
        store.store(story, facts)
    assert counts(engine)["agreements"] == 1
    (signing,) = rows(engine, "SELECT id, date, date_precision, agreement_id FROM events")
    assert str(signing.date) == "2019-06-18" and signing.date_precision == "day"
    assert signing.agreement_id is not None
    mentions = rows(
        engine, "SELECT article_id FROM event_mentions WHERE event_id = :e", e=signing.id
    )
    assert len({m.article_id for m in mentions}) == 2
    (deal,) = rows(engine, "SELECT date, date_precision FROM agreements")
    assert str(deal.date) == "2019-06-18" and deal.date_precision == "day"
    assert len(rows(engine, "SELECT * FROM agreement_mentions")) == 2
    assert len(rows(engine, "SELECT * FROM agreement_parties")) == 2


def test_the_precise_report_first_keeps_its_day_when_the_vague_one_follows(
    engine: sa.Engine,
) -> None:
    store = Store(engine)
    for story, facts in (_dawn_style_mou(), _recollection_of_mou()):
        store.store(story, facts)
    (signing,) = rows(engine, "SELECT date, date_precision FROM events")
    assert str(signing.date) == "2019-06-18" and signing.date_precision == "day"
    assert counts(engine)["event_mentions"] == 2


def test_two_different_agreements_signed_the_same_day_stay_apart(engine: sa.Engine) -> None:
    first = "China and Pakistan signed an agreement on a motorway upgrade on Monday."
    second = "China and Pakistan also signed a memorandum on a fibre optic cable that day."
    story = article(first, second, published=date(2015, 4, 21))
    facts = extraction(
        story,
        events=[
            event(story, first, "agreement_signed", ["CHN", "PAK"], "2015-04-20", agreement=0),
            event(story, second, "agreement_signed", ["CHN", "PAK"], "2015-04-20", agreement=1),
        ],
        agreements=[
            agreement(story, first, "Agreement on motorway upgrade", ["CHN", "PAK"], "2015-04-20"),
            agreement(story, second, "MoU on fibre optic cable", ["CHN", "PAK"], "2015-04-20"),
        ],
    )
    Store(engine).store(story, facts)
    assert counts(engine)["agreements"] == 2
    linked = rows(engine, "SELECT agreement_id FROM events ORDER BY id")
    assert len(linked) == 2 and linked[0].agreement_id != linked[1].agreement_id


def test_same_url_with_changed_text_updates_the_article_and_leaves_no_orphans(
    engine: sa.Engine,
) -> None:
    store = Store(engine)
    url = "https://news.example/2020/08/call"
    call = "General Ahmed Khan and Minister Ito Ken held a video call on Friday."
    old = article(call, published=date(2020, 8, 7), url=url, title="Video call")
    old_facts = extraction(
        old,
        events=[event(old, call, "call", ["PAK", "JPN"], "2020-08-07", ["Ahmed Khan", "Ito Ken"])],
        officials=[
            official(old, call, "General Ahmed Khan", "PAK", "Chief of Army Staff"),
            official(old, call, "Ito Ken", "JPN", "Defence Minister"),
        ],
    )
    store.store(old, old_facts)
    assert counts(engine)["officials"] == 2

    visit = "Pakistan's foreign secretary visited Tokyo on Friday for talks."
    new = article(visit, published=date(2020, 8, 7), url=url, title="Visit, corrected")
    new_facts = extraction(new, events=[event(new, visit, "visit", ["PAK", "JPN"], "2020-08-07")])
    result = Store(engine).store(new, new_facts)

    assert result.status == "updated"
    after = counts(engine)
    assert after["articles"] == 1
    assert rows(engine, "SELECT title FROM articles")[0].title == "Visit, corrected"
    assert [r.type for r in rows(engine, "SELECT type FROM events")] == ["visit"]
    assert after["officials"] == 0 and after["official_aliases"] == 0
    assert after["official_roles"] == 0 and after["official_mentions"] == 0
    assert after["event_mentions"] == 1 and after["event_participants"] == 2


def test_updating_an_article_keeps_facts_other_articles_still_mention(engine: sa.Engine) -> None:
    store = Store(engine)
    dawn, dawn_facts = _dawn_style_mou()
    store.store(dawn, dawn_facts)
    other, other_facts = _recollection_of_mou()
    store.store(other, other_facts)
    edited = article(
        "Pakistan and Japan signed no further accords this week.",
        title=dawn.title,
        published=dawn.published,
        url=dawn.url,
    )
    assert store.store(edited, extraction(edited)).status == "updated"
    assert counts(engine)["agreements"] == 1 and counts(engine)["events"] == 1
    assert counts(engine)["event_mentions"] == 1


def test_officials_fuse_across_spellings_titles_and_name_subsets(engine: sa.Engine) -> None:
    store = Store(engine)
    spellings = ["Gen Qamar Bajwa", "General Qamar Javed Bajwa", "Qamar Bajwa", "COAS Bajwa"]
    for number, spelling in enumerate(spellings):
        sentence = f"{spelling} received a visiting delegation."
        story = article(sentence, published=date(2020, 1 + number, 1), title=f"Report {number}")
        facts = extraction(
            story, officials=[official(story, sentence, spelling, "PAK", "Chief of Army Staff")]
        )
        store.store(story, facts)
    (person,) = rows(engine, "SELECT id, name FROM officials")
    assert person.name == "Qamar Javed Bajwa"
    aliases = {r.alias for r in rows(engine, "SELECT alias FROM official_aliases")}
    assert aliases == set(spellings)
    (role,) = rows(engine, "SELECT first_seen, last_seen FROM official_roles")
    assert str(role.first_seen) == "2020-01-01" and str(role.last_seen) == "2020-04-01"
    assert counts(engine)["official_mentions"] == 4


def test_a_surname_shared_by_two_officials_fuses_with_neither(engine: sa.Engine) -> None:
    store = Store(engine)
    for number, name in enumerate(["Nawaz Sharif", "Shehbaz Sharif", "Sharif"]):
        sentence = f"{name} spoke to reporters."
        story = article(sentence, title=f"Sharif {number}", published=date(2022, 1, 1 + number))
        store.store(story, extraction(story, officials=[official(story, sentence, name, "PAK")]))
    names = sorted(r.name for r in rows(engine, "SELECT name FROM officials"))
    assert names == ["Nawaz Sharif", "Sharif", "Shehbaz Sharif"]


def test_same_name_in_different_countries_are_different_people(engine: sa.Engine) -> None:
    store = Store(engine)
    for number, country in enumerate(["IND", "PAK"]):
        sentence = "Ali Khan addressed the conference."
        story = article(sentence, title=f"Khan {number}", published=date(2022, 2, 1 + number))
        store.store(
            story, extraction(story, officials=[official(story, sentence, "Ali Khan", country)])
        )
    assert counts(engine)["officials"] == 2


def test_urdu_alias_is_stored_with_its_language(engine: sa.Engine) -> None:
    sentence = "General Qamar Javed Bajwa met the ambassador."
    story = article(sentence, published=date(2020, 1, 1))
    person = official(
        story, sentence, "Qamar Javed Bajwa", "PAK", "Chief of Army Staff", ["قمر جاوید باجوہ"]
    )
    Store(engine).store(story, extraction(story, officials=[person]))
    langs = {r.alias: r.lang for r in rows(engine, "SELECT alias, lang FROM official_aliases")}
    assert langs == {"Qamar Javed Bajwa": "en", "قمر جاوید باجوہ": "ur"}


def test_role_dates_come_from_the_event_when_the_article_is_undated(engine: sa.Engine) -> None:
    sentence = "In August 2020 General Qamar Javed Bajwa spoke by video with Taro Kono."
    story = article(sentence)  # no publication date
    facts = extraction(
        story,
        events=[event(story, sentence, "call", ["PAK", "JPN"], "2020-08", ["Qamar Javed Bajwa"])],
        officials=[official(story, sentence, "Qamar Javed Bajwa", "PAK", "Chief of Army Staff")],
    )
    Store(engine).store(story, facts)
    (role,) = rows(engine, "SELECT first_seen, last_seen FROM official_roles")
    assert str(role.first_seen) == "2020-08-01" == str(role.last_seen)
    (link,) = rows(
        engine, "SELECT official_id FROM event_participants WHERE official_id IS NOT NULL"
    )
    assert link.official_id == rows(engine, "SELECT id FROM officials")[0].id


def test_meeting_talks_and_visit_on_one_day_fuse_but_a_call_does_not(engine: sa.Engine) -> None:
    store = Store(engine)
    reports = [
        ("The Turkish president visited Islamabad on Friday.", "visit"),
        ("The two leaders held talks in Islamabad on Friday.", "talks"),
        ("The prime minister met the Turkish president on Friday.", "meeting"),
        ("The two leaders spoke by phone on Friday.", "call"),
    ]
    for number, (sentence, kind) in enumerate(reports):
        story = article(sentence, title=f"Erdogan {number}", published=date(2020, 2, 15))
        facts = extraction(
            story, events=[event(story, sentence, kind, ["TUR", "PAK"], "2020-02-14")]
        )
        store.store(story, facts)
    types = sorted(r.type for r in rows(engine, "SELECT type FROM events"))
    assert types == ["call", "visit"]
    assert counts(engine)["event_mentions"] == 4


def test_events_with_incompatible_dates_or_other_countries_stay_apart(engine: sa.Engine) -> None:
    store = Store(engine)
    reports = [
        ("Pakistan and Japan held talks on 1 March 2022.", ["PAK", "JPN"], "2022-03-01"),
        ("Pakistan and Japan held talks on 2 March 2022.", ["PAK", "JPN"], "2022-03-02"),
        ("Pakistan and China held talks on 1 March 2022.", ["PAK", "CHN"], "2022-03-01"),
        ("Pakistan and Japan held talks in 2021.", ["PAK", "JPN"], "2021"),
    ]
    for number, (sentence, countries, on) in enumerate(reports):
        story = article(sentence, title=f"Talks {number}", published=date(2022, 3, 5))
        store.store(
            story, extraction(story, events=[event(story, sentence, "talks", countries, on)])
        )
    assert counts(engine)["events"] == 4


def test_a_vague_report_fitting_several_precise_events_fuses_with_none(engine: sa.Engine) -> None:
    store = Store(engine)
    reports = [
        ("Pakistan and Japan held staff talks on 1 March 2022.", "2022-03-01"),
        ("Pakistan and Japan held staff talks on 9 March 2022.", "2022-03-09"),
        ("Pakistan and Japan held staff talks in March 2022.", "2022-03"),
        ("Pakistan and Japan held talks on 9 March 2022, officials said.", "2022-03-09"),
    ]
    for number, (sentence, on) in enumerate(reports):
        story = article(sentence, title=f"Staff talks {number}", published=date(2022, 3, 20))
        store.store(
            story, extraction(story, events=[event(story, sentence, "talks", ["PAK", "JPN"], on)])
        )
    dates = sorted(
        (str(r.date), r.date_precision, r.n)
        for r in rows(
            engine,
            "SELECT e.date, e.date_precision, count(m.id) AS n FROM events e "
            "JOIN event_mentions m ON m.event_id = e.id GROUP BY e.id, e.date, e.date_precision",
        )
    )
    assert dates == [("2022-03-01", "day", 1), ("2022-03-01", "month", 1), ("2022-03-09", "day", 2)]


@pytest.mark.parametrize("vague_first", [True, False], ids=["vague-first", "precise-first"])
def test_across_precisions_only_the_same_type_fuses(engine: sa.Engine, vague_first: bool) -> None:
    store = Store(engine)
    reports = [
        ("A Japanese destroyer visited Karachi on 10 January 2019.", "visit", "2019-01-10"),
        (
            "Pakistan and Japan held staff talks in Rawalpindi on 18 June 2019.",
            "talks",
            "2019-06-18",
        ),
        ("Pakistan and Japan last held staff talks in 2019.", "talks", "2019"),
    ]
    if vague_first:
        reports.reverse()
    for number, (sentence, kind, on) in enumerate(reports):
        story = article(sentence, title=f"Report {number}", published=date(2021, 6, 30))
        store.store(
            story, extraction(story, events=[event(story, sentence, kind, ["PAK", "JPN"], on)])
        )
    found = sorted(
        (r.type, str(r.date), r.n)
        for r in rows(
            engine,
            "SELECT e.type, e.date, count(m.id) AS n FROM events e "
            "JOIN event_mentions m ON m.event_id = e.id GROUP BY e.id, e.type, e.date",
        )
    )
    assert found == [("talks", "2019-06-18", 2), ("visit", "2019-01-10", 1)]


def test_undated_events_fuse_only_on_the_same_sentence(engine: sa.Engine) -> None:
    store = Store(engine)
    same = "Japan praised Pakistan's role in regional stability."
    reports = [same, same, "Japan praised Pakistan for its peacekeeping record."]
    for number, sentence in enumerate(reports):
        story = article(sentence, f"Filler sentence number {number}.", title=f"Praise {number}")
        store.store(
            story, extraction(story, events=[event(story, sentence, "praise", ["JPN", "PAK"])])
        )
    per_event = sorted(
        r.n for r in rows(engine, "SELECT count(*) AS n FROM event_mentions GROUP BY event_id")
    )
    assert per_event == [1, 2]


def test_participants_are_the_union_of_every_report(engine: sa.Engine) -> None:
    store = Store(engine)
    first = "Pakistan and Japan held defence talks in Tokyo on Tuesday."
    second = "General Asim Munir met Japanese officials in Tokyo on Tuesday."
    story = article(first, title="Talks", published=date(2022, 3, 2))
    store.store(
        story,
        extraction(story, events=[event(story, first, "talks", ["PAK", "JPN"], "2022-03-01")]),
    )
    story = article(second, title="Munir in Tokyo", published=date(2022, 3, 2))
    facts = extraction(
        story,
        events=[event(story, second, "meeting", ["PAK", "JPN"], "2022-03-01", ["Asim Munir"])],
        officials=[official(story, second, "General Asim Munir", "PAK", "Chief of Army Staff")],
    )
    store.store(story, facts)
    participants = rows(
        engine,
        "SELECT c.iso3, o.name FROM event_participants p JOIN countries c ON c.id = p.country_id "
        "LEFT JOIN officials o ON o.id = p.official_id ORDER BY c.iso3",
    )
    assert [(p.iso3, p.name) for p in participants] == [("JPN", None), ("PAK", "Asim Munir")]
    assert counts(engine)["events"] == 1


def test_the_timeline_view_shows_a_fused_event_once_with_its_mentions(engine: sa.Engine) -> None:
    store = Store(engine)
    for story, facts in (_recollection_of_mou(), _dawn_style_mou()):
        store.store(story, facts)
    (line,) = rows(engine, "SELECT date_label, countries, mentions, agreement FROM timeline")
    assert line.date_label == "2019-06-18" and line.countries == "JPN,PAK"
    assert line.mentions == 2 and "defen" in line.agreement.lower()


def test_the_writer_reads_sqlite_without_a_memory_map(backend: str, engine: sa.Engine) -> None:
    if backend != "sqlite":
        pytest.skip("a SQLite setting")
    with engine.connect() as reader:  # readers (timelines) do map the file
        assert reader.exec_driver_sql("PRAGMA mmap_size").scalar() > 0
    store = Store(engine)
    connection = store._connection()
    assert connection.exec_driver_sql("PRAGMA mmap_size").scalar() == 0
    store.close()
