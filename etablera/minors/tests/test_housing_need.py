"""A housing need opened in time before 18 or 21 (issue #14): the rule at its edges (the decision at 18, a residence
permit, supported and exit housing ending first, 29 February, month ends, the lead exactly on the day), the next
date that stays until the household has a need (on the page and in the list, looked up in one query), and opening
the need through housing's service — once, locked, logged — from the page and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from etablera.access.models import AuditEvent
from etablera.housing import services as housing_services
from etablera.housing.models import HousingNeed
from etablera.minors import services
from etablera.minors.models import ChildCase, Placement
from etablera.minors.selectors import child_page, children, next_dates
from etablera.minors.services import housing as minors_housing
from etablera.minors.tests.conftest import received_child
from etablera.organisation.models import Membership, Role, Unit, User
from etablera.people.models import Person
from etablera.rules import minors as rules
from etablera.testing.api_fixtures import api  # noqa: F401 - the API client fixture
from etablera.testing.concurrency import CONCURRENT, at_once
from etablera.testing.factories import PersonFactory
from etablera.transitions import StateConflict

BORN = dt.date(2009, 6, 15)  # 18 on 2027-06-15, 21 on 2030-06-15


def _opening(born=BORN, after_18="UNDECIDED", has_permit=False, kind=None, ends_on=None):
    return rules.housing_need_opening(
        born, after_18=after_18, has_permit=has_permit, placement_kind=kind, placement_ends_on=ends_on
    )


# --- the rule ------------------------------------------------------------------------------------------------------


def test_without_a_decision_the_need_counts_from_the_18th_birthday():
    due = _opening()
    assert due.date == dt.date(2026, 12, 15)  # 2027-06-15 − 6 months
    assert due.rule == "minors.housing_need_opening" and due.title == "Öppna bostadsbehov senast"
    assert "Inget beslut om ansvaret efter 18 år" in due.explanation
    assert "2027-06-15 − 6 månader = 2026-12-15" in due.explanation
    assert due.status == "local" and "lokal" in due.source  # the municipality's own routine
    assert due.based_on["Ansvaret för boendet upphör"] == dt.date(2027, 6, 15)


@pytest.mark.parametrize(
    ("after_18", "has_permit", "words"),
    [
        ("KEEP", False, "behåller ansvaret efter 18 år"),
        ("NOT_NEEDED", False, "behåller ansvaret efter 18 år"),
        ("UNDECIDED", True, "Med uppehållstillstånd"),
        ("RETURN", True, "Med uppehållstillstånd"),  # a permit wins over an earlier RETURN
    ],
)
def test_kept_or_with_a_permit_the_need_counts_from_the_21st_birthday(after_18, has_permit, words):
    due = _opening(after_18=after_18, has_permit=has_permit)
    assert due.date == dt.date(2029, 12, 15)  # 2030-06-15 − 6 months
    assert words in due.explanation and "2030-06-15" in due.explanation


def test_returned_to_migrationsverket_there_is_no_housing_to_plan():
    assert _opening(after_18="RETURN") is None
    assert rules.housing_responsibility_end(BORN, after_18="RETURN", has_permit=False) is None


def test_born_on_29_february_the_birthdays_are_1_march_and_say_so():
    """18 and 21 are not multiples of four: a 29 February child's 18th and 21st birthdays are always in a common
    year, so always on 1 March."""
    born = dt.date(2008, 2, 29)
    undecided = _opening(born)
    assert undecided.date == dt.date(2025, 9, 1)  # 2026-03-01 − 6 months
    assert "29 februari" in undecided.explanation
    kept = _opening(born, after_18="KEEP")
    assert kept.date == dt.date(2028, 9, 1)  # 2029-03-01 − 6 months
    assert "29 februari" in kept.explanation
    # a placement's end is no birthday: no note
    exit_ends = _opening(born, after_18="KEEP", kind=rules.EXIT_HOUSING, ends_on=dt.date(2028, 6, 30))
    assert exit_ends.date == dt.date(2027, 12, 30) and "29 februari" not in exit_ends.explanation


@pytest.mark.parametrize(
    ("born", "expected"),
    [
        (dt.date(2008, 8, 31), dt.date(2029, 2, 28)),  # 2029-08-31 − 6 months: no 31 February
        (dt.date(2003, 8, 31), dt.date(2024, 2, 29)),  # a leap year
        (dt.date(2008, 12, 31), dt.date(2029, 6, 30)),
    ],
)
def test_months_are_calendar_months(born, expected):
    assert _opening(born, after_18="KEEP").date == expected


@pytest.mark.parametrize(
    ("after_18", "kind", "ends_on", "end"),
    [
        ("KEEP", rules.EXIT_HOUSING, dt.date(2028, 3, 31), dt.date(2028, 3, 31)),  # exit housing ends first
        ("KEEP", rules.SUPPORTED_HOUSING, dt.date(2028, 3, 31), dt.date(2028, 3, 31)),
        ("KEEP", rules.EXIT_HOUSING, dt.date(2027, 6, 15), dt.date(2027, 6, 15)),  # ends on the 18th birthday
        (
            "KEEP",
            rules.EXIT_HOUSING,
            dt.date(2027, 6, 14),
            dt.date(2030, 6, 15),
        ),  # before 18: a new placement
        ("KEEP", rules.HVB, dt.date(2028, 3, 31), dt.date(2030, 6, 15)),  # an HVB's end is not a housing need
        ("KEEP", rules.SUPPORTED_HOUSING, dt.date(2031, 1, 1), dt.date(2030, 6, 15)),  # after 21: 21 first
        ("KEEP", rules.EXIT_HOUSING, None, dt.date(2030, 6, 15)),  # until further notice
        ("UNDECIDED", rules.EXIT_HOUSING, dt.date(2028, 1, 1), dt.date(2027, 6, 15)),  # 18 comes first
        ("RETURN", rules.EXIT_HOUSING, dt.date(2028, 1, 1), None),
    ],
)
def test_a_supported_or_exit_placement_that_ends_first_is_the_end(after_18, kind, ends_on, end):
    found = rules.housing_responsibility_end(
        BORN, after_18=after_18, has_permit=False, placement_kind=kind, placement_ends_on=ends_on
    )
    assert (found[0] if found else None) == end
    if end == ends_on:
        due = _opening(after_18=after_18, kind=kind, ends_on=ends_on)
        assert "slutar" in due.explanation and "enligt placeringsbeslutet" in due.explanation


# --- the next date -------------------------------------------------------------------------------------------------


def _kinds(as_of, *, has_need=False, after_18="UNDECIDED", status="OPEN"):
    case = ChildCase(after_18=after_18, asylum_status="SEEKING", status=status)
    person = Person(birth_date=BORN)
    return [d.kind for d in next_dates(case, person, None, None, as_of, has_housing_need=has_need)]


def test_the_date_is_there_on_its_day_and_after_it_until_the_end():
    opening = dt.date(2026, 12, 15)
    assert "HOUSING_NEED" in _kinds(opening - dt.timedelta(days=200))
    assert "HOUSING_NEED" in _kinds(opening)  # the lead exactly on the day
    assert "HOUSING_NEED" in _kinds(dt.date(2027, 6, 14))  # overdue: what must be done first
    assert "HOUSING_NEED" not in _kinds(dt.date(2027, 6, 15))  # the responsibility it counted to has ended
    assert "HOUSING_NEED" not in _kinds(opening, has_need=True)
    assert "HOUSING_NEED" not in _kinds(opening, after_18="RETURN")
    assert _kinds(opening, status="CLOSED") == []


def test_the_date_sorts_with_the_others():
    case = ChildCase(after_18="UNDECIDED", asylum_status="SEEKING", status="OPEN")
    dates = next_dates(case, Person(birth_date=BORN), None, None, dt.date(2026, 6, 1))
    assert [d.kind for d in dates] == ["HOUSING_NEED", "REPORT", "ADULT", "END_21"]


# --- on the page and in the list --------------------------------------------------------------------------------


@pytest.fixture
def household(child):
    return child.household_memberships.get().household


@pytest.fixture
def closed_need(household):
    """The anvisning opened the household's need; the child was placed, so the housing unit closed it."""
    HousingNeed.objects.filter(household=household).update(needs_accessible=True)
    return housing_services.close_housing_need(actor=None, household=household, note="Placerad på HVB")


def _kinds_on_page(user, child):
    return [d.kind for d in child_page(user, child.public_id).dates]


def test_the_date_stays_until_the_household_has_a_need(sigrid, child, case, household):
    assert "HOUSING_NEED" not in _kinds_on_page(sigrid, child)  # the anvisning's need is open
    housing_services.close_housing_need(actor=None, household=household, note="Placerad på HVB")
    assert "HOUSING_NEED" in _kinds_on_page(sigrid, child)
    minors_housing.open_housing_need(sigrid, case)
    assert "HOUSING_NEED" not in _kinds_on_page(sigrid, child)


def test_the_list_reads_the_needs_in_one_query(sigrid, alice, nykoping, child, case, closed_need, today):
    [row] = children(sigrid, nykoping.pk, today)
    assert "HOUSING_NEED" in [d.kind for d in row.dates]
    with CaptureQueriesContext(connection) as one:
        children(sigrid, nykoping.pk, today)
    for number in (1, 2):
        other = received_child(alice, nykoping, today, age=17, reference=f"MIG-2026-00079{number}")
        services.open_case(sigrid, other, asylum_status="SEEKING")
    with CaptureQueriesContext(connection) as three:
        rows = children(sigrid, nykoping.pk, today)
    assert len(rows) == 3 and len(three) == len(one)
    # the others' needs are open (their anvisningar): only the first child still has the date
    assert [r.person.pk for r in rows if "HOUSING_NEED" in [d.kind for d in r.dates]] == [child.pk]


# --- opening the need ----------------------------------------------------------------------------------------------


def test_social_services_open_it_once_through_housing_and_it_is_logged(sigrid, case, household, closed_need):
    need = minors_housing.open_housing_need(sigrid, case)
    assert need.pk == closed_need.pk and need.reopened  # one need per household: the closed one opens again
    assert need.status == HousingNeed.Status.WAITING and need.reason == HousingNeed.Reason.OTHER
    assert need.needs_accessible  # what the housing unit knew of the household is kept
    assert need.house_by is None  # the housing officer sets it; the day is in the note
    birthday_18 = rules.turns_adult(case.person.birth_date).isoformat()
    assert "Anmält av socialtjänsten" in need.note and birthday_18 in need.note
    mine = AuditEvent.objects.get(summary__startswith="Bostadsbehov öppnat från barnärendet")
    assert mine.actor == sigrid and mine.object_type == "HousingNeed" and "öppnat igen" in mine.summary
    assert AuditEvent.objects.filter(summary="Bostadsbehov ändrat", actor=None).exists()  # housing's own
    with pytest.raises(StateConflict) as conflict:
        minors_housing.open_housing_need(sigrid, case)
    assert "redan ett bostadsbehov (väntar på bostad" in conflict.value.detail
    assert HousingNeed.objects.filter(household=household).count() == 1


def test_a_household_without_a_need_gets_a_new_one(sigrid, case, household, today):
    HousingNeed.objects.filter(household=household).delete()
    start = today - dt.timedelta(days=3)
    services.add_placement(
        sigrid,
        case,
        kind="HVB",
        provider="HVB Solrosen",
        decided_on=start,
        starts_on=start,
        cost_per_day="2000",
    )
    need = minors_housing.open_housing_need(sigrid, case)
    assert not need.reopened and need.reason == HousingNeed.Reason.LEAVING_PLACEMENT
    assert AuditEvent.objects.filter(
        actor=sigrid, action="CREATE", object_type="HousingNeed", summary__startswith="Bostadsbehov öppnat"
    ).exists()


def test_an_open_need_is_not_opened_again(sigrid, case):
    """The anvisning of an unaccompanied minor opened the household's need: there is nothing to open."""
    with pytest.raises(StateConflict) as conflict:
        minors_housing.open_housing_need(sigrid, case)
    assert "Bostadsenheten har det" in conflict.value.detail


def test_only_social_services_of_the_case_open_it(alice, charlie, sigrid, case, closed_need, today):
    for user in (alice, charlie):
        with pytest.raises(PermissionDenied):
            minors_housing.open_housing_need(user, case)
    services.close_case(sigrid, case, closed_on=today, reason="Flyttat")
    with pytest.raises(StateConflict) as conflict:
        minors_housing.open_housing_need(sigrid, case)
    assert conflict.value.detail == "Barnärendet är avslutat."


def test_a_person_in_no_household_is_told_at_the_field(nykoping):
    person = PersonFactory(municipality=nykoping, birth_date=BORN)
    case = services.open_case(None, person, asylum_status="SEEKING")
    with pytest.raises(ValidationError) as error:
        minors_housing.open_housing_need(None, case)
    assert "hör inte till något hushåll" in error.value.message_dict["housing_need"][0]


# --- the page and the API ------------------------------------------------------------------------------------------


def test_the_button_opens_it_and_a_second_click_is_told(signed_in, sigrid, child, case, closed_need):
    client = signed_in(sigrid)
    page_url = reverse("minors_child", args=[child.public_id])
    before = client.get(page_url).content.decode()
    section = before[before.index('id="bostadsbehov"') : before.index('id="skola-halsa"')]
    assert (
        "Avslutat" in section
        and "Öppna bostadsbehov senast" in section
        and "Öppna bostadsbehov</button>" in section
    )
    url = reverse("minors_housing_need", args=[child.public_id])
    answer = client.post(url)
    assert answer.status_code == 302 and answer["Location"].endswith("/barn/#bostadsbehov")
    text = client.get(answer["Location"]).content.decode()
    assert "Bostadsbehovet är öppnat: väntar på bostad" in text
    section = text[text.index('id="bostadsbehov"') : text.index('id="skola-halsa"')]
    assert "Väntar på bostad" in section and "</button>" not in section
    assert "Öppna bostadsbehov senast" not in section
    assert (
        reverse("household_housing_need", args=[closed_need.household.public_id]) not in section
    )  # not hers
    again = client.post(url, follow=True).content.decode()
    assert "Hushållet har redan ett bostadsbehov" in again
    assert client.get(url).status_code == 405


def test_the_housing_page_is_linked_for_who_keeps_housing(signed_in, sigrid, units, child, case, household):
    Membership.objects.create(user=sigrid, unit=units[Unit.Function.HOUSING], role=Role.CASEWORKER)
    text = signed_in(sigrid).get(reverse("minors_child", args=[child.public_id])).content.decode()
    assert reverse("household_housing_need", args=[household.public_id]) in text


def test_the_button_is_not_for_others(signed_in, alice, charlie, child, case, closed_need):
    url = reverse("minors_housing_need", args=[child.public_id])
    for user in (alice, charlie):
        assert signed_in(user).post(url).status_code == 404
    assert HousingNeed.objects.get(pk=closed_need.pk).status == HousingNeed.Status.CLOSED


def test_the_api_opens_it_and_says_what(api, sigrid, alice, child, case, household, closed_need):  # noqa: F811
    url = f"/persons/{child.public_id}/child-case/housing-need"
    answer = api(sigrid).post(url)
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["household"] == str(household.public_id) and body["status"] == "WAITING"
    assert body["reason"] == "OTHER" and body["reopened"] is True
    assert "Anmält av socialtjänsten" in body["note"]
    second = api(sigrid).post(url)
    assert second.status_code == 409 and "redan ett bostadsbehov" in second.json()["detail"]
    assert api(alice).post(url).status_code == 404


# --- two social workers at once (PostgreSQL) ------------------------------------------------------------------------


def _concurrent(test):
    for mark in reversed(CONCURRENT):
        test = mark(test)
    return test


def _open(user_pk, case_pk):
    return minors_housing.open_housing_need(
        User.objects.get(pk=user_pk), ChildCase.objects.select_related("person").get(pk=case_pk)
    )


@_concurrent
def test_two_clicks_at_once_open_one_need(sigrid, case, household, closed_need):
    results = at_once(lambda: _open(sigrid.pk, case.pk), lambda: _open(sigrid.pk, case.pk))
    refused = [r for r in results if isinstance(r, StateConflict)]
    assert len(refused) == 1 and "redan ett bostadsbehov" in refused[0].detail, results
    assert HousingNeed.objects.filter(household=household, status="WAITING").count() == 1
    assert AuditEvent.objects.filter(summary__startswith="Bostadsbehov öppnat från barnärendet").count() == 1


def test_placement_kind_labels_are_the_models():
    labels = dict(Placement.Kind.choices)
    assert set(rules.HOUSING_STEP_KINDS) <= set(labels)
