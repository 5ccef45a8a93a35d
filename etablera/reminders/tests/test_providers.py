"""The reminders end to end through real servers: e-mail through an SMTP server (aiosmtpd on a free port, as
notices/tests does for the digest), SMS through the generic HTTP provider against an HTTP server in a thread, and
the demo's file backend."""

from __future__ import annotations

import email
import json
import socket
import threading
from email import policy
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.management import call_command

from etablera.reminders import services, sms, texts
from etablera.reminders.models import Channel, OutgoingMessage
from etablera.reminders.tests.conftest import PHONE

pytestmark = pytest.mark.django_db


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    from aiosmtpd.controller import Controller

    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope)
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = False
    yield received
    controller.stop()


def test_the_email_reminder_goes_through_smtp_once(health_check, adult, alice, today, smtp_server):
    adult.identity_number_type, adult.identity_number = adult.IdentityNumberType.PERSONNUMMER, "19850312-2383"
    adult.save(update_fields=["identity_number_type", "identity_number"])  # fictional
    services.give_consent(actor=alice, person=adult, channel=Channel.EMAIL)
    call_command("reminders", "send", f"--date={today.isoformat()}", verbosity=0)
    call_command("reminders", "send", f"--date={today.isoformat()}", verbosity=0)
    assert [envelope.rcpt_tos for envelope in smtp_server] == [["amal@example.org"]]
    message = email.message_from_bytes(smtp_server[0].content, policy=policy.default)
    body = message.get_body(preferencelist=("plain",)).get_content()
    composed = texts.compose(
        health_check, "ar"
    )  # her language; Swedish where the catalogue has no Arabic yet
    assert (
        message["Subject"] == composed.subject
        and health_check.household.municipality.name in composed.subject
    )
    assert composed.text in body and "Brunnsgatan 12, Nyköping" in body and "0155-24 50 00" in body
    for secret in ("Hälso", adult.first_name, adult.last_name, "19850312", "2383", "Alice"):
        assert secret not in body and secret not in message["Subject"]
    row = OutgoingMessage.objects.get(channel=Channel.EMAIL)
    assert row.status == OutgoingMessage.Status.SENT
    assert f"<{row.provider_id}>" == message["Message-ID"]


def test_an_smtp_server_that_is_not_there_fails_the_message(
    health_check, adult, alice, today, smtp_server, settings
):
    services.give_consent(actor=alice, person=adult, channel=Channel.EMAIL)
    settings.EMAIL_PORT = _free_port()  # nothing listens there
    call_command("reminders", "send", f"--date={today.isoformat()}", verbosity=0)
    row = OutgoingMessage.objects.get(channel=Channel.EMAIL)
    assert row.status == OutgoingMessage.Status.FAILED and row.error == "ConnectionRefusedError"
    assert "amal" not in row.error and smtp_server == []


@pytest.fixture
def sms_provider(settings):
    """A provider that answers {"id": ...}, or the status set in `answer`, and keeps what it was sent."""
    received = []
    answer = {"status": 200}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.path, dict(self.headers), json.loads(body)))
            self.send_response(answer["status"])
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(json.dumps({"id": f"prov-{len(received)}"}).encode())

        def log_message(self, *args):  # quiet: the test output would show the request line
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.ETABLERA_SMS_BACKEND = "etablera.reminders.sms.HttpBackend"
    settings.ETABLERA_SMS_URL = f"http://127.0.0.1:{server.server_port}/v1/sms"
    settings.ETABLERA_SMS_TOKEN = "test-token-not-a-secret"
    settings.ETABLERA_SMS_SENDER = "Nykoping"
    yield received, answer
    server.shutdown()
    server.server_close()


def test_the_http_provider_gets_json_with_the_token(health_check, adult, alice, today, sms_provider):
    received, _answer = sms_provider
    services.give_consent(actor=alice, person=adult, channel=Channel.SMS)
    call_command("reminders", "send", f"--date={today.isoformat()}", verbosity=0)
    ((path, headers, body),) = received
    assert path == "/v1/sms" and headers["Authorization"] == "Bearer test-token-not-a-secret"
    assert body["to"] == PHONE and body["from"] == "Nykoping"
    assert body["message"] == texts.compose(health_check, "ar").text  # in her language
    row = OutgoingMessage.objects.get(channel=Channel.SMS)
    assert row.status == OutgoingMessage.Status.SENT and row.provider_id == "prov-1"


def test_the_http_provider_refusing_is_a_clear_error(sms_provider):
    _received, answer = sms_provider
    answer["status"] = 503
    with pytest.raises(sms.SmsError, match="svarade 503"):
        sms.HttpBackend().send(PHONE, "Hej")


def test_an_unreachable_provider_is_a_clear_error(settings):
    settings.ETABLERA_SMS_URL = f"http://127.0.0.1:{_free_port()}/"
    with pytest.raises(sms.SmsError, match="gick inte att nå"):
        sms.HttpBackend().send(PHONE, "Hej")
    settings.ETABLERA_SMS_URL = "file:///etc/passwd"
    with pytest.raises(sms.SmsError, match="http"):
        sms.HttpBackend().send(PHONE, "Hej")


def test_the_file_backend_writes_under_var_sms(settings, tmp_path):
    settings.ETABLERA_SMS_FILE_PATH = str(tmp_path / "sms")
    message_id = sms.FileBackend().send(PHONE, "Påminnelse")
    (written,) = (tmp_path / "sms").iterdir()
    assert written.name == f"{message_id}.txt" and "Påminnelse" in written.read_text(encoding="utf-8")
