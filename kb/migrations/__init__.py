"""Alembic migrations, shipped inside the package so an installed kb can migrate."""
