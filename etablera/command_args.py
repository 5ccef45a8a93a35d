"""Argument types shared by the management commands (`etablera housing refresh --date`, `etablera notices digest
--date`, …): one parser and one Swedish message for a day given on the command line."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError


def iso_date(value: str) -> dt.date:
    """An argparse `type` for a day written ÅÅÅÅ-MM-DD."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Ogiltigt datum: {value!r} (skriv ÅÅÅÅ-MM-DD)") from error
