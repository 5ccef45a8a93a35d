"""Placements and their offers: each value checked (SSYK, dates, hours), who may write, every state transition and
the refused wrong-state ones, and the accepted offer put in the person's week as a Participation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from etablera.access.models import AuditEvent
from etablera.activity.models import Participation, Placement, PlacementOffer
from etablera.activity.services import placements
from etablera.activity.tests.bank_fixtures import *  # noqa: F403
from etablera.organisation.models import Unit
from etablera.transitions import StateConflict


def _errors(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def _create(lars, employer, today, **overrides):
    values = {
        "title": "Lagerarbetare",
        "ssyk": "9333",
        "tasks": "Plocka och packa.",
        "starts_on": today,
        "ends_on": today + dt.timedelta(days=60),
        "hours_per_week": Decimal("20"),
    }
    values.update(overrides)
    return placements.create_placement(actor=lars, employer=employer, **values)


def test_it_creates_an_open_placement_of_the_labour_market_unit(lars, employer, units, today):
    placement = _create(lars, employer, today, languages="ar ti")
    assert placement.state == Placement.State.OPEN
    assert placement.unit == units[Unit.Function.LABOUR_MARKET] and placement.languages == ["ar", "ti"]
    assert AuditEvent.objects.filter(
        summary="Praktikplats tillagd", object_id=str(placement.public_id)
    ).exists()


@pytest.mark.parametrize(
    ("override", "field", "message"),
    [
        ({"ssyk": "123"}, "ssyk", "fyra siffror"),
        ({"ssyk": "ABCD"}, "ssyk", "fyra siffror"),
        ({"ssyk": ""}, "ssyk", "Ange yrke som SSYK-kod."),
        ({"hours_per_week": Decimal("45")}, "hours_per_week", "högst 40"),
        ({"hours_per_week": None}, "hours_per_week", "Ange timmar"),
        ({"ends_on": None}, "ends_on", "Ange slutdatum."),
        ({"starts_on": None}, "starts_on", "Ange startdatum."),
        ({"title": ""}, "title", "Ange praktikplatsens benämning."),
        ({"swedish_level": "PERFECT"}, "swedish_level", "Välj krav på svenska."),
    ],
)
def test_each_value_is_checked(lars, employer, today, override, field, message):
    errors = _errors(lambda: _create(lars, employer, today, **override))
    assert message in errors[field][0]


def test_the_end_may_not_come_before_the_start(lars, employer, today):
    errors = _errors(lambda: _create(lars, employer, today, ends_on=today - dt.timedelta(days=1)))
    assert errors["ends_on"] == ["Slutdatumet kan inte vara före startdatumet."]


def test_the_supervisor_must_be_the_employers(lars, employer, today, nykoping):
    from etablera.activity.services import employers

    other = employers.create_employer(
        actor=lars,
        municipality=nykoping,
        name="Annan AB",
        organisation_number=ORGNR_2,  # noqa: F405
    )
    stranger = employers.add_contact(actor=lars, employer=other, name="Ola", email="ola@exempel.se")
    errors = _errors(lambda: _create(lars, employer, today, supervisor=stranger))
    assert "kontaktperson hos arbetsgivaren" in errors["supervisor"][0]


def test_only_the_labour_market_unit_and_administrators_create(alice, carol, employer, today):
    with pytest.raises(PermissionDenied):
        _create(alice, employer, today)
    assert _create(carol, employer, today).state == "OPEN"


def test_an_offer_makes_the_placement_offered_and_keeps_the_explanation(offered, placement, adult, alice):
    placement.refresh_from_db()
    assert placement.state == Placement.State.OFFERED
    assert (offered.person, offered.offered_by, offered.explanation) == (
        adult,
        alice,
        ["Har erfarenhet av bageri"],
    )


def test_a_second_offer_is_refused_with_who_offered(offered, placement, alice, received):
    other = received.household.members.exclude(pk=offered.person_id).order_by("birth_date").first()
    with pytest.raises(StateConflict, match="redan erbjudits av Alice"):
        placements.offer_placement(alice, placement, other)


def test_charlie_cannot_offer_nykopings_placement(charlie, placement, adult):
    with pytest.raises(PermissionDenied):
        placements.offer_placement(charlie, placement, adult)


def test_an_offer_to_a_person_not_seen_is_refused(lars, placement, nykoping):
    from etablera.testing.factories import PersonFactory

    stranger = PersonFactory(municipality=nykoping)  # no case, no plan: lars's unit is not involved
    with pytest.raises(PermissionDenied, match="personen"):
        placements.offer_placement(lars, placement, stranger)


def test_a_bad_explanation_is_refused(alice, placement, adult):
    errors = _errors(lambda: placements.offer_placement(alice, placement, adult, explanation=[{"x": 1}]))
    assert "lista med meddelanden" in errors["explanation"][0]


def test_accepting_fills_the_placement_and_records_it_in_the_week(offered, placement, alice, adult):
    placements.accept_offer(actor=alice, offer=offered)
    placement.refresh_from_db()
    assert (placement.state, placement.participant) == (Placement.State.FILLED, adult)
    participation = Participation.objects.get(placement=placement)
    assert participation.person == adult and participation.kind == Participation.Kind.PLACEMENT
    assert participation.hours_per_week == Decimal("30")
    assert (participation.starts_on, participation.ends_on) == (placement.starts_on, placement.ends_on)
    assert participation.unit_id == placement.unit_id
    assert AuditEvent.objects.filter(summary="Praktik inlagd i veckoplanen").count() == 1
    with pytest.raises(StateConflict, match="redan besvarat"):
        placements.decline_offer(actor=alice, offer=offered, reason="Ångrade sig")


def test_declining_needs_a_reason_and_opens_the_placement_again(offered, placement, alice):
    errors = _errors(lambda: placements.decline_offer(actor=alice, offer=offered, reason="  "))
    assert errors["decline_reason"] == ["Skriv varför personen tackade nej."]
    placements.decline_offer(actor=alice, offer=offered, reason="För lång resväg")
    offered.refresh_from_db()
    placement.refresh_from_db()
    assert (offered.status, offered.decline_reason) == (PlacementOffer.Status.DECLINED, "För lång resväg")
    assert placement.state == Placement.State.OPEN
    with pytest.raises(StateConflict, match="redan besvarat"):
        placements.accept_offer(actor=alice, offer=offered)


def test_withdrawing_the_offer_opens_the_placement(offered, placement, alice):
    placements.withdraw_offer(actor=alice, offer=offered)
    placement.refresh_from_db()
    offered.refresh_from_db()
    assert (offered.status, placement.state) == ("WITHDRAWN", "OPEN")


def test_the_employer_withdraws_an_offered_placement_and_its_offer(offered, placement, lars):
    placements.withdraw_placement(actor=lars, placement=placement)
    offered.refresh_from_db()
    assert (placement.state, offered.status) == ("WITHDRAWN", "WITHDRAWN")
    with pytest.raises(StateConflict, match="återtagen av arbetsgivaren: den kan inte återtas"):
        placements.withdraw_placement(actor=lars, placement=placement)


def test_a_filled_placement_ends_with_its_outcome_and_the_week_ends_too(
    offered, placement, alice, lars, today
):
    Placement.objects.filter(pk=placement.pk).update(starts_on=today - dt.timedelta(days=10))
    placement.refresh_from_db()
    with pytest.raises(StateConflict, match="bara en tillsatt"):
        placements.end_placement(actor=lars, placement=placement, outcome="EMPLOYMENT", ended_on=today)
    placements.accept_offer(actor=alice, offer=offered)
    with pytest.raises(StateConflict, match="kan inte återtas"):
        placements.withdraw_placement(actor=lars, placement=placement)
    with pytest.raises(PermissionDenied):
        placements.end_placement(actor=alice, placement=placement, outcome="EMPLOYMENT")
    errors = _errors(lambda: placements.end_placement(actor=lars, placement=placement, outcome="RICH"))
    assert "Välj vad praktiken ledde till" in errors["outcome"][0]
    errors = _errors(
        lambda: placements.end_placement(
            actor=lars, placement=placement, outcome="STUDIES", ended_on=today + dt.timedelta(days=1)
        )
    )
    assert "i förväg" in errors["ended_on"][0]
    placements.end_placement(actor=lars, placement=placement, outcome="EMPLOYMENT", ended_on=today)
    assert (placement.state, placement.outcome, placement.ended_on) == ("ENDED", "EMPLOYMENT", today)
    assert Participation.objects.get(placement=placement).ends_on == today
    with pytest.raises(StateConflict, match="avslutad: den kan inte avslutas"):
        placements.end_placement(actor=lars, placement=placement, outcome="NONE", ended_on=today)


def test_the_follow_up_is_for_filled_or_ended_placements(offered, placement, alice, lars, today):
    Placement.objects.filter(pk=placement.pk).update(starts_on=today - dt.timedelta(days=10))
    placement.refresh_from_db()
    with pytest.raises(StateConflict, match="följas upp"):
        placements.record_follow_up(actor=lars, placement=placement, text="Bra")
    placements.accept_offer(actor=alice, offer=offered)
    errors = _errors(lambda: placements.record_follow_up(actor=lars, placement=placement, text=""))
    assert errors["employer_follow_up"] == ["Skriv arbetsgivarens uppföljning."]
    errors = _errors(lambda: placements.record_follow_up(actor=lars, placement=placement, text="x" * 2001))
    assert errors["employer_follow_up"] == ["Högst 2000 tecken."]
    placements.record_follow_up(actor=lars, placement=placement, text="Fungerar bra, vill anställa.")
    assert (placement.employer_follow_up, placement.followed_up_on) == ("Fungerar bra, vill anställa.", today)
    assert AuditEvent.objects.filter(summary="Arbetsgivarens uppföljning").count() == 1


def test_an_open_placement_is_withdrawn_and_then_offered_to_no_one(lars, alice, placement, adult):
    with pytest.raises(PermissionDenied):
        placements.withdraw_placement(actor=alice, placement=placement)
    placements.withdraw_placement(actor=lars, placement=placement)
    assert Placement.objects.get(pk=placement.pk).state == Placement.State.WITHDRAWN
    with pytest.raises(StateConflict, match="bara en ledig praktikplats kan erbjudas"):
        placements.offer_placement(alice, placement, adult)
    assert AuditEvent.objects.filter(summary="Praktikplatsen återtagen av arbetsgivaren").count() == 1


def test_an_offer_is_withdrawn_once_and_logged(offered, alice):
    assert AuditEvent.objects.filter(
        summary="Praktikplats erbjuden", object_id=str(offered.public_id)
    ).exists()
    placements.withdraw_offer(actor=alice, offer=offered)
    with pytest.raises(StateConflict, match="redan besvarat"):
        placements.withdraw_offer(actor=alice, offer=offered)
