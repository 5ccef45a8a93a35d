"""The register extract's PDF shows the establishment part as tables: the mapping, the plan with its goals,
interventions and meetings, the programme, SFI with its break, civic orientation and the status per month — read
back from the PDF (etablera/testing/pdf.py), every part named also when it is empty."""

import datetime as dt

import pytest

from etablera.access import extract, pdf
from etablera.access.tests.test_extract import pdf_text
from etablera.establishment import services

pytestmark = pytest.mark.django_db


def _text(person, monkeypatch) -> str:
    content = extract.extract_pdf(extract.build_extract(person))
    assert content.startswith(b"%PDF-")
    monkeypatch.setattr(pdf, "FONT_DIRS", [])  # the core font, whose text can be read back
    return pdf_text(extract.extract_pdf(extract.build_extract(person)))


def test_the_pdf_shows_the_establishment_as_tables(alice, adult, units, today, monkeypatch):
    start = today - dt.timedelta(days=60)
    assessment = services.start_assessment(actor=alice, person=adult)
    services.add_work_experience(actor=alice, assessment=assessment, ssyk_code="5120", occupation="Kock")
    services.add_language(actor=alice, assessment=assessment, language="arabiska", level="MOTHER_TONGUE")
    plan = services.create_plan(actor=alice, person=adult, started_on=start)
    services.add_goal(actor=alice, plan=plan, area="LANGUAGE", description="Klara SFI kurs C")
    services.add_intervention(
        actor=alice,
        plan=plan,
        external_actor="Arbetsförmedlingen",
        what="Praktik i restaurang",
        start_date=start,
    )
    services.record_meeting(actor=alice, plan=plan, held_on=today, agreed_actions="Praktiken fortsätter")
    services.record_programme(actor=alice, person=adult, referral_date=start, start_date=start)
    sfi = services.record_sfi(
        actor=alice, person=adult, enrolled_on=start, course="C", study_path=3, start_date=start
    )
    services.add_sfi_interruption(
        actor=alice, enrolment=sfi, start_date=today - dt.timedelta(days=20), end_date=today, reason="Sjukdom"
    )
    services.set_monthly_status(actor=alice, person=adult, month=today, status="PROGRAMME", note="Heltid")

    text = _text(adult, monkeypatch)

    for expected in (
        "Etablering: kartl",  # "kartläggning" (ä is Latin-1: kept)
        "Yrkeskod",
        "5120",
        "Kock",
        "arabiska",
        "Etablering: planer",
        "Individuell plan",
        "Klara SFI kurs C",
        "Praktik i restaurang",
        "Arbetsförmedlingen",
        "Praktiken forts",
        "Etablering: etableringsprogrammet",
        start.isoformat(),
        "Etablering: SFI",
        "Kurs",
        "Sjukdom",
        "Etablering: status per m",
        today.strftime("%Y-%m"),
        "Etableringsprogrammet",
        "Heltid",
    ):
        assert expected in text, expected
    assert text.index("Etablering: kartl") < text.index("Etablering: planer") < text.index("Etablering: SFI")


def test_every_establishment_part_is_named_when_empty(adult, monkeypatch):
    text = _text(adult, monkeypatch)
    for title in ("kartl", "planer", "etableringsprogrammet", "SFI", "samh", "status per m"):
        assert f"Etablering: {title}" in text, title
    assert text.count("Inga uppgifter.") >= 6
