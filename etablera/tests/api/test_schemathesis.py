"""Schemathesis against the OpenAPI document: every operation, with generated (valid and invalid) parameters and
bodies, as alice (Nyköping's reception unit, who sees the data). No answer may be a server error, and every
answer must be one the document promises: a documented status code, the documented content type, a body that
matches the response schema. Invalid input must be refused (4xx), never accepted.

Each operation is called twice per example: with the generated path parameters (mostly unknown ids: 404s and
422s) and with the path parameters pointed at real rows, so that the bodies of real answers are checked too.
Generic over the whole document: a new router is covered as soon as it is added.

The run is bounded (a few examples per operation, derandomized, no example database written to disk).
"""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

import etablera.testing.hypothesis_tmp  # noqa: F401 (hypothesis writes its caches under tmp)
from etablera.access import services as access_services
from etablera.api_v1 import api
from etablera.organisation.models import ApiToken, Unit
from etablera.reception import services
from etablera.reception.models import MunicipalQuota, Task
from etablera.testing.factories import HouseholdFactory
from etablera.testing.snapshot import once

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = WSGIHandler()

MAX_EXAMPLES = 8

# A request that fits the schema may still be refused by a service's own rules (a date before the decision, an
# empty note): that is a documented 422 with a Swedish message, not a failure. Everything else is checked.
EXCLUDED = [positive_data_acceptance]
# A CSV file is any text. Schemathesis's body "of the wrong type" for a text/csv body (an object, sent as `{}`) is a
# file with one header line, which an import answers with the file's errors (200, `ok: false`), as documented; a
# missing body is still refused (422), and the imports' own tests check the files' errors.
RAW_FILE_BODIES = {
    "/api/v1/imports/members",
    "/api/v1/imports/assignments",
    "/api/v1/housing/units/import",
    "/api/v1/imports/monthly-status",
    "/api/v1/imports/sfi",
    "/api/v1/activity/support-months/import",
    "/api/v1/activity/attendance/import",
}


@pytest.fixture
def wsgi_in_test_transaction():
    """Django closes the database connection when a request finishes; the test client stops it doing so (the
    test's transaction lives on that connection), and so must a test that calls the WSGI handler directly."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(request, db, wsgi_in_test_transaction, settings):
    """A received household with tasks, a pending anvisning, a consent and this year's kommuntal: the rows that
    real path parameters point at. Made for real in a process's first test, written back from its snapshot in the
    others (testing/snapshot.once)."""
    settings.ALLOWED_HOSTS = ["*"]
    needed = ("alice", "nykoping", "units", "family", "today")
    return once("schemathesis", lambda: _make_world(*map(request.getfixturevalue, needed)))


def _make_world(alice, nykoping, units, family, today):
    MunicipalQuota.objects.create(municipality=nykoping, year=today.year, quota=60)
    assignment = services.create_assignment(
        actor=alice,
        municipality=nykoping,
        reference="MIG-ST-001",
        category="ASSIGNED_FROM_FACILITY",
        decision_date=today - dt.timedelta(days=20),
        household=family,
    )
    case = services.receive_household(
        actor=alice, assignment=assignment, arrival_date=today - dt.timedelta(days=2)
    )
    waiting = HouseholdFactory.with_members([33], municipality=nykoping, name="Familjen Väntar")
    pending = services.create_assignment(
        actor=alice,
        municipality=nykoping,
        reference="MIG-ST-002",
        category="RESETTLED",
        decision_date=today - dt.timedelta(days=3),
        household=waiting,
    )
    person = family.memberships.order_by("pk").first().person
    consent = access_services.record_consent(
        actor=alice,
        person=person,
        units=[units[Unit.Function.SCHOOL]],
        sections=["BASIC"],
        purpose="Skolstart",
        given_date=today,
        method="WRITTEN",
    )
    task = Task.objects.filter(case=case, unit=units[Unit.Function.RECEPTION]).order_by("pk").first()
    _, token = ApiToken.issue(user=alice, name="schemathesis")
    return {
        "token": token,
        # path template prefix -> {parameter: real value}
        "params": {
            "/api/v1/persons/": {"public_id": str(person.public_id)},
            "/api/v1/households/": {"public_id": str(family.public_id)},
            "/api/v1/consents/": {"public_id": str(consent.public_id)},
            "/api/v1/assignments/": {"assignment_id": pending.pk},
            "/api/v1/reception-cases/": {"case_id": case.pk},
            "/api/v1/tasks/": {"task_id": task.pk},
            "/api/v1/municipalities/": {"code": nykoping.code},
            "/api/v1/quotas/": {"municipality": nykoping.code, "year": today.year},
        },
    }


def real_parameters(path: str, generated: dict, world) -> dict | None:
    """The generated path parameters with those we know real values for replaced; None when none are known."""
    for prefix, values in world["params"].items():
        if path.startswith(prefix) and set(values) & set(generated):
            return {**generated, **{k: v for k, v in values.items() if k in generated}}
    return None


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_answers_as_documented(case, world):
    headers = {"Authorization": f"Bearer {world['token']}"}
    # Each example in a savepoint that is rolled back: examples do not depend on each other, and a database
    # error in one (which would be a server error, and fail) does not poison the ones after it on PostgreSQL.
    excluded = [*EXCLUDED, negative_data_rejection] if case.operation.path in RAW_FILE_BODIES else EXCLUDED
    with transaction.atomic():
        case.call_and_validate(headers=headers, excluded_checks=excluded)
        real = real_parameters(case.operation.path, case.path_parameters or {}, world)
        if real is not None:
            # The replaced parameters are valid even when the generated ones were not: whether invalid input
            # is refused was checked by the first call.
            case.path_parameters = real
            case.call_and_validate(headers=headers, excluded_checks=[*EXCLUDED, negative_data_rejection])
        transaction.set_rollback(True)
