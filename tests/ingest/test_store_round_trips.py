"""How the store talks to the database: few round trips an article on PostgreSQL, an article's new
officials written together, and every transaction ended (committed or rolled back) by store()."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from builders import agreement, article, counts, event, extraction, official, rows

import kb.ingest.store as store_module
from kb.ingest.store import Store


class _Counting:
    """A DBAPI cursor that counts the statements it sends (one round trip each)."""

    def __init__(self, cursor: Any, sent: list[str]) -> None:
        self._cursor = cursor
        self._sent = sent

    def execute(self, sql: str, *args: Any) -> Any:
        self._sent.append(sql)
        return self._cursor.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)


@pytest.fixture
def sent(engine: sa.Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every statement the store sends from here on, through its raw cursors or SQLAlchemy."""
    statements: list[str] = []
    raw = store_module.driver_cursor
    monkeypatch.setattr(store_module, "driver_cursor", lambda c: _Counting(raw(c), statements))

    def listen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", listen)
    yield statements
    sa.event.remove(engine, "before_cursor_execute", listen)


def _mou_report(number: int) -> tuple[Any, Any]:
    """A report of a Pakistan–Japan MoU signed after a meeting, naming both sides' officials."""
    signed = "Pakistan and Japan signed an MoU on defence exchanges on 18 June 2019."
    met = "General Qamar Javed Bajwa met Ambassador Kuninori Matsuda before the signing."
    story = article(signed, met, title=f"MoU report {number}", published=date(2019, 6, 19))
    facts = extraction(
        story,
        events=[
            event(story, signed, "agreement_signed", ["PAK", "JPN"], "2019-06-18", agreement=0),
            event(story, met, "meeting", ["PAK", "JPN"], "2019-06-18", ["Qamar Javed Bajwa"]),
        ],
        agreements=[agreement(story, signed, "MoU on defence exchanges", ["PAK", "JPN"])],
        officials=[
            official(story, met, "Qamar Javed Bajwa", "PAK", "Chief of Army Staff"),
            official(story, met, "Kuninori Matsuda", "JPN", "Ambassador"),
        ],
    )
    return story, facts


def _warm(store: Store) -> None:
    """One unrelated article first: the store's connection and reference data are set up."""
    sentence = "Turkey and Pakistan held staff talks."
    story = article(sentence, title="Warm-up", published=date(2018, 1, 2))
    store.store(story, extraction(story, events=[event(story, sentence, "talks", ["TUR", "PAK"])]))


def test_a_new_article_takes_three_round_trips_on_postgresql_and_a_repeat_four(
    backend: str, engine: sa.Engine, sent: list[str]
) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite runs in-process: no round trips to count")
    store = Store(engine)
    _warm(store)
    sent.clear()
    store.store(*_mou_report(1))
    # BEGIN + locks + the article + every read + ids for its events and agreements; the two
    # officials; the agreement, the events, mentions, participants, aliases, roles and
    # parties + COMMIT.
    assert len(sent) == 3, sent
    sent.clear()
    # The same facts again: the reads; the signing event of the stored MoU this one turns out to
    # be; the participants of the events it fuses with (to add only those missing); the new
    # mentions with COMMIT.
    store.store(*_mou_report(2))
    assert len(sent) == 4, sent
    assert counts(engine)["officials"] == 2 and counts(engine)["events"] == 3


def test_rows_written_with_reserved_ids_leave_the_sequences_ahead_of_them(
    backend: str, engine: sa.Engine
) -> None:
    if backend != "postgresql":
        pytest.skip("only PostgreSQL reserves ids in the article's first statement")
    store = Store(engine)
    for number in (1, 2, 3):  # the second and third fuse: their reserved ids go unused
        store.store(*_mou_report(number))
    with engine.connect() as connection:
        for table in ("events", "agreements"):
            newest = connection.execute(sa.text(f"SELECT max(id) FROM {table}")).scalar_one()
            drawn = connection.execute(
                sa.text(f"SELECT last_value FROM {table}_id_seq")
            ).scalar_one()
            assert drawn > newest
    sentence = "Pakistan and Japan held staff talks."
    story = article(sentence, title="Later", published=date(2021, 3, 4))
    facts = extraction(story, events=[event(story, sentence, "talks", ["PAK", "JPN"])])
    assert store.store(story, facts).new_events == 1
    assert counts(engine)["events"] == 3


def test_a_name_and_its_fuller_form_in_one_article_are_one_official_with_the_fuller_name(
    engine: sa.Engine,
) -> None:
    sentence = "Bajwa, that is General Qamar Javed Bajwa, received the delegation."
    story = article(sentence, published=date(2020, 5, 1))
    facts = extraction(
        story,
        officials=[
            official(story, sentence, "Bajwa", "PAK"),
            official(story, sentence, "Qamar Javed Bajwa", "PAK", "Chief of Army Staff"),
        ],
    )
    result = Store(engine).store(story, facts)
    (person,) = rows(engine, "SELECT id, name FROM officials")
    assert person.name == "Qamar Javed Bajwa" and result.new_officials == 1
    aliases = {r.alias for r in rows(engine, "SELECT alias FROM official_aliases")}
    assert aliases == {"Bajwa", "Qamar Javed Bajwa"}
    (role,) = rows(engine, "SELECT official_id FROM official_roles")
    assert role.official_id == person.id


def test_a_store_sees_the_officials_another_store_wrote_since_its_last_article(
    engine: sa.Engine,
) -> None:
    first, second = Store(engine), Store(engine)
    _warm(second)  # its index is filled now; the official below comes later
    first.store(*_mou_report(1))
    sentence = "Gen Bajwa inspected the troops."
    story = article(sentence, published=date(2020, 6, 1))
    second.store(
        story, extraction(story, officials=[official(story, sentence, "Gen Bajwa", "PAK")])
    )
    assert sorted(r.name for r in rows(engine, "SELECT name FROM officials")) == [
        "Kuninori Matsuda",
        "Qamar Javed Bajwa",
    ]


def test_a_failing_article_is_rolled_back_and_the_store_goes_on(
    backend: str, engine: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(engine)
    _warm(store)
    before = counts(engine)

    def broken(self: Any, agreements: Any) -> int:
        raise RuntimeError("extraction bug")

    with monkeypatch.context() as patched:
        patched.setattr(store_module._ArticleWriter, "_events", broken)
        with pytest.raises(RuntimeError):
            store.store(*_mou_report(1))
    assert counts(engine) == before  # officials and agreement written before the error: gone
    if backend == "postgresql":
        raw = store._connection().connection.driver_connection
        assert raw.get_transaction_status() == 0  # idle: no transaction left open
    assert store.store(*_mou_report(1)).status == "new"
    assert counts(engine)["officials"] == before["officials"] + 2


def test_every_stored_article_is_committed_when_store_returns(engine: sa.Engine) -> None:
    store = Store(engine)
    _warm(store)
    stored = store.store(*_mou_report(1))
    elsewhere = sa.create_engine(engine.url)  # another connection sees only committed rows
    try:
        with elsewhere.connect() as connection:
            found = connection.execute(
                sa.text("SELECT count(*) FROM event_mentions WHERE article_id = :id"),
                {"id": stored.article_id},
            ).scalar_one()
    finally:
        elsewhere.dispose()
    assert found == 2


def test_a_session_that_lost_the_prepared_reads_falls_back_to_plain_sql(
    backend: str, engine: sa.Engine
) -> None:
    if backend != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    store = Store(engine)
    _warm(store)
    raw = store._connection().connection.driver_connection
    raw.cursor().execute("DEALLOCATE ALL")  # as a pooler handing over another session would
    assert store.store(*_mou_report(1)).status == "new"
    assert counts(engine)["officials"] == 2


def test_closing_the_store_leaves_its_session_as_it_found_it(
    backend: str, engine: sa.Engine
) -> None:
    if backend != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    store = Store(engine)
    _warm(store)
    raw = store._connection().connection.driver_connection
    store.close()
    cursor = raw.cursor()
    cursor.execute("SELECT count(*) FROM pg_prepared_statements")
    assert cursor.fetchone()[0] == 0
    cursor.execute("SHOW plan_cache_mode")
    assert cursor.fetchone()[0] == "auto"
    raw.rollback()
