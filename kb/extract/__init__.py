"""Extraction: a pure function from an Article to an Extraction (see extraction.py)."""
