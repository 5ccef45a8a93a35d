"""The programme, SFI, civic orientation and the status per month on the person's establishment page (issue #12):
each form through its service, a refusal at its field with nothing saved, "glappet" and the SFI waiting time, the
timeline of the status per month (an accessible SVG with the same months in a table), who may post, and a fixed
number of queries however many months and interruptions."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from etablera.access.models import AuditEvent
from etablera.establishment import services
from etablera.establishment.models import CivicOrientation, MonthlyStatus, ProgrammePeriod, SfiEnrolment
from etablera.establishment.web import timeline
from etablera.rules.dates import add_months

pytestmark = pytest.mark.django_db


def _page(person):
    return reverse("person_establishment", args=[person.public_id])


def _post(client, person, data, follow=False):
    return client.post(reverse("establishment_programme", args=[person.public_id]), data, follow=follow)


def test_the_programme_recorded_from_the_page_with_its_planned_end_explained_and_the_gap(
    client, alice, adult, received, today
):
    client.force_login(alice)
    referral = received.arrival_date + dt.timedelta(days=3)
    page = _post(
        client, adult, {"action": "program", "program-referral_date": referral}, follow=True
    ).content.decode()
    assert "Etableringsprogrammet är sparat." in page
    assert "Glappet pågår: 25 dagar sedan ankomsten" in page  # recorded, not started

    start = received.arrival_date + dt.timedelta(days=10)
    page = _post(
        client,
        adult,
        {"action": "program", "program-referral_date": referral, "program-start_date": start},
        follow=True,
    ).content.decode()
    period = ProgrammePeriod.objects.get()  # the running one was changed, not a second made
    assert period.start_date == start and period.planned_end == add_months(start, 24)
    assert f"Glappet: 10 dagar från ankomsten {received.arrival_date:%Y-%m-%d}" in page
    assert "Programmet slutar planenligt" in page  # the planned end explains itself
    assert f"{period.planned_end:%Y-%m-%d}" in page


def test_a_refused_programme_is_shown_at_the_field_and_nothing_is_saved(client, alice, adult, today):
    client.force_login(alice)
    response = _post(
        client,
        adult,
        {
            "action": "program",
            "program-referral_date": today - dt.timedelta(days=5),
            "program-plan_date": today - dt.timedelta(days=9),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'id="id_program-plan_date_error">.*före anvisningen till programmet', page)
    assert 'href="#id_program-plan_date"' in page  # in the error summary, linked to the field
    missing = _post(client, adult, {"action": "program"}).content.decode()
    assert re.search(r'id="id_program-referral_date_error">', missing)
    assert not ProgrammePeriod.objects.exists()


def test_the_programme_ended_with_its_reason(client, alice, adult, today):
    start = today - dt.timedelta(days=200)
    services.record_programme(actor=alice, person=adult, referral_date=start, start_date=start)
    client.force_login(alice)
    page = _post(client, adult, {"action": "programslut", "programslut-actual_end": today}).content.decode()
    assert re.search(r'id="id_programslut-end_reason_error">', page)  # the reason is required
    assert ProgrammePeriod.objects.get().actual_end is None
    page = _post(
        client,
        adult,
        {
            "action": "programslut",
            "programslut-actual_end": today,
            "programslut-end_reason": "WORK",
            "programslut-end_note": "Anställd som kock",
        },
        follow=True,
    ).content.decode()
    assert "Etableringsprogrammet är avslutat." in page and "Arbete (Anställd som kock)" in page
    # Nothing runs any more: ending again has nothing to end.
    assert _post(client, adult, {"action": "programslut"}).status_code == 404


def test_sfi_enrolment_interruption_and_completion_with_the_waiting_time(
    client, alice, adult, received, today
):
    client.force_login(alice)
    enrolled = received.arrival_date + dt.timedelta(days=2)
    page = _post(
        client,
        adult,
        {"action": "sfi", "sfi-enrolled_on": enrolled, "sfi-course": "A", "sfi-study_path": "3"},
    ).content.decode()
    assert re.search(r'id="id_sfi-course_error">.*Studieväg 3 har kurserna C, D', page)
    assert not SfiEnrolment.objects.exists()
    start = received.arrival_date + dt.timedelta(days=12)
    page = _post(
        client,
        adult,
        {
            "action": "sfi",
            "sfi-enrolled_on": enrolled,
            "sfi-course": "B",
            "sfi-study_path": "2",
            "sfi-start_date": start,
            "sfi-hours_per_week": "15",
        },
        follow=True,
    ).content.decode()
    assert "SFI-anmälan är sparad." in page
    assert "Väntetid: 12 dagar från ankomst till SFI-start." in page
    assert "15 timmar per vecka" in page
    page = _post(
        client,
        adult,
        {"action": "uppehall", "uppehall-start_date": today, "uppehall-reason": "Sjuk"},
        follow=True,
    ).content.decode()
    assert "Uppehållet är registrerat." in page and "pågår: Sjuk" in page
    assert SfiEnrolment.objects.get().status == "INTERRUPTED"
    page = _post(
        client,
        adult,
        {"action": "sfiklar", "sfiklar-completed_on": today, "sfiklar-completed": "0"},
        follow=True,
    ).content.decode()
    assert "SFI är avslutad." in page and "Avslutad utan att bli klar" in page
    assert SfiEnrolment.objects.get().status == "ENDED"
    # Nothing is open any more: an interruption has no enrolment to go to.
    assert _post(client, adult, {"action": "uppehall", "uppehall-start_date": today}).status_code == 404


def test_civic_orientation_from_the_page(client, alice, adult, today):
    client.force_login(alice)
    page = _post(client, adult, {"action": "so", "so-completed_on": today, "so-hours": "60"}).content.decode()
    assert re.search(r'id="id_so-start_date_error">.*startade', page)
    assert not CivicOrientation.objects.exists()
    page = _post(
        client,
        adult,
        {
            "action": "so",
            "so-start_date": today - dt.timedelta(days=60),
            "so-language": "Dari",
            "so-hours": "100",
            "so-completed_on": today,
        },
        follow=True,
    ).content.decode()
    assert "Samhällsorienteringen är sparad." in page and "Dari" in page
    assert CivicOrientation.objects.get().hours == 100


def test_the_status_per_month_and_its_timeline(client, alice, adult, today):
    client.force_login(alice)
    page = _post(
        client, adult, {"action": "manad", "manad-month": "mars", "manad-status": "WORK"}
    ).content.decode()
    assert re.search(r'id="id_manad-month_error">.*ÅÅÅÅ-MM', page)
    future = add_months(today.replace(day=1), 1)
    page = _post(
        client, adult, {"action": "manad", "manad-month": f"{future:%Y-%m}", "manad-status": "WORK"}
    ).content.decode()
    assert re.search(r'id="id_manad-month_error">.*inte har börjat', page)
    assert not MonthlyStatus.objects.exists()
    assert 'role="img"' not in client.get(_page(adult)).content.decode()  # no chart without months

    earlier = add_months(today.replace(day=1), -2)
    _post(client, adult, {"action": "manad", "manad-month": f"{earlier:%Y-%m}", "manad-status": "SFI"})
    page = _post(
        client,
        adult,
        {"action": "manad", "manad-month": f"{today:%Y-%m}", "manad-status": "WORK", "manad-note": "Kock"},
        follow=True,
    ).content.decode()
    assert "Status för månaden är sparad." in page
    assert MonthlyStatus.objects.count() == 2
    assert 'role="img"' in page and 'aria-labelledby="status-chart-title status-chart-desc"' in page
    assert "1 av 3 månader saknar status" in page  # the month between has none
    assert f"<title>{today:%Y-%m}: Arbete</title>" in page
    assert "Arbete (1)" in page and "SFI (1)" in page  # the lanes, named
    assert f'<th scope="row">{earlier:%Y-%m}</th><td>SFI</td>' in page  # the table beside it
    assert AuditEvent.objects.filter(actor=alice, summary=f"Status för {today:%Y-%m}").exists()


def test_outsiders_cannot_post_and_nothing_is_saved(client, charlie, stina, adult, today):
    for user in (charlie, stina):
        client.force_login(user)
        response = _post(
            client, adult, {"action": "manad", "manad-month": f"{today:%Y-%m}", "manad-status": "WORK"}
        )
        assert response.status_code == (404 if user is charlie else 302)
    assert not MonthlyStatus.objects.exists()


def test_the_sfi_caseworker_keeps_the_records_too(client, bob, adult, today):
    """Everyone who sees the person keeps the establishment's records (services.common.require_sees_person)."""
    client.force_login(bob)
    page = client.get(_page(adult)).content.decode()
    assert 'value="sfi"' in page and 'value="manad"' in page
    response = _post(
        client, adult, {"action": "sfi", "sfi-enrolled_on": today, "sfi-course": "C", "sfi-study_path": "3"}
    )
    assert response.status_code == 302
    assert SfiEnrolment.objects.get().updated_by == bob


def test_a_work_experience_is_named_by_its_ssyk_major_group(client, alice, adult):
    assessment = services.start_assessment(actor=alice, person=adult)
    services.add_work_experience(
        actor=alice, assessment=assessment, ssyk_code="7411", occupation="Elektriker"
    )
    client.force_login(alice)
    page = client.get(_page(adult)).content.decode()
    assert "7411 Elektriker" in page and "(Yrken inom byggverksamhet och tillverkning)" in page


def test_an_unknown_action_is_404(client, alice, adult):
    client.force_login(alice)
    assert _post(client, adult, {"action": "radera"}).status_code == 404


def test_the_page_costs_the_same_for_many_months_and_interruptions(
    client, alice, adult, today, django_assert_max_num_queries
):
    services.record_programme(actor=alice, person=adult, referral_date=today, start_date=today)
    enrolment = services.record_sfi(
        actor=alice, person=adult, enrolled_on=today, course="B", study_path=2, start_date=today
    )
    services.add_sfi_interruption(
        actor=alice, enrolment=enrolment, start_date=today, end_date=today, reason="Uppehåll 0"
    )
    services.set_monthly_status(actor=alice, person=adult, month=today, status="SFI")
    client.force_login(alice)
    client.get(_page(adult))
    with django_assert_max_num_queries(45) as few:
        client.get(_page(adult))
    for n in range(1, 30):
        services.set_monthly_status(
            actor=alice, person=adult, month=add_months(today.replace(day=1), -n), status="WORK"
        )
    for n in range(1, 6):
        services.add_sfi_interruption(
            actor=alice, enrolment=enrolment, start_date=today, end_date=today, reason=f"Uppehåll {n}"
        )
    services.complete_sfi(actor=alice, enrolment=enrolment, on=today)
    services.record_sfi(actor=alice, person=adult, enrolled_on=today, course="C", study_path=2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(_page(adult)).content.decode()
    assert "Uppehåll 5" in page and "Arbete (29)" in page


def test_the_timeline_places_each_month_and_names_months_without_overlap(today):
    from etablera.establishment.models import MonthlyStatus as M

    this = today.replace(day=1)
    rows = [M(month=add_months(this, -n), status="WORK" if n % 2 else "SFI") for n in range(0, 36, 1)]
    chart = timeline.build(rows, today=today, limit=36)
    assert chart.months == 36 and chart.missing == 0
    assert [lane.label for lane in chart.lanes] == ["Arbete", "SFI"]  # in the statuses' order
    assert len(chart.cells) == 36
    xs = sorted(cell.x for cell in chart.cells)
    assert all(b - a > 0 for a, b in zip(xs, xs[1:], strict=False))  # one column per month
    assert (
        chart.cells[0].x >= chart.plot_left and chart.cells[-1].x + chart.cells[-1].width <= chart.plot_right
    )
    ticks = chart.ticks
    assert ticks[0].label == f"{add_months(this, -35):%Y-%m}" and ticks[-1].label == f"{this:%Y-%m}"

    def extent(t):
        w = timeline.LABEL_WIDTH
        return {"start": (t.x, t.x + w), "end": (t.x - w, t.x), "middle": (t.x - w / 2, t.x + w / 2)}[
            t.anchor
        ]

    spans = sorted(extent(t) for t in ticks)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))  # no two labels overlap
    old = timeline.build([M(month=add_months(this, -50), status="SICK")], today=today, limit=36)
    assert old.first == add_months(this, -35) and old.cells == [] and old.missing == 36
