"""Hand-made receptions for the indicators' tests: Nyköping's arrivals of 2017, and two that must not count.

 hh  anvisning   arrival     latest      in time  members (sex, born)                     permanent home from
 H1  ABO         2017-03-10  2017-03-15  yes      F 1980-01-01, M 1978-01-01, F 2010-01-01  2017-03-01 (before: 0 d)
 H2  RESETTLED   2017-05-20  2017-05-01  no       M 1990-01-01                              2017-06-19 (30 d)
 H3  ABO         2017-08-01  2017-09-01  yes      F 1985-01-01, F 1995-01-01                2017-10-30 (90 d)
 H4  ABO         2017-09-01  2017-09-01  yes      M 1970-01-01                              2017-09-11 (10 d)
 H5  ABO         2017-10-01  2017-11-01  yes      F 1999-01-01                              2018-01-30 (121 d)
 H6  RESETTLED   2017-11-01  2017-11-30  yes      M 1988-01-01                              none (temporary)
 H7  self-settled 2017-12-01  —          —        F 1960-01-01                              none

Not Nyköping's 2017: H8 arrived 2016-12-31 (M); H9 Eskilstuna 2017-04-01 (F 1990, M 1991, ABO, in time).
"""

from __future__ import annotations

import datetime as dt

from etablera.housing.models import Contract
from etablera.people.models import HouseholdMember
from etablera.reception.models import Assignment, ReceptionCase
from etablera.testing.factories import (
    AssignmentFactory,
    HouseholdFactory,
    HousingUnitFactory,
    PersonFactory,
    municipality,
)

D = dt.date
ABO, RES, EBO = "ASSIGNED_FROM_FACILITY", "RESETTLED", None

HOUSEHOLDS = {
    "H1": (
        "0480",
        ABO,
        D(2017, 3, 10),
        D(2017, 3, 15),
        [("F", 1980), ("M", 1978), ("F", 2010)],
        D(2017, 3, 1),
    ),
    "H2": ("0480", RES, D(2017, 5, 20), D(2017, 5, 1), [("M", 1990)], D(2017, 6, 19)),
    "H3": ("0480", ABO, D(2017, 8, 1), D(2017, 9, 1), [("F", 1985), ("F", 1995)], D(2017, 10, 30)),
    "H4": ("0480", ABO, D(2017, 9, 1), D(2017, 9, 1), [("M", 1970)], D(2017, 9, 11)),
    "H5": ("0480", ABO, D(2017, 10, 1), D(2017, 11, 1), [("F", 1999)], D(2018, 1, 30)),
    "H6": ("0480", RES, D(2017, 11, 1), D(2017, 11, 30), [("M", 1988)], None),
    "H7": ("0480", EBO, D(2017, 12, 1), None, [("F", 1960)], None),
    "H8": ("0480", ABO, D(2016, 12, 31), D(2017, 1, 15), [("M", 1990)], None),
    "H9": ("0484", ABO, D(2017, 4, 1), D(2017, 5, 1), [("F", 1990), ("M", 1991)], None),
}


def contract(household, *, kind="FIRST_HAND", start, end=None, cost=8000, payer="HOUSEHOLD", status="ACTIVE"):
    place = household.municipality
    return Contract.objects.create(
        municipality=place,
        household=household,
        unit=HousingUnitFactory(municipality=place),
        kind=kind,
        status=status,
        start_date=start,
        end_date=end,
        payer=payer,
        monthly_cost=cost,
    )


def build() -> dict:
    made = {}
    for name, (code, category, arrival, latest, members, home) in HOUSEHOLDS.items():
        place = municipality(code)
        household = HouseholdFactory(municipality=place, name=f"Hushållet {name}")
        assignment = None
        if category is not None:
            assignment = AssignmentFactory(
                municipality=place,
                household=household,
                category=category,
                person_count=len(members),
                decision_date=min(latest, arrival) - dt.timedelta(days=30),
                latest_reception_date=latest,
                status=Assignment.Status.RECEIVED,
                received_date=arrival,
            )
        for sex, born in members:
            person = PersonFactory(
                municipality=place, sex=sex, birth_date=D(born, 1, 1), category=category or "SELF_SETTLED"
            )
            HouseholdMember.objects.create(household=household, person=person, relation="ADULT")
        ReceptionCase.objects.create(
            household=household, municipality=place, arrival_date=arrival, assignment=assignment
        )
        if home is not None:
            contract(household, start=home)
        made[name] = household
    return made
