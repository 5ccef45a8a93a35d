import datetime as dt
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q

from etablera.access.models import AuditEvent
from etablera.access.policy import restrict
from etablera.demo import data
from etablera.demo import services as demo_services
from etablera.organisation.models import Role, User
from etablera.people.models import Category, Household, Person, ProtectedIdentity
from etablera.reception import selectors
from etablera.reception.models import Assignment, CaseEvent, MunicipalQuota, ReceptionCase, Task
from etablera.rules import identity
from etablera.rules.dates import age_on
from etablera.testing.demo import demo_command


def _counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models(include_auto_created=True)}


def _run(*args) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    """The demo without the Södermanland 2017 figures (thousands of anvisningar), which most tests do not need."""
    return demo_command()


def test_running_it_twice_changes_nothing(db):
    first_output = _run()
    first = _counts()
    assert first["reception.Task"] > 50 and first["people.Household"] >= 14

    output = _run()

    assert _counts() == first
    assert "ingenting ändrades" in output
    if demo_services.sodermanland_available():
        assert "Södermanlands siffror för 2017 är inlästa" in first_output
        assert MunicipalQuota.objects.filter(year=2017, municipality__code="0480").exists()


def test_it_prints_the_address_the_logins_and_the_password(demo):
    assert data.ADDRESS in demo
    assert data.PASSWORD in demo
    for spec in data.USERS:
        assert spec.username in demo
    assert "Handläggare i Integrationsenheten, Nyköping" in demo
    assert "Skapat nu:" in demo


def test_every_role_has_a_user_in_nykoping_who_can_sign_in(demo, client):
    for role in Role:
        user = User.objects.filter(
            memberships__role=role, memberships__unit__municipality__code="0480"
        ).first()
        assert user is not None, role
        assert client.login(username=user.username, password=data.PASSWORD), role
        client.logout()


def test_no_demo_login_opens_the_django_admin(demo, client):
    """The Django admin is for the operators of the service (`etablera createsuperuser`), not for the
    municipality's administrator, who would see every municipality there (issue #9)."""
    admin = User.objects.get(username="admin")
    assert not admin.is_staff and not admin.is_superuser
    assert not User.objects.filter(Q(is_staff=True) | Q(is_superuser=True)).exists()
    assert "Django-admin" not in demo.split("Lösenord för alla")[0]  # not offered with the municipal logins
    assert client.login(username="admin", password=data.PASSWORD)
    for address in ("/admin/", "/admin/access/auditevent/", "/admin/organisation/user/"):
        response = client.get(address)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), address
    page = client.get("/admin/organisation/user/", follow=True).content.decode()
    assert "Sjöberg" not in page and "Lindqvist" not in page and "Andersson" not in page


def test_a_second_run_takes_the_django_admin_away_from_an_earlier_demos_logins(demo):
    User.objects.filter(username="admin").update(is_staff=True, is_superuser=True)

    output = _run("--skip-sodermanland")

    admin = User.objects.get(username="admin")
    assert not admin.is_staff and not admin.is_superuser
    assert "Skapat nu:" in output  # the change is reported, and logged
    assert (
        AuditEvent.objects.filter(object_type="User", object_id=str(admin.pk), action="UPDATE")
        .filter(summary__contains="Django-admin")
        .exists()
    )


def test_enkoping_has_an_outsider(demo, client):
    outsider = User.objects.get(username="enkoping")
    assert client.login(username="enkoping", password=data.PASSWORD)
    visible = restrict(outsider, Household.objects.all())
    assert visible.exists()
    assert not visible.filter(municipality__code="0480").exists()


def test_a_changed_password_survives_a_second_run(demo, client):
    user = User.objects.get(username="handlaggare")
    user.set_password("ett-eget-lösenord-123")
    user.save()

    _run()

    assert client.login(username="handlaggare", password="ett-eget-lösenord-123")


def test_this_years_kommuntal_has_a_monthly_split(demo, today):
    quota = MunicipalQuota.objects.get(municipality__code="0480", year=today.year)
    assert quota.quota == 60
    assert quota.months.count() == 12
    assert sum(m.count for m in quota.months.all()) == 60


def test_there_are_assignments_in_every_state(demo, today):
    nykoping = Assignment.objects.filter(municipality__code="0480", reference__startswith="DEMO-")
    assert set(nykoping.values_list("status", flat=True)) == set(Assignment.Status.values)
    waiting = nykoping.filter(status=Assignment.Status.ASSIGNED)
    assert waiting.filter(latest_reception_date__lt=today).exists()  # one is past its latest reception date
    assert waiting.filter(latest_reception_date__range=(today, today + dt.timedelta(days=14))).exists()
    cancelled = nykoping.get(status=Assignment.Status.CANCELLED)
    assert cancelled.cancel_reason
    # Every received household was received through the service: a case, tasks and a RECEIVED event each.
    received = nykoping.filter(status=Assignment.Status.RECEIVED)
    assert received.count() == ReceptionCase.objects.filter(assignment__in=received).count() >= 6
    arrivals = sorted(received.values_list("received_date", flat=True))
    assert (today - arrivals[0]).days > 100 and (today - arrivals[-1]).days < 7
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.RECEIVED).count() == received.count()


def test_the_resettled_family_has_a_later_latest_reception_date(demo):
    # The Mukendi family, not yet received (the earlier resettled arrivals of the cohort are received long since).
    kvot = Assignment.objects.get(
        category=Category.RESETTLED, status=Assignment.Status.ASSIGNED, reference__startswith="DEMO-"
    )
    assert kvot.latest_reception_date > kvot.decision_date + dt.timedelta(days=62)
    assert kvot.latest_reception_deadline.rule == "reception.latest_reception_date.stated"


def test_family_reunification_links_to_an_anchor_received_earlier(demo):
    household = Household.objects.get(assignments__reference="DEMO-ANV-006")
    anchor = household.anchor_person
    assert anchor is not None
    anchor_assignment = Assignment.objects.get(household__memberships__person=anchor)
    own = household.assignments.get()
    assert anchor_assignment.status == Assignment.Status.RECEIVED
    assert anchor_assignment.received_date < own.decision_date


def test_tasks_are_in_every_state_including_overdue(demo, today):
    tasks = Task.objects.filter(municipality__code="0480")
    assert set(tasks.values_list("status", flat=True)) == set(Task.Status.values)
    open_tasks = tasks.filter(status=Task.Status.OPEN)
    assert open_tasks.filter(due_date__lt=today).exists()
    assert open_tasks.filter(due_date__range=(today, today + dt.timedelta(days=7))).exists()
    assert open_tasks.filter(due_date__gt=today + dt.timedelta(days=7)).exists()
    assert all(
        tasks.filter(status=Task.Status.NOT_APPLICABLE).values_list("not_applicable_reason", flat=True)
    )
    assert tasks.filter(status=Task.Status.DONE, completed_by__isnull=False).exists()
    # Tasks were moved between units, and the changes are in the audit log under the staff who made them.
    assert tasks.filter(events__kind="REASSIGNED").exclude(unit__name="Integrationsenheten").exists()
    assert tasks.filter(events__kind="NOTE").exists()
    assert AuditEvent.objects.filter(actor__username="sfi", object_type="Task").exists()


def test_my_tasks_is_not_empty_for_the_caseworkers(demo):
    for username in ("handlaggare", "sfi", "skola", "soc"):
        tasks = selectors.my_tasks(User.objects.get(username=username))
        assert tasks.count > 0, username
    assert selectors.my_tasks(User.objects.get(username="handlaggare")).overdue


def test_a_person_with_protected_identity_lives_in_a_household_with_others(demo):
    person = Person.objects.get(protected_identity=ProtectedIdentity.CONFIDENTIALITY_MARKING)
    household = person.households.get()
    assert household.memberships.count() > 1
    assert household.assignments.get().status == Assignment.Status.RECEIVED


def test_the_households_are_of_many_kinds(demo, today):
    persons = Person.objects.filter(municipality__code="0480")
    ages = {age_on(p.birth_date, today) for p in persons}
    assert 19 in ages and 67 in ages and 2 in ages
    assert {Category.RESETTLED, Category.FAMILY_REUNIFICATION, Category.TEMPORARY_PROTECTION} <= set(
        persons.values_list("category", flat=True)
    )
    assert {
        identity.PERSONNUMMER,
        identity.SAMORDNINGSNUMMER,
        identity.DOSSIERNUMMER,
    } <= set(persons.values_list("identity_number_type", flat=True))
    assert persons.filter(needs_interpreter=True).exists()
    assert len(set(persons.values_list("interpreter_language", flat=True))) > 6
    # The young adult (19) has SFI but not the establishment programme; the 67-year-old has neither AF task.
    young = persons.get(first_name="Karwan")
    assert young.tasks.filter(title__startswith="Anmälan till SFI").exists()
    assert not Task.objects.filter(person__in=[young], title__contains="Arbetsförmedlingen").exists()
    assert not Task.objects.filter(person__first_name="Halyna", title__contains="Arbetsförmedlingen").exists()


def test_it_is_deterministic(db, today):
    def snapshot():
        with transaction.atomic():
            demo_services.load_demo(today=today)
            persons = sorted(Person.objects.values_list("first_name", "identity_number", "birth_date"))
            tasks = sorted(Task.objects.values_list("household__name", "title", "status", "due_date"))
            transaction.set_rollback(True)
        return persons, tasks

    assert snapshot() == snapshot()


def test_it_calls_the_sodermanland_loader_when_it_exists(db, monkeypatch):
    monkeypatch.setattr(demo_services, "SODERMANLAND_MODULE", "etablera.demo.tests.fake_sodermanland")
    from etablera.demo.tests import fake_sodermanland

    fake_sodermanland.calls.clear()
    result = demo_services.load_demo()
    assert fake_sodermanland.calls == [{"actor": None}]
    assert result.sodermanland_status == "loaded" and result.sodermanland == {"kommuntal": 9}


def test_it_says_so_when_the_sodermanland_loader_is_missing(db, monkeypatch):
    monkeypatch.setattr(demo_services, "SODERMANLAND_MODULE", "etablera.demo.tests.no_such_module")
    output = _run()
    assert "laddades inte: modulen etablera.demo.tests.no_such_module saknas" in output
