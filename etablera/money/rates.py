"""The rates the money rules use: the built-in dated parameters (rules/parameters.py) and the ones an
administrator has entered (money.Rate) for years the built-in ones don't know.

An entered rate takes precedence over a built-in version from the same day or earlier. A reception date after the
last year anyone knows a rate for is still computed — with the latest known rate — but its lines are marked
*estimated*, and the money pages say which rate is missing, so the year's real amount gets entered rather than
assumed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from etablera.money.models import Rate
from etablera.rules.parameters import IN_FORCE, Parameter, _versions, parameter_value

FIRST = dt.date(2016, 1, 1)  # the schablon's rules (förordning 2010:1122 as from SFS 2015:883) start here


@dataclass(frozen=True)
class Version:
    value: Any
    effective_from: dt.date
    source: str
    status: str
    entered: bool  # an administrator's Rate, not a built-in parameter
    rate_id: int | None = None


@dataclass(frozen=True)
class Segment:
    """A stretch of reception dates [start, end) that one set of rates covers."""

    start: dt.date
    end: dt.date
    value: Any
    estimated: bool
    band_age: int
    instalments: int
    source: str
    status: str

    @property
    def start_ymd(self) -> int:
        return self.start.year * 10000 + self.start.month * 100 + self.start.day

    @property
    def end_ymd(self) -> int:
        return self.end.year * 10000 + self.end.month * 100 + self.end.day


def versions(key: str, entered: list[Rate] | None = None) -> list[Version]:
    """Every version of `key`, oldest first; an entered rate after a built-in one of the same day. `entered`: the
    key's entered rates when the caller has read them (versions_by_key), else they are read here."""
    built_in = [
        Version(p.value, p.effective_from, p.source, p.status, False)
        for p in _versions(key)
        if isinstance(p, Parameter)
    ]
    if entered is None:
        entered = list(Rate.objects.filter(key=key).order_by("effective_from"))
    mine = [Version(r.value, r.effective_from, r.source, r.status, True, r.pk) for r in entered]
    return sorted(built_in + mine, key=lambda v: (v.effective_from, v.entered))


def versions_by_key(keys=None) -> dict[str, list[Version]]:
    """`versions` of each of `keys` (every kind of rate by default), with the entered rates read in one query
    (a page of every rate, or of lines explained by several, is not a query per kind)."""
    keys = list(keys) if keys is not None else [key for key, _label in Rate.Key.choices]
    entered: dict[str, list[Rate]] = {key: [] for key in keys}
    for rate in Rate.objects.filter(key__in=keys).order_by("effective_from"):
        entered[rate.key].append(rate)
    return {key: versions(key, entered[key]) for key in keys}


def version_on(key: str, on: dt.date, known: list[Version] | None = None) -> tuple[Version, bool]:
    """The version of `key` in effect on `on`, and whether it is an estimate: the date is in a later year than the
    version's own, past the year the rules know (the schablon is set per reception year; the prisbasbelopp per
    calendar year)."""
    known = known if known is not None else versions(key)
    current = known[0]
    for version in known:
        if version.effective_from <= on:
            current = version
    return current, _estimated(key, on, current)


def _estimated(key: str, on: dt.date, version: Version) -> bool:
    if key == "money.schablon":
        last_known = parameter_value("money.schablon_known_until", on)
        return on > last_known and version.effective_from.year < on.year
    if key == "money.prisbasbelopp":
        return version.effective_from.year < on.year
    return False


def segments(key: str, year: int) -> list[Segment]:
    """The stretches of reception dates from 2016 to the end of `year`, each with one set of rates: split where
    any version starts (the amount, the band age, the number of instalments) and at each new year, so a year
    without its own rate is marked as estimated."""
    known = versions(key)
    end = dt.date(year + 1, 1, 1)
    starts = {FIRST} | {dt.date(y, 1, 1) for y in range(FIRST.year, year + 1)}
    for k in (key, "money.schablon_band_age", "money.schablon_instalments"):
        starts |= {p.effective_from for p in _versions(k) if FIRST <= p.effective_from < end}
    starts |= {v.effective_from for v in known if FIRST <= v.effective_from < end}
    ordered = sorted(starts)
    result = []
    for i, start in enumerate(ordered):
        stop = ordered[i + 1] if i + 1 < len(ordered) else end
        version, estimated = version_on(key, start, known)
        if start < version.effective_from:  # nothing was in force yet (a rate that starts later, e.g. 2024)
            continue
        result.append(
            Segment(
                start=start,
                end=stop,
                value=version.value,
                estimated=estimated,
                band_age=parameter_value("money.schablon_band_age", start),
                instalments=parameter_value("money.schablon_instalments", start),
                source=version.source,
                status=version.status,
            )
        )
    return result


def missing_years(key: str, year: int) -> list[int]:
    """The reception years up to `year` computed with an estimate: a rate an administrator should enter."""
    return sorted({s.start.year for s in segments(key, year) if s.estimated})


def rate_on(key: str, on: dt.date) -> Version:
    return version_on(key, on)[0]


def is_checked(version: Version) -> bool:
    return version.status == IN_FORCE
