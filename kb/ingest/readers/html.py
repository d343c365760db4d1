"""HTML pages: the article's main text and its metadata, by trafilatura.

trafilatura removes navigation, boilerplate and comments and reads the title, publication date
(meta tags, JSON-LD), canonical url and site name. lxml's HTML parser neither loads DTDs nor
touches the network, so entity declarations in a page are never fetched.
"""

from __future__ import annotations

from kb.article import Article
from kb.ingest.readers.dates import parse_published
from kb.ingest.readers.items import BadInput
from kb.ingest.readers.language import is_urdu_script, normalise_language
from kb.ingest.readers.markup import normalise_paragraphs

# trafilatura refuses larger documents itself; say so instead of "no article text".
MAX_HTML_CHARS = 20_000_000
# Fewer words than this in sentence-length paragraphs is a menu or a stub, not an article.
MIN_ARTICLE_WORDS = 12
MIN_PARAGRAPH_WORDS = 5

_DATE_SEARCH = {"extensive_search": False, "original_date": True}


def parse_html(page: str, source_ref: str) -> Article:
    """The article in an HTML page; `BadInput("no article text found")` when there is none."""
    if len(page) > MAX_HTML_CHARS:
        raise BadInput(f"HTML page too large to extract ({len(page) // 1_000_000} MB)")
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            page,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params=_DATE_SEARCH,
        )
    except (ValueError, TypeError, RecursionError) as exc:
        raise BadInput(f"unreadable HTML ({exc})") from None
    if document is None or not document.text:
        raise BadInput("no article text found")

    title = " ".join((document.title or "").split())
    text = _body_without_title(document.text, title)
    if not _has_article_text(text):
        raise BadInput("no article text found")

    language = normalise_language(document.language)
    urdu = language == "ur" or (language is None and is_urdu_script(text))
    return Article(
        title=title,
        text_en="" if urdu else text,
        text_ur=text if urdu else "",
        published=parse_published(document.date),
        url=document.url or None,
        outlet=document.sitename or None,
        language="ur" if urdu else language,
        source_ref=source_ref,
    )


def _body_without_title(text: str, title: str) -> str:
    # trafilatura's text is one paragraph per line and often repeats the <h1> as its first line.
    lines = [line for line in text.splitlines() if line.strip()]
    if lines and title and " ".join(lines[0].split()) == title:
        lines = lines[1:]
    return normalise_paragraphs("\n\n".join(lines))


def _has_article_text(text: str) -> bool:
    words = [len(p.split()) for p in text.split("\n\n")]
    return sum(n for n in words if n >= MIN_PARAGRAPH_WORDS) >= MIN_ARTICLE_WORDS
