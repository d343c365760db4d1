"""What `kb status` reports: which database, at which revision, holding how much."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine, inspect, text

from kb.config import mask_url
from kb.db.engine import reading
from kb.db.migrate import revision_state
from kb.db.models import MAIN_TABLES


@dataclass(frozen=True)
class DatabaseStatus:
    url: str  # password masked
    revision: str | None
    head: str
    newer: bool
    counts: dict[str, int] = field(default_factory=dict)


def database_status(engine: Engine) -> DatabaseStatus:
    state = revision_state(engine)
    with reading(engine).connect() as connection:
        present = set(inspect(connection).get_table_names())
        counts = {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in MAIN_TABLES
            if table in present
        }
    return DatabaseStatus(
        url=mask_url(engine.url.render_as_string(hide_password=False)),
        revision=state.current,
        head=state.head,
        newer=state.is_newer,
        counts=counts,
    )
