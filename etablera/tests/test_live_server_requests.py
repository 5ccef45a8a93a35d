"""The browser tests wait for the live server's last request before the database is flushed
(etablera/e2e/server.py): checked here against Django's own threaded server, without a browser."""

from __future__ import annotations

import http.client
import threading
import time

from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

from etablera.e2e.server import RequestsInFlight


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def _server(app):
    server = ThreadedWSGIServer(("127.0.0.1", 0), _Quiet, allow_reuse_address=False)
    server.set_app(app)
    requests = RequestsInFlight(server)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return server, requests


def _get(server, path="/"):
    client = http.client.HTTPConnection(*server.server_address, timeout=10)
    client.request("GET", path, headers={"Connection": "close"})
    response = client.getresponse()
    body = response.read()
    client.close()
    return response.status, body


def test_it_waits_for_a_request_still_running_and_counts_it_out_afterwards():
    started, release, finished = threading.Event(), threading.Event(), []

    def slow(environ, start_response):
        started.set()
        release.wait(10)
        finished.append(time.monotonic())
        start_response("200 OK", [("Content-Length", "2")])
        return [b"ok"]

    server, requests = _server(slow)
    try:
        answers = []
        client = threading.Thread(target=lambda: answers.append(_get(server)))
        client.start()
        assert started.wait(10)
        assert requests.count == 1
        assert requests.wait_until_idle(timeout=0.2) is False  # still running: not idle

        threading.Timer(0.3, release.set).start()
        assert requests.wait_until_idle(timeout=10) is True
        idle_at = time.monotonic()
        assert finished and finished[0] <= idle_at
        assert requests.count == 0
        client.join(10)
        assert answers == [(200, b"ok")]
    finally:
        release.set()
        server.shutdown()
        server.server_close()


def test_an_idle_server_is_idle_at_once_and_every_request_is_counted_out():
    def quick(environ, start_response):
        start_response("200 OK", [("Content-Length", "2")])
        return [b"ok"]

    server, requests = _server(quick)
    try:
        assert requests.wait_until_idle(timeout=0) is True
        for _ in range(5):
            assert _get(server) == (200, b"ok")
        assert requests.wait_until_idle(timeout=10) is True
        assert requests.count == 0
    finally:
        server.shutdown()
        server.server_close()


def test_a_connection_not_yet_accepted_is_waited_for():
    """Between the client's connect and the server's accept the request is in no thread: the listening socket shows
    it. The server is not serving yet here, so the connection waits in the backlog."""

    def quick(environ, start_response):
        start_response("200 OK", [("Content-Length", "2")])
        return [b"ok"]

    server = ThreadedWSGIServer(("127.0.0.1", 0), _Quiet, allow_reuse_address=False)
    server.set_app(quick)
    requests = RequestsInFlight(server)
    try:
        client = http.client.HTTPConnection(*server.server_address, timeout=10)
        client.connect()
        assert requests.count == 0
        assert requests.wait_until_idle(timeout=0.2) is False

        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        client.request("GET", "/", headers={"Connection": "close"})
        assert client.getresponse().read() == b"ok"
        client.close()
        assert requests.wait_until_idle(timeout=10) is True
    finally:
        server.shutdown()
        server.server_close()
