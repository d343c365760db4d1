"""Errors the CLI turns into one clear line and an exit code instead of a traceback."""

from __future__ import annotations


class KbError(Exception):
    """A failure the user should read about: exit code 1."""

    exit_code = 1


class UsageError(KbError):
    """Bad arguments (unknown country, inverted date range, malformed URL): exit code 2."""

    exit_code = 2
