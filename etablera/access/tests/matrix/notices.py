"""The rows for messages to staff (issue #18): every signed-in person has their own notices, their count and their
choice (counts only of what they may see — notices/tests); the anonymous are sent to sign in."""

from __future__ import annotations

from etablera.access.tests.matrix.cases import Case, expect, page

OWN = expect(200, anonymous=302)

ROWS: list[Case] = [
    page("notices", lambda w: "/aviseringar/", OWN),
    page("notices_count", lambda w: "/aviseringar/antal/", OWN),
    page("notice_settings", lambda w: "/aviseringar/installningar/", OWN),
    page(
        "notice_settings",
        lambda w: "/aviseringar/installningar/",
        expect(302, anonymous=302),
        method="post",
        body=lambda w: {"frequency": "WEEKLY", "kinds": ["tasks_overdue"]},
    ),
]
