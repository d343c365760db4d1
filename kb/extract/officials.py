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
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from kb.extract.countries import CountryMention
from kb.extract.known_officials import KnownOfficial, known_official, listed_names
from kb.extract.lexicons import lexicons
from kb.extract.text import Sentence

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
# Letters after a name that are not part of it ("Rishi Sunak MP", "Jane Doe QC").
_POST_NOMINALS = {"MP", "MPs", "MNA", "MLA", "MEP", "QC", "KC", "OBE", "MBE", "CBE", "KBE", "PhD"}
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
    plural: bool = False  # the title was plural ("Presidents A and B"): it also covers B
    listed: bool = False  # found as a well-known office holder, not by a title in the text


@dataclass(eq=False)
class Person:
    """An official as collected across the article."""

    name: str
    title: str | None
    country: str | None
    aliases: set[str] = field(default_factory=set)
    first_sentence: int = 0
    untitled: bool = False  # only ever named bare ("Sisi and Erdogan shook hands")


def has_title_cue(sentence: str) -> bool:
    """Whether the sentence holds a word that can introduce an official (a cheap gate)."""
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
    append = tokens.append
    for m in _TOKEN.finditer(text):
        word = m.group()
        start, end = m.span()
        if len(word) > 2 and word[-2:] in _POSSESSIVE:
            append(_token(word[:-2], start, end - 2))
            append(Token(word[-2:], end - 2, end, word[-2:], word[-2:]))
            continue
        if len(word) > 3 and word[-1] == "." and word[-3:-1] in _POSSESSIVE:
            # "… as Windhoek's.": the possessive, then the sentence's full stop.
            append(_token(word[:-3], start, end - 3))
            append(Token(word[-3:-1], end - 3, end - 1, word[-3:-1], word[-3:-1]))
            append(Token(".", end - 1, end, ".", "."))
            continue
        if word[4:5] == "-" and len(word) > 5 and word[:4].lower() == "then":
            # "then-President Hu Jintao": the title the person held at the time.
            append(Token(word[:5], start, start + 5, word[:5], word[:5].lower()))
            word, start = word[5:], start + 5
        # Inlined `_token`: this loop sees every word of every sentence with a title in it.
        core = word[:-1] if word[-1] == "." and len(word) > 1 else word
        append(Token(word, start, end, core, core.lower()))
    if mentions:
        j = 0
        for tok in tokens:
            while j < len(mentions) and mentions[j].end <= tok.start:
                j += 1
            if j < len(mentions) and mentions[j].start <= tok.start < mentions[j].end:
                tok.country = mentions[j].iso3
    return tokens


_POSSESSIVE = frozenset({"’s", "'s"})


def _token(word: str, start: int, end: int) -> Token:
    core = word[:-1] if word.endswith(".") and len(word) > 1 else word
    return Token(word, start, end, core, core.lower())


def _kind(tok: Token) -> str | None:
    lower = tok.lower
    kind = (_KINDS or _load_kinds()).get(lower)
    if kind:
        return kind
    if "-" in lower:
        stem, _, suffix = lower.rpartition("-")
        if suffix in {"designate", "elect"}:
            return _KINDS.get(stem)  # "minister-designate", "president-elect"
    if tok.core in _CAPS_HONORIFICS:
        return "honorific"  # "HE Amr Sherbiny", "HH the Amir"; "He" stays a pronoun
    return None


_KINDS: dict[str, str] = {}  # filled once; `_kind` sees every word of a titled sentence


def _load_kinds() -> dict[str, str]:
    """The title lexicon's kinds, and "counterpart" as a post."""
    _KINDS.update(lexicons().title_kinds)
    _KINDS.update(counterpart="head", counterparts="head")
    return _KINDS


_CAPS_HONORIFICS = frozenset({"HE", "HH", "HM", "HRH"})


def _is_initial(tok: Token) -> bool:
    return len(tok.core) == 1 and tok.core.isupper() and tok.text.endswith(".")


_ARABIC_ARTICLE = re.compile(r"(?:al|el|ad|ash|as|at|az|ar|an|ud|ul)-[A-Z][a-z]")


def _name_like(tok: Token) -> bool:
    core = tok.core
    if not core or tok.country:
        return False
    if not core[0].isupper():
        # Most words of a sentence end here: the hyphen test spares them the regex.
        return "-" in core and bool(_ARABIC_ARTICLE.match(core))
    if _is_initial(tok):
        return True
    if "-" in core and _ARABIC_ARTICLE.match(core):
        return True  # "al-Aiban", "el-Sisi"
    lex = lexicons()
    if core in lex.name_blockers or _kind(tok) or core.lower() in lex.agreement_heads:
        return False
    if _is_initial(tok) or (len(core) == 1 and core.isupper()):
        return True  # "S. Jaishankar", "S Jaishankar"
    return core[0].isalpha() and len(core) > 1


def find_officials(
    sentence: str,
    mentions: list[CountryMention],
    known_acronyms: set[str] | None = None,
    tokens: list[Token] | None = None,
) -> list[OfficialMention]:
    """Officials named with a title, apposition or "counterpart" in one sentence (`tokens`:
    the sentence's tokens when the caller already has them)."""
    if tokens is None:
        if not has_title_cue(sentence):
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
        end_index = j
        while j > i and tokens[j].core in _POST_NOMINALS:
            j -= 1
        run = tokens[i : j + 1]
        # "Marcos, Jr." keeps its suffix.
        if j + 2 < n and tokens[j + 1].text == "," and tokens[j + 2].core.lower() in _SUFFIXES:
            j = end_index = j + 2
        mention = _official_from_run(sentence, tokens, i, j, end_index, known_acronyms or set())
        if (
            mention is None
            and found
            and found[-1].plural
            and i >= 1
            and tokens[i - 1].lower == "and"
        ):
            # "Presidents Barack Obama and Dmitry Medvedev": the second name shares the title.
            prev = found[-1]
            if _SHARED_TITLE_GAP.fullmatch(sentence, prev.end, tokens[i - 1].start):
                mention = OfficialMention(
                    _name_text(sentence, tokens, i, j),
                    tokens[i].start,
                    tokens[j].end,
                    prev.title,
                    _country_after(tokens, end_index),
                )
        if mention and _plausible_name(run):
            found.append(mention)
        i = end_index + 1
    for mention in found:
        if mention.country is None and _is_envoy(mention.title):
            mention.country = _mission_country(tokens)
    return found


_ENVOYS = frozenset({"ambassador", "envoy", "consul", "consul-general", "chargé", "charge"})
_MISSIONS = frozenset({"embassy", "mission", "consulate", "legation"})


def _is_envoy(title: str | None) -> bool:
    return bool(title) and any(w.lower() in _ENVOYS for w in title.split())


def _mission_country(tokens: list[Token]) -> str | None:
    """ "The Japanese embassy quoted Ambassador X": the country whose mission the sentence
    names (one only), for an envoy whose title names none."""
    found = {
        tok.country
        for k, tok in enumerate(tokens[:-1])
        if tok.country
        and (
            tokens[k + 1].lower in _MISSIONS
            or (
                tokens[k + 1].text in _POSSESSIVE
                and k + 2 < len(tokens)
                and tokens[k + 2].lower in _MISSIONS
            )
        )
    }
    return found.pop() if len(found) == 1 else None


def listed_by_sentence(
    text: str, sentences: Sequence[Sentence]
) -> dict[int, list[tuple[int, int, KnownOfficial]]]:
    """`listed_names` of a whole text (one pass), by sentence index, in sentence offsets."""
    hits = listed_names(text)
    found: dict[int, list[tuple[int, int, KnownOfficial]]] = {}
    k = 0
    for sentence in sentences:
        while k < len(hits) and hits[k][0] < sentence.start:
            k += 1
        while k < len(hits) and hits[k][1] <= sentence.end:
            start, end, official = hits[k]
            found.setdefault(sentence.index, []).append(
                (start - sentence.start, end - sentence.start, official)
            )
            k += 1
    return found


def with_listed(
    sentence: str,
    found: list[OfficialMention],
    names: list[tuple[int, int, KnownOfficial]] | None = None,
) -> list[OfficialMention]:
    """The officials found by their titles, and the well-known office holders the sentence
    names bare ("Sisi and Erdogan shook hands"), in order of appearance (`names`: the
    sentence's `listed_names`, when the caller has them)."""
    listed = [
        OfficialMention(
            sentence[start:end],
            start,
            end,
            official.post,
            official.iso3,
            single=" " not in sentence[start:end],
            listed=True,
        )
        for start, end, official in (listed_names(sentence) if names is None else names)
        if not any(m.start < end and start < m.end for m in found)
        and not _IN_PASSING_BEFORE.search(sentence, max(0, start - 40), start)
        and not _IN_PASSING_AFTER.match(sentence, end)
    ]
    return sorted(found + listed, key=lambda m: m.start) if listed else found


def possessive_names(
    sentence: str, mentions: list[CountryMention], tokens_of: Callable[[], list[Token]]
) -> list[OfficialMention]:
    """People named bare right after their country's possessive ("Chile's Ana Roe and Peru's
    Juan Doe signed …"): the country says whose they are; with no title they count only when
    the story has them act in an event (the pipeline keeps untitled people only then).

    A full name of two to four words is required, so "Russia's Gazprom" and one-word places
    stay out; places, organisation words and titles are not name-like and end the run."""
    if not mentions or ("'s " not in sentence and "’s " not in sentence):
        return []  # most sentences: no possessive at all
    if not any(
        sentence.startswith(("'s ", "’s "), m.end) and _two_capitals(sentence, m.end + 3)
        for m in mentions
    ):
        return []
    tokens = tokens_of()  # made only for the few sentences with a country's possessive
    cities = lexicons().cities
    found: list[OfficialMention] = []
    n = len(tokens)
    for k in range(1, n - 2):
        if tokens[k].text not in _POSSESSIVE or not tokens[k - 1].country:
            continue
        j = k + 1
        while j < n and (
            _name_like(tokens[j])
            or (tokens[j].lower in _PARTICLES and j + 1 < n and _name_like(tokens[j + 1]))
        ):
            j += 1
        run = tokens[k + 1 : j]
        if not 2 <= len(run) <= 4 or not _plausible_name(run):
            continue
        if any(t.core.lower() in cities or t.core in _THING_WORDS for t in run):
            continue
        if j < n and not _acts_after(tokens[j]):
            continue  # "France's Bastille Day parade": a proper name modifying a noun
        found.append(
            OfficialMention(
                _name_text(sentence, tokens, k + 1, j - 1),
                run[0].start,
                run[-1].end,
                None,
                tokens[k - 1].country,
                listed=True,
            )
        )
    return found


def _two_capitals(text: str, at: int) -> bool:
    """Whether two capitalised words open `text` at `at` (a particle may sit between)."""
    words = text[at : at + 60].split(" ", 3)
    if len(words) < 2 or not words[0][:1].isupper():
        return False
    second = words[2] if words[1] in _PARTICLES and len(words) > 2 else words[1]
    return second[:1].isupper()


def _acts_after(tok: Token) -> bool:
    """Whether what follows a bare name lets it be a person's: a list or clause goes on
    ("and", a comma) or a verb follows ("signed", "met", "says")."""
    if tok.text in {",", ".", ";", ")", "–", "—"} or tok.lower in {"and", "who", "had", "has"}:
        return True
    lower = tok.lower
    return lower.islower() and (
        lower.endswith("ed") or lower in _IRREGULAR_VERBS or lower in {"says", "was", "is"}
    )


_IRREGULAR_VERBS = frozenset(
    {"met", "said", "told", "held", "spoke", "led", "made", "gave", "took", "sent", "went"}
    | {"came", "wrote", "flew", "won", "saw", "put", "set", "began", "left", "also", "later"}
)
# Last words of names of things, not people: "Russia's Far East", "Japan's Golden Week".
_THING_WORDS = frozenset(
    {"Day", "Week", "Games", "Festival", "Cup", "Prize", "Award", "Act", "Law", "Plan", "Bay"}
    | {"Island", "Islands", "River", "Sea", "Lake", "Strait", "Gulf", "Valley", "East", "West"}
    | {"North", "South", "Initiative", "Project", "Programme", "Fund", "Mountains", "Coast"}
)


# A bare name in passing: "cooled under his predecessor X", "the government of X", "the X
# administration", "X's government".
_IN_PASSING_BEFORE = re.compile(
    r"\b(?:under|including|such as|like|against|about|regarding|government of|administration of|"
    r"regime of|era of|predecessor|successor|rival|critics? of|opponents? of)\s+(?:[a-z]+\s+)?$"
)
_IN_PASSING_AFTER = re.compile(
    r"(?:[’']s)?\s*(?:-era\b|administration|government|regime|era\b|camp\b|doctrine|cabinet)"
    # "Putin's invasion": a possessive names the person's doing only when it is an encounter
    r"|[’']s\s+(?!(?:[\w-]+\s+){0,2}?(?:visit|trip|tour|talks|meeting|call|conversation|arrival|"
    r"invitation|delegation|letter|message|summit|stay|departure|host|counterpart)s?\b)"
)


# Between two names sharing a plural title: nothing, or the first one's country ("Foreign
# Ministers A of Armenia and B of Azerbaijan").
_SHARED_TITLE_GAP = re.compile(r"\s*(?:of (?:the )?[A-Z][\w-]*(?: [A-Z][\w-]*)*\s*)?")


def _country_after(tokens: list[Token], k: int) -> str | None:
    """ "Foreign Minister A of Armenia": the country named right after the name."""
    if k + 2 < len(tokens) and tokens[k + 1].lower == "of":
        return tokens[k + 2].country
    return None


def _name_text(sentence: str, tokens: list[Token], i: int, j: int) -> str:
    name = sentence[tokens[i].start : tokens[j].end].rstrip(",")
    if name.endswith(".") and not (_is_initial(tokens[j]) or tokens[j].core.lower() in _SUFFIXES):
        name = name[:-1]
    return name


def _plausible_name(run: list[Token]) -> bool:
    if len(run) > 5:
        return False
    # An all-capitals run is an acronym or a heading, not a name ("ISPR", "AMAN").
    return not all(t.core.isupper() for t in run) or (
        len(run) >= 2 and any(len(t.core) > 4 for t in run)
    )


_KIN = frozenset(
    {"wife", "husband", "spouse", "son", "daughter", "brother", "sister", "mother", "father"}
)


def _official_from_run(
    sentence: str, tokens: list[Token], i: int, j: int, end_index: int, acronyms: set[str]
) -> OfficialMention | None:
    name = _name_text(sentence, tokens, i, j)
    single = i == j
    if i >= 1 and tokens[i - 1].lower in _KIN:
        return None  # "with his wife Jane, the trade minister, …": family, not the office
    back = _title_before(tokens, i, acronyms)
    comma = i - 1
    while comma > i - 3 and comma > 0 and _kind(tokens[comma]) in {"rank", "honorific", "head"}:
        comma -= 1
    if (back is None or back[1] is None) and comma >= 1 and tokens[comma].text == ",":
        # "Saudi Arabia's foreign minister, Prince Faisal bin Farhan": the title, then the name.
        lead_end = _skip_time_phrase(tokens, comma)
        lead = _title_before(tokens, lead_end, acronyms)
        if lead is None:
            # "the US special envoy for compact negotiations, Joseph Yun": a portfolio in words
            # the title lexicon does not hold.
            lead_end = _portfolio_start(tokens, lead_end)
            lead = _title_before(tokens, lead_end, acronyms) if lead_end else None
        if (
            lead
            and lead[0]
            and (
                lead[0] == COUNTERPART
                or (lead[1] and not _only_rank(lead[0]))
                or (
                    _post_word(lead[0]) in _STATE_POSTS
                    and _determined(tokens, lead_end)
                    and (
                        _closes_apposition(tokens, end_index + 1)
                        or (_is_plural(lead[0]) and _continues_list(tokens, end_index + 1))
                    )
                )
            )
        ):
            # "… was received by his Pakistani counterpart, Shah Qureshi" as well, and
            # "its science minister, Jane Doe, said": a title with a determiner, then the name
            # between commas.
            back = (lead[0], lead[1], lead[2], "head")
    forward = _title_after(tokens, end_index + 1) or _title_as(tokens, end_index + 1)
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
    if back and not forward and title and _names_a_vessel(tokens, i) and _only_rank(title):
        return None  # "the frigate Admiral Gorshkov"
    country = country or _country_after(tokens, end_index) or _leading_country(tokens, i)
    if title is None or (_kind_of_title(title) == "honorific" and not forward):
        # "Mr. Kono": a person, an official only if already known; the caller resolves that.
        return (
            OfficialMention(name, tokens[i].start, tokens[j].end, None, country, None, single=True)
            if single
            else None
        )
    if country is None and title.lower() in _GROUP_POSTS:
        return None  # "the Nama leader Hendrik Witbooi": a leader, of no state the text names
    plural = _is_plural(title)
    if plural:
        title = singular_title(title)
    return OfficialMention(
        name, tokens[i].start, tokens[j].end, title, country, acronym, single=single, plural=plural
    )


# Posts of a government's own: "its science minister, Jane Doe," names an official, "the
# company's chairman, John Roe," does not.
# Words about when or how a post is held, inside a title phrase but not part of the post.
_TENURE_WORDS = frozenset(
    {"new", "newly", "appointed", "outgoing", "incoming", "visiting", "current", "serving"}
)
_STATE_POSTS = frozenset(
    {"minister", "ambassador", "envoy", "secretary", "president", "premier", "chancellor"}
    | {"consul", "consul-general", "undersecretary", "under-secretary", "emissary", "diplomat"}
)
# Posts that lead any group, not only a state: an official only with a country.
_GROUP_POSTS = frozenset({"leader", "chief", "head", "chairman", "chairwoman", "chairperson"})
_TIME_PHRASES = (("at", "the", "time"), ("at", "that", "time"), ("then",))
_DETERMINERS = frozenset({"the", "its", "his", "her", "their", "our", "whose"})


def _skip_time_phrase(tokens: list[Token], k: int) -> int:
    """ "his counterpart at the time, Mevlut Cavusoglu": where the title ends before `k`."""
    for phrase in _TIME_PHRASES:
        start = k - len(phrase)
        if start > 0 and tuple(t.lower for t in tokens[start:k]) == phrase:
            return start
    return k


def _portfolio_start(tokens: list[Token], k: int) -> int | None:
    """Where "for/on <up to three plain words>" starts, right after a post, before `k`."""
    for start in range(k - 2, max(0, k - 5), -1):
        if tokens[start].lower in {"for", "on"}:
            if start >= 1 and _kind(tokens[start - 1]) == "head":
                return start
            return None
        if not tokens[start].core.isalpha():
            return None
    return None


_VESSELS = frozenset(
    {"the", "frigate", "destroyer", "cruiser", "corvette", "carrier", "submarine", "tanker"}
    | {"ship", "vessel", "warship", "boat", "flagship", "icebreaker", "aboard", "onboard"}
)


def _names_a_vessel(tokens: list[Token], i: int) -> bool:
    """Whether a rank before the name follows "the" or a kind of ship: ships are named after
    admirals and generals ("the frigate Admiral Gorshkov", "the Admiral Kuznetsov")."""
    k = i - 1
    while k >= 0 and _kind(tokens[k]) in {"rank", "modifier"}:
        k -= 1
    return k >= 0 and k < i - 1 and tokens[k].lower in _VESSELS


_PARTIES = frozenset({"delegation", "team", "side", "mission", "contingent", "group"})


def _leading_country(tokens: list[Token], i: int) -> str | None:
    """ "a Namibian delegation led by Education Minister Jane Doe": the country of the party
    the person leads."""
    k = i - 1
    while k >= 0 and (
        _kind(tokens[k]) or tokens[k].lower in _CONNECTORS or tokens[k].text in _POSSESSIVE
    ):
        k -= 1
    if k < 3 or tokens[k].lower != "by" or tokens[k - 1].lower not in {"led", "headed"}:
        return None
    # "a Namibian delegation led by", "the Chinese side, headed by", "a team from Kenya led by"
    window = tokens[max(0, k - 6) : k - 1]
    if not any(t.lower in _PARTIES for t in window[-4:]):
        return None
    countries = [t.country for t in window if t.country]
    return countries[-1] if countries else None


def _determined(tokens: list[Token], k: int) -> bool:
    """Whether the title phrase ending before `k` opens with a determiner ("its science
    minister", "the ambassador"): a noun phrase that an apposition then names."""
    k -= 1
    while k >= 0 and (_kind(tokens[k]) or tokens[k].country or tokens[k].text in _POSSESSIVE):
        k -= 1
    # "after then defence minister, Jane Roe," names the holder of the time as surely as "the".
    return k >= 0 and (tokens[k].lower in _DETERMINERS or tokens[k].lower == "then")


def _continues_list(tokens: list[Token], k: int) -> bool:
    """ "the foreign ministers, Jane Roe and John Doe": a plural post names a list, so "and"
    and another name may follow the first name instead of a closing comma."""
    return k + 1 < len(tokens) and tokens[k].lower == "and" and _name_like(tokens[k + 1])


def _post_word(title: str) -> str:
    """The post a title ends in, singular: "foreign ministers" -> "minister"."""
    return (singular_title(title) if _is_plural(title) else title).split()[-1].lower()


def _closes_apposition(tokens: list[Token], k: int) -> bool:
    """Whether the name ends an apposition: a comma, a bracket or the sentence's end follows."""
    return (
        k >= len(tokens)
        or tokens[k].text in {",", ")", ";"}
        or (k == len(tokens) - 1 and tokens[k].text in {".", "!", "?"})
    )


def _title_as(tokens: list[Token], k: int) -> tuple[str | None, str | None] | None:
    """ "Jane Roe, a former chairman of the committee, as Berlin's special envoy": the post
    the person is named to, after the name or after an apposition that follows it."""
    n = len(tokens)
    if k < n and tokens[k].text == ",":
        close = next((x for x in range(k + 1, min(n, k + 16)) if tokens[x].text == ","), None)
        if close is None:
            return None
        k = close + 1
    if k >= n or tokens[k].lower != "as":
        return None
    words: list[Token] = []
    k += 1
    while k < n and tokens[k].lower in {"the", "its", "his", "her", "their"}:
        k += 1
    while k < n:
        tok = tokens[k]
        if _kind(tok) or tok.country or tok.text in _POSSESSIVE or tok.lower in {"of", "for"}:
            words.append(tok)
            k += 1
            continue
        break
    while words and words[-1].lower in {"of", "for"}:
        words.pop()
    country = _country_of(words, False)
    possessed = any(t.text in _POSSESSIVE for t in words)
    if not any(_kind(t) == "head" for t in words) and not (country and possessed):
        return None
    return _title_text(words), country


def _is_plural(title: str) -> bool:
    last = title.split()[-1].lower() if title else ""
    return last.endswith("s") and lexicons().title_kinds.get(last) == "head"


def singular_title(title: str) -> str:
    """ "Prime Ministers" -> "Prime Minister", "Secretaries" -> "Secretary"."""
    words = title.split()
    last = words[-1]
    words[-1] = last[:-3] + "y" if last.lower().endswith("ies") else last[:-1]
    return " ".join(words)


def country_of_title(title: str | None) -> str | None:
    """The country a post's name implies ("Secretary of State" is the US's), if any."""
    if not title:
        return None
    lowered = " " + " ".join(title.lower().split()) + " "
    for phrase, iso3 in lexicons().title_countries:
        if f" {phrase} " in lowered:
            return iso3
    return None


def is_spokesperson(title: str | None) -> bool:
    """Spokespeople report what others did; they are not parties to it (unless they hold
    another post first: "Additional Secretary and spokesperson" leads delegations)."""
    if not title:
        return False
    first_post = title.split(" and ")[0]
    return any(w.strip(".,").lower() in _SPOKES for w in first_post.split())


_SPOKES = {"spokesman", "spokeswoman", "spokesperson", "spokespersons", "spokesmen"}


def is_domestic_voice(title: str | None) -> bool:
    """Opposition figures and legislators ("Opposition Leader", "US Senator") comment on
    relations between states; they do not conduct them (a legislator may still lead a visit)."""
    if not title:
        return False
    return any(w.strip(".,").lower() in _DOMESTIC_TITLES for w in title.split())


def is_opposition(title: str | None) -> bool:
    """ "opposition leader": speaks for no state, whatever the story has them do."""
    return bool(title) and "opposition" in title.lower().split()


_DOMESTIC_TITLES = frozenset(
    {"opposition", "senator", "senators", "congressman", "congresswoman", "congressmen"}
    | {"lawmaker", "lawmakers", "legislator", "legislators", "parliamentarian"}
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
        if (
            tok.lower == "and"
            and k >= 2
            and tokens[k - 1].country
            and tokens[k - 2].lower == "of"
            and k - 3 >= 0
            and _name_like(tokens[k - 3])
            and not _kind(tokens[k - 3])
        ):
            break  # "President A of Chile and President B": Chile is A's, not B's
        if kind or tok.country or tok.lower in _CONNECTORS or tok.text in {"’s", "'s"}:
            words.append(tok)
            k -= 1
            continue
        if (
            (tok.lower == "to" or (tok.lower == "in" and k >= 1 and _kind(tokens[k - 1]) == "head"))
            and words
            and words[-1].country
        ):
            # "Japanese Ambassador to Pakistan", "Türkiye's ambassador in New Delhi": the host.
            host_country = True
            words.append(tok)
            k -= 1
            continue
        if tok.core in acronyms:
            words.append(tok)
            k -= 1
            continue
        if tok.lower in _TENURE_WORDS and words:
            k -= 1  # "Japan's new ambassador", "the visiting Chinese minister"
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
        if tok.lower in _HOST_WORDS:
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
        if tok.lower in _HOST_WORDS:
            skip_to = True
        if skip_to or tok.country or tok.text in {"’s", "'s"}:
            continue
        if _kind(tok) == "honorific" or tok.lower in {"counterpart", "counterparts"}:
            continue
        abbreviated = tok.core.lower() in lexicons().abbreviations
        # "… as Rome's special envoy.": the sentence's full stop is not the title's.
        parts.append(tok.core if abbreviated or tok is words[-1] else tok.text)
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
        if len(parts) > 1 and parts[-1].lower().strip(".") in _RANK_PREFIXES:
            parts.pop()  # "Navy chief Vice Admiral": "Vice" went with the rank
    text = " ".join(parts).replace("( ", "(").replace(" )", ")")
    if not text and any(t.lower in {"counterpart", "counterparts"} for t in words):
        return COUNTERPART  # the pipeline gives it the title of the person it pairs with
    return text or None


COUNTERPART = "counterpart"
_RANK_PREFIXES = frozenset({"vice", "rear", "air", "field", "lieutenant", "lt", "major", "maj"})
_HOST_WORDS = frozenset({"to", "in"})  # "Ambassador to Japan", "ambassador in Tokyo"


_NOT_APPOSITION = frozenset({"and", "or", "but", "who", "which", "while", "whose", "whom"})
# Words of an apposition that are neither title nor country: articles and time adverbs.
_APPOSITION_FILLERS = frozenset({"a", "an", "then", "now", "currently", "formerly", "also"})


def _title_after(tokens: list[Token], k: int) -> tuple[str | None, str | None] | None:
    """An apposition after a name: ", China's foreign minister", ", Minister of Defense"."""
    n = len(tokens)
    if k >= n or tokens[k].text != ",":
        return None
    k += 1
    if k < n and tokens[k].lower in _NOT_APPOSITION:
        return None  # ", and Assistant Secretary Daniel Roe": the next person of a list
    words: list[Token] = []
    seen_head = False
    while k < n:
        tok = tokens[k]
        kind = _kind(tok)
        if tok.lower in _APPOSITION_FILLERS:
            # ", then foreign minister-designate and now Colombia's top diplomat"
            k += 1
            continue
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


# Where a clause ends around a name: punctuation, reported speech, relative clauses.
_CLAUSE_EDGE = re.compile(
    r"[,;:()]|\b(?:that|said|says|told|announced|added|which|who|whom|when|where|while)\b"
)


def named_outside_plans(
    registry: OfficialRegistry,
    sentences: Mapping[int, tuple[str, Sequence[Person]]],
    planned: re.Pattern[str],
    among: set[int],
) -> set[int]:
    """ids of the people (of `among`) named at least once in a clause that speaks of no plan
    ("X has been invited", "was scheduled to meet X" are plans; "X said the deal would help"
    is not, nor is a sentence that names them with no plan in it)."""
    told: set[int] = set()
    for index, (text, people) in sentences.items():
        if not any(id(p) in among for p in people):
            continue
        if not planned.search(text):
            told.update(id(p) for p in people)
            continue
        spans = registry.spans.get(index, [])
        for start, end, person in spans:
            left = max((m.end() for m in _CLAUSE_EDGE.finditer(text, 0, start)), default=0)
            edge = _CLAUSE_EDGE.search(text, end)
            if not planned.search(text, left, edge.start() if edge else len(text)):
                told.add(id(person))
    return told


class OfficialRegistry:
    """Officials seen so far in an article, so later mentions resolve to the same person."""

    def __init__(self) -> None:
        self.people: list[Person] = []
        # Where each sentence names whom: sentence index -> (start, end, person).
        self.spans: dict[int, list[tuple[int, int, Person]]] = {}

    def add(self, mention: OfficialMention, sentence_index: int) -> Person | None:
        person = self._add(mention, sentence_index)
        if person is not None:
            self.spans.setdefault(sentence_index, []).append((mention.start, mention.end, person))
        return person

    def _add(self, mention: OfficialMention, sentence_index: int) -> Person | None:
        person = self.resolve(mention.name)
        if person and mention.listed:
            # A bare name adds nothing but, perhaps, a longer form of the name.
            person.country = person.country or mention.country
            person.title = person.title or mention.title
            if not mention.single and len(mention.name) > len(person.name):
                person.name = mention.name
            return person
        if person:
            person.untitled = False
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
        if mention.title is None and not mention.listed:
            return None
        person = Person(
            mention.name,
            mention.title,
            mention.country,
            first_sentence=sentence_index,
            untitled=mention.listed,
        )
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
            if name in person.aliases:
                return person
        listed = known_official(name) if self.people else None
        if listed is not None:
            for person in self.people:
                if known_official(person.name) is listed:
                    return person  # "Sisi", then "Abdel Fattah al-Sisi"
        if len(words) == 1 and len(words[0]) > 1:
            # A surname before a given name: "Salman" is the crown prince Mohammed bin Salman
            # before it is King Salman bin Abdulaziz.
            for position in (-1, 0):
                for person in self.people:
                    theirs = _name_words(person.name)
                    if theirs and theirs[position] == words[0]:
                        return person
        return None

    def surname_keys(self) -> set[str]:
        """Words that, standing alone, mean one of the known officials (surname, acronym)."""
        keys: set[str] = set()
        named = [(p, _name_words(p.name, keep_case=True)) for p in self.people]
        shared = Counter(w.lower() for _, words in named for w in set(words))
        last = Counter(words[-1].lower() for _, words in named if words)
        for person, words in named:
            if words:
                if last[words[-1].lower()] == 1:
                    # A family name two officials share ("Al Thani") names neither alone.
                    keys.add(words[-1])
                for word in words:
                    if word.isupper() and len(word) > 1:
                        keys.add(word)
                        if len(word) > 3:
                            keys.add(word.title())  # "KISHIDA Fumio" is "Kishida" in running text
                # Family name first ("Xi Jinping", "Yoon Suk Yeol"): the first word alone,
                # when no other official of the story carries it.
                first = words[0]
                if (
                    len(words) >= 2
                    and len(first) > 1
                    and shared[first.lower()] == 1
                    and first.lower() not in _PARTICLES
                    and first[0].isupper()
                ):
                    keys.add(first)
            keys.update(person.aliases)
        return keys

    def role_keys(self) -> set[str]:
        """ "crown prince", "secretary", "external affairs minister": the posts of the known
        officials a later "the …" can name them by (resolved by `by_role`)."""
        return {key for person in self.people for key in _role_keys(person.title)}

    def mention_finder(self) -> LaterMentionFinder | None:
        """A finder of later mentions of the officials known now (None when no word of any
        of their names can stand alone)."""
        surnames = self.surname_keys()
        if not surnames:
            return None
        return LaterMentionFinder(self, surnames, self.role_keys())

    def by_role(self, phrase: str, sentence_index: int) -> Person | None:
        """The one official introduced so far whose post the phrase names, else None."""
        key = " ".join(phrase.lower().split())
        holders = [
            p
            for p in self.people
            if p.first_sentence <= sentence_index and key in _role_keys(p.title)
        ]
        return holders[0] if len(holders) == 1 else None

    def by_alias(self, word: str) -> Person | None:
        for person in self.people:
            if word in person.aliases:
                return person
        return self.resolve(word)


class LaterMentionFinder:
    """Finds "Bajwa", "COAS", "the crown prince" in sentences: whole-word matches of the known
    officials' surnames and acronyms, and of their posts after "the" (not followed by "of":
    "the minister of state" is another post), longest key first at each place.

    Works on the words of the sentence against dicts keyed by a key's first word, so an article
    costs no regular expression of its own (compiling one per article was a fifth of the
    extractor's time).
    """

    def __init__(self, registry: OfficialRegistry, surnames: set[str], roles: set[str]) -> None:
        self.registry = registry
        self._surnames = _keys_by_first_word(surnames, fold=False)
        self._roles = _keys_by_first_word(roles, fold=True)
        self._by_alias: dict[str, Person | None] = {}  # the registry does not change meanwhile

    def find(self, sentence: str, sentence_index: int) -> list[Person]:
        """The known officials the sentence names again, in order of appearance, among those
        introduced by this sentence or earlier."""
        found: list[tuple[int, Person | None]] = []
        registry = self.registry
        if self._surnames:
            for start, key in _whole_word_keys(sentence, self._surnames):
                if key not in self._by_alias:
                    self._by_alias[key] = registry.by_alias(key)
                found.append((start, self._by_alias[key]))
        if self._roles and "the" in sentence.lower():
            found += [
                (start, registry.by_role(key, sentence_index))
                for start, key in _post_keys(sentence, self._roles)
            ]
        found.sort(key=lambda item: item[0])
        people: list[Person] = []
        for _, person in found:
            if person and person not in people and person.first_sentence <= sentence_index:
                people.append(person)
        return people


_WORD_RUN = re.compile(r"\w+")
_THE = re.compile(r"\bthe ", re.I)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _boundary(text: str, at: int) -> bool:
    """Whether `\\b` holds at offset `at`."""
    before = at > 0 and _is_word_char(text[at - 1])
    after = at < len(text) and _is_word_char(text[at])
    return before != after


def _keys_by_first_word(keys: set[str], fold: bool) -> dict[str, list[str]]:
    """Keys grouped by their first run of word characters, longest key first in each group."""
    groups: dict[str, list[str]] = {}
    for key in keys:
        run = _WORD_RUN.match(key)
        if run is None:
            continue  # a key must open with a word character to stand as a word
        groups.setdefault(run.group().lower() if fold else run.group(), []).append(key)
    for group in groups.values():
        group.sort(key=len, reverse=True)
    return groups


def _key_at(text: str, at: int, group: list[str]) -> str | None:
    """The longest key of the group written at `at` and ending on a word boundary."""
    for key in group:
        end = at + len(key)
        if text.startswith(key, at) and _boundary(text, end):
            return key
    return None


def _whole_word_keys(text: str, groups: dict[str, list[str]]) -> list[tuple[int, str]]:
    """Case-sensitive whole-word keys, leftmost first, without overlaps."""
    # A substring test is enough: a key only counts below where its first run stands whole.
    firsts = [first for first in groups if first in text]
    if not firsts:
        return []
    starts: list[tuple[int, str]] = []
    for first in firsts:
        at = text.find(first)
        while at >= 0:
            if _boundary(text, at):
                starts.append((at, first))
            at = text.find(first, at + 1)
    starts.sort()
    found: list[tuple[int, str]] = []
    resume = 0
    for start, first in starts:
        if start < resume:
            continue
        key = _key_at(text, start, groups[first])
        if key is not None:
            found.append((start, key))
            resume = start + len(key)
    return found


def _post_keys(text: str, groups: dict[str, list[str]]) -> list[tuple[int, str]]:
    """ "the <post>" (any case), the post not followed by " of"; offsets are those of "the"."""
    found: list[tuple[int, str]] = []
    resume = 0
    for the in _THE.finditer(text):
        if the.start() < resume:
            continue
        at = the.end()
        run = _WORD_RUN.match(text, at)
        group = groups.get(run.group().lower()) if run else None
        if group is None:
            continue
        for key in group:
            end = at + len(key)
            if (
                text[at:end].lower() == key
                and _boundary(text, end)
                and not (text[end : end + 3].lower() == " of" and _boundary(text, end + 3))
            ):
                found.append((the.start(), key))
                resume = end
                break
    return found


@lru_cache(maxsize=8192)  # bounded: streaming millions of articles must keep memory flat
def _name_words(name: str, keep_case: bool = False) -> list[str]:
    words = [w.strip(".,") for w in name.split()]
    words = [w for w in words if w and w.lower().strip(".") not in _SUFFIXES and len(w) > 1]
    return words if keep_case else [w.lower() for w in words]


@lru_cache(maxsize=4096)  # bounded: streaming millions of articles must keep memory flat
def _role_keys(title: str | None) -> frozenset[str]:
    """ "Crown Prince and Prime Minister" -> {"crown prince and prime minister", "crown prince",
    "prime minister", "minister"}: the phrases a later "the …" can use for the post."""
    if not title or title == COUNTERPART:
        return frozenset()
    lowered = " ".join(title.lower().replace("(", " ").replace(")", " ").split())
    keys = {lowered}
    for part in re.split(r" and |, ", lowered):
        part = part.split(" of ")[0].strip()
        if part:
            keys.add(part)
            last = part.split()[-1]
            if lexicons().title_kinds.get(last) == "head":
                keys.add(last)
    return frozenset(k for k in keys if k not in _GENERIC_ROLES)


# Posts too common to stand for one person ("the head of", "the chief").
_GENERIC_ROLES = {"head", "chief", "leader", "director", "chairman", "chair", "diplomat"}
