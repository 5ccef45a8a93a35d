"""Fixtures of the matching's tests (issue #13, the "matching" part), imported by its test modules.

matched      the received family's first adult, mapped: undersköterska (SSYK 5321) for 4 years, Arabic, basic
             Swedish, no driving licence, living in postcode area 611
care         an open placement as undersköterska (SSYK 5321) in area 611 that values Arabic: his best proposal
driving      an open placement that requires a driving licence: never proposed to him
cafe         a language café with Arabic and language support, three places
full         an activity whose one place is taken
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from etablera.activity.models import Activity, Employer, Participation, Placement, SupportMonth
from etablera.establishment.models import Assessment, LanguageSkill, WorkExperience
from etablera.organisation.models import Unit
from etablera.people.models import Person
from etablera.rules.dates import add_months

__all__ = [
    "matched",
    "employer",
    "care",
    "driving",
    "cafe",
    "full",
    "covered",
    "participating",
    "make_person",
]


def _map(
    person, *, ssyk="5321", years=4, occupation="undersköterska", languages=(("arabiska", "MOTHER_TONGUE"),)
):
    assessment = Assessment.objects.create(person=person, municipality_id=person.municipality_id)
    if ssyk:
        WorkExperience.objects.create(
            assessment=assessment, ssyk_code=ssyk, years=years, occupation=occupation
        )
    for name, level in languages:
        LanguageSkill.objects.create(assessment=assessment, language=name, level=level)
    return assessment


@pytest.fixture
def make_person(received):
    """Another adult in the received family, mapped as asked."""
    household = received.household

    def make(first_name, postcode="61190", **mapping):
        from etablera.testing.factories import PersonFactory

        person = PersonFactory(
            municipality=household.municipality,
            first_name=first_name,
            last_name="Exempel",
            birth_date=dt.date(1990, 5, 5),
            address_postal_code=postcode,
        )
        household.memberships.create(person=person, relation="ADULT")
        _map(person, **mapping)
        return person

    return make


@pytest.fixture
def matched(received):
    person = received.household.members.order_by("birth_date", "pk").first()
    Person.objects.filter(pk=person.pk).update(address_postal_code="61132")
    person.refresh_from_db()
    assessment = _map(person)
    LanguageSkill.objects.create(assessment=assessment, language="svenska", level="BASIC")
    return person


@pytest.fixture
def employer(nykoping):
    return Employer.objects.create(
        municipality=nykoping,
        name="Omsorgen i Nyköping AB",
        organisation_number="556677-8899",
        postcode="61135",
    )


def _placement(employer, units, today, **values):
    defaults = {
        "municipality": employer.municipality,
        "unit": units[Unit.Function.LABOUR_MARKET],
        "tasks": "Följa med i arbetet.",
        "starts_on": today,
        "ends_on": today + dt.timedelta(days=90),
        "hours_per_week": Decimal(20),
        "postcode": "61135",
    }
    return Placement.objects.create(employer=employer, **{**defaults, **values})


@pytest.fixture
def care(employer, units, today):
    return _placement(
        employer, units, today, title="Undersköterska på äldreboende", ssyk="5321", languages=["ar"]
    )


@pytest.fixture
def driving(employer, units, today):
    return _placement(
        employer, units, today, title="Hemtjänst med bil", ssyk="5321", driving_licence=True, postcode="61150"
    )


def _activity(units, today, **values):
    defaults = {
        "municipality": units[Unit.Function.LABOUR_MARKET].municipality,
        "unit": units[Unit.Function.LABOUR_MARKET],
        "place": "Biblioteket",
        "schedule": "mån och ons 9–12",
        "hours_per_week": Decimal(6),
        "places": 3,
        "starts_on": today - dt.timedelta(days=30),
        "postcode": "61140",
    }
    return Activity.objects.create(**{**defaults, **values})


@pytest.fixture
def cafe(units, today):
    return _activity(
        units, today, name="Språkcafé på biblioteket", kind="LANGUAGE_CAFE", languages=["arabiska"],
        language_support=True,
    )  # fmt: skip


@pytest.fixture
def full(units, today, received):
    activity = _activity(units, today, name="Snickeri", kind="WORK_TRAINING", places=1)
    other = received.household.members.order_by("-birth_date", "pk").first()
    Participation.objects.create(
        person=other, municipality=activity.municipality, kind="ACTIVITY", activity=activity,
        hours_per_week=Decimal(6), starts_on=today - dt.timedelta(days=7), unit=activity.unit,
    )  # fmt: skip
    return activity


@pytest.fixture
def covered(received, matched, today):
    """Five months of support in a row up to this month for the matched adult: the requirement covers him."""
    this_month = today.replace(day=1)
    for back in range(5):
        month = SupportMonth.objects.create(
            household=received.household,
            municipality_id=matched.municipality_id,
            month=add_months(this_month, -back),
            amount=12000,
        )
        month.persons.add(matched)
    return matched


@pytest.fixture
def participating(matched, cafe, today):
    """The matched adult takes part in the café, whose attendance the labour-market unit records."""
    return Participation.objects.create(
        person=matched, municipality=cafe.municipality, kind="ACTIVITY", activity=cafe,
        hours_per_week=Decimal(6), starts_on=today - dt.timedelta(days=7), unit=cafe.unit,
    )  # fmt: skip
