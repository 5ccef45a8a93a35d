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


# --- grants to associations (issue #17; applied by etablera/grants/gallring.py, run from access/gallring.py) -------
# An application is the association's, not a person's; what is personal in it is the contact person's name, e-mail
# and phone. A granted application and its decision are the municipality's records (allmänna handlingar, kept
# under arkivlagen as the dokumenthanteringsplan says); only the contact details go. Rejected and withdrawn ones
# keep their decision, the contact person goes; an application never confirmed was never a case and goes whole.


def grant_unconfirmed_cutoff(today: dt.date) -> dt.date:
    """An unconfirmed application created before this day is deleted."""
    return today - dt.timedelta(days=parameter("retention.grant_unconfirmed_days", today).value)


def grant_rejected_cutoff(today: dt.date) -> dt.date:
    """A rejected or withdrawn application decided before this day loses its contact person."""
    return add_months(today, -12 * parameter("retention.grant_rejected_years", today).value)


def grant_contact_cutoff(today: dt.date) -> dt.date:
    """A granted application reported back (or paid) before this day loses its contact person's e-mail and phone."""
    return add_months(today, -12 * parameter("retention.grant_contact_years", today).value)


# --- volunteers (issue #17; applied by etablera/volunteers/gallring.py, run from access/gallring.py) -------------
# A volunteer's data rests on their consent (GDPR art. 6.1 a): it is kept while the assignment lasts and no longer
# (art. 5.1 e). Withdrawing erases it at once (art. 7.3, 17.1 b: the withdrawal service, not gallring); a sign-up
# never confirmed was never consented to by the address's owner and goes after a short time; a volunteer with no
# running match who has not renewed goes after a few years; an ended match's notes, which may describe a newcomer,
# go after a few years too while the match itself (dates, reason) stays for the report.


def volunteer_unconfirmed_cutoff(today: dt.date) -> dt.date:
    """An unconfirmed sign-up made before this day is deleted."""
    return today - dt.timedelta(days=parameter("retention.volunteer_unconfirmed_days", today).value)


def volunteer_inactive_cutoff(today: dt.date) -> dt.date:
    """A volunteer with no running match whose last activity (sign-up, renewal, a match's end) is before this day
    is erased."""
    return add_months(today, -12 * parameter("retention.volunteer_inactive_years", today).value)


def volunteer_match_note_cutoff(today: dt.date) -> dt.date:
    """An ended match whose end is before this day loses its notes and its follow-ups' notes."""
    return add_months(today, -12 * parameter("retention.volunteer_match_note_years", today).value)


# --- the register of civil society (issue #17; applied by etablera/civil/gallring.py, run from access/gallring.py) -
# An association's contact persons are kept while the cooperation lasts: their data is needed to reach the
# association and for nothing else (GDPR art. 5.1 e, storage limitation). When the association has left the network
# they go `retention.civil_contact_years` after it left; the association itself (an organisation) stays.


def civil_contact_cutoff(today: dt.date) -> dt.date:
    """An association that left the network before this day loses its contact persons."""
    return add_months(today, -12 * parameter("retention.civil_contact_years", today).value)
