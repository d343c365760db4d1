"""The query layer: read-only functions returning plain rows, behind every `kb` query command.

from kb.db.engine import open_database, reading
from kb.query import timeline

with reading(open_database("sqlite:///kb.sqlite")).connect() as connection:
    for row in timeline(connection, ["Pakistan", "Japan"], topic="defence"):
        print(row.when(), row.type, [c.iso3 for c in row.countries], row.summary)
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

# Imported now, not lazily: the names `timeline` and `events` must be these functions, not the
# submodule `kb.query.timeline` that importing it would otherwise leave in their place.
from kb.query.timeline import events, timeline

# Where each other name lives: imported on first use, so `kb timeline` loads neither the
# lookups' ORM models nor the SQL runner.
_HOMES = {
    "AmbiguousCountry": "countries",
    "UnknownCountry": "countries",
    "resolve_country": "countries",
    "agreements": "lookups",
    "officials": "lookups",
    "show_agreement": "lookups",
    "show_article": "lookups",
    "show_event": "lookups",
    "show_official": "lookups",
    "Question": "question",
    "parse_question": "question",
    "SqlResult": "readonly_sql",
    "run_readonly_sql": "readonly_sql",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'kb.query' has no attribute {name!r}")
    return getattr(import_module(f"kb.query.{home}"), name)


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
