"""Volunteers and language friends (issue #17, etablera/volunteers/): the public sign-up's limits. The periods of
gallring are in rules/retention.py."""

from __future__ import annotations

import datetime as dt

from etablera.rules.parameters import parameter_value


def signups_per_hour(on: dt.date) -> int:
    """Accepted sign-ups per sender address and hour: five, enough for a family signing up from one home network, too
    few to flood the register or send mail to strangers (local policy)."""
    return parameter_value("volunteers.signups_per_hour", on)


def confirm_days(on: dt.date) -> int:
    """Days the e-mail confirmation link is valid: seven (local policy). A sign-up never confirmed is removed by
    gallring after `retention.volunteer_unconfirmed_days`."""
    return parameter_value("volunteers.confirm_days", on)
