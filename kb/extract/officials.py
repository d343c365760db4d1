"""Officials stage: named office holders, their title and country, and their later mentions.

Works on tokens. A person's name is a run of capitalised words that are not titles, places or
organisation words; it counts as an official when a title stands before it ("Japanese Defense
Minister Taro Kono", "Defence Minister of Japan Kono Taro", "Chief of Army Staff (COAS) General
Qamar Javed Bajwa"), after it as an apposition ("Wang Yi, China's foreign minister"), or when
"counterpart" introduces it. The person's country comes from the title or apposition
("Japanese Ambassador to Pakistan" is Japan's: a country after "to" is the host). Later
mentions by surname ("Bajwa"), by the acronym defined in the title ("COAS") or in Japanese
order resolve to the same person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.extract.countries import CountryMention
from kb.extract.lexicons import lexicons

_TOKEN = re.compile(r"[^\W\d_]+(?:[’'.\-][^\W\d_]+)*\.?|\d[\d,.:]*|[^\w\s]")
_PARTICLES = {
    "bin",
    "bint",
    "al",
    "el",
    "de",
    "da",
    "di",
    "van",
    "von",
    "der",
    "den",
    "du",
    "la",
    "le",
    "ibn",
    "ul",
    "ur",
    "ud",
}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_CONNECTORS = {"of", "for", "and", "the", "&"}
_RETIRED = {"r", "retd", "retired", "rtd"}


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    core: str  # without a final full stop
    lower: str
    country: str | None = None  # ISO3 when a country mention covers the token


@dataclass
class OfficialMention:
    name: str
    start: int  # offsets in the sentence
    end: int
    title: str | None
    country: str | None
    acronym: str | None = None
    single: bool = False  # only a surname after a rank ("General Bajwa")


@dataclass(eq=False)
class Person:
    """An official as collected across the article."""

    name: str
    title: str | None
    country: str | None
    aliases: set[str] = field(default_factory=set)
    first_sentence: int = 0


def _has_title_cue(sentence: str) -> bool:
    lowered = sentence.lower()
    for end, (length,) in lexicons().title_cue.iter(lowered):
        start = end - length + 1
        if (start == 0 or not lowered[start - 1].isalpha()) and (
            end + 1 >= len(lowered) or not lowered[end + 1].isalpha()
        ):
            return True
    return False


def tokenize(text: str, mentions: list[CountryMention]) -> list[Token]:
    tokens: list[Token] = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        start, end = m.start(), m.end()
        if len(word) > 2 and word[-2:] in {"’s", "'s"}:
            tokens.append(_token(word[:-2], start, end - 2))
            tokens.append(_token(word[-2:], end - 2, end))
            continue
        tokens.append(_token(word, start, end))
    if mentions:
        j = 0
        for tok in tokens:
            while j < len(mentions) and mentions[j].end <= tok.start:
                j += 1
            if j < len(mentions) and mentions[j].start <= tok.start < mentions[j].end:
                tok.country = mentions[j].iso3
    return tokens


def _token(word: str, start: int, end: int) -> Token:
    core = word[:-1] if word.endswith(".") and len(word) > 1 else word
    return Token(word, start, end, core, core.lower())


def _kind(tok: Token) -> str | None:
    return lexicons().title_kinds.get(tok.lower) or (
        "head" if tok.lower in {"counterpart", "counterparts"} else None
    )


def _is_initial(tok: Token) -> bool:
    return len(tok.core) == 1 and tok.core.isupper() and tok.text.endswith(".")


def _name_like(tok: Token) -> bool:
    core = tok.core
    if not core or not core[0].isupper() or tok.country:
        return False
    if _is_initial(tok):
        return True
    if core in lexicons().name_blockers or _kind(tok) or core.lower() in lexicons().agreement_heads:
        return False
    if _is_initial(tok):
        return True
    return core[0].isalpha() and len(core) > 1


def find_officials(
    sentence: str, mentions: list[CountryMention], known_acronyms: set[str] | None = None
) -> list[OfficialMention]:
    """Officials named with a title, apposition or "counterpart" in one sentence."""
    if not _has_title_cue(sentence):
        return []
    tokens = tokenize(sentence, mentions)
    found: list[OfficialMention] = []
    i = 0
    n = len(tokens)
    while i < n:
        if not _name_like(tokens[i]):
            i += 1
            continue
        j = i
        while j + 1 < n and (
            _name_like(tokens[j + 1])
            or (tokens[j + 1].lower in _PARTICLES and j + 2 < n and _name_like(tokens[j + 2]))
        ):
            j += 1
        run = tokens[i : j + 1]
        end_index = j
        # "Marcos, Jr." keeps its suffix.
        if j + 2 < n and tokens[j + 1].text == "," and tokens[j + 2].core.lower() in _SUFFIXES:
            end_index = j + 2
        mention = _official_from_run(sentence, tokens, i, j, end_index, known_acronyms or set())
        if mention and _plausible_name(run):
            found.append(mention)
        i = end_index + 1
    return found


def _plausible_name(run: list[Token]) -> bool:
    if len(run) > 5:
        return False
    # An all-capitals run is an acronym or a heading, not a name ("ISPR", "AMAN").
    return not all(t.core.isupper() for t in run) or (
        len(run) >= 2 and any(len(t.core) > 4 for t in run)
    )


def _official_from_run(
    sentence: str, tokens: list[Token], i: int, j: int, end_index: int, acronyms: set[str]
) -> OfficialMention | None:
    name = sentence[tokens[i].start : tokens[end_index].end].rstrip(",")
    if name.endswith(".") and not (
        _is_initial(tokens[end_index]) or tokens[end_index].core.lower() in _SUFFIXES
    ):
        name = name[:-1]
    single = i == j
    back = _title_before(tokens, i, acronyms)
    comma = i - 1
    while comma > i - 3 and comma > 0 and _kind(tokens[comma]) in {"rank", "honorific", "head"}:
        comma -= 1
    if (back is None or back[1] is None) and comma >= 1 and tokens[comma].text == ",":
        # "Saudi Arabia's foreign minister, Prince Faisal bin Farhan": the title, then the name.
        lead = _title_before(tokens, comma, acronyms)
        if lead and lead[0] and lead[1] and not _only_rank(lead[0]):
            back = (lead[0], lead[1], lead[2], "head")
    forward = _title_after(tokens, end_index + 1)
    title, country, acronym = None, None, None
    if back:
        title, country, acronym, nearest = back
        if single and nearest not in {"head", "rank", "honorific"}:
            back = None
    if forward and (forward[1] or not title or _only_rank(title)):
        title = forward[0] if not title or _only_rank(title) else title
        country = country or forward[1]
    if back is None and forward is None:
        return None
    if title is None or (_kind_of_title(title) == "honorific" and not forward):
        # "Mr. Kono": a person, an official only if already known; the caller resolves that.
        return (
            OfficialMention(
                name, tokens[i].start, tokens[end_index].end, None, country, None, single=True
            )
            if single
            else None
        )
    return OfficialMention(
        name, tokens[i].start, tokens[end_index].end, title, country, acronym, single=single
    )


def _only_rank(title: str) -> bool:
    """ "General", "Mr.": a rank or courtesy word, no post."""
    kinds = {lexicons().title_kinds.get(w.strip(".").lower()) for w in title.split()}
    return not (kinds & {"head"})


def _kind_of_title(title: str) -> str:
    words = [w.strip(".").lower() for w in title.split()]
    kinds = {lexicons().title_kinds.get(w) for w in words}
    if kinds & {"head", "rank"} or "counterpart" in words:
        return "head"
    return "honorific" if "honorific" in kinds else "other"


def _title_before(
    tokens: list[Token], i: int, acronyms: set[str]
) -> tuple[str | None, str | None, str | None, str | None] | None:
    """The title phrase right before a name: (title, country, acronym, kind of nearest word)."""
    k = i - 1
    words: list[Token] = []
    acronym = None
    host_country = False
    while k >= 0:
        tok = tokens[k]
        kind = _kind(tok)
        if tok.text == ")" and k >= 2 and tokens[k - 2].text == "(":
            inner = tokens[k - 1]
            if inner.lower in _RETIRED:
                k -= 3
                continue
            if inner.core.isupper() and len(inner.core) >= 2:
                acronym = acronym or inner.core
                k -= 3
                continue
            break
        if kind or tok.country or tok.lower in _CONNECTORS or tok.text in {"’s", "'s"}:
            words.append(tok)
            k -= 1
            continue
        if tok.lower == "to" and words and words[-1].country:
            host_country = True
            words.append(tok)
            k -= 1
            continue
        if tok.core in acronyms:
            words.append(tok)
            k -= 1
            continue
        break
    words.reverse()
    while words and (words[0].lower in _CONNECTORS or words[0].text in {"’s", "'s"}):
        words.pop(0)
    if not words:
        return None
    kinds = [_kind(t) for t in words]
    if not any(kd in {"head", "rank", "honorific"} for kd in kinds):
        return None
    nearest = kinds[-1] if kinds else None
    country = _country_of(words, host_country)
    return _title_text(words), country, acronym, nearest


def _country_of(words: list[Token], host_country: bool) -> str | None:
    after_to = False
    for tok in words:
        if tok.lower == "to":
            after_to = True
            continue
        if tok.country and not after_to:
            return tok.country
    return None


def _title_text(words: list[Token]) -> str | None:
    """The title without country words: "Japanese Defense Minister" -> "Defense Minister"."""
    parts: list[str] = []
    skip_to = False
    for tok in words:
        if tok.lower == "to":
            skip_to = True
        if skip_to or tok.country or tok.text in {"’s", "'s"}:
            continue
        if _kind(tok) == "honorific":
            continue
        parts.append(tok.core if tok.core.lower() in lexicons().abbreviations else tok.text)
    kinds = lexicons().title_kinds
    while parts and parts[-1].lower() in _CONNECTORS:
        parts.pop()
    while parts and parts[0].lower() in _CONNECTORS:
        parts.pop(0)
    # "Chief of Army Staff General": the rank after the post is the person's, not the post's.
    while (
        len(parts) > 1
        and kinds.get(parts[-1].lower().strip(".")) == "rank"
        and any(kinds.get(p.lower()) == "head" for p in parts[:-1])
    ):
        parts.pop()
    return " ".join(parts).replace("( ", "(").replace(" )", ")") or None


def _title_after(tokens: list[Token], k: int) -> tuple[str | None, str | None] | None:
    """An apposition after a name: ", China's foreign minister", ", Minister of Defense"."""
    n = len(tokens)
    if k >= n or tokens[k].text != ",":
        return None
    k += 1
    words: list[Token] = []
    seen_head = False
    while k < n:
        tok = tokens[k]
        kind = _kind(tok)
        if tok.text == "," and k + 1 < n and seen_head:
            nxt = tokens[k + 1]
            if (
                nxt.core[:1].isupper()
                and nxt.lower not in {"and", "while", "who", "which"}
                and (_kind(nxt) or nxt.country or nxt.core not in lexicons().name_blockers)
            ):
                words.append(tok)
                k += 1
                continue
            break
        if tok.text == "(":
            close = next((x for x in range(k + 1, min(n, k + 8)) if tokens[x].text == ")"), None)
            if close is None:
                break
            words.extend(tokens[k : close + 1])
            k = close + 1
            continue
        if kind in {"head", "rank"}:
            seen_head = True
        if (
            kind
            or tok.country
            or tok.lower in _CONNECTORS
            or tok.text in {"’s", "'s", "-"}
            or (seen_head and tok.core[:1].isupper())
            or (not seen_head and len(words) < 3 and tok.core[:1].isupper() and len(words) > 0)
        ):
            words.append(tok)
            k += 1
            if not seen_head and len(words) > 4:
                return None
            continue
        break
    if not seen_head:
        return None
    while words and words[-1].text in {",", "the", "of", "and"}:
        words.pop()
    country = _country_of(words, False)
    title_words: list[Token] = []
    for tok in words:
        if tok.text == ",":
            break
        title_words.append(tok)
    return _title_text(title_words), country


class OfficialRegistry:
    """Officials seen so far in an article, so later mentions resolve to the same person."""

    def __init__(self) -> None:
        self.people: list[Person] = []

    def add(self, mention: OfficialMention, sentence_index: int) -> Person | None:
        person = self.resolve(mention.name)
        if person:
            if mention.country and not person.country:
                person.country = mention.country
            longer = mention.title and (not person.title or len(mention.title) > len(person.title))
            if longer and (not mention.single or not person.title):
                person.title = mention.title
            if mention.acronym:
                person.aliases.add(mention.acronym)
            if not mention.single and len(mention.name) > len(person.name):
                person.name = mention.name
            return person
        if mention.title is None:
            return None
        person = Person(mention.name, mention.title, mention.country, first_sentence=sentence_index)
        if mention.acronym:
            person.aliases.add(mention.acronym)
        self.people.append(person)
        return person

    def resolve(self, name: str) -> Person | None:
        kinds = lexicons().title_kinds
        words = [w for w in _name_words(name) if w not in kinds]
        if not words:
            return None
        for person in self.people:
            theirs = _name_words(person.name)
            if not theirs:
                continue
            if words == theirs or (set(words) <= set(theirs) and words[-1] in theirs):
                return person
            if len(words) == 1 and words[0] in {theirs[-1], theirs[0]} and len(words[0]) > 2:
                return person
            if name in person.aliases:
                return person
        return None

    def surname_pattern(self) -> re.Pattern[str] | None:
        """Words that, standing alone, mean one of the known officials (surname, acronym)."""
        keys: set[str] = set()
        for person in self.people:
            words = [w for w in _name_words(person.name, keep_case=True) if len(w) > 1]
            if words:
                keys.add(words[-1])
                keys.update(w for w in words if w.isupper())
            keys.update(person.aliases)
        if not keys:
            return None
        return re.compile(r"\b(" + "|".join(sorted(map(re.escape, keys), key=len)[::-1]) + r")\b")

    def by_alias(self, word: str) -> Person | None:
        for person in self.people:
            if word in person.aliases:
                return person
        return self.resolve(word)


def _name_words(name: str, keep_case: bool = False) -> list[str]:
    words = [w.strip(".,") for w in name.split()]
    words = [w for w in words if w and w.lower().strip(".") not in _SUFFIXES and len(w) > 1]
    return words if keep_case else [w.lower() for w in words]
