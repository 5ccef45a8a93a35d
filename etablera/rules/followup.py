"""Follow-up: the indicators and board reports (issue #16, etablera/followup/). Figures that leave the register are
suppressed below a minimum number of persons (local policy, `followup.min_cell`); the self-support horizons and the
age bands of the received are local choices too. The official indicators some figures mirror (Kolada ids) are
named in the catalogue, followup/indicators.py, and are unverified (RULES.md)."""

from __future__ import annotations

import datetime as dt

from etablera.rules.dates import age_on
from etablera.rules.parameters import parameter, parameter_value


def min_cell(on: dt.date) -> int:
    """The fewest persons a figure that leaves the register may rest on: fewer is shown as "–". Five, because a
    group of one to four newcomers in a municipality can be recognised by neighbours and colleagues (local policy;
    röjandekontroll as SCB and Socialstyrelsen practise it)."""
    return parameter_value("followup.min_cell", on)


def min_cell_source(on: dt.date) -> str:
    return parameter("followup.min_cell", on).source


def self_support_years(on: dt.date) -> tuple[int, ...]:
    """The horizons of "share self-supporting after N years": 2, 3 and 5 years after arrival (local policy)."""
    return tuple(parameter_value("followup.self_support_years", on))


def age_bands(on: dt.date) -> tuple[tuple[int, int], ...]:
    """The age bands of the received at arrival, both ends included (local policy)."""
    return tuple(tuple(band) for band in parameter_value("followup.age_bands", on))


def age_band_label(band: tuple[int, int]) -> str:
    low, high = band
    return f"{low}–" if high >= 120 else f"{low}–{high}"


def age_band(birth_date: dt.date | None, arrival: dt.date) -> str | None:
    """The label of the person's band at arrival ("25–39", "66–"), None when the birth date is unknown."""
    if birth_date is None:
        return None
    age = age_on(birth_date, arrival)
    for low, high in age_bands(arrival):
        if low <= age <= high:
            return age_band_label((low, high))
    return None
