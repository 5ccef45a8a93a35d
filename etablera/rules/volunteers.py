"""Volunteers and language friends (issue #17, etablera/volunteers/): the public sign-up's limits and the yearly
renewal. The periods of gallring are in rules/retention.py."""

from __future__ import annotations

import datetime as dt

from etablera.rules.dates import add_months
from etablera.rules.parameters import parameter_value


def signups_per_hour(on: dt.date) -> int:
    """Accepted sign-ups per sender address and hour: five, enough for a family signing up from one home network, too
    few to flood the register or send mail to strangers (local policy)."""
    return parameter_value("volunteers.signups_per_hour", on)


def confirm_days(on: dt.date) -> int:
    """Days the e-mail confirmation link is valid: seven (local policy). A sign-up never confirmed is removed by
    gallring after `retention.volunteer_unconfirmed_days`."""
    return parameter_value("volunteers.confirm_days", on)


def renewal_months(on: dt.date) -> int:
    """Months between an approved volunteer's renewals: twelve (local policy; see `renewal_due`)."""
    return parameter_value("volunteers.renewal_months", on)


def renewal_due(last_renewed: dt.date) -> dt.date:
    """The day an approved volunteer is asked to confirm that they want to remain: `volunteers.renewal_months`
    (twelve) after their confirmation or last renewal. Consent (dataskyddsförordningen art. 6.1 a, 7) is given for
    the assignment; asking once a year keeps it current and the register free of those who have moved on (art. 5.1
    d och e). Local policy."""
    return add_months(last_renewed, renewal_months(last_renewed))


def renew_by(last_renewed: dt.date) -> dt.date:
    """The last day to renew: `volunteers.renewal_grace_days` (30) after the renewal was due. A volunteer who has not
    renewed by then becomes inactive (not proposed for matching; gallring erases them after
    `retention.volunteer_inactive_years`). Local policy."""
    due = renewal_due(last_renewed)
    return due + dt.timedelta(days=parameter_value("volunteers.renewal_grace_days", due))
