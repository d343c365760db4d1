"""Fixtures for the sync tests: a live HTTP server on 127.0.0.1 (see feedserver.py)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# The tests import `feedserver` by name, whichever import mode pytest runs in.
sys.path.insert(0, str(Path(__file__).parent))

from feedserver import FeedServer


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer()
    yield server
    server.close()
