"""Reading the child's case (minors.selectors): the child's page for its owners, the list by next legal date, the
placement days per month for the state compensation, and `etablera report minors`."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.http import Http404

from etablera.access.models import AuditEvent
from etablera.minors import services
from etablera.minors.selectors import child_page, children, figures, placement_days
from etablera.minors.tests.conftest import received_child
from etablera.people.models import Person
from etablera.rules.dates import birthday


def test_the_childs_page_is_social_services_and_logged(sigrid, alice, charlie, child, case):
    page = child_page(sigrid, child.public_id)
    assert page.case == case and page.may_write
    assert [d.kind for d in page.dates][:2] == ["REPORT", "ADULT"]
    assert AuditEvent.objects.filter(actor=sigrid, action="VIEW", person_public_id=child.public_id).exists()
    for user in (alice, charlie):  # alice sees the child, but not section SOCIAL; charlie nothing
        with pytest.raises(Http404):
            child_page(user, child.public_id)


def test_the_list_is_by_next_date_and_only_for_social_services(sigrid, alice, nykoping, child, case, today):
    older = received_child(alice, nykoping, today, age=17, reference="MIG-2026-000778")
    services.open_case(sigrid, older, asylum_status="SEEKING")
    rows = children(sigrid, nykoping.pk, today)
    assert [r.person for r in rows] == [older, child]  # the 17-year-old's report comes first
    assert rows[0].next.kind == "REPORT"
    with pytest.raises(PermissionDenied):
        children(alice, nykoping.pk, today)


def test_a_report_already_sent_or_a_permit_leaves_no_report_date(sigrid, child, case, today):
    services.record_report_sent(sigrid, case, sent_on=today)
    assert "REPORT" not in [d.kind for d in child_page(sigrid, child.public_id).dates]


def test_placement_days_per_month_and_the_report(sigrid, child, case, today, nykoping):
    first_of_month = today.replace(day=1)
    start = first_of_month - dt.timedelta(days=5)
    placement = services.add_placement(
        sigrid,
        case,
        kind="HVB",
        provider="HVB Solrosen",
        decided_on=start,
        starts_on=start,
        cost_per_day="2000",
    )
    days = placement_days(nykoping.pk, first_of_month)
    assert len(days) == 1 and days[0].person_id == child.pk
    assert days[0].days >= today.day and days[0].cost == days[0].days * placement.cost_per_day
    data = figures(nykoping.pk, today)
    assert (data.open_cases, data.under_18, data.by_kind["HVB"]) == (1, 1, 1)
    out = StringIO()
    call_command("report", "minors", "--municipality", "0480", "--format", "json", stdout=out)
    answer = json.loads(out.getvalue())
    assert answer["placements_by_kind"]["HVB"] == 1 and answer["open_cases"] == 1
    assert child.first_name not in out.getvalue() and str(child.public_id) not in out.getvalue()


def test_the_report_lists_reports_due_within_three_weeks(sigrid, alice, nykoping, today):
    """A child whose 18th birthday is 30 days away: the report is due in 9 days."""
    person = received_child(alice, nykoping, today, age=17, reference="MIG-2026-000779")
    Person.objects.filter(pk=person.pk).update(birth_date=birthday(today + dt.timedelta(days=30), -18))
    person.refresh_from_db()
    case = services.open_case(sigrid, person, asylum_status="SEEKING")
    data = figures(nykoping.pk, today)
    assert [r["case"] for r in data.reports_due] == [str(case.public_id)]
    out = StringIO()
    call_command("report", "minors", "--municipality", "0480", stdout=out)
    assert "Anmälan om fortsatt ansvar inom 21 dagar: 1" in out.getvalue()
