"""The minors API (issue #14): the child's case read with everything on it and its next dates, opened and changed,
placements, representatives, the report, the decision at 18, closing, visits and tracing; the list by next date and
the placement days. What the answers contain, the Swedish 422s at the field, 404 for whoever does not see the case
(alice sees the child but not section SOCIAL, charlie nothing), 403 for opening without being social services, 409
for a second report."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from etablera.access.models import AuditEvent
from etablera.minors import services
from etablera.minors.models import ChildCase, FollowUpVisit, Guardian, Placement, TracingRequest
from etablera.minors.tests.conftest import received_child
from etablera.people.models import Person, ProtectedIdentity
from etablera.testing.api_client import messages


@pytest.fixture
def placement(sigrid, case, today):
    start = today - dt.timedelta(days=5)
    return services.add_placement(
        sigrid,
        case,
        kind="HVB",
        provider="HVB Solrosen",
        decided_on=start,
        starts_on=start,
        cost_per_day="2450",
    )


def _url(child, tail: str = "") -> str:
    return f"/persons/{child.public_id}/child-case{tail}"


def test_the_childs_case_with_everything_on_it(api, sigrid, child, case, placement, received, family, today):
    services.add_guardian(sigrid, case, kind="GOOD_MAN", name="Gustav Godman", appointed_on=today)
    services.record_visit(sigrid, case, visited_on=today, note="Trivs", placement=placement)
    services.record_tracing(sigrid, case, requested_on=today, via="Röda korset")
    services.link_relative(sigrid, case, household=family, relation="Moster", noted_on=today)

    answer = api(sigrid).get(_url(child))
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["person"]["public_id"] == str(child.public_id) and body["age"] == 16
    assert body["person"]["protected_identity"] is False
    facts = body["case"]
    assert facts["public_id"] == str(case.public_id) and facts["person"] == str(child.public_id)
    assert (facts["status"], facts["asylum_status"], facts["municipality"]) == ("OPEN", "SEEKING", "0480")
    assert facts["arrived_on"] == (today - dt.timedelta(days=10)).isoformat()
    assert facts["report_sent_on"] is None and facts["after_18"] == "UNDECIDED"
    assert body["may_write"] is True
    [shown] = body["placements"]
    assert shown["public_id"] == str(placement.public_id) and shown["kind"] == "HVB"
    assert shown["provider"] == "HVB Solrosen" and float(shown["cost_per_day"]) == 2450
    assert body["running_placement"] == str(placement.public_id)
    assert [(g["kind"], g["name"]) for g in body["guardians"]] == [("GOOD_MAN", "Gustav Godman")]
    assert [(v["note"], v["placement"]) for v in body["visits"]] == [("Trivs", str(placement.public_id))]
    assert [(t["via"], t["outcome"]) for t in body["tracing"]] == [("Röda korset", "PENDING")]
    assert body["relatives"] == [
        {"household": str(family.public_id), "relation": "Moster", "noted_on": today.isoformat()}
    ]
    dates = body["next_dates"]
    assert {d["kind"] for d in dates} == {"REPORT", "ADULT", "END_21", "VISIT"}
    assert [d["date"] for d in dates] == sorted(d["date"] for d in dates)  # earliest first
    report = next(d for d in dates if d["kind"] == "REPORT")
    assert report["title"] == "Anmälan om fortsatt ansvar till Migrationsverket senast"
    assert "18-årsdagen" in report["explanation"] and report["source"] and report["status"]
    if child.identity_number:
        assert child.identity_number not in answer.content.decode()
    assert AuditEvent.objects.filter(actor=sigrid, action="VIEW", person_public_id=child.public_id).exists()


def test_who_does_not_see_the_case_gets_404(api, alice, charlie, child, case, placement, today):
    """alice (reception) sees the child but not section SOCIAL: the case is not hers to know of, reading or
    writing; charlie sees nothing of Nyköping's."""
    day = today.isoformat()
    guardian = Guardian.objects.create(case=case, kind="GOOD_MAN", name="G", appointed_on=today)
    for user in (alice, charlie):
        client = api(user)
        assert client.get(_url(child)).status_code == 404
        assert client.patch(_url(child), {"arrived_on": day}).status_code == 404
        assert client.post(_url(child, "/report-sent"), {"sent_on": day}).status_code == 404
        assert (
            client.post(_url(child, "/after-18"), {"decision": "KEEP", "decided_on": day}).status_code == 404
        )
        assert client.post(_url(child, "/close"), {"closed_on": day, "reason": "x"}).status_code == 404
        assert client.post(_url(child, "/visits"), {"visited_on": day}).status_code == 404
        assert client.post(_url(child, "/tracing"), {"requested_on": day, "via": "RK"}).status_code == 404
        assert (
            client.post(
                f"/child-placements/{placement.public_id}/end", {"ends_on": day, "end_reason": "PLANNED"}
            ).status_code
            == 404
        )
        assert (
            client.post(
                f"/child-guardians/{guardian.public_id}/end", {"ended_on": day, "end_reason": "OTHER"}
            ).status_code
            == 404
        )
    case.refresh_from_db()
    assert case.report_sent_on is None and not FollowUpVisit.objects.exists()


def test_open_a_case(api, sigrid, alice, charlie, nykoping, today):
    person = received_child(alice, nykoping, today, age=15, reference="MIG-2026-000901")
    url = _url(person)
    body = {
        "asylum_status": "SEEKING",
        "arrived_on": (today - dt.timedelta(days=3)).isoformat(),
        "arrival_municipality": "0381",
        "residing_municipality": "0480",
        "investigation_started_on": today.isoformat(),
    }
    assert api(charlie).post(url, body).status_code == 404
    refused = api(alice).post(url, body)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Barnärendet hanteras av socialtjänsten i den ansvariga kommunen."
    unknown = api(sigrid).post(url, {**body, "assigned_municipality": "9999"})
    assert unknown.status_code == 422
    assert messages(unknown) == {
        ("body", "assigned_municipality"): "Okänd kommunkod: ange fyra siffror, t.ex. 0480."
    }
    assert not ChildCase.objects.exists()

    answer = api(sigrid).post(url, body)
    assert answer.status_code == 201, answer.content
    opened = answer.json()
    assert opened["person"] == str(person.public_id) and opened["status"] == "OPEN"
    assert (opened["municipality"], opened["arrival_municipality"], opened["assigned_municipality"]) == (
        "0480",
        "0381",
        None,
    )
    assert opened["investigation_started_on"] == today.isoformat()
    assert ChildCase.objects.get().public_id.hex == opened["public_id"].replace("-", "")
    again = api(sigrid).post(url, body)
    assert again.status_code == 422 and messages(again) == {
        ("body", "person"): "Personen har redan ett barnärende."
    }


def test_open_refuses_with_swedish_messages_at_the_fields(api, sigrid, alice, nykoping, today):
    person = received_child(alice, nykoping, today, reference="MIG-2026-000902")
    answer = api(sigrid).post(
        _url(person),
        {
            "asylum_status": "MAYBE",
            "arrived_on": (today + dt.timedelta(days=1)).isoformat(),
            "investigation_decided_on": today.isoformat(),
        },
    )
    assert answer.status_code == 422
    assert messages(answer) == {
        ("body", "asylum_status"): "Välj asylstatus.",
        ("body", "arrived_on"): "Datumet kan inte ligga i framtiden.",
        ("body", "investigation_started_on"): "Ange när utredningen inleddes.",
    }
    wrong = api(sigrid).post(_url(person), {"arrived_on": "igår", "arrival_municipality": "04800"})
    assert wrong.status_code == 422
    assert messages(wrong) == {
        ("body", "body", "arrived_on"): "Ange ett datum som ÅÅÅÅ-MM-DD.",
        ("body", "body", "arrival_municipality"): "Texten får ha högst 4 tecken.",
    }


def test_change_only_the_facts_given(api, sigrid, child, case, today):
    started = (today - dt.timedelta(days=2)).isoformat()
    answer = api(sigrid).patch(
        _url(child), {"investigation_started_on": started, "residing_municipality": "0381"}
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["investigation_started_on"] == started and body["residing_municipality"] == "0381"
    assert (
        body["asylum_status"] == "SEEKING"
        and body["arrived_on"] == (today - dt.timedelta(days=10)).isoformat()
    )
    cleared = api(sigrid).patch(_url(child), {"residing_municipality": None}).json()
    assert cleared["residing_municipality"] is None and cleared["investigation_started_on"] == started
    early = (today - dt.timedelta(days=5)).isoformat()
    refused = api(sigrid).patch(_url(child), {"investigation_decided_on": early})
    assert refused.status_code == 422
    assert messages(refused) == {
        ("body", "investigation_decided_on"): "Beslutet kan inte vara före utredningens start."
    }
    unknown = api(sigrid).patch(_url(child), {"arrival_municipality": "0000"})
    assert messages(unknown) == {
        ("body", "arrival_municipality"): "Okänd kommunkod: ange fyra siffror, t.ex. 0480."
    }
    null_status = api(sigrid).patch(_url(child), {"asylum_status": None})
    assert null_status.status_code == 422
    case.refresh_from_db()
    assert case.asylum_status == "SEEKING" and case.investigation_decided_on is None


def test_placements_added_and_ended(api, sigrid, child, case, today):
    client = api(sigrid)
    start = (today - dt.timedelta(days=30)).isoformat()
    body = {
        "kind": "FAMILY_HOME",
        "provider": "Familjen Ek",
        "decided_on": start,
        "starts_on": start,
        "cost_per_day": 1200,
    }
    answer = client.post(_url(child, "/placements"), body)
    assert answer.status_code == 201, answer.content
    made = answer.json()
    assert (made["kind"], made["provider"], made["starts_on"], made["ends_on"]) == (
        "FAMILY_HOME",
        "Familjen Ek",
        start,
        None,
    )
    assert float(made["cost_per_day"]) == 1200 and made["end_reason"] == ""
    overlap = client.post(_url(child, "/placements"), {**body, "provider": "HVB Björken"})
    assert (
        overlap.status_code == 422
        and "överlappar familjehem hos Familjen Ek" in messages(overlap)[("body", "starts_on")]
    )
    bad = client.post(_url(child, "/placements"), {**body, "kind": "TENT", "cost_per_day": -5})
    assert messages(bad) == {
        ("body", "kind"): "Välj placeringsform.",
        ("body", "cost_per_day"): "Kostnaden per dygn ska vara från 0 till 100 000 kronor.",
    }
    too_long = client.post(_url(child, "/placements"), {**body, "provider": "x" * 201})
    assert too_long.status_code == 422
    assert messages(too_long) == {("body", "body", "provider"): "Texten får ha högst 200 tecken."}

    end = f"/child-placements/{made['public_id']}/end"
    ended = client.post(end, {"ends_on": today.isoformat(), "end_reason": "PLANNED"})
    assert ended.status_code == 200 and ended.json()["ends_on"] == today.isoformat()
    assert ended.json()["end_reason"] == "PLANNED"
    again = client.post(end, {"ends_on": today.isoformat(), "end_reason": "PLANNED"})
    assert again.status_code == 409 and again.json()["detail"] == f"Placeringen är redan avslutad {today}."
    assert Placement.objects.count() == 1


def test_guardians_added_and_ended(api, sigrid, child, case, today):
    client = api(sigrid)
    answer = client.post(
        _url(child, "/guardians"),
        {
            "kind": "GOOD_MAN",
            "name": "Gunnel Godman",
            "phone": "070-1234567",
            "appointed_on": today.isoformat(),
        },
    )
    assert answer.status_code == 201, answer.content
    made = answer.json()
    assert (made["kind"], made["name"], made["phone"], made["ended_on"]) == (
        "GOOD_MAN",
        "Gunnel Godman",
        "070-1234567",
        None,
    )
    bad = client.post(_url(child, "/guardians"), {"kind": "UNCLE", "name": " ", "email": "inte-en-adress"})
    assert messages(bad) == {
        ("body", "kind"): "Välj god man eller särskilt förordnad vårdnadshavare.",
        ("body", "name"): "Ange namnet.",
        ("body", "appointed_on"): "Ange när ansökan gjordes eller när företrädaren förordnades.",
        ("body", "email"): "Ange en e-postadress, till exempel namn@exempel.se.",
    }
    end = f"/child-guardians/{made['public_id']}/end"
    ended = client.post(end, {"ended_on": today.isoformat(), "end_reason": "REPLACED"})
    assert ended.status_code == 200 and ended.json()["end_reason"] == "REPLACED"
    assert client.post(end, {"ended_on": today.isoformat(), "end_reason": "REPLACED"}).status_code == 409


def test_the_report_is_recorded_once(api, sigrid, child, case, today):
    client = api(sigrid)
    future = client.post(_url(child, "/report-sent"), {"sent_on": (today + dt.timedelta(days=1)).isoformat()})
    assert future.status_code == 422
    assert messages(future) == {("body", "sent_on"): "Datumet kan inte ligga i framtiden."}
    answer = client.post(_url(child, "/report-sent"), {"sent_on": today.isoformat()})
    assert answer.status_code == 200 and answer.json()["report_sent_on"] == today.isoformat()
    second = client.post(_url(child, "/report-sent"), {"sent_on": today.isoformat()})
    assert second.status_code == 409
    assert second.json()["detail"] == f"Anmälan är redan registrerad som skickad {today}."
    kinds = [d["kind"] for d in client.get(_url(child)).json()["next_dates"]]
    assert "REPORT" not in kinds


def test_the_decision_at_18_and_closing(api, sigrid, child, case, placement, today):
    client = api(sigrid)
    day = today.isoformat()
    bad = client.post(_url(child, "/after-18"), {"decision": "MAYBE", "decided_on": day})
    assert messages(bad) == {("body", "decision"): "Välj beslut."}
    decided = client.post(_url(child, "/after-18"), {"decision": "KEEP", "decided_on": day})
    assert decided.status_code == 200
    assert (decided.json()["after_18"], decided.json()["after_18_decided_on"]) == ("KEEP", day)
    assert client.post(_url(child, "/after-18"), {"decision": "RETURN", "decided_on": day}).status_code == 409

    running = client.post(_url(child, "/close"), {"closed_on": day, "reason": "Flyttat"})
    assert messages(running) == {("body", "closed_on"): "En placering pågår: avsluta den först."}
    too_long = client.post(_url(child, "/close"), {"closed_on": day, "reason": "x" * 201})
    assert messages(too_long) == {("body", "body", "reason"): "Texten får ha högst 200 tecken."}
    services.end_placement(sigrid, placement, ends_on=today, reason="PLANNED")
    closed = client.post(_url(child, "/close"), {"closed_on": day, "reason": "Flyttat till egen bostad"})
    assert closed.status_code == 200, closed.content
    assert (closed.json()["status"], closed.json()["closed_on"], closed.json()["closed_reason"]) == (
        "CLOSED",
        day,
        "Flyttat till egen bostad",
    )
    again = client.post(_url(child, "/close"), {"closed_on": day, "reason": "Igen"})
    assert again.status_code == 409 and again.json()["detail"] == f"Barnärendet avslutades redan {today}."


def test_visits_and_tracing(api, sigrid, child, case, placement, today):
    client = api(sigrid)
    day = today.isoformat()
    visit = client.post(
        _url(child, "/visits"), {"visited_on": day, "note": "Bra", "placement": str(placement.public_id)}
    )
    assert visit.status_code == 201, visit.content
    assert (visit.json()["visited_on"], visit.json()["note"], visit.json()["placement"]) == (
        day,
        "Bra",
        str(placement.public_id),
    )
    other = client.post(_url(child, "/visits"), {"visited_on": day, "placement": str(case.public_id)})
    assert messages(other) == {("body", "placement"): "Placeringen finns inte i barnets ärende."}
    long_note = client.post(_url(child, "/visits"), {"visited_on": day, "note": "x" * 2001})
    assert messages(long_note) == {("body", "body", "note"): "Texten får ha högst 2000 tecken."}

    tracing = client.post(
        _url(child, "/tracing"), {"requested_on": day, "via": "Röda korset", "note": "Mamma"}
    )
    assert tracing.status_code == 201, tracing.content
    assert (tracing.json()["via"], tracing.json()["outcome"], tracing.json()["note"]) == (
        "Röda korset",
        "PENDING",
        "Mamma",
    )
    empty = client.post(_url(child, "/tracing"), {"requested_on": day, "via": "  "})
    assert messages(empty) == {("body", "via"): "Ange genom vem, till exempel Röda korset."}
    assert FollowUpVisit.objects.count() == 1 and TracingRequest.objects.count() == 1


def test_the_list_by_next_date(api, sigrid, alice, charlie, nykoping, child, case, placement, today):
    older = received_child(alice, nykoping, today, age=17, reference="MIG-2026-000903")
    services.open_case(sigrid, older, asylum_status="SEEKING")
    Person.objects.filter(pk=child.pk).update(protected_identity=ProtectedIdentity.CONFIDENTIALITY_MARKING)
    answer = api(sigrid).get("/minors", {"municipality": "0480"})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["count"] == 2
    first, second = body["items"]
    assert first["person"]["public_id"] == str(older.public_id) and first["age"] == 17
    assert first["placement_kind"] is None and first["next_date"]["kind"] == "REPORT"
    assert first["next_date"]["title"] == "Anmälan om fortsatt ansvar till Migrationsverket senast"
    assert second["case"] == str(case.public_id) and second["placement_kind"] == "HVB"
    assert second["person"]["protected_identity"] is True
    assert AuditEvent.objects.filter(actor=sigrid, action="LIST", person_public_id=older.public_id).exists()
    paged = api(sigrid).get("/minors", {"municipality": "0480", "limit": 1, "offset": 1}).json()
    assert paged["count"] == 2 and [i["case"] for i in paged["items"]] == [str(case.public_id)]
    for user in (alice, charlie):
        assert api(user).get("/minors", {"municipality": "0480"}).status_code == 403
    assert api(sigrid).get("/minors", {"municipality": "0381"}).status_code == 403
    assert api(sigrid).get("/minors", {"municipality": "04800"}).status_code == 422


def test_placement_days_for_the_state_compensation(api, sigrid, alice, charlie, child, case, today):
    first = today.replace(day=1)
    start = first - dt.timedelta(days=3)
    services.add_placement(
        sigrid,
        case,
        kind="HVB",
        provider="HVB Solrosen",
        decided_on=start,
        starts_on=start,
        cost_per_day="2000",
    )
    month = f"{first:%Y-%m}"
    answer = api(sigrid).get("/minors/placement-days", {"municipality": "0480", "month": month})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["municipality"] == "0480" and body["month"] == month
    [row] = body["rows"]
    assert row["person_id"] == str(child.public_id) and row["case_id"] == str(case.public_id)
    assert row["month"] == month and row["kind"] == "HVB" and row["days"] >= today.day
    assert float(row["cost"]) == row["days"] * 2000
    assert body["total_days"] == row["days"] and float(body["total_cost"]) == float(row["cost"])
    assert AuditEvent.objects.filter(actor=sigrid, action="LIST", person_public_id=child.public_id).exists()
    before = f"{first.year - 1}-01"
    assert (
        api(sigrid).get("/minors/placement-days", {"municipality": "0480", "month": before}).json()["rows"]
        == []
    )
    for user in (alice, charlie):
        assert (
            api(user).get("/minors/placement-days", {"municipality": "0480", "month": month}).status_code
            == 403
        )
    wrong = api(sigrid).get("/minors/placement-days", {"municipality": "0480", "month": "2026-13"})
    assert wrong.status_code == 422
    assert messages(wrong) == {("query", "month"): "Ange månaden som ÅÅÅÅ-MM, t.ex. 2026-12."}
    for far in ("9999-12", "0000-01"):
        assert (
            api(sigrid).get("/minors/placement-days", {"municipality": "0480", "month": far}).status_code
            == 422
        )
    shape = api(sigrid).get("/minors/placement-days", {"municipality": "0480", "month": "december"})
    assert shape.status_code == 422 and ("query", "month") in messages(shape)


def test_the_list_and_the_placement_days_cost_the_same_for_one_child_and_many(
    api, sigrid, alice, nykoping, child, case, placement, today
):
    client = api(sigrid)
    month = {"municipality": "0480", "month": f"{today:%Y-%m}"}

    def cost() -> tuple[int, int]:
        counts = []
        for path, params in (("/minors", {"municipality": "0480"}), ("/minors/placement-days", month)):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path, params).status_code == 200
            counts.append(len(queries))
        return tuple(counts)

    cost()  # the token's and the capabilities' first reads
    one = cost()
    for n in range(3):
        other = received_child(alice, nykoping, today, age=15, reference=f"MIG-2026-00095{n}")
        other_case = services.open_case(sigrid, other, asylum_status="SEEKING")
        services.add_placement(
            sigrid,
            other_case,
            kind="HVB",
            provider="HVB",
            decided_on=today,
            starts_on=today,
            cost_per_day=100,
        )
    assert cost() == one
