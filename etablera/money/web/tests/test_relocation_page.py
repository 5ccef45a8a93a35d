"""Recording a move to another municipality on the person's page (issue #15)."""

from __future__ import annotations

import datetime as dt

import pytest

from etablera.money.models import Relocation
from etablera.money.tests.conftest import receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(nykoping):
    return receive(dt.date(1990, 1, 1), dt.date(2024, 8, 10))


def test_the_reception_unit_records_a_move(signed_in, alice, person):
    url = f"/personer/{person.public_id}/flytt/"
    client = signed_in(alice)
    assert "Registrera en flytt" in client.get(url).content.decode()
    response = client.post(url, {"to_municipality": "0381", "moved_on": "2024-11-03"})
    assert response.status_code == 302
    move = Relocation.objects.get()
    assert move.to_municipality.code == "0381" and move.from_municipality.code == "0480"
    again = client.post(url, {"to_municipality": "0381", "moved_on": "2024-11-03"})
    assert again.status_code == 400 and "redan registrerad" in again.content.decode()
    assert "Enköping" in client.get(url).content.decode()


def test_bad_input_is_refused_at_the_field(signed_in, alice, person):
    response = signed_in(alice).post(
        f"/personer/{person.public_id}/flytt/", {"to_municipality": "9999", "moved_on": ""}
    )
    assert response.status_code == 400 and Relocation.objects.count() == 0


def test_who_may(signed_in, stina, bob, charlie, person):
    url = f"/personer/{person.public_id}/flytt/"
    assert signed_in(bob).get(url).status_code == 403
    assert signed_in(charlie).get(url).status_code == 404
    body = {"to_municipality": "0381", "moved_on": "2024-11-03"}
    assert signed_in(stina).post(url, body).status_code in (403, 404)
    assert Relocation.objects.count() == 0
