"""The pot and the split pages (issue #15) per role: olof (controller) and alice (integration unit) set up the year,
register applications, decide, report back and keep the shares; stina (statistics) reads and is refused every
change; bob (SFI) has no money pages; charlie (Enköping) sees none of Nyköping's. What the pages hold is checked —
the figures, the chart with its table, the errors at their fields in Swedish, the downloads — not only their status."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from etablera.access.models import AuditEvent
from etablera.money.models import FundingYear, PotApplication, SplitShare
from etablera.money.services import funding as services
from etablera.organisation.models import Unit

FUNDING = reverse("money_funding")
NEW = reverse("money_funding_application_new")
SHARES = reverse("money_funding_shares")
S = PotApplication.Status
YEAR = 2025
Q = {"kommun": "0480", "ar": YEAR}


def nb(text: str) -> str:
    """Kronor as the pages group them, with a no-break space."""
    return re.sub(r"(?<=\d) (?=\d)", "\xa0", text)


def detail(application) -> str:
    return reverse("money_funding_application", args=[application.pk])


def application_data(**changes) -> dict:
    data = {
        "kommun": "0480",
        "ar": YEAR,
        "applicant_unit": "",
        "applicant_name": "Föreningen Gemenskap",
        "purpose": "Språkcafé två kvällar i veckan",
        "amount_applied": "40000",
        "period_start": f"{YEAR}-02-01",
        "period_end": f"{YEAR}-11-30",
    }
    data.update(changes)
    return data


def apply(actor, funding_year, amount=40_000, **extra):
    values = {
        "applicant_name": "Föreningen Gemenskap",
        "purpose": "Språkcafé",
        "amount_applied": amount,
        "period_start": dt.date(YEAR, 2, 1),
        "period_end": dt.date(YEAR, 11, 30),
    }
    values.update(extra)
    return services.apply(actor, funding_year=funding_year, **values)


@pytest.fixture
def pot(olof, nykoping, units):
    """Nyköping's pot of 2025: 200 000 kr; the reception unit granted 50 000 (reported, 45 000 spent), an association
    granted 30 000 and one application waiting."""
    year = services.set_up_year(olof, municipality=nykoping, year=YEAR, model="POT", budget=200_000)
    reception = units[Unit.Function.RECEPTION]
    first = apply(
        olof, year, 60_000, applicant_unit=reception.pk, applicant_name="", purpose="Samhällsguider"
    )
    services.decide(olof, first, status=S.GRANTED, amount_granted=50_000)
    services.report_back(olof, first, spent=45_000, report="Guider i tre bostadsområden.")
    second = apply(olof, year, 30_000, applicant_name="Röda Korset Nyköping")
    services.decide(olof, second, status=S.GRANTED, amount_granted=30_000)
    waiting = apply(olof, year, 25_000, applicant_name="Idrottsföreningen IK Nyby")
    return {"year": year, "reported": first, "granted": second, "waiting": waiting}


@pytest.fixture
def split(olof, nykoping):
    year = services.set_up_year(olof, municipality=nykoping, year=YEAR + 1, model="SPLIT", budget=1_000_001)
    services.add_share(olof, funding_year=year, recipient_name="Skolförvaltningen", percent="33.33")
    services.add_share(olof, funding_year=year, recipient_name="Socialförvaltningen", percent="60")
    return year


def test_the_year_of_the_pot_in_figures_chart_and_table(signed_in, olof, pot):
    answer = signed_in(olof).get(FUNDING, Q)
    assert answer.status_code == 200
    text = answer.content.decode()
    assert (
        "Fördelning av schablonen 2025" in text and "Central pott som enheter och föreningar söker ur" in text
    )
    for figure in ("200 000 kr", "115 000 kr", "80 000 kr", "45 000 kr", "120 000 kr"):  # budget … left
        assert nb(figure) in text, figure
    assert (
        '<svg class="chart"' in text and nb("<title>Mottagningsenheten, Beviljat: 50 000 kr</title>") in text
    )
    assert '<caption id="funding-caption">' in text and '<th scope="row">Röda Korset Nyköping</th>' in text
    assert detail(pot["waiting"]) in text and "Idrottsföreningen IK Nyby" in text
    assert "Registrera en ansökan" in text and "Ändra modell och budget för 2025" in text


def test_the_split_shows_each_amount_and_what_is_not_distributed(signed_in, alice, split):
    text = signed_in(alice).get(FUNDING, {"ar": YEAR + 1}).content.decode()
    # 1 000 001 × 33.33 % = 333 300.33 → 333 300; × 60 % = 600 000.6 → 600 000; the rest 66 701.
    assert nb("333 300") in text and nb("600 000") in text and nb("66 701") in text
    assert "Ej fördelat" in text and "Lägg till en andel" in text and "Ta bort" in text


def test_a_year_is_set_up_from_the_page(signed_in, alice, nykoping):
    client = signed_in(alice)
    page = client.get(FUNDING, Q).content.decode()
    assert "2025 har ingen fördelning ännu." in page and "Lägg upp 2025" in page
    answer = client.post(FUNDING, {**Q, "model": "SPLIT", "budget": "750000", "note": "Beslut i KS"})
    assert answer.status_code == 302 and answer["Location"] == f"{FUNDING}?kommun=0480&ar=2025"
    made = FundingYear.objects.get(municipality=nykoping, year=YEAR)
    assert (made.model, made.budget, made.note, made.created_by) == ("SPLIT", 750_000, "Beslut i KS", alice)


def test_the_setup_form_gives_swedish_errors_at_the_fields(signed_in, olof, pot):
    client = signed_in(olof)
    answer = client.post(FUNDING, {**Q, "model": "SPLIT", "budget": "10000000001", "note": "x" * 2001})
    assert answer.status_code == 422
    text = answer.content.decode()
    assert "error-summary" in text and "Säkerställ att detta värde har som mest 2000 tecken" in text
    answer = client.post(FUNDING, {**Q, "model": "SPLIT", "budget": "10000000001"})
    text = answer.content.decode()
    assert "Ange budgeten i hela kronor, från 0 till 10 000 000 000." in text
    answer = client.post(FUNDING, {**Q, "model": "SPLIT", "budget": "200000"})
    assert answer.status_code == 422
    assert (
        "Fördelningsmodellen kan inte ändras: 2025 har redan ansökningar ur potten."
        in answer.content.decode()
    )
    assert FundingYear.objects.get(pk=pot["year"].pk).model == "POT"


@pytest.mark.parametrize("keeper", ["olof", "alice"])
def test_the_keepers_register_decide_and_report(request, signed_in, keeper, pot, today):
    client = signed_in(request.getfixturevalue(keeper))
    assert client.get(NEW, Q).status_code == 200
    answer = client.post(f"{NEW}?kommun=0480&ar={YEAR}", application_data())
    application = PotApplication.objects.latest("pk")
    assert answer.status_code == 302 and answer["Location"] == detail(application)
    assert (application.applicant_name, application.amount_applied) == ("Föreningen Gemenskap", 40_000)
    page = client.get(detail(application)).content.decode()
    assert "Språkcafé två kvällar i veckan" in page and "Spara beslutet" in page
    decided = client.post(
        detail(application),
        {
            "action": "decide",
            "beslut-expected_status": "APPLIED",
            "beslut-status": "GRANTED",
            "beslut-amount_granted": "35000",
        },
    )
    assert decided.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.amount_granted, application.decided_on) == (
        S.GRANTED,
        35_000,
        today,
    )
    assert "Spara återrapporten" in client.get(detail(application)).content.decode()
    reported = client.post(
        detail(application),
        {
            "action": "report",
            "rapport-expected_status": "GRANTED",
            "rapport-spent": "30000",
            "rapport-report": "Bra.",
        },
    )
    assert reported.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.spent) == (S.REPORTED, 30_000)


def test_a_grant_beyond_the_budget_is_refused_at_the_field(signed_in, olof, pot):
    services.set_up_year(olof, municipality=pot["year"].municipality, year=YEAR, model="POT", budget=100_000)
    answer = signed_in(olof).post(
        detail(pot["waiting"]),
        {
            "action": "decide",
            "beslut-expected_status": "APPLIED",
            "beslut-status": "GRANTED",
            "beslut-amount_granted": "25000",
        },
    )
    assert answer.status_code == 422
    text = answer.content.decode()
    assert "error-summary" in text
    assert (
        "Beloppet ryms inte i budgeten: det finns 20 000 kr kvar av 100 000 kr (80 000 kr är redan beviljat)."
        in text
    )
    assert PotApplication.objects.get(pk=pot["waiting"].pk).status == S.APPLIED


def test_a_decision_from_a_stale_page_is_not_made_twice(signed_in, olof, alice, pot):
    form = {
        "action": "decide",
        "beslut-expected_status": "APPLIED",
        "beslut-status": "REFUSED",
        "beslut-decision_note": "Nej",
    }
    assert signed_in(olof).post(detail(pot["waiting"]), form).status_code == 302
    answer = signed_in(alice).post(detail(pot["waiting"]), {**form, "beslut-status": "GRANTED"}, follow=True)
    assert "Ansökan har ändrats sedan sidan visades." in answer.content.decode()
    assert PotApplication.objects.get(pk=pot["waiting"].pk).status == S.REFUSED


def test_an_oversized_application_gets_swedish_errors_at_the_fields(signed_in, olof, pot):
    answer = signed_in(olof).post(
        NEW, application_data(applicant_name="F" * 201, purpose="p" * 2001, amount_applied="0")
    )
    assert answer.status_code == 422
    text = answer.content.decode()
    assert "error-summary" in text
    assert "Säkerställ att detta värde har som mest 200 tecken (den har 201)." in text
    assert "Säkerställ att detta värde har som mest 2000 tecken (den har 2001)." in text
    answer = signed_in(olof).post(
        NEW, application_data(amount_applied="0", period_start="2023-01-01", period_end="2023-12-31")
    )
    text = answer.content.decode()
    assert "Ange det sökta beloppet i hela kronor, från 1 till 10 000 000 000." in text
    assert "Perioden ska ligga inom 2025 eller överlappa året." in text
    assert PotApplication.objects.count() == 3


def test_shares_added_refused_at_the_field_and_removed(signed_in, olof, split):
    client = signed_in(olof)
    base = {"kommun": "0480", "ar": YEAR + 1, "action": "add"}
    answer = client.post(
        SHARES, {**base, "andel-recipient_unit": "", "andel-recipient_name": "SFI", "andel-percent": "6,68"}
    )
    assert answer.status_code == 422
    text = answer.content.decode()
    assert "error-summary" in text and "Andelarna blir då 100,01 procent tillsammans" in text
    answer = client.post(
        SHARES, {**base, "andel-recipient_unit": "", "andel-recipient_name": "SFI", "andel-percent": "6,67"}
    )
    assert answer.status_code == 302 and SplitShare.objects.filter(funding_year=split).count() == 3
    share = SplitShare.objects.get(recipient_name="SFI")
    answer = client.post(SHARES, {"kommun": "0480", "ar": YEAR + 1, "action": "remove", "share": share.pk})
    assert answer.status_code == 302 and not SplitShare.objects.filter(pk=share.pk).exists()


def test_the_downloads_hold_the_year_defused_and_are_logged(signed_in, olof, pot):
    apply(olof, pot["year"], 1_000, applicant_name='=HYPERLINK("http://x","Klicka")')
    client = signed_in(olof)
    csv = client.get(FUNDING, {**Q, "format": "csv"})
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    body = csv.content.decode("utf-8-sig")
    assert "Röda Korset Nyköping" in body and "Mottagningsenheten" in body and "Beviljad" in body
    assert "'=HYPERLINK" in body and "\n=HYPERLINK" not in body
    assert "fordelning-0480-2025.csv" in csv["Content-Disposition"]
    excel = client.get(FUNDING, {**Q, "format": "xlsx"})
    assert excel.status_code == 200 and excel.content[:2] == b"PK"
    events = AuditEvent.objects.filter(
        actor=olof, action=AuditEvent.Action.EXPORT, object_type="money.FundingYear"
    )
    assert events.count() == 2


def test_the_split_download(signed_in, olof, split):
    body = signed_in(olof).get(FUNDING, {"ar": YEAR + 1, "format": "csv"}).content.decode("utf-8-sig")
    assert "Skolförvaltningen,33.33,333300" in body and "Ej fördelat,6.67,66701" in body


def test_stina_reads_but_every_change_is_refused(signed_in, stina, pot, today):
    client = signed_in(stina)
    page = client.get(FUNDING, Q)
    assert page.status_code == 200 and "Lägg upp 2025" not in page.content.decode()
    assert client.post(FUNDING, {**Q, "model": "POT", "budget": "1"}).status_code == 403
    assert client.get(NEW, Q).status_code == 403
    assert client.post(NEW, application_data()).status_code == 403
    form = {
        "action": "decide",
        "beslut-expected_status": "APPLIED",
        "beslut-status": "GRANTED",
        "beslut-amount_granted": "1",
    }
    assert client.post(detail(pot["waiting"]), form).status_code == 403
    assert client.post(SHARES, {**Q, "action": "add"}).status_code == 403
    assert PotApplication.objects.get(pk=pot["waiting"].pk).status == S.APPLIED


def test_stina_sees_nykopings_pot(signed_in, stina, pot):
    assert "Röda Korset Nyköping" in signed_in(stina).get(FUNDING, Q).content.decode()


def test_bob_has_no_money_pages(signed_in, bob, pot):
    client = signed_in(bob)
    for answer in (
        client.get(FUNDING, Q),
        client.get(NEW, Q),
        client.get(detail(pot["waiting"])),
        client.post(SHARES, Q),
    ):
        assert answer.status_code == 403


def test_charlie_sees_enkopings_year_and_none_of_nykopings(signed_in, charlie, enkoping, pot):
    services.set_up_year(charlie, municipality=enkoping, year=YEAR, model="SPLIT", budget=900_000)
    client = signed_in(charlie)
    text = client.get(FUNDING, Q).content.decode()  # Nyköping asked for: Enköping's own is shown
    assert "Enköping" in text and nb("900 000 kr") in text and "Röda Korset Nyköping" not in text
    assert client.get(detail(pot["waiting"])).status_code == 404
    form = {
        "action": "decide",
        "beslut-expected_status": "APPLIED",
        "beslut-status": "GRANTED",
        "beslut-amount_granted": "1",
    }
    assert client.post(detail(pot["waiting"]), form).status_code == 404
    assert PotApplication.objects.get(pk=pot["waiting"].pk).status == S.APPLIED


def test_the_page_costs_the_same_for_one_applicant_or_many(signed_in, olof, nykoping):
    year = services.set_up_year(olof, municipality=nykoping, year=YEAR, model="POT", budget=10_000_000)
    apply(olof, year, 1_000)
    client = signed_in(olof)
    client.get(FUNDING, Q)
    with CaptureQueriesContext(connection) as few:
        client.get(FUNDING, Q)
    for i in range(8):
        services.decide(
            olof,
            apply(olof, year, 2_000, applicant_name=f"Förening {i}"),
            status=S.GRANTED,
            amount_granted=1_500,
        )
    with CaptureQueriesContext(connection) as many:
        client.get(FUNDING, Q)
    assert len(many) == len(few) <= 14
