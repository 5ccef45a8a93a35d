"""The Django admin is the operators' (issue #9, finding 7): users, memberships, units, tokens and reference data.
Nothing of the persons is in it — every read of a person goes through the selectors, which log it and keep to the
reader's municipality, while the admin shows every municipality at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.urls import reverse

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
