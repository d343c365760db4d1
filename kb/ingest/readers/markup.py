"""HTML fragments (feed content, JSON bodies) to plain paragraphs.

Full pages go through trafilatura in `html.py`; fragments are already the article, they only
need their tags dropped with paragraph breaks kept.
"""

from __future__ import annotations

import html as html_entities
import re

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
_BLOCKS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote pre table tr section article header "
    "footer figure figcaption dd dt hr".split()
)
_DROPPED = ("script", "style", "noscript", "template", "iframe", "object")
# Control characters XML cannot hold: lxml refuses text containing them, and they carry no words.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def looks_like_html(text: str) -> bool:
    return bool(_TAG.search(text[:20000]))


def fragment_to_text(fragment: str) -> str:
    """Text of an HTML fragment, one paragraph per block element, blank lines between them."""
    if not looks_like_html(fragment):
        return normalise_paragraphs(html_entities.unescape(fragment))
    fragment = _NOT_XML.sub("", fragment)
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return normalise_paragraphs(html_entities.unescape(_TAG.sub(" ", fragment)))
    for element in list(root.iter(*_DROPPED)):
        element.drop_tree()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "br":
            element.tail = "\n" + (element.tail or "")
        elif element.tag in _BLOCKS:
            element.text = "\n\n" + (element.text or "")
            element.tail = "\n\n" + (element.tail or "")
    return normalise_paragraphs(root.text_content())


def normalise_paragraphs(text: str) -> str:
    """Collapse spaces inside lines and runs of blank lines; paragraphs end up one blank apart."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        joined = "\n".join(line for line in lines if line)
        if joined:
            paragraphs.append(joined)
    return "\n\n".join(paragraphs)
