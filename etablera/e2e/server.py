"""The live server's requests in flight, so that a browser test ends only when the server is idle.

Closing a browser context does not wait for the server: a request Chromium sent last (a page's late fetch, an asset)
may still be running in a server thread when the test's database is flushed. The flush then fails — on SQLite
"database table is locked", on PostgreSQL a deadlock between TRUNCATE and the request's open transaction — and the
next test finds the rows left behind. CI failed that way once on each database (issue #19, stop 36).

No Playwright here: this module is tested without a browser (etablera/tests/test_live_server_requests.py).
"""

from __future__ import annotations

import select
import threading
import time
from socketserver import ThreadingMixIn


class RequestsInFlight:
    """Counts a threading server's requests from accept (in the server's own thread, before the request's thread
    starts) to the end of the request's thread — after Django's server has closed that thread's database
    connections. A kept-alive connection counts until the client closes it."""

    def __init__(self, server: ThreadingMixIn):
        self.server = server
        self.count = 0
        self.changed = threading.Condition()
        accept, handle = server.process_request, server.process_request_thread

        def process_request(request, client_address):
            with self.changed:
                self.count += 1
            try:
                accept(request, client_address)
            except BaseException:  # the request's thread never started: nothing else will count it out
                self._done()
                raise

        def process_request_thread(request, client_address):
            try:
                handle(request, client_address)
            finally:
                self._done()

        # Instance attributes: ThreadingMixIn looks both up on self, so only this server is counted.
        server.process_request = process_request
        server.process_request_thread = process_request_thread

    def _done(self) -> None:
        with self.changed:
            self.count -= 1
            self.changed.notify_all()

    def _waiting_to_be_accepted(self) -> bool:
        """A connection the client has opened but the server has not yet accepted: a request on its way."""
        readable, _, _ = select.select([self.server.socket], [], [], 0)
        return bool(readable)

    def wait_until_idle(self, timeout: float = 15.0) -> bool:
        """True once no request runs and none waits to be accepted; False if that has not happened in `timeout`."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while self.count or self._waiting_to_be_accepted():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                # Short: an arriving connection is seen by polling the socket, nothing notifies it.
                self.changed.wait(min(left, 0.05))
        return True
