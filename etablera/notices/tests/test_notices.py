"""Messages to staff (issue #18): the counts a person sees, their choice of what and how often, and the e-mail
digest — sent through a real SMTP server (aiosmtpd on a free port), once per person and day, with counts and links
and never a name or an identity number."""

from __future__ import annotations

import datetime as dt
import email
import socket
from email import policy

import pytest
from django.core.management import call_command

from etablera.access import services as access_services
from etablera.access.models import AuditEvent, Consent
from etablera.notices import digest, selectors
from etablera.notices.models import DigestSent, NoticePreference
from etablera.organisation.models import Unit
from etablera.reception.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def alices_work(alice, received, units, today):
    """Two of the family's reception tasks Alice's own: one overdue, one due in three days; a consent to her unit
    that ends in ten days."""
    tasks = list(Task.objects.filter(case=received, unit=units[Unit.Function.RECEPTION]).order_by("pk")[:2])
    Task.objects.filter(pk=tasks[0].pk).update(assignee=alice, due_date=today - dt.timedelta(days=2))
    Task.objects.filter(pk=tasks[1].pk).update(assignee=alice, due_date=today + dt.timedelta(days=3))
    adult = received.household.members.order_by("pk").first()
    access_services.record_consent(
        actor=alice,
        person=adult,
        units=[units[Unit.Function.SFI], units[Unit.Function.RECEPTION]],
        sections=["BASIC"],
        purpose="Samordning av etableringen",
        given_date=today - dt.timedelta(days=300),
        valid_until=today + dt.timedelta(days=10),
        method=Consent.Method.WRITTEN,
    )
    adult.identity_number_type, adult.identity_number = adult.IdentityNumberType.PERSONNUMMER, "19850312-2383"
    adult.save(update_fields=["identity_number_type", "identity_number"])  # fictional
    alice.email = "alice@example.org"
    alice.save(update_fields=["email"])
    return adult


def _counts(user, today):
    return {notice.kind.key: notice.count for notice in selectors.notices_for(user, today)}


def test_the_counts_are_what_the_user_may_see(alice, bob, charlie, alices_work, today):
    mine = _counts(alice, today)
    assert mine["tasks_overdue"] == 1 and mine["tasks_due"] == 1 and mine["consents_expiring"] == 1
    overdue_untaken = Task.objects.filter(
        unit__in=alice.memberships.values("unit"), assignee__isnull=True, status="OPEN", due_date__lt=today
    ).count()
    assert mine["unit_overdue"] == overdue_untaken
    # Bob (SFI) has no tasks of his own; the consent names his unit too. Charlie, in Enköping, sees nothing here.
    assert _counts(bob, today)["tasks_overdue"] == 0 and _counts(bob, today)["consents_expiring"] == 1
    assert set(_counts(charlie, today).values()) == {0}


def test_the_page_lists_the_counts_and_the_expiring_consents(client, alice, alices_work, today):
    client.force_login(alice)
    page = client.get("/aviseringar/").content.decode()
    assert "Mina uppgifter som är försenade" in page and 'href="/uppgifter/"' in page
    assert alices_work.first_name in page and (today + dt.timedelta(days=10)).isoformat() in page
    assert AuditEvent.objects.filter(summary__startswith="Aviseringar: samtycken", actor=alice).exists()
    assert client.get("/aviseringar/antal/").json()["total"] == sum(_counts(alice, today).values())


def test_the_header_links_to_the_notices_without_counting_on_every_page(client, alice, alices_work):
    client.force_login(alice)
    page = client.get("/uppgifter/").content.decode()
    assert 'data-notices-count-url="/aviseringar/antal/"' in page and "notices/badge" in page


def test_a_person_chooses_what_and_how_often(client, alice, alices_work, today):
    client.force_login(alice)
    refused = client.post("/aviseringar/installningar/", {"frequency": "HOURLY", "kinds": ["tasks_overdue"]})
    assert refused.status_code == 200 and "Välj ett av valen." in refused.content.decode()
    assert not NoticePreference.objects.exists()
    response = client.post("/aviseringar/installningar/", {"frequency": "WEEKLY", "kinds": ["tasks_overdue"]})
    assert response.status_code == 302
    preference = NoticePreference.objects.get(user=alice)
    assert preference.frequency == "WEEKLY"
    assert set(preference.muted) == {"tasks_due", "unit_overdue", "consents_expiring"}
    assert list(_counts(alice, today)) == ["tasks_overdue"]
    page = client.get("/aviseringar/").content.decode()
    assert "Samtycken som snart går ut" not in page
    assert AuditEvent.objects.filter(object_type="NoticePreference", actor=alice).exists()


def test_weekday_weekly_and_never():
    monday, saturday, tuesday = dt.date(2026, 12, 7), dt.date(2026, 12, 12), dt.date(2026, 12, 8)
    daily, weekly, never = (NoticePreference(frequency=f) for f in ("DAILY", "WEEKLY", "NEVER"))
    assert digest.wants_digest(daily, monday) and digest.wants_digest(daily, tuesday)
    assert not digest.wants_digest(daily, saturday)
    assert digest.wants_digest(weekly, monday) and not digest.wants_digest(weekly, tuesday)
    assert not digest.wants_digest(never, monday)


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on this machine; Django's SMTP backend talks to it over TCP."""
    from aiosmtpd.controller import Controller

    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope)
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    settings.ETABLERA_SITE_URL = "https://etablera.nykoping.example/"
    yield received
    controller.stop()


def _weekday(today):
    """The day a daily digest goes out nearest after `today`: today on a weekday, else the Monday after — at most two
    days on, so that Alice's task due in three days is not yet overdue that day (the next Monday was up to six days
    on, and the test failed from Tuesday to Thursday)."""
    return today if today.weekday() < 5 else today + dt.timedelta(days=7 - today.weekday())


def test_the_digest_goes_through_smtp_once_a_day_with_counts_and_links_only(
    alice, bob, alices_work, today, smtp_server
):
    day = _weekday(today)
    call_command("notices", "digest", f"--date={day.isoformat()}", verbosity=0)
    assert [envelope.rcpt_tos for envelope in smtp_server] == [["alice@example.org"]]  # bob has no address
    message = email.message_from_bytes(smtp_server[0].content, policy=policy.default)
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert message["Subject"] == "Etablera: det här väntar på dig"
    assert "https://etablera.nykoping.example/uppgifter/" in body
    assert "https://etablera.nykoping.example/aviseringar/#samtycken" in body
    assert "Mina uppgifter som är försenade: 1" in body
    person = alices_work
    secrets = [person.first_name, person.last_name, "Samordning av etableringen", person.identity_number]
    assert person.identity_number  # the family's members have personnummer: the check below means something
    for secret in secrets:
        assert secret not in body
    assert DigestSent.objects.get(user=alice, day=day).items >= 3
    # Run again (the schedule's task delivered twice): nothing more is sent.
    call_command("notices", "digest", f"--date={day.isoformat()}", verbosity=0)
    assert len(smtp_server) == 1


def test_a_failed_send_is_tried_again_next_run(alice, alices_work, today, settings, smtp_server):
    day = _weekday(today)
    settings.EMAIL_PORT = 1  # nothing listens there
    with pytest.raises(Exception, match="kunde inte skickas"):
        call_command("notices", "digest", f"--date={day.isoformat()}", verbosity=0)
    assert not DigestSent.objects.exists()
    assert smtp_server == []


def test_nothing_waiting_no_mail(alice, today, smtp_server):
    alice.email = "alice@example.org"
    alice.save(update_fields=["email"])
    call_command("notices", "digest", f"--date={_weekday(today).isoformat()}", verbosity=0)
    assert smtp_server == []
