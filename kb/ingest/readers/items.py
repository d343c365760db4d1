"""What a reader hands back: an article, or a named error for one bad item.

Readers never stop a batch on bad input; they yield a `ReadError` naming the item (a path,
`path:LINE` for JSON Lines, `path#entry-N` for feeds) and carry on with the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from kb.article import Article
from kb.errors import KbError


@dataclass(frozen=True)
class ReadError:
    """One item that could not be read, and why, in words a user can act on."""

    item: str
    reason: str

    def __str__(self) -> str:
        return f"{self.item}: {self.reason}"


ReadItem: TypeAlias = Article | ReadError


class BadInput(KbError):
    """Raised inside a reader for input it cannot turn into an article; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
