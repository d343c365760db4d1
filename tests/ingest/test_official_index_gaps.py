"""The store's index of officials does not lose an official another writer committed late.

On PostgreSQL, ids come from a sequence when a row is inserted, not when it is committed: a
writer can read id 7 while id 6 is still in another writer's open transaction. Reading only
"newer than the newest id seen" would then skip id 6 for good.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
import sqlalchemy as sa
from builders import article, event, extraction, official, rows

from kb.ingest import fusion
from kb.ingest.store import OfficialIndex, Store, lock_id


def _official_row(id_: int, name: str, country: str = "PAK") -> dict[str, object]:
    return {
        "kind": 0,
        "id": id_,
        "name": name,
        "name_key": fusion.official_name_key(name),
        "country_iso3": country,
    }


def _alias_row(id_: int, official_id: int, name: str) -> dict[str, object]:
    return {"kind": 1, "id": id_, "official_id": official_id, "name": name}


def test_an_id_missing_from_a_read_is_read_again_until_it_appears() -> None:
    index = OfficialIndex()
    index.add_rows([_official_row(1, "Asim Munir"), _official_row(2, "Shehbaz Sharif")])
    assert index.officials_after == 2

    index.add_rows([_official_row(4, "Ishaq Dar")])  # 3 is someone's uncommitted insert
    assert index.officials_after == 2

    index.add_rows([_official_row(3, "Khawaja Asif"), _official_row(4, "Ishaq Dar")])
    assert index.officials_after == 4
    assert index.match(fusion.official_name_tokens("Khawaja Asif"), "PAK") is not None


def test_a_hole_that_never_fills_is_given_up_after_a_while() -> None:
    index = OfficialIndex()
    index.add_rows([_official_row(1, "Asim Munir"), _official_row(3, "Ishaq Dar")])
    assert index.officials_after == 1
    index.gaps[2] = 0.0  # its deadline has passed: a rolled-back insert
    assert index.officials_after == 3


def test_reading_an_official_again_keeps_the_names_gathered_for_it() -> None:
    index = OfficialIndex()
    index.add_rows([_official_row(1, "Qamar Javed Bajwa"), _alias_row(1, 1, "COAS Bajwa")])
    index.add_rows([_official_row(1, "Qamar Javed Bajwa")])
    found = index.match(fusion.official_name_tokens("COAS Bajwa"), "PAK")
    assert found is not None and found.id == 1
    assert len(found.names) == 2


def test_an_official_committed_late_by_another_writer_is_linked_to_later_events(
    backend: str, engine: sa.Engine
) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite has one writer at a time: ids are committed in order")
    store, other = Store(engine), Store(engine)
    slow = engine.connect()
    slow_tx = slow.begin()
    slow.execute(  # a third writer's official: its id is taken, its transaction still open
        sa.text(
            "INSERT INTO officials (name, name_key, country_iso3, created_at) "
            "VALUES ('Qamar Javed Bajwa', :key, 'PAK', now())"
        ),
        {"key": fusion.official_name_key("Qamar Javed Bajwa")},
    )

    met = "Ambassador Kuninori Matsuda met the press in Tokyo."
    first = article(met, title="First", published=date(2020, 8, 1))
    other.store(  # a higher id, committed first
        first,
        extraction(
            first,
            events=[event(first, met, "statement", ["JPN"], "2020-08-01")],
            officials=[official(first, met, "Kuninori Matsuda", "JPN", "Ambassador")],
        ),
    )
    other.close()
    spoke = "Ambassador Kuninori Matsuda spoke to students in Osaka."
    seen = article(spoke, title="Seen", published=date(2020, 8, 2))
    store.store(  # this store's index now holds the higher id, not the open one
        seen,
        extraction(
            seen,
            events=[event(seen, spoke, "statement", ["JPN"], "2020-08-02")],
            officials=[official(seen, spoke, "Kuninori Matsuda", "JPN", "Ambassador")],
        ),
    )
    slow_tx.commit()
    slow.close()

    called = "General Bajwa and Japan's defence minister spoke on the phone."
    second = article(called, title="Second", published=date(2020, 8, 21))
    store.store(
        second,
        extraction(
            second,
            events=[event(second, called, "call", ["PAK", "JPN"], "2020-08-20", ["General Bajwa"])],
        ),
    )
    store.close()

    linked = rows(
        engine,
        "SELECT o.name FROM event_participants p JOIN officials o ON o.id = p.official_id "
        "JOIN events e ON e.id = p.event_id WHERE e.type = 'call'",
    )
    assert [r.name for r in linked] == ["Qamar Javed Bajwa"]


def test_an_article_stored_already_still_teaches_the_index_the_officials_read_with_it(
    backend: str, engine: sa.Engine
) -> None:
    if backend != "postgresql":
        pytest.skip("only PostgreSQL reads officials in the article's first statement")
    sentence = "Foreign Minister Ishaq Dar received Ambassador Wang Hui in Islamabad."
    story = article(sentence, title="Call on the minister", published=date(2024, 5, 2))
    facts = extraction(
        story,
        officials=[
            official(story, sentence, "Ishaq Dar", "PAK", "Foreign Minister"),
            official(story, sentence, "Wang Hui", "CHN", "Ambassador"),
        ],
    )
    Store(engine).store(story, facts)

    late = Store(engine)  # a writer started after: its index is empty
    assert late.store(story, facts).status == "unchanged"
    assert late.officials.officials_after == rows(engine, "SELECT max(id) AS m FROM officials")[0].m


def test_an_event_naming_an_unlisted_official_waits_for_a_writer_creating_that_official(
    backend: str, engine: sa.Engine
) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite has one writer at a time")
    creating = engine.connect()  # another writer, mid-article: holds its officials' lock
    creating_tx = creating.begin()
    creating.execute(
        sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock_id(fusion.official_lock_key("KEN"))}
    )
    creating.execute(
        sa.text(
            "INSERT INTO officials (name, name_key, country_iso3, created_at) "
            "VALUES ('William Ruto', :key, 'KEN', now())"
        ),
        {"key": fusion.official_name_key("William Ruto")},
    )

    called = "President Ruto and Tanzania's leader spoke by phone."
    story = article(called, title="Call", published=date(2024, 2, 3))
    facts = extraction(
        story,
        events=[event(story, called, "call", ["KEN", "TZA"], "2024-02-02", ["President Ruto"])],
    )
    store = Store(engine)
    writer = threading.Thread(target=store.store, args=(story, facts))
    writer.start()
    writer.join(0.5)
    assert writer.is_alive()  # waiting on the lock, not linking without the new official
    creating_tx.commit()
    creating.close()
    writer.join(10)
    store.close()

    linked = rows(
        engine,
        "SELECT o.name FROM event_participants p JOIN officials o ON o.id = p.official_id",
    )
    assert [r.name for r in linked] == ["William Ruto"]
