"""A seeded generator of news-like articles about relations between states, for benchmarks.

The same (seed, index) always gives the same article, whatever the corpus size, so a 1,000-article
corpus is the first thousandth of the 1,000,000-article one and figures can be reproduced. The
articles are varied enough to make the extractor work for real: many country pairs (popular
countries more often, as in the news), officials with titles whose holders change every few
years, every event trigger the extractor reads, dates in all their forms, agreements, recalled
past events, planned and denied ones, noise paragraphs, and a share of bilingual English/Urdu
items. All sentences are written for this generator.

    python bench/corpus.py --size 1000 --format jsonl --out corpus.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kb.article import Article
from kb.countries import load_aliases, load_countries

GENERATOR_VERSION = "1"
BILINGUAL_SHARE = 0.15

# Countries that dominate the news come first; the rest follow in ISO order with falling weight.
_PROMINENT = (
    "PAK CHN USA IND JPN GBR RUS SAU TUR IRN AFG DEU FRA ARE QAT KOR IDN BGD LKA EGY "
    "AUS CAN ITA MYS UZB KAZ AZE UKR BRA ZAF NGA ESP THA VNM NPL"
).split()

MONTHS = (
    "January February March April May June July August September October November December"
).split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()

_SYLLABLES = (
    "ka ro mi ta an sel vo ri dan el mar to lu ha sa ne ya bo ki zu fa re li om na "
    "shi ar te go mo ul ja ve di nor as pe kha bu zi ho ra in"
).split()


@dataclass(frozen=True)
class CountryNames:
    """The English and Urdu names the generator writes for one country."""

    iso3: str
    name: str
    demonym: str | None
    capital: str | None
    name_ur: str | None


@dataclass(frozen=True)
class Role:
    key: str
    title: str
    topic: str
    military: str = ""  # rank written before the name ("General"), empty for civilians


ROLES = (
    Role("fm", "Foreign Minister", "diplomacy"),
    Role("pm", "Prime Minister", "diplomacy"),
    Role("president", "President", "diplomacy"),
    Role("defmin", "Defence Minister", "defence"),
    Role("army", "Chief of Army Staff", "defence", "General"),
    Role("navy", "Chief of Naval Staff", "defence", "Admiral"),
    Role("trade", "Commerce Minister", "trade"),
    Role("energy", "Energy Minister", "energy"),
    Role("health", "Health Minister", "health"),
    Role("nsa", "National Security Adviser", "security"),
)

TOPIC_PHRASES = {
    "defence": ("defence cooperation", "military-to-military relations", "defence production"),
    "security": ("counter-terrorism cooperation", "border security", "regional security"),
    "economy": ("economic cooperation", "investment", "the economic corridor"),
    "trade": ("bilateral trade", "market access", "a free trade arrangement"),
    "energy": ("energy cooperation", "gas pipeline projects", "renewable power"),
    "health": ("public health", "vaccine supply", "hospital partnerships"),
    "education": ("student exchanges", "scholarships", "university partnerships"),
    "culture": ("cultural exchanges", "tourism", "heritage preservation"),
    "diplomacy": ("bilateral relations", "regional issues", "matters of mutual interest"),
}
AGREEMENT_SUBJECTS = {
    "defence": ("Defence Cooperation and Exchange", "Military Training", "Defence Industry"),
    "security": ("Counter-Terrorism Cooperation", "Maritime Security", "Border Management"),
    "economy": ("Economic and Technical Cooperation", "Investment Promotion", "Infrastructure"),
    "trade": ("Trade and Investment", "Customs Cooperation", "Preferential Trade"),
    "energy": ("Energy Cooperation", "Renewable Energy", "Liquefied Natural Gas Supply"),
    "health": ("Health Cooperation", "Medical Research", "Pharmaceutical Standards"),
    "education": ("Higher Education", "Scientific Research", "Vocational Training"),
    "culture": ("Cultural Exchange", "Tourism Promotion", "Youth Affairs"),
    "diplomacy": ("Political Consultations", "Visa Exemption", "Consular Affairs"),
}
TOPICS = tuple(TOPIC_PHRASES)
AGREEMENT_FORMS = (
    ("mou", "a Memorandum of Understanding on {s}"),
    ("agreement", "an Agreement on {s}"),
    ("protocol", "a Protocol on {s}"),
    ("agreement", "a Framework Agreement on {s}"),
    ("accord", "an Accord on {s}"),
)
OUTLETS = (
    "The Daily Ledger",
    "Capital Wire",
    "Frontier Post Review",
    "Asia Desk",
    "The Morning Courier",
    "Global Affairs Daily",
)
EXERCISE_WORDS = ("Sea", "Desert", "Eagle", "Falcon", "Shield", "Friendship", "Thunder", "Peace")
EXERCISE_NOUNS = ("Guardian", "Spirit", "Strike", "Bridge", "Star", "Sword", "Wave")
PORTS = ("Karachi", "Yokohama", "Colombo", "Jeddah", "Chittagong", "Mumbai", "Busan", "Gwadar")

NOISE_SENTENCES = (
    "The stock exchange closed {n} points higher as banking shares gained for a third day.",
    "Heavy rain is expected in the northern districts over the weekend, the weather office said.",
    "The national cricket team will play a three-match series at home starting {month}.",
    "Fuel prices were left unchanged for the next fortnight after a review by the regulator.",
    "A book fair opened in the city centre with more than {n} stalls from publishers.",
    "Traffic was diverted on the main avenue for several hours because of road repairs.",
    "The provincial assembly passed a bill on local government elections after a long debate.",
    "Officials said the new metro line would carry about {n} thousand passengers a day.",
    "Wheat procurement targets were raised by {p} percent for the coming season.",
    "The central bank kept its policy rate at {p} percent, citing easing inflation.",
    "Schools will remain closed on Friday for the annual sports festival.",
    "A heatwave pushed temperatures above {p} degrees Celsius in the southern plains.",
    "The film festival screened {n} films from young directors this year.",
    "Power outages of up to {p} hours were reported in several towns on Sunday.",
    "The municipal corporation launched a campaign to plant {n} thousand trees.",
    "Analysts expect exports of textiles to recover in the second half of the year.",
)
DETAIL_SENTENCES = (
    "According to a statement issued after the meeting, {topic} and {topic2} were discussed.",
    "Both sides reviewed the state of {topic} and exchanged views on {topic2}.",
    "The two sides expressed satisfaction with the progress on {topic}.",
    "Officials familiar with the talks said the discussions were cordial and wide-ranging.",
    "The delegation included senior officials from the ministries concerned.",
)

URDU_TITLES = (
    "{a} اور {b} کے درمیان تعاون بڑھانے پر اتفاق",
    "{a} کے وزیر کا {b} کا دورہ",
    "{a} اور {b} کے تعلقات میں نئی پیش رفت",
)
URDU_SENTENCES = (
    "{a} اور {b} کے درمیان دفاعی تعاون پر تفصیلی بات چیت ہوئی۔",
    "{a} کے وزیر خارجہ نے {b} کا سرکاری دورہ کیا۔",
    "دونوں ممالک نے باہمی تعاون کو مزید فروغ دینے پر اتفاق کیا۔",
    "{a} نے {b} کے ساتھ مفاہمت کی یادداشت پر دستخط کیے۔",
    "ملاقات میں علاقائی سلامتی کی صورتحال پر تبادلہ خیال کیا گیا۔",
    "{b} کے سفیر نے {a} کے کردار کی تعریف کی۔",
    "دونوں رہنماؤں نے تجارت اور سرمایہ کاری بڑھانے کی ضرورت پر زور دیا۔",
)


@cache
def country_names() -> tuple[CountryNames, ...]:
    """Every country the generator can write about, with the names news copy uses."""
    by_country: dict[str, dict[str, list[str]]] = {}
    for alias in load_aliases():
        kinds = by_country.setdefault(alias.iso3, {})
        kinds.setdefault(f"{alias.lang}:{alias.kind}", []).append(alias.alias)
    result = []
    for country in load_countries():
        kinds = by_country.get(country.iso3, {})
        name = country.name
        if "," in name or "(" in name:
            candidates = [
                a
                for a in kinds.get("en:short", []) + kinds.get("en:official", [])
                if a.isascii() and "," not in a and "(" not in a
            ]
            if not candidates:
                continue
            name = min(candidates, key=len)
        demonyms = kinds.get("en:demonym")
        capitals = kinds.get("en:capital")
        urdu = kinds.get("ur:name") or kinds.get("ur:short")
        result.append(
            CountryNames(
                iso3=country.iso3,
                name=name,
                demonym=demonyms[0] if demonyms else None,
                capital=capitals[0] if capitals else None,
                name_ur=urdu[0] if urdu else None,
            )
        )
    return tuple(_news_order(result))


def _news_order(countries: list[CountryNames]) -> list[CountryNames]:
    rank = {iso3: i for i, iso3 in enumerate(_PROMINENT)}
    return sorted(countries, key=lambda c: (rank.get(c.iso3, len(rank)), c.iso3))


@cache
def country_weights() -> tuple[float, ...]:
    """Cumulative Zipf-like weights: the 1st country is in the news ~50x more than the 100th."""
    total = 0.0
    cumulative = []
    for rank in range(len(country_names())):
        total += 1.0 / (rank + 2) ** 1.1
        cumulative.append(total)
    return tuple(cumulative)


def pick_countries(rng: random.Random, k: int) -> list[CountryNames]:
    """k distinct countries, drawn by news weight."""
    names = country_names()
    weights = country_weights()
    chosen: list[CountryNames] = []
    while len(chosen) < k:
        country = rng.choices(names, cum_weights=weights)[0]
        if country not in chosen:
            chosen.append(country)
    return chosen


@cache
def official_name(iso3: str, role: str, term: int) -> str:
    """The holder of `role` in `iso3` during a four-year `term`: stable across articles."""
    rng = random.Random(f"{iso3}|{role}|{term}")

    def word(syllables: int) -> str:
        return "".join(rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()

    parts = [word(rng.choice((2, 3)))]
    if rng.random() < 0.35:
        parts.append(word(2))
    parts.append(word(rng.choice((2, 3))))
    return " ".join(parts)


def person(country: CountryNames, role: Role, on: date, rng: random.Random) -> tuple[str, str]:
    """(full mention with title, surname) for the holder of a post on a date."""
    name = official_name(country.iso3, role.key, on.year // 4)
    titled = f"{role.military} {name}" if role.military else name
    style = rng.random()
    if country.demonym and style < 0.5:
        mention = f"{country.demonym} {role.title} {titled}"
    elif style < 0.8:
        mention = f"{_possessive(country.name)} {role.title} {titled}"
    else:
        mention = f"{titled}, {_possessive(country.name)} {role.title.lower()}"
    return mention, name.split()[-1]


# --- dates -------------------------------------------------------------------------------------


def date_phrase(rng: random.Random, published: date) -> tuple[str, date]:
    """A date expression for an event shortly before `published`, and the day it means."""
    back = rng.randint(1, 6)
    day = published - timedelta(days=back)
    form = rng.random()
    if form < 0.25:
        return f"on {WEEKDAYS[day.weekday()]}", day
    if form < 0.40:
        return f"on {WEEKDAYS[day.weekday()]}, {MONTHS[day.month - 1]} {day.day}, {day.year}", day
    if form < 0.55:
        return f"on {MONTHS[day.month - 1]} {day.day}, {day.year}", day
    if form < 0.65:
        return f"on {day.day} {MONTHS[day.month - 1]} {day.year}", day
    if form < 0.75:
        return "yesterday", published - timedelta(days=1)
    if form < 0.85:
        return "last week", published - timedelta(days=7)
    return "", day  # undated in the sentence: the story's date is implied


def past_date_phrase(rng: random.Random, published: date) -> tuple[str, date]:
    """A recalled earlier date: "In August 2020", "in 2019", "last month"."""
    day = published - timedelta(days=rng.randint(40, 2500))
    form = rng.random()
    if form < 0.45:
        return f"in {MONTHS[day.month - 1]} {day.year}", day
    if form < 0.85:
        return f"in {day.year}", day
    if form < 0.95:
        return "last month", published - timedelta(days=30)
    return "earlier this year", published


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _cap(sentence: str) -> str:
    return sentence[0].upper() + sentence[1:]


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


# --- sentences ---------------------------------------------------------------------------------


def event_sentence(
    rng: random.Random,
    a: CountryNames,
    b: CountryNames,
    on: date,
    when: str,
    topic: str,
) -> str:
    """One sentence stating an event between a and b, with one of the extractor's triggers."""
    role = rng.choice(ROLES)
    counterpart_role = role if rng.random() < 0.6 else rng.choice(ROLES)
    pa, _ = person(a, role, on, rng)
    pb, _ = person(b, counterpart_role, on, rng)
    phrase = rng.choice(TOPIC_PHRASES[topic])
    where = b.capital or b.name
    kind = rng.randrange(14)
    if kind == 0:
        return _cap(_join(pa, "met", pb, f"in {where}", when, f"to discuss {phrase}.")).replace(
            " .", "."
        )
    if kind == 1:
        return _join(f"{a.name} and {b.name} held talks on {phrase} in {where}", when) + "."
    if kind == 2:
        return _join(_cap(pa), "telephoned", pb, when, f"and discussed {phrase}.")
    if kind == 3:
        lead = _cap(when) + ", " if when else ""
        return f"{lead}{pa} and {pb} discussed {phrase} in a video conference."
    if kind == 4:
        return _join(_cap(pa), f"visited {where}", when, f"for talks on {phrase}.")
    if kind == 5:
        form = rng.choice(AGREEMENT_FORMS)[1].format(s=rng.choice(AGREEMENT_SUBJECTS[topic]))
        return _join(f"{a.name} and {b.name} signed {form}", when, f"in {where}.")
    if kind == 6:
        name = f"{rng.choice(EXERCISE_WORDS)} {rng.choice(EXERCISE_NOUNS)}-{on.year}"
        return (
            _join(
                f"The navies of {a.name} and {b.name} held a joint exercise, {name},", when
            ).rstrip(",")
            + f" off the coast of {b.name}."
        )
    if kind == 7:
        ship = f"{rng.choice(('PNS', 'HMS', 'INS', 'JS', 'TCG'))} {rng.choice(EXERCISE_NOUNS)}"
        nation = a.demonym or a.name
        port = rng.choice(PORTS)
        return _join(f"The {nation} navy ship {ship} made a port call at {port}", when) + "."

    if kind == 8:
        return _join(_cap(pa), "praised", f"{_possessive(b.name)} role in {phrase}", when) + "."
    if kind == 9:
        return _join(f"{a.name} condemned", f"the remarks made by {pb}", when) + "."
    if kind == 10:
        amount = rng.choice((5, 10, 25, 50, 100, 250))
        return _join(
            f"{a.name} announced {amount} million dollars in aid to {b.name}",
            when,
            f"for {rng.choice(TOPIC_PHRASES['health'])}.",
        )
    if kind == 11:
        return f"Both sides agreed to enhance {phrase} between {a.name} and {b.name}."
    if kind == 12:
        return _join(_cap(pa), "called on", pb, f"in {where}", when) + "."
    return _join(_cap(pa), "and", pb, "held a meeting", when, f"on {phrase}.")


def future_sentence(rng: random.Random, a: CountryNames, b: CountryNames, on: date) -> str:
    """A planned or denied event: text the extractor must not record as having happened."""
    pa, surname = person(a, rng.choice(ROLES), on, rng)
    where = b.capital or b.name
    return rng.choice(
        (
            f"{_cap(pa)} will visit {where} next month to review {_possessive(b.name)} proposals.",
            f"{_cap(pa)} is expected to travel to {where} later this year.",
            f"{a.name} rejected reports that it had signed a new agreement with {b.name}.",
            f"{surname} is scheduled to hold talks with officials in {where} in the coming weeks.",
        )
    )


def noise_paragraph(rng: random.Random) -> str:
    sentences = rng.sample(NOISE_SENTENCES, rng.randint(2, 4))
    return " ".join(
        s.format(n=rng.randint(12, 950), p=rng.randint(2, 45), month=MONTHS[rng.randrange(12)])
        for s in sentences
    )


def urdu_part(rng: random.Random, a: CountryNames, b: CountryNames) -> tuple[str, str]:
    """(Urdu title, Urdu paragraphs) for a bilingual item."""
    ua, ub = a.name_ur or a.name, b.name_ur or b.name
    title = rng.choice(URDU_TITLES).format(a=ua, b=ub)
    paragraphs = [
        " ".join(s.format(a=ua, b=ub) for s in rng.sample(URDU_SENTENCES, rng.randint(2, 3)))
        for _ in range(rng.randint(2, 3))
    ]
    return title, "\n\n".join(paragraphs)


# --- articles ----------------------------------------------------------------------------------


def article(index: int, seed: int = 0) -> Article:
    """Article number `index` of the corpus `seed`: the same every time."""
    rng = random.Random(seed * 1_000_003 + index)
    countries = pick_countries(rng, 3)
    a, b, third = countries
    if rng.random() < 0.5:
        a, b = b, a
    published = date(2012, 1, 1) + timedelta(days=rng.randrange(365 * 12))
    topic = rng.choice(TOPICS)
    when, on = date_phrase(rng, published)

    lead = event_sentence(rng, a, b, on, when, topic)
    if rng.random() < 0.3 and b.capital:
        lead = f"{b.capital.upper()}: {lead}"
    paragraphs = [lead]
    details = rng.sample(DETAIL_SENTENCES, 2)
    phrases = TOPIC_PHRASES[topic]
    paragraphs.append(
        " ".join(
            s.format(topic=rng.choice(phrases), topic2=rng.choice(TOPIC_PHRASES["diplomacy"]))
            for s in details
        )
        + " "
        + event_sentence(rng, b, a, on, "", topic)
    )
    for _ in range(rng.randint(1, 3)):
        past_when, past_on = past_date_phrase(rng, published)
        past_topic = topic if rng.random() < 0.7 else rng.choice(TOPICS)
        paragraphs.append(event_sentence(rng, a, b, past_on, past_when, past_topic))
    if rng.random() < 0.4:
        paragraphs.append(event_sentence(rng, third, rng.choice((a, b)), on, when, topic))
    if rng.random() < 0.5:
        paragraphs.append(future_sentence(rng, a, b, published))
    for _ in range(rng.randint(1, 3)):
        paragraphs.insert(rng.randint(2, len(paragraphs)), noise_paragraph(rng))
    outlet = OUTLETS[rng.randrange(len(OUTLETS))]
    paragraphs.append(f"Reporting by {outlet} staff, file {seed}-{index}.")

    title_verb = rng.choice(("hold talks on", "agree to boost", "review", "discuss"))
    title = f"{a.name}, {b.name} {title_verb} {rng.choice(phrases)}"
    title_ur, text_ur = "", ""
    if rng.random() < BILINGUAL_SHARE:
        title_ur, text_ur = urdu_part(rng, a, b)
    return Article(
        title=title,
        text_en="\n\n".join(paragraphs),
        text_ur=text_ur,
        title_ur=title_ur,
        published=published,
        url=f"https://news.example/bench/{seed}/{index}",
        outlet=outlet,
        language="en+ur" if text_ur else "en",
        source_ref=f"bench:{seed}:{index}",
    )


def articles(count: int, seed: int = 0, start: int = 0) -> Iterator[Article]:
    """`count` articles of corpus `seed`, from number `start`."""
    for index in range(start, start + count):
        yield article(index, seed)


def to_json(item: Article) -> dict[str, str | None]:
    """The JSON Lines record the readers take back (usual key names)."""
    record: dict[str, str | None] = {
        "title": item.title,
        "text": item.text_en,
        "published": item.published.isoformat() if item.published else None,
        "url": item.url,
        "outlet": item.outlet,
        "language": item.language,
    }
    if item.text_ur:
        record["title_ur"] = item.title_ur
        record["text_ur"] = item.text_ur
    return record


def to_text(item: Article) -> str:
    """The plain-text layout with a header block; Urdu title and paragraphs after the English."""
    header = [f"Title: {item.title}"]
    if item.published:
        header.append(f"Published: {item.published.isoformat()}")
    if item.url:
        header.append(f"URL: {item.url}")
    if item.outlet:
        header.append(f"Outlet: {item.outlet}")
    body = [item.text_en]
    if item.text_ur:
        body += [item.title_ur, item.text_ur]
    return "\n".join(header) + "\n\n" + "\n\n".join(body) + "\n"


def write_jsonl(path: Path, count: int, seed: int = 0) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for item in articles(count, seed):
            out.write(json.dumps(to_json(item), ensure_ascii=False))
            out.write("\n")
    return path


def write_text_files(folder: Path, count: int, seed: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for index, item in enumerate(articles(count, seed)):
        (folder / f"{index:06d}.txt").write_text(to_text(item), encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a deterministic benchmark corpus.")
    parser.add_argument("--size", type=int, default=1000, help="number of articles")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--format", choices=("jsonl", "text"), default="jsonl")
    parser.add_argument("--out", type=Path, required=True, help="a .jsonl file or a folder")
    args = parser.parse_args(argv)
    if args.format == "jsonl":
        write_jsonl(args.out, args.size, args.seed)
    else:
        write_text_files(args.out, args.size, args.seed)
    print(f"wrote {args.size} articles to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
