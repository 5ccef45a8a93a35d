"""factory_boy factories for tests. Fictional people only; valid personnummer are generated with stdnum's Luhn."""

from __future__ import annotations

import datetime as dt
import itertools

import factory
from django.utils import timezone
from stdnum import luhn

from etablera.organisation.models import Membership, Municipality, Role, Unit, User
from etablera.people.models import Category, Household, HouseholdMember, Person
from etablera.reception.models import Assignment

_serial = itertools.count(100)


def personnummer(birth_date: dt.date, serial: int | None = None) -> str:
    """A valid (fictional) 12-digit personnummer for `birth_date`."""
    serial = next(_serial) if serial is None else serial
    base = f"{birth_date:%y%m%d}{serial % 1000:03d}"
    return f"{birth_date.year}{base[2:]}{luhn.calc_check_digit(base)}"


def warm_capabilities(user: User) -> None:
    """Put the user's memberships in the cache, as signing in does (etablera/access/capabilities_cache.py): for a
    test that counts the queries of a selector called directly, not through a signed-in request."""
    from etablera.access.policy import capabilities

    capabilities(User.objects.get(pk=user.pk))  # a fresh object: the given one would keep its own copy


def municipality(code: str) -> Municipality:
    return Municipality.objects.get(code=code)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("municipality", "name")

    municipality = factory.LazyFunction(lambda: municipality("0480"))
    name = factory.Sequence(lambda n: f"Enhet {n}")
    kind = Unit.Kind.TEAM
    function = Unit.Function.RECEPTION


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Användare{n}")
    password = factory.django.Password("korrekt-häst-batteri")

    @classmethod
    def with_role(cls, username: str, unit: Unit, role: str = Role.CASEWORKER, **kwargs) -> User:
        user = cls(username=username, **kwargs)
        Membership.objects.get_or_create(user=user, unit=unit, role=role)
        return user


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    municipality = factory.LazyFunction(lambda: municipality("0480"))
    first_name = factory.Iterator(["Amal", "Yusuf", "Hana", "Omar", "Leyla", "Daniel", "Sara", "Mikael"])
    last_name = factory.Iterator(["Testsson", "Exempel", "Provsdotter", "Fiktiv"])
    birth_date = dt.date(1990, 5, 17)
    sex = Person.Sex.FEMALE
    category = Category.ASSIGNED_FROM_FACILITY
    languages = "arabiska"


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    municipality = factory.LazyFunction(lambda: municipality("0480"))
    name = factory.Sequence(lambda n: f"Hushåll {n}")

    @classmethod
    def with_members(
        cls, ages: list[int], *, on: dt.date | None = None, category=Category.ASSIGNED_FROM_FACILITY, **kwargs
    ) -> Household:
        """A household with members of the given ages on `on` (default today); adults ≥ 18 are ADULT."""
        on = on or timezone.localdate()
        household = cls(**kwargs)
        for index, age in enumerate(ages):
            birth = dt.date(on.year - age, 1, 1 + index) if age else on - dt.timedelta(days=30 + index)
            if birth > on:
                birth = dt.date(on.year - age - 1, 1, 1 + index)
            person = PersonFactory(municipality=household.municipality, birth_date=birth, category=category)
            relation = HouseholdMember.Relation.ADULT if age >= 18 else HouseholdMember.Relation.CHILD
            HouseholdMember.objects.create(household=household, person=person, relation=relation)
        return household


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    reference = factory.Sequence(lambda n: f"MIG-TEST-{n:06d}")
    municipality = factory.LazyFunction(lambda: municipality("0480"))
    category = Category.ASSIGNED_FROM_FACILITY
    person_count = 1
    decision_date = dt.date(2026, 9, 1)
    quota_year = factory.LazyAttribute(lambda a: a.decision_date.year)
    latest_reception_date = factory.LazyAttribute(lambda a: a.decision_date + dt.timedelta(days=61))
    latest_reception_rule = factory.LazyAttribute(lambda a: {})


class HousingUnitFactory(factory.django.DjangoModelFactory):
    """A free flat from the municipal housing company (fictional addresses)."""

    class Meta:
        model = "housing.HousingUnit"

    municipality = factory.LazyFunction(lambda: municipality("0480"))
    reference = factory.Sequence(lambda n: f"OBJ-{n:05d}")
    address_street = factory.Sequence(lambda n: f"Påhittade gatan {n + 1}")
    address_postal_code = "611 30"
    address_city = "Nyköping"
    area = "Centrum"
    landlord = "HOUSING_COMPANY"
    landlord_name = "Nyköpingshem"
    kind = "FLAT"
    rooms = 3
    bedrooms = 2
    monthly_cost = 8500
    available_from = factory.LazyFunction(timezone.localdate)
