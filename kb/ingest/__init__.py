"""Ingest: read files into articles, extract them, store the result."""
