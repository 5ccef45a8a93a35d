"""The establishment programme (lag 2017:584, förordning 2017:820)."""

from __future__ import annotations

import datetime as dt

from etablera.rules.dates import age_on
from etablera.rules.parameters import parameter_value


def in_programme_age(birth_date: dt.date, on: dt.date) -> bool:
    """From 20 up to but not including 66 (Arbetsförmedlingen; older pages say 65)."""
    age = age_on(birth_date, on)
    return (
        parameter_value("establishment.min_age", on)
        <= age
        < parameter_value("establishment.max_age_exclusive", on)
    )


def is_child(birth_date: dt.date, on: dt.date) -> bool:
    """Under 18 (föräldrabalken 9 kap. 1 §)."""
    return age_on(birth_date, on) < parameter_value("adulthood.age", on)
