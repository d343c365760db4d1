"""Topic words people use, and which stored topics each `--topic` stands for.

The extractor files an event under one topic, but a defence question wants the security events
too: asking for a topic returns its family. The families (documented in docs/schema.md):

    defence  = defence, security        security = security, defence
    economy  = economy, trade           trade    = trade, economy
    any other topic stands for itself.
"""

from __future__ import annotations

from kb.errors import UsageError
from kb.extract.extraction import TOPICS

FAMILIES: dict[str, tuple[str, ...]] = {
    "defence": ("defence", "security"),
    "security": ("security", "defence"),
    "economy": ("economy", "trade"),
    "trade": ("trade", "economy"),
}

# Words (case-folded) that name a topic, in questions and in --topic.
TOPIC_WORDS: dict[str, str] = {
    **{topic: topic for topic in TOPICS},
    "defense": "defence",
    "military": "defence",
    "army": "defence",
    "navy": "defence",
    "naval": "defence",
    "armed": "defence",
    "defence-related": "defence",
    "counterterrorism": "security",
    "counter-terrorism": "security",
    "terrorism": "security",
    "economic": "economy",
    "investment": "economy",
    "commerce": "trade",
    "commercial": "trade",
    "diplomatic": "diplomacy",
    "cultural": "culture",
}


def topic_family(word: str) -> tuple[str, ...]:
    """The stored topics a topic word stands for; UsageError for a word that is no topic."""
    topic = TOPIC_WORDS.get(word.strip().casefold())
    if topic is None:
        raise UsageError(f"unknown topic {word!r} (choose from {', '.join(TOPICS)})")
    return FAMILIES.get(topic, (topic,))


def topics_for(words: list[str]) -> tuple[str, ...]:
    """The union of the families of every word, in a stable order."""
    found: list[str] = []
    for word in words:
        for topic in topic_family(word):
            if topic not in found:
                found.append(topic)
    return tuple(found)
