"""Whose official a person is when neither the title nor the list of well-known office holders
says: read from the people named beside them.

Two cues, both local to a sentence:

- Coordination. "… held talks with President Zelensky and Prime Minister Denys Shmyhal",
  "Federal Minister A and Pakistan's Ambassador B received the Iranian President", "hosted US
  Secretary of State A, Attorney General B and Homeland Security Secretary C": officials listed
  together as the object of an encounter, or as the side that receives another, are one side,
  and share the one country any of them is given. Listed together as the subject of a two-sided
  act ("A and B signed the agreement in the presence of C"), they are the two sides.
- Unnamed posts. "Welcoming the US President at the airport were A and B": a post named with a
  country and no person ("the Iranian President") is a side of the sentence as much as a named
  official is (`unnamed_posts`, read by the pipeline's pairing rule).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from kb.extract.lexicons import lexicons
from kb.extract.officials import OfficialRegistry, Person, Token

# Between a list of officials and the person they act on: "received", "held talks with".
_ACTS_ON = re.compile(
    r"\b(?:received|welcomed|greeted|hosted|met|called on|accompanied|thanked|briefed|saw off|"
    r"escorted|bade farewell to|with)\b"
)
# … and the person only present while the list acts: "in the presence of", "witnessed by".
_WITNESSED = re.compile(r"\b(?:in the presence of|witnessed by)\b")
_GAP_WORDS = frozenset({"of", "for", "the", "and", "to", "in", "on", "&", "’s", "'s", "(", ")"})


def unnamed_posts(tokens: Sequence[Token]) -> list[tuple[int, str]]:
    """Posts named with their country and no person: (offset, ISO3) of "the Iranian President",
    "Pakistan's foreign minister" when no name follows."""
    kinds = lexicons().title_kinds
    found: list[tuple[int, str]] = []
    n = len(tokens)
    for k, tok in enumerate(tokens):
        if not tok.country or (k + 1 < n and tokens[k + 1].country):
            continue
        j = k + 1
        if j < n and tokens[j].text in {"’s", "'s"}:
            j += 1
        head = False
        while j < n and (
            kinds.get(tokens[j].lower) in {"head", "modifier", "rank"}
            or (head and tokens[j].lower in {"of", "for", "and", "the"})
        ):
            head = head or kinds.get(tokens[j].lower) == "head"
            j += 1
        if not head:
            continue
        while tokens[j - 1].lower in {"of", "for", "and", "the"}:
            j -= 1  # "the Iranian President and the …": the post ends before the connector
        nxt = tokens[j] if j < n else None
        if nxt is not None and nxt.core[:1].isupper() and not nxt.country:
            continue  # a name follows: a named official, not an unnamed post
        if nxt is not None and nxt.text == ",":
            continue  # "Egypt's foreign minister, Sameh Shoukry": an apposition names the holder
        found.append((tok.start, tok.country))
    return found


def share_coordinated_sides(
    registry: OfficialRegistry, sentence: Callable[[int], tuple[str, Sequence[Token]]]
) -> None:
    """Give officials with no country the country of the officials listed with them, when
    the list is one side of what the sentence tells (see the module's docstring).
    `sentence(index)`: the text and tokens of a sentence."""
    for index, spans in registry.spans.items():
        if len(spans) < 2 or all(p.country for _, _, p in spans):
            continue
        text, tokens = sentence(index)
        ordered = sorted(spans, key=lambda span: span[0])
        for group in _coordinated_groups(text, tokens, ordered):
            countries = {p.country for _, _, p in group if p.country}
            if len(countries) != 1 or all(p.country for _, _, p in group):
                continue
            side = _group_side(text, tokens, ordered, group, next(iter(countries)))
            if side:
                for _, _, person in group:
                    person.country = person.country or side


def _coordinated_groups(
    text: str, tokens: Sequence[Token], spans: list[tuple[int, int, Person]]
) -> list[list[tuple[int, int, Person]]]:
    groups: list[list[tuple[int, int, Person]]] = [[spans[0]]]
    for span in spans[1:]:
        last = groups[-1][-1]
        if last[2] is not span[2] and _coordinated(tokens, last[1], span[0]):
            groups[-1].append(span)
        else:
            groups.append([span])
    return [g for g in groups if len(g) > 1 and len({id(p) for _, _, p in g}) == len(g)]


def _coordinated(tokens: Sequence[Token], end: int, start: int) -> bool:
    """Whether only a list separator and the next person's title stand between two names."""
    gap = [t for t in tokens if t.start >= end and t.end <= start]
    if not gap or gap[0].text not in {",", "and", ";"}:
        return False
    kinds = lexicons().title_kinds
    for tok in gap:
        if tok.lower in {"counterpart", "counterparts"}:
            return False  # "A and his Japanese counterpart B": the two sides
        if (
            tok.text in {",", ";"}
            or tok.lower in _GAP_WORDS
            or tok.country
            or tok.lower in kinds
            or tok.core[:1].isupper()
        ):
            continue
        return False
    return True


def _group_side(
    text: str,
    tokens: Sequence[Token],
    spans: list[tuple[int, int, Person]],
    group: list[tuple[int, int, Person]],
    known: str,
) -> str | None:
    """The country of a list of officials of whom one is `known`'s, or None to leave it."""
    members = {id(p) for _, _, p in group}
    start, end = group[0][0], group[-1][1]
    others: list[tuple[int, str]] = [
        (s, p.country) for s, _, p in spans if id(p) not in members and p.country
    ]
    others += [(s, c) for s, c in unnamed_posts(tokens) if not start <= s < end]
    if not others:
        return None  # "A and B met": the two sides
    if any(s < start for s, _ in others):
        return known  # "talks with A and B", "hosted A, B and C": one side
    between = text[end : min(s for s, _ in others)]
    if _WITNESSED.search(between):
        rest = {c for _, c in others} - {known}
        # "A and B signed it in the presence of C": A and B are the two sides, B is C's.
        return next(iter(rest)) if len(rest) == 1 else None
    if _ACTS_ON.search(between):
        return known  # "A and B received the Iranian President", "… held talks with C"
    return None
