"""The extractor: `extract(article) -> Extraction`, the stages run over one story.

Sentences are read in order while a small story context is kept: the last event (its countries,
officials and date) and the agreements named so far. That context is what lets "Both sides
agreed …" find its participants, "During the conference …" its date, and "This Agreement was
signed …" its agreement. Pure and deterministic: no I/O beyond the lexicons loaded once.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache

from kb.article import Article
from kb.extract import agreements as agreements_stage
from kb.extract import countries as countries_stage
from kb.extract.dates import MONTHS, DateMention, find_dates, following, later, next_month_named
from kb.extract.events import TriggerHit, find_triggers, rank, status_of, topic_of
from kb.extract.extraction import (
    Agreement,
    CountryAlias,
    Event,
    Evidence,
    Extraction,
    Official,
    PartialDate,
)
from kb.extract.known_officials import known_country
from kb.extract.lexicons import lexicons
from kb.extract.officials import (
    COUNTERPART,
    OfficialRegistry,
    Person,
    Token,
    country_of_title,
    find_officials,
    has_title_cue,
    is_domestic_voice,
    is_opposition,
    is_spokesperson,
    listed_by_sentence,
    named_outside_plans,
    possessive_names,
    tokenize,
    with_listed,
)
from kb.extract.sides import share_coordinated_sides, unnamed_posts
from kb.extract.text import Sentence, find_dateline, split_sentences

_LOCATION_PREPOSITIONS = re.compile(r"(?:\b(?:in|at|near|of|from)\s+(?:the\s+)?)$", re.I)
_PASSING_PREPOSITIONS = re.compile(
    r"(?:\b(?:including|such as|like|regarding|about|over|on|towards|toward|concerning|"
    r"following|than|besides|except|excluding|along with|apart from|support for|"
    r"solidarity with|invasion of|war in|war on|war against|aggression against|occupation of)"
    r"\s+(?:the\s+)?)$",
    re.I,
)
_WORD = re.compile(r"[A-Za-z-]+")
_RELATIVE_CLAUSE = re.compile(r", (?:which|who|whose|where)\b[^,]*$")
# A voice after the event, in a clause of its own: "… that Beijing called a provocation".
_COMMENTS = re.compile(
    r"\s+(?:says|said|calls|called|describes|described|claims|claimed|considers|views|sees)\b"
)
_HOST_PREPOSITIONS = re.compile(r"(?:\b(?:in|at)\s+(?:the\s+)?)$", re.I)
_ANAPHORIC_OPENING = re.compile(
    r"^(?:[A-Z]+[^:]{0,30}:\s*)?(?:during|at|in|on the sidelines of) (?:the|this|that|their|his|"
    r"her) |^(?:the|both) (?:pair|two|sides|leaders|ministers|officials|countries|delegations|"
    r"navies|armies|sides)\b|^both\b|^they\b|^the meeting\b|^the talks\b",
    re.I,
)
_LED = re.compile(r"\b(?:led|headed)\b", re.I)
_BRIEFING = re.compile(
    r",?\s+(?:told|briefed|informed) (?:reporters|journalists|newsmen|the media|media|the press|"
    r"(?:the |a )?(?:[\w-]+ ){0,3}(?:news agency|agency|newspaper|daily|television|radio|"
    r"broadcaster|channel|news website))\b"
)
_DURING_IT = re.compile(
    r"^(?:during|in the course of|at) the (?:talks|meeting|call|conversation|visit|summit|"
    r"discussions?)\b|^in (?:his|her|their) (?:\w+ )?(?:remarks|speech|address|comments)\b",
    re.I,
)
# "former President X" holds no office now: named in passing, not a party to the story's events.
_FORMER_TITLE = re.compile(r"\b(?:former|ex-)\s*$", re.I)
_FORMER = re.compile(r"\b(?:former|ex-)\s*(?:[\w.-]+\s+){0,4}$", re.I)
_HEARSAY = re.compile(
    r"\b(?:reported|claimed|alleged|rumou?red) that\b|\b(?:reportedly|allegedly)\b", re.I
)
_DENIES_REPORTS = re.compile(
    r"\b(?:denied|denies|dismissed|rejected|refuted)\b[^.]{0,60}?\b(?:reports?|claims?)\b", re.I
)
_NAMED_TALKS = re.compile(
    r"(?:at|during) the (?:[A-Z][\w-]* ){1,5}(?:Dialogue|Talks|Consultations)"
)
_VISITOR = re.compile(r"\b[A-Z][\w-]*(?:’s|'s)\s+(?:[a-z-]+\s+)?$")
_SAME_PERIOD = re.compile(
    r"\b(?:(?:later|earlier) (?:that|the same)|(?:that|the) same) (?P<unit>day|month|year)\b", re.I
)
_NEXT_PERIOD = re.compile(
    r"\b(?:the following|the next|the subsequent) (?:(?P<unit>day|week|month|year)|"
    r"(?P<month>(?-i:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)))\b",
    re.I,
)
_LATER = re.compile(
    r"\b(?P<n>\d+|an?|one|two|three|four|five|six|a few|several) "
    r"(?P<unit>days?|weeks?|months?|years?) (?P<dir>later|earlier)\b",
    re.I,
)
_JUDGEMENTS = {"criticism", "praise", "protest", "threat"}
# Voices that are not states: home politics, commentators and commerce ("Chocolate makers in
# Switzerland and the United States have warned of further price rises").
_DOMESTIC_VOICES = re.compile(
    r"\b(?:opposition|lawmakers|legislators|critics|activists|analysts|commentators|"
    r"rights groups|campaigners|makers|producers|manufacturers|companies|firms|traders|"
    r"investors|retailers|exporters|importers|economists|farmers|businesses|executives|"
    r"consumers|insurers|lenders|media|newspapers|tabloids|columnists|pundits|bloggers|"
    r"(?:political |opposition |ruling )?part(?:y|ies) in parliament|parliamentary parties|"
    r"coalition partners?|opposition parties|trade unions|unions)\b"
    r"(?![^,;]*\b(?:minister|president|government)\b)",
    re.I,
)
_HELD_MEETING = re.compile(r"(?:held|had|hold|holds) ", re.I)
_AND_SUBJECT = re.compile(r"\band\s+(?:then\s+|later\s+)?(?P<subject>[^,;:]*)$")
_CRAFT_ARRIVAL = re.compile(r"(?:landed|arrived|touched down|docked|flew in)\b", re.I)
_CARGO = re.compile(
    r"\b(?:carrying|carried|laden with|loaded with|with|flew in|flown in|bringing|delivering)"
    r"\b[^.;]{0,120}?\b(?:aid|relief|supplies|medicines?|medical|vaccines?|doses|tonnes|tons|"
    r"rescuers?|rescue|disaster|humanitarian)\b"
    # "… landed at the airport, one of the first aid flights to reach the islands"
    r"|\b(?:aid|relief|mercy|humanitarian) (?:flights?|planes?|aircraft|ships?|convoys?)\b",
    re.I,
)
_VENUE = re.compile(
    r"\b(?:summit|conference|meeting|forum|session|assembly|games|cup|championships?|"
    r"ceremony|talks|dialogue|gathering|congress|expo|sidelines)\b[^,.;]{0,30}?\b(?:in|at)\s+"
    r"(?:the\s+)?$",
    re.I,
)
# "During that visit …": the sentence goes on with the event just told, however long ago.
_THAT_OCCASION = re.compile(
    r"(?:during|at|in the course of|on the sidelines of|on|in) (?:that|this|the same) "
    r"(?:[\w-]+ )?(?:visit|meeting|trip|call|summit|talks|conversation|tour|encounter|session)\b",
    re.I,
)
_MISSION = re.compile(r"\b(?:embassy|consulate|high commission|diplomatic mission)\b", re.I)
_NON_STATE = re.compile(
    r"\b(?:police|policemen|gunmen|militants|insurgents|rebels|smugglers|squad|club|striker|"
    r"coach|footballers?|cricketers?|athletes|players|fans|(?:cricket|football|rugby|hockey|"
    r"national|olympic) team|airlines?|compan(?:y|ies)|firms?|carmakers?|manufacturers|brands?)\b",
    re.I,
)
_BREAKAWAY = re.compile(
    r"\b(?:breakaway|secessionist|separatist|self-declared|self-proclaimed|unrecognised|"
    r"unrecognized|rebel-held)\b",
    re.I,
)
_NAME_AFTER = re.compile(r"\s+([A-Z][\w-]+(?: [A-Z][\w-]+){0,5})")
_VENUE_ENDS = ("in ", "at ", "in the ", "at the ")
_HOSTING = re.compile(r"(?:hosted|received|welcomed)\b", re.I)
_GATHERINGS = {"summit", "conference", "forum", "process", "format", "meeting"}
_ADVERSARIAL = {"protest", "criticism", "threat", "sanction"}
_TWO_COUNTRIES = re.compile(
    r"\b(?:the two|both) (?:countries|nations|governments|states|allies|neighbou?rs)\b", re.I
)
_SAME_OCCASION = re.compile(
    r"\b(?:at|during|in) the same (?:ceremony|event|occasion|meeting|session|function)\b", re.I
)
_ALSO = re.compile(r"\balso\b", re.I)
_AGAIN = re.compile(r"\s+again\b")
_AND_VERB = re.compile(r"\band\s+(?P<subject>)$")
_SUBORDINATE = re.compile(r"\b(?:where|who|whom|whose|which|when|while|whereas|because|if)\b")
_RENEWAL = re.compile(r"\b(?:revived?|reviving|renew(?:ed|ing)?|reactivat\w*)\b", re.I)
_FUTURE_CLAUSE = re.compile(r"\b(?:will|would|is to|are to|to be held|scheduled to)\b")


@cache
def _seat_pattern() -> re.Pattern[str]:
    """Buildings and seats of government (data/seats.tsv), longest first."""
    names = sorted(lexicons().seats, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b")


_PERFECT = re.compile(r"\b(?:has|have)\s+(?:\w+ly\s+)?$", re.I)
_BOTH_SIDES = re.compile(
    r"\b(?:the two|both) (?:leaders|heads of (?:state|government)|presidents|prime ministers|"
    r"premiers|(?:foreign |defen[cs]e )?ministers|secretaries|chiefs|kings)\b",
    re.I,
)
_RELATIONAL = {
    "meeting",
    "visit",
    "talks",
    "call",
    "agreement_signed",
    "cooperation_pledge",
    "military_exercise",
    "praise",
    "criticism",
    "aid",
    "sanction",
    "protest",
    "threat",
    "statement",
    "other",
}
_ENCOUNTERS = {"meeting", "visit", "call", "talks"}
_DURING_GATHERING = re.compile(
    r"(?:during|at) the (?:[\w'’-]+ ){0,3}(?:talks|meeting|summit|retreat|consultations|"
    r"dialogue)\b",
    re.I,
)
# Verbs that close a deal without a signature: "sealed", "reached", "struck", "clinched".
_CLOSED_IN_WORDS = re.compile(r"(?:sealed|reached|struck|clinched|concluded)\b", re.I)
_ALWAYS_MERGE = {"praise", "cooperation_pledge", "statement", "criticism"}
# "also" in the clause of the trigger: one more occurrence of the kind, not the one told again.
# One side dealing with each of the others apart: "received A and B separately", "spoke to both
# prime ministers", "held separate talks with".
_ONE_BY_ONE = re.compile(
    r"\bseparately\b|\bseparate (?:meetings|talks|calls|conversations|audiences)\b|"
    r"\b(?:to|with|received|met|called|rang|phoned|telephoned) (?:both|each of the) "
    r"(?:two |three )?(?:leaders|heads of (?:state|government)|presidents|prime ministers|premiers|"
    r"(?:foreign |defen[cs]e )?ministers|counterparts)\b",
    re.I,
)
_POSSESSIVE_DATE = re.compile(r"(?:’s|'s|’|')\s")
_CLAUSE_TURN = re.compile(r",|\bthat\b")
_VISITED_CITY = re.compile(r"\b(?:in|to|into)\s+$")
_ANOTHER_ONE = re.compile(r"\balso\b(?![^,;]*,)[^,;]*$", re.I)


@dataclass
class _Agreement:
    record: Agreement
    aliases: set[str] = field(default_factory=set)
    status_seen: set[str] = field(default_factory=set)


@dataclass
class _Event:
    record: Event
    persons: list[Person] = field(default_factory=list)
    agreement: _Agreement | None = None
    paragraph: int = 0


@dataclass
class _SentenceFacts:
    sentence: Sentence
    mentions: list[countries_stage.CountryMention]  # sentence-relative offsets
    persons: list[Person]
    dates: list[DateMention] | None = None
    future_dates: list[DateMention] | None = None  # read as a planned event's ("on Monday" ahead)
    _tokens: list[Token] | None = None
    briefers: list[Person] = field(default_factory=list)  # "…, X told reporters"

    @property
    def tokens(self) -> list[Token]:
        """The sentence's tokens, made once for the officials and agreements stages."""
        if self._tokens is None:
            self._tokens = tokenize(self.sentence.text, self.mentions)
        return self._tokens


def extract(article: Article, published: date | None = None) -> Extraction:
    """Everything the article says about relations between states."""
    published = published or article.published
    result = Extraction(
        title=article.title or article.title_ur,
        published=published,
        language=article.language or article.languages,
    )
    text = article.text_en or ""
    body = split_sentences(text, "text_en", "en", first_index=1)
    if not body and not article.title:
        result.country_aliases = []
        return result

    dateline = find_dateline(body[0].text) if body else None
    reference = published or _dateline_reference(dateline, None)

    field_mentions = countries_stage.find_countries(text)
    acronyms = countries_stage.acronym_countries(text, field_mentions)
    if acronyms:
        extra = countries_stage.find_acronym_mentions(text, acronyms)
        field_mentions = sorted(field_mentions + extra, key=lambda m: m.start)
    facts = _facts_per_sentence(body, field_mentions)

    registry = OfficialRegistry()
    title_acronyms: set[str] = set()
    briefers: set[int] = set()  # people only ever met telling reporters what happened
    speakers: set[int] = set()
    listed = listed_by_sentence(text, body)  # well-known office holders, named bare
    for fact in facts:
        for mention in _officials_in(fact, title_acronyms, listed.get(fact.sentence.index, [])):
            person = registry.add(mention, fact.sentence.index)
            if mention.acronym:
                title_acronyms.add(mention.acronym)
            if person and person not in fact.persons:
                fact.persons.append(person)
            if person:
                # Someone only telling reporters, or only in a report the story does not
                # confirm ("Israeli media reported that …"), is not a party to anything.
                aside = (
                    _BRIEFING.match(fact.sentence.text, mention.end)
                    or _HEARSAY.search(fact.sentence.text, 0, mention.start)
                    or _FORMER.search(fact.sentence.text, max(0, mention.start - 50), mention.start)
                )
                (briefers if aside else speakers).add(id(person))
                if aside:
                    fact.briefers.append(person)
    _later_mentions(facts, registry)
    home = _home_country(dateline, field_mentions, body)
    ranked = _ranked_countries(field_mentions)
    for person in registry.people:
        if person.country is None:
            person.country = known_country(person.name) or country_of_title(person.title)
    by_index = {f.sentence.index: f for f in facts}
    share_coordinated_sides(registry, lambda i: (by_index[i].sentence.text, by_index[i].tokens))
    for person in registry.people:
        if person.country is None:
            person.country = _paired_country(person, facts, ranked, home)
    share_coordinated_sides(registry, lambda i: (by_index[i].sentence.text, by_index[i].tokens))
    for person in registry.people:
        if person.country is None:
            person.country = _paired_country(person, facts, ranked, home) or _person_country(
                person, facts, home
            )
    _counterpart_titles(facts)

    story = _Story(reference, dateline, facts, article)
    story.read()

    result.events = [e.record for e in story.events]
    # A text still only proposed ("has yet to be signed", "negotiations on") is not yet an
    # agreement between the parties: like a planned event, it is not recorded as one.
    # One only named ("commitment to the Treaty on …", "talks on a Free Trade Agreement") is
    # a reference: nothing in the story signs, renews, ratifies or initials it.
    kept = [
        a
        for a in story.agreements
        if a.record.status != "proposed" and (a.record.status != "other" or a.status_seen)
    ]
    result.agreements = [a.record for a in kept]
    for event, holder in zip(result.events, story.events, strict=True):
        if holder.agreement is not None and holder.agreement in kept:
            event.agreement = kept.index(holder.agreement)
    countries: list[str] = []
    for event in result.events:
        if event.status == "occurred":
            countries.extend(c for c in event.countries if c not in countries)
    for agreement in result.agreements:
        countries.extend(c for c in agreement.parties if c not in countries)
    result.countries = countries
    result.officials = _officials(registry, story, briefers - speakers)
    result.country_aliases = _urdu_aliases(article, countries)
    return result


def _officials_in(fact: _SentenceFacts, acronyms: set[str], listed: list):
    found = (
        find_officials(fact.sentence.text, fact.mentions, acronyms, fact.tokens)
        if has_title_cue(fact.sentence.text)
        else []
    )
    bare = possessive_names(fact.sentence.text, fact.mentions, lambda: fact.tokens)
    if bare:
        # A titled mention of the same words wins ("China's Foreign Minister Wang Yi").
        kept = [b for b in bare if not any(m.start < b.end and b.start < m.end for m in found)]
        found = sorted(found + kept, key=lambda m: m.start)
    return with_listed(fact.sentence.text, found, listed) if listed else found


def _dateline_reference(dateline, published: date | None) -> date | None:
    """The day in the dateline ("NEW DELHI, Mar 20:"), its year from the publication date."""
    if not dateline or not dateline.date_text:
        return None
    found = find_dates(dateline.date_text, published)
    if found and found[0].value and found[0].value.precision == "day":
        return found[0].value.value
    return None


def _facts_per_sentence(
    sentences: list[Sentence], mentions: list[countries_stage.CountryMention]
) -> list[_SentenceFacts]:
    facts: list[_SentenceFacts] = []
    j = 0
    for sentence in sentences:
        while j < len(mentions) and mentions[j].start < sentence.start:
            j += 1
        inside = []
        k = j
        while k < len(mentions) and mentions[k].end <= sentence.end:
            m = mentions[k]
            inside.append(
                countries_stage.CountryMention(
                    m.start - sentence.start, m.end - sentence.start, m.iso3, m.kind, m.text
                )
            )
            k += 1
        facts.append(_SentenceFacts(sentence, inside, []))
    return facts


def _later_mentions(facts: list[_SentenceFacts], registry: OfficialRegistry) -> None:
    """ "Bajwa", "COAS", "Rear Admiral Bilgrami", "the crown prince": mentions of officials
    already introduced."""
    finder = registry.mention_finder()
    if finder is None:
        return
    for fact in facts:
        for person in finder.find(fact.sentence.text, fact.sentence.index):
            if person not in fact.persons:
                fact.persons.append(person)


def _ranked_countries(mentions: list[countries_stage.CountryMention]) -> list[str]:
    """The story's countries, most named first (cities and acronyms left out)."""
    counts = Counter(m.iso3 for m in mentions if m.kind not in {"city", "acronym"})
    return [c for c, _ in counts.most_common()]


def _paired_country(
    person: Person, facts: list[_SentenceFacts], ranked: list[str], home: str | None
) -> str | None:
    """An official named beside officials of a known country is, in copy about relations
    between states, usually the other side: "President Yoon and Japanese Prime Minister
    Kishida", "Modi and his Japanese counterpart Kishida". The other side is a country the
    sentence names that no one's title claims, else the country the story is filed from, else
    its most named other country."""
    for fact in facts:
        if person not in fact.persons:
            continue
        known = {p.country for p in fact.persons if p is not person and p.country}
        if has_title_cue(fact.sentence.text):  # "received the Iranian President"
            known.update(c for _, c in unnamed_posts(fact.tokens))
        if not known:
            continue
        # "A … held talks with his North Korean counterpart, B": A is not B's side.
        facing = {p.country for p in fact.persons if p is not person and p.title == COUNTERPART}
        if person.title != COUNTERPART and len(known - facing) == 1 and facing:
            return next(iter(known - facing))
        if len(known) > 1:
            return None  # both sides already named: the pairing says nothing
        for m in fact.mentions:
            if m.iso3 in known or m.kind in {"city", "acronym"}:
                continue
            if _RELATIVE_CLAUSE.search(fact.sentence.text, 0, m.start):
                continue  # ", who assured him no Russian aircraft …": what was said, not a side
            before = fact.sentence.text[max(0, m.start - 12) : m.start]
            if m.kind in {"capital", "metonym"} and _LOCATION_PREPOSITIONS.search(before):
                continue
            if m.kind in {"demonym"} or not _PASSING_PREPOSITIONS.search(
                fact.sentence.text[max(0, m.start - 25) : m.start]
            ):
                return m.iso3
        return next((c for c in [home, *ranked] if c and c not in known), None)
    return None


def _counterpart_titles(facts: list[_SentenceFacts]) -> None:
    """ "Modi and his Japanese counterpart Kishida": Kishida holds Modi's post."""
    for fact in facts:
        for person in fact.persons:
            if person.title != COUNTERPART:
                continue
            other = next(
                (p for p in fact.persons if p is not person and p.title not in {None, COUNTERPART}),
                None,
            )
            if other is not None:
                person.title = other.title


def _home_country(dateline, mentions, body: list[Sentence]) -> str | None:
    """The country the story is filed from: its dateline city's, else its most named.

    A dateline in a third country ("SEOUL -" over a story of Moscow and Pyongyang) says where
    the reporter sits, not whose officials the story names: it counts only when the story
    names its country at least half as often as the second country it names most."""
    counts = Counter(m.iso3 for m in mentions if m.kind != "acronym")
    if dateline and body:
        story_start = body[0].start + dateline.end
        for m in mentions:
            if m.start >= story_start:
                break
            if m.kind in {"capital", "city", "short", "name", "alias"}:
                told = Counter(
                    n.iso3 for n in mentions if n.kind != "acronym" and n.start >= story_start
                )
                top = told.most_common(2)
                if len(top) < 2 or 2 * told[m.iso3] >= top[1][1]:
                    return m.iso3
                break
    return counts.most_common(1)[0][0] if counts else None


def _person_country(person: Person, facts: list[_SentenceFacts], home: str | None) -> str | None:
    """An official whose title names no country: the city where the sentence places them."""
    for fact in facts:
        if person not in fact.persons:
            continue
        for m in fact.mentions:
            before = fact.sentence.text[max(0, m.start - 10) : m.start]
            if m.kind == "city" and _HOST_PREPOSITIONS.search(before):
                if _VENUE.search(fact.sentence.text, max(0, m.start - 50), m.start):
                    continue  # "the SCO summit in Samarkand": where leaders met, not whose
                return m.iso3
        break
    return home


class _Story:
    """Reads the sentences in order, keeping the context later sentences lean on."""

    def __init__(self, reference, dateline, facts: list[_SentenceFacts], article: Article):
        self.reference: date | None = reference
        self.dateline = dateline
        self.facts = facts
        self.article = article
        self.events: list[_Event] = []
        self._by_key: dict[tuple[str, str | None], list[_Event]] = {}
        self.agreements: list[_Agreement] = []
        self.last: _Event | None = None
        self.main_countries = self._main_countries()
        self.article_topic = topic_of(article.title + " " + article.text_en[:3000])
        # The day the dateline gives is the day of the lead event when the lead says no other.
        filed = _dateline_reference(dateline, reference)
        self.dateline_date = PartialDate(filed, "day", "dateline") if filed else None
        self._denial: bool | None = None  # whether the story denies reports: read when asked
        self._cuts: list[int] = []  # where the clauses of a sentence with two occurrences open

    def _denies_reports(self) -> bool:
        """Whether the story denies reports or claims somewhere ("denied reports that …")."""
        if self._denial is None:
            self._denial = bool(_DENIES_REPORTS.search(self.article.text_en or ""))
        return self._denial

    def _main_countries(self) -> list[str]:
        counts: Counter[str] = Counter()
        for fact in self.facts[:6]:
            for m in fact.mentions:
                if m.kind not in {"city"}:
                    counts[m.iso3] += 1
        return [c for c, _ in counts.most_common(2)]

    def read(self) -> None:
        for fact in self.facts:
            self._read_sentence(fact)

    # -- one sentence -------------------------------------------------------------------------

    def _read_sentence(self, fact: _SentenceFacts) -> None:
        text = fact.sentence.text
        offset = self.dateline.end if self.dateline and fact.sentence.index == 1 else 0
        hits = [
            h
            for h in find_triggers(text)
            if h.start >= offset
            # "the first visit to China by …" describes the trip told; "Modi's visit to" recalls one
            and not (
                h.recalled
                and h.type == "visit"
                and not h.text.lower().startswith(("visit of", "his ", "her ", "their ", "during "))
                and not _VISITOR.search(text, 0, h.start)
            )
        ]
        found_agreements = (
            agreements_stage.find_agreements(text, fact.mentions, fact.tokens)
            if agreements_stage.may_name_agreement(text)
            else []
        )
        if not hits:
            self._attach_leaders(fact)
            if found_agreements:
                self._note_agreements(fact, found_agreements, None, None)
            return
        self._cuts = []
        chosen = self._choose(text, hits, fact)
        if self._describes_last(fact, hits, chosen):
            # "During the talks, X called for … and expressed concern over …": what was said
            # at the encounter just told, not a new event (nor new participants).
            self._attach(self.last, [p for p in fact.persons if p not in fact.briefers])
            if found_agreements:
                self._note_agreements(fact, found_agreements, None, self.last.record.date)
            return
        for hit in chosen:
            rivals = [h for h in chosen if h is not hit]
            self._event_from(fact, hit, found_agreements, rivals)

    def _describes_last(
        self, fact: _SentenceFacts, hits: list[TriggerHit], chosen: list[TriggerHit]
    ) -> bool:
        """Whether the sentence tells what was said or done at the encounter just reported:
        it opens "During the talks …", or its people are that encounter's and its verb is
        "discussed", and it states no event of another kind nor a date of its own."""
        last = self.last
        if last is None or last.record.type not in _ENCOUNTERS:
            return False
        if any(h.type not in _ALWAYS_MERGE for h in chosen):
            return False
        text = fact.sentence.text
        if _DURING_IT.search(text):
            return True
        people = [p for p in fact.persons if not is_spokesperson(p.title)]
        same_people = bool(people) and all(p in last.persons for p in people)
        refers_back = same_people or bool(_BOTH_SIDES.search(text))
        discussed = any(not h.strong and h.type == "talks" for h in hits)
        dated = any(self._nearest_date(fact, h) is not None for h in chosen)
        return refers_back and discussed and not dated

    def _attach(self, holder: _Event, persons: list[Person]) -> None:
        for person in persons:
            if person not in holder.persons and not is_spokesperson(person.title):
                holder.persons.append(person)
                holder.record.officials.append(person.name)

    def _choose(self, text: str, hits: list[TriggerHit], fact: _SentenceFacts) -> list[TriggerHit]:
        ordered = sorted(hits, key=rank)
        if any(h.type == "call" for h in hits):
            # "The deal was sealed in a phone call": nothing is signed over a telephone line;
            # the occurrence is the call, the deal its outcome.
            ordered = [
                h
                for h in ordered
                if not (h.type == "agreement_signed" and _CLOSED_IN_WORDS.match(h.text))
            ] or ordered
        if ordered[0].type == "meeting" and _HELD_MEETING.match(ordered[0].text):
            # "held a one-on-one meeting followed by delegation-level talks": the talks are
            # what the encounter was.
            talks = next((h for h in ordered if h.type == "talks" and h.strong), None)
            if talks is not None:
                ordered.remove(talks)
                ordered.insert(0, talks)
        if ordered[0].type == "meeting":
            # "… at the Strategic Dialogue, where A hosted B": the encounter is a named round of
            # talks, and the hosting is how it was held.
            setting = next((h for h in ordered if _NAMED_TALKS.match(h.text)), None)
            if setting is not None:
                ordered.remove(setting)
                ordered.insert(0, setting)
        occasion = None
        if ordered[0].recalled:
            # "… came to the rescue in October, during X's visit to Y": the act leads; the
            # visit named in passing is its occasion, an event of its own.
            act = next((h for h in ordered[1:] if h.strong and not h.recalled), None)
            if act is not None and _OCCASION.search(
                text, max(0, ordered[0].start - 40), ordered[0].start
            ):
                occasion = ordered.pop(0)
                ordered.remove(act)
                ordered.insert(0, act)
        primary = ordered[0]
        if (
            primary.type == "call"
            and _JOINED_REMOTELY.search(text, 0, primary.start)
            and _CEREMONY.search(text)
        ):
            # "jointly unveiled, by video link, the plant": a ceremony held at a distance, not
            # a conversation between the two.
            primary = replace(primary, type="other", cameo=None)
            ordered[0] = primary
        if primary.type == "visit" and self._delivers_aid(fact, hits, primary):
            # "A C-17 carrying rescue teams landed at Adana": aid arriving, not a visit.
            primary = replace(primary, type="aid", cameo="070")
            ordered[0] = primary
        chosen = [primary] if occasion is None else [primary, occasion]
        primary_date = self._nearest_date(fact, primary)
        for hit in ordered[1:]:
            if hit.recalled and self._recalled_apart(fact, hit, chosen):
                # "recalled X's visit to A in June and the visit of Y to B in August": each
                # encounter named with its own date is its own occurrence.
                chosen.append(hit)
                continue
            cut = self._own_clause(fact, hits, hit, chosen)
            if cut is not None:
                # "Sisi telephoned Erdogan and Egypt sent relief": a second occurrence, told
                # by a clause with its own subject.
                chosen.append(hit)
                self._cuts.append(cut)
                continue
            after = (
                _AFTER_SUBJECT.search(text, max(0, hit.start - 60), hit.start)
                if hit.strong and hit.type in _ACTS
                else None
            )
            if after is not None:
                # "Mexico broke off relations after police stormed its embassy": the act that
                # provoked the other is an occurrence of its own.
                chosen.append(hit)
                self._cuts.append(after.start())
                continue
            if any(h.type == hit.type for h in chosen) or not hit.strong:
                continue
            # A signing at a meeting, visit or round of talks: both are events.
            if (
                primary.type == "agreement_signed"
                and hit.type in _ENCOUNTERS
                and not any(h.type in _ENCOUNTERS for h in chosen)
            ):
                chosen.append(hit)
                continue
            hit_date = self._nearest_date(fact, hit, rivals=[primary])
            if (
                hit.type in {"other", "agreement_signed"}
                and primary_date is not None
                and (
                    hit_date is None
                    or hit_date.value is None
                    or primary_date.value is None
                    or hit_date.value.label() != primary_date.value.label()
                )
                and self._nearest_date(fact, primary, rivals=[hit]) is primary_date
            ):
                # "ratified the protocol, which the allies signed in July 2022": two
                # occurrences, each with the time its own clause gives.
                chosen.append(hit)
            elif hit.type == "other" and _WHEN_JOINED.search(text, primary.end, hit.start):
                # "visited X in 2018, when he and Y inaugurated the line": two occurrences.
                chosen.append(hit)
        return sorted(chosen, key=lambda h: h.start)

    @staticmethod
    def _delivers_aid(fact: _SentenceFacts, hits: list[TriggerHit], arrival: TriggerHit) -> bool:
        """Whether an arrival is of aid rather than of a visitor: an aircraft or ship lands
        with relief (the sentence sends aid or names its cargo) and no official arrives."""
        text = fact.sentence.text
        if not _CRAFT_ARRIVAL.match(arrival.text):
            return False
        if not (any(h.type == "aid" for h in hits) or _CARGO.search(text)):
            return False
        before = text[: arrival.start]
        return not any(
            re.search(rf"\b{re.escape(word)}\b", before)
            for person in fact.persons
            for word in person.name.split()
            if len(word) > 2
        )

    def _own_clause(
        self,
        fact: _SentenceFacts,
        hits: list[TriggerHit],
        hit: TriggerHit,
        chosen: list[TriggerHit],
    ) -> int | None:
        """Where the clause of `hit` opens when it is coordinated with the trigger before it
        and has a subject of its own (", and Egypt sent …", "and then Minister X toured …");
        None when the trigger continues the clause before it ("met X and held talks")."""
        text = fact.sentence.text
        if (
            hit.recalled
            or not hit.strong
            or hit.type in _ALWAYS_MERGE
            or hit in chosen
            or "and " not in text
        ):
            return None
        before = [h for h in hits if h.end <= hit.start]
        after = [h for h in hits if h.start >= hit.end]
        match = None
        if before:
            match = _coordinated(text, max(before, key=lambda h: h.end), hit)
        if match is None and after:
            match = _coordinated(text, hit, min(after, key=lambda h: h.start))
        same = [h for h in chosen if h.type == hit.type]
        again = False
        if match is None and same and before and _AGAIN.match(text, hit.end):
            # "first met in August last year, and met again in Beijing in February".
            match = _AND_VERB.search(text, max(h.end for h in before), hit.start)
            again = True
        if match is None:
            return None
        if same and not _ALSO.search(match.group("subject")):
            # The same kind again is another occurrence only when told as one ("also met")
            # or dated apart ("… later that month, and X paid a return visit in March").
            own = (
                next((m for m in self._dates(fact) if m.start >= hit.end), None)
                if again
                else self._nearest_date(fact, hit, rivals=same)
            )
            if own is None or own.value is None:
                return None
            for other in same:
                theirs = self._nearest_date(fact, other, rivals=[hit])
                if theirs is own or (
                    theirs is not None
                    and theirs.value is not None
                    and theirs.value.label() == own.value.label()
                ):
                    return None
        return match.start()

    def _in_clause(self, text: str, hit: TriggerHit, persons: list[Person]) -> list[Person]:
        """The people a clause of a sentence telling two occurrences names; someone named
        only by role ("the Iranian President") is kept in every clause."""
        lo = max([0, *(c for c in self._cuts if c <= hit.start)])
        hi = min([len(text), *(c for c in self._cuts if c > hit.start)])
        kept = []
        for person in persons:
            words = {w for n in (person.name, *person.aliases) for w in n.split() if len(w) > 2}
            places = [m.start() for w in words for m in re.finditer(rf"\b{re.escape(w)}\b", text)]
            if not places or any(lo <= at < hi for at in places):
                kept.append(person)
        return kept

    def _recalled_apart(
        self, fact: _SentenceFacts, hit: TriggerHit, chosen: list[TriggerHit]
    ) -> bool:
        """Whether a recalled encounter of a type already chosen has a date of its own."""
        same = [h for h in chosen if h.type == hit.type and h.recalled]
        if not same:
            return False
        own = self._nearest_date(fact, hit, rivals=same)
        if own is None or own.value is None:
            return False
        for other in same:
            theirs = self._nearest_date(fact, other, rivals=[hit])
            if theirs is None or theirs.value is None or theirs is own:
                return False
        return True

    def _dates(self, fact: _SentenceFacts, future: bool = False) -> list[DateMention]:
        if future:
            if fact.future_dates is None:
                fact.future_dates = find_dates(fact.sentence.text, self.reference, future=True)
            return fact.future_dates
        if fact.dates is None:
            fact.dates = find_dates(fact.sentence.text, self.reference)
        return fact.dates

    def _nearest_date(
        self,
        fact: _SentenceFacts,
        hit: TriggerHit,
        future: bool = False,
        rivals: list[TriggerHit] | None = None,
    ) -> DateMention | None:
        best, best_distance = None, None
        for mention in self._dates(fact, future):
            if mention.background or (mention.value is None and not mention.relative):
                continue
            if self.dateline and fact.sentence.index == 1 and mention.end <= self.dateline.end:
                continue
            if (
                not future
                and mention.start >= hit.end
                and _FUTURE_CLAUSE.search(fact.sentence.text, hit.end, mention.start)
            ):
                continue  # "arrived …, invited him to the summit Japan will host in May"
            if (
                mention.start >= hit.end
                and mention.kind in {"relative", "weekday"}
                and _POSSESSIVE_DATE.match(fact.sentence.text, mention.end)
                and _CLAUSE_TURN.search(fact.sentence.text, hit.end, mention.start)
            ):
                continue  # "received X, saying … at this week's summit": another occasion's
            if _aside(fact.sentence.text, mention, hit):
                continue  # "X, who is touring Europe before the summit in May, will meet …"
            distance = _distance(mention, hit)
            # Another event's trigger nearer to the date, or in the date's own clause when this
            # one is not ("met in August last year, and met again in February"), claims it.
            if rivals and any(
                (_distance(mention, r) < distance or not _apart(fact.sentence.text, mention, r))
                and _apart(fact.sentence.text, mention, hit)
                for r in rivals
            ):
                continue
            if best_distance is None or distance < best_distance:
                best, best_distance = mention, distance
        return best

    def _event_from(
        self,
        fact: _SentenceFacts,
        hit: TriggerHit,
        found_agreements: list[agreements_stage.AgreementMention],
        rivals: list[TriggerHit] | None = None,
    ) -> None:
        text = fact.sentence.text
        if hit.type == "agreement_signed" and _RENEWAL.search(text, 0, hit.start):
            # "agreed to revive an agreement they signed in 2001": the signing is the revived
            # agreement's history, told inside the renewal, not an event of this story.
            if found_agreements:
                self._note_agreements(fact, found_agreements, None, None)
            return
        if hit.type == "agreement_signed" and _company_signers(text, hit):
            return  # "Acme Airlines and Boeing signed a deal": commerce, not relations
        if (
            hit.type in _JUDGEMENTS and _DOMESTIC_VOICES.search(text, 0, hit.start)
        ) or _non_state_subject(text, hit):
            # "Opposition lawmakers criticised the deal", "Police carried out raids", "The
            # national team toured England": home politics, crime or sport, not relations.
            if found_agreements:
                self._note_agreements(fact, found_agreements, None, None)
            return
        if (
            hit.type == "call"
            and hit.text.lower() in _CALLS_SOMEONE
            and not _calls_an_official(fact, hit)
        ):
            # "the coach called Messi and Neymar to the squad", "spoke to CNN": no official
            # was rung.
            return
        status = status_of(text, hit)
        if status == "occurred" and _HEARSAY.search(text, 0, hit.start) and self._denies_reports():
            # "… denied reports that …"; "media had reported that X flew to Y": the claim denied.
            status = "denied"
        date_mention = self._nearest_date(fact, hit, future=status == "planned", rivals=rivals)
        if self._courtesy(fact, hit, date_mention):
            # "President X thanked Poland for its support": said at the encounter just told.
            self._attach(self.last, [p for p in fact.persons if p not in fact.briefers])
            return
        if (
            hit.type == "visit"
            and hit.text.lower() == "toured"
            and date_mention is None
            and status == "occurred"
            and (visit := self._visit_told(fact)) is not None
        ):
            # "The King later toured the site": what the visitor did on the visit already told.
            self._attach(visit, [p for p in fact.persons if p not in fact.briefers])
            return
        if (
            hit.recalled
            and date_mention is not None
            and date_mention.end <= hit.start
            and _apart(text, date_mention, hit)
        ):
            # "… re-elected last week, and his first visit to X since …": a date of another
            # clause; an encounter named in passing is dated only by its own words.
            date_mention = None
        if (
            hit.recalled
            and date_mention is None
            and rivals
            and _OCCASION.search(text, max(0, hit.start - 40), hit.start)
        ):
            # "agreed to a package in October, during X's visit": the visit is when the act was.
            date_mention = self._nearest_date(fact, rivals[0])
        if hit.recalled and (date_mention is None or date_mention.value is None):
            return  # "since their meeting" with no date: background, not an event to record
        own_date = date_mention.value if date_mention else None
        if date_mention and date_mention.value is None:
            own_date = None  # "on Wednesday" with no reference date: unknown, not inherited
        if (
            own_date
            and self.reference
            and status == "occurred"
            and own_date.value > self.reference + timedelta(days=1)
        ):
            status = "planned"
        anaphoric = bool(_ANAPHORIC_OPENING.search(text))
        persons = [
            p for p in fact.persons if not is_spokesperson(p.title) and p not in fact.briefers
        ]
        if self._cuts:
            persons = self._in_clause(text, hit, persons)
        if (
            self.last is not None
            and _BOTH_SIDES.search(text)
            and len({p.country for p in persons if p.country}) < 2
        ):
            # "The two leaders signed …": the people of the event just told, unless the
            # sentence names both sides itself ("X met Y, and the two ministers held …").
            persons += [p for p in self.last.persons if p not in persons]
            both = self.last.record.countries
        else:
            both = []
        actors = self._actors(fact, hit, persons)
        countries = list(actors)
        if hit.type in _ENCOUNTERS and _ONE_BY_ONE.search(text):
            # "spoke to both prime ministers": the two sides just told, whoever named them.
            countries += [c for c in both if c not in countries]
        from_context = False
        if len(countries) < 2:
            context = self._context_countries(text, hit.type)
            for c in context:
                if c not in countries:
                    countries.append(c)
                    from_context = True
        if len(actors) < 2 and hit.type == "agreement_signed" and _BREAKAWAY.search(text):
            # "signed a memorandum with the leader of the breakaway region of X": the partner
            # is no state, and the country the story is about did not sign.
            return
        if len(countries) < 2 and hit.type in _RELATIONAL:
            if found_agreements:
                self._note_agreements(fact, found_agreements, None, own_date)
            return
        if (
            date_mention is None
            and self.dateline_date
            and fact.sentence.index == 1
            and not _PERFECT.search(text, 0, hit.start)
        ):
            # A lead in the simple past ("held talks") tells the day's news; one in the present
            # perfect ("has appreciated") does not say when, so the filing day is only a bound.
            event_date = self.dateline_date
        elif (
            date_mention is None
            and self.last is not None
            and self.last.record.evidence.text == text
            and self.last.record.date is not None
        ):
            # "In February, X telephoned Y and Egypt sent relief", "X returned the visit in
            # May, and the two oversaw the signing of …": the time of the occurrence before.
            event_date = self.last.record.date
        elif date_mention is None and (same := self._same_period(text)) is not None:
            event_date = same
        elif date_mention is None:
            inherited = self._inherited_date(fact, anaphoric)
            event_date = (
                PartialDate(inherited.value, inherited.precision, "inherited")
                if inherited
                else None
            )
        else:
            event_date = own_date
        if hit.type == "meeting" and self._hosted_visit(fact, hit, countries, event_date):
            # "she hosted Lavrov in Pretoria": the guest came; the story tells no other visit.
            hit = replace(hit, type="visit", cameo="042")

        agreement = None
        if hit.type == "agreement_signed" or found_agreements:
            agreement = self._note_agreements(
                fact, found_agreements, hit if hit.type == "agreement_signed" else None, event_date
            )
            if hit.type == "agreement_signed" and agreement is None and status == "occurred":
                agreement = self._anaphoric_agreement(text)
            if hit.type == "agreement_signed" and agreement is not None and status == "occurred":
                self._same_kind_with_others(fact, hit, agreement)

        if status != "occurred":
            self._add_event(fact, hit, countries, persons, event_date, status, None)
            return
        # One event per occurrence: fold this sentence into the story's matching event.
        existing = self._same_event(
            hit,
            countries,
            event_date,
            persons,
            anaphoric,
            from_context,
            agreement,
            date_mention is not None,
            text,
        )
        if existing is not None and self._cuts and existing.record.evidence.text == text:
            existing = None  # the sentence tells two occurrences: the other one is not this
        if existing is not None:
            for person in persons:
                if person not in existing.persons:
                    existing.persons.append(person)
                    existing.record.officials.append(person.name)
            if existing.agreement is None and agreement is not None:
                existing.agreement = agreement
            self.last = existing
            return
        if (
            not hit.strong
            and self.last is not None
            and not (
                _DURING_GATHERING.match(text)
                and not any(
                    e.record.type in _ENCOUNTERS and e.record.status == "occurred"
                    for e in self.events
                )
            )
        ):
            # A weak trigger describes the event already told, unless it opens "During the
            # retreat, the two leaders discussed …" in a story that told no encounter yet.
            return
        pairs = self._one_by_one(fact, hit, countries, persons)
        if pairs:
            # "X received A and B separately", "spoke by telephone to both prime ministers":
            # one host dealing with each guest in turn is one encounter per pair.
            for pair, pair_persons in pairs:
                self._add_event(fact, hit, pair, pair_persons, event_date, status, agreement)
            return
        self._add_event(fact, hit, countries, persons, event_date, status, agreement)

    @staticmethod
    def _one_by_one(
        fact: _SentenceFacts, hit: TriggerHit, countries: list[str], persons: list[Person]
    ) -> list[tuple[list[str], list[Person]]]:
        """The (countries, people) of each pair when one side met, called or visited each of
        several others apart; nothing when the sentence tells one encounter of them all."""
        if hit.type not in _ENCOUNTERS or len(countries) < 3:
            return []
        text = fact.sentence.text
        if hit.type == "visit":
            # "A and B arrived in <a city of C>": each guest visited the host.
            host = next(
                (
                    m.iso3
                    for m in fact.mentions
                    if m.kind == "city"
                    and m.start >= hit.start
                    and _VISITED_CITY.search(text, max(0, m.start - 8), m.start)
                ),
                None,
            )
            guests = {p.country for p in persons if p.country and p.country != host}
            if host in countries and len(guests) >= 2:
                return [
                    ([guest, host], [p for p in persons if p.country == guest])
                    for guest in countries
                    if guest in guests
                ]
        if not _ONE_BY_ONE.search(text):
            return []
        lead = next(
            (p.country for p in persons if p.country and _named_at(text, p.name) < hit.start),
            None,
        )
        if lead is None:
            lead = next((m.iso3 for m in fact.mentions if m.start < hit.start), None)
        if lead not in countries:
            return []
        pairs = []
        for other in countries:
            if other == lead:
                continue
            people = [p for p in persons if p.country in {lead, other}]
            pairs.append(([lead, other], people))
        return pairs

    def _visit_told(self, fact: _SentenceFacts) -> _Event | None:
        """The latest visit the story has told, when the sentence names no other country or
        person (a tour by someone else is a visit of its own)."""
        named = {m.iso3 for m in fact.mentions}
        for holder in reversed(self.events):
            record = holder.record
            if record.type == "visit" and record.status == "occurred":
                same_people = all(p in holder.persons for p in fact.persons)
                return holder if named <= set(record.countries) and same_people else None
        return None

    def _hosted_visit(
        self,
        fact: _SentenceFacts,
        hit: TriggerHit,
        countries: list[str],
        event_date: PartialDate | None,
    ) -> bool:
        """Whether a host receiving a guest in a city of the host's country is the only
        account the story gives of the guest's visit."""
        if not _HOSTING.match(hit.text):
            return False
        text = fact.sentence.text
        in_city = any(
            m.kind in {"city", "capital"}
            and m.start >= hit.end
            and m.iso3 in countries
            and _HOST_PREPOSITIONS.search(text, max(0, m.start - 10), m.start)
            for m in fact.mentions
        )
        if not in_city:
            return False
        label = event_date.label() if event_date else None
        return not any(
            e.record.type == "visit"
            and (e.record.date.label() if e.record.date else None) == label
            and set(e.record.countries) & set(countries)
            for e in self.events
        )

    def _courtesy(
        self, fact: _SentenceFacts, hit: TriggerHit, date_mention: DateMention | None
    ) -> bool:
        """Whether a sentence only thanks someone, undated, right after an encounter or a
        signing between the same countries: a courtesy of that event, not one of its own."""
        last = self.last
        if (
            hit.type != "praise"
            or date_mention is not None
            or not hit.text.lower().startswith("thanked")
            or last is None
            or last.record.status != "occurred"
            or last.record.type not in _ENCOUNTERS | {"agreement_signed"}
        ):
            return False
        named = {m.iso3 for m in fact.mentions} | {p.country for p in fact.persons if p.country}
        if not named or not named <= set(last.record.countries):
            return False
        # "… thanked Japan, and the envoy praised Pakistan's role": praise of its own stays.
        return not any(
            h.type == "praise" and not h.text.lower().startswith("thanked")
            for h in find_triggers(fact.sentence.text)
        )

    def _context_countries(self, text: str, type_: str) -> list[str]:
        """Who acts in a sentence that names no one: the event just told, except that "the
        two countries signed …" after a quarrel with a third country ("X summoned China's
        ambassador") means the pair the story is about."""
        if self.last is None:
            return self.main_countries
        last = self.last.record
        if last.type in _ADVERSARIAL and type_ not in _ADVERSARIAL and _TWO_COUNTRIES.search(text):
            pairs = Counter(
                frozenset(e.record.countries[:2])
                for e in self.events
                if e.record.status == "occurred" and len(e.record.countries) >= 2
            )
            pair, count = pairs.most_common(1)[0] if pairs else (None, 0)
            if pair and pair != frozenset(last.countries[:2]) and count >= 2:
                return [c for c in last.countries if c in pair] + sorted(pair - set(last.countries))
        return last.countries

    def _same_period(self, text: str) -> PartialDate | None:
        """ "later that month", "the same day": the period of the event just told; "the
        following month": the one after it."""
        match = _SAME_PERIOD.search(text)
        last = self.last.record.date if self.last is not None else None
        if last is None:
            return None
        if match is None:
            sequel = _NEXT_PERIOD.search(text)
            if sequel is None:
                return self._counted_from_last(text, last)
            if sequel.group("month"):
                return next_month_named(last, MONTHS[sequel.group("month").lower()])
            return following(last, sequel.group("unit").lower())
        unit = match.group("unit").lower()
        precisions = ["year", "month", "day"]
        wanted = {"year": "year", "month": "month", "day": "day"}[unit]
        if precisions.index(wanted) > precisions.index(last.precision):
            return None  # "that same day" after "in 2019": the day is unknown
        value = last.value
        if wanted == "year":
            value = value.replace(month=1, day=1)
        elif wanted == "month":
            value = value.replace(day=1)
        return PartialDate(value, wanted, "inherited")

    @staticmethod
    def _counted_from_last(text: str, last: PartialDate) -> PartialDate | None:
        """ "Two days later", "a year later": counted from the event just told."""
        counted = _LATER.search(text) if "ater" in text or "rlier" in text else None
        if counted is None:
            return None
        sign = -1 if counted.group("dir").lower() == "earlier" else 1
        return later(last, counted.group("n"), counted.group("unit").lower().rstrip("s"), sign)

    def _inherited_date(self, fact: _SentenceFacts, anaphoric: bool) -> PartialDate | None:
        """The date a sentence without one shares: the event just told when the sentence
        continues it (same paragraph, "During the meeting"), else the story's lead event."""
        if self.last is None:
            return None
        lead = next((e for e in self.events if e.record.status == "occurred"), None)
        if anaphoric or self.last.paragraph == fact.sentence.paragraph:
            if (
                lead is not None
                and _recalled_before(self.last.record.date, lead.record.date)
                and not _PAST_CONTEXT.search(fact.sentence.text)
                and not _THAT_OCCASION.match(fact.sentence.text)
            ):
                # "… since the 1996 treaty. The two leaders also unveiled …": the story goes on
                # from its lead; a year recalled in passing does not date what follows.
                return lead.record.date
            return self.last.record.date
        return lead.record.date if lead else None

    def _add_event(self, fact, hit, countries, persons, event_date, status, agreement) -> None:
        sentence = fact.sentence
        record = Event(
            type=hit.type,
            cameo=hit.cameo,
            countries=countries,
            evidence=Evidence(sentence.text, sentence.field, sentence.start, sentence.end),
            officials=[p.name for p in persons],
            date=event_date,
            status=status,
            location=self._location(fact),
            topic=topic_of(sentence.text) or self.article_topic,
            summary=hit.text,
        )
        holder = _Event(record, list(persons), agreement, sentence.paragraph)
        self.events.append(holder)
        if status == "occurred":
            key = (hit.type, event_date.label() if event_date else None)
            self._by_key.setdefault(key, []).append(holder)
        if status == "occurred":
            self.last = holder

    def _same_event(
        self, hit, countries, event_date, persons, anaphoric, from_context, agreement, dated, text
    ) -> _Event | None:
        label = event_date.label() if event_date else None
        # Only events of the same type and date can be the same; the most recent 50 are enough.
        for holder in reversed(self._by_key.get((hit.type, label), [])[-50:]):
            event = holder.record
            if not set(event.countries) & set(countries):
                continue
            if (
                (hit.type not in _ALWAYS_MERGE or hit.type == "cooperation_pledge")
                and event.evidence.text != text
                and _ANOTHER_ONE.search(text, 0, hit.start)
            ):
                continue  # "They also witnessed …", "The two sides also agreed …": one more
            if hit.type == "agreement_signed":
                if (
                    agreement is None
                    and holder.agreement is not None
                    and agreements_stage.counts_several(text)
                    and not agreements_stage.counts_several(event.evidence.text)
                ):
                    continue  # "… signed 22 agreements" after a named text's signing: another
                if agreement is None or holder.agreement is None or holder.agreement is agreement:
                    return holder
                if (
                    agreement.record.evidence is not None
                    and agreement.record.evidence.text == event.evidence.text
                ):
                    # "… witnessed the signing of an FIR agreement and an extradition treaty",
                    # then "The extradition treaty was signed by …": that signing told again.
                    return holder
                if _SAME_OCCASION.search(text):
                    return holder  # "… was signed at the same ceremony": one signing, two texts
                continue
            if hit.type in _ALWAYS_MERGE or not hit.strong:
                return holder
            if hit.type == "visit" and hit.text.lower() == "toured":
                return holder  # "the visitors toured the museum": what they did on the visit
            if hit.type in _ENCOUNTERS and set(countries) - set(event.countries) and not anaphoric:
                continue  # a third country joins: "Qin hosted a working lunch for the two"
            if anaphoric or set(holder.persons) & set(persons):
                return holder
            if from_context and not persons:
                return holder  # nothing says who: the encounter just told
            if event.evidence.text == text:
                return holder  # the same sentence repeated word for word
            if persons and holder.persons and hit.type in {"meeting", "call", "talks"}:
                # Someone else met ("He then called on the prime minister"); a visit stays one
                # visit whoever receives the visitor.
                continue
            if not dated and set(event.countries) == set(countries) and hit.type != "talks":
                return holder
        if label is not None and hit.type == "agreement_signed":
            return self._dated_now(hit.type, event_date, countries, agreement)
        if event_date is not None and event_date.precision == "day" and hit.type in _ENCOUNTERS:
            return self._told_vaguely(hit.type, event_date, countries, persons)
        return None

    def _told_vaguely(
        self, type_: str, event_date: PartialDate, countries: list[str], persons: list[Person]
    ) -> _Event | None:
        """The encounter of the same people told before with only its month ("X's visit last
        week …", then "X arrived on 19 July"): one occurrence told twice, now dated exactly."""
        month = PartialDate(event_date.value.replace(day=1), "month").label()
        held = self._by_key.get((type_, month), [])
        for holder in reversed(held[-50:]):
            record = holder.record
            if (
                record.date is not None
                and record.date.source == "relative"
                and set(record.countries) == set(countries)
                and set(holder.persons) & set(persons)
            ):
                held.remove(holder)
                record.date = event_date
                self._by_key.setdefault((type_, event_date.label()), []).append(holder)
                return holder
        return None

    def _dated_now(
        self, type_: str, event_date: PartialDate, countries: list[str], agreement
    ) -> _Event | None:
        """A signing the lead told without a date ("confirmed that the pact had been signed"),
        dated by a later sentence ("it was signed a few days ago"): one occurrence, now dated."""
        undated = self._by_key.get((type_, None), [])
        for holder in reversed(undated):
            if set(holder.record.countries) != set(countries):
                continue
            if (
                agreement is not None
                and holder.agreement is not None
                and holder.agreement is not agreement
            ):
                continue
            holder.record.date = event_date
            undated.remove(holder)
            self._by_key.setdefault((type_, event_date.label()), []).append(holder)
            return holder
        return None

    def _actors(self, fact: _SentenceFacts, hit: TriggerHit, persons: list[Person]) -> list[str]:
        """Countries that act in the sentence: its officials' and the names not in passing."""
        text = fact.sentence.text
        lex = lexicons()
        actors: list[str] = []
        start_at = self.dateline.end if self.dateline and fact.sentence.index == 1 else 0
        relative = ", wh" in text  # cheap test before the relative-clause search
        hosts: list[str] = []  # countries of the cities a visit is told in
        for m in fact.mentions:
            if m.start < start_at:
                continue
            if m.kind == "city":
                # "arrived in Putrajaya", "it was in Dar es Salaam, on his first trip": the city
                # a visit is told in names the host; elsewhere a city is only a venue.
                if hit.type == "visit" and _VISITED_CITY.search(text, max(0, m.start - 8), m.start):
                    hosts.append(m.iso3)
                    if m.iso3 not in actors:
                        actors.append(m.iso3)
                continue
            before = text[max(0, m.start - 25) : m.start]
            after = text[m.end : m.end + 20].lstrip("’'s ")
            next_word = _WORD.match(after)
            if next_word and next_word.group().lower() in lex.passing_heads:
                continue
            if _PASSING_PREPOSITIONS.search(before) or (
                relative and _RELATIVE_CLAUSE.search(text, 0, m.start)
            ):
                continue
            if m.start > hit.end and before.endswith("that ") and _COMMENTS.match(text, m.end):
                continue  # "… a visit that Washington says it is watching": an onlooker
            if m.kind in {"capital"} and _LOCATION_PREPOSITIONS.search(before):
                continue
            if _names_agreement_place(m, next_word) or _FORMER_TITLE.search(before):
                continue
            if (
                m.kind in {"capital", "alias"}
                and next_word
                and next_word.group().lower() in _GATHERINGS
            ):
                continue  # "expectations for the Washington summit": a venue, not a party
            if (
                before.endswith(_VENUE_ENDS)
                and _VENUE.search(text, max(0, m.start - 50), m.start)
                and not (hit.type == "visit" and hit.end <= m.start < hit.end + 30)
            ):
                continue  # "at the G20 summit in New Delhi": where leaders met, not whose
            if (
                m.kind in {"short", "name", "official"}
                and _HOST_PREPOSITIONS.search(before)
                and hit.type not in {"visit"}
                and m.start > hit.end
            ):
                continue
            if m.iso3 not in actors:
                actors.append(m.iso3)
        people = [p.country for p in persons if p.country]
        if len(set(people)) >= 2:
            # Two sides named by their officials: other countries in the sentence are topics,
            # save the country of the city they visited.
            return list(dict.fromkeys(people + hosts))
        for country in people:
            if country not in actors:
                actors.append(country)
        return actors

    def _location(self, fact: _SentenceFacts) -> str | None:
        """The city the sentence places its event in ("in Riyadh", "at the White House"),
        never one named in a future clause ("the summit Japan will host in Hiroshima")."""
        text = fact.sentence.text
        future = _FUTURE_CLAUSE.search(text)
        limit = future.start() if future else len(text)
        places = []
        for m in fact.mentions:
            if (
                m.kind in {"city", "capital"}
                and m.start < limit
                and _LOCATION_PREPOSITIONS.search(text[max(0, m.start - 12) : m.start])
            ):
                places.append((m.start, m.text.title() if m.text.isupper() else m.text))
                break
        seat = _seat_pattern().search(text, 0, limit)
        if seat and _LOCATION_PREPOSITIONS.search(text[max(0, seat.start() - 12) : seat.start()]):
            places.append((seat.start(), lexicons().seats[seat.group()][0]))
        return min(places)[1] if places else None

    def _attach_leaders(self, fact: _SentenceFacts) -> None:
        """ "X led the Pakistani delegation": X took part in the event just told."""
        if self.last is None or not fact.persons or not _LED.search(fact.sentence.text):
            return
        for person in fact.persons:
            if person not in self.last.persons:
                self.last.persons.append(person)
                self.last.record.officials.append(person.name)

    # -- agreements ---------------------------------------------------------------------------

    def _anaphoric_agreement(self, text: str) -> _Agreement | None:
        for agreement in reversed(self.agreements):
            for alias in agreement.aliases:
                if alias and re.search(rf"\b{re.escape(alias)}\b", text):
                    return agreement
        return None

    def _note_agreements(
        self,
        fact: _SentenceFacts,
        found: list[agreements_stage.AgreementMention],
        signing: TriggerHit | None,
        event_date: PartialDate | None,
    ) -> _Agreement | None:
        text = fact.sentence.text
        status = agreements_stage.sentence_status(text)
        if status is None and signing is None and self._lists_last_signing(fact):
            # "They are: an MoU on …; an MoU between …": the items of the signing just told.
            status, event_date = "signed", self.last.record.date
        if signing is not None:
            modality = status_of(text, signing)
            if modality == "denied":
                return None
            if modality == "planned":
                status = "proposed"
        linked: _Agreement | None = None
        for n, mention in enumerate(found):
            holder = self._agreement_for(mention)
            if holder is None:
                if mention.anaphor:
                    continue
                holder = self._new_agreement(fact, mention)
            if status:
                # "signed the LEMOA in 2016 and the COMCASA in 2018": each its own clause's date.
                until = found[n + 1].start if n + 1 < len(found) else len(text)
                own = self._clause_date(fact, max(mention.end, mention.read_to), until)
                self._set_status(
                    holder, status, fact, own if status == "signed" and own else event_date
                )
            linked = linked or holder
        if not found and signing is not None:
            linked = self._anaphoric_agreement(text)
            if linked and status:
                self._set_status(linked, status, fact, event_date)
        return linked

    def _lists_last_signing(self, fact: _SentenceFacts) -> bool:
        last = self.last
        return (
            last is not None
            and last.record.type == "agreement_signed"
            and last.record.status == "occurred"
            and bool(_LIST_OPENING.match(fact.sentence.text))
        )

    def _clause_date(self, fact: _SentenceFacts, start: int, end: int) -> PartialDate | None:
        """A date right after an agreement's name, before the next one ("… in 2016")."""
        for mention in self._dates(fact):
            if (
                start <= mention.start < min(end, start + 30)
                and mention.value is not None
                and not mention.background
                and not _CLAUSE_BOUNDARY.search(fact.sentence.text, start, mention.start)
            ):
                return mention.value
        return None

    def _agreement_for(self, mention: agreements_stage.AgreementMention) -> _Agreement | None:
        key = _agreement_key(mention.name)
        for holder in reversed(self.agreements):
            if key in holder.aliases:
                return holder
            if mention.anaphor and (
                holder.record.kind == mention.kind or mention.name.lower() in holder.aliases
            ):
                return holder
        return None

    def _new_agreement(
        self, fact: _SentenceFacts, mention: agreements_stage.AgreementMention
    ) -> _Agreement:
        in_name = []
        for m in fact.mentions:
            if mention.start <= m.start < mention.end and m.iso3 not in in_name:
                in_name.append(m.iso3)
        parties = in_name if len(in_name) >= 2 else []
        record = Agreement(
            name=mention.name,
            kind=mention.kind,
            parties=parties,
            status="other",
            topic=topic_of(mention.name) or topic_of(fact.sentence.text) or self.article_topic,
            evidence=Evidence(
                fact.sentence.text, fact.sentence.field, fact.sentence.start, fact.sentence.end
            ),
        )
        aliases = {_agreement_key(mention.name)}
        for alias in mention.aliases:
            aliases.add(_agreement_key(alias))
            # "Japan-Philippines RAA" is also just "RAA" later on.
            bare = re.sub(r"^(?:[A-Z][\w]+-)+[A-Z][\w]+\s+", "", alias)
            if bare != alias:
                aliases.add(_agreement_key(bare))
                aliases.add(bare)
            aliases.add(alias)
        holder = _Agreement(record, aliases)
        self.agreements.append(holder)
        return holder

    def _set_status(
        self, holder: _Agreement, status: str, fact: _SentenceFacts, event_date: PartialDate | None
    ) -> None:
        record = holder.record
        order = ["other", "proposed", "signed", "renewed", "ratified"]
        if order.index(status) > order.index(record.status):
            record.status = status
        if status == "signed" and record.date is None:
            record.date = event_date or self._cue_date(fact, "signed")
        elif status == "renewed" and (record.date is None or "renewed" not in holder.status_seen):
            # Dated by its own clause ("extended … on Wednesday"), never by the year of the
            # original signing the same sentence recalls ("they signed in 2001").
            record.date = self._cue_date(fact, "renewed") or (
                self.last.record.date if self.last and not self._dates(fact) else record.date
            )
        holder.status_seen.add(status)
        if not record.parties:
            text = fact.sentence.text
            actors = [
                m.iso3
                for m in fact.mentions
                if m.kind != "city"
                and not _names_agreement_place(m, _WORD.match(text[m.end : m.end + 20].lstrip()))
                and not _PASSING_PREPOSITIONS.search(text[max(0, m.start - 25) : m.start])
                and not (
                    m.kind in {"capital", "metonym"}
                    and _LOCATION_PREPOSITIONS.search(text[max(0, m.start - 12) : m.start])
                )
            ]
            sides = list(dict.fromkeys(p.country for p in fact.persons if p.country))
            # Two sides named by their officials: other countries are what the text is about
            # ("… in a conflict with X").
            actors = sides if len(sides) >= 2 else actors + sides
            parties: list[str] = []
            for c in actors:
                if c not in parties:
                    parties.append(c)
            if len(parties) < 2 and self.last is not None:
                context = self._context_countries(text, "agreement_signed")
                parties += [c for c in context if c not in parties]
            if len(parties) < 2:
                parties += [c for c in self.main_countries if c not in parties]
            record.parties = parties if len(parties) >= 2 else []

    def _same_kind_with_others(
        self, fact: _SentenceFacts, hit: TriggerHit, agreement: _Agreement
    ) -> None:
        """ "… with which Japan signed the RAA, following Australia and the United Kingdom":
        the same kind of agreement, signed earlier by one party with other countries."""
        text = fact.sentence.text
        parties = agreement.record.parties
        signer = next(
            (
                m
                for m in reversed(fact.mentions)
                if m.iso3 in parties
                and m.end <= hit.start
                and m.kind in {"short", "name", "official"}
            ),
            None,
        )
        if signer is None:
            return
        generic = _generic_agreement_name(agreement)
        if not generic:
            return
        for m in fact.mentions:
            if (
                m.start < hit.end
                or m.iso3 in parties
                or m.kind not in {"short", "name", "official"}
            ):
                continue
            if not _PARTNER_CUE.search(text, hit.end, m.start):
                continue
            name = f"{signer.text}-{m.text} {generic}"
            if any(_agreement_key(name) in a.aliases for a in self.agreements):
                continue
            record = Agreement(
                name=name,
                kind=agreement.record.kind,
                parties=[signer.iso3, m.iso3],
                status="signed",
                topic=agreement.record.topic,
                evidence=Evidence(
                    text, fact.sentence.field, fact.sentence.start, fact.sentence.end
                ),
            )
            self.agreements.append(_Agreement(record, {_agreement_key(name)}))

    def _cue_date(self, fact: _SentenceFacts, status: str) -> PartialDate | None:
        """The date nearest the words that give an agreement this status ("signed",
        "extended"), unless another status's words stand nearer to it."""
        text = fact.sentence.text
        cues: dict[str, list[TriggerHit]] = {}
        for name, regex in agreements_stage.STATUS_PATTERNS:
            for match in regex.finditer(text):
                hit = TriggerHit(name, None, True, match.start(), match.end(), match.group())
                cues.setdefault(name, []).append(hit)
        rivals = [h for name, hits in cues.items() if name != status for h in hits]
        for hit in cues.get(status, []):
            mention = self._nearest_date(fact, hit, rivals=rivals)
            if mention is not None and mention.value is not None:
                return mention.value
        return None


_LIST_OPENING = re.compile(
    r"^(?:they|these|those|the (?:\w+ )?(?:agreements|mous|memoranda|documents|deals|accords|"
    r"instruments)) (?:are|were|include|included|covered?|concern(?:ed)?)\b|^among them\b",
    re.I,
)
_CLAUSE_BOUNDARY = re.compile(r"[,;(]|\b(?:which|who|whom|whose|where|when)\b")


_CAPITALISED_WORD = re.compile(r"\b[A-Z][\w&-]*")


def _named_at(text: str, name: str) -> int:
    """Where a sentence first names a person by any word of their name (its length if never)."""
    found = [
        m.start()
        for word in name.split()
        if len(word) > 1
        for m in [re.search(r"\b" + re.escape(word) + r"\b", text)]
        if m
    ]
    return min(found, default=len(text))


def _company_signers(text: str, hit: TriggerHit) -> bool:
    """Whether the subject of a signing (its clause before the verb) is companies, not a state
    or an official: "Earlier, Acme Airways and Boeing signed …"."""
    start = max(text.rfind(mark, 0, hit.start) for mark in ",;:") + 1
    subject = text[start : hit.start]
    words = lexicons().company_words
    return any(w in words for w in _CAPITALISED_WORD.findall(subject)) and not has_title_cue(
        subject
    )


def _coordinated(text: str, earlier: TriggerHit, later: TriggerHit) -> re.Match[str] | None:
    """The "and …" that opens the clause of `later` when it has a subject of its own
    ("… condolences and Egypt sent …"), not a verb sharing the subject of `earlier` ("met X
    and held talks") nor a second subject of a clause that opened in between ("…, where A
    and B hosted C")."""
    match = _AND_SUBJECT.search(text, earlier.end, later.start)
    if match is None or _SUBORDINATE.search(text, earlier.end, match.start()):
        return None
    subject = match.group("subject").split()
    if not 0 < len(subject) <= 8 or not (
        subject[0].lower() in {"he", "she", "they"}
        or any(w[:1].isupper() for w in subject)
        or _PAIR_SUBJECT.match(match.group("subject"))
    ):
        return None
    return match


# "… and the two foreign ministers signed …", "… and both leaders witnessed …": the pair of
# the story as a subject of its own.
_PAIR_SUBJECT = re.compile(r"(?:the two|both) (?:[a-z-]+ ){0,2}[a-z]+s\b")


def _non_state_subject(text: str, hit: TriggerHit) -> bool:
    """Whether the clause before a trigger has police, a sports side or armed men as its
    subject and no official."""
    if _MISSION.search(hit.text):
        return False  # "police stormed the embassy": a state's agents against another's mission
    start = max(text.rfind(mark, 0, hit.start) for mark in ",;:") + 1
    subject = text[start : hit.start]
    return bool(_NON_STATE.search(subject)) and not has_title_cue(subject)


_CALLS_SOMEONE = frozenset({"called", "spoke to", "spoke with"})


def _calls_an_official(fact: _SentenceFacts, hit: TriggerHit) -> bool:
    """Whether the name after "called" or "spoke to" is an official's ("Scholz called
    Putin", "Scholz last spoke with Putin in May")."""
    after = _NAME_AFTER.match(fact.sentence.text, hit.end)
    if after is None:
        return False
    # "spoke with Sri Lankan President Ranil Wickremesinghe": the title may come first.
    words = set(after.group(1).split())
    return any(word in words for person in fact.persons for word in person.name.split())


def _recalled_before(last: PartialDate | None, lead: PartialDate | None) -> bool:
    """Whether the event just told is a coarsely dated past one, well before the lead's day."""
    return (
        last is not None
        and lead is not None
        and lead.precision == "day"
        and last.precision != "day"
        and last.value < lead.value - timedelta(days=62)
    )


def _names_agreement_place(m: countries_stage.CountryMention, next_word) -> bool:
    """ "the Algiers agreement", "the Minsk accords": the city where a text was signed names it;
    the city's country is not a party."""
    return (
        m.kind in {"capital", "city"}
        and next_word is not None
        and next_word.group().lower() in lexicons().agreement_heads
    )


def _apart(text: str, mention: DateMention, hit: TriggerHit) -> bool:
    """Whether a clause boundary stands between a trigger and a date."""
    lo, hi = (hit.end, mention.start) if mention.start >= hit.end else (mention.end, hit.start)
    if mention.end <= hit.start and _WHEN_CLAUSE.fullmatch(text, lo, hi):
        return False  # "in June 2015, when the two countries renewed …": the clause of that date
    return bool(_CLAUSE_BOUNDARY.search(text, lo, hi)) if hi > lo else False


# "Then Defence Secretary X signed …", "who was minister at the time": the sentence stays in the
# past the story just recalled.
_PAST_CONTEXT = re.compile(
    r"\b[Tt]hen[- ]+(?=[A-Z])|\b(?:at (?:the|that) time|the then)\b|\bthen[- ](?:[a-z]+ ){0,3}?"
    r"(?:minister|president|prime|premier|secretary|foreign|defen[cs]e|chief|ambassador|leader)"
)
_OCCASION = re.compile(
    r"\b(?:during|on the sidelines of|in the course of|on the occasion of)\s+"
    r"(?:[\w.'’-]+\s+){0,3}$",
    re.I,
)
_JOINED_REMOTELY = re.compile(r"\b(?:by|via|through|over)\s+(?:an?\s+|the\s+)?$", re.I)
_CEREMONY = re.compile(
    r"\b(?:ceremony|inaugurat\w+|unveil\w*|ground-?breaking|foundation stone|commissioning)\b", re.I
)
_WHEN_JOINED = re.compile(r",\s*when\b")
# "after <subject>" right before a trigger: the clause tells an act that came first.
_AFTER_SUBJECT = re.compile(r"\b[Aa]fter (?!\w+ing\b)(?:[\w'’-]+ ){1,5}$")
_ACTS = {"other", "sanction", "protest", "threat", "military_exercise", "aid"}
_WHEN_CLAUSE = re.compile(r"\s*,?\s*when\b[^,;()]*")


_ASIDE = re.compile(r", (?:who|which|whose|where)\b[^,;()]*,")


def _aside(text: str, mention: DateMention, hit: TriggerHit) -> bool:
    """Whether the date sits in a relative clause between commas that does not hold the
    trigger: the clause tells something else about the person or thing it follows."""
    if ", " not in text:
        return False
    for clause in _ASIDE.finditer(text):
        if clause.start() <= mention.start and mention.end <= clause.end():
            return not (clause.start() <= hit.start < clause.end())
    return False


def _distance(mention: DateMention, hit: TriggerHit) -> int:
    """Characters between a date and a trigger; a date after the verb reads more naturally."""
    if mention.start >= hit.end:
        return mention.start - hit.end
    if mention.end <= hit.start:
        return (hit.start - mention.end) + 5
    return 0


_PARTNER_CUE = re.compile(r"\b(?:following|with|after|like|as with|besides)\b", re.I)


def _generic_agreement_name(agreement: _Agreement) -> str | None:
    """ "Japan-Philippines Reciprocal Access Agreement" -> "Reciprocal Access Agreement"."""
    for name in [agreement.record.name, *sorted(agreement.aliases)]:
        match = re.match(
            r"^(?:[A-Z][\w]+-)+[A-Z][\w]+\s+(.*\b(?:Agreement|Treaty|Accord|Pact))$", name
        )
        if match:
            return match.group(1)
    return None


def _agreement_key(name: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", name.lower()).split())


def _officials(registry: OfficialRegistry, story: _Story, briefers: set[int]) -> list[Official]:
    """Officials who take part in an event, or belong to a participating country; never a
    spokesperson (they report, they do not act) nor someone met only in a denial or, when
    something did happen, only in what is planned ("is to call on President X today")."""
    happened = any(e.record.status == "occurred" for e in story.events)
    statuses = {"occurred"} if happened else {"occurred", "planned"}  # a preview: its people
    in_events = {id(p) for e in story.events if e.record.status in statuses for p in e.persons}
    left_out = {
        id(p) for e in story.events if e.record.status not in statuses for p in e.persons
    } - in_events
    if happened:
        # Named only in what is to come ("is due to host the summit, to which X has been
        # invited"), in sentences no event was read from: the same as planned.
        unseen = {id(p) for p in registry.people} - in_events - left_out
        if unseen:
            told = named_outside_plans(
                registry,
                {f.sentence.index: (f.sentence.text, f.persons) for f in story.facts if f.persons},
                lexicons().planned_regex,
                unseen,
            )
            left_out |= unseen - told
    participating = {
        c for e in story.events if e.record.status != "denied" for c in e.record.countries
    }
    officials = []
    for person in registry.people:
        if (
            is_spokesperson(person.title)
            or is_opposition(person.title)
            or (
                (id(person) in briefers or person.untitled or is_domestic_voice(person.title))
                and id(person) not in in_events
            )
        ):
            continue
        if id(person) not in in_events and (
            person.country not in participating or id(person) in left_out
        ):
            continue
        aliases = sorted(a for a in person.aliases if a != person.name)
        officials.append(
            Official(name=person.name, country=person.country, title=person.title, aliases=aliases)
        )
    return officials


def _urdu_aliases(article: Article, countries: list[str]) -> list[CountryAlias]:
    """Urdu names of the story's countries, as the Urdu half of the article spells them."""
    if not article.text_ur:
        return []
    seen: dict[tuple[str, str], CountryAlias] = {}
    for m in countries_stage.find_countries(article.text_ur, "ur"):
        if m.iso3 in countries:
            seen.setdefault((m.iso3, m.text), CountryAlias(m.iso3, m.text, "ur"))
    return list(seen.values())
