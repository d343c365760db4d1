from __future__ import annotations

from datetime import date

from kb.article import Article
from kb.ingest.readers.items import ReadError
from kb.ingest.readers.jsonl import read_jsonl


def test_bad_lines_are_named_by_line_and_good_lines_still_read(fixtures):
    path = fixtures / "lines.jsonl"
    with path.open("rb") as stream:
        items = list(read_jsonl(stream, str(path)))
    errors = {item.item: item.reason for item in items if isinstance(item, ReadError)}
    articles = [item for item in items if isinstance(item, Article)]
    assert set(errors) == {f"{path}:2", f"{path}:4"}
    assert errors[f"{path}:2"].startswith("malformed JSON")
    assert errors[f"{path}:4"] == "expected an article object, found a list"
    assert [a.source_ref for a in articles] == [f"{path}:1", f"{path}:3", f"{path}:6"]
    assert articles[0].outlet == "Frontier Post"
    assert articles[1].published == date(2023, 3, 9)
    assert articles[2].text_ur and articles[2].title_ur == "اردو خبر"


def test_lines_are_consumed_lazily():
    def lines():
        yield b'{"title": "a", "text": "First."}\n'
        raise AssertionError("read past the first article")

    first = next(read_jsonl(lines(), "stream.jsonl"))
    assert first.title == "a"


def test_latin1_line_is_decoded():
    line = '{"title": "Genève", "text": "Les ministres se sont réunis à Genève."}\n'
    [article] = read_jsonl([line.encode("latin-1")], "x.jsonl")
    assert article.title == "Genève"


def test_binary_line_is_an_error_for_that_line_only():
    items = list(read_jsonl([b"\x00\x01\x02\xff\n", b'{"title": "a", "text": "Ok."}\n'], "j"))
    assert isinstance(items[0], ReadError) and items[0].item == "j:1"
    assert isinstance(items[1], Article)


def test_overlong_line_marker_becomes_an_error():
    [error] = read_jsonl([None], "big.jsonl")
    assert error == ReadError("big.jsonl:1", "line too long to be one article")
