import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from etablera.access.models import AuditEvent
from etablera.people.models import Household, Person
from etablera.reception import services
from etablera.reception.models import Assignment, Task
from etablera.reception.web.forms import MAX_MEMBERS
from etablera.testing.factories import AssignmentFactory, HouseholdFactory, personnummer

EMPTY_ROW = {
    "first_name": "",
    "last_name": "",
    "relation": "ADULT",
    "identity_number_type": "NONE",
    "identity_number": "",
    "birth_date": "",
    "sex": "U",
    "languages": "",
    "interpreter_language": "",
    "protected_identity": "NONE",
}


def form_data(members, **assignment):
    """What the browser sends: every row of the formset, the untouched ones with their initial values."""
    data = {
        "reference": "MIG-2026-004711",
        "category": "ASSIGNED_FROM_FACILITY",
        "decision_date": (timezone.localdate() - dt.timedelta(days=3)).isoformat(),
        "latest_reception_date": "",
        "household_name": "Familjen Nyinflyttad",
        "members-TOTAL_FORMS": str(MAX_MEMBERS),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": str(MAX_MEMBERS),
        **assignment,
    }
    for index in range(MAX_MEMBERS):
        row = {**EMPTY_ROW, **(members[index] if index < len(members) else {})}
        data.update({f"members-{index}-{name}": value for name, value in row.items()})
    return data


ADULT = {
    "first_name": "Amira",
    "last_name": "Nyinflyttad",
    "identity_number_type": "PERSONNUMMER",
    "identity_number": personnummer(dt.date(1988, 3, 14)),
    "sex": "F",
    "languages": "arabiska",
    "interpreter_language": "arabiska",
}
CHILD = {"first_name": "Sami", "last_name": "Nyinflyttad", "relation": "CHILD", "birth_date": "2017-06-01"}


def _counts():
    return (Household.objects.count(), Person.objects.count(), Assignment.objects.count())


# --- the list -----------------------------------------------------------------------------------------------------


def test_the_list_shows_waiting_assignments_first_by_latest_reception_date(
    client, alice, received, nykoping, today
):
    soon = AssignmentFactory(
        reference="MIG-SOON", municipality=nykoping, decision_date=today - dt.timedelta(days=50)
    )
    later = AssignmentFactory(
        reference="MIG-LATER", municipality=nykoping, decision_date=today - dt.timedelta(days=5)
    )
    client.force_login(alice)
    page = client.get(reverse("assignment_list")).content.decode()
    assert page.index("MIG-SOON") < page.index("MIG-LATER") < page.index(received.assignment.reference)
    assert soon.latest_reception_date.isoformat() in page and later.latest_reception_date.isoformat() in page


def test_the_list_filters_by_status_and_year(client, alice, received, nykoping, today):
    AssignmentFactory(
        reference="MIG-WAITING", municipality=nykoping, decision_date=today - dt.timedelta(days=5)
    )
    AssignmentFactory(reference="MIG-OLD", municipality=nykoping, decision_date=dt.date(2025, 3, 1))
    client.force_login(alice)
    page = client.get(reverse("assignment_list"), {"status": "RECEIVED"}).content.decode()
    assert received.assignment.reference in page and "MIG-WAITING" not in page
    page = client.get(reverse("assignment_list"), {"ar": "2025"}).content.decode()
    assert "MIG-OLD" in page and "MIG-WAITING" not in page


def test_the_list_shows_no_other_municipalitys_assignments(client, alice, enkoping, today):
    AssignmentFactory(reference="MIG-ENKOPING", municipality=enkoping, decision_date=today)
    client.force_login(alice)
    assert "MIG-ENKOPING" not in client.get(reverse("assignment_list")).content.decode()


def test_the_list_costs_a_fixed_number_of_queries(
    client, alice, nykoping, today, django_assert_max_num_queries
):
    for number in range(15):
        household = HouseholdFactory.with_members([30, 5], municipality=nykoping)
        AssignmentFactory(
            reference=f"MIG-Q-{number}",
            municipality=nykoping,
            household=household,
            decision_date=today - dt.timedelta(days=number),
        )
    client.force_login(alice)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("assignment_list")).content.decode()
    assert page.count("MIG-Q-") == 15


# --- Ny anvisning ---------------------------------------------------------------------------------------------------


def test_it_registers_an_assignment_with_its_household(client, alice, units, today):
    client.force_login(alice)
    response = client.post(reverse("assignment_create"), form_data([ADULT, CHILD]))
    assert response.status_code == 302
    assignment = Assignment.objects.get(reference="MIG-2026-004711")
    assert response["Location"] == reverse("assignment_detail", args=[assignment.pk])
    assert assignment.person_count == 2
    assert assignment.household.name == "Familjen Nyinflyttad"
    # The latest reception date was left empty: the rule's default, with its explanation.
    assert assignment.latest_reception_deadline.rule == "reception.latest_reception_date"
    amira = assignment.household.members.get(first_name="Amira")
    assert amira.birth_date == dt.date(1988, 3, 14)  # from the personnummer
    assert amira.needs_interpreter
    assert amira.category == "ASSIGNED_FROM_FACILITY"
    assert AuditEvent.objects.filter(actor=alice, object_type="Assignment", action="CREATE").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Anvisningen MIG-2026-004711 är registrerad med 2 personer." in page


def test_the_form_shows_the_default_rule_for_the_latest_reception_date(client, alice):
    client.force_login(alice)
    page = client.get(reverse("assignment_create")).content.decode()
    assert "beslutsdatum + 2 månader" in page
    assert "2016:39" in page


def test_an_invalid_personnummer_is_shown_at_its_field_and_nothing_is_saved(client, alice, units):
    bad = {**CHILD, "identity_number_type": "PERSONNUMMER", "identity_number": "20170601-1235"}
    before = _counts()
    client.force_login(alice)
    response = client.post(reverse("assignment_create"), form_data([ADULT, bad]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_members-1-identity_number_error"' in page
    assert "Personnumret har fel kontrollsiffra." in page
    assert '<a href="#id_members-1-identity_number">Person 2: Identitetsnummer: Personnumret har fel' in page
    assert 'role="alert"' in page
    assert _counts() == before
    # What was typed is kept, so the user only corrects the wrong field.
    assert 'value="Amira"' in page


def test_when_the_assignment_fails_the_household_does_not_remain(client, alice, units, today):
    decided = today - dt.timedelta(days=3)
    too_late = (decided + dt.timedelta(days=100)).isoformat()
    before = _counts()
    client.force_login(alice)
    response = client.post(
        reverse("assignment_create"),
        form_data([ADULT], decision_date=decided.isoformat(), latest_reception_date=too_late),
    )
    page = response.content.decode()
    assert 'id="id_latest_reception_date_error"' in page
    assert "högst två månader efter beslutet" in page
    assert _counts() == before
    assert not AuditEvent.objects.filter(action="CREATE").exists()


def test_all_errors_come_back_in_one_round(client, alice, units):
    client.force_login(alice)
    page = client.post(
        reverse("assignment_create"), form_data([{"first_name": "Utan"}], reference="", household_name="")
    ).content.decode()
    assert "Ange Migrationsverkets referens för anvisningen." in page
    assert "Ange en benämning för hushållet" in page
    assert 'id="id_members-0-last_name_error"' in page and "Ange efternamn." in page


def test_an_assignment_needs_at_least_one_person(client, alice, units):
    client.force_login(alice)
    page = client.post(reverse("assignment_create"), form_data([])).content.decode()
    assert "Ett hushåll måste ha minst en person." in page
    assert not Assignment.objects.exists()


def test_a_duplicate_reference_is_refused(client, alice, assignment):
    before = _counts()
    client.force_login(alice)
    page = client.post(reverse("assignment_create"), form_data([ADULT], reference=assignment.reference))
    assert "Det finns redan en anvisning med denna referens." in page.content.decode()
    assert _counts() == before


def test_only_the_reception_unit_registers_assignments(client, bob, units):
    client.force_login(bob)
    assert client.post(reverse("assignment_create"), form_data([ADULT])).status_code == 403
    assert not Household.objects.exists()


# --- one assignment: arrival and cancellation ---------------------------------------------------------------------


def test_registering_the_arrival_receives_the_household(client, alice, assignment, today):
    client.force_login(alice)
    response = client.post(
        reverse("assignment_receive", args=[assignment.pk]), {"ankomst-arrival_date": today.isoformat()}
    )
    assert response["Location"] == reverse("household_detail", args=[assignment.household.public_id])
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.RECEIVED
    created = Task.objects.filter(household=assignment.household).count()
    assert created > 10
    assert f"{created} uppgifter har skapats" in client.get(response["Location"]).content.decode()


def test_an_arrival_before_the_decision_is_refused_at_the_field(client, alice, assignment):
    client.force_login(alice)
    day_before = (assignment.decision_date - dt.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("assignment_receive", args=[assignment.pk]), {"ankomst-arrival_date": day_before}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_ankomst-arrival_date_error"' in page
    assert "Mottagningsdatum kan inte vara före beslutsdatum för anvisningen." in page
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.ASSIGNED
    assert not Task.objects.filter(case__isnull=False).exists()  # only the tasks before arrival


def test_an_assignment_without_persons_cannot_be_received(client, alice, nykoping, units, today):
    bare = AssignmentFactory(reference="MIG-BARE", municipality=nykoping, decision_date=today)
    client.force_login(alice)
    page = client.post(
        reverse("assignment_receive", args=[bare.pk]), {"ankomst-arrival_date": today.isoformat()}
    ).content.decode()
    assert "Anvisningen har inga hushållsmedlemmar registrerade." in page
    assert reverse("assignment_members", args=[bare.pk]) in page  # the way out of the dead end


def test_cancelling_needs_a_reason(client, alice, assignment, today):
    client.force_login(alice)
    url = reverse("assignment_cancel", args=[assignment.pk])
    page = client.post(
        url, {"avbryt-cancelled_date": today.isoformat(), "avbryt-reason": ""}
    ).content.decode()
    assert 'id="id_avbryt-reason_error"' in page
    assert "Ange skälet till att anvisningen avbryts." in page
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.ASSIGNED
    response = client.post(
        url, {"avbryt-cancelled_date": today.isoformat(), "avbryt-reason": "Bosatt sig själv"}
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.CANCELLED
    assert assignment.cancel_reason == "Bosatt sig själv"


def test_the_detail_explains_the_latest_reception_date(client, alice, assignment):
    client.force_login(alice)
    page = client.get(reverse("assignment_detail", args=[assignment.pk])).content.decode()
    deadline = assignment.latest_reception_deadline
    assert deadline.explanation in page
    assert deadline.source in page
    assert "Registrera ankomst" in page and "Avbryt anvisning" in page


def test_a_received_assignment_offers_no_arrival_form(client, alice, received):
    client.force_login(alice)
    page = client.get(reverse("assignment_detail", args=[received.assignment.pk])).content.decode()
    assert reverse("assignment_receive", args=[received.assignment.pk]) not in page


@pytest.mark.parametrize("action", ["assignment_receive", "assignment_cancel"])
def test_another_municipality_cannot_touch_the_assignment(client, charlie, assignment, today, action):
    client.force_login(charlie)
    data = {
        "ankomst-arrival_date": today.isoformat(),
        "avbryt-cancelled_date": today.isoformat(),
        "avbryt-reason": "x",
    }
    assert client.post(reverse(action, args=[assignment.pk]), data).status_code == 404
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.ASSIGNED


def test_services_register_assignment_with_household_directly(alice, nykoping, units, today):
    """The page's service keeps the household only when the anvisning is saved too."""
    from etablera.people.services import PersonInput

    member = PersonInput(first_name="Ali", last_name="Test", category="RESETTLED")
    assignment = services.register_assignment_with_household(
        actor=alice,
        municipality=nykoping,
        reference="MIG-DIRECT",
        category="RESETTLED",
        decision_date=today,
        household_name="Test",
        members=[member],
    )
    assert assignment.household.members.get().first_name == "Ali"
