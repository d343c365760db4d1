from datetime import date

from kb.ingest.readers.text import parse_text

BILINGUAL = """Kenya Praises Ghana For Trade Role

0
314

کینیا نے گھانا کی تعریف کی

The Kenyan envoy met officials in Accra on Monday.

Both sides agreed to expand trade.

کینیا کے سفیر نے پیر کو اکرا میں ملاقات کی۔

دونوں نے تجارت بڑھانے پر اتفاق کیا۔
"""


def test_bilingual_layout_is_split_by_script():
    article = parse_text(BILINGUAL, "sample.txt")
    assert article.title == "Kenya Praises Ghana For Trade Role"
    assert article.title_ur == "کینیا نے گھانا کی تعریف کی"
    assert article.text_en == (
        "The Kenyan envoy met officials in Accra on Monday.\n\nBoth sides agreed to expand trade."
    )
    assert article.text_ur.startswith("کینیا کے سفیر")
    assert "314" not in article.text_en
    assert article.language == "en+ur"
    assert article.source_ref == "sample.txt"


def test_header_block():
    article = parse_text(
        "Title: Chile and Peru sign pact\nPublished: 2023-04-05\nURL: https://example.org/a\n"
        "Outlet: Example Times\n\nSANTIAGO: The two states signed a pact.\n",
        None,
    )
    assert article.title == "Chile and Peru sign pact"
    assert article.published == date(2023, 4, 5)
    assert article.url == "https://example.org/a"
    assert article.outlet == "Example Times"
    assert article.text_en == "SANTIAGO: The two states signed a pact."


def test_bad_published_date_is_left_unknown():
    article = parse_text("Title: x\nPublished: soon\n\nBody.", None)
    assert article.published is None


def test_empty_and_odd_text_give_an_empty_article():
    assert parse_text("", None).is_empty()
    assert parse_text("\x00\x00\n\n\n", None).is_empty()
