"""The unit's caseload of plans (/etablering/planer/): the running plans the user's unit leads or gives an
intervention in, overdue follow-ups first, the filters (my unit or all I see, PLAN or SIP, overdue only), paging,
the menu entry, and the same number of queries for many plans as for one."""

import datetime as dt

import pytest
from django.urls import reverse

from etablera.access.models import AuditEvent
from etablera.access.sections import Section
from etablera.establishment import plan_caseload, services
from etablera.organisation.models import Unit
from etablera.testing.factories import HouseholdFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("establishment_plans")


@pytest.fixture
def leisure_unit(nykoping):
    return UnitFactory(
        municipality=nykoping, name="Kultur och fritid", function=Unit.Function.CULTURE_LEISURE
    )


@pytest.fixture
def kerstin(leisure_unit):
    return UserFactory.with_role("kerstin", leisure_unit)


def _household_plans(alice, nykoping, today, n, *, started_days_ago, unit=None, lead=None, name="Hushållet"):
    """n single-adult households, each with a running plan (an intervention by `unit`, or led by `lead`)."""
    plans = []
    for number in range(n):
        household = HouseholdFactory.with_members(
            [30 + number], municipality=nykoping, name=f"{name} {number}"
        )
        person = household.members.get()
        plan = services.create_plan(
            actor=alice,
            person=person,
            started_on=today - dt.timedelta(days=started_days_ago),
            responsible_unit=lead,
        )
        if unit is not None:
            services.add_intervention(
                actor=alice, plan=plan, what=f"Insats {number}", start_date=today, unit=unit
            )
        plans.append(plan)
    return plans


def _rows(page):
    return page.context["listing"].plans


def test_the_units_plans_overdue_first(client, alice, kerstin, leisure_unit, nykoping, today):
    recent = _household_plans(alice, nykoping, today, 1, started_days_ago=10, unit=leisure_unit, name="Nya")
    overdue = _household_plans(
        alice, nykoping, today, 1, started_days_ago=120, unit=leisure_unit, name="Gamla"
    )
    not_ours = _household_plans(alice, nykoping, today, 1, started_days_ago=200, name="Andras")
    client.force_login(kerstin)
    page = client.get(URL)
    rows = _rows(page)
    assert [p.pk for p in rows] == [overdue[0].pk, recent[0].pk]
    assert rows[0].follow_up_overdue and not rows[1].follow_up_overdue
    html = page.content.decode()
    assert "Försenad" in html and "Insats 0" in html and "Nästa uppföljning senast" in html
    assert str(not_ours[0].person.public_id) not in html
    # each person shown is in the log
    assert AuditEvent.objects.filter(actor=kerstin, action="LIST", summary="Planer").count() == 2
    # overdue only
    assert [p.pk for p in _rows(client.get(URL, {"forsenade": "on"}))] == [overdue[0].pk]


def test_my_unit_or_all_i_see_and_the_kind(
    client, alice, leisure_unit, nykoping, adult, make_consent, units, today
):
    ours = _household_plans(
        alice, nykoping, today, 1, started_days_ago=10, lead=units[Unit.Function.RECEPTION]
    )
    other = _household_plans(alice, nykoping, today, 1, started_days_ago=10, unit=leisure_unit)
    consent = make_consent(adult, [units[Unit.Function.SOCIAL_SERVICES]], [Section.BASIC])
    sip = services.create_plan(
        actor=alice,
        person=adult,
        kind="SIP",
        consent=consent,
        municipality_responsibility="Boende",
        region_responsibility="Vård",
        responsible_unit=units[Unit.Function.RECEPTION],
    )
    client.force_login(alice)
    assert {p.pk for p in _rows(client.get(URL))} == {ours[0].pk, sip.pk}
    assert {p.pk for p in _rows(client.get(URL, {"visa": "all"}))} == {ours[0].pk, other[0].pk, sip.pk}
    assert [p.pk for p in _rows(client.get(URL, {"slag": "SIP"}))] == [sip.pk]
    # values that are not choices are left out: the default list
    assert {p.pk for p in _rows(client.get(URL, {"visa": "x", "slag": "y", "sida": "zz"}))} == {
        ours[0].pk,
        sip.pk,
    }


def test_a_closed_plan_leaves_the_list(client, alice, kerstin, leisure_unit, nykoping, today):
    plans = _household_plans(alice, nykoping, today, 2, started_days_ago=10, unit=leisure_unit)
    services.close_plan(actor=alice, plan=plans[0], outcome="GOALS_REACHED")
    client.force_login(kerstin)
    assert [p.pk for p in _rows(client.get(URL))] == [plans[1].pk]


def test_paging(client, alice, kerstin, leisure_unit, nykoping, today, monkeypatch):
    monkeypatch.setattr(plan_caseload, "PER_PAGE", 2)
    _household_plans(alice, nykoping, today, 5, started_days_ago=10, unit=leisure_unit)
    client.force_login(kerstin)
    first = client.get(URL)
    assert len(_rows(first)) == 2 and first.context["listing"].pages == 3
    assert 'rel="next"' in first.content.decode()
    last = client.get(URL, {"sida": "3"})
    assert len(_rows(last)) == 1 and 'rel="prev"' in last.content.decode()
    assert len(_rows(client.get(URL, {"sida": "99"}))) == 1  # past the end: the last page


def test_the_menu_and_who_gets_the_page(
    client, alice, stina, charlie, kerstin, leisure_unit, nykoping, today
):
    _household_plans(alice, nykoping, today, 1, started_days_ago=10, unit=leisure_unit)
    client.force_login(alice)
    assert f'href="{URL}"' in client.get(reverse("my_tasks")).content.decode()
    client.force_login(stina)  # statistics: figures only
    assert client.get(URL).status_code == 302
    client.force_login(charlie)  # another municipality: an empty list
    page = client.get(URL)
    assert page.status_code == 200 and not _rows(page)


def test_the_same_queries_for_many_plans_as_for_one(client, alice, kerstin, leisure_unit, nykoping, today):
    _household_plans(alice, nykoping, today, 1, started_days_ago=120, unit=leisure_unit, name="Ett")
    client.force_login(kerstin)
    client.get(URL)  # the session and the first log rows

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    few = count()
    plans = _household_plans(alice, nykoping, today, 8, started_days_ago=10, unit=leisure_unit, name="Många")
    for plan in plans[:4]:
        services.record_meeting(actor=alice, plan=plan, held_on=today, agreed_actions="Fortsätt")
        services.add_intervention(
            actor=alice, plan=plan, what="Extra", start_date=today, external_actor="Arbetsförmedlingen"
        )
    client.get(URL)  # the new persons' first LIST rows
    assert count() == few
