"""Broken and malicious input: every reader and the extractor give articles or clean errors,
never a traceback, a hang or an entity expanded or fetched (the long version, with 50 MB files,
is bench/chaos/fuzz.py)."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.chaos.fuzz import (
    FORMATS,
    SECRET,
    FetchCounter,
    check_file,
    fixed_cases,
    mutations,
    seeds,
)
from kb.article import Article
from kb.extract.pipeline import extract
from kb.ingest.pipeline import MAX_ARTICLE_CHARS, ingest_items
from kb.ingest.readers import ReadError, read_paths

HOSTILE_TEXT = st.lists(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(list("\u200b\u200d\u200f\u202e\u2066\u061c\ufeff<>&;{}[]\"'\n\r\t")),
        st.sampled_from(["Pakistan", " China ", "پاکستان", "signed", " 5 May 2020 ", "Minister"]),
    ),
    max_size=120,
).map("".join)


@pytest.fixture(scope="module")
def fetch_counter() -> Iterator[FetchCounter]:
    server = FetchCounter()
    yield server
    server.close()


@pytest.fixture(scope="module")
def secret_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("secret") / "secret.txt"
    path.write_text(SECRET)
    return path


def test_every_named_hostile_input_is_read_cleanly(
    fetch_counter: FetchCounter, secret_file: Path, tmp_path: Path
) -> None:
    failures = []
    for name, data in fixed_cases(secret_file, fetch_counter.url, scale=0.1).items():
        path = tmp_path / name
        path.write_bytes(data)
        outcome = check_file(path, "auto")  # every format, full size: bench/chaos/fuzz.py
        if outcome.failure:
            failures.append(f"{name}: {outcome.failure}")
    assert failures == []
    assert fetch_counter.hits == [], "an entity made kb fetch a URL"


def test_entities_in_a_feed_are_neither_expanded_nor_fetched(
    fetch_counter: FetchCounter, secret_file: Path, tmp_path: Path
) -> None:
    cases = fixed_cases(secret_file, fetch_counter.url)
    for name in ("laughs-rss", "external-rss", "external-atom", "xinclude-rss"):
        (tmp_path / f"{name}.xml").write_bytes(cases[name])

    articles = [i for i in read_paths([tmp_path]) if isinstance(i, Article)]

    assert articles, "the entries around the entities are still read"
    for article in articles:
        assert "lollol" not in article.title + article.text_en
        assert SECRET not in article.title + article.text_en
    assert fetch_counter.hits == []


def test_truncated_and_mutated_documents_never_break_a_reader(tmp_path: Path) -> None:
    import random

    rng = random.Random(8)
    failures = []
    for name, data in mutations(seeds(rng), rng, 120):
        path = tmp_path / "input"
        path.write_bytes(data)
        outcome = check_file(path, "auto")
        if outcome.failure:
            failures.append(f"{name}: {outcome.failure}")
    assert failures == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=3000), format=st.sampled_from(FORMATS))
def test_random_bytes_in_any_format_give_articles_or_clean_errors(data: bytes, format: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input"
        path.write_bytes(data)
        assert check_file(path, format).failure is None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=HOSTILE_TEXT, text=HOSTILE_TEXT, format=st.sampled_from(["json", "jsonl", "rss"]))
def test_hostile_text_inside_well_formed_documents_is_read_cleanly(
    title: str, text: str, format: str
) -> None:
    record = {"title": title, "text": text}
    if format == "rss":
        from xml.sax.saxutils import escape

        body = (
            f'<rss version="2.0"><channel><title>t</title><item><title>{escape(title)}</title>'
            f"<description>{escape(text)}</description></item></channel></rss>"
        )
    else:
        body = json.dumps(record)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input"
        path.write_text(body, encoding="utf-8", errors="surrogatepass")
        assert check_file(path, format).failure is None


@settings(max_examples=80, deadline=None)
@given(title=HOSTILE_TEXT, text_en=HOSTILE_TEXT, text_ur=HOSTILE_TEXT)
def test_the_extractor_takes_any_text(title: str, text_en: str, text_ur: str) -> None:
    extraction = extract(Article(title=title, text_en=text_en, text_ur=text_ur))
    for event in extraction.events:
        assert 0 <= event.evidence.start <= event.evidence.end


def test_a_lone_surrogate_in_json_is_one_bad_character_not_a_crashed_run(
    engine: object, tmp_path: Path
) -> None:
    path = tmp_path / "items.jsonl"
    path.write_text(
        '{"\\udc00": 1}\n'
        '{"title": "Pact \\ud800", "text": "Pakistan \\udfff and China signed a pact."}\n'
        '{"text": "Japan and India held talks in Tokyo on 3 March 2021."}\n'
    )

    summary = ingest_items(engine, read_paths([path]))  # type: ignore[arg-type]

    assert (summary.new, summary.failed) == (2, 1)
    assert "keys: \ufffd" in summary.failures[0]["reason"]


def test_an_article_over_the_size_limit_is_refused_by_name_and_the_run_goes_on(
    engine: object, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a-huge.txt").write_text("Title\n\n" + "Talks went on. " * (MAX_ARTICLE_CHARS // 10))
    (inbox / "b-small.txt").write_text("Talks\n\nJapan and India held talks on 3 March 2021.\n")

    summary = ingest_items(engine, read_paths([inbox]))  # type: ignore[arg-type]

    assert (summary.new, summary.failed) == (1, 1)
    assert summary.failures[0]["item"].endswith("a-huge.txt")
    assert "article too long" in summary.failures[0]["reason"]


def test_a_json_number_too_long_to_convert_fails_its_line_only(tmp_path: Path) -> None:
    path = tmp_path / "items.jsonl"
    path.write_text('{"text": "a", "id": ' + "9" * 5000 + '}\n{"text": "Talks in Tokyo."}\n')

    items = list(read_paths([path]))

    assert isinstance(items[0], ReadError) and "malformed JSON" in items[0].reason
    assert isinstance(items[1], Article)


def test_control_characters_in_an_html_fragment_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(
        '<rss version="2.0"><channel><title>t</title><item><title>x</title><description>'
        "&lt;p&gt;Japan\x01 and India held talks.&lt;/p&gt;&lt;p&gt;More.&lt;/p&gt;"
        "</description></item></channel></rss>"
    )

    [item] = read_paths([path], format="rss")

    assert isinstance(item, Article), item
    assert item.text_en == "Japan and India held talks.\n\nMore."


def test_a_text_file_too_big_to_be_one_article_is_refused_before_it_is_decoded(
    tmp_path: Path,
) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("Title\n\n" + "Talks went on. " * (5 * 1024 * 1024 // 15))

    [item] = read_paths([path])

    assert isinstance(item, ReadError)
    assert "more than 4 MB" in item.reason
