"""`kb sync` against feeds that reset, hang, drip, lie, storm and redirect (tests/sync covers the
plain timeout, 500, 404, size cap and scheme checks): each failure is recorded for its source
alone, nothing is half-ingested, and the next sync recovers (long version:
bench/chaos/network.py)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from bench.chaos.harness import Figures
from bench.chaos.network import FAULTS, FaultServer, sync_round
from kb.sync.http import FetchError, FetchPolicy, fetch


@pytest.fixture
def fault_server() -> Iterator[FaultServer]:
    server = FaultServer(entries=2)
    yield server
    server.close()


def test_every_fault_fails_its_source_alone_and_the_next_sync_recovers(
    db_url: str, fault_server: FaultServer
) -> None:
    figures = Figures("network")

    sync_round(db_url, fault_server, list(FAULTS), figures, "faults")

    assert figures.failures == []


@pytest.mark.parametrize("fault", ["drip-headers", "drip-body"])
def test_a_server_dripping_a_byte_at_a_time_is_stopped_by_the_total_deadline(
    fault_server: FaultServer, fault: str
) -> None:
    fault_server.faults["/drip.xml"] = fault
    policy = FetchPolicy(read_timeout=5, total_timeout=1.5, attempts=3, backoff=0.05)
    started = time.monotonic()

    with pytest.raises(FetchError, match=r"took over 1\.5 s"):
        fetch(fault_server.url("/drip.xml"), policy=policy)

    assert time.monotonic() - started < 3.0
    assert fault_server.hits["/drip.xml"] == 1  # no retry once the deadline has passed


def test_retries_stop_when_the_total_deadline_has_no_room_left(fault_server: FaultServer) -> None:
    fault_server.faults["/busy.xml"] = "storm-503"
    policy = FetchPolicy(total_timeout=1.0, attempts=10, backoff=0.4)

    with pytest.raises(FetchError, match="no time left"):
        fetch(fault_server.url("/busy.xml"), policy=policy)

    assert fault_server.hits["/busy.xml"] < 10
