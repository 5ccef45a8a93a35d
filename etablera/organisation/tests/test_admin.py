"""The Django admin is the operators' (issue #9, finding 7): users, memberships, units, tokens and reference data.
Nothing of the persons is in it — every read of a person goes through the selectors, which log it and keep to the
reader's municipality, while the admin shows every municipality at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.urls import reverse

from etablera.organisation.models import User
from etablera.reception import services
from etablera.reception.models import Task
from etablera.testing.factories import UserFactory

# Apps whose models are persons, households or what is written about them (the access log included: it names persons
# by public id and its summaries hold stated reasons).
PERSONAL_APPS = {"people", "housing", "access"}
PERSON_MODELS = {"people.Person", "people.Household"}
PERSON_ID_FIELDS = {"person_public_id", "household_public_id"}


def _registered_models() -> dict[str, list[str]]:
    """Every model the admin shows, with the models of its inlines: {label: [inline labels]}."""
    return {
        model._meta.label: [inline.model._meta.label for inline in model_admin.inlines]
        for model, model_admin in admin.site._registry.items()
    }


def _points_at_a_person(label: str) -> bool:
    from django.apps import apps

    model = apps.get_model(label)
    for field in [*model._meta.fields, *model._meta.many_to_many]:  # its own fields, not relations to it
        if field.name in PERSON_ID_FIELDS:
            return True
        related = getattr(field, "related_model", None)
        if related is not None and related._meta.label in PERSON_MODELS:
            return True
    return False


def test_no_model_with_personal_data_is_in_the_admin():
    shown = _registered_models()
    every = set(shown) | {inline for inlines in shown.values() for inline in inlines}
    assert not {label for label in every if label.split(".")[0] in PERSONAL_APPS}
    assert not {label for label in every if _points_at_a_person(label)}
    # What the operators need is there.
    assert {"organisation.User", "organisation.Unit", "organisation.ApiToken"} <= set(shown)
    assert "organisation.Membership" in shown["organisation.User"]


@pytest.fixture
def operator(db):
    return UserFactory(username="drift", is_staff=True, is_superuser=True)


def test_an_operator_cannot_delete_a_user_whose_refusal_would_list_case_records(
    client, operator, alice, family, nykoping, today
):
    """Deleting a user who is assigned tasks is refused with a list of those tasks — whose titles name household
    members ("Skolplacering: Amal"). Users are deactivated, never deleted, in the admin."""
    assignment = services.create_assignment(
        actor=alice,
        municipality=nykoping,
        reference="MIG-2026-ADMIN-1",
        category="ASSIGNED_FROM_FACILITY",
        decision_date=today - dt.timedelta(days=10),
        household=family,
    )
    services.receive_household(actor=alice, assignment=assignment, arrival_date=today - dt.timedelta(days=2))
    task = Task.objects.filter(household=family).first()
    Task.objects.filter(pk=task.pk).update(assignee=alice, title="Skolplacering: Zerafina")
    client.force_login(operator)
    change = client.get(reverse("admin:organisation_user_change", args=[alice.pk])).content.decode()
    assert "alice" in change and reverse("admin:organisation_user_delete", args=[alice.pk]) not in change
    response = client.get(reverse("admin:organisation_user_delete", args=[alice.pk]))
    assert response.status_code == 403
    assert "Zerafina" not in response.content.decode()


def test_the_access_log_is_not_in_the_admin(client, operator):
    client.force_login(operator)
    index = client.get(reverse("admin:index")).content.decode()
    assert "/admin/organisation/user/" in index and "/admin/organisation/unit/" in index
    assert "auditevent" not in index
    assert client.get("/admin/access/auditevent/").status_code == 404


def _change_form(user, **changes) -> dict:
    """The admin's change form for `user` as a browser would post it, with its memberships kept."""
    memberships = list(user.memberships.order_by("pk"))
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "memberships-TOTAL_FORMS": str(len(memberships)),
        "memberships-INITIAL_FORMS": str(len(memberships)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for i, membership in enumerate(memberships):
        data |= {
            f"memberships-{i}-id": str(membership.pk),
            f"memberships-{i}-user": str(user.pk),
            f"memberships-{i}-unit": str(membership.unit_id),
            f"memberships-{i}-role": membership.role,
        }
    return data | changes


def test_a_member_of_a_municipality_cannot_be_made_staff_in_the_admin(client, operator, carol):
    client.force_login(operator)
    address = reverse("admin:organisation_user_change", args=[carol.pk])
    saved = client.post(address, _change_form(carol, last_name="Ny"))
    assert saved.status_code == 302  # the form as posted is complete: an ordinary change is saved
    carol.refresh_from_db()
    assert carol.last_name == "Ny"

    for flag in ("is_staff", "is_superuser"):
        response = client.post(address, _change_form(carol, **{flag: "on"}))
        assert response.status_code == 200
        assert (
            "Ett konto för driften (personal eller superanvändare) kan inte vara medlem"
            in response.content.decode()
        )
        carol.refresh_from_db()
        assert not carol.is_staff and not carol.is_superuser


def test_the_system_check_names_an_operator_who_is_also_a_member(operator, carol):
    from django.core.checks import run_checks

    assert not [m for m in run_checks(databases=["default"]) if m.id == "organisation.W001"]
    User.objects.filter(pk=carol.pk).update(is_superuser=True)  # as an earlier demo did, or by hand
    (warning,) = [m for m in run_checks(databases=["default"]) if m.id == "organisation.W001"]
    assert "carol" in warning.msg and "drift" not in warning.msg
    assert not [m for m in run_checks() if m.id == "organisation.W001"]  # only where the database is checked
