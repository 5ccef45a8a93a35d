"""N+1 guard: a list costs the same number of queries for one row as for many, and stays under a fixed bound."""

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from etablera.organisation.models import Unit
from etablera.people.models import Person
from etablera.reception import services
from etablera.reception.models import MunicipalQuota, Task
from etablera.testing.api_client import ApiClient
from etablera.testing.factories import HouseholdFactory, UnitFactory, municipality

_serial = itertools.count(1)
QUOTA_PLACES = ["0114", "0115", "0117", "0120", "0123", "0125"]

# Auth (the key's lookup; its last use is written once a minute, not on every request), the user's memberships, the
# page, a COUNT when there is more than one page, the audit-log insert, and one or two prefetches: lists must stay
# within this.
MAX_QUERIES = 7


def add_received_households(alice, today, count: int) -> None:
    for _ in range(count):
        n = next(_serial)
        household = HouseholdFactory.with_members([40, 9], name=f"Familjen Räkna {n}")
        assignment = services.create_assignment(
            actor=alice,
            municipality=household.municipality,
            reference=f"MIG-COUNT-{n}",
            category="ASSIGNED_FROM_FACILITY",
            decision_date=today - dt.timedelta(days=10),
            household=household,
        )
        services.receive_household(actor=alice, assignment=assignment, arrival_date=today)
        Task.objects.filter(household=household).update(assignee=alice)
        Person.objects.filter(household_memberships__household=household).update(last_name="Räknesson")
        MunicipalQuota.objects.create(municipality=municipality(QUOTA_PLACES[n % 6]), year=2016 + n, quota=n)
        UnitFactory(municipality=household.municipality, name=f"Enhet {n}", function=Unit.Function.OTHER)


def first_task_id():
    return Task.objects.order_by("pk").values_list("pk", flat=True).first()


ENDPOINTS = [
    ("/counties", {}),
    ("/municipalities", {"limit": 200}),
    ("/units", {}),
    ("POST /persons/search", {"q": "Räknesson"}),
    ("POST /households/search", {"q": "Räkna"}),
    ("/quotas", {}),
    ("/assignments", {}),
    ("/reception-cases", {}),
    ("/tasks", {"limit": 200}),
    ("/tasks", {"assignee": "me", "overdue": "false", "limit": 200}),
    ("/reports/quota", {"year": 2017}),
]


def request(client, path, params):
    """GET with query parameters, or "POST /…/search" with the parameters as the body (searches are POSTs)."""
    if path.startswith("POST "):
        return client.post(path.removeprefix("POST "), params)
    return client.get(path, params)


def count_queries(client, path, params) -> int:
    with CaptureQueriesContext(connection) as context:
        response = request(client, path, params)
    assert response.status_code == 200, (path, response.content)
    return len(context.captured_queries)


@pytest.mark.parametrize(("path", "params"), ENDPOINTS, ids=[f"{p} {q}" for p, q in ENDPOINTS])
def test_list_endpoints_cost_a_fixed_number_of_queries(
    path, params, alice, today, django_assert_max_num_queries
):
    client = ApiClient(alice)
    add_received_households(alice, today, 1)
    few = count_queries(client, path, params)
    add_received_households(alice, today, 4)
    many = count_queries(client, path, params)
    assert many == few, f"{path}: {few} queries for one row, {many} for five"
    with django_assert_max_num_queries(MAX_QUERIES):
        request(client, path, params)


@pytest.mark.parametrize("kind", ["household", "task", "person"])
def test_detail_endpoints_do_not_grow_with_the_household(kind, alice, today):
    client = ApiClient(alice)
    add_received_households(alice, today, 1)
    small = Task.objects.order_by("pk").first().household
    big = HouseholdFactory.with_members([45, 44, 17, 12, 9, 6, 3, 1], name="Familjen Stor")
    assignment = services.create_assignment(
        actor=alice,
        municipality=big.municipality,
        reference="MIG-COUNT-BIG",
        category="ASSIGNED_FROM_FACILITY",
        decision_date=today - dt.timedelta(days=10),
        household=big,
    )
    services.receive_household(actor=alice, assignment=assignment, arrival_date=today)

    def path_for(household):
        if kind == "household":
            return f"/households/{household.public_id}"
        if kind == "task":
            return f"/tasks/{Task.objects.filter(household=household).order_by('pk').first().pk}"
        return f"/persons/{household.memberships.order_by('pk').first().person.public_id}"

    few = count_queries(client, path_for(small), {})
    many = count_queries(client, path_for(big), {})
    # Nothing grows with the household: the audit rows for all members shown are one INSERT.
    assert many == few


# --- housing (issue #5) -----------------------------------------------------------------------------------------

# The same as above, and for the housing lists what masks addresses: the households' current contracts and which
# of them have a protected member (one query each, whatever the page holds).
HOUSING_MAX_QUERIES = MAX_QUERIES + 2
HOUSING_ENDPOINTS = [
    ("/housing/units", {}),
    ("/housing/units/free", {}),
    ("/housing/needs", {}),
    ("/housing/contracts", {}),
    ("/housing/contracts", {"temporary": "true", "ending_within_days": 3650}),
    ("/housing/matching/proposals", {}),
]


def add_housed_households(alice, today, count: int) -> None:
    """Households waiting in temporary homes (one in three protected), each with a proposal, and a free home."""
    from etablera.housing import services as housing
    from etablera.housing.models import MatchProposal, MatchRun
    from etablera.people.models import ProtectedIdentity
    from etablera.testing.factories import HousingUnitFactory

    run = MatchRun.objects.get_or_create(municipality=municipality("0480"), on_date=today)[0]
    for _ in range(count):
        n = next(_serial)
        household = HouseholdFactory.with_members([40, 9], name=f"Familjen Bo {n}")
        if n % 3 == 0:
            Person.objects.filter(household_memberships__household=household).update(
                protected_identity=ProtectedIdentity.CONFIDENTIALITY_MARKING
            )
        housing.set_housing_need(actor=alice, household=household)
        home = HousingUnitFactory(kind="MODULE", reference=f"Q-{n}")
        housing.create_contract(
            actor=alice, household=household, unit=home, kind="TEMPORARY", start_date=today, payer="HOUSEHOLD"
        )
        housing.sign_contract(actor=alice, contract=home.contracts.get())
        free = HousingUnitFactory(reference=f"F-{n}")
        MatchProposal.objects.create(
            run=run, household=household, unit=free, move_in=today, explanation=["x"]
        )


@pytest.mark.parametrize(
    ("path", "params"), HOUSING_ENDPOINTS, ids=[f"{p} {q}" for p, q in HOUSING_ENDPOINTS]
)
def test_housing_lists_cost_a_fixed_number_of_queries(
    path, params, alice, today, django_assert_max_num_queries
):
    client = ApiClient(alice)
    add_housed_households(alice, today, 1)
    few = count_queries(client, path, params)
    add_housed_households(alice, today, 4)
    many = count_queries(client, path, params)
    assert many == few, f"{path}: {few} queries for one row, {many} for five"
    with django_assert_max_num_queries(HOUSING_MAX_QUERIES):
        request(client, path, params)
