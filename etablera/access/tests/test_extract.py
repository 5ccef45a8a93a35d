"""Registerutdrag: everything Etablera holds about a person, as JSON and PDF, for reviewers of the person's
municipality only, logged — and complete: a model that refers to a person or household cannot be left out."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.apps import apps
from django.http import Http404
from django.utils import timezone

from etablera.access import extract, pdf
from etablera.access.audit import log_read
from etablera.access.models import AuditEvent, BreakGlassAccess, Consent
from etablera.access.sections import Section
from etablera.organisation.models import Unit
from etablera.people.models import Household, Note, Person, ProtectedIdentity
from etablera.reception import services
from etablera.reception.models import Task
from etablera.testing.factories import HouseholdFactory, personnummer
from etablera.testing.pdf import streams as pdf_streams


def models_referring_to_persons_or_households() -> set[str]:
    found = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model in (Person, Household):
                found.add(model._meta.label)
    return found


def test_every_model_that_refers_to_a_person_or_household_is_in_the_extract():
    """A new model with a foreign key to Person or Household fails here until the extract covers it
    (etablera/access/extract.py: COVERED and build_extract)."""
    referring = models_referring_to_persons_or_households()
    assert {"people.HouseholdMember", "people.Note", "reception.Task", "access.Consent"} <= referring
    missing = referring - set(extract.COVERED)
    assert not missing, f"add these to the register extract: {sorted(missing)}"


@pytest.fixture
def subject(alice, carol, family, nykoping, units, today):
    """An adult of the family with everything a person can have in Etablera."""
    person = family.members.order_by("birth_date").first()
    number = personnummer(person.birth_date)
    Person.objects.filter(pk=person.pk).update(
        identity_number=number,
        identity_number_type="PERSONNUMMER",
        address_street="Storgatan 12",
        address_postal_code="611 30",
        address_city="Nyköping",
    )
    person.refresh_from_db()
    partner = family.members.order_by("birth_date")[1]
    Person.objects.filter(pk=partner.pk).update(protected_identity=ProtectedIdentity.PROTECTED_REGISTRATION)
    assignment = services.create_assignment(
        actor=alice,
        municipality=nykoping,
        reference="MIG-EXTRACT-1",
        category="ASSIGNED_FROM_FACILITY",
        decision_date=today - dt.timedelta(days=30),
        household=family,
    )
    services.receive_household(actor=alice, assignment=assignment, arrival_date=today - dt.timedelta(days=10))
    household_task = Task.objects.filter(household=family, person=None).first()
    services.add_task_note(actor=alice, task=household_task, text="Ringt om bostaden")
    for section in Section.values:
        Note.objects.create(
            person=person,
            section=section,
            unit=units[Unit.Function.RECEPTION],
            author=alice,
            text=f"Om {section}",
        )
    consent = Consent.objects.create(
        person=person,
        municipality=nykoping,
        purpose="Kontakt med SFI",
        given_date=today,
        method="WRITTEN",
        sections=[Section.BASIC],
    )
    consent.units.set([units[Unit.Function.SFI]])
    BreakGlassAccess.objects.create(
        user=carol,
        household=family,
        municipality=nykoping,
        reason="Akut kontakt med vårdnadshavare",
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    from etablera.housing import services as housing
    from etablera.testing.factories import HousingUnitFactory

    housing.set_housing_need(actor=None, household=family, wishes=["SCHOOL"])
    home = HousingUnitFactory(municipality=nykoping, address_street="Påhittade gatan 7", rooms=4, bedrooms=3)
    housing.create_contract(
        actor=None,
        household=family,
        unit=home,
        kind="SECOND_HAND",
        start_date=today,
        payer="HOUSEHOLD",
        sign=True,
    )
    reunified = HouseholdFactory.with_members([20], municipality=nykoping, name="Familjen Anknytning")
    Household.objects.filter(pk=reunified.pk).update(anchor_person=person)
    from etablera.minors.models import ChildCase, Guardian, Placement

    case = ChildCase.objects.create(person=person, municipality=nykoping, young_adult_plan="Plan efter 18")
    Placement.objects.create(
        case=case, kind="HVB", provider="HVB Solrosen", decided_on=today, starts_on=today, cost_per_day=2450
    )
    Guardian.objects.create(case=case, kind="GOOD_MAN", name="Gunnar Godman", appointed_on=today)
    from etablera.volunteers.models import NewcomerWish  # issue #17: a wish for a volunteer

    NewcomerWish.objects.create(
        municipality=nykoping,
        person=person,
        languages=",ar,",
        offers=",LANGUAGE_FRIEND,",
        consent_given_by="Personen själv",
        consent_method="ORAL",
        consent_date=today,
    )
    from etablera.letters.models import Appointment  # issue #18: the household's appointments

    appointment = Appointment.objects.create(
        household=family,
        kind="INFO_MEETING" if "INFO_MEETING" in Appointment.Kind.values else Appointment.Kind.values[0],
        date=today,
        start_time=dt.time(9, 0),
        end_time=dt.time(10, 0),
        place_name="Medborgarhuset",
        responsible_unit=units[Unit.Function.RECEPTION],
    )
    appointment.persons.set([person])
    from etablera.reminders.models import OutgoingMessage, ReminderConsent  # issue #18: reminders

    ReminderConsent.objects.create(person=person, channel="SMS", given_by=alice)
    OutgoingMessage.objects.create(
        person=person,
        municipality=nykoping,
        appointment=appointment,
        appointment_date=today,
        channel="SMS",
        language="sv",
        status=OutgoingMessage.Status.SKIPPED,
        reason=OutgoingMessage.Reason.NO_ADDRESS,
    )
    log_read(alice, person, "Persondetaljer")
    return person


def test_the_extract_holds_everything_about_the_person(subject, family):
    data = extract.build_extract(subject)
    for key in set(extract.COVERED.values()) - {"person"}:
        assert data[key], f"the extract's {key} is empty"
    person = data["person"]
    assert person["identity_number"] == subject.identity_number_display  # in full: it is for the person
    assert person["address"] == {"street": "Storgatan 12", "postal_code": "611 30", "city": "Nyköping"}
    assert person["sex"]["label"] == "Kvinna"
    assert {n["section"]["code"] for n in data["notes"]} == set(Section.values)
    households = {h["name"]: h for h in data["households"]}
    assert households["Familjen Exempel"]["relation"]["label"] == "Vuxen"
    assert households["Familjen Anknytning"]["is_anchor_person"] is True
    others = [m["name"] for m in households["Familjen Exempel"]["other_members"]]
    assert extract.PROTECTED_MEMBER in others  # the protected partner is not named
    assert len(others) == 3
    assert data["assignments"][0]["reference"] == "MIG-EXTRACT-1"
    assert data["minors"]["placements"][0]["provider"] == "HVB Solrosen"
    assert data["minors"]["guardians"][0]["name"] == "Gunnar Godman"
    assert any(e["text"] == "Ringt om bostaden" for t in data["tasks"] for e in t["events"])
    assert data["break_glass"][0]["reason"] == "Akut kontakt med vårdnadshavare"
    assert data["consents"][0]["units"] == ["SFI"]
    records = {row["record"]: row for row in data["housing"]}
    assert records["Bostadsbehov"]["wishes"] == ["SCHOOL"]
    assert records["Bostadskontrakt"]["address"].startswith("Påhittade gatan 7")
    assert any(e["action"]["code"] == "VIEW" and e["record"]["label"] == "Person" for e in data["access_log"])


def test_the_extract_leaves_out_other_members_own_tasks_and_notes(subject, family, alice, units):
    child = family.members.order_by("-birth_date").first()
    Note.objects.create(
        person=child, section=Section.SCHOOL, unit=units[Unit.Function.SCHOOL], author=alice, text="Barnets"
    )
    data = extract.build_extract(subject)
    assert all(note["text"] != "Barnets" for note in data["notes"])
    child_tasks = set(Task.objects.filter(person=child).values_list("title", flat=True))
    assert child_tasks and not child_tasks & {t["title"] for t in data["tasks"]}
    assert {t["concerns"] for t in data["tasks"]} <= {"person", "household"}


def test_only_an_authorised_user_of_the_persons_municipality_gets_the_extract(
    subject, maja, alice, bob, carol, charlie, stina
):
    from django.core.exceptions import PermissionDenied

    from etablera.access import register_extract
    from etablera.organisation.models import Membership

    for user in (alice, bob, carol, charlie, stina, maja):  # no role gives it by itself
        with pytest.raises(PermissionDenied):
            register_extract.get_person_for_extract(user, subject.public_id)
    Membership.objects.filter(user__in=[maja, charlie]).update(may_produce_register_extract=True)
    # Fresh users: the capabilities are cached on the user object.
    maja, charlie = (type(user).objects.get(pk=user.pk) for user in (maja, charlie))
    with pytest.raises(Http404):  # authorised in Enköping, not in the person's Nyköping
        register_extract.get_person_for_extract(charlie, subject.public_id)
    person = register_extract.get_person_for_extract(maja, subject.public_id)
    data = register_extract.produce_extract(
        actor=maja, person=person, reason="Begäran, dnr 2026/9", fmt="json"
    )
    assert person == subject and data["person"]["public_id"] == str(subject.public_id)
    logged = AuditEvent.objects.get(actor=maja, action="EXPORT")
    assert logged.person_public_id == subject.public_id and logged.object_type == "RegisterExtract"
    assert logged.summary == "Registerutdrag (json) framställt. Skäl: Begäran, dnr 2026/9"
    assert subject.identity_number not in logged.summary + str(logged.changes)


def pdf_text(content: bytes) -> str:
    """The text of a PDF set in the core font: the literal strings of its (deflated) content streams."""
    text = []
    for data in pdf_streams(content):
        text += [s.decode("latin-1") for s in re.findall(rb"\(((?:[^()\\]|\\.)*)\)\s*Tj", data)]
    return " ".join(text)


def test_the_pdf_is_plain_swedish_and_complete(subject, monkeypatch):
    data = extract.build_extract(subject)
    content = extract.extract_pdf(data)
    assert content.startswith(b"%PDF-") and len(content) > 2000
    monkeypatch.setattr(pdf, "FONT_DIRS", [])  # the core font, whose text can be read back here
    text = pdf_text(extract.extract_pdf(data))
    for expected in (
        "Registerutdrag",
        subject.first_name,
        subject.identity_number_display,
        "Storgatan 12",
        "Anteckningar",
        "Om HEALTH",
        "Akut kontakt med v",
        "Vem som har l",
    ):
        assert expected in text, expected


def test_core_font_text_keeps_swedish_letters_and_replaces_others():
    assert pdf.latin1("Åsa Öberg") == "Åsa Öberg"
    assert pdf.latin1("Şükrü Ćosić") == "Sükrü Cosic"
    assert pdf.latin1("محمد") == "????"


def test_building_the_extract_costs_a_fixed_number_of_queries(subject, alice, units, today):
    """More rows do not mean more queries (no N+1)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        extract.build_extract(subject)
    for task in Task.objects.filter(household__memberships__person=subject, person=None)[:3]:
        services.add_task_note(actor=alice, task=task, text="Ytterligare")
    consent = Consent.objects.create(
        person=subject, municipality=subject.municipality, purpose="Mer", given_date=today, method="WRITTEN"
    )
    consent.units.set([units[Unit.Function.SCHOOL]])
    with CaptureQueriesContext(connection) as second:
        extract.build_extract(subject)
    assert (
        len(second) == len(first) <= 58
    )  # 23, the four histories of the person of issue #11, six for issue #12, ten for issue #13, six for #14,
    # four for #15, two for #17 (a newcomer's wishes for a volunteer and their matches), three for #18
    # (appointments; reminders and the consents to them)


def test_the_pdf_holds_the_permit_decisions_the_former_numbers_and_the_contact(subject, alice, monkeypatch):
    """Issue #11: what a person's record keeps as history is in their extract, on paper as in the JSON."""
    from etablera.people import services as people

    people.update_person(
        actor=alice, person=subject, changes={"phone": "070-123 45 67", "email": "a@example.se"}
    )
    people.record_residence_permit(
        actor=alice,
        person=subject,
        kind="TEMPORARY",
        decided_on=dt.date(2026, 3, 2),
        valid_until=dt.date(2029, 3, 1),
    )
    people.record_former_identity_number(
        actor=alice, person=subject, number_type="DOSSIERNUMMER", number="19-741852"
    )
    monkeypatch.setattr(pdf, "FONT_DIRS", [])  # the core font, whose text can be read back here
    text = pdf_text(extract.extract_pdf(extract.build_extract(subject)))
    for expected in (
        "Beslut om uppehållstillstånd",
        "2026-03-02",
        "2029-03-01",
        "Tidigare identitetsnummer",
        "19-741852",
        "+46701234567",
        "a@example.se",
    ):
        assert expected in text, expected


def test_the_extract_holds_the_money_that_names_the_person(subject, nykoping, alice):
    """Issue #15: the state compensation computed for the person, per kind and year, and a move recorded."""

    from etablera.money.models import Relocation
    from etablera.money.services.entitlements import compute
    from etablera.testing.factories import municipality

    arrival = subject.household_memberships.get().household.reception_cases.get().arrival_date
    Relocation.objects.create(
        person=subject, from_municipality=nykoping, to_municipality=municipality("0381"), moved_on=arrival
    )
    compute(arrival.year)
    data = extract.build_extract(subject)["money"]
    assert data["moves"] == [{"from": "Nyköping", "to": "Enköping", "moved_on": arrival.isoformat()}]
    if arrival.month < 12:  # the first instalment falls in the year of reception
        assert any(e["kind"] == "SCHABLON" and e["amount"] > 0 for e in data["entitlements"])
