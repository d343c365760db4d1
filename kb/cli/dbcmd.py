"""`kb db …` and `kb status`: placeholder until the foundation lands."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    pass
