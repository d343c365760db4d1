"""Reference data: every ISO 3166-1 country and the names news copy uses for them.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from kb.db.reference import load_reference_data

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    load_reference_data(op.get_bind())


def downgrade() -> None:
    # Aliases learned from articles go too: without the countries they point at nothing.
    op.execute("DELETE FROM country_aliases")
    op.execute("DELETE FROM countries")
