from __future__ import annotations

from datetime import date

import pytest

from kb.ingest.readers.html import parse_html
from kb.ingest.readers.items import BadInput


def test_main_text_and_metadata_are_extracted(fixtures):
    page = (fixtures / "page.html").read_text(encoding="utf-8")
    article = parse_html(page, "page.html")
    assert article.title == "Envoys agree to expand maritime cooperation"
    assert article.published == date(2020, 8, 21)
    assert article.url == "https://ledger.example/world/maritime-cooperation"
    assert article.outlet == "The Coastal Ledger"
    paragraphs = article.text_en.split("\n\n")
    assert paragraphs[0].startswith("Senior envoys from the two countries met in Tokyo")
    assert len(paragraphs) == 3
    assert "Copyright" not in article.text_en and "Sport" not in article.text_en


def test_page_without_an_article_is_rejected(fixtures):
    page = (fixtures / "no-article.html").read_text(encoding="utf-8")
    with pytest.raises(BadInput, match="no article text found"):
        parse_html(page, "no-article.html")


def test_external_entities_are_not_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    page = (
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        "<html><body><article><p>The foreign ministers met in Islamabad on Friday and discussed "
        "trade and energy &xxe; cooperation at length.</p><p>They agreed to meet again in the "
        "autumn to review progress.</p></article></body></html>"
    )
    article = parse_html(page, "xxe.html")
    assert "TOP-SECRET" not in article.text_en
    assert "foreign ministers met in Islamabad" in article.text_en


def test_urdu_page_text_goes_to_text_ur():
    body = "پاکستان اور جاپان کے وزرائے خارجہ نے اسلام آباد میں ملاقات کی اور تجارت پر بات کی۔ " * 3
    page = (
        f"<html><head><title>خبر</title></head><body><article><p>{body}</p></article></body></html>"
    )
    article = parse_html(page, "ur.html")
    assert article.text_ur.startswith("پاکستان") and not article.text_en
    assert article.language == "ur"
