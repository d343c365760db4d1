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
# A trigger that carries its own verb ("the 10th round of talks", "the MoU was signed"), names
# its visitor ("the visit of X to Y") or its participants ("the two leaders' talks") states an
# event even after a determiner.
_VERBAL = re.compile(
    r"round of|visit of|\b(?:was|were|signed|held|conducted|reopened|addressed|sent)\b|"
    r"^(?:two|both|three) [^.;]*(?:s’|s'|’s|'s) ",
    re.I,
)


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
_INVITED_DURING = re.compile(
    r"\binvited\b[^,;]*?\bto (?:visit|attend|come|meet)\b[^,;]*?\b(?:during|in|at|over) "
    r"(?:an?|the|their|his|her) (?:[\w-]+ ){0,2}$",
    re.I,
)
_ARTICLE_BEFORE = re.compile(r"\b(?:an?|the|newly)\s+$", re.I)
_PARTICIPLES = {"signed", "inked", "sealed"}
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
    triggers = lex.triggers
    # All matches of the candidate patterns, then leftmost first (file order breaks ties) without
    # overlaps: what one alternation of every pattern would find, at a fraction of the cost.
    # A pattern with opening words is tried only where one of them opens a word of the text
    # ("tele" in "telephoned" does); the others run over the whole text when one of their
    # literal words is there. One pass of the automaton finds both.
    matches: list[tuple[int, int, int, re.Match[str]]] = []
    anywhere: set[int] = set()
    for end, (plain, opens, span) in lex.trigger_openings.iter(lowered):
        start = end - span
        if start and lowered[start - 1].isalpha():
            continue
        if plain:
            anywhere.update(plain)
        for i in opens:
            trigger = triggers[i]
            if match := trigger.regex.match(sentence if trigger.cased else lowered, start):
                matches.append((start, i, match.end(), match))
    for i in anywhere:
        trigger = triggers[i]
        for match in trigger.regex.finditer(sentence if trigger.cased else lowered):
            matches.append((match.start(), i, match.end(), match))
    if not matches:
        return []
    matches.sort()  # (start, pattern index) never repeats, so matches are never compared
    hits: list[TriggerHit] = []
    taken_until = -1
    for start, i, end, match in matches:
        if start < taken_until:
            continue
        trigger = triggers[i]
        if _DETERMINER_BEFORE.search(sentence, max(0, start - 8), start) and not _VERBAL.search(
            match.group()
        ):
            continue
        if lowered[start:end] in _PARTICIPLES and _ARTICLE_BEFORE.search(
            sentence, max(0, start - 6), start
        ):
            continue  # "a signed declaration would settle little": a participle, not a signing
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
    if _may_hold(sentence, _NO_SUCH_WORDS) and _NO_SUCH.search(sentence):
        return "denied"  # "… wrote that no such meeting had taken place"
    if lex.denied_regex.search(clause):
        return "denied"
    invitation = _INVITED_DURING.search(clause) if "invited" in clause.lower() else None
    if invitation is not None:
        # "had invited him to visit during a telephone call": the visit is to come, the call
        # it was made in took place, unless the clause is itself ahead ("will invite …").
        clause = clause[: invitation.start()]
    if lex.planned_regex.search(clause) or _passive_infinitive(clause):
        return "planned"
    # A denial that governs the whole sentence: "rejected reports that the two sides had signed".
    if _may_hold(window, _DENIAL_WORDS) and _DENIED_REPORTS.search(window):
        return "denied"
    return "occurred"


# Words every match of _NO_SUCH and _DENIED_REPORTS holds: a cheap test before the regex.
_NO_SUCH_WORDS = ("no ",)
_DENIAL_WORDS = ("den", "rejected", "dismissed", "refuted")


def _passive_infinitive(clause: str) -> bool:
    """ "… memoranda of understanding to be signed": what is to come, not what was done."""
    tail = clause.rstrip()[-6:].lower()
    return tail.endswith("to be") and (len(tail) == 5 or not tail[0].isalnum())


def _may_hold(text: str, words: tuple[str, ...]) -> bool:
    """False only when `text` certainly lacks all of `words` (in any case)."""
    if not text.isascii():
        return True  # case-insensitive regexes fold some letters beyond ASCII that lower() does not
    lowered = text.lower()
    return any(word in lowered for word in words)


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
