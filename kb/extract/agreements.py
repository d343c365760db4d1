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
from functools import lru_cache

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
    "force",
    "effect",
    "until",
    "till",
    "since",
}
_OPENERS = {"the", "this", "that", "these", "a", "an", "said", "new", "such"}
# Quantifiers that open a sentence capitalised ("Neither treaty …") but never name a text.
_OPENERS |= {"neither", "either", "each", "both", "no", "every", "any", "all"}
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
_DATE_WORDS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "today", "yesterday", "tomorrow", "tonight",
}  # fmt: skip
# Words that may stand between a determiner and a lower-case head ("a security cooperation
# agreement") but are not part of its name.
_NOT_MODIFIERS = {
    "new", "such", "two", "three", "four", "five", "several", "other", "same", "first", "second",
    "third", "last", "latest", "previous", "earlier", "historic", "landmark", "important", "key",
    "major", "similar", "existing", "proposed", "draft", "final",
}  # fmt: skip
_ITEM_OPENER = re.compile(
    r"(?:,\s*(?:and\s+)?|^\s*|\s+and\s+)(?:one|an?(?:other)?|the)?\s*"
    r"(?:second|third|fourth|fifth|sixth|last|final|another)?\b",
    re.I,
)
_CURRENCIES = {"USD", "US$", "EUR", "GBP", "INR", "JPY", "CNY", "RMB", "Rs", "AED", "SAR", "PKR"}
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
    (
        # "still has to be signed and ratified": named for what it lacks, so only proposed.
        "proposed",
        re.compile(
            r"\b(?:(?:has|have|is|are)\s+(?:still\s+|yet\s+)*to\s+be|yet\s+to\s+be|not\s+yet)\s+"
            r"(?:signed|ratified|concluded|finali[sz]ed|agreed)\b",
            re.I,
        ),
    ),
    (
        "renewed",
        re.compile(
            r"\b(?:renewed|renewal|re-signed|extended the|revived?|reviving|reactivated?|"
            r"extension of)\b",
            re.I,
        ),
    ),
    (
        "ratified",
        re.compile(r"\b(?:ratified|ratification|(?:entered|came) into (?:force|effect))\b", re.I),
    ),
    (
        "signed",
        re.compile(
            r"\b(?:signed|inked|sealed|concluded|signing|exchange of|exchanged|adopted|"
            r"signatures? (?:to|on)|put to paper)\b",
            re.I,
        ),
    ),
    # Initialling fixes a text the parties have agreed; signing it is still to come.
    ("other", re.compile(r"\binitiall?ed\b", re.I)),
    (
        "proposed",
        re.compile(
            r"\b(?:proposed|draft|negotiat\w*|will sign|to sign|finali[sz]\w*|to conclude)\b", re.I
        ),
    ),
)
_HEAD_WORD = re.compile(
    r"\b(?:agreements?|mous?|moa|loi|memorand\w*|treat(?:y|ies)|accords?|protocols?|conventions?|"
    r"pacts?|deals?|framework|charter|declaration|roadmap|joint (?:statement|communiqu[eé]))\b"
)
# Heads too common in lower case to open the gate alone: "the plan", "mutual understanding".
_NAMED_HEAD_WORD = re.compile(r"\b(?:Plan|Understanding|[Aa]ction plan|Statement|Communiqu[eé])\b")
_TITLED_DOCUMENT = re.compile(
    r"\b(?:adopted|signed|endorsed)\s+(?:an?|the|their)\s+(?:[\w-]+\s+){0,2}(?:document|text|"
    r"vision|declaration|roadmap|framework|charter|plan)\s*[,:]?\s*[“\"](?P<title>[^”\"]{5,160})[”\"]"
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


_SEVERAL_TEXTS = re.compile(
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a dozen|dozens of|"
    r"several|a number of|a series of|a raft of|multiple) (?:[\w-]+ ){0,2}(?:agreements|mous|"
    r"memoranda|memorandums|accords|deals|protocols|documents|instruments|contracts)\b",
    re.I,
)


def counts_several(sentence: str) -> bool:
    """Whether the sentence tells of several texts at once ("signed 22 agreements")."""
    return bool(_SEVERAL_TEXTS.search(sentence))


def sentence_status(sentence: str) -> str | None:
    for status, regex in STATUS_PATTERNS:
        if regex.search(sentence):
            return status
    return None


@lru_cache(maxsize=64)  # the pipeline asks, then find_agreements asks again for the same sentence
def may_name_agreement(sentence: str) -> bool:
    """Whether the sentence holds an agreement's head word (a cheap gate)."""
    lowered = sentence.lower()
    if any(stem in lowered for stem in _HEAD_STEMS) and _HEAD_WORD.search(lowered):
        return True
    if ('"' in sentence or "“" in sentence) and _TITLED_DOCUMENT.search(sentence):
        return True
    return any(word in sentence for word in _NAMED_HEADS) and bool(
        _NAMED_HEAD_WORD.search(sentence)
    )


# What every match of _HEAD_WORD and _NAMED_HEAD_WORD holds: substring tests are cheaper than
# the regexes, which most sentences would fail.
_HEAD_STEMS = (
    "agreement",
    "mou",
    "moa",
    "loi",
    "memorand",
    "treat",
    "accord",
    "protocol",
    "convention",
    "pact",
    "deal",
    "framework",
    "charter",
    "declaration",
    "roadmap",
    "joint statement",
    "joint communiqu",
)
_NAMED_HEADS = ("Plan", "Understanding", "ction plan", "Statement", "Communiqu")


def find_agreements(
    sentence: str, mentions: list[CountryMention], tokens: list[Token] | None = None
) -> list[AgreementMention]:
    heads = lexicons().agreement_heads
    if not may_name_agreement(sentence):
        return []
    if tokens is None:
        tokens = tokenize(sentence, mentions)
    has_status = sentence_status(sentence) is not None
    found: list[AgreementMention] = []
    titled = _TITLED_DOCUMENT.search(sentence) if '"' in sentence or "“" in sentence else None
    if titled:
        # "adopted a joint document, “A Vision for …”": the quoted title names the text.
        found.append(
            AgreementMention(
                titled["title"].strip(), "other", titled.start("title"), titled.end("title")
            )
        )
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        kind = heads.get(tok.lower)
        if kind is None or (
            tok.lower in _CAPITALISED_ONLY
            and not tok.core[0].isupper()
            and not (i > 0 and (tokens[i - 1].lower, tok.lower) in _LOWER_COMPOUNDS)
        ):
            i += 1
            continue
        if tok.lower == "framework" and i + 1 < len(tokens) and tokens[i + 1].lower == "of":
            i += 1
            continue
        if tok.lower in _COMPOUND_HEADS and i + 1 < len(tokens) and tokens[i + 1].lower in heads:
            i += 1  # "framework agreement": the next word is the head
            continue
        mention = _read_agreement(sentence, tokens, i, kind, has_status)
        if mention and _names_a_body(sentence, mention[-1]):
            i += 1
            continue
        if mention and found and _renamed(sentence, found[-1], mention[0]):
            mention[0].aliases.append(found.pop().name)
        if mention and found and _apposition(sentence, found[-1], mention[0]):
            found[-1].aliases.append(mention[0].name)
            mention = mention[1:]
            i += 1
            if not mention:
                continue
        if mention:
            found.extend(mention)
            i = max(i + 1, _token_index_after(tokens, max(mention[-1].end, mention[-1].read_to)))
        else:
            i += 1
    return found


_CAPITALISED_ONLY = {"deal", "declaration", "roadmap", "plan", "understanding"}
_CAPITALISED_ONLY |= {"statement", "communiqué", "communique"}
# Lower-case compounds that do name a text: "a joint declaration", "an action plan"; a joint
# statement is a text the parties adopt or sign (a press statement is not).
_LOWER_COMPOUNDS = {("joint", "declaration"), ("action", "plan"), ("joint", "statement")}
_LOWER_COMPOUNDS |= {("joint", "communiqué"), ("joint", "communique")}
_BODY_WORDS = r"(?:Organi[sz]ation|Council|Secretariat|Commission)"
_BODY = re.compile(r"\s*(?:\([^()]*\)\s*)?" + _BODY_WORDS + r"\b")
_BODY_END = re.compile(r"\b" + _BODY_WORDS + r"$")


def _names_a_body(sentence: str, mention: AgreementMention) -> bool:
    """ "the Collective Security Treaty Organization": an organisation named after a treaty."""
    return bool(_BODY.match(sentence, mention.end) or _BODY_END.search(mention.name))


_RENAMING = re.compile(
    r"\s*(?:,\s*the|(?:\s+[a-z][\w-]*)*\s+(?:is|was|remains|remained|became)\s+the)\s+"
)


def _renamed(sentence: str, first: AgreementMention, second: AgreementMention) -> bool:
    """ "a new framework for security cooperation, the Bicentennial Understanding …", "the
    framework for relations remains the Treaty of …": a description, then the text's name."""
    return (
        not first.anaphor
        and sentence[first.start : first.start + 1].islower()
        and sentence[second.start : second.start + 1].isupper()
        and bool(_RENAMING.fullmatch(sentence, max(first.end, first.read_to), second.start))
    )


def _apposition(sentence: str, first: AgreementMention, second: AgreementMention) -> bool:
    """ "the GSOMIA, the intelligence-sharing pact the two countries signed": one agreement
    described twice, the second time by a lower-case description."""
    between = sentence[max(first.end, first.read_to) : second.start]
    return (
        not first.anaphor
        and second.name[:1].isupper()
        and bool(re.fullmatch(r"\s*,\s*the\s+[\w\s-]*", between))
        and sentence[second.start : second.start + 1].islower()
    )


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
    if head.lower in _PLURAL_HEADS:
        k = i + 1
        if k + 1 < n and tokens[k].lower == "of" and tokens[k + 1].lower == "understanding":
            k += 2
        if k < n and tokens[k].text == ":":
            return _enumerated(sentence, tokens[k].end, head, kind)
    if head.lower in _PLURAL_HEADS and i + 1 < n and tokens[i + 1].lower == "of":
        return _listed(sentence, tokens, i, kind)
    if head.lower == "memorandum":
        if i + 2 < n and tokens[i + 1].lower == "of" and tokens[i + 2].lower == "understanding":
            right = i + 2
        elif not (capital or (i > 0 and _modifier(tokens[i - 1]))):
            # "memorandum" alone is a note; "a trilateral memorandum" or a capitalised
            # "Memorandum of Agreement" an accord.
            return None
    # Left: capitalised words and country compounds ("Japan-Philippines Reciprocal Access"),
    # with the small words inside a title ("General Security of Military Information").
    left = i
    while left - 1 >= 0:
        prev = tokens[left - 1]
        if _capitalised(prev):
            left -= 1
            continue
        if (
            prev.lower in {"of", "and", "for", "on", "&"}
            and left - 2 >= 0
            and _capitalised(tokens[left - 2])
            and left < i
        ):
            left -= 1
            continue
        break
    if not capital:
        # "the New START treaty", "a security cooperation agreement": modifiers before a
        # lower-case head belong to its name.
        if left < i:
            capital = True
        else:
            if left - 1 >= 0 and tokens[left - 1].lower in _COMPOUND_HEADS:
                left -= 1  # "a framework agreement": a head word that qualifies the next
            while left - 1 >= 0 and i - left < 6:
                prev = tokens[left - 1]
                if _modifier(prev):
                    left -= 1
                elif (
                    prev.lower == "and"
                    and left < i
                    and left - 2 >= 0
                    and _modifier(tokens[left - 2])
                ):
                    left -= 2  # "a defence and economic cooperation agreement"
                else:
                    break
            while left < i and left - 1 >= 0 and _capitalised(tokens[left - 1]):
                left -= 1  # "a German-Polish action plan"
            j = left - 1
            while j > 0 and _SPAN.fullmatch(tokens[j].lower):
                j -= 1  # "a ten-year defence agreement": the article before the duration
            opener = tokens[j].lower if j >= 0 else ""
            if left < i and opener in {"this", "that", "said"}:
                return [AgreementMention(head.text, kind, head.start, head.end, [], anaphor=True)]
            if left < i and opener not in _DETERMINERS:
                left = i
            if any(_SUPERLATIVE.fullmatch(t.lower) for t in tokens[max(0, left - 1) : i]):
                # "the most far-reaching agreement between …", "the strongest treaty they
                # had ever concluded": how a text ranks among others, not what it is called.
                return None
            if any(t.lower in _REFERENCE for t in tokens[max(0, left - 2) : i]) or (
                _OF_ITS_KIND.match(sentence, head.end)
            ):
                # "the first such agreement between A and …", "a pact of its kind": a text
                # compared with others, not the name of one.
                return None
    # Anaphor: "This Agreement", "the MoU" with nothing naming it.
    before = tokens[i - 1].lower if i > 0 else ""
    acronym = None
    k = right + 1
    if k + 2 < n and tokens[k].text == "(" and tokens[k + 2].text == ")":
        acronym = tokens[k + 1].core
        k += 3
    # Right: "on Defence Cooperation and Exchange", "between India and Pakistan".
    if head.core[0].isupper() and not (
        head.lower in _ACRONYM_HEADS and k < n and tokens[k].lower in _LOWER_OPENERS
    ):
        end = _extend_capitalised(tokens, k, right)
        if end == right and k < n and left == i and _describes(tokens[k]):
            end = _extend_lower(sentence, tokens, k, right, True)  # "Treaty establishing the …"
        elif end == right and k + 1 < n and tokens[k + 1].lower in {"the", "a"}:
            # "a Joint Statement on the upgrade of ties": a capitalised head whose subject is
            # told in lower case.
            end = _extend_lower(sentence, tokens, k, right)
    else:
        # Only a text with no proper name is named by what it does: "a treaty establishing
        # the Confederation", but "the German-Polish action plan setting out projects".
        unnamed = not any(_capitalised(t) for t in tokens[left:i])
        end = _extend_lower(sentence, tokens, k, right, unnamed)
    start_tok = tokens[left]
    name = sentence[start_tok.start : tokens[end].end]
    name = re.sub(r"\s*\([^)]*\)\s*", " ", name).strip()
    name = name.rstrip(".,;")
    named = end > right or left < i
    if named and _generic_plural(head, tokens[left:i]):
        # "signed 22 agreements in fields including …": several texts described together,
        # not the name of one; a list of subjects may still name one each.
        return _one_each(sentence, tokens, i, end, kind) or _listed(sentence, tokens, i, kind)
    anaphor = not named and before in {"this", "the", "that", "said"}
    if not named and not anaphor:
        return _listed(sentence, tokens, i, kind)
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


# Heads written as acronyms of lower-case phrases: "an MoU on cooperation in space technology".
_ACRONYM_HEADS = {"mou", "moa", "loi"}
_COMPOUND_HEADS = {"framework"}  # "a framework agreement", "a framework treaty"
_LOWER_OPENERS = {"on", "for", "regarding", "concerning", "of", "in", "between"}
# "-ing" words after a head that do not describe the text ("the agreement signing ceremony").
_NOT_DESCRIBING = {"being", "having", "signing", "following", "during", "including", "covering"}


def _describes(tok: Token) -> bool:
    """ "the treaty establishing the Confederation …", "a communiqué fixing …": a participle
    that tells what the text does, so it belongs to a descriptive name."""
    word = tok.core
    return (
        len(word) > 5
        and word.endswith("ing")
        and word.isalpha()
        and word.islower()
        and word not in _NOT_DESCRIBING
        and word not in _LOWER_STOP
    )


_DETERMINERS = {"a", "an", "the", "their", "its", "his", "her", "our"}
_PLURAL_HEADS = {"mous", "memoranda", "memorandums", "agreements", "accords", "protocols"}
_QUANTITY_OPENERS = {("up", "to"), ("more", "than"), ("less", "than"), ("fewer", "than")}
_APPROXIMATE = {"about", "around", "nearly", "almost", "approximately", "roughly", "some", "over"}
_GENERIC_PLURALS = _PLURAL_HEADS | {"mous", "treaties", "pacts", "deals", "conventions"}
# Words that make a lower-case head a comparison with other texts rather than a name.
_REFERENCE = frozenset({"such", "similar", "comparable", "another", "same", "kind", "sort"})
_OF_ITS_KIND = re.compile(r"\s+of (?:its|this|that|the same|their) (?:kind|sort|type)\b", re.I)
_SUPERLATIVE = re.compile(
    r"most|least|(?!(?:inter|w|northw|southw|for|requ|harv|prot|cont|conqu|arr|hon|mod|"
    r"manif|dig|t|r|cr|gu|qu|n|lat)est$)[a-z]{1,12}est"
)


def _generic_plural(head: Token, before: list[Token]) -> bool:
    """ "agreements", "bilateral MoUs": a plural head with no capitalised word naming it."""
    return head.lower in _GENERIC_PLURALS and not any(t.core[:1].isupper() for t in before)


_LIST_AHEAD = re.compile(r",(?:\s*[a-z][\w-]*,)*\s*[a-z][\w-]*,?\s+and\s+[a-z]")


def _place_or_date(preposition: Token, nxt: Token) -> bool:
    """ "on Tuesday", "in Manila", "at Lancaster House": when and where, not what about."""
    if preposition.lower not in {"on", "in", "at"}:
        return False
    if nxt.lower in _DATE_WORDS:
        return True
    return preposition.lower in {"in", "at"} and nxt.core[:1].isupper()


def _capitalised(tok: Token) -> bool:
    return (
        tok.core[:1].isupper()
        and (tok.lower not in _OPENERS or tok.core == "New")
        and tok.core not in {"It", "An", "A", "In", "On"}
        and tok.text not in {"’s", "'s"}
        and tok.lower not in _DATE_WORDS
    )


def _modifier(tok: Token) -> bool:
    """A lower-case word that can modify an agreement's head ("security", "trilateral")."""
    return (
        tok.core.replace("-", "").isalpha()
        and tok.core.islower()
        and tok.lower not in _LOWER_STOP
        and tok.lower not in _DETERMINERS
        and tok.lower not in _OPENERS
        and tok.lower not in _NOT_MODIFIERS
        and tok.lower not in _CONNECT
        and tok.lower not in lexicons().agreement_heads
        and not _SPAN.fullmatch(tok.lower)
    )


# "a ten-year agreement", "a 25-year pact": how long it runs, not what it is called.
_SPAN = re.compile(r"[a-z0-9]+-(?:year|month|week|day)s?")


def _extend_capitalised(tokens: list[Token], k: int, right: int) -> int:
    end = right
    heads = lexicons().agreement_heads
    while k < len(tokens):
        tok = tokens[k]
        if tok.lower == "and" and _opens_another(tokens, k + 1, heads):
            break  # "the Treaty on X and the Treaty on Y": two texts, not one name
        if tok.core[:1].isupper() or tok.text[:1].isdigit():
            if tok.core in _NOT_IN_NAMES or tok.lower in _DATE_WORDS or tok.core in _CURRENCIES:
                break  # "… Agreement for USD 400 million": an amount, not the name
            end = k
        elif (
            tok.text in {"’s", "'s"}
            and k + 1 < len(tokens)
            and tokens[k + 1].core[:1].isupper()
            and k > 0
            and tokens[k - 1].core[:1].isupper()
        ):
            pass  # "the People's Republic of China"
        elif tok.lower not in _CONNECT:
            break
        k += 1
    return end


def _opens_another(tokens: list[Token], k: int, heads: dict[str, str]) -> bool:
    """Whether a capitalised head word opens the next item: "and the Treaty on …"."""
    if k < len(tokens) and tokens[k].lower in {"the", "a", "an"}:
        k += 1
    return k < len(tokens) and tokens[k].core[:1].isupper() and tokens[k].lower in heads


def _extend_lower(
    sentence: str, tokens: list[Token], k: int, right: int, describe: bool = False
) -> int:
    """ "on defence cooperation and exchanges": up to eight words after the head (sixteen
    through a list: "on economic, trade, investment and youth cooperation")."""
    n = len(tokens)
    if k >= n or (
        tokens[k].lower not in _LOWER_OPENERS and not (describe and _describes(tokens[k]))
    ):
        return right
    if k + 1 < n and _place_or_date(tokens[k], tokens[k + 1]):
        return right
    end = right
    words = 0
    limit = 8
    k += 1
    heads = lexicons().agreement_heads
    while k < n and words < limit:
        tok = tokens[k]
        nxt = tokens[k + 1] if k + 1 < n else None
        if tok.text == "," and words and _LIST_AHEAD.match(sentence, tok.start):
            limit = 16
            k += 1
            continue
        if tok.text == "," and nxt and nxt.country and end > right and tokens[end].country:
            k += 1  # "between Chile, Peru and Ecuador": the parties, listed
            continue
        if tok.country and tok.core[:1].isupper():
            end = k  # a party's name is part of the text's name, not one of its eight words
            k += 1
            continue
        if nxt and (
            (tok.lower, nxt.lower) in _QUANTITY_OPENERS
            or (tok.lower in _APPROXIMATE and nxt.text[:1].isdigit())
        ):
            break  # "… for up to 30 aircraft": a quantity, not the text's subject
        if tok.lower in {"and", "&"} and nxt and nxt.lower in {"a", "an"}:
            break  # "… on energy and a memorandum on …": the next item of a list
        if tok.lower in {"and", "&", "the"} and nxt and nxt.core.isalpha():
            k += 1
            continue
        if (
            tok.lower == "in"
            and nxt
            and nxt.core.isalpha()
            and nxt.core.islower()
            and nxt.lower not in _DETERMINERS
            and nxt.lower not in _LOWER_STOP
            and nxt.lower != "presence"
        ):
            k += 1  # "cooperation in space technology"
            continue
        if tok.lower in _DATE_WORDS or tok.lower in heads:
            break
        if nxt and _place_or_date(tok, nxt):
            break  # "… and exchanges on Tuesday", "… in Rawalpindi": a date or a place follows
        quantity = tok.text.replace(",", "").isdigit() and nxt is not None and nxt.core.islower()
        if (tok.core.replace("-", "").isalpha() and tok.lower not in _LOWER_STOP) or quantity:
            end = k
            words += 1
            k += 1
            continue
        break
    while end > right and tokens[end].lower in _CONNECT:
        end -= 1  # "… on the withdrawal of" ends on its noun
    return end


def _listed(sentence: str, tokens: list[Token], i: int, kind: str) -> list[AgreementMention] | None:
    """ "signed three MoUs on trade, health and education": one agreement per subject (a list
    no sentence signs is only a reference, and the story leaves it out)."""
    if i == 0 or tokens[i].lower not in {"mous", "agreements", "memoranda", "accords", "protocols"}:
        return None
    k = i + 1
    if k + 1 < len(tokens) and tokens[k].lower == "of" and tokens[k + 1].lower == "understanding":
        k += 2
    if k < len(tokens) and tokens[k].text == ":":
        return _enumerated(sentence, tokens[k].end, tokens[i], kind)
    if k >= len(tokens) or tokens[k].lower not in {"on", "in", "for"}:
        return None
    if re.match(r"in (?:the )?presence\b", sentence[tokens[k].start :], re.I):
        return None  # "exchanged seven MoUs in the presence of the leaders": where, not what
    if k + 1 < len(tokens) and tokens[k + 1].lower in _DATE_WORDS:
        return None  # "signed three MoUs on Saturday": a date, not a subject
    rest = sentence[tokens[k].end :]
    stop = re.search(
        r"[.;]|\b(?:with|after|during|at|between|which|while|including|such as|like)\b", rest
    )
    subject_text = rest[: stop.start()] if stop else rest
    # The list ends with its "and" item: "energy, health and civil aviation, according to …".
    last_and = subject_text.find(" and ")
    if last_and != -1 and "," in subject_text[last_and:]:
        subject_text = subject_text[: subject_text.index(",", last_and)]
    subjects = [
        s.strip(" ,") for s in re.split(r",\s*(?:and\s+)?|\s+and\s+", subject_text) if s.strip(" ,")
    ]
    # "MoUs on trade, on energy and on sport": the preposition repeated before each item.
    subjects = [
        re.sub(r"^(?:(?:on|for|in)\s+)?(?:the\s+)?fields?\s+of\s+|^(?:on|for)\s+", "", s)
        for s in subjects
    ]
    if not subjects or len(subjects) > 12 or all(_SPHERES.fullmatch(s) for s in subjects):
        return None  # "agreements in various fields including …": no subject named
    count = _count_before(tokens, i)
    if count and count != len(subjects):
        return None  # "22 agreements in trade and energy": not one text per subject
    singular = _SINGULAR[tokens[i].lower]
    return [
        AgreementMention(f"{singular} on {s}", kind, tokens[i].start, tokens[i].end)
        for s in subjects
        if len(s) < 60
    ]


_ONE_EACH = re.compile(
    r",?\s*(?:one|the first) (?P<a>(?:on|for|to) [^,;]+?),? and (?:the other|the second|"
    r"another) (?P<b>(?:on|for|to) [^,;.]+)"
)
_SINGULAR = {
    "mous": "MoU",
    "agreements": "Agreement",
    "memoranda": "MoU",
    "memorandums": "MoU",
    "accords": "Accord",
    "protocols": "Protocol",
}


def _one_each(
    sentence: str, tokens: list[Token], i: int, end: int, kind: str
) -> list[AgreementMention] | None:
    """ "two MoUs between A and B, one on X and the other on Y": two texts, each named by
    what the sentence says of both and its own subject."""
    singular = _SINGULAR.get(tokens[i].lower)
    match = _ONE_EACH.match(sentence, tokens[end].end)
    if singular is None or match is None:
        return None
    shared = sentence[tokens[i].end : tokens[end].end].strip()
    prefix = f"{singular} {shared} " if shared else f"{singular} "
    return [
        AgreementMention(f"{prefix}{match[part].strip()}", kind, tokens[i].start, match.end())
        for part in ("a", "b")
    ]


_SPHERES = re.compile(
    r"(?:(?:various|several|many|different|multiple|diverse|key|other|the)\s+)*"
    r"(?:fields|areas|sectors|domains|spheres)",
    re.I,
)


def _count_before(tokens: list[Token], i: int) -> int:
    """ "three MoUs" -> 3, "22 agreements" -> 22; 0 when no number is given."""
    word = tokens[i - 1].lower if i > 0 else ""
    if word.isdigit():
        return int(word)
    return _COUNTS.get(word, 0)


_ORDINAL_ITEM = re.compile(
    r"(?:^|,\s*(?:and\s+)?)\s*(?:one|an?\s+(?:second|third|fourth|fifth|sixth|further)|"
    r"the\s+(?:second|third|fourth|fifth|sixth|last|final)|another)\b\s*",
    re.I,
)
_SUBJECT_ITEM = re.compile(r"(?:^|[,;]\s*(?:and\s+)?)\s*(?=on\s)", re.I)
_SUBJECT_START = re.compile(r"\b(?:on|for|to)\s+|\b(?=[a-z]+ing\b)")


def _enumerated(sentence: str, start: int, head: Token, kind: str) -> list[AgreementMention] | None:
    """ "three memoranda of understanding: one between A and B on X, a second on Y, and a third
    on Z": one agreement per item, named by its subject."""
    rest = sentence[start:].rstrip(" .")
    openers = list(_ORDINAL_ITEM.finditer(rest))
    if len(openers) < 2:
        # "three memoranda: on energy, on health, and on transport"
        openers = list(_SUBJECT_ITEM.finditer(rest))
    if len(openers) < 2:
        return None
    found = []
    for n, opener in enumerate(openers):
        stop = openers[n + 1].start() if n + 1 < len(openers) else len(rest)
        item = rest[opener.end() : stop].strip(" ,;")
        subject = _SUBJECT_START.search(item)
        if subject is None:
            continue
        text = item[subject.end() :].strip() if subject.group() else item[subject.start() :]
        text = re.sub(r"^(?:their|its|the two)\s+", "", text)
        if 3 <= len(text) <= 120:
            label = "MoU" if kind == "mou" else kind.capitalize()
            found.append(AgreementMention(f"{label} on {text}", kind, head.start, head.end))
    return found or None
