"""The establishment phase: the programme (lag 2017:584, förordning 2017:820), the first mapping (kartläggning) and
the coordinated individual plan (SIP, SoL 2 kap. 7 §, HSL 16 kap. 4 §). Each date a user sees is a `Deadline` that
says which rule made it and from which dates."""

from __future__ import annotations

import datetime as dt

from etablera.rules.dates import add_months, age_on, birthday
from etablera.rules.deadlines import Deadline, gettext_noop
from etablera.rules.parameters import parameter, parameter_value

ARRIVAL = gettext_noop("Ankomstdatum")
PROGRAMME_START = gettext_noop("Programmets start")
NEED_KNOWN = gettext_noop("Behovet blev känt")
PLAN_STARTED = gettext_noop("Planen upprättades")
LAST_MEETING = gettext_noop("Senaste uppföljningsmötet")
MEETING_PLANNED = gettext_noop("Planerat uppföljningsmöte")


def in_programme_age(birth_date: dt.date, on: dt.date) -> bool:
    """From 20 up to but not including 66 (Arbetsförmedlingen; older pages say 65)."""
    age = age_on(birth_date, on)
    return (
        parameter_value("establishment.min_age", on)
        <= age
        < parameter_value("establishment.max_age_exclusive", on)
    )


def programme_age_window(birth_date: dt.date, on: dt.date) -> tuple[dt.date, dt.date]:
    """The first day the person is of programme age and the first day they no longer are (the 20th and the 66th
    birthday, with the parameters in force on `on`)."""
    return (
        birthday(birth_date, parameter_value("establishment.min_age", on)),
        birthday(birth_date, parameter_value("establishment.max_age_exclusive", on)),
    )


def is_child(birth_date: dt.date, on: dt.date) -> bool:
    """Under 18 (föräldrabalken 9 kap. 1 §)."""
    return age_on(birth_date, on) < parameter_value("adulthood.age", on)


def assessment_deadline(arrival: dt.date, birth_date: dt.date | None = None) -> Deadline:
    """The first mapping within three weeks of arrival (seed 000, local policy); for a child the pedagogical,
    social and health mapping before the child is received at its school (school.child_assessment_weeks)."""
    child = birth_date is not None and is_child(birth_date, arrival)
    p = parameter("school.child_assessment_weeks" if child else "establishment.assessment_weeks", arrival)
    date = arrival + dt.timedelta(weeks=p.value)
    return Deadline.make(
        date=date,
        rule="establishment.assessment",
        title=[gettext_noop("Kartläggning senast"), {}],
        explanation=[
            [
                gettext_noop("Ankomst %(arrival)s + %(weeks)s veckor = %(date)s."),
                {"arrival": arrival.isoformat(), "weeks": p.value, "date": date.isoformat()},
            ]
        ],
        source=[p.source, {}],
        status="local" if p.local else p.status,
        based_on={ARRIVAL: arrival},
    )


def programme_planned_end(start: dt.date) -> Deadline:
    """The programme's planned end: normally 24 months from its start (the day before the same date 24 months
    later is the last day; the date given is the day it has run its 24 months)."""
    p = parameter("establishment.programme_months", start)
    date = add_months(start, p.value)
    return Deadline.make(
        date=date,
        rule="establishment.programme_end",
        title=[gettext_noop("Programmet slutar planenligt"), {}],
        explanation=[
            [
                gettext_noop("Start %(start)s + %(months)s månader = %(date)s."),
                {"start": start.isoformat(), "months": p.value, "date": date.isoformat()},
            ]
        ],
        source=[p.source, {}],
        status=p.status,
        based_on={PROGRAMME_START: start},
    )


def sip_deadline(need_known: dt.date) -> Deadline:
    """A SIP is to be drawn up "utan dröjsmål" once the need of both the municipality's and the region's
    interventions is known. The law gives no number of days: the date is the municipality's routine, and the
    explanation says so."""
    p = parameter("establishment.sip_days", need_known)
    date = need_known + dt.timedelta(days=p.value)
    return Deadline.make(
        date=date,
        rule="establishment.sip_start",
        title=[gettext_noop("SIP upprättas senast"), {}],
        explanation=[
            [
                gettext_noop(
                    "En SIP ska upprättas utan dröjsmål när behovet är känt (SoL 2 kap. 7 §, HSL 16 kap. 4 §)."
                ),
                {},
            ],
            [
                gettext_noop(
                    "Lagen anger inget antal dagar; kommunens rutin: behovet känt %(known)s + %(days)s dagar "
                    "= %(date)s."
                ),
                {"known": need_known.isoformat(), "days": p.value, "date": date.isoformat()},
            ],
        ],
        source=[p.source, {}],
        status="local" if p.local else p.status,
        based_on={NEED_KNOWN: need_known},
    )


def plan_follow_up(
    started_on: dt.date, last_meeting: dt.date | None = None, planned_meeting: dt.date | None = None
) -> Deadline:
    """The next follow-up of a plan that runs: at most `establishment.plan_follow_up_months` after the latest
    follow-up meeting (or after the plan was drawn up, before its first meeting) — the municipality's routine, no
    law gives a number — or the meeting planned, when that comes first."""
    base = max(started_on, last_meeting) if last_meeting else started_on
    p = parameter("establishment.plan_follow_up_months", base)
    by_routine = add_months(base, p.value)
    if last_meeting and last_meeting >= started_on:
        explanation = [
            gettext_noop("Senaste uppföljningsmötet %(base)s + %(months)s månader = %(date)s."),
            {"base": base.isoformat(), "months": p.value, "date": by_routine.isoformat()},
        ]
        based_on = {LAST_MEETING: base}
    else:
        explanation = [
            gettext_noop("Planen upprättades %(base)s + %(months)s månader = %(date)s."),
            {"base": base.isoformat(), "months": p.value, "date": by_routine.isoformat()},
        ]
        based_on = {PLAN_STARTED: base}
    explanations = [explanation]
    date = by_routine
    if planned_meeting is not None:
        based_on[MEETING_PLANNED] = planned_meeting
        if planned_meeting <= by_routine:
            date = planned_meeting
            explanations.append(
                [
                    gettext_noop("Nästa möte är planerat till %(planned)s: det är nästa uppföljning."),
                    {"planned": planned_meeting.isoformat()},
                ]
            )
        else:
            explanations.append(
                [
                    gettext_noop(
                        "Nästa möte är planerat till %(planned)s, efter rutinens datum: planen ska följas upp "
                        "senast %(date)s."
                    ),
                    {"planned": planned_meeting.isoformat(), "date": by_routine.isoformat()},
                ]
            )
    return Deadline.make(
        date=date,
        rule="establishment.plan_follow_up",
        title=[gettext_noop("Nästa uppföljning senast"), {}],
        explanation=explanations,
        source=[p.source, {}],
        status="local" if p.local else p.status,
        based_on=based_on,
    )


# --- the programme's end and the cohort outcomes (issue #12: etablera/establishment/reports/) ---------------------


def ending_soon_choices(on: dt.date) -> tuple[int, ...]:
    """The horizons of "the programme ends within …" (local policy); the first is the default."""
    return tuple(parameter_value("establishment.ending_soon_days", on))


def programme_end_as_given(planned_end: dt.date, start: dt.date | None) -> Deadline:
    """A planned end that Arbetsförmedlingen gave rather than the rule's 24 months from the start (a programme
    recorded with its own planned end stores no rule): the date is theirs, and the explanation says so."""
    p = parameter("establishment.programme_months", start or planned_end)
    return Deadline.make(
        date=planned_end,
        rule="establishment.programme_end",
        title=[gettext_noop("Programmet slutar planenligt"), {}],
        explanation=[
            [
                gettext_noop(
                    "Arbetsförmedlingens planerade slut %(date)s, registrerat som det angavs (normalt "
                    "%(months)s månader från starten)."
                ),
                {"date": planned_end.isoformat(), "months": p.value},
            ]
        ],
        source=[p.source, {}],
        status=p.status,
        based_on={PROGRAMME_START: start} if start else {},
    )


def outcome_follow_up_month(programme_end: dt.date) -> dt.date:
    """The month whose status counts for "i arbete eller studier 90 dagar efter etableringsuppdraget" (Kolada
    N00973): the one containing the day 90 days after the programme's last day (its first day stands for it)."""
    return outcome_follow_up_day(programme_end).replace(day=1)


def outcome_follow_up_day(programme_end: dt.date) -> dt.date:
    """The day 90 days after the programme's end: from then on its follow-up month's status is due."""
    return programme_end + dt.timedelta(
        days=parameter_value("establishment.outcome_follow_up_days", programme_end)
    )


def outcome_age_bands(on: dt.date) -> tuple[tuple[int, int], ...]:
    """The age bands of the cohort outcomes, both ends included (local policy)."""
    return tuple(tuple(band) for band in parameter_value("establishment.outcome_age_bands", on))


def outcome_age_band(birth_date: dt.date, arrival: dt.date) -> tuple[int, int] | None:
    """The band of the person's age at arrival, or None outside every band (children, 66 and older)."""
    age = age_on(birth_date, arrival)
    for low, high in outcome_age_bands(arrival):
        if low <= age <= high:
            return (low, high)
    return None


def outcome_min_cell(on: dt.date) -> int:
    """The fewest persons a shown figure may rest on: fewer is shown as "–". One policy for every figure that leaves
    the register, the outcomes as the follow-up's indicators (`followup.min_cell`)."""
    return parameter_value("followup.min_cell", on)


def months_from_arrival(arrival: dt.date, month: dt.date) -> int:
    """Whole calendar months from the month of arrival to `month` (arrival 2024-03-20, month 2025-01 → 10)."""
    return (month.year - arrival.year) * 12 + (month.month - arrival.month)
