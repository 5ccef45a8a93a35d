"""restrict()'s short path for reception staff (policy._reception_only) returns exactly what the general policy
returns, on a generated data set with consents, involvement and other municipalities; and it is not taken for a
user who is staff outside the reception unit."""

import pytest
from django.db import transaction
from django.utils import timezone

from etablera.access import policy
from etablera.demo import generate
from etablera.organisation.models import User
from etablera.people.models import Household, Person
from etablera.reception.models import Assignment, ReceptionCase, Task


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield generate.generate(
            generate.Options(persons=600, bench_share=0.3, today=timezone.localdate(), progress=None)
        )
        transaction.set_rollback(True)


def _general(user, queryset, monkeypatch):
    with monkeypatch.context() as patched:
        patched.setattr(policy, "_reception_only", lambda caps, queryset: None)
        return set(policy.restrict(user, queryset).values_list("pk", flat=True))


@pytest.mark.parametrize("model", [Household, Person, Assignment, ReceptionCase, Task])
def test_the_short_path_for_reception_staff_is_the_general_answer(generated, db, model, monkeypatch):
    user = User.objects.get(username="bench.mottagning")
    caps = policy.capabilities(user)
    assert caps.staff_municipality_ids == caps.reception_municipality_ids
    assert policy._reception_only(caps, model.objects.all()) is not None
    short = set(policy.restrict(user, model.objects.all()).values_list("pk", flat=True))
    assert short and short == _general(user, model.objects.all(), monkeypatch)
    assert short != set(model.objects.values_list("pk", flat=True))  # other municipalities stay out


def test_staff_outside_the_reception_unit_take_the_general_path(generated, db, monkeypatch):
    user = User.objects.get(username="bench.sfi")
    caps = policy.capabilities(user)
    assert not caps.staff_municipality_ids <= caps.reception_municipality_ids
    calls = []
    monkeypatch.setattr(policy, "_reception_only", lambda caps, queryset: calls.append(1))
    policy.restrict(user, Household.objects.all()).count()
    assert calls == []
