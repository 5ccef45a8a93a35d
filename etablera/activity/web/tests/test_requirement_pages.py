"""The activity requirement's pages for social services (issue #13): the lists with counts and exports, the person's
page with its forms, the deviations with the assessment, and the import with preview and confirmation. Each
answer's content is asserted; 403 for those without access."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from etablera.activity.models import Deviation, Exemption, RequirementPlan, SupportMonth
from etablera.activity.services.deviations import report_deviation
from etablera.activity.tests.requirement_fixtures import *  # noqa: F403


def _person_url(person, name="person_activity"):
    return reverse(name, args=[person.public_id])


def test_the_lists_show_who_is_covered_and_why(signed_in, sigrid, support, adults, today):
    answer = signed_in(sigrid).get(reverse("activity_requirement"))
    assert answer.status_code == 200
    html = answer.content.decode()
    assert 'Omfattas nu <span class="count">(2)</span>' in html
    assert 'Plan saknas <span class="count">(2)</span>' in html
    for adult in adults:
        assert adult.full_name in html and _person_url(adult) in html
    assert "månader i följd" in html and "Aktivitetskravet gäller från" in html
    assert "Etablera fattar aldrig beslut" in html
    assert 'href="/aktivitetskrav/"' in html  # the menu entry


def test_the_lists_list_deviations_to_assess(signed_in, sigrid, alice, support, adult, today):
    report_deviation(alice, adult, kind="ABSENCE", occurred_on=today, description="Kom inte till praktiken")
    answer = signed_in(sigrid).get(reverse("activity_requirement") + "?lista=deviations")
    html = answer.content.decode()
    assert 'Avvikelser att bedöma <span class="count">(1)</span>' in html
    assert "Kom inte till praktiken" in html and adult.full_name in html


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_list_downloads(signed_in, sigrid, support, adults, fmt):
    answer = signed_in(sigrid).get(reverse("activity_requirement") + f"?lista=covered&format={fmt}")
    assert answer.status_code == 200
    assert answer["Content-Disposition"].endswith(f'.{fmt}"')
    if fmt == "csv":
        text = answer.content.decode()
        assert "Namn" in text and adults[0].full_name in text and "Saknas" in text


def test_others_get_403_on_the_social_services_pages(
    signed_in, alice, bob, charlie, rita, enkoping_social, support, adult
):
    for user in (alice, bob, charlie, rita):
        client = signed_in(user)
        for name in ("activity_requirement", "activity_deviations", "activity_support_import"):
            assert client.get(reverse(name)).status_code == 403, (user, name)
    # social services of another municipality: its own (empty) lists, never Nyköping's people
    html = signed_in(enkoping_social).get(reverse("activity_requirement")).content.decode()
    assert adult.full_name not in html and "Enköping" in html


def test_the_person_page_explains_and_lists(signed_in, sigrid, support, adult):
    Exemption.objects.create(
        person=adult,
        municipality_id=adult.municipality_id,
        ground="SICKNESS",
        valid_from=dt.date(2020, 1, 1),
        valid_until=dt.date(2020, 2, 1),
    )
    html = signed_in(sigrid).get(_person_url(adult)).content.decode()
    assert "Omfattas av aktivitetskravet" in html
    assert "Försörjningsstöd 5 månader i följd" in html
    assert "Krav: 40 timmar i veckan." in html
    assert "12000" in html and "Har sjukpenning" in html
    assert "Upprätta en plan" in html and "Rapportera en avvikelse" in html
    assert "Etablera fattar aldrig beslut" in html


def test_the_reasons_are_rendered_messages_not_stored_text(signed_in, sigrid, support, adult, this_month):
    """The rule's reasons are messages rendered for the reader (rules.deadlines.render through gettext): no
    placeholder is left, and the values are in place."""
    html = signed_in(sigrid).get(_person_url(adult)).content.decode()
    assert "%(" not in html
    assert f"–{this_month:%Y-%m})" in html  # the run's last month, put into the message


def test_alice_sees_the_person_but_not_the_requirement(signed_in, alice, charlie, support, adult):
    assert signed_in(alice).get(_person_url(adult)).status_code == 403
    assert signed_in(charlie).get(_person_url(adult)).status_code == 404


def test_the_region_sees_only_capacity(signed_in, rita, rita_consent, sigrid, support, adult):
    html = signed_in(rita).get(_person_url(adult)).content.decode()
    assert "Bedömd förmåga" in html and "Registrera en bedömning" in html
    assert "Försörjningsstöd per månad" not in html and "12000" not in html


def test_social_services_keep_the_records_through_the_forms(
    signed_in, sigrid, support, adult, household, today
):
    client = signed_in(sigrid)
    post = lambda body: client.post(_person_url(adult, "person_activity_action"), body)  # noqa: E731
    answer = post(
        {
            "action": "plan",
            "plan-hours_per_week": "30",
            "plan-job_seeking_hours": "5",
            "plan-content": "Praktik",
        }
    )
    assert answer.status_code == 302
    assert RequirementPlan.objects.get(person=adult).hours_per_week == 30
    answer = post({"action": "plan", "plan-hours_per_week": "30", "plan-content": "Igen"})
    assert answer.status_code == 302  # a second plan: the StateConflict as a message
    page = client.get(answer.url).content.decode()
    assert "redan en plan som gäller" in page
    answer = post({"action": "revise", "plan-hours_per_week": "20", "plan-content": ""})
    assert answer.status_code == 422
    assert "Skriv vad planen innehåller" in answer.content.decode()
    answer = post(
        {"action": "exemption", "undantag-ground": "SCHOOL", "undantag-valid_from": today.isoformat()}
    )
    assert answer.status_code == 422 and "18–20 år" in answer.content.decode()
    answer = post(
        {"action": "exemption", "undantag-ground": "FULL_TIME_WORK", "undantag-valid_from": today.isoformat()}
    )
    assert answer.status_code == 302 and Exemption.objects.filter(person=adult).exists()
    month = (today.replace(day=1) - dt.timedelta(days=200)).strftime("%Y-%m")
    answer = post(
        {
            "action": "support",
            "stod-month": month,
            "stod-amount": "500",
            "stod-persons": [str(adult.public_id)],
        }
    )
    assert answer.status_code == 302
    added = SupportMonth.objects.get(household=household, month=f"{month}-01")
    assert post({"action": "delete_support", "support": str(added.pk)}).status_code == 302
    assert not SupportMonth.objects.filter(pk=added.pk).exists()
    answer = post(
        {
            "action": "deviation",
            "avvikelse-kind": "ABSENCE",
            "avvikelse-occurred_on": today.isoformat(),
            "avvikelse-description": "x" * 2001,
        }
    )
    assert answer.status_code == 422 and "2000 tecken" in answer.content.decode()


def test_alice_may_not_post_the_social_forms(signed_in, alice, support, adult):
    answer = signed_in(alice).post(_person_url(adult, "person_activity_action"), {"action": "plan"})
    assert answer.status_code == 403
    assert not RequirementPlan.objects.exists()


def test_the_deviations_page_assesses_once(signed_in, sigrid, alice, adult, today):
    deviation = report_deviation(
        alice, adult, kind="REFUSED_ACTIVITY", occurred_on=today, description="Ville inte"
    )
    client = signed_in(sigrid)
    html = client.get(reverse("activity_deviations")).content.decode()
    assert "Ville inte" in html and "Spara bedömningen" in html and "Etablera fattar aldrig beslut" in html
    url = reverse("activity_deviation_assess", args=[deviation.public_id])
    prefix = f"bedom-{deviation.public_id}"
    answer = client.post(url, {f"{prefix}-status": "REFERRED", f"{prefix}-assessment": ""})
    assert answer.status_code == 422 and "Skriv bedömningen" in answer.content.decode()
    body = {
        f"{prefix}-status": "REFERRED",
        f"{prefix}-assessment": "Inget skäl",
        f"{prefix}-decision_reference": "SOC-9",
    }
    answer = client.post(url, body, follow=True)
    assert "lämnad till beslut" in answer.content.decode()
    deviation.refresh_from_db()
    assert deviation.status == "REFERRED" and deviation.decision_reference == "SOC-9"
    answer = client.post(url, body, follow=True)
    assert "redan bedömd" in answer.content.decode()
    assert Deviation.objects.get().assessment == "Inget skäl"


def test_the_import_page_previews_then_imports(signed_in, sigrid, numbered, household, this_month):
    adult = next(p for p in numbered if p.birth_date.year < 2000)
    data = f"personnummer;månad;belopp\n{adult.identity_number};{this_month:%Y-%m};4321\n".encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = signed_in(sigrid)
    answer = client.post(
        reverse("activity_support_import"), {"file": SimpleUploadedFile("stod.csv", data, "text/csv")}
    )
    html = answer.content.decode()
    assert "Förhandsgranskning av stod.csv" in html and "4321" in html and adult.identity_number not in html
    assert not SupportMonth.objects.exists()
    token = answer.context["token"]
    answer = client.post(reverse("activity_support_import"), {"confirm": "1", "sha256": token}, follow=True)
    assert "Importen är klar: 1 nya" in answer.content.decode()
    assert SupportMonth.objects.get(household=household).amount == 4321


def test_the_import_page_shows_every_error(signed_in, sigrid, numbered, this_month):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = b"personnummer;m\xc3\xa5nad;belopp\n199001011234;2026-13;x\n"
    answer = signed_in(sigrid).post(
        reverse("activity_support_import"), {"file": SimpleUploadedFile("f.csv", data)}
    )
    html = answer.content.decode()
    assert "invalid_date" in html or "ÅÅÅÅ-MM" in html
    assert not SupportMonth.objects.exists()


def test_the_lists_cost_the_same_for_one_or_many(signed_in, sigrid, support, django_assert_max_num_queries):
    client = signed_in(sigrid)
    client.get(reverse("activity_requirement"))
    with django_assert_max_num_queries(40):
        client.get(reverse("activity_requirement"))
