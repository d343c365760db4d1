"""Agreements stage: MoUs, agreements, treaties, accords, protocols named in a sentence.

Shapes read: a capitalised name around a head word ("Agreement on the Prohibition of Attack
Against Nuclear Installations", "Japan-Philippines Reciprocal Access Agreement"), a lower-case
head with its subject when a signing verb is present ("a memorandum of understanding (MoU) on
defence cooperation"), aliases given in parentheses ("(the Japan-Philippines RAA)"), lists ("three
MoUs on trade, health and education") and anaphors ("This Agreement was signed …") that point
back to the last agreement named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.extract.countries import CountryMention
from kb.extract.lexicons import lexicons
from kb.extract.officials import Token, tokenize

_CONNECT = {
    "of",
    "on",
    "for",
    "between",
    "concerning",
    "regarding",
    "to",
    "and",
    "the",
    "against",
    "&",
}
_LOWER_STOP = {
    "with",
    "after",
    "before",
    "at",
    "during",
    "while",
    "which",
    "that",
    "as",
    "by",
    "was",
    "were",
    "is",
    "are",
    "will",
    "would",
    "has",
    "have",
    "had",
    "to",
    "from",
    "here",
    "there",
    "today",
    "yesterday",
    "last",
    "this",
    "under",
    "among",
    "signed",
    "in",
    "between",
    "who",
    "it",
    "its",
    "their",
    "worth",
    "valued",
    "amounting",
    "aimed",
    "aiming",
    "covering",
    "including",
}
_OPENERS = {"the", "this", "that", "these", "a", "an", "said", "new", "such"}
_COUNTS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "several": 0,
    "multiple": 0,
    "a number of": 0,
}
_NOT_IN_NAMES = {
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "With",
    "By",
    "During",
    "After",
    "Before",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
}
STATUS_PATTERNS = (
    ("renewed", re.compile(r"\b(?:renewed|renewal|re-signed|extended the)\b", re.I)),
    (
        "ratified",
        re.compile(r"\b(?:ratified|ratification|(?:entered|came) into (?:force|effect))\b", re.I),
    ),
    ("signed", re.compile(r"\b(?:signed|inked|sealed|concluded|initiall?ed|signing)\b", re.I)),
    (
        "proposed",
        re.compile(
            r"\b(?:proposed|draft|negotiat\w*|will sign|to sign|finali[sz]\w*|to conclude)\b", re.I
        ),
    ),
)
_HEAD_WORD = re.compile(
    r"\b(?:agreements?|mous?|moa|loi|memorand\w*|treat(?:y|ies)|accords?|protocols?|conventions?|"
    r"pacts?|deals?|framework|charter|declaration|roadmap)\b"
)
_QUOTED = re.compile(r"[“\"]\s*(?:the\s+)?([^”\"]{3,120}?)\s*[”\"]")


@dataclass
class AgreementMention:
    name: str
    kind: str
    start: int
    end: int
    aliases: list[str] = field(default_factory=list)
    anaphor: bool = False  # "This Agreement", "the MoU": the last agreement named
    read_to: int = 0  # end of the text consumed, aliases in parentheses included


def sentence_status(sentence: str) -> str | None:
    for status, regex in STATUS_PATTERNS:
        if regex.search(sentence):
            return status
    return None


def find_agreements(sentence: str, mentions: list[CountryMention]) -> list[AgreementMention]:
    heads = lexicons().agreement_heads
    if not _HEAD_WORD.search(sentence.lower()):
        return []
    tokens = tokenize(sentence, mentions)
    has_status = sentence_status(sentence) is not None
    found: list[AgreementMention] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        kind = heads.get(tok.lower)
        if kind is None or (
            tok.lower in {"deal", "declaration", "roadmap"} and not tok.core[0].isupper()
        ):
            i += 1
            continue
        if tok.lower == "framework" and i + 1 < len(tokens) and tokens[i + 1].lower == "of":
            i += 1
            continue
        mention = _read_agreement(sentence, tokens, i, kind, has_status)
        if mention:
            found.extend(mention)
            i = max(i + 1, _token_index_after(tokens, max(mention[-1].end, mention[-1].read_to)))
        else:
            i += 1
    return found


def _token_index_after(tokens: list[Token], offset: int) -> int:
    for k, tok in enumerate(tokens):
        if tok.start >= offset:
            return k
    return len(tokens)


def _read_agreement(
    sentence: str, tokens: list[Token], i: int, kind: str, has_status: bool
) -> list[AgreementMention] | None:
    head = tokens[i]
    n = len(tokens)
    capital = head.core[0].isupper()
    right = i
    if head.lower == "memorandum":
        if i + 2 < n and tokens[i + 1].lower == "of" and tokens[i + 2].lower == "understanding":
            right = i + 2
        else:
            return None
    # Left: capitalised words and country compounds ("Japan-Philippines Reciprocal Access").
    left = i
    while left - 1 >= 0:
        prev = tokens[left - 1]
        if (
            prev.core[:1].isupper()
            and prev.lower not in _OPENERS
            and prev.core not in {"It", "An", "A", "In", "On"}
            and prev.text not in {"’s", "'s"}
        ):
            left -= 1
            continue
        break
    # Anaphor: "This Agreement", "the MoU" with nothing naming it.
    before = tokens[i - 1].lower if i > 0 else ""
    acronym = None
    k = right + 1
    if k + 2 < n and tokens[k].text == "(" and tokens[k + 2].text == ")":
        acronym = tokens[k + 1].core
        k += 3
    # Right: "on Defence Cooperation and Exchange", "between India and Pakistan".
    end = _extend_capitalised(tokens, k, right) if capital else _extend_lower(tokens, k, right)
    start_tok = tokens[left] if capital else head
    name = sentence[start_tok.start : tokens[end].end]
    name = re.sub(r"\s*\([^)]*\)\s*", " ", name).strip()
    name = name.rstrip(".,;")
    named = end > right or left < i
    anaphor = not named and before in {"this", "the", "that", "said"}
    if not named and not anaphor:
        return _listed(sentence, tokens, i, kind, has_status)
    if not capital and not has_status and not anaphor:
        return None
    if anaphor:
        return [AgreementMention(name, kind, head.start, head.end, [], anaphor=True)]
    aliases = [acronym] if acronym else []
    tail = sentence[tokens[end].end : tokens[end].end + 200]
    paren = re.match(r"\s*\(([^()]{3,200})\)", tail)
    if paren:
        aliases += [a.strip() for a in _QUOTED.findall(paren.group(1))]
    if not capital:
        name = name[0].upper() + name[1:]
    read_to = tokens[end].end + (paren.end() if paren else 0)
    return [AgreementMention(name, kind, start_tok.start, tokens[end].end, aliases, False, read_to)]


def _extend_capitalised(tokens: list[Token], k: int, right: int) -> int:
    end = right
    blockers = lexicons().name_blockers
    while k < len(tokens):
        tok = tokens[k]
        if tok.core[:1].isupper() or tok.text[:1].isdigit():
            if tok.core in blockers and tok.core in _NOT_IN_NAMES:
                break
            end = k
        elif tok.lower not in _CONNECT:
            break
        k += 1
    return end


def _extend_lower(tokens: list[Token], k: int, right: int) -> int:
    """ "on defence cooperation and exchanges": up to eight words after the head."""
    n = len(tokens)
    if k >= n or tokens[k].lower not in {"on", "for", "regarding", "concerning", "of", "in"}:
        return right
    end = right
    words = 0
    k += 1
    while k < n and words < 8:
        tok = tokens[k]
        nxt = tokens[k + 1] if k + 1 < n else None
        if tok.lower in {"and", "&", "the"} and nxt and nxt.core.isalpha():
            k += 1
            continue
        if tok.core.replace("-", "").isalpha() and tok.lower not in _LOWER_STOP:
            end = k
            words += 1
            k += 1
            continue
        break
    return end


def _listed(
    sentence: str, tokens: list[Token], i: int, kind: str, has_status: bool
) -> list[AgreementMention] | None:
    """ "signed three MoUs on trade, health and education": one agreement per subject."""
    if (
        not has_status
        or i == 0
        or tokens[i].lower not in {"mous", "agreements", "memoranda", "accords", "protocols"}
    ):
        return None
    if i + 1 >= len(tokens) or tokens[i + 1].lower not in {"on", "in", "for"}:
        return None
    rest = sentence[tokens[i + 1].end :]
    stop = re.search(r"[.;]|\b(?:with|after|during|at|between|which|while)\b", rest)
    subject_text = rest[: stop.start()] if stop else rest
    # The list ends with its "and" item: "energy, health and civil aviation, according to …".
    last_and = subject_text.find(" and ")
    if last_and != -1 and "," in subject_text[last_and:]:
        subject_text = subject_text[: subject_text.index(",", last_and)]
    subjects = [
        s.strip(" ,") for s in re.split(r",\s*(?:and\s+)?|\s+and\s+", subject_text) if s.strip(" ,")
    ]
    subjects = [re.sub(r"^(?:the\s+)?fields?\s+of\s+", "", s) for s in subjects]
    if not subjects or len(subjects) > 12:
        return None
    singular = {
        "mous": "MoU",
        "agreements": "Agreement",
        "memoranda": "MoU",
        "accords": "Accord",
        "protocols": "Protocol",
    }[tokens[i].lower]
    return [
        AgreementMention(f"{singular} on {s}", kind, tokens[i].start, tokens[i].end)
        for s in subjects
        if len(s) < 60
    ]
