"""The establishment's report pages (issue #12): programmes that end soon and the gap, for social services and the
reception unit (only the persons they may see, each read logged), and the cohort outcomes for the statistics role,
unit managers, administrators and boards (figures only, the same as `etablera report outcomes`)."""

from __future__ import annotations

import datetime as dt
import io
import json
from unittest import mock

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from etablera.access.models import AuditEvent, Consent
from etablera.establishment import services
from etablera.establishment.models import MonthlyStatus, ProgrammePeriod
from etablera.establishment.reports.tests.cohort import AS_OF, build_cohort
from etablera.organisation.models import Role, Unit
from etablera.people.models import Person
from etablera.reception.models import ReceptionCase
from etablera.testing.factories import HouseholdFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
ENDING = reverse("establishment_programme_ending")
OUTCOMES = reverse("establishment_outcomes")


def _received(nykoping, today, name, *, arrival_days=700) -> Person:
    household = HouseholdFactory.with_members([30], municipality=nykoping, name=name)
    ReceptionCase.objects.create(
        household=household, municipality=nykoping, arrival_date=today - dt.timedelta(days=arrival_days)
    )
    person = household.members.get()
    Person.objects.filter(pk=person.pk).update(first_name=name)
    person.refresh_from_db()
    return person


def _ending_in(person, today, days: int) -> ProgrammePeriod:
    start = today - dt.timedelta(days=650)
    return ProgrammePeriod.objects.create(
        person=person,
        municipality_id=person.municipality_id,
        referral_date=start,
        start_date=start,
        planned_end=today + dt.timedelta(days=days),
    )


@pytest.fixture
def programmes(nykoping, alice, today):
    """Soon (20 days, försörjningsstöd last month, no plan), later (75 days, with a plan, by the rule's 24 months),
    passed (5 days ago, not ended), far (200 days) and waiting (referred, not started)."""
    soon = _received(nykoping, today, "Snart")
    _ending_in(soon, today, 20)
    MonthlyStatus.objects.create(
        person=soon, municipality=nykoping, month=today.replace(day=1), status="SOCIAL_ASSISTANCE"
    )
    later = _received(nykoping, today, "Senare")
    start = today - dt.timedelta(days=655)
    services.record_programme(actor=alice, person=later, referral_date=start, start_date=start)
    services.create_plan(actor=alice, person=later)
    passed = _received(nykoping, today, "Passerat")
    _ending_in(passed, today, -5)
    far = _received(nykoping, today, "Långt")
    _ending_in(far, today, 200)
    waiting = _received(nykoping, today, "Väntar", arrival_days=40)
    ProgrammePeriod.objects.create(
        person=waiting, municipality=nykoping, referral_date=today - dt.timedelta(days=30)
    )
    return {"soon": soon, "later": later, "passed": passed, "far": far, "waiting": waiting}


def _names(response) -> list[str]:
    return [row.person.first_name for row in response.context["rows"]]


def test_the_list_passed_first_then_the_soonest_within_90_days(client, alice, programmes, today):
    client.force_login(alice)
    response = client.get(ENDING)
    assert response.status_code == 200
    assert _names(response) == ["Passerat", "Snart", "Senare"]
    page = response.content.decode()
    assert "passerat för 5 dagar sedan" in page
    assert "Försörjningsstöd" in page and "Ingen plan" in page and "Individuell plan" in page
    # the dates explain themselves: the rule's 24 months, or the date Arbetsförmedlingen gave
    assert "Start " in page and "+ 24 månader" in page
    assert "Arbetsförmedlingens planerade slut" in page
    listed = set(
        AuditEvent.objects.filter(actor=alice, action="LIST").values_list("person_public_id", flat=True)
    )
    assert listed == {programmes[n].public_id for n in ("passed", "soon", "later")}


def test_the_horizon_and_the_filters(client, alice, programmes):
    client.force_login(alice)
    assert _names(client.get(ENDING, {"dagar": 30})) == ["Passerat", "Snart"]
    assert _names(client.get(ENDING, {"dagar": 90, "forsorjningsstod": "on"})) == ["Snart"]
    assert _names(client.get(ENDING, {"utan_plan": "on"})) == ["Passerat", "Snart"]
    # a horizon that is not one of the choices falls back to 90 and says so at the field
    response = client.get(ENDING, {"dagar": 45})
    assert _names(response) == ["Passerat", "Snart", "Senare"] and response.context["form"].errors["dagar"]


def test_the_gap_lists_who_waits_for_the_programme_to_start(client, alice, programmes):
    client.force_login(alice)
    response = client.get(ENDING, {"lista": "waiting"})
    assert _names(response) == ["Väntar"]
    row = response.context["rows"][0]
    assert row.waiting_days == 40 and row.deadline is None
    assert "väntar på programstart" in response.content.decode()


def test_a_start_date_still_ahead_is_in_the_gap_until_that_day(client, alice, nykoping, today, programmes):
    """Arbetsförmedlingen has set a start three weeks ahead: the allowance has not begun, the gap goes on."""
    ahead = _received(nykoping, today, "Startar", arrival_days=60)
    ProgrammePeriod.objects.create(
        person=ahead,
        municipality=nykoping,
        referral_date=today - dt.timedelta(days=50),
        start_date=today + dt.timedelta(days=21),
    )
    client.force_login(alice)
    response = client.get(ENDING, {"lista": "waiting"})
    assert _names(response) == ["Startar", "Väntar"]  # the longest since referral first
    assert response.context["rows"][0].waiting_days == 60
    ProgrammePeriod.objects.filter(person=ahead).update(start_date=today)
    assert _names(client.get(ENDING, {"lista": "waiting"})) == ["Väntar"]


def test_social_services_see_only_those_they_may_see(client, units, programmes, today):
    sigrid = UserFactory.with_role("sigrid", units[Unit.Function.SOCIAL_SERVICES])
    client.force_login(sigrid)
    assert _names(client.get(ENDING)) == []
    consent = Consent.objects.create(
        person=programmes["soon"],
        municipality_id=programmes["soon"].municipality_id,
        sections=["BASIC"],
        purpose="Planering inför programmets slut",
        given_date=today,
        method=Consent.Method.WRITTEN,
    )
    consent.units.set([units[Unit.Function.SOCIAL_SERVICES]])
    assert _names(client.get(ENDING)) == ["Snart"]


@pytest.mark.parametrize(("who", "status"), [("bob", 403), ("stina", 403), ("carol", 200), ("charlie", 200)])
def test_who_may_open_the_list(client, request, programmes, who, status):
    client.force_login(request.getfixturevalue(who))
    response = client.get(ENDING)
    assert response.status_code == status
    if who == "charlie":  # Enköping's reception: its own list, none of Nyköping's
        assert _names(response) == []


def test_the_list_as_csv_and_excel(client, alice, programmes):
    client.force_login(alice)
    response = client.get(ENDING, {"dagar": 30, "format": "csv"})
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "Snart" in text and "Passerat" in text and "Senare" not in text
    book = openpyxl.load_workbook(io.BytesIO(client.get(ENDING, {"format": "xlsx"}).content))
    assert [row[0] for row in book.active.iter_rows(min_row=2, values_only=True)] == [
        p.full_name for p in (programmes["passed"], programmes["soon"], programmes["later"])
    ]
    assert AuditEvent.objects.filter(actor=alice, action="EXPORT", object_type="ProgrammePeriod").count() == 2


def test_the_list_is_paged(client, alice, nykoping, today):
    for n in range(52):
        _ending_in(_received(nykoping, today, f"Person{n:02d}"), today, 10 + n % 30)
    client.force_login(alice)
    first = client.get(ENDING)
    assert len(first.context["rows"]) == 50 and first.context["next_url"]
    second = client.get(first.context["next_url"])
    assert len(second.context["rows"]) == 2 and second.context["data"].number == 2


def test_the_list_costs_the_same_for_many_rows_as_for_few(client, alice, nykoping, today):
    def queries():
        client.force_login(alice)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(ENDING).status_code == 200
        return len(captured)

    for n in range(2):
        person = _received(nykoping, today, f"Få{n}")
        _ending_in(person, today, 10)
        services.create_plan(actor=alice, person=person)
    few = queries()
    for n in range(12):
        person = _received(nykoping, today, f"Många{n}")
        _ending_in(person, today, 10)
        MonthlyStatus.objects.create(
            person=person, municipality=nykoping, month=today.replace(day=1), status="SFI"
        )
    many = queries()
    assert many == few


# --- cohort outcomes --------------------------------------------------------------------------------------------


@pytest.fixture
def maja(units):
    return UserFactory.with_role("maja", units[Unit.Function.SOCIAL_SERVICES], Role.UNIT_MANAGER)


@pytest.fixture
def board_member(nykoping):
    board = UnitFactory(
        municipality=nykoping, name="Socialnämnden", function=Unit.Function.SOCIAL_SERVICES, kind="BOARD"
    )
    return UserFactory.with_role("nils", board, Role.CASEWORKER)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("stina", 200),
        ("carol", 200),
        ("maja", 200),
        ("board_member", 200),
        ("alice", 403),
        ("bob", 403),
        ("charlie", 403),
    ],
)
def test_who_may_read_the_outcomes(client, request, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(OUTCOMES).status_code == status


@pytest.fixture
def cohort(nykoping):
    return build_cohort()


def _at_as_of():
    return mock.patch("django.utils.timezone.localdate", return_value=AS_OF)


def test_the_page_shows_the_same_figures_as_the_command(client, stina, cohort):
    client.force_login(stina)
    with _at_as_of():
        response = client.get(OUTCOMES, {"kommun": "0480", "kohort": 2024, "dela": ["sex"]})
    page_figures = response.context["report"].as_dict()
    out = io.StringIO()
    call_command(
        "report",
        "outcomes",
        "--municipality",
        "0480",
        "--cohort",
        "2024",
        "--by",
        "sex",
        "--as-of",
        AS_OF.isoformat(),
        "--format",
        "json",
        stdout=out,
    )
    assert json.loads(out.getvalue()) == page_figures
    assert [row["persons"] for row in page_figures["rows"]] == [12, 7, 5]
    html = response.content.decode()
    assert "<svg" in html and 'class="chart__cell"' in html  # the total's bar (71 %)
    assert "71 %" in html and "–" in html
    assert not any(person.full_name in html for person in cohort.values())


def test_the_outcomes_as_csv_and_excel_with_the_dash(client, stina, cohort):
    client.force_login(stina)
    with _at_as_of():
        csv_text = client.get(
            OUTCOMES, {"kommun": "0480", "kohort": 2024, "dela": ["category"], "format": "csv"}
        ).content.decode()
        xlsx = client.get(
            OUTCOMES, {"kommun": "0480", "kohort": 2024, "dela": ["category"], "format": "xlsx"}
        ).content
    lines = csv_text.splitlines()
    assert lines[1].startswith("2024,Alla,Alla,Alla,12,7,71,8,22.0,11,30.0")
    assert lines[2] == "2024,Alla,Kvotflykting,Alla,–,–,–,–,–,–,–"
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).worksheets[0]
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert values[0][4] == 12 and values[1][4] == "–" and values[2][4] == "–"
    assert AuditEvent.objects.filter(actor=stina, action="EXPORT", object_type="OutcomeReport").count() == 2


def test_an_error_stays_at_its_field(client, stina, cohort):
    client.force_login(stina)
    response = client.get(OUTCOMES, {"kommun": "0480", "kohort": 2025, "till": 2024})
    assert response.context["report"] is None
    assert "Till och med-året kan inte vara före från-året." in response.content.decode()


def test_the_outcomes_cost_the_same_for_a_larger_cohort(client, stina, cohort, nykoping):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(stina)

    def queries():
        with _at_as_of(), CaptureQueriesContext(connection) as captured:
            client.get(OUTCOMES, {"kommun": "0480", "kohort": 2024, "dela": ["sex", "age_band"]})
        return len(captured)

    few = queries()
    for _n in range(10):
        household = HouseholdFactory.with_members([35], municipality=nykoping, on=dt.date(2024, 6, 1))
        ReceptionCase.objects.create(
            household=household, municipality=nykoping, arrival_date=dt.date(2024, 6, 1)
        )
    assert queries() == few


def test_another_municipality_is_no_choice(client, stina, cohort):
    client.force_login(stina)
    with _at_as_of():
        response = client.get(OUTCOMES, {"kommun": "0381", "kohort": 2024})
        download = client.get(OUTCOMES, {"kommun": "0381", "kohort": 2024, "format": "csv"})
    assert response.context["report"] is None and response.context["form"].errors["kommun"]
    assert download["Content-Type"].startswith("text/html")  # the page with its error, no file
