"""Demo: a grant round in Nyköping (issue #17) — an open programme drawing on the year's central pot when there is
one, applications from the demo associations at each step (one waiting, one under assessment, one rejected, one
granted, paid and reported back, one granted and paid whose report back is late). Written through grants' own
services; the late one's dates are moved back afterwards, since no service accepts a deadline in the past.

The associations are civil's (demo/civil.py, loaded first); when one is missing it is created here by its
organisation number, so the two loaders stay idempotent together in either order."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from etablera.civil.models import Association
from etablera.demo import data
from etablera.grants.models import Application, GrantProgramme
from etablera.grants.services import decisions, programmes, public
from etablera.money.models import FundingYear
from etablera.organisation.models import Municipality

BASE_URL = "http://localhost:8000/"
MARK = "Integrationsbidraget"  # + the year: the round is written once

# name, kind, organisation number, amount applied, what for
APPLICANTS = (
    (
        "Nyköpings Idrottsklubb",
        "SPORTS",
        "802479-1009",
        30000,
        "Prova-på-fotboll för nyanlända tjejer, 20 tillfällen.",
    ),
    ("Alla Helgona församling", "FAITH", "252002-1003", 25000, "Språkcafé varje tisdag med barnpassning."),
    ("Studieförbundet Kunskap Sörmland", "STUDY", "802400-1003", 60000, "Studiecirklar i datorvana."),
    ("Kvinnor för gemenskap i Nyköping", "ASSOCIATION", "802002-1005", 15000, "Promenadgrupper och syjunta."),
    ("Somaliska kulturföreningen", "ASSOCIATION", "802000-1239", 12000, "Läxhjälp på somaliska och svenska."),
)


def _association(nykoping, name, kind, number):
    found = Association.objects.filter(municipality=nykoping, organisation_number=number).first()
    if found is None and number != "802000-1239":  # the last applicant is not in the register, on purpose
        found = Association.objects.create(
            municipality=nykoping, name=name, kind=kind, organisation_number=number
        )
    return found


def load_grants(today: dt.date, users: dict, units: dict) -> None:
    today = min(today, timezone.localdate())
    nykoping = Municipality.objects.get(code=data.NYKOPING)
    name = f"{MARK} {today.year}"
    if GrantProgramme.objects.filter(municipality=nykoping, name=name).exists():
        return
    caseworker, manager = users["handlaggare"], users["enhetschef"]
    pot = FundingYear.objects.filter(
        municipality=nykoping, year=today.year, model=FundingYear.Model.POT
    ).first()
    programme = programmes.create_programme(
        caseworker,
        municipality=nykoping,
        name=name,
        criteria="Verksamhet där nyanlända och andra Nyköpingsbor möts: idrott, språk, kultur och föreningsliv. "
        "Föreningen ska ha organisationsnummer och verka i kommunen.",
        budget=120000,
        opens_on=today - dt.timedelta(days=60),
        closes_on=today + dt.timedelta(days=14),
        extra_fields=[
            {
                "name": "malgrupp",
                "label": "Vilka vänder sig verksamheten till?",
                "max_length": 300,
                "required": True,
            },
            {"name": "samarbete", "label": "Samarbetar ni med andra?", "max_length": 300, "required": False},
        ],
        funding_year=pot,
    )
    programmes.set_programme_status(caseworker, programme, status=GrantProgramme.Status.OPEN)
    made = []
    for applicant, kind, number, amount, what in APPLICANTS:
        _association(nykoping, applicant, kind, number)
        application = public.submit_application(
            programme=programme,
            base_url=BASE_URL,
            association_name=applicant,
            organisation_number=number,
            contact_name="Kontaktperson " + applicant.split()[0],
            contact_email=f"bidrag@{number.replace('-', '')}.example.org",
            contact_phone="",
            description=what,
            amount_applied=amount,
            answers={"malgrupp": "Nyanlända i alla åldrar", "samarbete": ""},
        )
        public.confirm_application(application)
        made.append(application)
    sports, church, study, women, _waiting = made
    deadline = today + dt.timedelta(days=90)
    for application in (sports, church, study, women):
        decisions.assess(caseworker, application, assessment="Stämmer med kriterierna; rimlig budget.")
    for application, amount in ((sports, 30000), (church, 20000)):
        decisions.decide(
            manager,
            application,
            granted=True,
            amount_granted=amount,
            reasons="Verksamheten når nyanlända och bygger nätverk.",
            conditions="Återrapport med deltagare per kön och ålder.",
            report_deadline=deadline,
            base_url=BASE_URL,
        )
        decisions.pay(
            caseworker, application, paid_on=today, amount=amount, reference=f"LEV-{application.pk}"
        )
    decisions.decide(
        manager, study, granted=False, reasons="Studieförbundet får redan statsbidrag för samma cirklar."
    )
    public.record_report(
        sports,
        {
            "report_text": "18 träningar med i snitt 14 deltagare; tre tjejer har gått med i klubben.",
            "report_money_used": 28500,
            "participants": {"women": {"0–12": 9, "13–17": 7}, "men": {"26–64": 2}},
        },
    )
    # The church's report back is late: its deadline moved back to three weeks ago.
    Application.objects.filter(pk=church.pk).update(
        report_deadline=today - dt.timedelta(days=21),
        decided_at=timezone.now() - dt.timedelta(days=120),
    )
    Application.objects.filter(pk=church.pk, paid_on__isnull=False).update(
        paid_on=today - dt.timedelta(days=110)
    )
