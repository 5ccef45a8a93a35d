"""The demo's civil society register (issue #17), in Nyköping: a handful of associations and other actors the
integration unit works with — a sports club, the parish, a study association, the city library and a women's
association — with their contact persons and what they offer, one IOP agreement, the network's two latest monthly
meetings (Nyköping meets its network monthly) with follow-ups, one done and others open, and two association
activities in the activities catalogue.

Every name, number and address is fictional: the organisation numbers pass the check digit and belong to no one
known, the phone numbers are from the series PTS keeps for fiction (070-174 06 xx). Written through the services as
`handlaggare` (Integrationsenheten) would; the catalogue's activities by `admin` for Kultur och fritid. Idempotent:
nothing is written when the sports club is there (volunteers' and grants' demos read these associations)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from etablera.civil.models import Association
from etablera.civil.services import activities, agreements, associations, contacts, network
from etablera.demo import data
from etablera.organisation.models import Municipality

MARK = "Nyköpings Idrottsklubb"  # the first association: the register is written once

# name, kind, organisation number, e-mail, website, description
ASSOCIATIONS = (
    (
        MARK,
        "SPORTS",
        "802479-1009",
        "kansli@nykopingsik.example.org",
        "https://nykopingsik.example.org",
        "Fotboll, friidrott och simning för barn och vuxna; prova-på-träningar för nyanlända.",
    ),
    (
        "Alla Helgona församling",
        "FAITH",
        "252002-1003",
        "expedition@allahelgona.example.org",
        "",
        "Språkcafé, öppen förskola och samtalsgrupper.",
    ),
    (
        "Studieförbundet Kunskap Sörmland",
        "STUDY",
        "802400-1003",
        "nykoping@kunskapsormland.example.org",
        "",
        "Studiecirklar i svenska, samhällsorientering och data.",
    ),
    ("Stadsbiblioteket", "LIBRARY", "", "stadsbiblioteket@example.org", "", "Läxhjälp och språkcafé."),
    (
        "Kvinnor för gemenskap i Nyköping",
        "ASSOCIATION",
        "802002-1005",
        "styrelsen@kvinnorforgemenskap.example.org",
        "",
        "Mötesplats för kvinnor: syjunta, promenader och samtal om vardag och arbete.",
    ),
)

CONTACTS = {
    MARK: [("Göran Fält", "Ungdomsansvarig", "070-174 06 05", "goran@nykopingsik.example.org")],
    "Alla Helgona församling": [("Elin Präst", "Diakon", "070-174 06 12", "")],
    "Studieförbundet Kunskap Sörmland": [("Ahmed Cirkel", "Verksamhetsutvecklare", "", "ahmed@example.org")],
    "Stadsbiblioteket": [("Maja Bok", "Bibliotekarie", "0155-24 50 00", "maja.bok@example.org")],
    "Kvinnor för gemenskap i Nyköping": [
        ("Fatima Gemensam", "Ordförande", "070-174 06 33", ""),
        ("Lena Kassör", "Kassör", "", "lena@kvinnorforgemenskap.example.org"),
    ],
}

# kind, languages, venues, target groups
OFFERS = {
    MARK: [("SPORTS", "ar, so, ti", "Rosvalla, Stora Vall", "Barn 7–15 år och deras föräldrar")],
    "Alla Helgona församling": [("LANGUAGE_CAFE", "ar, fa, sv", "Församlingshemmet", "Vuxna nyanlända")],
    "Studieförbundet Kunskap Sörmland": [
        ("STUDY", "so, ti, ar", "Kunskaps lokaler, Västra Storgatan", "Vuxna")
    ],
    "Stadsbiblioteket": [("HOMEWORK", "ar, so, fa", "Stadsbiblioteket", "Skolbarn")],
    "Kvinnor för gemenskap i Nyköping": [("MEETING_PLACE", "ar, so, ti, fa", "Folkets hus", "Kvinnor")],
}


def _register(nykoping, actor, today) -> dict[str, Association]:
    made = {}
    for name, kind, number, email, website, description in ASSOCIATIONS:
        association = associations.create_association(
            actor=actor,
            municipality=nykoping,
            name=name,
            kind=kind,
            organisation_number=number,
            email=email,
            website=website,
            description=description,
        )
        for contact_name, role, phone, contact_email in CONTACTS[name]:
            contacts.add_contact(
                actor=actor,
                association=association,
                name=contact_name,
                role=role,
                phone=phone,
                email=contact_email,
            )
        for kind_, languages, venues, groups in OFFERS[name]:
            contacts.add_offer(
                actor=actor,
                association=association,
                kind=kind_,
                languages=languages,
                venues=venues,
                target_groups=groups,
            )
        made[name] = association
    women = made["Kvinnor för gemenskap i Nyköping"]
    agreements.add_agreement(
        actor=actor,
        association=women,
        kind="IOP",
        starts_on=today - dt.timedelta(days=180),
        ends_on=today + dt.timedelta(days=545),
        description="Mötesplats för nyanlända kvinnor två kvällar i veckan; kommunen står för lokal och fika.",
        document_reference="KS 2026/0417",
    )
    return made


def _meetings(nykoping, actor, made, today) -> None:
    earlier = network.create_meeting(
        actor=actor,
        municipality=nykoping,
        held_on=today - dt.timedelta(days=35),
        place="Stadsbiblioteket, Stora torget",
        notes="Höstens utbud gicks igenom. Idrottsklubben vill nå fler flickor; församlingen saknar volontärer "
        "till språkcaféet på torsdagar.",
        attending=[made[MARK], made["Alla Helgona församling"], made["Stadsbiblioteket"]],
    )
    done = network.add_follow_up(
        actor=actor,
        meeting=earlier,
        text="Sprida idrottsklubbens prova-på-dagar via SFI",
        responsible="Karin Lindqvist, Integrationsenheten",
        due_on=today - dt.timedelta(days=20),
    )
    network.complete_follow_up(actor=actor, follow_up=done, on=today - dt.timedelta(days=22))
    network.add_follow_up(
        actor=actor,
        meeting=earlier,
        text="Fråga studieförbundet om en cirkel för blivande volontärer",
        responsible="Alla Helgona församling",
        due_on=today + dt.timedelta(days=10),
    )
    latest = network.create_meeting(
        actor=actor,
        municipality=nykoping,
        held_on=today - dt.timedelta(days=5),
        place="Folkets hus",
        notes="Kvinnor för gemenskap berättade om IOP:n. Biblioteket utökar läxhjälpen till lördagar.",
        attending=list(made.values()),
    )
    network.add_follow_up(
        actor=actor,
        meeting=latest,
        text="Bjuda in Arbetsförmedlingen till nästa möte",
        responsible="Karin Lindqvist, Integrationsenheten",
        due_on=today + dt.timedelta(days=25),
    )


def _activities(made, users, culture, today) -> None:
    start = today - dt.timedelta(days=60)
    activities.create_association_activity(
        actor=users["admin"],
        association=made[MARK],
        unit=culture,
        name="Prova på fotboll",
        description="Träning för nybörjare; skor och kläder finns att låna.",
        place="Rosvalla, Nyköping",
        postcode="61145",
        schedule="tis och tors 17–19",
        hours_per_week=Decimal(4),
        places=30,
        languages=["sv", "ar", "so"],
        language_support=True,
        starts_on=start,
    )
    activities.create_association_activity(
        actor=users["admin"],
        association=made["Kvinnor för gemenskap i Nyköping"],
        unit=culture,
        name="Kvinnocafé med syjunta",
        description="Samtal på svenska vid symaskinerna; barnpassning finns.",
        place="Folkets hus, Nyköping",
        postcode="61131",
        schedule="mån och ons 18–20",
        hours_per_week=Decimal(4),
        places=15,
        languages=["sv", "ar", "ti", "fa"],
        language_support=True,
        starts_on=start,
    )


def load_civil(today: dt.date, users: dict, units: dict) -> None:
    """Write the register once: nothing when the sports club is there."""
    today = min(today, timezone.localdate())
    nykoping = Municipality.objects.get(code=data.NYKOPING)
    if Association.objects.filter(municipality=nykoping, name=MARK).exists():
        return
    actor = users["handlaggare"]
    made = _register(nykoping, actor, today)
    _meetings(nykoping, actor, made, today)
    _activities(made, users, units[(data.NYKOPING, "Kultur och fritid")], today)
