"""The article: what every reader produces and what the extractor reads.

Plain data, no behaviour beyond what identifies an article, so readers, the extractor and the
store can share it without importing one another.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Article:
    """One news article, its text kept apart by language.

    `text_en` and `text_ur` are the body paragraphs separated by blank lines; `title` is the
    English title (or the only one), `title_ur` the Urdu title when the article has one.
    `source_ref` names where the article came from (path, path:line, feed item id) so errors and
    provenance can point at it.
    """

    title: str = ""
    text_en: str = ""
    text_ur: str = ""
    title_ur: str = ""
    published: date | None = None
    url: str | None = None
    outlet: str | None = None
    language: str | None = None
    source_ref: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def languages(self) -> str:
        """ "en", "ur", "en+ur" or "" from the text present."""
        parts = [
            lang
            for lang, text in (
                ("en", self.text_en or self.title),
                ("ur", self.text_ur or self.title_ur),
            )
            if text.strip()
        ]
        return "+".join(parts)

    @property
    def content_hash(self) -> str:
        """SHA-256 of the normalised title and texts: the article's identity for deduplication."""
        digest = hashlib.sha256()
        for part in (self.title, self.title_ur, self.text_en, self.text_ur):
            digest.update(" ".join(part.split()).encode("utf-8"))
            digest.update(b"\x1f")
        return digest.hexdigest()

    def is_empty(self) -> bool:
        return not (self.text_en.strip() or self.text_ur.strip() or self.title.strip())
