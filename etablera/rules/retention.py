"""Gallring (retention): when a record may and must be removed, and which records are kept whatever their age.

Social-services case records (personakter) are gallrade five years after the last entry in the record, and the
gallring must be completed during the calendar year that follows the end of that period. Exempt are records about
placements of children, and — for research — records about people born on the 5th, 15th or 25th of a month.
Sources: socialtjänstlagen (2001:453) 12 kap. 1–2 §§, socialtjänstförordningen (2001:937) 7 kap. 2 §
(shared/domain/RULES.md, "Privacy and records"). Notes of the other sections follow their own periods (dated
parameters below, several of them local policy from the municipality's dokumenthanteringsplan). The establishment
records (issue #12) are the person's record under SoL, kept as the dokumenthanteringsplan says (five years after the
last entry, `retention.establishment_years`); the mapping's health part as health notes (patientdatalagen's ten
years) and a child's mapping as the school's notes. The activity requirement's records (issue #13: försörjningsstöd
months, exemptions, capacity, plans, deviations, the week) are social services' personakt, part of the household's
record: they keep it alive while written to and while support, a plan or a participation runs (activity/gallring.py).

Plain Python: the gallring module (etablera/access/gallring.py) collects the dates from the database and asks these
functions. Exemptions are applied to every record type: keeping a little more than the law demands is the safe
mistake, removing what must be kept is not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from etablera.rules.dates import add_months
from etablera.rules.deadlines import Deadline
from etablera.rules.parameters import parameter

HOUSEHOLD = "household"  # the household's reception record: case, tasks, timeline, anvisningar, its persons
# The establishment phase (issue #12): the mapping, the plan or SIP, the programme, SFI and the status per month are
# part of the person's record and keep the household's record alive while they are written to; the mapping's health
# part and a child's mapping are kept by their own sections' periods.
ESTABLISHMENT = "establishment"
ESTABLISHMENT_HEALTH = "establishment.HEALTH"
ESTABLISHMENT_SCHOOL = "establishment.SCHOOL"

# Parameter keys for the number of years each record type is kept after its last entry.
YEARS_PARAMETER: dict[str, str] = {
    HOUSEHOLD: "retention.social_services_years",
    "note.SOCIAL": "retention.social_services_years",
    "note.BASIC": "retention.basic_years",
    "note.SCHOOL": "retention.school_years",
    "note.HEALTH": "retention.health_years",
    ESTABLISHMENT: "retention.establishment_years",
    ESTABLISHMENT_HEALTH: "retention.health_years",
    ESTABLISHMENT_SCHOOL: "retention.school_years",
}

TITLES = {
    HOUSEHOLD: "Mottagandet (hushållets akt)",
    "note.SOCIAL": "Anteckningar, socialtjänst",
    "note.BASIC": "Anteckningar, grunduppgifter",
    "note.SCHOOL": "Anteckningar, skola",
    "note.HEALTH": "Anteckningar, hälsa",
    ESTABLISHMENT: "Etableringen (kartläggning, plan, program, SFI, status per månad)",
    ESTABLISHMENT_HEALTH: "Kartläggningen: hälsa och förmåga",
    ESTABLISHMENT_SCHOOL: "Kartläggning av barn",
}

# Why a record whose period has run out is still kept.
RESEARCH_BIRTH_DAY = "research_birth_day"
CHILD_PLACEMENT = "child_placement"


def note_record_type(section: str) -> str:
    return f"note.{section}"


def retention_years(record_type: str, on: dt.date) -> int:
    return parameter(YEARS_PARAMETER[record_type], on).value


def is_research_birth_day(birth_date: dt.date | None, on: dt.date) -> bool:
    """Born on the 5th, 15th or 25th of a month: kept for research (SoF 7 kap. 2 §)."""
    if birth_date is None:
        return False
    return birth_date.day in parameter("retention.research_birth_days", on).value


@dataclass(frozen=True)
class RetentionOutcome:
    record_type: str
    last_entry: dt.date
    period_ends: dt.date  # the last day of the retention period
    complete_by: dt.date  # gallring must be done by this day
    due: bool  # the period has run out and no exemption applies
    expired: bool  # the period has run out (whether or not an exemption keeps the record)
    exemption: str  # "", RESEARCH_BIRTH_DAY or CHILD_PLACEMENT
    deadline: Deadline


def period_end(record_type: str, last_entry: dt.date) -> dt.date:
    """Five years after the last entry ends on the same date five years later (29 February → 28 February)."""
    return add_months(last_entry, 12 * retention_years(record_type, last_entry))


def completion_date(period_ends: dt.date) -> dt.date:
    """Gallring is completed during the calendar year after the one in which the period ends."""
    return dt.date(period_ends.year + 1, 12, 31)


def assess(
    record_type: str,
    last_entry: dt.date,
    today: dt.date,
    *,
    birth_dates: Iterable[dt.date | None] = (),
    child_placement: bool = False,
) -> RetentionOutcome:
    """May the record be gallrad on `today`? `birth_dates`: of the persons the record is about."""
    rule = parameter(YEARS_PARAMETER[record_type], last_entry)
    ends = period_end(record_type, last_entry)
    complete_by = completion_date(ends)
    expired = today > ends
    exemption = ""
    if child_placement:
        exemption = CHILD_PLACEMENT
    elif any(is_research_birth_day(birth, today) for birth in birth_dates):
        exemption = RESEARCH_BIRTH_DAY
    years = rule.value
    deadline = Deadline(
        date=complete_by,
        rule=f"retention.{record_type}",
        title=f"Gallras senast – {TITLES[record_type]}",
        explanation=(
            f"Sista anteckning {last_entry.isoformat()}; bevaras {years} år till och med {ends.isoformat()}; "
            f"gallringen ska vara genomförd under året därpå, senast {complete_by.isoformat()}."
        ),
        source=rule.source,
        status="local" if rule.local else rule.status,
        based_on={"Sista anteckning": last_entry},
    )
    return RetentionOutcome(
        record_type=record_type,
        last_entry=last_entry,
        period_ends=ends,
        complete_by=complete_by,
        due=expired and not exemption,
        expired=expired,
        exemption=exemption,
        deadline=deadline,
    )
