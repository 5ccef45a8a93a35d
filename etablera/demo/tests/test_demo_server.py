"""The demo as `make demo` serves it (issue #11): the banner names the port the server really listens on, the server
runs with DEBUG off so a missing page is Etablera's own 404 (not Django's debug page), the static files and the
favicon are served, and /favicon.ico answers."""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse

from etablera.testing.demo import demo_command

ROOT = Path(__file__).resolve().parents[3]
needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _make_demo(port: int) -> list[str]:
    """The commands `make demo PORT=…` would run, not run (make -n)."""
    command = ["make", "-n", "demo", f"PORT={port}", "HOST=127.0.0.1"]  # make from the PATH, as one runs it
    done = subprocess.run(  # noqa: S603
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout.splitlines()


def test_the_banner_names_the_address_it_is_given(db):
    banner = demo_command("--address", "http://127.0.0.1:8123")
    assert "Öppna http://127.0.0.1:8123/ och logga in" in banner
    assert "http://127.0.0.1:8123/api/v1/docs" in banner
    assert ":8000" not in banner


@needs_make
def test_make_demo_prints_and_serves_the_same_port_with_debug_off():
    lines = _make_demo(8123)
    [demo] = [line for line in lines if "etablera demo" in line]
    [server] = [line for line in lines if "etablera runserver" in line]
    assert "--address http://127.0.0.1:8123/" in demo
    assert server.endswith("runserver 127.0.0.1:8123")
    assert "ETABLERA_DEBUG" not in server and "SECURE_COOKIES=0" in server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 — our own local server
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


@needs_make
def test_the_demo_server_shows_etableras_own_404_and_serves_the_favicon(tmp_path):
    port = _free_port()
    [server] = [line for line in _make_demo(port) if "etablera runserver" in line]
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ETABLERA_DEBUG")}
    env["ETABLERA_VAR_DIR"] = str(tmp_path)
    words = shlex.split(server)
    while "=" in words[0]:  # the Makefile's VAR=value words before the command
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    process = subprocess.Popen(  # noqa: S603 — the Makefile's own command line
        [*words, "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        status, _type, body = _get(f"{base}/finns-inte/")
        page = body.decode()
        assert status == 404
        assert "Sidan finns inte" in page and "Till startsidan" in page
        assert "Using the URLconf" not in page and "DEBUG = True" not in page
        assert "/static/etablera/favicon.svg" in page
        status, kind, body = _get(f"{base}/favicon.ico")
        assert status == 200 and "icon" in kind and body[:4] == b"\x00\x00\x01\x00"
        status, kind, _body = _get(f"{base}/static/etablera/favicon.svg")
        assert status == 200 and kind.startswith("image/svg+xml")
        assert _get(f"{base}/static/etablera/etablera.css")[0] == 200
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.django_db
def test_a_refusal_is_etableras_own_403_page(client, hanna):
    client.force_login(hanna)  # the housing unit: anvisningar are the reception unit's
    response = client.get(reverse("assignment_list"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "Du saknar behörighet" in page and "Anvisningar hanteras av mottagningsenheten." in page
    assert 'rel="icon"' in page
