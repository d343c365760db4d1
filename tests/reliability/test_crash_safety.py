"""SIGKILL `kb ingest` mid-run and restart it: each article once, complete, no orphans, and the
run log names the interrupted runs (the long version is bench/chaos/crash.py)."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from bench.chaos.crash import crash_rounds, reference_snapshot
from bench.chaos.harness import Figures


def test_an_ingest_killed_three_times_ends_equal_to_one_clean_ingest(
    new_database: Callable[[], str], small_corpus: Path
) -> None:
    reference = reference_snapshot(new_database(), small_corpus)
    figures = Figures("crash")

    crash_rounds(new_database, small_corpus, reference, 3, figures, random.Random(3))

    assert figures.trials == 3
    # Failures would include: orphans or an incomplete article after a kill, a final database
    # unlike the clean one, or a run log without every recorded killed run as 'interrupted'.
    assert figures.failures == []
