"""Extraction: words per second on one core against one regex pass over the same words, and
whether memory stays flat as articles stream through the extractor."""

from __future__ import annotations

from bench.measure import Figure, component_missing, judged, median, run_worker, skipped

SECTION = "extraction"
TARGET_WORDS_PER_SECOND = 100_000
FLAT_MEMORY_MB = 5.0  # peak RSS may creep by allocator noise, not by anything per article


def run(articles: int, repeats: int, memory_articles: int, seed: int = 0) -> list[Figure]:
    missing = component_missing("kb.extract.pipeline")
    if missing:
        return [skipped(SECTION, "words/s", f"{missing} not available yet")]
    result = run_worker(
        "extract",
        {"count": articles, "seed": seed, "repeats": repeats, "memory_count": memory_articles},
    )
    words = result["words"]
    rates = [words / s for s in result["extract_seconds"]]
    floors = [words / s for s in result["floor_seconds"]]
    speed = Figure(
        SECTION,
        f"words/s ({articles} articles, {words:,} words)",
        median(rates),
        "words/s",
        runs=rates,
        floor=median(floors),
        note=(
            "floor: re.findall(r'\\w+') over the same text; by CPU time "
            f"{median([words / s for s in result['extract_cpu_seconds']]):,.0f} words/s"
        ),
    )
    samples = result["peak_rss_mb"]
    growth = samples[-1] - samples[0]
    memory = Figure(
        SECTION,
        f"peak memory growth over {result['memory_articles']:,} more articles",
        growth,
        "MB",
        runs=samples,
        note=f"peak RSS {samples[0]:.0f} → {samples[-1]:.0f} MB, sampled each quarter",
    )
    return [
        judged(speed, f">= {TARGET_WORDS_PER_SECOND:,} words/s", lambda v: v >= 100_000),
        judged(memory, f"flat (< {FLAT_MEMORY_MB:g} MB)", lambda v: v < FLAT_MEMORY_MB),
    ]
