"""The query layer: read-only functions returning plain rows, behind every `kb` query command.

from kb.db.engine import open_database, reading
from kb.query import timeline

with reading(open_database("sqlite:///kb.sqlite")).connect() as connection:
    for row in timeline(connection, ["Pakistan", "Japan"], topic="defence"):
        print(row.when(), row.type, [c.iso3 for c in row.countries], row.summary)
"""

from __future__ import annotations

from kb.query.countries import AmbiguousCountry, UnknownCountry, resolve_country
from kb.query.lookups import (
    agreements,
    officials,
    show_agreement,
    show_article,
    show_event,
    show_official,
)
from kb.query.question import Question, parse_question
from kb.query.readonly_sql import SqlResult, run_readonly_sql
from kb.query.timeline import events, timeline

__all__ = [
    "AmbiguousCountry",
    "Question",
    "SqlResult",
    "UnknownCountry",
    "agreements",
    "events",
    "officials",
    "parse_question",
    "resolve_country",
    "run_readonly_sql",
    "show_agreement",
    "show_article",
    "show_event",
    "show_official",
    "timeline",
]
