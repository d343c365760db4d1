"""The database layer: models, engine, migrations and the timeline view."""

from __future__ import annotations
