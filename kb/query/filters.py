"""What a timeline or event listing asks for, checked and resolved against the database.

People pass names and words ("Pakistan", "defence", "2019"); `EventFilter.resolve()` turns them
into ids, topic families and date bounds once, raising UsageError for anything it cannot read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection

from kb.errors import UsageError
from kb.extract.extraction import EVENT_STATUSES, EVENT_TYPES
from kb.query.countries import resolve_countries
from kb.query.driver_sql import run
from kb.query.periods import Period, check_range, parse_period
from kb.query.rows import CountryRef
from kb.query.topics import topics_for

DEFAULT_STATUSES = ("occurred",)

# Which agreement statuses stand beside which event statuses, for agreement rows in a timeline.
AGREEMENT_STATUSES_FOR = {
    "occurred": ("signed", "ratified", "renewed", "other"),
    "planned": ("proposed",),
    "denied": (),
}


def words_of(value: str | Sequence[str] | None) -> list[str]:
    """Accept one word, a list, or comma-separated words ("meeting,call")."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    return [part.strip() for item in items for part in item.split(",") if part.strip()]


def period_of(value: str | date | Period | None) -> Period | None:
    if value is None or value == "":
        return None
    if isinstance(value, Period):
        return value
    if isinstance(value, date):
        return Period(value, "day")
    return parse_period(value)


@dataclass
class EventFilter:
    """The filters of `kb timeline` and `kb events`, as typed.

    `statuses=None` means every status; the default is only events that occurred. `limit` and
    `offset` pick a page of the rows in their final order (`offset` rows are skipped).
    """

    countries: Sequence[str] = ()
    topic: str | Sequence[str] | None = None
    type: str | Sequence[str] | None = None
    since: str | date | Period | None = None
    until: str | date | Period | None = None
    official: str | None = None
    statuses: Sequence[str] | None = DEFAULT_STATUSES
    limit: int | None = None
    offset: int = 0

    def resolve(self, connection: Connection) -> ResolvedFilter:
        types = words_of(self.type)
        unknown = [t for t in types if t not in EVENT_TYPES and t != "agreement"]
        if unknown:
            raise UsageError(
                f"unknown event type {unknown[0]!r} (choose from {', '.join(EVENT_TYPES)})"
            )
        statuses = None if self.statuses is None else words_of(self.statuses)
        if statuses is not None:
            bad = [s for s in statuses if s not in EVENT_STATUSES]
            if bad:
                raise UsageError(
                    f"unknown status {bad[0]!r} (choose from {', '.join(EVENT_STATUSES)})"
                )
        since, until = period_of(self.since), period_of(self.until)
        check_range(since.start if since else None, until.end if until else None)
        if self.limit is not None and self.limit < 1:
            raise UsageError(f"limit must be at least 1, not {self.limit}")
        if self.offset < 0:
            raise UsageError(f"offset must be 0 or more, not {self.offset}")
        return ResolvedFilter(
            countries=resolve_countries(connection, list(self.countries)),
            topics=topics_for(words_of(self.topic)),
            types=tuple(types),
            since=since,
            until=until,
            official_ids=_official_ids(connection, self.official) if self.official else None,
            statuses=tuple(statuses) if statuses is not None else None,
            limit=self.limit,
            offset=self.offset,
        )


@dataclass(frozen=True)
class ResolvedFilter:
    countries: list[CountryRef] = field(default_factory=list)
    topics: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    since: Period | None = None
    until: Period | None = None
    official_ids: tuple[int, ...] | None = None
    statuses: tuple[str, ...] | None = DEFAULT_STATUSES
    limit: int | None = None
    offset: int = 0

    def wants_agreement_rows(self) -> bool:
        """Agreement rows fit unless the filter names types or officials they cannot have."""
        if self.official_ids is not None:
            return False
        return not self.types or bool({"agreement", "agreement_signed"} & set(self.types))

    def agreement_statuses(self) -> tuple[str, ...] | None:
        if self.statuses is None:
            return None
        return tuple(s for status in self.statuses for s in AGREEMENT_STATUSES_FOR[status])


def _official_ids(connection: Connection, name: str) -> tuple[int, ...]:
    """Officials whose name or any recorded spelling contains `name`, any case."""
    pattern = "%" + " ".join(name.casefold().split()) + "%"
    rows = run(
        connection,
        "SELECT o.id FROM officials o WHERE lower(o.name) LIKE ? OR o.id IN "
        "(SELECT official_id FROM official_aliases WHERE lower(alias) LIKE ?) ORDER BY o.id",
        [pattern, pattern],
    )
    found = tuple(id_ for (id_,) in rows)
    if not found:
        raise UsageError(f"no official called {name!r} (try `kb officials` to list them)")
    return found
