"""Benchmarks for kb: `python bench/run.py` (see bench/README.md)."""
