"""The pot and the split of the schablon (issue #15): a year set up and its model that stays once used, applications
and their validation, decisions against the budget at its edge, reports, shares at 100.00 and 100.01 %, the amounts
rounded down and what is left "ej fördelat", the wrong states, who may write, the audit log, the year's summary as
each role reads it, and two grants against the last of the budget at once (PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from etablera.access.models import AuditEvent
from etablera.money import selectors_funding as selectors
from etablera.money.models import FundingYear, PotApplication, SplitShare
from etablera.money.services import funding as services
from etablera.organisation.models import Unit
from etablera.testing.concurrency import CONCURRENT, at_once, while_locked
from etablera.testing.factories import UnitFactory
from etablera.transitions import StateConflict

pytestmark = pytest.mark.django_db

S = PotApplication.Status
POT, SPLIT = FundingYear.Model.POT, FundingYear.Model.SPLIT
YEAR = 2025


def concurrent(test):
    for mark in reversed(CONCURRENT):
        test = mark(test)
    return test


def errors_of(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def conflict_of(call) -> str:
    with pytest.raises(StateConflict) as caught:
        call()
    return caught.value.detail


def year_of(actor, place, model=POT, budget=100_000, year=YEAR):
    return services.set_up_year(actor, municipality=place, year=year, model=model, budget=budget)


def applied(actor, funding_year, amount=30_000, **extra):
    values = {
        "applicant_name": "Föreningen Gemenskap",
        "purpose": "Läxhjälp och språkcafé för nyanlända",
        "amount_applied": amount,
        "period_start": dt.date(YEAR, 3, 1),
        "period_end": dt.date(YEAR, 12, 31),
    }
    values.update(extra)
    return services.apply(actor, funding_year=funding_year, **values)


def grant(actor, application, amount, **extra):
    return services.decide(actor, application, status=S.GRANTED, amount_granted=amount, **extra)


# --- the year --------------------------------------------------------------------------------------------------------


def test_a_year_is_set_up_once_and_then_changed(olof, nykoping):
    made = year_of(olof, nykoping, budget=500_000)
    assert (made.model, made.budget, made.created_by) == (POT, 500_000, olof)
    again = services.set_up_year(
        olof, municipality=nykoping, year=YEAR, model=POT, budget=650_000, note="KS beslut"
    )
    assert again.pk == made.pk and FundingYear.objects.count() == 1
    again.refresh_from_db()
    assert (again.budget, again.note) == (650_000, "KS beslut")
    events = AuditEvent.objects.filter(object_type="money.FundingYear", municipality_code="0480")
    assert list(events.order_by("at").values_list("action", flat=True)) == ["CREATE", "UPDATE"]
    assert events.order_by("at").last().changes["budget"] == [500_000, 650_000]


def test_the_budget_at_its_limits(olof, nykoping):
    assert year_of(olof, nykoping, budget=services.MAX_BUDGET).budget == 10_000_000_000
    got = errors_of(lambda: year_of(olof, nykoping, budget=services.MAX_BUDGET + 1, year=YEAR + 1))
    assert got["budget"] == ["Ange budgeten i hela kronor, från 0 till 10 000 000 000."]
    got = errors_of(lambda: year_of(olof, nykoping, budget=-1, year=YEAR + 1))
    assert "budget" in got
    got = errors_of(
        lambda: services.set_up_year(
            olof, municipality=nykoping, year=2015, model="BOTH", budget=1, note="x" * 2001
        )
    )
    assert got == {
        "year": ["Ange ett år från 2016 till 2100."],
        "model": ["Välj fördelningsmodell: central pott eller fast fördelning."],
        "note": ["Högst 2000 tecken."],
    }
    assert FundingYear.objects.count() == 1


def test_the_model_stays_once_the_year_has_applications_or_shares(olof, nykoping):
    pot = year_of(olof, nykoping)
    applied(olof, pot)
    detail = conflict_of(lambda: year_of(olof, nykoping, model=SPLIT))
    assert detail == (
        "Fördelningsmodellen kan inte ändras: 2025 har redan ansökningar ur potten. Budgeten och anteckningen kan "
        "ändras."
    )
    split = year_of(olof, nykoping, model=SPLIT, year=YEAR + 1)
    services.add_share(olof, funding_year=split, recipient_name="Skolan", percent="40")
    assert "har redan andelar" in conflict_of(lambda: year_of(olof, nykoping, model=POT, year=YEAR + 1))
    assert FundingYear.objects.get(pk=pot.pk).model == POT
    # Without either, the model may still change.
    empty = year_of(olof, nykoping, year=YEAR + 2)
    assert year_of(olof, nykoping, model=SPLIT, year=YEAR + 2).model == SPLIT and empty.pk


def test_the_budget_cannot_go_below_what_is_granted(olof, nykoping):
    pot = year_of(olof, nykoping, budget=100_000)
    grant(olof, applied(olof, pot, 60_000), 60_000)
    got = errors_of(lambda: year_of(olof, nykoping, budget=59_999))
    assert got == {"budget": ["Budgeten kan inte vara lägre än det som redan är beviljat: 60 000 kr."]}
    assert year_of(olof, nykoping, budget=60_000).budget == 60_000


def test_who_may_set_up_a_year(alice, carol, stina, bob, charlie, nykoping):
    assert year_of(alice, nykoping).budget == 100_000
    assert year_of(carol, nykoping, year=YEAR + 1)
    for reader in (stina, bob, charlie):
        with pytest.raises(PermissionDenied):
            year_of(reader, nykoping, year=YEAR + 2)


# --- the pot ---------------------------------------------------------------------------------------------------------


def test_an_application_from_a_unit_or_an_association(olof, nykoping, units):
    pot = year_of(olof, nykoping)
    school = UnitFactory(municipality=nykoping, name="Skolförvaltningen", function=Unit.Function.SCHOOL)
    by_unit = applied(olof, pot, applicant_unit=school.pk, applicant_name="")
    assert by_unit.applicant_unit == school and by_unit.status == S.APPLIED
    by_name = applied(olof, pot, applicant_name="  Röda Korset Nyköping ")
    assert by_name.applicant_name == "Röda Korset Nyköping" and by_name.applicant_unit is None
    event = AuditEvent.objects.get(object_type="money.PotApplication", object_id=str(by_name.pk))
    assert event.action == "CREATE" and event.changes["amount_applied"] == 30_000


def test_an_application_is_checked_at_its_fields(olof, nykoping, enkoping):
    pot = year_of(olof, nykoping)
    elsewhere = UnitFactory(municipality=enkoping, name="Enköpings skola", function=Unit.Function.SCHOOL)
    got = errors_of(
        lambda: applied(
            olof,
            pot,
            0,
            applicant_unit=elsewhere.pk,
            purpose=" ",
            period_start=dt.date(YEAR, 6, 1),
            period_end=dt.date(YEAR, 5, 1),
        )
    )
    assert got == {
        "applicant_unit": ["Välj en enhet i kommunen."],
        "purpose": ["Beskriv vad pengarna ska användas till."],
        "amount_applied": ["Ange det sökta beloppet i hela kronor, från 1 till 10 000 000 000."],
        "period_end": ["Perioden kan inte sluta före den börjar."],
    }
    unit = UnitFactory(municipality=nykoping, name="Kulturskolan", function=Unit.Function.CULTURE_LEISURE)
    got = errors_of(lambda: applied(olof, pot, applicant_unit=unit.pk, applicant_name="Föreningen"))
    assert got == {"applicant_name": ["Ange antingen en enhet eller en förening, inte båda."]}
    got = errors_of(lambda: applied(olof, pot, applicant_name="", purpose="x" * 2001))
    assert got == {
        "applicant_name": ["Ange vilken enhet eller förening som söker."],
        "purpose": ["Högst 2000 tecken."],
    }
    assert errors_of(lambda: applied(olof, pot, applicant_name="x" * 201)) == {
        "applicant_name": ["Högst 200 tecken."]
    }
    assert PotApplication.objects.count() == 0


def test_the_period_must_touch_the_year(olof, nykoping):
    pot = year_of(olof, nykoping)
    outside = {"period_start": dt.date(YEAR - 1, 1, 1), "period_end": dt.date(YEAR - 1, 12, 31)}
    assert errors_of(lambda: applied(olof, pot, **outside)) == {
        "period_start": ["Perioden ska ligga inom 2025 eller överlappa året."]
    }
    after = {"period_start": dt.date(YEAR + 1, 1, 1), "period_end": dt.date(YEAR + 1, 6, 30)}
    assert "period_start" in errors_of(lambda: applied(olof, pot, **after))
    # Overlapping by one day at either end is enough.
    assert applied(olof, pot, period_start=dt.date(YEAR - 1, 9, 1), period_end=dt.date(YEAR, 1, 1))
    assert applied(olof, pot, period_start=dt.date(YEAR, 12, 31), period_end=dt.date(YEAR + 1, 6, 30))


def test_a_split_year_takes_no_applications(olof, nykoping):
    split = year_of(olof, nykoping, model=SPLIT)
    assert (
        conflict_of(lambda: applied(olof, split))
        == "2025 fördelas efter fast andel: det finns ingen pott att söka ur."
    )


def test_a_grant_up_to_the_budget_and_not_a_krona_more(olof, nykoping):
    pot = year_of(olof, nykoping, budget=100_000)
    grant(olof, applied(olof, pot, 60_000), 60_000)
    last = applied(olof, pot, 50_000)
    got = errors_of(lambda: grant(olof, last, 40_001))
    assert got == {
        "amount_granted": [
            "Beloppet ryms inte i budgeten: det finns 40 000 kr kvar av 100 000 kr (60 000 kr är redan beviljat)."
        ]
    }
    last.refresh_from_db()
    assert last.status == S.APPLIED and last.amount_granted is None
    granted = grant(olof, last, 40_000)
    assert granted.status == S.GRANTED and selectors.summary(olof, nykoping.pk, YEAR).remaining == 0
    # Nothing is left: even one krona more is refused, and a refusal still goes through.
    one_more = applied(olof, pot, 1)
    assert "det finns 0 kr kvar" in errors_of(lambda: grant(olof, one_more, 1))["amount_granted"][0]
    refused = services.decide(olof, one_more, status=S.REFUSED, decision_note="Budgeten är slut.")
    assert refused.status == S.REFUSED and refused.amount_granted is None and refused.decided_by == olof


def test_a_grant_is_at_most_the_amount_applied(olof, nykoping):
    application = applied(olof, year_of(olof, nykoping), 30_000)
    got = errors_of(lambda: grant(olof, application, 30_001))
    assert got == {"amount_granted": ["Det beviljade beloppet kan inte vara mer än det sökta, 30 000 kr."]}
    assert grant(olof, application, 25_000).amount_granted == 25_000


def test_a_decision_is_checked_at_its_fields(olof, nykoping, today):
    application = applied(olof, year_of(olof, nykoping))
    assert errors_of(lambda: services.decide(olof, application, status="PAID")) == {
        "status": ["Välj om ansökan beviljas eller avslås."]
    }
    got = errors_of(
        lambda: services.decide(olof, application, status=S.GRANTED, decided_on=today + dt.timedelta(1))
    )
    assert got == {
        "decided_on": ["Datumet kan inte ligga i framtiden."],
        "amount_granted": ["Ange det beviljade beloppet i hela kronor, minst 1."],
    }
    got = errors_of(lambda: services.decide(olof, application, status=S.REFUSED, amount_granted=5))
    assert got == {
        "decision_note": ["Skriv varför ansökan avslås."],
        "amount_granted": ["Ett avslag har inget beviljat belopp. Lämna fältet tomt."],
    }
    assert PotApplication.objects.get(pk=application.pk).status == S.APPLIED


def test_a_decision_is_made_once(olof, alice, nykoping):
    application = applied(olof, year_of(olof, nykoping))
    grant(olof, application, 10_000)
    detail = conflict_of(lambda: services.decide(alice, application, status=S.REFUSED, decision_note="Nej"))
    assert detail.startswith("Ansökan är redan beslutad: beviljad ")
    # A page that still shows the application as applied is told that someone else changed it.
    stale = PotApplication.objects.get(pk=application.pk)
    detail = conflict_of(lambda: grant(alice, stale, 5_000, expected_status=S.APPLIED))
    assert detail.startswith("Någon annan har ändrat ansökan under tiden: den har nu status ”Beviljad”")
    assert PotApplication.objects.get(pk=application.pk).amount_granted == 10_000
    assert AuditEvent.objects.filter(object_type="money.PotApplication", action="UPDATE").count() == 1


def test_a_report_back_only_for_a_granted_application(olof, nykoping, today):
    pot = year_of(olof, nykoping)
    application = applied(olof, pot, 30_000)
    report = {"spent": 100, "report": "Tolv träffar med språkcafé."}
    assert conflict_of(lambda: services.report_back(olof, application, **report)).startswith(
        "Ansökan är inte beslutad ännu"
    )
    grant(olof, application, 20_000, decided_on=today - dt.timedelta(days=10))
    got = errors_of(lambda: services.report_back(olof, application, spent=20_001, report=""))
    assert got == {"report": ["Beskriv vad pengarna användes till och vad det gav."]}
    got = errors_of(lambda: services.report_back(olof, application, spent=20_001, report="Det gick bra."))
    assert got == {"spent": ["Det använda beloppet kan inte vara mer än det beviljade, 20 000 kr."]}
    got = errors_of(
        lambda: services.report_back(olof, application, reported_on=today - dt.timedelta(days=11), **report)
    )
    assert got["reported_on"][0].startswith("Återrapporten kan inte vara före beslutet")
    done = services.report_back(olof, application, spent=18_500, report="Tolv träffar med språkcafé.")
    assert (done.status, done.spent, done.reported_on) == (S.REPORTED, 18_500, today)
    assert (
        conflict_of(lambda: services.report_back(olof, done, **report))
        == f"Ansökan är redan återrapporterad {today}."
    )
    refused = applied(olof, pot, 1_000)
    services.decide(olof, refused, status=S.REFUSED, decision_note="Utanför syftet.")
    assert "avslagen" in conflict_of(lambda: services.report_back(olof, refused, **report))


def test_readers_may_not_write_the_pot(olof, stina, charlie, nykoping):
    pot = year_of(olof, nykoping)
    application = applied(olof, pot)
    for reader in (stina, charlie):
        with pytest.raises(PermissionDenied):
            applied(reader, pot)
        with pytest.raises(PermissionDenied):
            grant(reader, application, 100)
    assert PotApplication.objects.get(pk=application.pk).status == S.APPLIED


# --- the split -------------------------------------------------------------------------------------------------------


def test_shares_up_to_100_00_percent_and_not_100_01(olof, nykoping):
    split = year_of(olof, nykoping, model=SPLIT, budget=1_000_000)
    services.add_share(olof, funding_year=split, recipient_name="Skolan", percent="60")
    services.add_share(olof, funding_year=split, recipient_name="Socialtjänsten", percent="39,99")
    got = errors_of(
        lambda: services.add_share(olof, funding_year=split, recipient_name="SFI", percent="0.02")
    )
    assert got == {
        "percent": [
            "Andelarna blir då 100,01 procent tillsammans; de får vara högst 100 procent. Det finns 0,01 procent kvar "
            "att fördela."
        ]
    }
    services.add_share(olof, funding_year=split, recipient_name="SFI", percent="0.01")
    assert selectors.summary(olof, nykoping.pk, YEAR).percent_total == Decimal("100.00")


def test_replacing_all_shares_checks_the_total(olof, nykoping):
    split = year_of(olof, nykoping, model=SPLIT, budget=1_000_000)
    ok = [{"recipient_name": "Skolan", "percent": 50}, {"recipient_name": "Socialtjänsten", "percent": 50.0}]
    assert [s.percent for s in services.replace_shares(olof, funding_year=split, shares=ok)] == [50, 50]
    over = [
        {"recipient_name": "Skolan", "percent": 50},
        {"recipient_name": "Socialtjänsten", "percent": 50.01},
    ]
    assert errors_of(lambda: services.replace_shares(olof, funding_year=split, shares=over)) == {
        "shares": ["Andelarna är tillsammans 100,01 procent; de får vara högst 100 procent."]
    }
    assert SplitShare.objects.filter(funding_year=split).count() == 2
    assert services.replace_shares(olof, funding_year=split, shares=[]) == []


def test_a_share_is_checked_at_its_fields(olof, nykoping, enkoping):
    split = year_of(olof, nykoping, model=SPLIT)
    for percent, message in (
        ("0", "Andelen ska vara från 0,01 till 100 procent."),
        ("100.5", "Andelen ska vara från 0,01 till 100 procent."),
        ("12.345", "Ange andelen med högst två decimaler."),
        ("tolv", "Ange andelen i procent, till exempel 12,5."),
        ("NaN", "Ange andelen i procent, till exempel 12,5."),
        (None, "Ange andelen i procent, till exempel 12,5."),
    ):
        got = errors_of(
            lambda p=percent: services.add_share(olof, funding_year=split, recipient_name="A", percent=p)
        )
        assert got == {"percent": [message]}, percent
    services.add_share(olof, funding_year=split, recipient_name="Skolan", percent=10)
    got = errors_of(lambda: services.add_share(olof, funding_year=split, recipient_name="skolan", percent=10))
    assert got == {
        "recipient_name": ["Mottagaren har redan en andel. Ta bort den först om andelen ska ändras."]
    }
    elsewhere = UnitFactory(municipality=enkoping, name="Enköpings SFI", function=Unit.Function.SFI)
    got = errors_of(
        lambda: services.add_share(olof, funding_year=split, recipient_unit=elsewhere.pk, percent=5)
    )
    assert got == {"recipient_unit": ["Välj en enhet i kommunen."]}
    got = errors_of(
        lambda: services.replace_shares(
            olof, funding_year=split, shares=[{"recipient_name": "B", "percent": 5}, {"percent": 200}]
        )
    )
    assert got == {
        "shares.1.recipient_name": ["Ange vilken enhet eller förening som får andelen."],
        "shares.1.percent": ["Andelen ska vara från 0,01 till 100 procent."],
    }


def test_a_pot_year_takes_no_shares(olof, nykoping):
    pot = year_of(olof, nykoping)
    detail = conflict_of(
        lambda: services.add_share(olof, funding_year=pot, recipient_name="Skolan", percent=10)
    )
    assert detail == "2025 är en central pott: andelar används bara vid fast fördelning."
    assert conflict_of(lambda: services.replace_shares(olof, funding_year=pot, shares=[]))


def test_the_amounts_are_rounded_down_and_the_rest_is_not_distributed(olof, nykoping, units):
    split = year_of(olof, nykoping, model=SPLIT, budget=1_000_001)
    reception = units[Unit.Function.RECEPTION]
    services.add_share(olof, funding_year=split, recipient_unit=reception, percent="33.33")
    services.add_share(olof, funding_year=split, recipient_name="Skolan", percent="33.33")
    services.add_share(olof, funding_year=split, recipient_name="Föreningen", percent="0.01")
    data = selectors.summary(olof, nykoping.pk, YEAR)
    # 1 000 001 × 33.33 % = 333 300.3333 → 333 300; × 0.01 % = 100.0001 → 100.
    assert [(r.label, r.amount) for r in data.recipients] == [
        ("Mottagningsenheten", 333_300),
        ("Skolan", 333_300),
        ("Föreningen", 100),
    ]
    assert data.distributed == 666_700 and data.undistributed == 333_301
    assert services.share_amount(999, Decimal("33.33")) == 332  # 332.9667 down to 332
    assert services.share_amount(10_000_000_000, Decimal("100.00")) == 10_000_000_000


def test_a_share_removed_once(olof, nykoping):
    split = year_of(olof, nykoping, model=SPLIT)
    share = services.add_share(olof, funding_year=split, recipient_name="Skolan", percent=10)
    services.remove_share(olof, share)
    assert conflict_of(lambda: services.remove_share(olof, share)) == "Andelen är redan borttagen."
    assert AuditEvent.objects.filter(object_type="money.SplitShare", action="DELETE").count() == 1


# --- the summary -----------------------------------------------------------------------------------------------------


def test_the_summary_per_applicant(olof, nykoping, units):
    pot = year_of(olof, nykoping, budget=200_000)
    reception = units[Unit.Function.RECEPTION]
    a = applied(olof, pot, 50_000, applicant_unit=reception.pk, applicant_name="")
    b = applied(olof, pot, 20_000, applicant_unit=reception.pk, applicant_name="")
    c = applied(olof, pot, 40_000)
    grant(olof, a, 45_000)
    grant(olof, c, 40_000)
    services.decide(olof, b, status=S.REFUSED, decision_note="Dubbelt sökt.")
    services.report_back(olof, c, spent=38_000, report="Läxhjälp varje vecka.")
    data = selectors.summary(olof, nykoping.pk, YEAR)
    assert (data.budget, data.applied, data.granted, data.spent, data.remaining) == (
        200_000,
        110_000,
        85_000,
        38_000,
        115_000,
    )
    rows = [(r.label, r.applications, r.applied, r.granted, r.spent) for r in data.applicants]
    assert rows == [
        ("Mottagningsenheten", 2, 70_000, 45_000, 0),
        ("Föreningen Gemenskap", 1, 40_000, 40_000, 38_000),
    ]


def test_the_summary_is_the_municipalitys(olof, charlie, bob, nykoping, enkoping):
    year_of(olof, nykoping)
    year_of(charlie, enkoping, budget=7)
    assert selectors.summary(olof, nykoping.pk, YEAR).budget == 100_000
    assert selectors.summary(charlie, nykoping.pk, YEAR) is None
    assert selectors.summary(charlie, enkoping.pk, YEAR).budget == 7
    assert selectors.summary(bob, nykoping.pk, YEAR) is None
    assert selectors.summary(olof, nykoping.pk, YEAR + 1) is None


# --- two at once (PostgreSQL) ----------------------------------------------------------------------------------------


@concurrent
def test_two_grants_against_the_last_of_the_budget_one_is_refused(olof, alice, nykoping):
    pot = year_of(olof, nykoping, budget=100_000)
    grant(olof, applied(olof, pot, 60_000), 60_000)
    first, second = applied(olof, pot, 30_000), applied(olof, pot, 30_000)
    results = at_once(
        lambda: grant(olof, PotApplication.objects.get(pk=first.pk), 30_000),
        lambda: grant(alice, PotApplication.objects.get(pk=second.pk), 30_000),
    )
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 1, results
    assert refused[0].message_dict["amount_granted"] == [
        "Beloppet ryms inte i budgeten: det finns 10 000 kr kvar av 100 000 kr (90 000 kr är redan beviljat)."
    ]
    data = selectors.summary(olof, nykoping.pk, YEAR)
    assert data.granted == 90_000 and data.remaining == 10_000


@concurrent
def test_a_grant_waits_for_the_years_lock(olof, alice, nykoping):
    pot = year_of(olof, nykoping, budget=50_000)
    first, second = applied(olof, pot, 30_000), applied(olof, pot, 30_000)
    done, refused, waited = while_locked(
        pot,
        lambda: grant(olof, PotApplication.objects.get(pk=first.pk), 30_000),
        lambda: grant(alice, PotApplication.objects.get(pk=second.pk), 30_000),
    )
    assert waited, "the second grant did not wait for the year's row lock"
    assert isinstance(done, PotApplication) and isinstance(refused, ValidationError), (done, refused)
    assert "det finns 20 000 kr kvar" in refused.message_dict["amount_granted"][0]


@concurrent
def test_two_shares_against_the_last_percent_one_is_refused(olof, alice, nykoping):
    split = year_of(olof, nykoping, model=SPLIT)
    services.add_share(olof, funding_year=split, recipient_name="Skolan", percent=80)
    results = at_once(
        lambda: services.add_share(
            olof, funding_year=FundingYear.objects.get(pk=split.pk), recipient_name="A", percent=15
        ),
        lambda: services.add_share(
            alice, funding_year=FundingYear.objects.get(pk=split.pk), recipient_name="B", percent=15
        ),
    )
    assert len([r for r in results if isinstance(r, ValidationError)]) == 1, results
    assert sum(s.percent for s in SplitShare.objects.filter(funding_year=split)) == 95
