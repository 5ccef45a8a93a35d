"""The main menu's "Påminnelser" (/paminnelser/) for those who may see persons — the check the page makes
(access/guards.persons_required) — and not for the statistics role; from the capabilities the menu already has (no query of
its own: the pages' query guards, e.g. test_pages.test_the_outbox_costs_the_same_for_one_row_and_many)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db
LINK = 'href="/paminnelser/"'


def test_the_menu_links_to_the_outbox_for_a_user_who_sees_persons(client, alice):
    client.force_login(alice)
    page = client.get("/paminnelser/").content.decode()
    assert LINK in page and f'{LINK} aria-current="page"' in page and "Påminnelser" in page
    assert LINK in client.get("/", follow=True).content.decode()


def test_the_statistics_role_gets_no_link(client, stina):
    client.force_login(stina)
    assert LINK not in client.get("/", follow=True).content.decode()
    assert client.get("/paminnelser/").status_code == 302  # the page sends them to the overview
