"""Reminders to newcomers (issue #18, etablera/reminders/): how long before a meeting the reminder goes, and how
long the outbox keeps a message's address and text."""

from __future__ import annotations

import datetime as dt

from etablera.rules.parameters import parameter_value


def lead_days(on: dt.date) -> int:
    """Days before a meeting that its reminder is sent: the day before, late enough to be remembered and early
    enough to call and move the meeting (kommunens rutin, lokal policy)."""
    return parameter_value("reminders.lead_days", on)


def appointment_day(run_day: dt.date) -> dt.date:
    """The day whose meetings are reminded of on `run_day`."""
    return run_day + dt.timedelta(days=lead_days(run_day))


def retention_days(on: dt.date) -> int:
    """Days after sending that a message's address and text are kept (to answer "did I get a reminder?"); then they
    go and the row stays as the log (dataskyddsförordningen art. 5.1 c och e)."""
    return parameter_value("retention.reminder_days", on)
