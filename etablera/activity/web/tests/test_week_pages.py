"""The week's pages: my participants, the person's week (and its POSTs), the attendance sheet (one form, errors at
the field, nothing half-saved, constant queries), the import preview and confirmation, Räcker utbudet?."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from etablera.activity.models import Attendance, Deviation, JobCoachAssignment, Participation
from etablera.activity.services.job_coach import assign_job_coach
from etablera.activity.tests.week_fixtures import *  # noqa: F403
from etablera.rules import activity as rules
from etablera.testing.factories import HouseholdFactory


def _member(nykoping):
    """A person in a household of their own: lars sees them while his unit records their participation."""
    return HouseholdFactory.with_members([30], municipality=nykoping).members.get()


def week_url(person, monday=None):
    url = reverse("activity_participation_add", args=[person.public_id])
    return f"{url}?vecka={rules.week_label(monday)}" if monday else url


def sheet_url(activity, monday):
    return f"{reverse('activity_attendance', args=[activity.public_id])}?vecka={rules.week_label(monday)}"


# --- my participants ------------------------------------------------------------------------------------------------


def test_lars_sees_his_participants_and_their_week(signed_in, lars, participation, adult, monday):
    Attendance.objects.create(participation=participation, week=monday, hours_attended=2)
    assign_job_coach(None, adult, coach=lars)
    response = signed_in(lars).get(reverse("activity_participants") + f"?vecka={rules.week_label(monday)}")
    content = response.content.decode()
    assert response.status_code == 200
    assert adult.full_name in content and "Språkcafé Stadsbiblioteket" in content
    assert "Under planen" in content  # 2 of 6 hours
    assert "första kontakt senast" in content and "Varför detta datum?" in content


def test_alice_has_no_participants(signed_in, alice, participation):
    content = signed_in(alice).get(reverse("activity_participants")).content.decode()
    assert "Inga deltagare den här veckan." in content


# --- the person's week ----------------------------------------------------------------------------------------------


def test_alice_sees_the_week_but_not_social(signed_in, alice, sigrid, adult, participation, monday, today):
    from etablera.activity.services.deviations import report_deviation

    report_deviation(sigrid, adult, kind="ABSENCE", occurred_on=today, description="HEMLIG SOCIAL TEXT")
    response = signed_in(alice).get(week_url(adult, monday))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Språkcafé Stadsbiblioteket" in content and "Lägg till i veckan" in content
    assert "HEMLIG SOCIAL TEXT" not in content


def test_bob_sees_the_week_without_forms_to_plan(signed_in, bob, adult, participation):
    content = signed_in(bob).get(week_url(adult)).content.decode()
    assert "Språkcafé Stadsbiblioteket" in content and "Lägg till i veckan" not in content


def test_charlie_gets_404(signed_in, charlie, adult):
    assert signed_in(charlie).get(week_url(adult)).status_code == 404


def test_a_participation_posted_as_the_proposals_do(signed_in, alice, adult, cafe, monday):
    url = reverse("activity_participation_add", args=[adult.public_id])
    response = signed_in(alice).post(
        url, {"kind": "ACTIVITY", "activity": str(cafe.public_id), "hours_per_week": "6", "starts_on": monday}
    )
    assert response.status_code == 302
    assert Participation.objects.get().activity == cafe


def test_errors_at_the_field(signed_in, alice, adult, monday):
    response = signed_in(alice).post(
        week_url(adult),
        {"action": "participation", "kind": "WORK", "hours_per_week": "41", "starts_on": monday},
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_hours_per_week_error"' in content and "Högst 40 timmar i veckan." in content
    assert not Participation.objects.exists()


def test_an_oversized_description_is_a_clear_error(signed_in, alice, adult, monday):
    response = signed_in(alice).post(
        week_url(adult),
        {"kind": "OTHER", "description": "x" * 5000, "hours_per_week": "4", "starts_on": monday},
    )
    assert response.status_code == 400 and "Högst 300 tecken." in response.content.decode()


def test_bob_may_not_post(signed_in, bob, adult, monday):
    response = signed_in(bob).post(
        week_url(adult), {"kind": "WORK", "hours_per_week": "4", "starts_on": monday}
    )
    assert response.status_code == 403


def test_hours_and_end(signed_in, alice, adult, participation, today):
    client = signed_in(alice)
    client.post(
        week_url(adult), {"action": "hours", "participation": participation.public_id, "hours_per_week": "4"}
    )
    participation.refresh_from_db()
    assert participation.hours_per_week == Decimal(4)
    client.post(
        week_url(adult), {"action": "end", "participation": participation.public_id, "ends_on": today}
    )
    participation.refresh_from_db()
    assert participation.ends_on == today


def test_the_job_coach_form(signed_in, alice, adult, lars, today):
    client = signed_in(alice)
    response = client.post(week_url(adult), {"action": "coach", "coach": lars.pk})
    assert response.status_code == 302
    assignment = JobCoachAssignment.objects.get()
    assert assignment.coach == lars
    content = client.get(week_url(adult)).content.decode()
    assert "Lars Coach" in content and "Registrera första kontakten" in content
    client.post(week_url(adult), {"action": "contact", "first_contact_on": today})
    assignment.refresh_from_db()
    assert assignment.first_contact_on == today
    again = client.post(week_url(adult), {"action": "coach", "coach": lars.pk}, follow=True)
    assert "redan en jobbcoach" in again.content.decode()


def test_report_a_deviation(signed_in, lars, adult, participation, today):
    response = signed_in(lars).post(
        week_url(adult),
        {
            "action": "deviation",
            "kind": "ABSENCE",
            "occurred_on": today,
            "participation": participation.public_id,
            "description": "Kom inte och hörde inte av sig.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    deviation = Deviation.objects.get()
    assert deviation.person == adult and deviation.kind == "ABSENCE"


# --- the attendance sheet -------------------------------------------------------------------------------------------


def test_the_sheet_saves_the_whole_week(signed_in, lars, participation, cafe, monday):
    prefix = participation.public_id
    response = signed_in(lars).post(
        sheet_url(cafe, monday),
        {f"{prefix}-hours_attended": "4", f"{prefix}-hours_absent": "2", f"{prefix}-absence_reason": "SICK"},
    )
    assert response.status_code == 302
    record = Attendance.objects.get()
    assert (record.week, record.hours_attended, record.absence_reason) == (monday, 4, "SICK")


def test_one_wrong_row_saves_nothing(signed_in, lars, participation, cafe, monday, nykoping):
    other = Participation.objects.create(
        person=_member(nykoping),
        municipality=nykoping,
        kind="ACTIVITY",
        activity=cafe,
        hours_per_week=6,
        starts_on=participation.starts_on,
        unit_id=cafe.unit_id,
    )
    good, bad = participation.public_id, other.public_id
    response = signed_in(lars).post(
        sheet_url(cafe, monday),
        {f"{good}-hours_attended": "6", f"{bad}-hours_attended": "3", f"{bad}-hours_absent": "3"},
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_{bad}-absence_reason_error"' in content and "Ange skälet till frånvaron" in content
    assert not Attendance.objects.exists()


def test_alice_reads_the_sheet_but_may_not_save(signed_in, alice, participation, cafe, monday, adult):
    client = signed_in(alice)
    content = client.get(sheet_url(cafe, monday)).content.decode()
    assert adult.full_name in content and "Spara veckans närvaro" not in content
    assert client.post(sheet_url(cafe, monday), {}).status_code == 403


@pytest.mark.parametrize("count", [1, 12])
def test_the_sheet_costs_the_same_for_any_number(
    signed_in, lars, cafe, monday, nykoping, count, participation
):
    for _ in range(count):
        p = Participation.objects.create(
            person=_member(nykoping),
            municipality=nykoping,
            kind="ACTIVITY",
            activity=cafe,
            hours_per_week=6,
            starts_on=participation.starts_on,
            unit_id=cafe.unit_id,
        )
        Attendance.objects.create(participation=p, week=monday, hours_attended=6)
    cafe.places = 20
    cafe.save()
    client = signed_in(lars)
    client.get(sheet_url(cafe, monday))  # the session and the user, once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(sheet_url(cafe, monday))
    assert (
        response.status_code == 200
        and len(re.findall(r'name="[^"]*-hours_attended"', response.content.decode())) == count + 1
    )
    counts = pytest.sheet_counts = getattr(pytest, "sheet_counts", {})
    counts[count] = len(queries)
    if len(counts) == 2:
        assert counts[1] == counts[12], counts


def test_the_sheet_has_a_query_ceiling(
    signed_in, lars, cafe, monday, participation, django_assert_max_num_queries
):
    client = signed_in(lars)
    client.get(sheet_url(cafe, monday))
    with django_assert_max_num_queries(20):
        client.get(sheet_url(cafe, monday))


# --- the import ------------------------------------------------------------------------------------------------------


def test_the_import_previews_then_imports(signed_in, lars, participation, monday):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = signed_in(lars)
    data = f"deltagande;vecka;närvaro\n{participation.public_id};{rules.week_label(monday)};5\n".encode()
    response = client.post(
        reverse("activity_attendance_import"), {"file": SimpleUploadedFile("narvaro.csv", data, "text/csv")}
    )
    content = response.content.decode()
    assert "Förhandsgranskning av narvaro.csv" in content and not Attendance.objects.exists()
    token = response.context["token"]
    done = client.post(reverse("activity_attendance_import"), {"confirm": "1", "sha256": token}, follow=True)
    assert "1 nya" in done.content.decode()
    assert Attendance.objects.get().hours_attended == 5


def test_the_import_shows_row_errors(signed_in, lars, participation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = f"deltagande;vecka;närvaro\n{participation.public_id};2026-W99;5\n".encode()
    response = signed_in(lars).post(
        reverse("activity_attendance_import"), {"file": SimpleUploadedFile("n.csv", data, "text/csv")}
    )
    assert "ÅÅÅÅ-Www" in response.content.decode()
    assert not Attendance.objects.exists()


# --- Räcker utbudet? -------------------------------------------------------------------------------------------------


def test_the_offer_report_page(signed_in, alice, cafe, monday):
    response = signed_in(alice).get(
        reverse("activity_offer_report") + f"?kommun=0480&vecka={rules.week_label(monday)}"
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in content and "Timmar som krävs" in content and "Timmar som erbjuds" in content
    assert f'<th scope="row">{rules.week_label(monday)}</th>' in content
    assert "18" in content  # the café: 3 places × 6 hours


def test_the_offer_report_exports(signed_in, alice, cafe, monday):
    client = signed_in(alice)
    csv = client.get(
        reverse("activity_offer_report") + f"?kommun=0480&vecka={rules.week_label(monday)}&format=csv"
    )
    assert csv.status_code == 200 and csv["Content-Disposition"].endswith('.csv"')
    assert "Timmar som krävs" in csv.content.decode() and rules.week_label(monday) in csv.content.decode()
    xlsx = client.get(reverse("activity_offer_report") + "?kommun=0480&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_the_offer_report_refuses_a_bad_week(signed_in, alice):
    response = signed_in(alice).get(reverse("activity_offer_report") + "?kommun=0480&vecka=2026-W99")
    assert "Skriv veckan som ÅÅÅÅ-Www" in response.content.decode()


@pytest.mark.parametrize("user,status", [("bob", 403), ("stina", 200), ("sigrid", 200)])
def test_who_reads_the_offer_report(signed_in, request, user, status):
    assert (
        signed_in(request.getfixturevalue(user)).get(reverse("activity_offer_report")).status_code == status
    )


def test_charlie_reads_enkoping_not_nykoping(signed_in, charlie):
    client = signed_in(charlie)
    assert "Enköping" in client.get(reverse("activity_offer_report")).content.decode()
    response = client.get(reverse("activity_offer_report") + "?kommun=0480")
    assert "<svg" not in response.content.decode() and "Nyköping" not in response.content.decode()


def _participants_queries(signed_in, lars, cafe, monday, nykoping, count, shown) -> int:
    cafe.places = 50
    cafe.save()
    for _ in range(count):
        p = Participation.objects.create(
            person=_member(nykoping),
            municipality=nykoping,
            kind="ACTIVITY",
            activity=cafe,
            hours_per_week=6,
            starts_on=monday,
            unit_id=cafe.unit_id,
        )
        Attendance.objects.create(participation=p, week=monday, hours_attended=3)
    client = signed_in(lars)
    url = reverse("activity_participants") + f"?vecka={rules.week_label(monday)}"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.content.decode().count("Under planen") == shown
    return len(queries)


def test_my_participants_cost_the_same_for_any_number(signed_in, lars, cafe, monday, nykoping):
    one = _participants_queries(signed_in, lars, cafe, monday, nykoping, 1, shown=1)
    many = _participants_queries(signed_in, lars, cafe, monday, nykoping, 10, shown=11)
    # the second call sees 11 participants; the log of the new ones is one INSERT either way
    assert many <= one, (one, many)


def test_wrong_hours_are_shown_and_nothing_changes(signed_in, alice, adult, participation):
    response = signed_in(alice).post(
        week_url(adult),
        {"action": "hours", "participation": participation.public_id, "hours_per_week": "abc"},
    )
    assert response.status_code == 400 and "Ange ett antal timmar" in response.content.decode()
    participation.refresh_from_db()
    assert participation.hours_per_week == Decimal(6)


def test_an_oversized_note_on_the_sheet(signed_in, lars, participation, cafe, monday):
    prefix = participation.public_id
    response = signed_in(lars).post(
        sheet_url(cafe, monday), {f"{prefix}-hours_attended": "6", f"{prefix}-note": "x" * 10_000}
    )
    assert response.status_code == 400 and "Högst 300 tecken." in response.content.decode()
    assert not Attendance.objects.exists()
