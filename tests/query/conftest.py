"""Fixtures for the query tests: the Pakistan–Japan story (see story.py) on each backend.

The query layer only reads, so one story database per backend serves a whole test module.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from story import Story, story_database

from kb.db.engine import make_engine, reading

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]


@pytest.fixture(scope="module", params=BACKENDS)
def story(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Story]:
    yield from story_database(request.param, request, tmp_path_factory.mktemp("story"))


@pytest.fixture(scope="module")
def connection(story: Story) -> Iterator[sa.Connection]:
    engine = make_engine(story.url)
    try:
        with reading(engine).connect() as connection:
            yield connection
    finally:
        engine.dispose()
