"""The claims pages (issue #15) per role: olof (controller) and alice (integration unit) keep the register; stina
(statistics) reads it and is refused every change; bob (SFI) has no money pages; charlie (Enköping) sees none of
Nyköping's claims. What the pages hold is checked — the overdue section first, no names, the household only as a
link for who sees it, the downloads — not only their status."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from etablera.access.models import AuditEvent
from etablera.money.models import Claim
from etablera.money.services import claims as services
from etablera.money.tests.conftest import receive
from etablera.organisation.models import Membership, Role
from etablera.people.models import Category

LIST = reverse("money_claims")
OVERVIEW = reverse("money_overview")
NEW = reverse("money_claim_new")
FORESEE = reverse("money_claims_open_foreseen")
S = Claim.Status


def open_claim(actor, place, title, deadline, **extra):
    kind = extra.pop("kind", Claim.Kind.SPECIAL_COSTS)
    return services.open_claim(actor, place, kind, title, deadline, **extra)


def detail(claim) -> str:
    return reverse("money_claim_detail", args=[claim.pk])


def new_claim(**changes) -> dict:
    data = {
        "kind": "HEALTH_CARE",
        "title": "Vårdkostnader första halvåret",
        "deadline": "2026-06-30",
        "period_start": "2026-01-01",
        "period_end": "2026-06-30",
        "amount_claimed": "84000",
        "reference": "",
        "note": "",
    }
    data.update(changes)
    return data


def step(claim, status, **fields) -> dict:
    data = {"andra-expected_status": claim.status, "andra-status": status}
    data.update({f"andra-{name}": value for name, value in fields.items()})
    return data


@pytest.fixture
def claims(olof, nykoping, today):
    """Overdue (to apply, yesterday), due in ten days, applied though its day has passed, and far off."""
    made = {
        "overdue": open_claim(olof, nykoping, "Särskilda kostnader våren", today - dt.timedelta(days=1)),
        "soon": open_claim(olof, nykoping, "Hälso- och sjukvård mars", today + dt.timedelta(days=10)),
        "applied": open_claim(olof, nykoping, "Redan sökt ersättning", today - dt.timedelta(days=40)),
        "later": open_claim(olof, nykoping, "Annan ersättning till hösten", today + dt.timedelta(days=200)),
    }
    services.change_status(olof, made["applied"], S.APPLIED, applied_on=today - dt.timedelta(days=45))
    return made


def _section(text: str, heading: str, next_heading: str) -> str:
    return text[text.index(heading) : text.index(next_heading)]


def test_the_list_shows_the_overdue_first_then_the_soon_then_the_rest(signed_in, olof, claims):
    answer = signed_in(olof).get(LIST)
    assert answer.status_code == 200
    text = answer.content.decode()
    overdue = _section(text, "Försenade — ingen ansökan gjord</h2>", 'id="rubrik-snart"')
    soon = _section(text, 'id="rubrik-snart"', 'id="rubrik-ovriga"')
    rest = text[text.index('id="rubrik-ovriga"') :]
    assert "Särskilda kostnader våren" in overdue and "Försenad 1 dag" in overdue
    assert "Hälso- och sjukvård mars" in soon and "Att söka inom 30 dagar" in soon
    assert "Redan sökt ersättning" in rest and "Annan ersättning till hösten" in rest
    assert "Redan sökt ersättning" not in overdue  # applied: not overdue, though its day has passed
    assert "1 försenad ansökan" in text  # the badge
    assert "Varför detta datum?" in text and "angavs för hand" in text  # every deadline explains itself
    assert '<caption id="tabell-forsenade">' in text and '<th scope="row">' in text


def test_the_filters_narrow_the_list(signed_in, olof, claims):
    client = signed_in(olof)
    text = client.get(LIST, {"status": "APPLIED"}).content.decode()
    assert "Redan sökt ersättning" in text and "Särskilda kostnader våren" not in text
    text = client.get(LIST, {"inom": "15"}).content.decode()
    assert "Hälso- och sjukvård mars" in text and "Annan ersättning till hösten" not in text
    assert "Att söka inom 15 dagar" in text
    bad = client.get(LIST, {"inom": "abc", "status": "NOPE"})
    assert (
        bad.status_code == 200 and "error-summary" in bad.content.decode()
    )  # the filter's errors, all listed


def test_a_household_is_a_link_only_for_who_sees_it_and_no_name_is_shown(
    signed_in, olof, alice, nykoping, today
):
    adult = receive(dt.date(1985, 4, 2), today - dt.timedelta(days=30), category=Category.RESETTLED)
    household = adult.household_memberships.get().household
    services.open_foreseen_claims(nykoping, today, actor=olof)
    link = reverse("household_detail", args=[household.public_id])
    seen = signed_in(alice).get(LIST).content.decode()
    assert link in seen and household.name not in seen and adult.last_name not in seen
    assert AuditEvent.objects.filter(
        actor=alice, action=AuditEvent.Action.LIST, household_public_id=household.public_id
    ).exists()
    # The controller's unit is not involved in the household: the claim, without the link.
    unseen = signed_in(olof).get(LIST).content.decode()
    assert "Initiala kostnader för vidarebosatta" in unseen and link not in unseen
    assert household.name not in unseen


def test_the_downloads_hold_the_list_defused_and_are_logged(signed_in, olof, nykoping, claims, today):
    open_claim(olof, nykoping, '=HYPERLINK("http://x","Klicka")', today + dt.timedelta(days=3))
    client = signed_in(olof)
    csv = client.get(LIST, {"format": "csv"})
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    body = csv.content.decode("utf-8-sig")
    assert "Särskilda kostnader våren" in body and "Redan sökt ersättning" in body
    assert "'=HYPERLINK" in body and "\n=HYPERLINK" not in body and ",=HYPERLINK" not in body
    assert "Sök senast" in body and (today - dt.timedelta(days=1)).isoformat() in body
    narrowed = client.get(LIST, {"format": "csv", "status": "APPLIED"}).content.decode("utf-8-sig")
    assert "Redan sökt ersättning" in narrowed and "Särskilda kostnader våren" not in narrowed
    excel = client.get(LIST, {"format": "xlsx"})
    assert excel.status_code == 200 and "spreadsheetml" in excel["Content-Type"]
    assert excel.content[:2] == b"PK"
    assert (
        AuditEvent.objects.filter(actor=olof, action=AuditEvent.Action.EXPORT, object_type="Claim").count()
        == 3
    )


@pytest.mark.parametrize("keeper", ["olof", "alice"])
def test_the_keepers_register_a_claim_and_take_it_a_step(request, signed_in, keeper, today):
    user = request.getfixturevalue(keeper)
    client = signed_in(user)
    assert client.get(NEW).status_code == 200
    answer = client.post(NEW, new_claim())
    claim = Claim.objects.get()
    assert answer.status_code == 302 and answer["Location"] == detail(claim)
    assert (claim.kind, claim.amount_claimed, claim.period_end) == (
        "HEALTH_CARE",
        84000,
        dt.date(2026, 6, 30),
    )
    page = client.get(detail(claim)).content.decode()
    assert "Vårdkostnader första halvåret" in page and "Nästa steg" in page
    moved = client.post(
        detail(claim), step(claim, "APPLIED", applied_on=today.isoformat(), reference="MIG-9")
    )
    assert moved.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.applied_on, claim.reference) == (S.APPLIED, today, "MIG-9")


def test_stina_reads_the_list_but_every_change_is_refused(signed_in, stina, olof, claims, today):
    client = signed_in(stina)
    assert client.get(LIST).status_code == 200
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, new_claim()).status_code == 403
    claim = claims["overdue"]
    assert client.post(detail(claim), step(claim, "APPLIED", applied_on=today.isoformat())).status_code == 403
    assert client.post(FORESEE).status_code == 403
    assert Claim.objects.get(pk=claim.pk).status == S.TO_APPLY and Claim.objects.count() == 4


def test_stina_sees_nykopings_claims(signed_in, stina, claims):
    assert "Särskilda kostnader våren" in signed_in(stina).get(LIST).content.decode()


def test_bob_has_no_money_pages(signed_in, bob, claims, today):
    client = signed_in(bob)
    claim = claims["overdue"]
    for answer in (
        client.get(LIST),
        client.get(NEW),
        client.get(detail(claim)),
        client.post(detail(claim), step(claim, "APPLIED", applied_on=today.isoformat())),
        client.post(FORESEE),
    ):
        assert answer.status_code == 403


def test_charlie_sees_none_of_nykopings_claims(signed_in, charlie, claims, today):
    client = signed_in(charlie)
    answer = client.get(LIST)
    assert answer.status_code == 200
    text = answer.content.decode()
    assert not any(claim.title in text for claim in claims.values())
    claim = claims["overdue"]
    assert client.get(detail(claim)).status_code == 404
    assert client.post(detail(claim), step(claim, "APPLIED", applied_on=today.isoformat())).status_code == 404
    assert "Särskilda kostnader våren" not in client.get(LIST, {"format": "csv"}).content.decode("utf-8-sig")
    assert Claim.objects.get(pk=claim.pk).status == S.TO_APPLY


def test_the_overview_badge_counts_only_the_municipality_it_shows(
    signed_in, olof, charlie, claims, enkoping, enkoping_reception, today
):
    # Olof keeps the money of Enköping too: its two overdue claims are Enköping's badge, not Nyköping's.
    Membership.objects.create(user=olof, unit=enkoping_reception, role=Role.CASEWORKER)
    for title in ("Enköpings särskilda kostnader", "Enköpings vårdkostnader"):
        open_claim(charlie, enkoping, title, today - dt.timedelta(days=3))
    client = signed_in(olof)
    badge = '<span class="badge badge--overdue">{}</span>'
    nykoping_page = client.get(OVERVIEW, {"kommun": "0480"}).content.decode()
    assert badge.format("1 försenad") in nykoping_page and "2 försenade" not in nykoping_page
    enkoping_page = client.get(OVERVIEW, {"kommun": "0381"}).content.decode()
    assert badge.format("2 försenade") in enkoping_page and "1 försenad<" not in enkoping_page
    # The register's own badge still counts every municipality the user keeps.
    assert "3 försenade ansökningar" in client.get(LIST).content.decode()


def test_an_oversized_title_is_a_swedish_error_at_the_field_and_nothing_is_saved(signed_in, olof):
    answer = signed_in(olof).post(NEW, new_claim(title="x" * 201, amount_claimed="100000001"))
    assert answer.status_code == 422
    text = answer.content.decode()
    assert "Säkerställ att detta värde har som mest 200 tecken (den har 201)." in text
    assert 'id="error-summary"' in text and 'href="#id_title"' in text
    assert not Claim.objects.exists()
    # The form's own check passed, the service's did not: its Swedish message at the amount.
    answer = signed_in(olof).post(NEW, new_claim(amount_claimed="100000001", period_end="2025-01-01"))
    assert answer.status_code == 422
    text = answer.content.decode()
    assert "Beloppet ska vara från 0 till 100 000 000 kronor." in text
    assert "Perioden kan inte sluta före den börjar." in text and 'href="#id_amount_claimed"' in text
    assert not Claim.objects.exists()


def test_a_step_from_a_stale_page_or_the_wrong_status_is_shown_not_done(
    signed_in, olof, alice, claims, today
):
    claim = claims["overdue"]
    stale = step(claim, "APPLIED", applied_on=today.isoformat())
    assert signed_in(alice).post(detail(claim), stale).status_code == 302  # alice was first
    client = signed_in(olof)
    answer = client.post(detail(claim), stale, follow=True)
    assert "Någon annan har ändrat ansökan" in answer.content.decode()
    claim.refresh_from_db()
    wrong = client.post(detail(claim), step(claim, "PAID", paid_on=today.isoformat()))
    assert wrong.status_code == 422 and "Välj ett giltigt alternativ" in wrong.content.decode()
    missing = client.post(detail(claim), step(claim, "GRANTED", applied_on=today.isoformat()))
    assert missing.status_code == 422
    assert "Ange dagen för beslutet." in missing.content.decode()
    assert "Ange det beviljade beloppet." in missing.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == S.APPLIED


def test_the_button_opens_the_foreseen_claims_once(signed_in, olof, nykoping, today):
    receive(dt.date(1985, 4, 2), today - dt.timedelta(days=30), category=Category.RESETTLED)
    client = signed_in(olof)
    first = client.post(FORESEE, {"kommun": "0480"}, follow=True)
    assert "1 nya ansökningar att söka har öppnats i Nyköping" in first.content.decode()
    again = client.post(FORESEE, {"kommun": "0480"}, follow=True)
    assert "Inga nya ansökningar" in again.content.decode()
    assert Claim.objects.filter(kind=Claim.Kind.RESETTLED_INITIAL).count() == 1
    assert client.get(FORESEE).status_code == 405


def test_the_list_costs_the_same_for_one_claim_as_for_many(
    signed_in, alice, olof, nykoping, today, django_assert_max_num_queries
):
    client = signed_in(alice)
    adult = receive(dt.date(1985, 4, 2), today - dt.timedelta(days=30), category=Category.RESETTLED)
    services.open_foreseen_claims(nykoping, today, actor=olof)
    client.get(LIST)  # the session and the caches warm
    with django_assert_max_num_queries(12) as one:
        client.get(LIST)
    for n in range(15):
        open_claim(olof, nykoping, f"Ansökan {n}", today + dt.timedelta(days=n - 5))
        receive(dt.date(1980, 1, 1), today - dt.timedelta(days=n + 1), category=Category.RESETTLED)
    services.open_foreseen_claims(nykoping, today, actor=olof)
    with django_assert_max_num_queries(len(one.captured_queries)):
        answer = client.get(LIST)
    assert (
        answer.content.decode().count(
            reverse("household_detail", args=[adult.household_memberships.get().household.public_id])
        )
        == 1
    )
