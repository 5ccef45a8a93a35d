"""A hand-computed cohort for the outcome figures: twelve persons Nyköping received in 2024, and five who must not
count. The figures, worked out by hand, are in test_outcomes.py; the report's date is AS_OF.

 #  sex cat  born        arrival     age band   programme end (follow-up month: status)   first work/studies  SFI start
 P1  F  ABO  1990-03-01  2024-01-15  33  25–39  2025-09-30 (2025-12: WORK)                2025-10 → 21 mån    2024-02-14 → 30 d
 P2  F  ABO  1985-06-10  2024-02-01  38  25–39  2025-10-31 (2026-01: SOCIAL_ASSISTANCE)   2026-03 → 25        2024-03-02 → 30
 P3  F  ABO  1995-01-20  2024-03-10  29  25–39  2025-11-30 (2026-02: STUDIES)             2026-02 → 23        2024-04-09 → 30
 P4  F  ABO  1980-09-05  2024-04-01  43  40–54  2026-01-31 (2026-05: WORK)                2026-05 → 25        2024-05-21 → 50
 P5  F  RES  2002-02-02  2024-05-15  22  20–24  2026-03-31 (2026-06: none recorded)       —                   2024-06-14 → 30
 P6  F  RES  1978-11-11  2024-06-01  45  40–54  2026-04-30 (due 2026-07-29: not yet)      2026-05 → 23        2024-08-30 → 90
 P7  F  ABO  1988-07-07  2024-07-01  35  25–39  runs (started 2024-09-01)                 —                   enrolled, not started
 P8  M  ABO  1992-12-12  2024-08-15  31  25–39  2025-08-31 (2025-11: WORK)                2025-09 → 13        2024-09-14 → 30
 P9  M  ABO  1983-03-03  2024-09-01  41  40–54  2025-12-31 (2026-03: SOCIAL_ASSISTANCE)   —                   2024-10-01 → 30
 P10 M  RES  2003-04-04  2024-10-01  21  20–24  2025-10-31 (2026-01: WORK)                2025-12 → 14        2024-10-31 → 30
 P11 M  RES  1990-10-10  2024-11-01  34  25–39  referred, not started                     —                   2025-01-30 → 90
 P12 M  ABO  1975-01-01  2024-12-01  49  40–54  none                                      2025-06 → 6         2024-11-20 → 0 (before arrival)

Not in the cohort: D1 arrived 2023-12-31; D2 a child (10); D3 arrived in Enköping; D4 no birth date; D5 aged 67.
"""

from __future__ import annotations

import datetime as dt

from etablera.establishment.models import MonthlyStatus, ProgrammePeriod, SfiEnrolment
from etablera.people.models import HouseholdMember, Person
from etablera.reception.models import ReceptionCase
from etablera.testing.factories import HouseholdFactory, PersonFactory, municipality

AS_OF = dt.date(2026, 6, 30)
D = dt.date
ABO, RES = "ASSIGNED_FROM_FACILITY", "RESETTLED"

# sex, category, born, arrival, programme (start, end or None, or "referred"), statuses {month: status},
# SFI start (or "enrolled")
PERSONS = {
    "P1": (
        "F",
        ABO,
        D(1990, 3, 1),
        D(2024, 1, 15),
        (D(2024, 3, 1), D(2025, 9, 30)),
        {D(2025, 10, 1): "WORK", D(2025, 12, 1): "WORK"},
        D(2024, 2, 14),
    ),
    "P2": (
        "F",
        ABO,
        D(1985, 6, 10),
        D(2024, 2, 1),
        (D(2024, 4, 1), D(2025, 10, 31)),
        {D(2026, 1, 1): "SOCIAL_ASSISTANCE", D(2026, 3, 1): "STUDIES"},
        D(2024, 3, 2),
    ),
    "P3": (
        "F",
        ABO,
        D(1995, 1, 20),
        D(2024, 3, 10),
        (D(2024, 5, 1), D(2025, 11, 30)),
        {D(2025, 12, 1): "SOCIAL_ASSISTANCE", D(2026, 2, 1): "STUDIES"},
        D(2024, 4, 9),
    ),
    "P4": (
        "F",
        ABO,
        D(1980, 9, 5),
        D(2024, 4, 1),
        (D(2024, 6, 1), D(2026, 1, 31)),
        {D(2026, 4, 1): "SOCIAL_ASSISTANCE", D(2026, 5, 1): "WORK"},
        D(2024, 5, 21),
    ),
    "P5": (
        "F",
        RES,
        D(2002, 2, 2),
        D(2024, 5, 15),
        (D(2024, 7, 1), D(2026, 3, 31)),
        {D(2026, 5, 1): "SOCIAL_ASSISTANCE"},
        D(2024, 6, 14),
    ),
    "P6": (
        "F",
        RES,
        D(1978, 11, 11),
        D(2024, 6, 1),
        (D(2024, 8, 1), D(2026, 4, 30)),
        {D(2026, 5, 1): "WORK"},
        D(2024, 8, 30),
    ),
    "P7": (
        "F",
        ABO,
        D(1988, 7, 7),
        D(2024, 7, 1),
        (D(2024, 9, 1), None),
        {D(2025, 1, 1): "PROGRAMME"},
        "enrolled",
    ),
    "P8": (
        "M",
        ABO,
        D(1992, 12, 12),
        D(2024, 8, 15),
        (D(2024, 9, 15), D(2025, 8, 31)),
        {D(2025, 9, 1): "WORK", D(2025, 11, 1): "WORK"},
        D(2024, 9, 14),
    ),
    "P9": (
        "M",
        ABO,
        D(1983, 3, 3),
        D(2024, 9, 1),
        (D(2024, 11, 1), D(2025, 12, 31)),
        {D(2026, 3, 1): "SOCIAL_ASSISTANCE"},
        D(2024, 10, 1),
    ),
    "P10": (
        "M",
        RES,
        D(2003, 4, 4),
        D(2024, 10, 1),
        (D(2024, 11, 1), D(2025, 10, 31)),
        {D(2025, 12, 1): "WORK", D(2026, 1, 1): "WORK"},
        D(2024, 10, 31),
    ),
    "P11": ("M", RES, D(1990, 10, 10), D(2024, 11, 1), "referred", {}, D(2025, 1, 30)),
    "P12": ("M", ABO, D(1975, 1, 1), D(2024, 12, 1), None, {D(2025, 6, 1): "WORK"}, D(2024, 11, 20)),
    # not in the 2024 cohort of Nyköping
    "D1": ("F", ABO, D(1990, 1, 1), D(2023, 12, 31), None, {D(2024, 2, 1): "WORK"}, D(2024, 1, 10)),
    "D2": ("M", ABO, D(2014, 1, 1), D(2024, 5, 1), None, {}, None),
    "D3": ("F", ABO, D(1990, 1, 1), D(2024, 3, 1), None, {D(2024, 5, 1): "WORK"}, None),
    "D4": ("F", ABO, None, D(2024, 3, 1), None, {D(2024, 5, 1): "WORK"}, None),
    "D5": ("M", ABO, D(1957, 1, 1), D(2024, 6, 1), None, {}, None),
}


def build_cohort() -> dict[str, Person]:
    made = {}
    for name, (sex, category, born, arrival, programme, statuses, sfi) in PERSONS.items():
        place = municipality("0381" if name == "D3" else "0480")
        household = HouseholdFactory(municipality=place, name=f"Hushållet {name}")
        person = PersonFactory(
            municipality=place, first_name=name, sex=sex, category=category, birth_date=born
        )
        HouseholdMember.objects.create(household=household, person=person, relation="ADULT")
        ReceptionCase.objects.create(household=household, municipality=place, arrival_date=arrival)
        common = {"person": person, "municipality": place}
        if programme == "referred":
            ProgrammePeriod.objects.create(**common, referral_date=arrival + dt.timedelta(days=30))
        elif programme is not None:
            start, end = programme
            ProgrammePeriod.objects.create(
                **common,
                referral_date=start,
                start_date=start,
                planned_end=D(start.year + 2, start.month, start.day),
                actual_end=end,
                end_reason="TIME_OUT" if end else "",
            )
        for month, status in statuses.items():
            MonthlyStatus.objects.create(**common, month=month, status=status)
        if sfi == "enrolled":
            SfiEnrolment.objects.create(**common, enrolled_on=arrival, course="A", study_path=1)
        elif sfi is not None:
            SfiEnrolment.objects.create(
                **common, enrolled_on=min(sfi, arrival), start_date=sfi, course="B", study_path=2
            )
        made[name] = person
    return made
