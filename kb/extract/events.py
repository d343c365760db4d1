"""Events stage: trigger phrases in a sentence, their type and CAMEO code, status and topic.

Which trigger of a sentence states its event, who took part and when is decided by the pipeline,
which sees the story around the sentence; this module only reads one sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.extract.lexicons import lexicons

# When a sentence has several triggers, the first type here is the event it reports
# ("In a phone call …, Trump agreed to honor …" is a call, not a pledge).
TYPE_PRIORITY = (
    "agreement_signed",
    "call",
    "visit",
    "meeting",
    "talks",
    "military_exercise",
    "aid",
    "sanction",
    "protest",
    "threat",
    "criticism",
    "praise",
    "cooperation_pledge",
    "statement",
    "other",
)
_RANK = {t: i for i, t in enumerate(TYPE_PRIORITY)}
_CLAUSE_BREAK = re.compile(r"[,;:—–(]|\b(?:that|but|while|whereas|and then)\b")
_MEANS_ONLY = re.compile(r"\s*(?:by|via|over|through|in)\s*(?:an?|the)?\s*", re.I)
_ROUND_OF_TALKS = re.compile(r"round of", re.I)
# A trigger that carries its own verb ("the 10th round of talks", "the MoU was signed") states an
# event even after a determiner.
_VERBAL = re.compile(r"round of|\b(?:was|were|signed|held|conducted|reopened)\b", re.I)


@dataclass(frozen=True)
class TriggerHit:
    type: str
    cameo: str | None
    strong: bool
    start: int
    end: int
    text: str
    recalled: bool = False  # "since their meeting in …": an event only when dated

    @property
    def is_round_of_talks(self) -> bool:
        return self.type == "talks" and bool(_ROUND_OF_TALKS.search(self.text))


_DENIED_REPORTS = re.compile(
    r"\b(?:denied|denies|deny|rejected|dismissed|refuted)\b.{0,40}\b(?:reports?|claims?|that)\b",
    re.I,
)
_NO_SUCH = re.compile(
    r"\bno (?:such |new |formal )?(?:meeting|talks|visit|call|summit|encounter|contact|signing|"
    r"agreement|deal|accord) (?:had |has |have |ever |was |were |been )*(?:taken place|took place|"
    r"happened|occurred|held|reached|signed|concluded)\b",
    re.I,
)
_DETERMINER_BEFORE = re.compile(r"\b(?:the|this|that|his|her|their|its|our)\s+$", re.I)


def find_triggers(sentence: str) -> list[TriggerHit]:
    """Every trigger phrase in the sentence, in order of appearance.

    A trigger noun after a determiner ("on completion of the port visit", "during the video
    conference") points back at an event already told, so it is not returned.
    """
    lex = lexicons()
    lowered = sentence.lower()
    if len(lowered) != len(sentence):  # a letter whose lower case is longer: keep offsets exact
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in sentence)
    candidates: set[int] = set()
    word_starts: dict[str, list[int]] = {}
    for end, (ids, length, word) in lex.trigger_words.iter(lowered):
        # Literal words open a word of the text ("tele" in "telephoned" does for that pattern).
        start = end - length + 1
        if start > 0 and lowered[start - 1].isalpha():
            continue
        candidates.update(ids)
        word_starts.setdefault(word, []).append(start)
    if not candidates:
        return []
    # All matches of the candidate patterns, then leftmost first (file order breaks ties) without
    # overlaps: what one alternation of every pattern would find, at a fraction of the cost.
    matches: list[tuple[int, int, int, re.Match[str]]] = []
    for i in sorted(candidates):
        trigger = lex.triggers[i]
        text = sentence if trigger.cased else lowered
        if trigger.leading is None:
            found = list(trigger.regex.finditer(text))
        else:
            # Try the pattern only where one of its opening words stands.
            opening = [word_starts[w] for w in trigger.leading if w in word_starts]
            if not opening:
                continue
            starts = opening[0] if len(opening) == 1 else sorted({p for s in opening for p in s})
            found = [m for p in starts if (m := trigger.regex.match(text, p))]
        for match in found:
            matches.append((match.start(), i, match.end(), match))
    matches.sort(key=lambda m: (m[0], m[1]))
    hits: list[TriggerHit] = []
    taken_until = -1
    for start, i, end, match in matches:
        if start < taken_until:
            continue
        trigger = lex.triggers[i]
        if _DETERMINER_BEFORE.search(sentence, max(0, start - 8), start) and not _VERBAL.search(
            match.group()
        ):
            continue
        hits.append(
            TriggerHit(
                trigger.type,
                trigger.cameo,
                trigger.strong,
                start,
                end,
                sentence[start:end],
                trigger.recalled,
            )
        )
        taken_until = end
    return hits


def rank(hit: TriggerHit) -> tuple[int, int, int]:
    """Sort key: strong before weak, then by type priority, then by position."""
    return (0 if hit.strong else 1, _RANK.get(hit.type, len(_RANK)), hit.start)


def status_of(sentence: str, hit: TriggerHit) -> str:
    """ "occurred", "planned" ("will visit", "is expected to") or "denied" ("rejected reports")."""
    window = sentence[max(0, hit.start - 80) : hit.start]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    clause = window[breaks[-1].end() :] if breaks else window
    if breaks and _MEANS_ONLY.fullmatch(clause):
        # "are due to address, by video link, …": the aside belongs to the clause before it.
        clause = window[breaks[-2].end() if len(breaks) >= 2 else 0 :]
    lex = lexicons()
    if _NO_SUCH.search(sentence):
        return "denied"  # "… wrote that no such meeting had taken place"
    if lex.denied_regex.search(clause):
        return "denied"
    if lex.planned_regex.search(clause):
        return "planned"
    # A denial that governs the whole sentence: "rejected reports that the two sides had signed".
    if _DENIED_REPORTS.search(window):
        return "denied"
    return "occurred"


def topic_of(text: str) -> str | None:
    """The topic whose words occur most often in `text`, or None."""
    counts: dict[str, list[int]] = {}
    lowered = text.lower()
    for end, (topic, order, length) in lexicons().topic_words.iter(lowered):
        start = end - length + 1
        if (start > 0 and lowered[start - 1].isalnum()) or (
            end + 1 < len(lowered) and lowered[end + 1].isalnum()
        ):
            continue
        entry = counts.setdefault(topic, [0, order])
        entry[0] += 1
    if not counts:
        return None
    # Ties go to the topic listed first in the data file.
    return max(counts, key=lambda t: (counts[t][0], -counts[t][1]))
