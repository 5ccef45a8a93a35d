"""Background work (issue #18, etablera/background/): how long a finished job's file is kept."""

from __future__ import annotations

import datetime as dt

from etablera.rules.parameters import parameter_value


def result_days(on: dt.date) -> int:
    """Days a finished background job and its file are kept before gallring removes them: seven, long enough to
    download the file after a weekend, and no longer (data minimisation, GDPR art. 5.1 c; the municipality's own
    decision, which it may change)."""
    return parameter_value("background.result_days", on)
