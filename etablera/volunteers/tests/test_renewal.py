"""A volunteer's yearly renewal (volunteers/renewal.py, `etablera volunteers renew`): the rule's dates, one e-mail
per period however often the command runs, the link's page (a button; only the POST renews), inactive after the
grace period unless a match runs, an inactive volunteer approved again by renewing, the staff page's dates, and the
worker's schedule."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from etablera.access.models import AuditEvent
from etablera.background import schedule
from etablera.rules.volunteers import renew_by, renewal_due
from etablera.volunteers import renewal, services, tokens
from etablera.volunteers.models import Match, Volunteer

pytestmark = pytest.mark.django_db


def _renewed(volunteer, days_ago: int) -> Volunteer:
    """The volunteer as if they had confirmed (and last renewed) `days_ago` days ago."""
    moment = timezone.now() - dt.timedelta(days=days_ago)
    salt = tokens.new_salt()  # as the sign-up gives one: the e-mail's withdrawal link works
    Volunteer.objects.filter(pk=volunteer.pk).update(
        created_at=moment,
        confirmed_at=moment,
        renewed_at=moment,
        withdraw_salt=salt,
        withdraw_token_hash=tokens.digest(tokens.withdraw_token(salt)),
    )
    volunteer.refresh_from_db()
    return volunteer


def _link() -> str:
    return re.search(r"https?://[^/\s]+(/medverka/fornya/[^/\s]+/)", mail.outbox[-1].body).group(1)


def test_the_rule_asks_after_twelve_months_and_gives_thirty_days():
    assert renewal_due(dt.date(2026, 3, 15)) == dt.date(2027, 3, 15)
    assert renew_by(dt.date(2026, 3, 15)) == dt.date(2027, 4, 14)
    assert renewal_due(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)


def test_each_volunteer_due_is_mailed_once(make_volunteer, today):
    due = _renewed(make_volunteer(name="Gammal Gun", email="gun@example.org"), 370)
    _renewed(make_volunteer(name="Ny Nils", email="nils@example.org"), 300)
    _renewed(make_volunteer(name="Väntande", email="v@example.org", status=Volunteer.Status.CONFIRMED), 400)
    assert renewal.send_requests(today) == 1
    assert [message.to for message in mail.outbox] == [["gun@example.org"]]
    body = mail.outbox[0].body
    assert "Vill du fortsätta?" in body and "/medverka/fornya/" in body and "/medverka/avsluta/" in body
    due.refresh_from_db()
    # Asked five days after the renewal was due: the whole grace period counts from the e-mail.
    assert renewal.renewal_dates(due).renew_by == today + dt.timedelta(days=30)
    assert renewal.renewal_dates(due).renew_by.isoformat() in body
    # Again the same day and the next: nothing more is sent.
    assert renewal.send_requests(today) == 0
    assert renewal.send_requests(today + dt.timedelta(days=1)) == 0
    assert len(mail.outbox) == 1
    due.refresh_from_db()
    assert due.renewal_requested_at is not None and len(due.renew_token_hash) == 64
    assert AuditEvent.objects.filter(
        object_type="Volunteer", summary="Ombedd att förnya sin anmälan som volontär"
    ).exists()


def test_the_link_shows_a_button_and_only_the_post_renews(client, make_volunteer, today):
    gun = _renewed(make_volunteer(name="Gammal Gun", email="gun@example.org"), 370)
    renewal.send_requests(today)
    link = _link()
    page = client.get(link)
    assert page.status_code == 200 and "Ja, jag vill fortsätta" in page.content.decode()
    gun.refresh_from_db()
    assert timezone.localtime(gun.renewed_at).date() < today  # a mail scanner opening the link renews nothing
    done = client.post(link)
    assert done.status_code == 200 and "Tack, du är kvar som volontär" in done.content.decode()
    gun.refresh_from_db()
    assert timezone.localtime(gun.renewed_at).date() == today and gun.renew_token_hash == ""
    # The link is used up; the next period starts from today.
    assert client.post(link).status_code == 404
    assert client.get(link).status_code == 404
    assert renewal.send_requests(today + dt.timedelta(days=200)) == 0
    assert renewal.send_requests(renewal_due(today)) == 1


def test_an_unknown_or_malformed_link_is_404(client, db):
    assert client.get("/medverka/fornya/" + "X" * 43 + "/").status_code == 404
    assert client.post("/medverka/fornya/kort/").status_code == 404


def test_who_does_not_renew_becomes_inactive_after_the_grace_period(make_volunteer, today):
    gun = _renewed(make_volunteer(name="Gammal Gun", email="gun@example.org"), 370)
    renewal.send_requests(today)
    gun.refresh_from_db()
    deadline = renewal.renewal_dates(gun).renew_by
    assert deadline >= today
    assert renewal.deactivate_lapsed(deadline) == 0  # the last day still counts
    assert renewal.deactivate_lapsed(deadline + dt.timedelta(days=1)) == 1
    assert renewal.deactivate_lapsed(deadline + dt.timedelta(days=1)) == 0
    gun.refresh_from_db()
    assert gun.status == Volunteer.Status.INACTIVE and gun.inactive_since is not None
    assert gun.name == "Gammal Gun"  # kept, not erased: gallring does that later


def test_nobody_becomes_inactive_without_having_been_asked(make_volunteer, today):
    _renewed(make_volunteer(), 500)
    assert renewal.deactivate_lapsed(today) == 0
    # Asked late: the whole grace period counts from the e-mail.
    renewal.send_requests(today)
    assert renewal.deactivate_lapsed(today + dt.timedelta(days=29)) == 0
    assert renewal.deactivate_lapsed(today + dt.timedelta(days=31)) == 1


def test_a_volunteer_with_a_running_match_stays_approved(make_volunteer, alice, family, today):
    busy = _renewed(make_volunteer(name="Busy Berit", email="busy@example.org"), 370)
    wish = services.register_wish(
        actor=alice,
        person=family.members.first(),
        kind="INDIVIDUAL",
        languages=["ar"],
        offers=["LANGUAGE_FRIEND"],
        consent_given_by="Själv",
        consent_method="ORAL",
        consent_date=today,
    )
    Match.objects.create(municipality=busy.municipality, volunteer=busy, wish=wish, offer="LANGUAGE_FRIEND")
    assert renewal.send_requests(today) == 1  # asked all the same
    assert renewal.deactivate_lapsed(today + dt.timedelta(days=60)) == 0
    busy.refresh_from_db()
    assert busy.status == Volunteer.Status.APPROVED


def test_an_inactive_volunteer_who_renews_is_approved_again_and_may_withdraw(client, make_volunteer, today):
    gun = _renewed(make_volunteer(name="Gammal Gun", email="gun@example.org"), 370)
    renewal.send_requests(today)
    link = _link()
    renewal.deactivate_lapsed(today + dt.timedelta(days=40))
    gun.refresh_from_db()
    assert gun.status == Volunteer.Status.INACTIVE
    assert services.volunteer_for_withdraw_token(
        re.search(r"/medverka/avsluta/(\w+)/", mail.outbox[-1].body)[1]
    )
    assert client.post(link).status_code == 200
    gun.refresh_from_db()
    assert gun.status == Volunteer.Status.APPROVED and gun.inactive_since is None
    event = AuditEvent.objects.get(summary="Volontären förnyade sin anmälan")
    assert event.changes == {"status": ["INACTIVE", "APPROVED"]}


def test_withdrawal_and_erasure_end_the_link(client, make_volunteer, today):
    gun = _renewed(make_volunteer(name="Gammal Gun", email="gun@example.org"), 370)
    renewal.send_requests(today)
    link = _link()
    withdraw = re.search(r"http://[^/\s]+(/medverka/avsluta/[^/\s]+/)", mail.outbox[-1].body).group(1)
    client.post(withdraw)
    gun.refresh_from_db()
    assert gun.status == Volunteer.Status.WITHDRAWN and gun.renew_token_hash == ""
    assert client.get(link).status_code == 404


def test_the_staff_page_shows_when_renewed_and_by_when(signed_in, alice, make_volunteer, today):
    gun = _renewed(make_volunteer(name="Gammal Gun", email="gun@example.org"), 370)
    last = timezone.localtime(gun.renewed_at).date()
    body = signed_in(alice).get(f"/civilsamhallet/volontarer/{gun.public_id}/").content.decode()
    assert "Förnyad senast" in body and last.isoformat() in body
    assert "Ska förnyas senast" in body and renew_by(last).isoformat() in body
    waiting = make_volunteer(name="Väntande", email="v@example.org", status=Volunteer.Status.CONFIRMED)
    body = signed_in(alice).get(f"/civilsamhallet/volontarer/{waiting.public_id}/").content.decode()
    assert "Ska förnyas senast" not in body


def test_the_command_is_idempotent_and_prints_counts_only(make_volunteer, today):
    gun = _renewed(make_volunteer(name="Gammal Gun", email="gun@example.org"), 370)
    out = io.StringIO()
    call_command("volunteers", "renew", f"--date={today.isoformat()}", stdout=out)
    assert out.getvalue().strip() == (
        f"Förnyelse av volontärer per {today.isoformat()}: 1 brev skickade, 0 blev vilande."
    )
    out = io.StringIO()
    call_command("volunteers", "renew", f"--date={today.isoformat()}", stdout=out)
    assert "0 brev skickade, 0 blev vilande" in out.getvalue() and "Gun" not in out.getvalue()
    gun.refresh_from_db()
    later = renewal.renewal_dates(gun).renew_by + dt.timedelta(days=1)
    out = io.StringIO()
    call_command("volunteers", "renew", f"--date={later.isoformat()}", stdout=out)
    assert "0 brev skickade, 1 blev vilande" in out.getvalue()
    assert AuditEvent.objects.filter(channel="CLI", object_type="Volunteer").exists()
    with pytest.raises(CommandError, match="Ogiltigt datum"):
        call_command("volunteers", "renew", "--date=igår")


def test_it_is_on_the_workers_daily_schedule():
    entry = schedule.get("volunteers_renew")
    assert entry.at == dt.time(7, 10) and entry.dated
    assert entry.arguments(timezone.now())[:2] == ["volunteers", "renew"]
