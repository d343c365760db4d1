from __future__ import annotations

from datetime import date

from kb.article import Article
from kb.ingest.readers.items import ReadError
from kb.ingest.readers.json import parse_json


def read(fixtures, name):
    path = fixtures / name
    return list(parse_json(path.read_text(encoding="utf-8"), str(path)))


def test_single_object_with_alternative_keys(fixtures):
    [article] = read(fixtures, "single.json")
    assert isinstance(article, Article)
    assert article.title.startswith("Foreign ministers of Pakistan")
    assert article.text_en.split("\n\n")[1].startswith("Both sides agreed")
    assert article.published == date(2021, 10, 14)
    assert article.url == "https://news.example/2021/10/14/fm-meeting"
    assert article.outlet == "Example Daily"
    assert article.language == "en"
    assert article.extra["author"] == "Staff reporter"


def test_wrapped_list_reads_good_items_and_names_bad_ones(fixtures):
    items = read(fixtures, "wrapped.json")
    ref = str(fixtures / "wrapped.json")
    assert [type(item) for item in items] == [Article, Article, ReadError, ReadError]
    assert items[0].published == date(2018, 4, 23)
    assert items[0].source_ref == f"{ref}#item-1"
    # A bad date loses the date, not the article.
    assert items[1].published is None
    assert items[1].text_en.startswith("Defence officials from both countries resumed")
    assert "<p>" not in items[1].text_en
    assert items[2] == ReadError(f"{ref}#item-3", "expected an article object, found a number")
    assert items[3].item == f"{ref}#item-4" and "no article text" in items[3].reason


def test_truncated_json_is_one_named_error():
    [error] = parse_json('{"title": "x", "text": ', "broken.json")
    assert isinstance(error, ReadError)
    assert error.item == "broken.json"
    assert error.reason.startswith("malformed JSON")


def test_deeply_nested_json_is_an_error_not_a_crash():
    [error] = parse_json("[" * 100_000, "deep.json")
    assert isinstance(error, ReadError)


def test_json_lines_saved_as_json_are_still_read():
    text = '{"title": "a", "text": "First story."}\n{"title": "b", "text": "Second story."}\n'
    items = list(parse_json(text, "misnamed.json"))
    assert [item.title for item in items] == ["a", "b"]
    assert items[1].source_ref == "misnamed.json:2"


def test_urdu_text_goes_to_text_ur():
    items = list(
        parse_json('{"title": "Talks", "text": "پاکستان اور جاپان کے درمیان بات چیت"}', "u")
    )
    assert items[0].text_ur.startswith("پاکستان") and items[0].text_en == ""
    assert items[0].language == "ur"


def test_bilingual_object_keeps_both_texts():
    text = '{"title": "Talks", "text": "The ministers met.", "text_ur": "وزرا نے ملاقات کی۔"}'
    [article] = parse_json(text, "b.json")
    assert article.text_en == "The ministers met."
    assert article.text_ur == "وزرا نے ملاقات کی۔"
    assert article.languages == "en+ur"


def test_wordpress_style_rendered_fields():
    text = (
        '{"title": {"rendered": "Envoy&#8217;s visit"},'
        ' "content": {"rendered": "<p>The envoy visited.</p>"}, "date": "2020-01-02T10:00:00"}'
    )
    [article] = parse_json(text, "wp.json")
    assert article.title == "Envoy’s visit"
    assert article.text_en == "The envoy visited."
    assert article.published == date(2020, 1, 2)
