"""ReadAhead: a source iterated in a thread, a bounded number of items ahead, in order."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator

import pytest

from kb.ingest.readahead import SWITCH_INTERVAL, ReadAhead, read_ahead


def _counting(n: int, log: list[int], closed: threading.Event | None = None) -> Iterator[int]:
    try:
        for i in range(n):
            log.append(i)
            yield i
    finally:
        if closed is not None:
            closed.set()


def test_items_come_out_in_the_sources_order() -> None:
    with ReadAhead(_counting(500, []), depth=3) as ahead:
        assert list(ahead) == list(range(500))


def test_the_source_runs_in_another_thread() -> None:
    def where() -> Iterator[str]:
        yield threading.current_thread().name

    with ReadAhead(where(), depth=1) as ahead:
        assert list(ahead) == ["kb-read-ahead"]


def test_the_producer_stays_at_most_depth_items_ahead() -> None:
    log: list[int] = []
    with ReadAhead(_counting(100, log), depth=4) as ahead:
        assert next(ahead) == 0
        time.sleep(0.2)
        # One taken, four queued, one more read and waiting for room.
        assert len(log) <= 6


def test_an_error_of_the_source_is_raised_where_its_item_would_have_been() -> None:
    def failing() -> Iterator[int]:
        yield 1
        yield 2
        raise ValueError("broken feed")

    seen = []
    with ReadAhead(failing(), depth=8) as ahead, pytest.raises(ValueError, match="broken feed"):
        for item in ahead:
            seen.append(item)
    assert seen == [1, 2]


def test_closing_early_stops_the_producer_and_closes_its_source() -> None:
    closed = threading.Event()
    log: list[int] = []
    with ReadAhead(_counting(1_000_000, log, closed), depth=2) as ahead:
        assert next(ahead) == 0
    assert closed.wait(timeout=5)
    assert len(log) < 10


def test_depth_zero_iterates_inline_and_closes_the_source_on_exit() -> None:
    closed = threading.Event()
    source = _counting(10, [], closed)
    with read_ahead(source, 0) as ready:
        assert ready is source
        assert next(ready) == 0
    assert closed.is_set()


def test_the_thread_switch_interval_is_short_while_it_runs_and_restored_after() -> None:
    before = sys.getswitchinterval()
    with ReadAhead(_counting(3, []), depth=1) as ahead:
        assert sys.getswitchinterval() == min(SWITCH_INTERVAL, before)
        assert list(ahead) == [0, 1, 2]
        assert sys.getswitchinterval() == before
    with ReadAhead(_counting(3, []), depth=1) as ahead:
        next(ahead)
    assert sys.getswitchinterval() == before


def test_a_thread_needs_a_depth_of_at_least_one() -> None:
    with pytest.raises(ValueError):
        ReadAhead(iter([]), depth=0)
