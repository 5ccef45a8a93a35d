"""Every URL and every API operation × every role (issue #3): who gets what.

The cases are checked against the URL resolver and the OpenAPI document, so a new page or endpoint without a row
here fails `test_every_url_and_operation_has_a_row`.

Roles, for a received household H in Nyköping:
  owner      caseworker in the reception unit, which owns H's reception case (alice)
  colleague  caseworker in another unit of Nyköping that has nothing to do with H (greta)
  consent    caseworker in a third unit, named by the consent of one adult of H (harald)
  outsider   caseworker in Enköping (charlie)
  anonymous  nobody signed in
  admin      administrator of Nyköping (carol)
  protected  the owner on household P, whose member has protected identity: same answers as the owner
Each request runs inside a savepoint that is rolled back, so the cases do not change each other's data.

What an allowed answer contains (issue #9): P's members live at a marker address, P lives in a shared home at
another marker (H lives there too), and a third protected household Q holds a draft for a home at a third. No role
here has made the person page's reveal, so for every role no answer holds any marker: no page, no API answer and
no download that a page links to (CSV, Excel — the xlsx unzipped — and PDF, its streams inflated and written in
the core font so the text is plain), besides the protected homes' own pages and records.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import html
import io
import json
import operator
import re
import zipfile
import zlib
from collections.abc import Callable

import pytest
from django.db import transaction
from django.db.models import Q
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from etablera.access import services as access_services
from etablera.access.models import AuditEvent
from etablera.access.sections import Section
from etablera.organisation.models import ApiToken, Unit
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
        category="SELF_SETTLED",
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


# --- the cases ----------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Case:
    key: str  # the URL name (pages) or "METHOD /path" as in the OpenAPI document (API)
    method: str
    url: Callable[[World], str]
    expect: dict[str, int]
    body: Callable[[World], dict] | None = None
    api: bool = False


def expect(default=None, **by_role) -> dict[str, int]:
    values = {role: default for role in ROLES}
    values.update(by_role)
    if values["protected"] is None:
        values["protected"] = values["owner"]
    return values


SIGNED_IN_200 = expect(200, anonymous=302)
API_SIGNED_IN_200 = expect(200, anonymous=401)

# Who sees H: owner (reception), consent (through one adult), admin (reception view); not colleague or outsider.
SEES_H = expect(200, colleague=404, outsider=404, anonymous=302)
API_SEES_H = expect(200, colleague=404, outsider=404, anonymous=401)
# A household-level task of H: the consent user sees only the consenting person's tasks.
SEES_TASK = expect(200, colleague=404, consent=404, outsider=404, anonymous=302)
API_SEES_TASK = expect(200, colleague=404, consent=404, outsider=404, anonymous=401)
RECEPTION_PAGE = expect(200, colleague=403, consent=403, anonymous=302)
ADMIN_PAGE = expect(403, admin=200, anonymous=302)
ADMIN_POST = expect(403, admin=302, anonymous=302)


def page(name, url, expected, method="get", body=None):
    return Case(name, method, url, expected, body)


def api(method, path, url, expected, body=None):
    return Case(f"{method.upper()} {path}", method, lambda w: "/api/v1" + url(w), expected, body, api=True)


def _task(w):
    return w.task.pk


def _colleague(w):
    return w.users["colleague"]


def _colleague_membership(w):
    # Kept on the world: the URL is asked for again after the request, when a removed membership is gone.
    if not hasattr(w, "colleague_membership"):
        w.colleague_membership = _colleague(w).memberships.order_by("pk").first()
    return w.colleague_membership


CASES: list[Case] = [
    # Pages
    page("login", lambda w: "/logga-in/", expect(200)),
    page("logout", lambda w: "/logga-ut/", expect(302), method="post"),
    page(
        "set_language",
        lambda w: "/i18n/setlang/",
        expect(302),
        method="post",
        body=lambda w: {"language": "sv"},
    ),
    page("home", lambda w: "/", expect(302)),
    page("my_tasks", lambda w: "/uppgifter/", SIGNED_IN_200),
    page("unit_tasks", lambda w: "/uppgifter/enhet/", SIGNED_IN_200),
    page("task_detail", lambda w: f"/uppgifter/{_task(w)}/", SEES_TASK),
    page(
        "task_complete",
        lambda w: f"/uppgifter/{_task(w)}/klar/",
        expect(302, colleague=404, consent=404, outsider=404),
        method="post",
        body=lambda w: {"note": ""},
    ),
    page(
        "task_not_applicable",
        lambda w: f"/uppgifter/{_task(w)}/ej-aktuell/",
        expect(302, colleague=404, consent=404, outsider=404),
        method="post",
        body=lambda w: {"ejaktuell-reason": "Inte aktuellt längre"},
    ),
    page(
        "task_reopen",
        lambda w: f"/uppgifter/{_task(w)}/oppna-igen/",
        expect(302, colleague=404, consent=404, outsider=404),
        method="post",
    ),
    page(
        "task_reassign",
        lambda w: f"/uppgifter/{_task(w)}/lamna-over/",
        expect(302, colleague=404, consent=404, outsider=404),
        method="post",
        body=lambda w: {"flytta-unit": w.unit.pk},
    ),
    page(
        "task_note",
        lambda w: f"/uppgifter/{_task(w)}/anteckning/",
        expect(302, colleague=404, consent=404, outsider=404),
        method="post",
        body=lambda w: {"anteckning-text": "Ringt"},
    ),
    page("household_search", lambda w: "/hushall/", SIGNED_IN_200),
    page("household_detail", lambda w: f"/hushall/{w.household.public_id}/", SEES_H),
    page("assignment_list", lambda w: "/anvisningar/", RECEPTION_PAGE),
    page("assignment_create", lambda w: "/anvisningar/ny/", RECEPTION_PAGE),
    page("assignment_import", lambda w: "/anvisningar/import/", RECEPTION_PAGE),
    page(
        "assignment_detail",
        lambda w: f"/anvisningar/{w.pending.pk}/",
        expect(200, colleague=403, consent=403, outsider=404, anonymous=302),
    ),
    page(
        "assignment_receive",
        lambda w: f"/anvisningar/{w.pending.pk}/ankomst/",
        expect(302, colleague=403, consent=403, outsider=404),
        method="post",
        body=lambda w: {"ankomst-arrival_date": timezone.localdate().isoformat()},
    ),
    page(
        "assignment_cancel",
        lambda w: f"/anvisningar/{w.pending.pk}/avbryt/",
        expect(302, colleague=403, consent=403, outsider=404),
        method="post",
        body=lambda w: {
            "avbryt-cancelled_date": timezone.localdate().isoformat(),
            "avbryt-reason": "Tackade nej",
        },
    ),
    page("overview", lambda w: "/oversikt/", SIGNED_IN_200),
    page("quota_report", lambda w: "/rapporter/kommuntal/", SIGNED_IN_200),
    page("template_list", lambda w: "/mallar/", ADMIN_PAGE),
    page(
        "template_copy",
        lambda w: "/mallar/kopiera/",
        expect(403, admin=302, anonymous=302),
        method="post",
        body=lambda w: {"municipality": "0480"},
    ),
    page("template_detail", lambda w: f"/mallar/{w.template.pk}/", ADMIN_PAGE),
    # Administration (issue #9): Nyköping's administrator manages the accounts of Nyköping (here the colleague's)
    page("administration", lambda w: "/administration/", ADMIN_PAGE),
    page("account_create", lambda w: "/administration/konton/ny/", ADMIN_PAGE),
    page("account_detail", lambda w: f"/administration/konton/{_colleague(w).pk}/", ADMIN_PAGE),
    page(
        "membership_add",
        lambda w: f"/administration/konton/{_colleague(w).pk}/medlemskap/",
        ADMIN_POST,
        method="post",
        body=lambda w: {"ny-unit": w.unit.pk, "ny-role": "CASEWORKER"},
    ),
    page(
        "membership_update",
        lambda w: f"/administration/medlemskap/{_colleague_membership(w).pk}/",
        ADMIN_POST,
        method="post",
        body=lambda w: {f"m{_colleague_membership(w).pk}-role": "COORDINATOR"},
    ),
    page(
        "membership_remove",
        lambda w: f"/administration/medlemskap/{_colleague_membership(w).pk}/ta-bort/",
        ADMIN_POST,
        method="post",
    ),
    page(
        "account_deactivate",
        lambda w: f"/administration/konton/{_colleague(w).pk}/inaktivera/",
        ADMIN_POST,
        method="post",
    ),
    page(
        "account_reactivate",
        lambda w: f"/administration/konton/{_colleague(w).pk}/aktivera/",
        ADMIN_POST,
        method="post",
    ),
    # API
    api("get", "/counties", lambda w: "/counties", API_SIGNED_IN_200),
    api("get", "/municipalities", lambda w: "/municipalities", API_SIGNED_IN_200),
    api("get", "/municipalities/{code}", lambda w: "/municipalities/0480", API_SIGNED_IN_200),
    api("get", "/units", lambda w: "/units", API_SIGNED_IN_200),
    api("get", "/quotas", lambda w: "/quotas", API_SIGNED_IN_200),
    api(
        "put",
        "/quotas/{municipality}/{year}",
        lambda w: f"/quotas/0480/{timezone.localdate().year}",
        expect(201, colleague=403, consent=403, outsider=403, anonymous=401),
        body=lambda w: {"quota": 70},
    ),
    api(
        "get",
        "/reports/quota",
        lambda w: f"/reports/quota?year={timezone.localdate().year}",
        API_SIGNED_IN_200,
    ),
    api(
        "post",
        "/persons/search",
        lambda w: "/persons/search",
        API_SIGNED_IN_200,
        body=lambda w: {"q": "Matris"},
    ),
    api(
        "post",
        "/households/search",
        lambda w: "/households/search",
        API_SIGNED_IN_200,
        body=lambda w: {"q": "Matris"},
    ),
    api("get", "/persons/{public_id}", lambda w: f"/persons/{w.person.public_id}", API_SEES_H),
    api("get", "/households/{public_id}", lambda w: f"/households/{w.household.public_id}", API_SEES_H),
    api("get", "/assignments", lambda w: "/assignments", API_SIGNED_IN_200),
    api(
        "post",
        "/assignments",
        lambda w: "/assignments",
        expect(201, colleague=403, consent=403, outsider=403, anonymous=401),
        body=lambda w: {
            "municipality": "0480",
            "reference": "MIG-MATRIX-NEW",
            "category": "RESETTLED",
            "decision_date": timezone.localdate().isoformat(),
            "person_count": 2,
        },
    ),
    api(
        "get",
        "/assignments/{assignment_id}",
        lambda w: f"/assignments/{w.pending.pk}",
        expect(200, colleague=404, consent=404, outsider=404, anonymous=401),
    ),
    api(
        "post",
        "/assignments/{assignment_id}/arrival",
        lambda w: f"/assignments/{w.pending.pk}/arrival",
        expect(201, colleague=404, consent=404, outsider=404, anonymous=401),
        body=lambda w: {"arrival_date": timezone.localdate().isoformat()},
    ),
    api(
        "post",
        "/assignments/{assignment_id}/cancel",
        lambda w: f"/assignments/{w.pending.pk}/cancel",
        expect(200, colleague=404, consent=404, outsider=404, anonymous=401),
        body=lambda w: {"reason": "Nej"},
    ),
    api("get", "/reception-cases", lambda w: "/reception-cases", API_SIGNED_IN_200),
    api("get", "/reception-cases/{case_id}", lambda w: f"/reception-cases/{w.task.case_id}", API_SEES_H),
    api("get", "/tasks", lambda w: "/tasks", API_SIGNED_IN_200),
    api("get", "/tasks/{task_id}", lambda w: f"/tasks/{_task(w)}", API_SEES_TASK),
    api(
        "post",
        "/tasks/{task_id}/complete",
        lambda w: f"/tasks/{_task(w)}/complete",
        API_SEES_TASK,
        body=lambda w: {"note": ""},
    ),
    api(
        "post",
        "/tasks/{task_id}/not-applicable",
        lambda w: f"/tasks/{_task(w)}/not-applicable",
        API_SEES_TASK,
        body=lambda w: {"reason": "Inte aktuellt"},
    ),
    # The task is open: those who may reopen it are refused because it is open already (issue #9: 409).
    api(
        "post",
        "/tasks/{task_id}/reopen",
        lambda w: f"/tasks/{_task(w)}/reopen",
        expect(409, colleague=404, consent=404, outsider=404, anonymous=401),
    ),
    api(
        "post",
        "/tasks/{task_id}/reassign",
        lambda w: f"/tasks/{_task(w)}/reassign",
        API_SEES_TASK,
        body=lambda w: {"unit": w.unit.pk},
    ),
    api(
        "post",
        "/tasks/{task_id}/notes",
        lambda w: f"/tasks/{_task(w)}/notes",
        expect(201, colleague=404, consent=404, outsider=404, anonymous=401),
        body=lambda w: {"text": "Ringt"},
    ),
    # The access log review, a person's access history and register extract, break-glass review, gallring
    # (unit managers and administrators of the municipality; carol is the administrator).
    page("access_log", lambda w: "/logg/", ADMIN_PAGE),
    page("access_history", lambda w: f"/logg/person/{w.person.public_id}/", ADMIN_PAGE),
    # The register extract takes an explicit authorisation (Membership.may_produce_register_extract), which no role
    # here has, not even the administrator; producing it is a POST with a reason (issue #9).
    page(
        "register_extract",
        lambda w: f"/logg/person/{w.person.public_id}/registerutdrag/",
        expect(403, anonymous=302),
        method="post",
        body=lambda w: {"utdrag-reason": "Begäran från personen, dnr 2026/1", "format": "pdf"},
    ),
    page("register_extract_lookup", lambda w: "/registerutdrag/", expect(403, anonymous=302)),
    page("break_glass_review", lambda w: "/logg/nodatkomst/", ADMIN_PAGE),
    page(
        "break_glass_mark_reviewed",
        lambda w: "/logg/nodatkomst/999999/granskad/",
        expect(403, admin=404, anonymous=302),
        method="post",
        body=lambda w: {"note": "Granskad"},
    ),
    page("retention_dry_run", lambda w: "/gallring/", ADMIN_PAGE),
    api("get", "/access-log", lambda w: "/access-log", expect(403, admin=200, anonymous=401)),
    api(
        "post",
        "/access-log/search",
        lambda w: "/access-log/search",
        expect(403, admin=200, anonymous=401),
        body=lambda w: {"person": str(w.person.public_id)},
    ),
    api(
        "post",
        "/persons/{public_id}/extract",
        lambda w: f"/persons/{w.person.public_id}/extract",
        expect(403, anonymous=401),
        body=lambda w: {"reason": "Begäran från personen, dnr 2026/1"},
    ),
    # Issue #3: the person page with consents, notes and the protected address; closing a case; nödåtkomst.
    page("person_detail", lambda w: f"/personer/{w.person.public_id}/", SEES_H),
    page(
        "person_address",
        lambda w: f"/personer/{w.person.public_id}/adress/",
        expect(403, colleague=404, outsider=404, anonymous=302),  # nobody here has the authorisation
        method="post",
        body=lambda w: {"adress-reason": "Behöver adressen för ett akut utskick"},
    ),
    page(
        "consent_create",
        lambda w: f"/personer/{w.person.public_id}/samtycken/",
        expect(302, colleague=404, outsider=404),
        method="post",
        body=lambda w: {
            "samtycke-units": [w.unit.pk],
            "samtycke-sections": ["BASIC"],
            "samtycke-purpose": "Planera SFI-start",
            "samtycke-given_date": timezone.localdate().isoformat(),
            "samtycke-given_by": "PERSON",
            "samtycke-method": "WRITTEN",
        },
    ),
    page(
        "consent_withdraw",
        lambda w: f"/personer/{w.person.public_id}/samtycken/{w.consent.public_id}/aterkalla/",
        expect(302, colleague=404, outsider=404),
        method="post",
    ),
    page(
        "person_note_create",
        lambda w: f"/personer/{w.person.public_id}/anteckningar/",
        expect(302, colleague=404, outsider=404),
        method="post",
        body=lambda w: {"anteckning-section": "BASIC", "anteckning-text": "Ringt"},
    ),
    page(
        "household_close_case",
        lambda w: f"/hushall/{w.household.public_id}/avsluta/",
        # The reception unit may close (here refused with a message: tasks are open, so a redirect back).
        expect(302, colleague=404, consent=403, outsider=404),
        method="post",
    ),
    page("break_glass", lambda w: "/nodatkomst/", SIGNED_IN_200),
    api(
        "get",
        "/persons/{public_id}/consents",
        lambda w: f"/persons/{w.person.public_id}/consents",
        API_SEES_H,
    ),
    api(
        "post",
        "/persons/{public_id}/consents",
        lambda w: f"/persons/{w.person.public_id}/consents",
        expect(201, colleague=404, outsider=404, anonymous=401),
        body=lambda w: {
            "units": [w.unit.pk],
            "sections": ["BASIC"],
            "purpose": "Planera SFI-start",
            "given_date": timezone.localdate().isoformat(),
            "method": "WRITTEN",
        },
    ),
    api(
        "post",
        "/consents/{public_id}/withdraw",
        lambda w: f"/consents/{w.consent.public_id}/withdraw",
        expect(200, colleague=404, outsider=404, anonymous=401),
        body=lambda w: {"note": "Återkallat i telefon"},
    ),
    api("get", "/persons/{public_id}/notes", lambda w: f"/persons/{w.person.public_id}/notes", API_SEES_H),
    api(
        "post",
        "/persons/{public_id}/notes",
        lambda w: f"/persons/{w.person.public_id}/notes",
        expect(201, colleague=404, outsider=404, anonymous=401),
        body=lambda w: {"section": "BASIC", "text": "Ringt"},
    ),
    api(
        "post",
        "/persons/{public_id}/address",
        lambda w: f"/persons/{w.person.public_id}/address",
        expect(403, colleague=404, outsider=404, anonymous=401),
        body=lambda w: {"reason": "Behöver adressen för ett akut utskick"},
    ),
    api(
        "post",
        "/break-glass",
        lambda w: "/break-glass",
        expect(422, anonymous=401),  # a valid number that no one in Etablera has
        body=lambda w: {"identity_number": "19850317-0006", "reason": "Akut: behöver nå familjen i kväll"},
    ),
]

# --- housing API (issue #5) ---------------------------------------------------------------------------------------
# The housing rows are made inside each case's savepoint (get_or_create: the URL and the body see the same rows) and
# rolled back with it. The owner and the administrator keep housing (reception unit, administrator); the consent
# user sees H but may change nothing; the colleague and the outsider do not see H.


def _home(w, reference="MATRIS-LEDIG", **extra):
    from etablera.housing.models import HousingUnit

    defaults = {
        "address_street": "Matrisgatan 2",
        "landlord": "PRIVATE",
        "kind": "FLAT",
        "rooms": 3,
        "bedrooms": 2,
        "monthly_cost": 8000,
        "available_from": timezone.localdate(),
        **extra,
    }
    return HousingUnit.objects.get_or_create(
        municipality=w.municipality, reference=reference, defaults=defaults
    )[0]


def _housing_contract(w, *, signed: bool):
    from etablera.housing import services as housing
    from etablera.housing.models import Contract

    unit = _home(w, "MATRIS-AKTIV" if signed else "MATRIS-UTKAST", kind="MODULE" if signed else "FLAT")
    found = Contract.objects.filter(household=w.household, unit=unit).first()
    if found is None:
        today = timezone.localdate()
        found = housing.create_contract(
            actor=None,
            household=w.household,
            unit=unit,
            kind="TEMPORARY" if signed else "SECOND_HAND",
            start_date=today - dt.timedelta(days=10) if signed else today + dt.timedelta(days=1),
            end_date=None if signed else today + dt.timedelta(days=30),
            payer="HOUSEHOLD",
            sign=signed,
        )
    return found.public_id


def _housing_need(w):
    from etablera.housing import services as housing

    housing.set_housing_need(actor=None, household=w.household)
    return w.household.public_id


def _proposal(w):
    from etablera.housing.models import MatchProposal, MatchRun

    run = MatchRun.objects.get_or_create(municipality=w.municipality, on_date=timezone.localdate())[0]
    return MatchProposal.objects.get_or_create(
        run=run,
        household=w.household,
        unit=_home(w),
        defaults={"move_in": timezone.localdate() + dt.timedelta(days=60), "explanation": ["Passar"]},
    )[0].pk


def _home_body(w):
    return {
        "reference": "MATRIS-LEDIG",
        "address_street": "Matrisgatan 4",
        "landlord": "PRIVATE",
        "kind": "FLAT",
        "rooms": 3,
        "bedrooms": 2,
        "monthly_cost": 8100,
    }


KEEPS_HOUSING = expect(200, colleague=404, consent=403, outsider=404, anonymous=401)
SEES_HOME = expect(200, colleague=404, consent=404, outsider=404, anonymous=401)
CASES += [
    api("get", "/housing/units", lambda w: "/housing/units", API_SIGNED_IN_200),
    api(
        "post",
        "/housing/units",
        lambda w: "/housing/units",
        expect(201, colleague=403, consent=403, outsider=403, anonymous=401),
        body=lambda w: {**_home_body(w), "municipality": "0480", "reference": "MATRIS-NY"},
    ),
    api("get", "/housing/units/free", lambda w: "/housing/units/free", API_SIGNED_IN_200),
    # A JSON body is no CSV file: 200 with the file's errors for whoever keeps housing somewhere (the outsider
    # in Enköping, for Enköping); those who keep none are refused.
    api(
        "post",
        "/housing/units/import",
        lambda w: "/housing/units/import?dry_run=true",
        expect(200, colleague=403, consent=403, anonymous=401),
        body=lambda w: {"objektnummer": "x"},
    ),
    api("get", "/housing/units/{unit_id}", lambda w: f"/housing/units/{_home(w).pk}", SEES_HOME),
    api(
        "put",
        "/housing/units/{unit_id}",
        lambda w: f"/housing/units/{_home(w).pk}",
        SEES_HOME,
        body=_home_body,
    ),
    api("get", "/housing/needs", lambda w: "/housing/needs", API_SIGNED_IN_200),
    api(
        "get",
        "/households/{public_id}/housing-need",
        lambda w: f"/households/{w.household.public_id}/housing-need",
        API_SEES_H,
    ),
    api(
        "put",
        "/households/{public_id}/housing-need",
        lambda w: f"/households/{w.household.public_id}/housing-need",
        KEEPS_HOUSING,
        body=lambda w: {"wishes": ["SCHOOL"]},
    ),
    api(
        "post",
        "/households/{public_id}/housing-need/close",
        lambda w: f"/households/{_housing_need(w)}/housing-need/close",
        KEEPS_HOUSING,
        body=lambda w: {"note": "Har ordnat eget boende"},
    ),
    api("get", "/housing/contracts", lambda w: "/housing/contracts", API_SIGNED_IN_200),
    api(
        "post",
        "/housing/contracts",
        lambda w: "/housing/contracts",
        # Who cannot see the household gets a 422 at it, as for any reference in a body.
        expect(201, colleague=422, consent=403, outsider=422, anonymous=401),
        body=lambda w: {
            "household": str(w.household.public_id),
            "unit": _home(w).pk,
            "kind": "SECOND_HAND",
            "start_date": timezone.localdate().isoformat(),
            "payer": "HOUSEHOLD",
        },
    ),
    api(
        "get",
        "/housing/contracts/{public_id}",
        lambda w: f"/housing/contracts/{_housing_contract(w, signed=False)}",
        API_SEES_H,
    ),
    api(
        "post",
        "/housing/contracts/{public_id}/sign",
        lambda w: f"/housing/contracts/{_housing_contract(w, signed=False)}/sign",
        KEEPS_HOUSING,
    ),
    api(
        "post",
        "/housing/contracts/{public_id}/end",
        lambda w: f"/housing/contracts/{_housing_contract(w, signed=True)}/end",
        KEEPS_HOUSING,
        body=lambda w: {"end_date": timezone.localdate().isoformat(), "reason": "MOVED_AWAY"},
    ),
    api(
        "post",
        "/housing/contracts/{public_id}/cancel",
        lambda w: f"/housing/contracts/{_housing_contract(w, signed=False)}/cancel",
        KEEPS_HOUSING,
        body=lambda w: {"note": "Tackade nej"},
    ),
    api(
        "post",
        "/housing/matching/runs",
        lambda w: "/housing/matching/runs",
        expect(201, colleague=403, consent=403, outsider=403, anonymous=401),
        body=lambda w: {"municipality": "0480"},
    ),
    api("get", "/housing/matching/proposals", lambda w: "/housing/matching/proposals", API_SIGNED_IN_200),
    api(
        "post",
        "/housing/matching/proposals/{proposal_id}/accept",
        lambda w: f"/housing/matching/proposals/{_proposal(w)}/accept",
        expect(201, colleague=404, consent=403, outsider=404, anonymous=401),
        body=lambda w: {"kind": "SECOND_HAND", "payer": "HOUSEHOLD"},
    ),
    api(
        "post",
        "/housing/matching/proposals/{proposal_id}/reject",
        lambda w: f"/housing/matching/proposals/{_proposal(w)}/reject",
        KEEPS_HOUSING,
        body=lambda w: {"reason": "För långt från skolan"},
    ),
]

# --- housing pages (issue #5) -------------------------------------------------------------------------------------
# For the housing unit, the reception unit and administrators (owner, admin); others of Nyköping get 403; the
# outsider keeps housing in Enköping, so sees the lists (empty of Nyköping) and 404 for Nyköping's homes and
# households. The rows are made inside each case's savepoint (get_or_create: the URL and the body see the same
# ones) and rolled back with it. The homes' streets are not the members' (the home's own page shows its address).


HOUSING_PAGE = expect(200, colleague=403, consent=403, anonymous=302)
HOUSING_OBJECT = expect(200, colleague=403, consent=403, outsider=404, anonymous=302)
HOUSING_POST = expect(302, colleague=403, consent=403, outsider=404, anonymous=302)
CASES += [
    page("housing_queue", lambda w: "/boende/", HOUSING_PAGE),
    page("housing_units", lambda w: "/boende/bostader/?visa=all", HOUSING_PAGE),
    page("housing_unit_create", lambda w: "/boende/bostader/ny/", HOUSING_PAGE),
    page("housing_unit_import", lambda w: "/boende/bostader/import/", HOUSING_PAGE),
    page("housing_unit_detail", lambda w: f"/boende/bostader/{_home(w).pk}/", HOUSING_OBJECT),
    page("housing_unit_edit", lambda w: f"/boende/bostader/{_home(w).pk}/andra/", HOUSING_OBJECT),
    page("housing_contracts_ending", lambda w: "/boende/kontrakt/", HOUSING_PAGE),
    page(
        "housing_contract_detail",
        lambda w: f"/boende/kontrakt/{_housing_contract(w, signed=True)}/",
        HOUSING_OBJECT,
    ),
    page(
        "housing_contract_sign",
        lambda w: f"/boende/kontrakt/{_housing_contract(w, signed=False)}/undertecknat/",
        HOUSING_POST,
        method="post",
    ),
    page(
        "housing_contract_end",
        lambda w: f"/boende/kontrakt/{_housing_contract(w, signed=True)}/avsluta/",
        HOUSING_POST,
        method="post",
        body=lambda w: {"avsluta-end_date": timezone.localdate().isoformat(), "avsluta-end_reason": "MOVED"},
    ),
    page(
        "housing_contract_cancel",
        lambda w: f"/boende/kontrakt/{_housing_contract(w, signed=False)}/makulera/",
        HOUSING_POST,
        method="post",
        body=lambda w: {"makulera-end_note": "Tackade nej"},
    ),
    page("housing_matching", lambda w: "/boende/matchning/", HOUSING_PAGE),
    # The outsider runs the matching of Enköping.
    page(
        "housing_matching_run",
        lambda w: "/boende/matchning/kor/",
        expect(302, colleague=403, consent=403),
        "post",
    ),
    page(
        "housing_proposal_accept",
        lambda w: f"/boende/matchning/{_proposal(w)}/acceptera/",
        HOUSING_POST,
        method="post",
        body=lambda w: {
            f"acceptera-{_proposal(w)}-kind": "SECOND_HAND",
            f"acceptera-{_proposal(w)}-payer": "HOUSEHOLD",
        },
    ),
    page(
        "housing_proposal_reject",
        lambda w: f"/boende/matchning/{_proposal(w)}/avboj/",
        HOUSING_POST,
        method="post",
        body=lambda w: {f"avboj-{_proposal(w)}-reject_reason": "Familjen vill bo nära skolan"},
    ),
    page("housing_temporary", lambda w: "/boende/tillfalligt/", HOUSING_PAGE),
    page("housing_young_adults", lambda w: "/boende/unga-vuxna/", HOUSING_PAGE),
    page("household_housing_need", lambda w: f"/hushall/{w.household.public_id}/boende/", HOUSING_OBJECT),
    page(
        "household_housing_need_close",
        lambda w: f"/hushall/{_housing_need(w)}/boende/avsluta/",
        HOUSING_POST,
        method="post",
        body=lambda w: {"avsluta-note": "Har ordnat eget boende"},
    ),
    page(
        "household_contract_create",
        lambda w: f"/hushall/{w.household.public_id}/kontrakt/ny/",
        HOUSING_OBJECT,
    ),
]


# The protected homes' own pages and records (issue #9): answered as any home's, without the marker. Not rows of
# the matrix (their URL names have their rows above); only the content check and the status codes use them.
PROBES: list[Case] = [
    case
    for marker in (HOME_MARKER, DRAFT_MARKER)
    for case in (
        page(
            f"housing_unit_detail ({marker})",
            lambda w, m=marker: f"/boende/bostader/{w.homes[m].pk}/",
            HOUSING_OBJECT,
        ),
        page(
            f"housing_unit_edit ({marker})",
            lambda w, m=marker: f"/boende/bostader/{w.homes[m].pk}/andra/",
            HOUSING_OBJECT,
        ),
        api(
            "get",
            f"/housing/units/{{unit_id}} ({marker})",
            lambda w, m=marker: f"/housing/units/{w.homes[m].pk}",
            SEES_HOME,
        ),
    )
]


# Views that are not pages of ours: Django's admin, the OpenAPI document and docs (no personal data).
NOT_IN_MATRIX = {"openapi-json", "openapi-view", "api-root"}


def _web_url_names() -> set[str]:
    names = set()

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                route = prefix + str(pattern.pattern)
                if not route.startswith(("admin/", "api/")):
                    walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(pattern.name)

    walk(get_resolver().url_patterns)
    return names - NOT_IN_MATRIX


def _api_operations() -> set[str]:
    from etablera.api.v1 import api as ninja_api

    schema = ninja_api.get_openapi_schema()
    prefix = "/api/v1"
    return {
        f"{method.upper()} {path.removeprefix(prefix)}"
        for path, operations in schema["paths"].items()
        for method in operations
    }


def test_every_url_and_operation_has_a_row():
    keys = {case.key for case in CASES}
    missing = (_web_url_names() | _api_operations()) - keys
    assert not missing, f"add these to the permission matrix: {sorted(missing)}"
    extra = keys - _web_url_names() - _api_operations()
    assert not extra, f"rows for URLs that no longer exist: {sorted(extra)}"


def _client_for(role, world, tokens) -> Client:
    user = world.users.get("owner" if role == "protected" else role)
    if role == "anonymous" or user is None:
        return Client()
    client = Client(headers={"Authorization": f"Bearer {tokens[user.pk]}"})
    client.force_login(user)
    return client


def _request(client, case: Case, world: World):
    url = case.url(world)
    body = case.body(world) if case.body else {}
    if case.method == "get":
        return client.get(url)
    if case.api:
        return getattr(client, case.method)(url, json.dumps(body), content_type="application/json")
    return getattr(client, case.method)(url, body)


def _text(response) -> tuple[str, bytes]:
    """What an answer holds, readable: (kind, bytes). An xlsx is a zip of XML parts; a PDF's streams are deflated
    (the test writes PDFs in the core font, so the text in them is plain Latin-1)."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            return "xlsx", b"".join(book.read(name) for name in book.namelist())
    if content[:5] == b"%PDF-":
        parts = [content]
        for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
            with contextlib.suppress(zlib.error):  # not deflated (or an image): already in `content`
                parts.append(zlib.decompress(stream))
        return "pdf", b"".join(parts)
    kind = response.get("Content-Type", "").split(";")[0]
    return {"text/csv": "csv", "application/json": "json", "text/html": "html"}.get(kind, kind), content


def _downloads(response, url: str) -> list[str]:
    """The files a page links to (its `?format=` links: CSV, Excel, PDF, JSON), as URLs."""
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        return []
    path = url.split("?")[0]
    queries = re.findall(r'href="\?([^"]*format=[^"]*)"', response.content.decode())
    return [f"{path}?{html.unescape(query)}" for query in dict.fromkeys(queries)]


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_the_policy_says(role, worlds, monkeypatch):
    # The PDFs in the core font: their text is then plain in the (inflated) streams.
    monkeypatch.setattr("etablera.access.pdf.font_dir", lambda: None)
    world = worlds["P" if role == "protected" else "H"]
    tokens = {}
    for user in world.users.values():
        tokens[user.pk] = ApiToken.issue(user=user, name="matris")[1]
    answers, leaks, shown, files = {}, [], [], {}
    audit_leak = functools.reduce(operator.or_, (Q(summary__contains=marker) for marker in MARKERS))

    def check(key, response):
        kind, text = _text(response)
        files.setdefault(kind, []).append((key, text))
        leaks.extend((key, marker) for marker in MARKERS if marker.encode() in text)
        if SECRET_STREET.encode() in text:
            (leaks.append((key, SECRET_STREET)) if role == "protected" else shown.append(key))

    for case in CASES + PROBES:
        client = _client_for(role, world, tokens)  # a fresh sign-in: the logout case must not carry over
        with transaction.atomic():
            response = _request(client, case, world)
            answers[case.key] = response.status_code
            check(case.key, response)
            for url in _downloads(response, case.url(world)):
                check(url, client.get(url))
            # Nor does any audit summary (those of the set-up and those the request wrote).
            written = AuditEvent.objects.filter(audit_leak).values_list("summary", flat=True)
            leaks.extend((f"{case.key}: audit", summary) for summary in written)
            transaction.set_rollback(True)
    expected = {case.key: case.expect[role] for case in CASES + PROBES}
    wrong = {key: (answers[key], expected[key]) for key in expected if answers[key] != expected[key]}
    assert not leaks, f"a protected address was shown by {leaks}"
    if role == "owner":
        assert shown, (
            "the address of an unprotected household is shown somewhere (else the leak check proves nothing)"
        )
        # The downloads were read: an unprotected home's address is found in the Excel file and the CSV.
        for kind in ("csv", "xlsx"):
            assert any(OPEN_HOME.encode() in text for _key, text in files.get(kind, [])), kind
    if role == "admin":  # the access history's PDF was read as text
        assert any(b"tkomsthistorik" in text for _key, text in files.get("pdf", [])), sorted(files)
    assert not wrong, f"{role}: (got, expected) {wrong}"
