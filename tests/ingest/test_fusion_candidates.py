"""Where the store looks for an article's events among those stored: by fusion key and the dates
that could fit, and by the sentences already reported, so the lookup stays small however large
the database grows."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from builders import article, event, extraction, rows, when

from kb.extract import extraction as ex
from kb.ingest import fusion
from kb.ingest.statements import candidate_params, statements
from kb.ingest.store import Store, candidate_ranges

KEY = fusion.event_fusion_key("call", ["ARG", "CHL"])


def _dated(label: str) -> ex.Event:
    return ex.Event(
        "call",
        None,
        ["ARG", "CHL"],
        ex.Evidence("A call took place.", "text_en", 0, 18),
        date=when(label),
    )


def test_a_day_reaches_its_own_day_and_the_first_days_of_its_month_and_year() -> None:
    assert candidate_ranges([(_dated("2015-05-20"), KEY)]) == [
        (KEY, date(2015, 1, 1), date(2015, 1, 1)),
        (KEY, date(2015, 5, 1), date(2015, 5, 1)),
        (KEY, date(2015, 5, 20), date(2015, 5, 20)),
    ]


def test_a_year_reaches_every_day_of_it_and_undated_events_reach_nothing() -> None:
    undated = ex.Event("call", None, ["ARG", "CHL"], ex.Evidence("A call.", "text_en", 0, 7))
    assert candidate_ranges([(_dated("2015"), KEY), (undated, KEY)]) == [
        (KEY, date(2015, 1, 1), date(2015, 12, 31))
    ]


def test_sentence_keys_are_stable_signed_64_bit_hashes() -> None:
    key = fusion.sentence_key("argentina and chile held a call")
    assert key == fusion.sentence_key(fusion.normalise_sentence("Argentina and Chile held a call."))
    assert -(2**63) <= key < 2**63
    assert key != fusion.sentence_key("argentina and chile held talks")


def _store_call(store: Store, number: int, on: str | None) -> None:
    sentence = f"Argentina and Chile held phone call number {number}."
    story = article(sentence, title=f"Call {number}")
    store.store(
        story, extraction(story, events=[event(story, sentence, "call", ["ARG", "CHL"], on)])
    )


def test_the_lookup_reads_only_events_whose_dates_could_fit(engine: sa.Engine) -> None:
    stored = [
        ("2010-03-02", "day"),
        ("2015-01-01", "year"),
        ("2015-05-01", "month"),
        ("2015-05-03", "day"),
        ("2015-05-20", "day"),
        ("2016-05-20", "day"),
        ("2015-06-01", "month"),
        (None, None),
    ]
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO events (type, date, date_precision, status, fusion_key)"
                " VALUES ('call', :on, :precision, 'occurred', :key)"
            ),
            [{"on": on, "precision": precision, "key": KEY} for on, precision in stored],
        )
    dialect = engine.dialect.name
    params = candidate_params(dialect, candidate_ranges([(_dated("2015-05-20"), KEY)]), [], [KEY])
    connection = engine.raw_connection()
    try:
        found = statements(dialect).event_candidates.rows(connection.cursor(), params)
    finally:
        connection.close()
    assert sorted(str(row["date"]) for row in found) == ["2015-01-01", "2015-05-01", "2015-05-20"]


def test_an_undated_copy_finds_the_dated_event_its_sentence_reported_years_apart(
    engine: sa.Engine,
) -> None:
    store = Store(engine)
    signed = "Argentina and Chile signed a border accord in Santiago on 3 May 2015."
    first = article(signed, title="Accord signed")
    store.store(
        first,
        extraction(
            first, events=[event(first, signed, "agreement_signed", ["ARG", "CHL"], "2015-05-03")]
        ),
    )
    # A later piece repeats the sentence without a resolvable date, beside a 2023 event: the
    # copy is found through its sentence, not through a date window around 2023.
    later = "Argentina and Chile held talks in Buenos Aires on 9 March 2023."
    second = article(later, signed, title="Talks, with background")
    store.store(
        second,
        extraction(
            second,
            events=[
                event(second, later, "talks", ["ARG", "CHL"], "2023-03-09"),
                event(second, signed, "agreement_signed", ["ARG", "CHL"]),
            ],
        ),
    )
    found = rows(
        engine,
        "SELECT e.type, count(m.id) AS n FROM events e JOIN event_mentions m ON m.event_id = e.id"
        " GROUP BY e.id, e.type ORDER BY e.type",
    )
    assert [(r.type, r.n) for r in found] == [("agreement_signed", 2), ("talks", 1)]


def test_mentions_store_the_key_of_their_normalised_sentence(engine: sa.Engine) -> None:
    store = Store(engine)
    _store_call(store, 7, "2020-01-02")
    (stored,) = rows(engine, "SELECT sentence, sentence_key FROM event_mentions")
    assert stored.sentence_key == fusion.sentence_key(fusion.normalise_sentence(stored.sentence))
