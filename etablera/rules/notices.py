"""Messages to staff (issue #18, etablera/notices/): how early a consent that runs out is flagged."""

from __future__ import annotations

import datetime as dt

from etablera.rules.parameters import parameter_value


def consent_warning_days(on: dt.date) -> int:
    """Days before a consent's last day that the units it names are told: thirty, time to meet the person and ask
    again before the sharing stops (a consent counts only up to its last day, OSL 12 kap. 2 §)."""
    return parameter_value("notices.consent_warning_days", on)
