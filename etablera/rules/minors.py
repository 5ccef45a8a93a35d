"""Unaccompanied minors and young adults (issue #14): the dates the law and the municipality's routines set for a
child who came alone — the report of continued responsibility to Migrationsverket before the 18th birthday, the
18th birthday itself (the end of the social board's care responsibility and of the god man's appointment), the 21st
(the end of the municipality's responsibility for housing, school and support), supported housing's ages, the
follow-up visits of a placed child, and the day to open the young person's housing need by.

Every date starts from the birth date as Migrationsverket has it *now*: an age assessment that moves the birth date
("skrivs upp i ålder") moves every date here, because nothing is stored — each is computed when it is asked for and
explains itself (a Deadline). RULES.md, "Unaccompanied minors", has the facts and their sources."""

from __future__ import annotations

import datetime as dt

from etablera.rules.dates import add_months, age_on, birthday
from etablera.rules.deadlines import Deadline, gettext_noop
from etablera.rules.parameters import parameter, parameter_value

# Placement kinds (Placement.kind): the glossary's housing forms for unaccompanied minors and young adults.
HVB = "HVB"  # hem för vård eller boende
FAMILY_HOME = "FAMILY_HOME"  # familjehem
EMERGENCY_HOME = "EMERGENCY_HOME"  # jourhem
SUPPORTED_HOUSING = "SUPPORTED_HOUSING"  # stödboende, 16–20 (16–17 only with special reasons)
EXIT_HOUSING = "EXIT_HOUSING"  # utslussboende
OWN_FLAT = "OWN_FLAT"  # egen lägenhet

BIRTH_DATE = gettext_noop("Födelsedatum")
BIRTHDAY_18 = gettext_noop("18-årsdagen")


def care_age(on: dt.date) -> int:
    return parameter_value("minors.care_responsibility_age", on)


def responsibility_age(on: dt.date) -> int:
    return parameter_value("minors.responsibility_end_age", on)


def turns_adult(birth_date: dt.date) -> dt.date:
    """The 18th birthday (29 February → 1 March in common years): the social board's care responsibility and the god
    man's appointment end that day."""
    return birthday(birth_date, care_age(birth_date))


def responsibility_ends(birth_date: dt.date) -> dt.date:
    """The 21st birthday: the municipality's responsibility for housing, school and support ends."""
    return birthday(birth_date, parameter_value("minors.responsibility_end_age", birth_date))


def continued_responsibility_report(birth_date: dt.date) -> Deadline:
    """The report to Migrationsverket of whether the municipality keeps the responsibility after 18 (a young asylum
    seeker): at least `minors.continued_responsibility_notice_weeks` weeks before the 18th birthday."""
    adult = turns_adult(birth_date)
    p = parameter("minors.continued_responsibility_notice_weeks", adult)
    date = adult - dt.timedelta(weeks=p.value)
    return Deadline.make(
        date=date,
        rule="minors.continued_responsibility_report",
        title=[gettext_noop("Anmälan om fortsatt ansvar till Migrationsverket senast"), {}],
        explanation=[
            [
                gettext_noop("18-årsdagen %(birthday)s − %(weeks)s veckor = %(date)s."),
                {"birthday": adult.isoformat(), "weeks": p.value, "date": date.isoformat()},
            ],
            *_leap_note(birth_date, adult),
        ],
        source=[p.source, {}],
        status=p.status,
        based_on={BIRTH_DATE: birth_date, BIRTHDAY_18: adult},
    )


def adulthood(birth_date: dt.date) -> Deadline:
    """The 18th birthday as a deadline: the care responsibility and the god man's appointment end."""
    adult = turns_adult(birth_date)
    p = parameter("minors.care_responsibility_age", adult)
    return Deadline.make(
        date=adult,
        rule="minors.adulthood",
        title=[gettext_noop("Fyller 18 år"), {}],
        explanation=[
            [
                gettext_noop(
                    "Född %(born)s: fyller %(age)s år %(date)s. Då upphör god mans uppdrag och socialnämndens "
                    "ansvar för vård och fostran; boende och stöd kan fortsätta till 21 år."
                ),
                {"born": birth_date.isoformat(), "age": p.value, "date": adult.isoformat()},
            ],
            *_leap_note(birth_date, adult),
        ],
        source=[p.source, {}],
        status=p.status,
        based_on={BIRTH_DATE: birth_date},
    )


def responsibility_end(birth_date: dt.date) -> Deadline:
    end = responsibility_ends(birth_date)
    p = parameter("minors.responsibility_end_age", end)
    return Deadline.make(
        date=end,
        rule="minors.responsibility_end",
        title=[gettext_noop("Fyller 21 år: kommunens ansvar upphör"), {}],
        explanation=[
            [
                gettext_noop("Född %(born)s: fyller %(age)s år %(date)s."),
                {"born": birth_date.isoformat(), "age": p.value, "date": end.isoformat()},
            ],
            *_leap_note(birth_date, end),
        ],
        source=[p.source, {}],
        status=p.status,
        based_on={BIRTH_DATE: birth_date},
    )


def follow_up_visit(last_visit: dt.date) -> Deadline:
    """The next follow-up visit of a placed child (the municipality's routine: every six weeks)."""
    p = parameter("minors.placement_follow_up_weeks", last_visit)
    date = last_visit + dt.timedelta(weeks=p.value)
    return Deadline.make(
        date=date,
        rule="minors.follow_up_visit",
        title=[gettext_noop("Nästa uppföljningsbesök senast"), {}],
        explanation=[
            [
                gettext_noop(
                    "Senaste besöket eller placeringens start %(last)s + %(weeks)s veckor = %(date)s."
                ),
                {"last": last_visit.isoformat(), "weeks": p.value, "date": date.isoformat()},
            ]
        ],
        source=[p.source, {}],
        status="local" if p.local else p.status,
        based_on={gettext_noop("Senaste besök"): last_visit},
    )


def upper_secondary(birth_date: dt.date | None, on: dt.date) -> bool:
    """Whether a newly arrived young person's school placement on `on` is in the upper-secondary school's
    introduction programme (språkintroduktion) rather than the compulsory school: from 16 (unverified; see the
    parameter's source). The process template's school placement step covers 6–17 either way."""
    if birth_date is None:
        return False
    return age_on(birth_date, on) >= parameter_value("minors.upper_secondary_age", on)


# --- the housing need, opened in time before the responsibility for the young person's housing ends -------------

# ChildCase.after_18 (the social board's decision at 18), as the rules read it.
AFTER_18_KEEP = "KEEP"
AFTER_18_RETURN = "RETURN"
AFTER_18_NOT_NEEDED = "NOT_NEEDED"
# The placements that are the last step before a home of one's own: their end is the day the young person needs one.
HOUSING_STEP_KINDS = {
    SUPPORTED_HOUSING: gettext_noop("Stödboendet"),
    EXIT_HOUSING: gettext_noop("Utslussboendet"),
}
HOUSING_ENDS = gettext_noop("Ansvaret för boendet upphör")


def housing_responsibility_end(
    birth_date: dt.date,
    *,
    after_18: str,
    has_permit: bool,
    placement_kind: str | None = None,
    placement_ends_on: dt.date | None = None,
) -> tuple[dt.date, list] | None:
    """The day the municipality's responsibility for the young person's housing ends, with the sentence that says
    why; None when the municipality does not house the young person after 18.

    - A residence permit, or the board's decision to keep the responsibility (KEEP, or NOT_NEEDED: a permit came
      before the decision was needed): to the 21st birthday (`minors.responsibility_end_age`, SoL 5 kap. 1 §). A
      permit wins over an earlier RETURN: a young person with a permit is the municipality's, whatever was decided
      while they were an asylum seeker.
    - RETURN: Migrationsverket houses the young adult asylum seeker from the 18th birthday, so the municipality has
      no housing to plan for — None.
    - No decision yet (an asylum seeker, or a refusal): the responsibility is only certain to the 18th birthday, so
      the need is counted from it — the earlier date is the safe one; a decision to keep moves it to the 21st.
    - A running supported or exit housing placement that ends on or after the 18th birthday and before that day
      ends the housing first: the young person needs a home when it ends. A placement that ends before 18 is not a
      housing need — the board places the child anew (its care responsibility runs to 18)."""
    adult = turns_adult(birth_date)
    if has_permit or after_18 in (AFTER_18_KEEP, AFTER_18_NOT_NEEDED):
        end = responsibility_ends(birth_date)
        if has_permit:
            why = gettext_noop(
                "Med uppehållstillstånd har kommunen ansvaret till 21 år: det upphör på 21-årsdagen %(end)s."
            )
        else:
            why = gettext_noop(
                "Socialnämnden har beslutat att kommunen behåller ansvaret efter 18 år: det upphör på "
                "21-årsdagen %(end)s."
            )
    elif after_18 == AFTER_18_RETURN:
        return None
    else:
        end = adult
        why = gettext_noop(
            "Inget beslut om ansvaret efter 18 år: ansvaret kan upphöra på 18-årsdagen %(end)s, så bostadsbehovet "
            "räknas från den. Ett beslut att behålla ansvaret flyttar datumet till 21-årsdagen."
        )
    reason = [why, {"end": end.isoformat()}]
    if (
        placement_kind in HOUSING_STEP_KINDS
        and placement_ends_on is not None
        and adult <= placement_ends_on < end
    ):
        reason = [
            gettext_noop("%(kind)s slutar %(date)s enligt placeringsbeslutet, före %(end)s."),
            {
                "kind": HOUSING_STEP_KINDS[placement_kind],
                "date": placement_ends_on.isoformat(),
                "end": end.isoformat(),
            },
        ]
        end = placement_ends_on
    return end, reason


def housing_need_opening(
    birth_date: dt.date,
    *,
    after_18: str,
    has_permit: bool,
    placement_kind: str | None = None,
    placement_ends_on: dt.date | None = None,
) -> Deadline | None:
    """The day to open the young person's housing need by: `minors.housing_need_lead_months` months (a local
    routine) before the municipality's responsibility for their housing ends (`housing_responsibility_end`: the
    21st or 18th birthday, or the end of a supported or exit housing placement). Months are calendar months (lag
    1930:173): 31 August − 6 months = 28 (29) February. None when the municipality does not house them after 18."""
    found = housing_responsibility_end(
        birth_date,
        after_18=after_18,
        has_permit=has_permit,
        placement_kind=placement_kind,
        placement_ends_on=placement_ends_on,
    )
    if found is None:
        return None
    end, reason = found
    p = parameter("minors.housing_need_lead_months", end)
    date = add_months(end, -p.value)
    return Deadline.make(
        date=date,
        rule="minors.housing_need_opening",
        title=[gettext_noop("Öppna bostadsbehov senast"), {}],
        explanation=[
            reason,
            [
                gettext_noop("%(end)s − %(months)s månader = %(date)s."),
                {"end": end.isoformat(), "months": p.value, "date": date.isoformat()},
            ],
            *(
                _leap_note(birth_date, end)
                if end in (turns_adult(birth_date), responsibility_ends(birth_date))
                else []
            ),
        ],
        source=[p.source, {}],
        status="local" if p.local else p.status,
        based_on={BIRTH_DATE: birth_date, HOUSING_ENDS: end},
    )


def _leap_note(birth_date: dt.date, day: dt.date) -> list:
    if (birth_date.month, birth_date.day) == (2, 29) and (day.month, day.day) != (2, 29):
        return [[gettext_noop("Född 29 februari: födelsedagen ett vanligt år räknas som 1 mars."), {}]]
    return []


def placement_problem(
    kind: str, birth_date: dt.date | None, starts_on: dt.date, special_reasons: str
) -> str | None:
    """Why a placement cannot start as given, in Swedish for the field, or None. Supported housing is for ages 16–20;
    a child of 16–17 only with special reasons written down."""
    if birth_date is None:
        return None
    age = age_on(birth_date, starts_on)
    end_age = parameter_value("minors.responsibility_end_age", starts_on)
    if age >= end_age:
        return f"Personen har fyllt {end_age} år när placeringen börjar; kommunens ansvar har upphört."
    if kind == SUPPORTED_HOUSING:
        minimum = parameter_value("minors.supported_housing_min_age", starts_on)
        if age < minimum:
            return f"Stödboende ges från {minimum} år; barnet är {age} år när placeringen börjar."
        if age < care_age(starts_on) and not special_reasons.strip():
            return "För den som är 16–17 år kräver stödboende särskilda skäl: skriv dem."
    return None


def guardian_end(kind_is_good_man: bool, birth_date: dt.date | None, custodian_appointed_on: dt.date | None):
    """The day a god man's appointment ends: the 18th birthday, or earlier the day a specially appointed custodian
    (särskilt förordnad vårdnadshavare) is appointed. A custodian's ends at 18 too. None without a birth date."""
    if birth_date is None:
        return custodian_appointed_on if kind_is_good_man else None
    adult = turns_adult(birth_date)
    if kind_is_good_man and custodian_appointed_on is not None:
        return min(adult, custodian_appointed_on)
    return adult


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first days of the months from `start`'s to `end`'s, both included."""
    month, last, months = start.replace(day=1), end.replace(day=1), []
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def days_in_month(start: dt.date, end: dt.date | None, month: dt.date) -> int:
    """Days of [start, end] (end None: still running, counted to the month's end) that fall in `month`: the
    placement days a child had that month — what the state compensation per day is computed from."""
    first = month.replace(day=1)
    last = add_months(first, 1) - dt.timedelta(days=1)
    lo, hi = max(start, first), min(end or last, last)
    return max(0, (hi - lo).days + 1)
