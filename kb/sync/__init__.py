"""Scheduled ingestion: registered sources, `kb sync`, its lock and its run history.

`sources` keeps the registry, `pull` reads what a source offers (over `http` for feeds), `seen`
remembers what was delivered, `lock` keeps runs from overlapping, and `sync` ties them together
on top of the ingest pipeline.
"""
