"""Writing a child's case (minors.services): who may, what is refused at the field, the placements' history, the
representatives, and the decisions at 18 — each logged, nothing half-saved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from etablera.access.models import AuditEvent
from etablera.minors import services
from etablera.minors.models import ChildCase, Guardian, Placement, TracingRequest
from etablera.people.models import BirthDateChange
from etablera.people.services.birth_dates import change_birth_date
from etablera.transitions import StateConflict


def _placement(sigrid, case, today, **values):
    data = {
        "kind": "HVB",
        "provider": "HVB Solrosen",
        "decided_on": today - dt.timedelta(days=9),
        "starts_on": today - dt.timedelta(days=9),
        "cost_per_day": "2450",
    } | values
    return services.add_placement(sigrid, case, **data)


def test_social_services_open_the_case_and_it_is_logged(sigrid, child, case):
    assert case.municipality_id == child.municipality_id and case.status == "OPEN"
    assert AuditEvent.objects.filter(actor=sigrid, action="CREATE", object_type="ChildCase").exists()
    with pytest.raises(ValidationError) as error:
        services.open_case(sigrid, child)
    assert "redan ett barnärende" in str(error.value)


def test_only_social_services_of_the_municipality_write(alice, charlie, child, case):
    with pytest.raises(PermissionDenied):
        services.open_case(alice, child)
    for user in (alice, charlie):
        with pytest.raises(PermissionDenied):
            services.update_case(user, case, asylum_status="PERMANENT_PERMIT")


def test_facts_are_checked_at_the_field_and_nothing_is_saved(sigrid, case, today):
    with pytest.raises(ValidationError) as error:
        services.update_case(
            sigrid,
            case,
            investigation_decided_on=today,
            arrived_on=today + dt.timedelta(days=1),
            young_adult_plan="x" * 2001,
        )
    assert set(error.value.message_dict) == {"investigation_started_on", "arrived_on", "young_adult_plan"}
    case.refresh_from_db()
    assert case.investigation_decided_on is None
    services.update_case(
        sigrid, case, investigation_started_on=today - dt.timedelta(days=8), investigation_decided_on=today
    )
    event = AuditEvent.objects.filter(summary="Barnärendet ändrat").latest("pk")
    assert set(event.changes) == {"investigation_started_on", "investigation_decided_on"}


def test_placements_form_a_history_one_at_a_time(sigrid, case, today):
    first = _placement(sigrid, case, today, starts_on=today - dt.timedelta(days=9))
    with pytest.raises(ValidationError) as error:
        _placement(sigrid, case, today, kind="FAMILY_HOME", provider="Familjen Ek", starts_on=today)
    assert "överlappar" in error.value.message_dict["starts_on"][0]
    services.end_placement(sigrid, first, ends_on=today - dt.timedelta(days=1), reason="PLANNED")
    second = _placement(sigrid, case, today, kind="FAMILY_HOME", provider="Familjen Ek", starts_on=today)
    assert list(case.placements.all()) == [second, first]
    with pytest.raises(StateConflict):
        services.end_placement(sigrid, first, ends_on=today, reason="PLANNED")


def test_a_placement_is_refused_at_the_field(sigrid, case, today):
    with pytest.raises(ValidationError) as error:
        _placement(sigrid, case, today, kind="X", provider=" ", cost_per_day="-1", decided_on=None)
    assert set(error.value.message_dict) == {"kind", "provider", "cost_per_day", "decided_on"}
    with pytest.raises(ValidationError) as error:
        _placement(sigrid, case, today, decided_on=today, starts_on=today - dt.timedelta(days=1))
    assert "decided_on" in error.value.message_dict
    assert not Placement.objects.exists()


def test_supported_housing_for_a_16_year_old_needs_special_reasons(sigrid, case, today):
    with pytest.raises(ValidationError) as error:
        _placement(sigrid, case, today, kind="SUPPORTED_HOUSING")
    assert "särskilda skäl" in error.value.message_dict["special_reasons"][0]
    placement = _placement(
        sigrid, case, today, kind="SUPPORTED_HOUSING", special_reasons="Nära skolan, klarar sig själv"
    )
    assert placement.cost_per_day == Decimal("2450.00")


def test_a_custodian_ends_the_god_mans_appointment(sigrid, case, today):
    good_man = services.add_guardian(
        sigrid, case, kind="GOOD_MAN", name="Gunnar Godman", appointed_on=today - dt.timedelta(days=8)
    )
    custodian = services.add_guardian(
        sigrid,
        case,
        kind="APPOINTED_CUSTODIAN",
        name="Vera Vårdnad",
        applied_on=today - dt.timedelta(days=5),
        appointed_on=today,
    )
    good_man.refresh_from_db()
    assert (good_man.ended_on, good_man.end_reason) == (today, Guardian.EndReason.CUSTODIAN)
    assert custodian.ended_on is None
    with pytest.raises(ValidationError) as error:
        services.add_guardian(sigrid, case, kind="GOOD_MAN", name="", email="utan-snabel-a")
    assert set(error.value.message_dict) == {"name", "appointed_on", "email"}


def test_the_report_and_the_decision_at_18_are_recorded_once(sigrid, case, today):
    services.record_report_sent(sigrid, case, sent_on=today)
    with pytest.raises(StateConflict):
        services.record_report_sent(sigrid, case, sent_on=today)
    services.decide_after_18(sigrid, case, decision="KEEP", decided_on=today)
    case.refresh_from_db()
    assert (case.report_sent_on, case.after_18) == (today, ChildCase.After18.KEEP)
    with pytest.raises(StateConflict):
        services.decide_after_18(sigrid, case, decision="RETURN", decided_on=today)


def test_a_case_closes_only_without_a_running_placement(sigrid, case, today):
    placement = _placement(sigrid, case, today)
    with pytest.raises(ValidationError):
        services.close_case(sigrid, case, closed_on=today, reason="Flyttat")
    services.end_placement(sigrid, placement, ends_on=today, reason="MOVED")
    services.close_case(sigrid, case, closed_on=today, reason="Flyttat")
    with pytest.raises(StateConflict):
        services.update_case(sigrid, case, asylum_status="PERMANENT_PERMIT")


def test_tracing_visits_and_a_relative(sigrid, alice, case, today, family):
    tracing = services.record_tracing(sigrid, case, requested_on=today, via="Röda korset")
    services.settle_tracing(sigrid, tracing, outcome="FOUND", closed_on=today)
    assert TracingRequest.objects.get().outcome == "FOUND"
    visit = services.record_visit(sigrid, case, visited_on=today, note="Trivs")
    assert visit.case == case
    with pytest.raises(ValidationError):
        services.record_visit(sigrid, case, visited_on=today + dt.timedelta(days=1))


def test_an_age_uplift_is_the_registers_and_the_case_follows(sigrid, alice, child, case, today):
    """The age assessment is recorded on the person (people.services.birth_dates, AGE_UPLIFT): the case's dates are
    computed from the birth date, so a 16-year-old made 17 has the report due a year earlier."""
    from etablera.minors.selectors import child_page

    before = {d.kind: d.date for d in child_page(sigrid, child.public_id).dates}
    change_birth_date(
        actor=alice,
        person=child,
        kind=BirthDateChange.Kind.AGE_UPLIFT,
        new_date=child.birth_date.replace(year=child.birth_date.year - 1),
        reason="Migrationsverkets åldersbedömning",
        decided_on=today,
    )
    page = child_page(sigrid, child.public_id)
    after = {d.kind: d.date for d in page.dates}
    assert (
        after["REPORT"] < before["REPORT"]
        and after["ADULT"] < before["ADULT"]
        and after["END_21"] < before["END_21"]
    )
    assert page.uplifts and page.uplifts[0].kind == BirthDateChange.Kind.AGE_UPLIFT


def test_the_same_id_from_the_social_services_system_twice_is_refused_at_the_field(sigrid, case, today):
    first = _placement(
        sigrid,
        case,
        today,
        starts_on=today - dt.timedelta(days=9),
        ends_on=today - dt.timedelta(days=5),
        external_id="SOC-1",
    )
    assert first.end_reason == Placement.EndReason.PLANNED
    with pytest.raises(ValidationError) as error:
        _placement(sigrid, case, today, starts_on=today, external_id="SOC-1")
    assert "samma id" in error.value.message_dict["external_id"][0]
