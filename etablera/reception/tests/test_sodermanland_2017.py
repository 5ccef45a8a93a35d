"""Reproducing Migrationsverket's published 2017 quota overview for Södermanland from individual records."""

import csv
import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from etablera.access.models import AuditEvent
from etablera.reception import sodermanland2017
from etablera.reception.models import Assignment, MunicipalQuota
from etablera.reception.reports import quota_report

DATA = Path(__file__).resolve().parents[1] / "data"
FIELDS = ("tal", "anvisade_totalt", "avraknade", "kvar_att_avrakna")


def published_rows() -> list[dict]:
    """The published table, read here independently of the loader."""
    with (DATA / "sodermanland_anvisningar_2017.csv").open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    names = ("as_of", "area", *FIELDS)
    return [
        {"as_of": row["as_of"], "area": row["area"], **{f: int(row[f]) for f in FIELDS}}
        for row in csv.DictReader(lines, fieldnames=names)
    ]


def figures(row) -> dict:
    return dict(zip(FIELDS, (row.quota, row.assigned_total, row.received, row.remaining), strict=True))


def report_json(*args) -> dict:
    out = StringIO()
    call_command("report", "quota", "--year", "2017", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def json_figures(row: dict) -> dict:
    return dict(
        zip(FIELDS, (row["quota"], row["assigned_total"], row["received"], row["remaining"]), strict=True)
    )


@pytest.fixture
def loaded(db):
    return sodermanland2017.load()


def test_the_published_table_has_both_dates_and_every_area():
    rows = published_rows()
    assert len(rows) == 16
    assert {r["as_of"] for r in rows} == {"2017-08-14", "2017-10-01"}
    assert {r["area"] for r in rows} >= {"Riket", "Länet", "Eskilstuna", "Nyköping", "Trosa"}


def test_it_reproduces_every_published_figure_through_the_report(loaded):
    check_every_published_figure()


def check_every_published_figure():
    for published in published_rows():
        as_of = dt.date.fromisoformat(published["as_of"])
        expected = {f: published[f] for f in FIELDS}
        if published["area"] == "Riket":
            got = figures(quota_report(year=2017, as_of=as_of).total)
        elif published["area"] == "Länet":
            got = figures(quota_report(year=2017, county_code="04", as_of=as_of).total)
        else:
            county = quota_report(year=2017, county_code="04", as_of=as_of)
            got = figures(next(r for r in county.rows if r.name == published["area"]))
        assert got == expected, (published["as_of"], published["area"])


def test_it_reproduces_every_published_figure_through_the_cli(loaded):
    for as_of in ("2017-08-14", "2017-10-01"):
        expected = {r["area"]: {f: r[f] for f in FIELDS} for r in published_rows() if r["as_of"] == as_of}
        county = report_json("--county", "04", "--as-of", as_of)
        country = report_json("--as-of", as_of)
        got = {row["name"]: json_figures(row) for row in county["rows"]}
        got["Länet"] = json_figures(county["total"])
        got["Riket"] = json_figures(country["total"])
        # The published table leaves out municipalities with no kommuntal and no anvisningar (Flen, Oxelösund,
        # Vingåker); so does the report unless asked for --all.
        assert got == expected, as_of

        out = StringIO()
        call_command(
            "report",
            "quota",
            "--year",
            "2017",
            "--county",
            "04",
            "--as-of",
            as_of,
            "--format",
            "csv",
            stdout=out,
        )
        table = list(csv.reader(StringIO(out.getvalue()), delimiter=";"))
        assert table[0] == ["Kod", "Område", "Tal", "Anvisade totalt", "varav avräknade", "Kvar att avräkna"]
        from_csv = {row[1]: dict(zip(FIELDS, map(int, row[2:]), strict=True)) for row in table[1:]}
        assert from_csv == {area: v for area, v in expected.items() if area != "Riket"}

        out = StringIO()
        call_command("report", "quota", "--year", "2017", "--as-of", as_of, stdout=out)
        riket = next(line for line in out.getvalue().splitlines() if line.startswith("Riket"))
        assert riket.split()[1:] == [str(expected["Riket"][f]) for f in FIELDS]


def test_the_records_are_individual_households_with_realistic_dates(loaded):
    sodermanland = Assignment.objects.filter(municipality__county__code="04")
    sizes = list(sodermanland.values_list("person_count", flat=True))
    assert min(sizes) >= 1 and max(sizes) <= 7 and len(sizes) > 100
    assert len(set(sizes)) >= 5  # singles and families of several sizes
    for a in sodermanland:
        assert a.quota_year == 2017 and a.decision_date.year == 2017
        assert a.latest_reception_date <= a.decision_date + dt.timedelta(days=62)
        if a.status == Assignment.Status.RECEIVED:
            # Nobody in Södermanland missed the two-month deadline (seed 002).
            assert a.decision_date <= a.received_date <= a.latest_reception_date
        else:
            assert a.status == Assignment.Status.CANCELLED and a.cancelled_date and a.cancel_reason
    cancelled = sodermanland.filter(status=Assignment.Status.CANCELLED, municipality__code="0484")
    assert sum(cancelled.values_list("person_count", flat=True)) == 6
    assert {"RESETTLED", "ASSIGNED_FROM_FACILITY"} <= set(sodermanland.values_list("category", flat=True))


def test_loading_again_creates_nothing(loaded):
    assert loaded["assignments_created"] == loaded["assignments"] > 9000
    assert loaded["quotas_created"] == loaded["quotas"] == 18 + 281
    quotas, assignments = MunicipalQuota.objects.count(), Assignment.objects.count()
    events = AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).count()

    again = sodermanland2017.load()

    assert again["assignments_created"] == 0 and again["quotas_created"] == 0
    assert again["assignments"] == loaded["assignments"]
    assert (MunicipalQuota.objects.count(), Assignment.objects.count()) == (quotas, assignments)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).count() == events == 1
    # Both years of the county's kommuntal, and the known figures from elsewhere (seed 003).
    assert MunicipalQuota.objects.get(municipality__code="0480", year=2018).quota == 73
    assert MunicipalQuota.objects.get(municipality__code="1280", year=2017).quota == 408


def test_self_settled_households_change_no_published_figure(loaded, units):
    """EBO households in the data (issue #11) — received as they now are, without an anvisning, and as EBO anvisningar
    from before that rule, received, waiting and cancelled in Södermanland and elsewhere — leave every figure of
    the published table as it is, through the report and the command line."""
    from etablera.people.services import PersonInput
    from etablera.reception import services
    from etablera.testing.factories import AssignmentFactory, municipality

    for day in ("2017-03-01", "2017-08-01", "2017-09-20"):
        services.register_self_settled_household(
            actor=None,
            municipality=municipality("0480"),
            household_name=f"EBO {day}",
            members=[PersonInput(first_name="A", last_name="Egen", category="SELF_SETTLED")],
            registered_date=dt.date.fromisoformat(day),
        )
    for n, (code, decided, status, on) in enumerate(
        [
            ("0480", "2017-02-01", "RECEIVED", "2017-03-01"),
            ("0484", "2017-05-01", "RECEIVED", "2017-08-01"),
            ("0486", "2017-07-01", "ASSIGNED", None),
            ("0461", "2017-06-01", "CANCELLED", "2017-06-20"),
            ("0180", "2017-04-01", "RECEIVED", "2017-05-01"),
        ]
    ):
        dates = {"RECEIVED": {"received_date": on}, "CANCELLED": {"cancelled_date": on}}.get(status, {})
        AssignmentFactory(
            reference=f"EBO-2017-{n}",
            municipality=municipality(code),
            category="SELF_SETTLED",
            person_count=4,
            decision_date=dt.date.fromisoformat(decided),
            status=status,
            **{k: dt.date.fromisoformat(v) for k, v in dates.items()},
        )
    assert Assignment.objects.filter(category="SELF_SETTLED").count() == 5

    check_every_published_figure()
    for as_of in ("2017-08-14", "2017-10-01"):
        expected = {r["area"]: {f: r[f] for f in FIELDS} for r in published_rows() if r["as_of"] == as_of}
        assert json_figures(report_json("--as-of", as_of)["total"]) == expected["Riket"]
        assert json_figures(report_json("--county", "04", "--as-of", as_of)["total"]) == expected["Länet"]
