"""The world the permission matrix asks about: the roles, the households H and P (P's member has protected
identity), the protected homes and their marker addresses, and a signed-in client for each role.

Roles, for a received household H in Nyköping:
  owner      caseworker in the reception unit, which owns H's reception case (alice)
  colleague  caseworker in another unit of Nyköping that has nothing to do with H (greta)
  consent    caseworker in a third unit, named by the consent of one adult of H (harald)
  outsider   caseworker in Enköping (charlie)
  anonymous  nobody signed in
  admin      administrator of Nyköping (carol)
  protected  the owner on household P, whose member has protected identity: same answers as the owner
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt

import pytest
from django.test import Client

from etablera.access import services as access_services
from etablera.access.sections import Section
from etablera.organisation.models import Unit
from etablera.people.models import Person, ProtectedIdentity
from etablera.reception import services
from etablera.reception.models import Task
from etablera.testing.factories import HouseholdFactory, UnitFactory, UserFactory

ROLES = ("owner", "colleague", "consent", "outsider", "anonymous", "admin", "protected")
SECRET_STREET = "Hemliga gatan 7"
# The protected addresses (plain ASCII, so that no page, JSON, CSV, Excel or PDF encodes them differently).
PERSON_MARKER = "Skyddsstigen 13"  # P's members
HOME_MARKER = "Gomda grand 5"  # the shared home P (and H) live in
DRAFT_MARKER = "Utkastvagen 9"  # the home Q holds a draft for
MARKERS = (PERSON_MARKER, HOME_MARKER, DRAFT_MARKER)
OPEN_HOME = "Oppna torget 1"  # an unprotected home: its address is shown (else the check proves nothing)


@dataclasses.dataclass
class World:
    users: dict
    household: object  # H, or P for the protected role
    person: object  # the consenting adult of H (or P's protected member)
    task: object  # a household-level task of the reception unit
    member_task: object  # a task of the consenting adult
    pending: object  # an assignment not yet received
    template: object
    consent: object
    municipality: object
    unit: object  # another unit of Nyköping, to hand tasks to
    homes: dict = dataclasses.field(default_factory=dict)  # the protected homes by marker


def _received(alice, household, reference, today):
    assignment = services.create_assignment(
        actor=alice,
        municipality=household.municipality,
        reference=reference,
        category="ASSIGNED_FROM_FACILITY",
        decision_date=today - dt.timedelta(days=20),
        household=household,
    )
    services.receive_household(actor=alice, assignment=assignment, arrival_date=today - dt.timedelta(days=5))
    return assignment


@pytest.fixture
def worlds(nykoping, units, alice, carol, charlie, today):
    greta = UserFactory.with_role(
        "greta", UnitFactory(municipality=nykoping, name="Överförmyndarenheten", function=Unit.Function.OTHER)
    )
    contact = UnitFactory(municipality=nykoping, name="Kontaktcenter", function=Unit.Function.OTHER)
    harald = UserFactory.with_role("harald", contact)
    users = {"owner": alice, "colleague": greta, "consent": harald, "outsider": charlie, "admin": carol}

    def build(name, reference, protected):
        household = HouseholdFactory.with_members([41, 39, 8], municipality=nykoping, name=name)
        Person.objects.filter(household_memberships__household=household).update(
            address_street=PERSON_MARKER if protected else SECRET_STREET,
            address_postal_code="611 30",
            address_city="Nyköping",
        )
        adult = household.members.order_by("birth_date").first()
        if protected:
            Person.objects.filter(pk=adult.pk).update(
                protected_identity=ProtectedIdentity.CONFIDENTIALITY_MARKING
            )
            adult.refresh_from_db()
        _received(alice, household, reference, today)
        consent = access_services.record_consent(
            actor=alice,
            person=adult,
            units=[contact],
            sections=[Section.BASIC],
            purpose="Kontakt med föreningar",
            given_date=today,
            method="WRITTEN",
        )
        return household, adult, consent

    h, h_adult, h_consent = build("Familjen Matris", "MIG-MATRIX-H", protected=False)
    p, p_adult, p_consent = build("Familjen Skyddad", "MIG-MATRIX-P", protected=True)
    pending_household = HouseholdFactory.with_members([30], municipality=nykoping, name="Hushållet Väntar")
    pending = services.create_assignment(
        actor=alice,
        municipality=nykoping,
        reference="MIG-MATRIX-PENDING",
        category="FAMILY_REUNIFICATION",
        decision_date=today - dt.timedelta(days=3),
        household=pending_household,
    )
    from etablera.reception.models import ProcessTemplate

    template = ProcessTemplate.objects.get(municipality=None)
    homes = _protected_homes(nykoping, h, p, today)

    def world(household, adult, consent):
        reception_unit = units[Unit.Function.RECEPTION]
        return World(
            users=users,
            household=household,
            person=adult,
            task=Task.objects.filter(household=household, person=None, unit=reception_unit)
            .order_by("pk")
            .first(),
            member_task=Task.objects.filter(person=adult).order_by("pk").first(),
            pending=pending,
            template=template,
            consent=consent,
            municipality=nykoping,
            unit=units[Unit.Function.SFI],
            homes=homes,
        )

    return {"H": world(h, h_adult, h_consent), "P": world(p, p_adult, p_consent)}


def _protected_homes(nykoping, h, p, today) -> dict:
    """P and H live in a shared home at HOME_MARKER (signed, ending within 90 days: in every housing list), both
    wait for a permanent home (the queue), H is proposed a place there (the matching); Q, protected as well,
    holds a draft for a home at DRAFT_MARKER. An unprotected free home at OPEN_HOME."""
    from etablera.housing import services as housing
    from etablera.housing.models import MatchProposal, MatchRun
    from etablera.testing.factories import HousingUnitFactory

    def home(street, reference, **extra):
        return HousingUnitFactory(
            municipality=nykoping, address_street=street, reference=reference, area="Skyddat omrade", **extra
        )

    shared = home(HOME_MARKER, "MATRIS-DELAT", kind="SHARED_ROOM", rooms=4, bedrooms=4, capacity=4)
    drafted = home(DRAFT_MARKER, "MATRIS-Q")
    home(OPEN_HOME, "MATRIS-OPPEN")
    q = HouseholdFactory.with_members([33], municipality=nykoping, name="Hushållet Q")
    Person.objects.filter(household_memberships__household=q).update(
        protected_identity=ProtectedIdentity.PROTECTED_REGISTRATION
    )
    for household, days in ((p, 30), (h, 20)):
        housing.set_housing_need(actor=None, household=household)
        housing.create_contract(
            actor=None,
            household=household,
            unit=shared,
            kind="TEMPORARY",
            start_date=today - dt.timedelta(days=days),
            end_date=today + dt.timedelta(days=days),
            payer="MUNICIPALITY",
            sign=True,
        )
    housing.set_housing_need(actor=None, household=q)
    housing.create_contract(
        actor=None,
        household=q,
        unit=drafted,
        kind="SECOND_HAND",
        start_date=today + dt.timedelta(days=14),
        payer="HOUSEHOLD",
    )
    run = MatchRun.objects.create(municipality=nykoping, on_date=today)
    MatchProposal.objects.create(
        run=run, household=h, unit=shared, move_in=today + dt.timedelta(days=7), explanation=["Passar"]
    )
    return {HOME_MARKER: shared, DRAFT_MARKER: drafted}


def client_for(role, world, tokens) -> Client:
    """A client signed in as the role's user (with its API token), or no one for the anonymous role."""
    user = world.users.get("owner" if role == "protected" else role)
    if role == "anonymous" or user is None:
        return Client()
    client = Client(headers={"Authorization": f"Bearer {tokens[user.pk]}"})
    client.force_login(user)
    return client


def clients_for(role, world, tokens):
    """A maker of new clients signed in as the role, all with one sign-in: the session is made once, here (call it
    outside the cases' rolled-back transactions), and each client gets a copy of its cookie — a force_login per
    client was an eighth of the walks' time and most of it on PostgreSQL. A case that signs out, or changes the
    session, does so in its own transaction, which is rolled back, and the next client has the session as it was."""
    signed_in = client_for(role, world, tokens)

    def new() -> Client:
        client = Client(headers=signed_in.headers)
        client.cookies = copy.deepcopy(signed_in.cookies)
        return client

    return new
