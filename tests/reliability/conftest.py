"""Fixtures for the reliability tests: throwaway databases made on demand, and `bench/` importable
(the chaos campaigns and these tests share their harness and invariants, see bench/chaos/)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


@pytest.fixture
def new_database(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[[], str]]:
    """A factory of new, blank (unmigrated) databases of the current backend, all dropped after."""
    made: list[str] = []
    server = request.getfixturevalue("postgres_server") if backend == "postgresql" else None

    def make() -> str:
        if server is None:
            url = f"sqlite:///{tmp_path / f'db-{len(made)}.sqlite'}"
        else:
            url = server.create_database()
        made.append(url)
        return url

    yield make
    if server is not None:
        for url in made:
            server.drop_database(url)


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60 generated news articles (bench/corpus.py) as JSON Lines."""
    from bench.corpus import write_jsonl

    return write_jsonl(tmp_path_factory.mktemp("corpus") / "corpus.jsonl", 60, seed=81)
