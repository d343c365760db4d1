from __future__ import annotations

import pytest

from kb.ingest.readers.detect import canonical_format, detect_format

RSS = '<?xml version="1.0"?>\n<rss version="2.0"><channel></channel></rss>'
ATOM = '<?xml version="1.0"?>\n<!-- feed -->\n<feed xmlns="http://www.w3.org/2005/Atom"></feed>'
RDF = '<?xml version="1.0"?><rdf:RDF xmlns:rdf="x"></rdf:RDF>'


@pytest.mark.parametrize("name", ["feed.xml", "feed.rss", "feed", "feed.txt"])
@pytest.mark.parametrize("head", [RSS, ATOM, RDF])
def test_feed_is_recognised_by_its_root_whatever_the_name(head, name):
    assert detect_format(head, name) == "rss"


def test_json_object_in_a_txt_file_is_json():
    assert detect_format('{\n  "title": "x",\n  "text": "y"\n}\n', "article.txt") == "json"


def test_json_list_is_json():
    assert detect_format('[{"title": "x"}]', "a.txt") == "json"


def test_lines_of_json_objects_are_jsonl_without_the_extension():
    assert detect_format('{"title": "a"}\n{"title": "b"}\n', "dump.txt") == "jsonl"


def test_single_object_in_a_jsonl_file_is_jsonl():
    assert detect_format('{"title": "a"}\n', "one.jsonl.gz") == "jsonl"


def test_html_by_doctype_or_root():
    assert detect_format("<!DOCTYPE html><html></html>", "page") == "html"
    assert detect_format("<html><body></body></html>", "page.txt") == "html"
    assert detect_format('<?xml version="1.0"?><html xmlns="x"></html>', "") == "html"


def test_unknown_xml_follows_the_name():
    assert detect_format("<data></data>", "x.xml") == "rss"
    assert detect_format("<data></data>", "x") == "html"


def test_prose_is_text_even_with_a_json_name():
    assert detect_format("Title: Talks\n\nThe ministers met.", "x.json") == "text"


def test_format_names_and_aliases():
    assert canonical_format("auto") == "auto"
    assert canonical_format("RSS") == "rss"
    assert canonical_format("atom") == "rss"
    assert canonical_format("txt") == "text"
    assert canonical_format("pdf") is None
