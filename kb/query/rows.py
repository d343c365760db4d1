"""The plain rows the query functions return: dataclasses, no database objects attached.

Each row knows its JSON shape (`to_json`), the contract of `--format json`; how a row looks in a
text table is the CLI's business. The classes a timeline makes by the thousand have slots: one
object per instance instead of two, which a big timeline's build time and memory both feel.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from typing import Any


def date_label(value: date | None, precision: str | None) -> str | None:
    """A date printed at its precision: "2019", "2020-08" or "2021-01-20"."""
    if value is None:
        return None
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def period_end(value: date, precision: str | None) -> date:
    """The last day of the period a partial date stands for."""
    if precision == "year":
        return date(value.year, 12, 31)
    if precision == "month":
        return date(value.year, value.month, calendar.monthrange(value.year, value.month)[1])
    return value


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True, slots=True)
class CountryRef:
    id: int
    iso3: str
    name: str


@dataclass(frozen=True, slots=True)
class OfficialRef:
    """An official as they took part in an event, with the post they held at the time."""

    id: int
    name: str
    country: str | None  # ISO3 of the country they took part for
    title: str | None = None

    def label(self) -> str:
        detail = ", ".join(part for part in (self.title, self.country) if part)
        return f"{self.name} ({detail})" if detail else self.name

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "title": self.title, "country": self.country}


@dataclass(frozen=True, slots=True)
class ArticleRef:
    id: int
    title: str
    url: str | None
    outlet: str | None
    published: date | None

    def label(self) -> str:
        when = f" ({self.published.isoformat()})" if self.published else ""
        return f"{self.title or self.url or f'article {self.id}'}{when}"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "outlet": self.outlet,
            "published": _iso(self.published),
        }


@dataclass(frozen=True, slots=True)
class Evidence:
    """A sentence that reported a fact, and the article it is in."""

    sentence: str
    article: ArticleRef

    def to_json(self) -> dict[str, Any]:
        return {"sentence": self.sentence, "article": self.article.to_json()}


@dataclass(frozen=True, slots=True)
class AgreementRef:
    id: int
    name: str
    kind: str


@dataclass(slots=True)
class TimelineRow:
    """One line of a timeline: an event, or an agreement no event records the signing of.

    `reported` is the publication date of the first article that reported it, which is all an
    undated row can be placed by. `evidence` holds every reporting sentence, first report first.
    """

    kind: str  # "event" or "agreement"
    id: int  # events.id, or agreements.id for an agreement row
    date: date | None
    date_precision: str | None
    type: str
    status: str
    topic: str | None
    location: str | None
    summary: str | None
    countries: list[CountryRef] = field(default_factory=list)
    officials: list[OfficialRef] = field(default_factory=list)
    agreement: AgreementRef | None = None
    mentions: int = 0
    reported: date | None = None
    evidence: list[Evidence] = field(default_factory=list)
    cameo_code: str | None = None
    date_source: str | None = None

    @property
    def event_id(self) -> int | None:
        return self.id if self.kind == "event" else None

    @property
    def date_label(self) -> str | None:
        return date_label(self.date, self.date_precision)

    @property
    def articles(self) -> list[ArticleRef]:
        seen: dict[int, ArticleRef] = {}
        for item in self.evidence:
            seen.setdefault(item.article.id, item.article)
        return list(seen.values())

    def when(self) -> str:
        """The date as a person reads it; undated rows say so and give the report's date."""
        if self.date is not None:
            return self.date_label or ""
        return f"undated (reported {self.reported.isoformat()})" if self.reported else "undated"

    def to_json(self, evidence: bool = False) -> dict[str, Any]:
        record: dict[str, Any] = {
            "kind": self.kind,
            "event_id": self.event_id,
            "date": self.date_label,
            "date_precision": self.date_precision,
            "undated": self.date is None,
            "reported": _iso(self.reported),
            "type": self.type,
            "status": self.status,
            "topic": self.topic,
            "countries": [c.iso3 for c in self.countries],
            "officials": [o.to_json() for o in self.officials],
            "location": self.location,
            "agreement": self.agreement.name if self.agreement else None,
            "agreement_id": self.agreement.id if self.agreement else None,
            "summary": self.summary,
            "mentions": self.mentions,
            "evidence": self.evidence[0].sentence if self.evidence else None,
            "articles": [a.to_json() for a in self.articles],
        }
        if evidence:
            record["sources"] = [e.to_json() for e in self.evidence]
        return record


@dataclass
class TimelinePage:
    """One page of a timeline and how many rows the whole answer has, so that whoever shows the
    page can say how much is not shown."""

    rows: list[TimelineRow]
    total: int  # rows matching, on every page
    offset: int = 0  # rows before this page

    @property
    def first(self) -> int:
        """1-based position of the page's first row (0 when the page is empty)."""
        return self.offset + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.offset + len(self.rows)

    @property
    def hidden(self) -> int:
        """Matching rows not on this page, before or after it."""
        return self.total - len(self.rows)


@dataclass(frozen=True, slots=True)
class Role:
    """A post an official held, over the span of publication dates it was reported in."""

    title: str
    organisation: str | None
    country: str | None
    first_seen: date | None
    last_seen: date | None

    def span(self) -> str:
        first, last = _iso(self.first_seen), _iso(self.last_seen)
        if first and last and first != last:
            return f"{first} – {last}"
        return first or last or ""

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "organisation": self.organisation,
            "country": self.country,
            "first_seen": _iso(self.first_seen),
            "last_seen": _iso(self.last_seen),
        }

    def held_on(self, day: date) -> bool:
        return (self.first_seen is None or self.first_seen <= day) and (
            self.last_seen is None or day <= self.last_seen
        )


def role_at(roles: list[Role], day: date | None) -> Role | None:
    """The post held on `day`: one whose span covers it, else the latest begun by then.

    Role spans come from publication dates, so an event recalled from years earlier may predate
    every sighting: then the earliest known post is the best guess.
    """
    if len(roles) < 2:
        return roles[0] if roles else None  # the only post known is the best guess on any day
    ordered = sorted(roles, key=lambda r: (r.first_seen or date.min, r.last_seen or date.min))
    if day is None:
        return ordered[-1]
    covering = [r for r in ordered if r.held_on(day)]
    if covering:
        return covering[-1]
    begun = [r for r in ordered if r.first_seen is None or r.first_seen <= day]
    return begun[-1] if begun else ordered[0]


@dataclass
class OfficialRow:
    id: int
    name: str
    country: str | None  # ISO3
    roles: list[Role] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    events: int = 0
    first_event: date | None = None
    last_event: date | None = None

    @property
    def current_title(self) -> str | None:
        role = role_at(self.roles, None)
        return role.title if role else None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "country": self.country,
            "title": self.current_title,
            "roles": [r.to_json() for r in self.roles],
            "aliases": list(self.aliases),
            "events": self.events,
            "first_event": _iso(self.first_event),
            "last_event": _iso(self.last_event),
        }


@dataclass
class AgreementRow:
    id: int
    name: str
    kind: str
    topic: str | None
    date: date | None
    date_precision: str | None
    status: str
    parties: list[CountryRef] = field(default_factory=list)
    event_ids: list[int] = field(default_factory=list)
    mentions: int = 0

    @property
    def date_label(self) -> str | None:
        return date_label(self.date, self.date_precision)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "topic": self.topic,
            "date": self.date_label,
            "date_precision": self.date_precision,
            "status": self.status,
            "parties": [c.iso3 for c in self.parties],
            "event_ids": list(self.event_ids),
            "mentions": self.mentions,
        }


@dataclass
class ArticleRow:
    id: int
    title: str
    title_ur: str | None
    url: str | None
    outlet: str | None
    published: date | None
    language: str | None
    text_en: str | None
    text_ur: str | None
    ingested_at: Any = None

    @property
    def ref(self) -> ArticleRef:
        return ArticleRef(self.id, self.title, self.url, self.outlet, self.published)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "title_ur": self.title_ur,
            "url": self.url,
            "outlet": self.outlet,
            "published": _iso(self.published),
            "language": self.language,
            "text_en": self.text_en,
            "text_ur": self.text_ur,
        }


@dataclass
class EventDetail:
    """`kb show event`: the timeline row plus every participant with its side."""

    row: TimelineRow
    participants: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        record = {"id": self.row.id, **self.row.to_json(evidence=True)}
        record["cameo_code"] = self.row.cameo_code
        record["date_source"] = self.row.date_source
        record["participants"] = self.participants
        return record


@dataclass
class AgreementDetail:
    agreement: AgreementRow
    events: list[TimelineRow] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        record = self.agreement.to_json()
        record["events"] = [e.to_json() for e in self.events]
        record["sources"] = [e.to_json() for e in self.evidence]
        return record


@dataclass
class OfficialDetail:
    official: OfficialRow
    events: list[TimelineRow] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        record = self.official.to_json()
        record["event_list"] = [e.to_json() for e in self.events]
        record["sources"] = [e.to_json() for e in self.evidence]
        return record


@dataclass
class ArticleDetail:
    article: ArticleRow
    events: list[TimelineRow] = field(default_factory=list)
    agreements: list[AgreementRow] = field(default_factory=list)
    officials: list[OfficialRow] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        record = self.article.to_json()
        record["events"] = [e.to_json(evidence=True) for e in self.events]
        record["agreements"] = [a.to_json() for a in self.agreements]
        record["officials"] = [o.to_json() for o in self.officials]
        return record
