"""No personal data in logs, URLs or error pages (issue #3, Hardening).

A set of ordinary and failing requests runs while everything logged is captured — every logger at DEBUG through
the root logger, django.server (which does not propagate) and the real console handler's output — and not one
name or identity number of the fictional persons may appear in it.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.servers.basehttp import WSGIRequestHandler
from django.test import Client
from django.urls import path, reverse

from etablera.access.logging import REMOVED, NoPersonalData, strip_query_strings, traceback_without_messages
from etablera.people.models import Person
from etablera.reception import services
from etablera.reception.web.tests.test_assignments import form_data
from etablera.testing.api_client import ApiClient
from etablera.testing.factories import HouseholdFactory, personnummer
from etablera.urls import urlpatterns as site_urlpatterns

PROJECT = Path(__file__).resolve().parents[3]
FIRST, LAST = "Zerafina", "Qvistbergsdotter"
NUMBER = personnummer(dt.date(1987, 4, 23))


def failing_view(request):
    """A view that fails with a person's name and number in the exception, raised from another exception."""
    person = Person.objects.get(first_name=FIRST)
    try:
        raise ValueError(f"Ogiltigt nummer {person.identity_number}")
    except ValueError as error:
        raise RuntimeError(f"Kunde inte spara {person.full_name}") from error


# This module is also the URLconf of the tests marked with it: the site plus one failing view.
urlpatterns = [*site_urlpatterns, path("test/fel/", failing_view)]


@pytest.fixture
def person(alice, nykoping, today):
    """A received household whose first adult has a distinctive fictional name and a personnummer."""
    household = HouseholdFactory.with_members([38, 7], municipality=nykoping, name=f"Familjen {LAST}")
    person = household.memberships.order_by("pk").first().person
    Person.objects.filter(pk=person.pk).update(
        first_name=FIRST, last_name=LAST, identity_number_type="PERSONNUMMER", identity_number=NUMBER
    )
    assignment = services.create_assignment(
        actor=alice,
        municipality=nykoping,
        reference="MIG-2026-LOGG-1",
        category="ASSIGNED_FROM_FACILITY",
        decision_date=today - dt.timedelta(days=10),
        household=household,
    )
    services.receive_household(actor=alice, assignment=assignment, arrival_date=today - dt.timedelta(days=2))
    person.refresh_from_db()
    return person


def forbidden_strings(person) -> list[str]:
    number = person.identity_number
    return [FIRST, LAST, number, f"{number[:8]}-{number[8:]}", number[2:8] + number[8:], "alice"]


@pytest.fixture
def captured(caplog):
    """Everything logged: the root logger at DEBUG (every propagating logger), and django.server."""
    caplog.set_level(logging.DEBUG)
    server = logging.getLogger("django.server")
    server.addHandler(caplog.handler)
    yield caplog
    server.removeHandler(caplog.handler)


def everything_logged(caplog, capfd) -> str:
    """The records as caplog formats them (message and traceback), what the console handler wrote, and every
    record's attributes, so that nothing slips through in a field a formatter does not show."""
    records = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''} {vars(r)!r}" for r in caplog.records)
    out, err = capfd.readouterr()
    return "\n".join([caplog.text, records, out, err])


@pytest.mark.urls(__name__)
def test_no_name_or_identity_number_reaches_the_logs(captured, capfd, settings, person, alice, charlie):
    settings.AXES_ENABLED = True
    household = person.household_memberships.get().household
    browser = Client(raise_request_exception=False)
    browser.force_login(alice)

    # Ordinary use: the household page, a search by name and by number (POSTs), the API's searches.
    assert browser.get(reverse("household_detail", args=[household.public_id])).status_code == 200
    assert FIRST in browser.post(reverse("household_search"), {"q": f"{FIRST} {LAST}"}).content.decode()
    assert browser.post(reverse("household_search"), {"q": NUMBER}).status_code == 200
    assert browser.get(reverse("household_search"), {"q": LAST}).status_code == 200  # ignored, empty form
    api = ApiClient(alice)
    assert api.post("/persons/search", {"q": NUMBER}).json()["count"] == 1
    assert api.get("/persons", {"q": NUMBER}).status_code == 404  # no GET search: logged as a path only
    assert api.post("/households/search", {"q": LAST}).json()["count"] == 1

    # Not found: a household that does not exist, and one of another municipality.
    assert browser.get(reverse("household_detail", args=[uuid.uuid4()])).status_code == 404
    outsider = Client()
    outsider.force_login(charlie)
    assert outsider.get(reverse("household_detail", args=[household.public_id])).status_code == 404

    # A failing form with a name and a wrong personnummer.
    wrong = {"first_name": FIRST, "last_name": LAST, "identity_number_type": "PERSONNUMMER"}
    wrong["identity_number"] = NUMBER[:-1] + str((int(NUMBER[-1]) + 1) % 10)
    response = browser.post(reverse("assignment_create"), form_data([wrong]))
    assert response.status_code == 200 and "Personnumret har fel kontrollsiffra." in response.content.decode()

    # A search without its CSRF token.
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    assert strict.post(reverse("household_search"), {"q": LAST}).status_code == 403

    # A 500 with the person's name and number in the exceptions.
    assert browser.get("/test/fel/").status_code == 500

    # Failed sign-ins up to the lockout (django-axes logs each one), then the development server's request line.
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post(reverse("login"), {"username": "alice", "password": f"{LAST}-{NUMBER}"})
    dev_server = SimpleNamespace(request=object(), log_date_time_string=lambda: "23/Apr/2026 10:00:00")
    WSGIRequestHandler.log_message(
        dev_server, '"%s" %s %s', f"GET /hushall/?q={FIRST}+{LAST} HTTP/1.1", "200", "4711"
    )

    logged = everything_logged(captured, capfd)
    for secret in forbidden_strings(person):
        assert secret not in logged, secret
    # The logging did happen, and still says what went wrong where.
    assert "Not Found: /hushall/" in logged
    assert "Forbidden (CSRF cookie not set.): /hushall/" in logged
    assert f"RuntimeError: {REMOVED}" in logged and f"ValueError: {REMOVED}" in logged
    assert "in failing_view" in logged
    assert f"GET /hushall/?{REMOVED} HTTP/1.1" in logged
    assert "AXES: Locking out" in logged
    server_error = next(r for r in captured.records if "Internal Server Error" in r.getMessage())
    assert not hasattr(server_error, "request") and server_error.exc_info is None


@pytest.mark.urls(__name__)
def test_the_500_page_shows_no_details(settings, person, alice):
    settings.DEBUG = False
    browser = Client(raise_request_exception=False)
    browser.force_login(alice)
    response = browser.get("/test/fel/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Något gick fel" in page
    for secret in [
        *forbidden_strings(person)[:-1],
        "Traceback",
        "RuntimeError",
        "failing_view",
        "SECRET_KEY",
    ]:
        assert secret not in page, secret


def test_the_404_page_does_not_repeat_what_was_asked_for(client, person, alice):
    client.force_login(alice)
    response = client.get(reverse("household_detail", args=[uuid.uuid4()]))
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()
    assert "Http404" not in response.content.decode()


def test_settings_never_log_sql_and_filter_the_request_loggers():
    from django.conf import settings

    loggers = settings.LOGGING["loggers"]
    for name in ("django", "django.request", "django.server", "django.security.csrf", "django.template"):
        assert "no_personal_data" in loggers[name]["filters"], name
    for name, handler in settings.LOGGING["handlers"].items():
        assert "no_personal_data" in handler["filters"], name
    assert logging.getLogger("django.db.backends").getEffectiveLevel() > logging.DEBUG
    assert settings.AXES_SENSITIVE_PARAMETERS and "username" in settings.AXES_SENSITIVE_PARAMETERS
    assert "ip_address" in settings.AXES_SENSITIVE_PARAMETERS
    assert settings.AXES_VERBOSE is False


# --- the filter itself ----------------------------------------------------------------------------------------------


def test_query_strings_are_cut_from_paths_and_request_lines():
    assert strip_query_strings("/hushall/?q=Amal") == f"/hushall/?{REMOVED}"
    assert (
        strip_query_strings('"GET /api/v1/persons?q=Amal%20Exempel&limit=2 HTTP/1.1" 404 179')
        == f'"GET /api/v1/persons?{REMOVED} HTTP/1.1" 404 179'
    )
    assert strip_query_strings("Vill du fortsätta? Ja.") == "Vill du fortsätta? Ja."
    assert strip_query_strings("Not Found: /hushall/abc/") == "Not Found: /hushall/abc/"


def test_a_traceback_keeps_where_and_loses_what():
    def fail():
        try:
            {}[FIRST]
        except KeyError:
            raise RuntimeError(f"{FIRST} {LAST} {NUMBER}") from None

    try:
        fail()
    except RuntimeError as error:
        text = traceback_without_messages(error)
    assert FIRST not in text and NUMBER not in text
    assert text.startswith("Traceback (most recent call last):")
    assert "in fail" in text and text.endswith(f"RuntimeError: {REMOVED}")
    assert "KeyError" not in text  # "from None" suppresses the context, as Python's own traceback does


def test_the_filter_cleans_a_record_in_place_and_lets_it_through():
    try:
        raise LookupError(f"{FIRST} {LAST}")
    except LookupError:
        exc_info = sys.exc_info()
    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "%s: %s", ("Fel", f"/x/?q={FIRST}"), exc_info
    )
    record.request = object()
    assert NoPersonalData().filter(record) is True
    assert record.getMessage() == f"Fel: /x/?{REMOVED}"
    assert record.exc_info is None and FIRST not in record.exc_text and "LookupError" in record.exc_text
    assert not hasattr(record, "request")
    formatted = logging.Formatter().format(record)
    assert FIRST not in formatted and LAST not in formatted
    assert formatted.endswith(f"LookupError: {REMOVED}")


# --- the server's access log ------------------------------------------------------------------------------------------


def test_the_documented_gunicorn_access_log_leaves_out_query_strings_and_referers():
    """deploy/gunicorn.conf.py (documented in docs/operations.md) sets an access-log format; rendered by gunicorn
    itself for a request that carries a name in its query string and in its Referer, the line holds neither."""
    import runpy

    from gunicorn.config import Config
    from gunicorn.glogging import Logger, SafeAtoms

    log_format = runpy.run_path(str(PROJECT / "deploy" / "gunicorn.conf.py"))["access_log_format"]
    operations = (PROJECT / "docs" / "operations.md").read_text(encoding="utf-8")
    assert f"access_log_format = '{log_format}'" in operations
    for atom in ("%(r)s", "%(q)s", "%(f)s", "%(a)s", "%(u)s", "{referer}i"):
        assert atom not in log_format, atom
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/hushall/?q={FIRST}+{LAST}",
        "PATH_INFO": "/hushall/",
        "QUERY_STRING": f"q={FIRST}+{LAST}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.10",
        "HTTP_REFERER": f"https://etablera.example/hushall/?q={NUMBER}",
    }
    response = SimpleNamespace(status="200 OK", sent=4711, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    atoms = Logger(Config()).atoms(response, request, environ, dt.timedelta(milliseconds=42))
    line = log_format % SafeAtoms(atoms)
    assert '"GET /hushall/" 200 4711 42ms' in line
    assert FIRST not in line and NUMBER not in line and "?" not in line
