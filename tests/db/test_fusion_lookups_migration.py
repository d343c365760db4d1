"""Migration 0004 keys the event mentions a database already holds by their sentences."""

from __future__ import annotations

import sqlalchemy as sa

from kb.db.engine import make_engine
from kb.db.migrate import upgrade
from kb.ingest.fusion import normalise_sentence, sentence_key

SENTENCES = [
    "Kenya and Tanzania reopened the Namanga border post on Friday.",
    "KENYA and Tanzania  reopened the Namanga border post on Friday!",  # same words, same key
    "Kenya’s president thanked his Tanzanian counterpart.",
]


def test_upgrading_keys_every_stored_mention_by_its_normalised_sentence(
    blank_db_url: str,
) -> None:
    engine = make_engine(blank_db_url)
    try:
        upgrade(engine, "0003")
        with engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO articles (id, content_hash, title, text_en, text_ur, source_ref)"
                    " VALUES (1, 'h1', 'Border', 'body', '', 'border.txt')"
                )
            )
            connection.execute(
                sa.text(
                    "INSERT INTO events (id, type, status, fusion_key)"
                    " VALUES (1, 'other', 'occurred', 'other|KEN,TZA')"
                )
            )
            connection.execute(
                sa.text(
                    "INSERT INTO event_mentions (event_id, article_id, sentence, field,"
                    " start_char, end_char) VALUES (1, 1, :sentence, 'text_en', :start, 0)"
                ),
                [{"sentence": s, "start": n} for n, s in enumerate(SENTENCES)],
            )
        upgrade(engine)
        with engine.connect() as connection:
            keys = (
                connection.execute(
                    sa.text("SELECT sentence_key FROM event_mentions ORDER BY start_char")
                )
                .scalars()
                .all()
            )
        assert keys == [sentence_key(normalise_sentence(s)) for s in SENTENCES]
        assert keys[0] == keys[1] != keys[2]
    finally:
        engine.dispose()
