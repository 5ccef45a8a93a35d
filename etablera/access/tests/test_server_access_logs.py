"""Query strings in the servers' access logs (issue #9, finding 9).

A name or personnummer typed into an address's query string must reach no log: the application's filter cuts the
whole query string whatever it holds (a quote does not end it), the development server's request lines go through
that filter, and gunicorn started with deploy/gunicorn.conf.py logs the path only.
"""

from __future__ import annotations

import io
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIRequestHandler
from django.utils.log import ServerFormatter

from etablera.access.logging import REMOVED, NoPersonalData, strip_query_strings

PROJECT = Path(__file__).resolve().parents[3]
CONFIG = PROJECT / "deploy" / "gunicorn.conf.py"
NAME, NUMBER = "Zerafina", "19870423-2384"
QUERY = f"sok='&namn={NAME}&pnr={NUMBER}"


@pytest.mark.parametrize(
    "text",
    [
        f"/hushall/?{QUERY}",
        f'"GET /hushall/?{QUERY} HTTP/1.1" 302 0',
        f'"GET /hushall/?sok="&namn={NAME}&pnr={NUMBER} HTTP/1.1" 302 0',
        f'"GET /hushall/?sok=<a>#x&namn={NAME}&pnr={NUMBER} HTTP/1.1" 302 0',
        # A request line with a space in it (http.server refuses it and logs it as bad syntax).
        f"code 400, message Bad request syntax ('GET /hushall/?namn={NAME} Exempel&pnr={NUMBER} HTTP/1.1')",
    ],
)
def test_the_whole_query_string_is_cut_whatever_it_holds(text):
    cleaned = strip_query_strings(text)
    assert NAME not in cleaned and NUMBER not in cleaned and "Exempel" not in cleaned
    assert f"/hushall/?{REMOVED}" in cleaned


def test_text_around_a_request_line_stays():
    assert (
        strip_query_strings(f'"GET /hushall/?{QUERY} HTTP/1.1" 302 0')
        == f'"GET /hushall/?{REMOVED} HTTP/1.1" 302 0'
    )
    assert strip_query_strings("Vill du fortsätta? Ja.") == "Vill du fortsätta? Ja."


class _Request:
    """What WSGIRequestHandler.log_message needs of itself, without a socket."""

    request = None
    client_address = ("127.0.0.1", 54321)

    def log_date_time_string(self):
        return "02/Dec/2026 12:00:00"


def test_the_development_servers_request_line_goes_through_the_configured_logging():
    """runserver logs each request on django.server with the request line as an argument; the handler configured in
    settings.LOGGING (its filter and formatter) writes what neither names the person nor gives the number."""
    logger = logging.getLogger("django.server")
    assert any(isinstance(f, NoPersonalData) for f in logger.filters)
    (handler,) = [h for h in logger.handlers if isinstance(h.formatter, ServerFormatter)]  # settings' handler
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        server = _Request()
        WSGIRequestHandler.log_message(server, '"%s" %s %s', f"GET /hushall/?{QUERY} HTTP/1.1", "302", "0")
        WSGIRequestHandler.log_message(
            server, '"%s" %s %s', f"GET /finns-inte/?{QUERY} HTTP/1.1", "404", "179"
        )
    finally:
        handler.setStream(previous)
    written = stream.getvalue()
    assert f'"GET /hushall/?{REMOVED} HTTP/1.1" 302 0' in written
    assert f'"GET /finns-inte/?{REMOVED} HTTP/1.1" 404 179' in written
    assert NAME not in written and NUMBER not in written


# --- gunicorn with the deployed configuration ---------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> int:
    """The status of a GET, without following a redirect."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(url, timeout=5) as response:  # noqa: S310 — loopback
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_gunicorn_with_the_deployed_configuration_logs_no_query_string(tmp_path):
    gunicorn = Path(sys.executable).with_name("gunicorn")
    if not gunicorn.exists():
        pytest.skip("gunicorn is not installed")
    import gunicorn as gunicorn_package

    port = _free_port()
    log_path = tmp_path / "gunicorn.log"
    options = ["--config", str(CONFIG), "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    if (
        int(gunicorn_package.__version__.split(".")[0]) >= 27
    ):  # a control socket of its own, not the shared one
        options += ["--control-socket", str(tmp_path / "gunicorn.ctl")]
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "etablera.settings", "ALLOWED_HOSTS": "127.0.0.1"}
    with log_path.open("w") as log:
        server = subprocess.Popen(  # noqa: S603 — our own command line
            [str(gunicorn), *options],
            cwd=PROJECT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 30
            while True:
                try:
                    status = _get(f"{base}/hushall/?{QUERY}")
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        pytest.skip(f"gunicorn did not start: {log_path.read_text()[-2000:]}")
                    time.sleep(0.2)
            _get(f"{base}/finns-inte/?namn={NAME}&pnr={NUMBER}")
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=5)
    written = log_path.read_text()
    assert status == 302  # not signed in: to the sign-in page
    assert '"GET /hushall/" 302' in written and '"GET /finns-inte/" 404' in written
    assert NAME not in written and NUMBER not in written and "namn=" not in written, written
