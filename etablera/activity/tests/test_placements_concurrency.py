"""Two users offer the same placement at the same moment (PostgreSQL): one offer is made, the other is refused
with a StateConflict that says the placement was already offered — and two answers to one offer make one answer."""

from __future__ import annotations

from etablera.activity.models import Participation, Placement, PlacementOffer
from etablera.activity.services import placements
from etablera.activity.tests.bank_fixtures import *  # noqa: F403
from etablera.organisation.models import User
from etablera.testing.api_client import ApiClient
from etablera.testing.concurrency import CONCURRENT, at_once, while_locked
from etablera.transitions import StateConflict

pytestmark = CONCURRENT


def test_two_clients_offer_the_same_placement_at_once_and_one_wins(alice, carol, placement, received):
    first, second = received.household.members.order_by("birth_date", "pk")[:2]
    clients = [
        ApiClient(alice),
        ApiClient(carol),
    ]  # two real clients, each in a thread with its own connection

    def offer(client, person):
        return lambda: client.post(
            f"/placements/{placement.public_id}/offers", {"person": str(person.public_id)}
        )

    answers = at_once(offer(clients[0], first), offer(clients[1], second))
    codes = sorted(answer.status_code for answer in answers)
    assert codes == [201, 409], answers
    refused = next(answer for answer in answers if answer.status_code == 409)
    assert "redan erbjudits" in refused.json()["detail"]
    assert PlacementOffer.objects.filter(placement=placement).count() == 1
    assert Placement.objects.get(pk=placement.pk).state == "OFFERED"


def test_the_second_answer_waits_for_the_placements_lock_and_is_refused(alice, placement, adult):
    offer = placements.offer_placement(alice, placement, adult)

    def accept():
        return placements.accept_offer(
            actor=User.objects.get(pk=alice.pk),
            offer=PlacementOffer.objects.select_related("placement", "person").get(pk=offer.pk),
        )

    first, second, waited = while_locked(placement, accept, accept)
    assert waited, "the second answer did not wait for the lock on the placement"
    assert not isinstance(first, BaseException), first
    assert isinstance(second, StateConflict) and "redan besvarat" in second.detail
    assert Participation.objects.filter(placement=placement).count() == 1
