"""Shared pytest fixtures (STYLE.md rule 8): Nyköping with its units, and the people who test it.

alice    caseworker in Nyköping's reception unit (sees every household of Nyköping)
bob      caseworker in Nyköping's SFI unit (a colleague in another unit: sees only households SFI has tasks for)
carol    administrator of Nyköping
stina    statistics (read-only figures, never persons) in Nyköping
charlie  caseworker in Enköping's reception unit (an outsider municipality)
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from etablera.organisation.models import Role, Unit
from etablera.testing.factories import HouseholdFactory, UnitFactory, UserFactory, municipality


@pytest.fixture
def nykoping(db):
    return municipality("0480")


@pytest.fixture
def enkoping(db):
    return municipality("0381")


@pytest.fixture
def units(nykoping):
    """Nyköping's units, by function."""
    F = Unit.Function
    made = {
        F.RECEPTION: UnitFactory(municipality=nykoping, name="Mottagningsenheten", function=F.RECEPTION),
        F.SOCIAL_SERVICES: UnitFactory(
            municipality=nykoping, name="Socialtjänsten", function=F.SOCIAL_SERVICES
        ),
        F.SFI: UnitFactory(municipality=nykoping, name="SFI", function=F.SFI),
        F.SCHOOL: UnitFactory(municipality=nykoping, name="Mottagningsskolan", function=F.SCHOOL),
        F.LABOUR_MARKET: UnitFactory(
            municipality=nykoping, name="Arbetsmarknadsenheten", function=F.LABOUR_MARKET
        ),
        F.HOUSING: UnitFactory(municipality=nykoping, name="Bostadsenheten", function=F.HOUSING),
    }
    return made


@pytest.fixture
def enkoping_reception(enkoping):
    return UnitFactory(municipality=enkoping, name="Integrationsenheten", function=Unit.Function.RECEPTION)


@pytest.fixture
def alice(units):
    return UserFactory.with_role("alice", units[Unit.Function.RECEPTION], Role.CASEWORKER, first_name="Alice")


@pytest.fixture
def bob(units):
    return UserFactory.with_role("bob", units[Unit.Function.SFI], Role.CASEWORKER, first_name="Bob")


@pytest.fixture
def carol(units):
    return UserFactory.with_role(
        "carol", units[Unit.Function.RECEPTION], Role.ADMINISTRATOR, first_name="Carol"
    )


@pytest.fixture
def stina(units):
    return UserFactory.with_role("stina", units[Unit.Function.RECEPTION], Role.STATISTICS, first_name="Stina")


@pytest.fixture
def charlie(enkoping_reception):
    return UserFactory.with_role("charlie", enkoping_reception, Role.CASEWORKER, first_name="Charlie")


@pytest.fixture
def family(nykoping):
    """Two adults (40, 38), a school child (9) and a toddler (2)."""
    return HouseholdFactory.with_members([40, 38, 9, 2], municipality=nykoping, name="Familjen Exempel")


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests that do not test hashing use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_login_throttling(settings):
    """django-axes needs the request in authenticate(), which the test client's login() does not pass; the
    throttling itself is tested through the login page in access/tests/test_hardening.py."""
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """The language a test activates (translation.activate, a command run with --lang en, a request in English)
    is the thread's, and would outlive the test: the next test in the same process would read English messages."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _background_work_at_once(settings):
    """A job started in a test runs when its transaction commits (django-tasks' immediate backend), with no worker;
    etablera/background/tests/test_worker.py runs the real database backend and its worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def maja(units):
    """Unit manager (enhetschef) of Nyköping's social services: reviews Nyköping's access log and break-glass."""
    return UserFactory.with_role(
        "maja", units[Unit.Function.SOCIAL_SERVICES], Role.UNIT_MANAGER, first_name="Maja", last_name="Chef"
    )


# --- issue #3: a social-services caseworker and a manager authorised for protected addresses --------------------


@pytest.fixture
def sigrid(units):
    """Caseworker in Nyköping's social services: owns the SOCIAL section."""
    return UserFactory.with_role(
        "sigrid", units[Unit.Function.SOCIAL_SERVICES], Role.CASEWORKER, first_name="Sigrid"
    )


@pytest.fixture
def maria(units):
    """Unit manager of Nyköping's reception unit, explicitly authorised to see protected addresses."""
    from etablera.organisation.models import Membership

    user = UserFactory.with_role(
        "maria", units[Unit.Function.RECEPTION], Role.UNIT_MANAGER, first_name="Maria"
    )
    Membership.objects.filter(user=user).update(may_view_protected_address=True)
    return user


# --- issue #5: housing -------------------------------------------------------------------------------------------


@pytest.fixture
def hanna(units):
    """Caseworker in Nyköping's housing unit (bostadsenheten): keeps the homes, needs, contracts and matching."""
    return UserFactory.with_role("hanna", units[Unit.Function.HOUSING], Role.CASEWORKER, first_name="Hanna")


@pytest.fixture
def flat(nykoping):
    """A free three-room flat (two bedrooms) from the municipal housing company."""
    from etablera.testing.factories import HousingUnitFactory

    return HousingUnitFactory(municipality=nykoping, reference="NH-1001", rooms=3, bedrooms=2)


@pytest.fixture
def sfi_consent(alice, received, units, today):
    """A written consent in force from the eldest member of the test module's `received` household, naming SFI for
    the basic section (registered by alice of the reception unit)."""
    from etablera.access.models import Consent
    from etablera.access.sections import Section

    person = received.household.members.order_by("birth_date", "pk").first()
    consent = Consent.objects.create(
        person=person,
        municipality_id=person.municipality_id,
        sections=[Section.BASIC],
        purpose="Planera SFI-start",
        given_date=today - dt.timedelta(days=3),
        method=Consent.Method.WRITTEN,
        recorded_by=alice,
    )
    consent.units.set([units[Unit.Function.SFI]])
    return consent


@pytest.fixture(scope="module")
def migration_data_back_afterwards(django_db_setup, django_db_blocker):
    """For a module of transactional tests (testing.concurrency.CONCURRENT): each ends with empty tables, and the
    tests after the module need the migrations' data back."""
    from etablera.testing.concurrency import restore_migration_data

    yield
    with django_db_blocker.unblock():
        restore_migration_data()


@pytest.fixture(scope="module")
def demo_for_the_module(django_db_setup, django_db_blocker):
    """The demo (without Södermanland's other municipalities) loaded once for a module's tests, not once per test
    (a walk over thirteen users loaded it thirteen times; issue #19, the suite's time). It is committed; each test
    still runs in its own transaction on top of it (`db`), rolled back, so every test sees the demo as loaded.
    Afterwards the tables are emptied and the migrations' data put back, as after a module of transactional tests.
    Only for modules whose tests need nothing but the demo: a test that makes its own rows sees the demo's too."""
    from django.core.management import call_command
    from django.db import connection

    from etablera.testing.demo import demo_command

    with django_db_blocker.unblock():
        # The migrations' data, as the module found them.
        before = connection.creation.serialize_db_to_string()
        demo_command()  # written back from this process's first load when it can be (testing/demo.py)
    yield
    with django_db_blocker.unblock():
        # The sequences stay where the demo left them (PostgreSQL's TRUNCATE would otherwise restart them, and the
        # next row made would take the id of a row put back here), as Django's own transactional tests flush.
        call_command(
            "flush", verbosity=0, interactive=False, inhibit_post_migrate=True, reset_sequences=False
        )
        connection.creation.deserialize_db_from_string(before)


# --- issue #16: the county board (Länsstyrelsen) ----------------------------------------------------------------


@pytest.fixture
def lena(nykoping):
    """Caseworker of the county board of Södermanland, placed at Nyköping: sees the county's figures, no person."""
    board = UnitFactory(
        municipality=nykoping,
        name="Länsstyrelsen i Södermanlands län",
        function=Unit.Function.COUNTY_BOARD,
        kind=Unit.Kind.EXTERNAL,
    )
    return UserFactory.with_role("lena", board, Role.CASEWORKER, first_name="Lena")
