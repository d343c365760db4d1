"""What the extractor returns: plain dataclasses, shared with the store and the CLI.

Country codes are ISO 3166-1 alpha-3. Dates keep their precision. Every event, agreement and
official carries the sentence it came from, with character offsets into the article field it was
found in, so every stored fact can be traced back to its text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

Precision = Literal["day", "month", "year"]
EXTRACTOR_VERSION = "0.1.0"

EVENT_TYPES = (
    "meeting",
    "visit",
    "talks",
    "call",
    "agreement_signed",
    "statement",
    "praise",
    "criticism",
    "cooperation_pledge",
    "military_exercise",
    "aid",
    "sanction",
    "protest",
    "threat",
    "other",
)
TOPICS = (
    "defence",
    "security",
    "economy",
    "trade",
    "energy",
    "health",
    "education",
    "culture",
    "diplomacy",
    "other",
)
AGREEMENT_KINDS = ("mou", "treaty", "agreement", "accord", "protocol", "other")
AGREEMENT_STATUSES = ("signed", "proposed", "ratified", "renewed", "other")
EVENT_STATUSES = ("occurred", "planned", "denied")


@dataclass(frozen=True)
class PartialDate:
    """A date known to a precision: `value` is the first day of the period.

    `source` says how it was obtained: "explicit" (written in full), "relative" (resolved against
    the publication date, e.g. "on Wednesday"), "inherited" (from the story's main event),
    "dateline" (the day in the lead's dateline).
    """

    value: date
    precision: Precision
    source: str = "explicit"

    def label(self) -> str:
        """ "2019", "2020-08" or "2021-01-20"."""
        if self.precision == "year":
            return f"{self.value.year:04d}"
        if self.precision == "month":
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return self.value.isoformat()


@dataclass(frozen=True)
class Evidence:
    """A sentence of the article, exactly as written, and where it sits.

    `field` is the Article attribute the offsets index into: "title", "text_en", "title_ur" or
    "text_ur"; `text == getattr(article, field)[start:end]`.
    """

    text: str
    field: str
    start: int
    end: int


@dataclass
class Official:
    name: str
    country: str | None = None
    title: str | None = None
    organisation: str | None = None
    aliases: list[str] = field(default_factory=list)
    evidence: Evidence | None = None


@dataclass
class Agreement:
    name: str
    kind: str
    parties: list[str]
    date: PartialDate | None = None
    status: str = "signed"
    topic: str | None = None
    evidence: Evidence | None = None


@dataclass
class Event:
    type: str
    cameo: str | None
    countries: list[str]
    evidence: Evidence
    officials: list[str] = field(default_factory=list)
    date: PartialDate | None = None
    status: str = "occurred"
    location: str | None = None
    topic: str | None = None
    agreement: int | None = None  # index into Extraction.agreements when the event signs one
    summary: str | None = None


@dataclass(frozen=True)
class CountryAlias:
    """A spelling of a country learned from the text (e.g. an Urdu name beside the English one)."""

    iso3: str
    alias: str
    lang: str


@dataclass
class Extraction:
    title: str
    published: date | None
    language: str
    countries: list[str] = field(default_factory=list)
    officials: list[Official] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    country_aliases: list[CountryAlias] = field(default_factory=list)
    extractor_version: str = EXTRACTOR_VERSION

    def to_json(self) -> dict[str, Any]:
        """The shape `kb extract --json` prints (the evaluation contract)."""

        def label(d: PartialDate | None) -> str | None:
            return d.label() if d else None

        return {
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "language": self.language,
            "countries": list(self.countries),
            "officials": [
                {
                    "name": o.name,
                    "country": o.country,
                    "title": o.title,
                    "organisation": o.organisation,
                    "aliases": list(o.aliases),
                }
                for o in self.officials
            ],
            "events": [
                {
                    "date": label(e.date),
                    "date_precision": e.date.precision if e.date else None,
                    "date_source": e.date.source if e.date else None,
                    "type": e.type,
                    "cameo": e.cameo,
                    "status": e.status,
                    "countries": list(e.countries),
                    "officials": list(e.officials),
                    "location": e.location,
                    "topic": e.topic,
                    "agreement": self.agreements[e.agreement].name
                    if e.agreement is not None
                    else None,
                    "evidence": e.evidence.text,
                    "evidence_span": [e.evidence.field, e.evidence.start, e.evidence.end],
                }
                for e in self.events
            ],
            "agreements": [
                {
                    "name": a.name,
                    "kind": a.kind,
                    "parties": list(a.parties),
                    "date": label(a.date),
                    "status": a.status,
                    "topic": a.topic,
                    "evidence": a.evidence.text if a.evidence else None,
                }
                for a in self.agreements
            ],
            "extractor_version": self.extractor_version,
        }
