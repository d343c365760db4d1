from __future__ import annotations

import time
from datetime import date

import pytest

from kb.ingest.readers.feed import parse_feed
from kb.ingest.readers.items import BadInput


def test_rss2_items_prefer_full_content_and_keep_guid_keys(fixtures):
    result = parse_feed((fixtures / "rss2.xml").read_bytes(), "rss2.xml")
    assert result.title == "Diplomatic Wire"
    first, second = result.items
    assert first.key == "wire-2019-0001"
    assert first.article.text_en.startswith("Japan and Pakistan signed a memorandum")
    assert "Short summary" not in first.article.text_en
    assert first.article.published == date(2019, 6, 18)
    assert first.article.url == "https://wire.example/2019/mou"
    assert first.article.outlet == "Diplomatic Wire"
    assert first.article.source_ref == "rss2.xml#entry-1"
    # No guid: the link is the key; summary HTML becomes text.
    assert second.key == "https://wire.example/2021/ambassador"
    assert second.article.text_en == "The ambassador met the Chief of Naval Staff in Islamabad."
    assert [(e.item, e.reason) for e in result.errors] == [
        ("rss2.xml#entry-3", "entry has neither a title nor any text")
    ]


def test_rss1_rdf_feed(fixtures):
    result = parse_feed((fixtures / "rss1.rdf").read_bytes(), "rss1.rdf")
    [item] = result.items
    assert item.article.title == "Joint exercise concludes"
    assert item.article.published == date(2016, 2, 12)
    assert item.article.outlet == "RDF Diplomatic Digest"
    assert item.key == "https://rdf.example/2016/exercise"


def test_atom_content_and_local_publication_day(fixtures):
    result = parse_feed((fixtures / "atom.xml").read_bytes(), "atom.xml")
    [item] = result.items
    assert item.key == "urn:uuid:entry-1"
    assert item.article.text_en.split("\n\n") == [
        "The army chief and the defence minister discussed regional security by telephone.",
        "They agreed to continue staff talks.",
    ]
    # 23:30 in Tokyo is the 27th there, although it is the 27th 14:30 UTC too: the written day.
    assert item.article.published == date(2020, 8, 27)
    assert item.article.url == "https://atom.example/2020/08/call"


def test_entry_without_guid_or_link_gets_a_content_hash_key():
    data = (
        b'<rss version="2.0"><channel><title>T</title><item><title>Talks held</title>'
        b"<description>Envoys met.</description></item></channel></rss>"
    )
    [item] = parse_feed(data, "x").items
    assert item.key.startswith("sha256:") and item.key == f"sha256:{item.article.content_hash}"
    again = parse_feed(data, "x").items[0]
    assert again.key == item.key


def test_malformed_feed_without_entries_is_rejected(fixtures):
    with pytest.raises(BadInput, match="malformed feed"):
        parse_feed((fixtures / "malformed.rss").read_bytes(), "malformed.rss")


def test_xml_that_is_not_a_feed_is_rejected():
    with pytest.raises(BadInput, match="not an RSS or Atom feed"):
        parse_feed(b'<?xml version="1.0"?><catalogue><book/></catalogue>', "c.xml")


def test_billion_laughs_is_not_expanded(fixtures):
    started = time.monotonic()
    result = parse_feed((fixtures / "billion-laughs.xml").read_bytes(), "laughs.xml")
    assert time.monotonic() - started < 5
    texts = [item.article.title + item.article.text_en for item in result.items]
    assert all("lollollol" not in text for text in texts)
    assert any("The envoys met in Doha." in text for text in texts)


def test_external_entities_are_not_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        '<rss version="2.0"><channel><title>T</title><item><title>Visit &xxe;</title>'
        "<description>The envoy visited &xxe; Doha.</description></item></channel></rss>"
    ).encode()
    result = parse_feed(data, "xxe.rss")
    assert result.items
    for item in result.items:
        assert "TOP-SECRET" not in item.article.title + item.article.text_en


def test_data_that_names_a_local_file_is_not_opened(tmp_path):
    # feedparser opens a str or bytes argument as a file name if one exists.
    secret = tmp_path / "feed.xml"
    secret.write_bytes(
        b'<rss version="2.0"><channel><title>Secret</title>'
        b"<item><title>Leak</title></item></channel></rss>"
    )
    with pytest.raises(BadInput):
        parse_feed(str(secret).encode(), "name-only")


def test_gzipped_feed_bytes_are_inflated(fixtures):
    import gzip

    result = parse_feed(gzip.compress((fixtures / "atom.xml").read_bytes()), "atom.xml.gz")
    assert [item.key for item in result.items] == ["urn:uuid:entry-1"]


def test_binary_bytes_are_refused_before_parsing():
    with pytest.raises(BadInput, match="binary data"):
        parse_feed(b"<rss>\x00\x01\x02" * 100, "junk.rss")
