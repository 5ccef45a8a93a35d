"""The child's plan (issue #14: "a child plan in the individual plan of Establishment where that exists, or its own
until then"): the service (refused at the field, a closed case refused, logged without its text), the child's page
that shows and updates it, the individual plan's page that shows it as its own part only to those who see the
child's case, the API, and the register extract.

sigrid is social services in Nyköping (owns section SOCIAL); alice is reception (sees the child and its individual
plan, never the child's case); charlie is of Enköping (sees nothing of Nyköping's)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from etablera.access.models import AuditEvent
from etablera.establishment import services as establishment
from etablera.minors import services
from etablera.minors.extract import minors_extract
from etablera.minors.models import ChildCase
from etablera.minors.services.plan import record_care_plan
from etablera.testing.api_client import messages
from etablera.testing.api_fixtures import api  # noqa: F401 — a fixture
from etablera.transitions import StateConflict

PLAN = "Gå i skolan varje dag, träffa god man varannan vecka och börja simskola i vår."


@pytest.fixture
def individual_plan(alice, child, today):
    return establishment.create_plan(actor=alice, person=child, started_on=today - dt.timedelta(days=3))


# --- the service ---------------------------------------------------------------------------------------------------


def test_the_plan_is_recorded_today_and_logged_without_its_text(sigrid, case, today):
    record_care_plan(sigrid, case, care_plan=f"  {PLAN}\n")
    case.refresh_from_db()
    assert (case.care_plan, case.care_plan_updated_on) == (PLAN, today)
    event = AuditEvent.objects.filter(actor=sigrid, object_type="ChildCase", action="UPDATE").latest("pk")
    assert event.summary == f"Barnets plan uppdaterad {today}"
    assert event.changes == {"care_plan": "ändrad", "care_plan_updated_on": [None, today.isoformat()]}
    assert PLAN not in str(event.changes) and PLAN not in event.summary


def test_a_plan_reviewed_without_change_gets_the_new_date(sigrid, case, today):
    record_care_plan(sigrid, case, care_plan=PLAN, updated_on=today - dt.timedelta(days=30))
    record_care_plan(sigrid, case, care_plan=PLAN)
    case.refresh_from_db()
    assert case.care_plan_updated_on == today
    event = AuditEvent.objects.filter(actor=sigrid, object_type="ChildCase").latest("pk")
    assert event.summary == f"Barnets plan genomgången utan ändring {today}"
    before = AuditEvent.objects.count()
    record_care_plan(sigrid, case, care_plan=PLAN, updated_on=today)  # nothing new: nothing written
    assert AuditEvent.objects.count() == before


def test_the_plan_is_refused_at_its_field_and_nothing_is_saved(sigrid, case, today):
    with pytest.raises(ValidationError) as error:
        record_care_plan(sigrid, case, care_plan="x" * 2001, updated_on=today + dt.timedelta(days=1))
    assert error.value.message_dict == {
        "care_plan": ["Högst 2000 tecken."],
        "updated_on": ["Datumet kan inte ligga i framtiden."],
    }
    with pytest.raises(ValidationError) as error:
        record_care_plan(sigrid, case, care_plan="   ")
    assert error.value.message_dict == {"care_plan": ["Skriv barnets plan."]}
    record_care_plan(sigrid, case, care_plan=PLAN, updated_on=today)
    with pytest.raises(ValidationError) as error:
        record_care_plan(sigrid, case, care_plan="Äldre", updated_on=today - dt.timedelta(days=1))
    assert error.value.message_dict == {
        "updated_on": [f"Planen uppdaterades senast {today}: ange den dagen eller en senare."]
    }
    case.refresh_from_db()
    assert (case.care_plan, case.care_plan_updated_on) == (PLAN, today)


def test_a_closed_case_is_refused_with_a_clear_message(sigrid, case, today):
    services.close_case(sigrid, case, closed_on=today, reason="Flyttat")
    with pytest.raises(StateConflict) as conflict:
        record_care_plan(sigrid, case, care_plan=PLAN)
    assert conflict.value.detail == f"Barnärendet avslutades {today}: barnets plan kan inte längre ändras."
    assert ChildCase.objects.get(pk=case.pk).care_plan == ""


def test_only_social_services_of_the_municipality_record_it(alice, charlie, case):
    for user in (alice, charlie):
        with pytest.raises(PermissionDenied):
            record_care_plan(user, case, care_plan=PLAN)
    assert ChildCase.objects.get(pk=case.pk).care_plan == ""


# --- the child's page ----------------------------------------------------------------------------------------------


def test_the_childs_page_shows_the_plan_standing_alone_and_updates_it(signed_in, sigrid, child, case, today):
    client = signed_in(sigrid)
    page = client.get(reverse("minors_child", args=[child.public_id])).content.decode()
    assert '<h2 id="barnets-plan">Barnets plan</h2>' in page
    assert "Personen har ingen individuell plan i etableringen" in page and "Ingen plan registrerad." in page
    assert reverse("minors_care_plan", args=[child.public_id]) in page and 'name="barnplan-care_plan"' in page

    answer = client.post(reverse("minors_care_plan", args=[child.public_id]), {"barnplan-care_plan": PLAN})
    assert answer.status_code == 302
    assert answer["Location"] == reverse("minors_child", args=[child.public_id]) + "#barnets-plan"
    page = client.get(answer["Location"]).content.decode()
    assert "Barnets plan är sparad." in page
    assert PLAN in page and f"Uppdaterad {today.isoformat()}" in page


def test_a_refused_update_comes_back_at_its_field(signed_in, sigrid, child, case, today):
    answer = signed_in(sigrid).post(
        reverse("minors_care_plan", args=[child.public_id]),
        {"barnplan-care_plan": PLAN, "barnplan-updated_on": (today + dt.timedelta(days=2)).isoformat()},
    )
    assert answer.status_code == 422
    page = answer.content.decode()
    assert "Datumet kan inte ligga i framtiden." in page and 'id="error-summary"' in page
    assert (
        "<details open><summary>Uppdatera barnets plan" in page and PLAN in page
    )  # the text kept in the form
    assert ChildCase.objects.get(pk=case.pk).care_plan == ""


def test_the_plan_page_is_hidden_from_who_does_not_see_the_case(signed_in, alice, charlie, child, case):
    for user in (alice, charlie):
        answer = signed_in(user).post(
            reverse("minors_care_plan", args=[child.public_id]), {"barnplan-care_plan": PLAN}
        )
        assert answer.status_code == 404
    assert ChildCase.objects.get(pk=case.pk).care_plan == ""


def test_a_closed_case_shows_the_plan_without_the_form(signed_in, sigrid, child, case, today):
    record_care_plan(sigrid, case, care_plan=PLAN)
    services.close_case(sigrid, case, closed_on=today, reason="Flyttat")
    client = signed_in(sigrid)
    page = client.get(reverse("minors_child", args=[child.public_id])).content.decode()
    assert PLAN in page and "Uppdatera barnets plan" not in page
    answer = client.post(reverse("minors_care_plan", args=[child.public_id]), {"barnplan-care_plan": "Ny"})
    assert answer.status_code == 403


def test_with_an_individual_plan_the_childs_page_points_to_it(
    signed_in, sigrid, child, case, individual_plan
):
    page = signed_in(sigrid).get(reverse("minors_child", args=[child.public_id])).content.decode()
    assert "Barnets plan är en del av den" in page
    assert reverse("person_establishment", args=[child.public_id]) + "#barnets-plan-i-planen" in page
    assert "Personen har ingen individuell plan" not in page


# --- the individual plan's page in Establishment -------------------------------------------------------------------


def test_the_individual_plan_shows_the_childs_plan_only_to_social_services(
    signed_in, sigrid, alice, child, case, individual_plan
):
    record_care_plan(sigrid, case, care_plan=PLAN)
    url = reverse("person_establishment", args=[child.public_id])

    seen = signed_in(sigrid).get(url)
    assert seen.status_code == 200
    page = seen.content.decode()
    assert "Barnets plan (socialtjänsten)" in page and PLAN in page
    assert reverse("minors_child", args=[child.public_id]) + "#barnets-plan" in page
    assert AuditEvent.objects.filter(
        actor=sigrid, summary="Barnets plan i den individuella planen (socialtjänsten)"
    ).exists()

    hidden = signed_in(alice).get(url)
    assert hidden.status_code == 200 and "Individuell plan" in hidden.content.decode()  # alice reads the plan
    page = hidden.content.decode()
    assert PLAN not in page and "Barnets plan (socialtjänsten)" not in page
    assert reverse("minors_child", args=[child.public_id]) not in page  # not even that a case exists


def test_without_a_running_individual_plan_there_is_no_part(signed_in, sigrid, alice, child, case, today):
    record_care_plan(sigrid, case, care_plan=PLAN)
    plan = establishment.create_plan(actor=alice, person=child, started_on=today - dt.timedelta(days=3))
    establishment.close_plan(actor=alice, plan=plan, outcome="NOT_NEEDED")
    page = signed_in(sigrid).get(reverse("person_establishment", args=[child.public_id])).content.decode()
    assert PLAN not in page


# --- the API -------------------------------------------------------------------------------------------------------


def _url(child) -> str:
    return f"/persons/{child.public_id}/child-case/plan"


def test_the_api_reads_and_records_the_plan(api, sigrid, child, case, individual_plan, today):  # noqa: F811
    client = api(sigrid)
    answer = client.get(_url(child))
    assert answer.status_code == 200, answer.content
    assert answer.json() == {
        "case": str(case.public_id),
        "case_status": "OPEN",
        "care_plan": "",
        "care_plan_updated_on": None,
        "individual_plan": str(individual_plan.public_id),
    }
    assert AuditEvent.objects.filter(
        actor=sigrid, action="VIEW", summary="Barnets plan (socialtjänsten)"
    ).exists()

    written = client.put(_url(child), {"care_plan": PLAN, "updated_on": today.isoformat()})
    assert written.status_code == 200, written.content
    assert (written.json()["care_plan"], written.json()["care_plan_updated_on"]) == (PLAN, today.isoformat())
    facts = client.get(f"/persons/{child.public_id}/child-case").json()["case"]
    assert (facts["care_plan"], facts["care_plan_updated_on"]) == (PLAN, today.isoformat())


def test_the_api_refuses_at_the_field_and_a_closed_case(api, sigrid, child, case, today):  # noqa: F811
    client = api(sigrid)
    answer = client.put(
        _url(child), {"care_plan": " ", "updated_on": (today + dt.timedelta(days=1)).isoformat()}
    )
    assert answer.status_code == 422
    assert messages(answer) == {
        ("body", "care_plan"): "Skriv barnets plan.",
        ("body", "updated_on"): "Datumet kan inte ligga i framtiden.",
    }
    assert client.put(_url(child), {"care_plan": "x" * 2001}).status_code == 422
    services.close_case(sigrid, case, closed_on=today, reason="Flyttat")
    closed = client.put(_url(child), {"care_plan": PLAN})
    assert closed.status_code == 409 and "barnets plan kan inte längre ändras" in closed.json()["detail"]


def test_the_api_is_404_for_who_does_not_see_the_case(api, alice, charlie, child, case):  # noqa: F811
    for user in (alice, charlie):
        assert api(user).get(_url(child)).status_code == 404
        assert api(user).put(_url(child), {"care_plan": PLAN}).status_code == 404
    assert ChildCase.objects.get(pk=case.pk).care_plan == ""


# --- the register extract ------------------------------------------------------------------------------------------


def test_the_plan_is_in_the_register_extract(sigrid, child, case, today):
    record_care_plan(sigrid, case, care_plan=PLAN)
    data = minors_extract(child)
    assert (data["case"]["care_plan"], data["case"]["care_plan_updated_on"]) == (PLAN, today.isoformat())
