"""Readers: bytes from files, folders, stdin or feeds to `Article`s, one module per format.

    from kb.ingest.readers import read_paths, Article, ReadError
    for item in read_paths(["examples/"]):
        ...  # an Article, or a ReadError(item, reason) for something that could not be read

No NLP and no database here; see `files.read_paths` for the entry point and `feed.parse_feed`
for feed syncing.
"""

from kb.article import Article
from kb.ingest.readers.feed import FeedItem, FeedResult, parse_feed
from kb.ingest.readers.files import iter_files, read_paths
from kb.ingest.readers.items import BadInput, ReadError, ReadItem

__all__ = [
    "Article",
    "BadInput",
    "FeedItem",
    "FeedResult",
    "ReadError",
    "ReadItem",
    "iter_files",
    "parse_feed",
    "read_paths",
]
