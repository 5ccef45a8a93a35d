"""The staff's pages per role: the integration unit's caseworker reads and assesses (200), the unit manager
decides, SFI and social services get 403, another municipality's staff 404 on Nyköping's programme; a decision from
the wrong state is shown as a message; the CSV and the report hold what they should."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from etablera.access.models import AuditEvent
from etablera.grants.models import Application, GrantProgramme

pytestmark = pytest.mark.django_db
Status = Application.Status


def test_the_caseworker_reads_the_programme_and_an_application(client, alice, programme, make_application):
    application = make_application(association_name="IK Eken")
    make_application(confirmed_at=None, association_name="Obekräftad förening")
    client.force_login(alice)
    listing = client.get("/civilsamhallet/bidrag/")
    assert listing.status_code == 200 and "Integrationsbidraget 2026" in listing.content.decode()
    detail = client.get(f"/civilsamhallet/bidrag/{programme.public_id}/").content.decode()
    assert "IK Eken" in detail and "Obekräftad förening" not in detail
    page = client.get(f"/civilsamhallet/bidrag/ansokan/{application.public_id}/")
    text = page.content.decode()
    assert (
        page.status_code == 200
        and "kim@example.se" in text
        and "Beslut om bidrag fattas av enhetschefen" not in text
    )
    assert AuditEvent.objects.filter(
        actor=alice, object_id=str(application.public_id), action="VIEW"
    ).exists()


@pytest.mark.parametrize("who", ["bob", "sigrid"])
def test_sfi_and_social_services_get_403(client, who, bob, sigrid, programme):
    client.force_login({"bob": bob, "sigrid": sigrid}[who])
    assert client.get("/civilsamhallet/bidrag/").status_code == 403
    assert client.get(f"/civilsamhallet/bidrag/{programme.public_id}/").status_code == 403


def test_another_municipality_gets_404(client, charlie, programme, make_application):
    application = make_application()
    client.force_login(charlie)
    assert client.get("/civilsamhallet/bidrag/").status_code == 200
    assert "Integrationsbidraget" not in client.get("/civilsamhallet/bidrag/").content.decode()
    assert client.get(f"/civilsamhallet/bidrag/{programme.public_id}/").status_code == 404
    assert client.get(f"/civilsamhallet/bidrag/ansokan/{application.public_id}/").status_code == 404


def _decide(client, application, amount="4000"):
    deadline = (dt.date.today() + dt.timedelta(days=60)).isoformat()
    return client.post(
        f"/civilsamhallet/bidrag/ansokan/{application.public_id}/beslut/",
        {"outcome": "grant", "amount_granted": amount, "reasons": "Bra.", "report_deadline": deadline},
    )


def test_the_unit_manager_decides_the_caseworker_does_not(client, alice, erik, make_application):
    application = make_application(status=Status.UNDER_ASSESSMENT)
    client.force_login(alice)
    assert _decide(client, application).status_code == 403
    client.force_login(erik)
    response = _decide(client, application)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.GRANTED and len(mail.outbox) == 1
    # Again, from the page as it was: a message, not a second decision.
    again = _decide(client, application)
    assert again.status_code == 302
    followed = client.get(again["Location"]).content.decode()
    assert "är beviljad" in followed and "kan inte beslutas nu" in followed
    assert len(mail.outbox) == 1


def test_a_decision_over_budget_is_an_error_at_the_field(client, erik, make_application):
    application = make_application(status=Status.UNDER_ASSESSMENT, amount=60000)
    client.force_login(erik)
    response = _decide(client, application, amount="60000")
    assert response.status_code == 422
    assert "Budgeten räcker inte" in response.context["decision_form"].errors["amount_granted"][0]


def test_programme_create_and_open(client, alice, nykoping):
    client.force_login(alice)
    today = dt.date.today()
    bad = client.post(
        "/civilsamhallet/bidrag/nytt/",
        {
            "name": "Nytt",
            "criteria": "K",
            "budget": "1000",
            "opens_on": today,
            "closes_on": today,
            "extra_fields": "Fel Namn | Fråga | 10 | ja",
        },
    )
    assert bad.status_code == 422 and "små bokstäver" in bad.context["form"].errors["extra_fields"][0]
    response = client.post(
        "/civilsamhallet/bidrag/nytt/",
        {
            "name": "Nytt",
            "criteria": "K",
            "budget": "1000",
            "opens_on": today,
            "closes_on": today,
            "extra_fields": "syfte | Vad är syftet? | 300 | ja",
        },
    )
    assert response.status_code == 302
    programme = GrantProgramme.objects.get(name="Nytt")
    assert programme.extra_fields == [
        {"name": "syfte", "label": "Vad är syftet?", "max_length": 300, "required": True}
    ]
    client.post(f"/civilsamhallet/bidrag/{programme.public_id}/status/", {"status": "OPEN"})
    programme.refresh_from_db()
    assert programme.status == GrantProgramme.Status.OPEN


def test_the_export_and_the_report(client, alice, programme, make_application, today):
    make_application(
        association_name="=HYPERLINK(1)",
        status=Status.PAID,
        amount_granted=3000,
        paid_amount=3000,
        report_deadline=today - dt.timedelta(days=3),
        decided_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
    )
    client.force_login(alice)
    csv = client.get(f"/civilsamhallet/bidrag/{programme.public_id}/ansokningar.csv").content.decode()
    assert "'=HYPERLINK(1)" in csv and "kim@example.se" not in csv and "Utbetald" in csv
    report = client.get("/civilsamhallet/bidrag/rapport/")
    row = report.context["report"].rows[0]
    assert (row.decided, row.granted, row.paid, row.reported, row.late) == (1, 3000, 3000, 0, 1)
