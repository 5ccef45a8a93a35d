"""The claims API (issue #15): the list with its filters and paging, a claim registered, read and moved a step; 409
for a step from the wrong status, 422 with Swedish messages at the fields, 404 for another municipality's claim,
403 for readers; no names, a household only for who sees it; the same cost for one claim as for many."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from etablera.money.models import Claim
from etablera.money.services import claims as services
from etablera.money.tests.conftest import receive
from etablera.people.models import Category
from etablera.testing.api_client import messages

S = Claim.Status


def open_claim(actor, place, title, deadline, **extra):
    return services.open_claim(actor, place, extra.pop("kind", Claim.Kind.OTHER), title, deadline, **extra)


@pytest.fixture
def claims(olof, nykoping, enkoping, charlie, today):
    made = {
        "overdue": open_claim(olof, nykoping, "Försenad ansökan", today - dt.timedelta(days=2)),
        "soon": open_claim(olof, nykoping, "Snart dags", today + dt.timedelta(days=5), kind="HEALTH_CARE"),
        "later": open_claim(olof, nykoping, "Till hösten", today + dt.timedelta(days=150)),
        "enkoping": open_claim(charlie, enkoping, "Enköpings ansökan", today + dt.timedelta(days=5)),
    }
    return made


def titles(answer) -> list[str]:
    assert answer.status_code == 200, answer.content
    return [item["title"] for item in answer.json()["items"]]


def test_the_list_by_deadline_with_its_filters(api, alice, claims):
    client = api(alice)
    assert titles(client.get("/money/claims")) == ["Försenad ansökan", "Snart dags", "Till hösten"]
    assert titles(client.get("/money/claims", {"overdue": "true"})) == ["Försenad ansökan"]
    assert titles(client.get("/money/claims", {"overdue": "false"})) == ["Snart dags", "Till hösten"]
    assert titles(client.get("/money/claims", {"due_within_days": 30})) == ["Snart dags"]
    assert titles(client.get("/money/claims", {"kind": "HEALTH_CARE"})) == ["Snart dags"]
    assert titles(client.get("/money/claims", {"status": "APPLIED"})) == []
    assert titles(client.get("/money/claims", {"municipality": "0480", "limit": 1, "offset": 1})) == [
        "Snart dags"
    ]
    assert client.get("/money/claims", {"limit": 1}).json()["count"] == 3
    row = client.get("/money/claims").json()["items"][0]
    assert row["overdue"] is True and row["status"] == "TO_APPLY" and row["automatic"] is False
    assert row["deadline"]["rule"] == "money.manual" and "angavs för hand" in row["deadline"]["explanation"]
    assert row["municipality"] == "0480" and row["household"] is None


def test_unknown_filters_are_swedish_errors_at_the_query(api, alice, claims):
    answer = api(alice).get("/money/claims", {"status": "NOPE", "kind": "BONUS", "municipality": "0381"})
    assert answer.status_code == 422
    got = messages(answer)
    assert got[("query", "municipality")].startswith("Okänd kommunkod")
    answer = api(alice).get("/money/claims", {"status": "NOPE", "kind": "BONUS"})
    got = messages(answer)
    assert got[("query", "status")].startswith("Okänd status") and ("query", "kind") in got
    assert api(alice).get("/money/claims", {"due_within_days": 99999}).status_code == 422


def test_who_reads_the_list(api, bob, charlie, stina, claims):
    assert api(bob).get("/money/claims").status_code == 403
    assert titles(api(charlie).get("/money/claims")) == ["Enköpings ansökan"]
    # The statistics role reads the claims (figures, no names: the rule is a `figures` rule).
    assert "Enköpings ansökan" not in titles(api(stina).get("/money/claims"))
    assert titles(api(stina).get("/money/claims"))


def test_a_claim_registered_read_and_taken_to_paid(api, olof, today):
    client = api(olof)
    made = client.post(
        "/money/claims",
        {
            "municipality": "0480",
            "kind": "SPECIAL_COSTS",
            "title": "Särskilda kostnader 2026",
            "deadline": "2026-09-30",
            "period_start": "2026-01-01",
            "period_end": "2026-06-30",
            "amount_claimed": 120000,
        },
    )
    assert made.status_code == 201, made.content
    claim = made.json()
    assert claim["status"] == "TO_APPLY" and claim["deadline"]["date"] == "2026-09-30"
    url = f"/money/claims/{claim['id']}"
    assert client.get(url).json()["title"] == "Särskilda kostnader 2026"
    applied = client.post(
        f"{url}/status", {"status": "APPLIED", "applied_on": today.isoformat(), "reference": "M-1"}
    )
    assert applied.status_code == 200 and applied.json()["reference"] == "M-1"
    granted = client.post(
        f"{url}/status",
        {
            "status": "GRANTED",
            "decided_on": today.isoformat(),
            "amount_granted": 110000,
            "expected_status": "APPLIED",
        },
    )
    assert granted.status_code == 200 and granted.json()["amount_granted"] == 110000
    paid = client.post(f"{url}/status", {"status": "PAID", "paid_on": today.isoformat()})
    assert paid.json()["status"] == "PAID" and paid.json()["amount_claimed"] == 120000
    edited = client.post(f"{url}/status", {"status": "PAID", "note": "Bokförd"})
    assert edited.json()["note"] == "Bokförd" and edited.json()["paid_on"] == today.isoformat()


def test_a_step_from_the_wrong_status_is_409(api, olof, claims, today):
    client = api(olof)
    url = f"/money/claims/{claims['overdue'].pk}/status"
    answer = client.post(url, {"status": "PAID", "paid_on": today.isoformat()})
    assert answer.status_code == 409
    assert answer.json()["detail"].startswith(
        "Ansökan har status ”Att söka” och kan inte ändras till ”Utbetald”."
    )
    stale = client.post(
        url, {"status": "APPLIED", "applied_on": today.isoformat(), "expected_status": "GRANTED"}
    )
    assert stale.status_code == 409 and "Någon annan har ändrat ansökan" in stale.json()["detail"]
    assert Claim.objects.get(pk=claims["overdue"].pk).status == S.TO_APPLY


def test_bad_input_is_422_in_swedish_at_the_fields(api, olof, claims, today):
    client = api(olof)
    answer = client.post(
        "/money/claims",
        {
            "municipality": "0480",
            "kind": "BONUS",
            "title": " ",
            "deadline": "2026-09-30",
            "period_start": "2026-06-30",
            "period_end": "2026-01-01",
            "amount_claimed": 100_000_001,
        },
    )
    assert answer.status_code == 422
    assert messages(answer) == {
        ("body", "kind"): "Välj vilken ersättning ansökan gäller.",
        ("body", "title"): "Ange en benämning, till exempel vad och vilken period.",
        ("body", "period_end"): "Perioden kan inte sluta före den börjar.",
        ("body", "amount_claimed"): "Beloppet ska vara från 0 till 100 000 000 kronor.",
    }
    too_long = client.post(
        "/money/claims",
        {"municipality": "0480", "kind": "OTHER", "title": "x" * 201, "deadline": "2026-09-30"},
    )
    assert messages(too_long) == {
        ("body", "body", "title"): "Texten får ha högst 200 tecken."
    }  # the schema's
    unknown = client.post(
        "/money/claims", {"municipality": "9999", "kind": "OTHER", "title": "A", "deadline": "2026-09-30"}
    )
    assert messages(unknown) == {("body", "municipality"): "Okänd kommunkod: ange fyra siffror, t.ex. 0480."}
    step = client.post(f"/money/claims/{claims['overdue'].pk}/status", {"status": "APPLIED"})
    assert step.status_code == 422 and messages(step) == {
        ("body", "applied_on"): "Ange när ansökan skickades."
    }
    odd = client.post(
        f"/money/claims/{claims['overdue'].pk}/status", {"status": "APPLIED", "expected_status": "X"}
    )
    assert messages(odd) == {("body", "expected_status"): "Okänd status."}
    assert Claim.objects.count() == 4


def test_another_municipalitys_claim_is_404_and_a_reader_is_403(api, charlie, stina, bob, claims, today):
    nykoping_claim = claims["overdue"].pk
    assert api(charlie).get(f"/money/claims/{nykoping_claim}").status_code == 404
    step = {"status": "APPLIED", "applied_on": today.isoformat()}
    assert api(charlie).post(f"/money/claims/{nykoping_claim}/status", step).status_code == 404
    assert api(charlie).get("/money/claims/999999").status_code == 404
    assert api(stina).post(f"/money/claims/{nykoping_claim}/status", step).status_code == 403
    assert api(bob).post(f"/money/claims/{nykoping_claim}/status", step).status_code == 403
    assert api(bob).get(f"/money/claims/{nykoping_claim}").status_code == 404
    body = {"municipality": "0480", "kind": "OTHER", "title": "Försök", "deadline": "2026-09-30"}
    for user in (charlie, stina, bob):
        assert api(user).post("/money/claims", body).status_code == 403
    assert Claim.objects.get(pk=nykoping_claim).status == S.TO_APPLY and Claim.objects.count() == 4


def test_a_household_only_for_who_sees_it_and_never_a_name(api, alice, olof, nykoping, today):
    adult = receive(dt.date(1985, 4, 2), today - dt.timedelta(days=30), category=Category.RESETTLED)
    household = adult.household_memberships.get().household
    (claim,) = services.open_foreseen_claims(nykoping, today, actor=olof)
    seen = api(alice).get(f"/money/claims/{claim.pk}")
    assert seen.json()["household"] == str(household.public_id) and seen.json()["automatic"] is True
    assert household.name not in seen.content.decode() and adult.last_name not in seen.content.decode()
    assert api(olof).get(f"/money/claims/{claim.pk}").json()["household"] is None
    made = api(alice).post(
        "/money/claims",
        {
            "municipality": "0480",
            "kind": "HEALTH_CARE",
            "title": "Vård",
            "deadline": "2026-09-30",
            "household": str(household.public_id),
        },
    )
    assert made.status_code == 201 and made.json()["household"] == str(household.public_id)
    hidden = api(olof).post(
        "/money/claims",
        {
            "municipality": "0480",
            "kind": "OTHER",
            "title": "Vård",
            "deadline": "2026-09-30",
            "household": str(household.public_id),
        },
    )
    assert messages(hidden) == {
        ("body", "household"): "Hushållet finns inte bland dem du har behörighet till."
    }


def test_the_list_costs_the_same_for_one_claim_as_for_many(api, alice, olof, nykoping, today):
    client = api(alice)
    receive(dt.date(1985, 4, 2), today - dt.timedelta(days=30), category=Category.RESETTLED)
    services.open_foreseen_claims(nykoping, today, actor=olof)
    client.get("/money/claims")

    def cost():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/money/claims", {"limit": 200}).status_code == 200
        return len(queries)

    one = cost()
    for n in range(12):
        open_claim(olof, nykoping, f"Ansökan {n}", today + dt.timedelta(days=n))
        receive(dt.date(1980, 1, 1), today - dt.timedelta(days=n + 1), category=Category.RESETTLED)
    services.open_foreseen_claims(nykoping, today, actor=olof)
    assert cost() == one <= 9
