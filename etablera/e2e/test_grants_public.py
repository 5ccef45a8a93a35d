"""The associations' grant pages /medverka/bidrag/ (issue #17) in a real browser, checked with axe-core
(browser.Visitor): the list, the application form in Swedish, English and easy Swedish, a submission with errors
shown at their fields, the form filled in and sent with the keyboard only, the thanks page, the confirmation link
from the e-mail, a link that does not work, and the report back by the decision's link; the form on a phone."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from etablera.e2e.layout import layout_problems
from etablera.grants.models import Application, GrantProgramme
from etablera.grants.tokens import token_hash
from etablera.organisation.models import Municipality

REPORT_TOKEN = "e2e-aterrapport-token-" + "x" * 20
MAX_TABS = 60

# The element with focus: what it is, whether it has a label and a visible focus indicator (as test_keyboard.py).
_FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  const labelled = e.labels && e.labels.length ? Array.from(e.labels).map(l => l.innerText.trim()).join(' ') : '';
  return {
    tag: e.tagName.toLowerCase(), id: e.id, type: e.type || '', name: e.name || '',
    text: (e.innerText || '').trim().replace(/\\s+/g, ' ').slice(0, 100), label: labelled,
    focus: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none',
  };
}"""


@pytest.fixture
def programme(transactional_db):
    today = timezone.localdate()
    return GrantProgramme.objects.create(
        municipality=Municipality.objects.get(code="0480"),
        name="Mötesplatsbidraget",
        criteria="Verksamhet där nyanlända och andra i kommunen möts.",
        budget=80000,
        opens_on=today - dt.timedelta(days=3),
        closes_on=today + dt.timedelta(days=30),
        status=GrantProgramme.Status.OPEN,
        extra_fields=[
            {"name": "malgrupp", "label": "Vilka vänder ni er till?", "max_length": 200, "required": True}
        ],
    )


@pytest.fixture
def paid(programme):
    """A grant paid out, waiting for its report back by the link in the decision."""
    today = timezone.localdate()
    return Application.objects.create(
        programme=programme,
        municipality=programme.municipality,
        reference="BID-E2E-0001",
        association_name="Testföreningen",
        organisation_number="802000-1239",
        contact_name="Kim Kontakt",
        contact_email="kim@example.org",
        description="Språkcafé.",
        amount_applied=10000,
        amount_granted=8000,
        paid_amount=8000,
        paid_on=today,
        status=Application.Status.PAID,
        confirmed_at=timezone.now(),
        decided_at=timezone.now(),
        report_deadline=today + dt.timedelta(days=60),
        report_token_hash=token_hash(REPORT_TOKEN),
    )


def _focused(page) -> dict | None:
    return page.evaluate(_FOCUSED)


def _tab_to(page, wanted) -> dict:
    """Tab until `wanted(info)`; every stop on the way has a visible focus, a field has a label, and the honeypot
    (a field for bots) is never reached."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        info = _focused(page)
        if info is None:
            continue
        where = f"{info['tag']}#{info['id']} on {page.url}"
        assert info["focus"], f"no visible focus indicator: {where}"
        assert info["name"] != "webbplats", f"the honeypot took focus: {where}"
        if info["tag"] in ("input", "textarea", "select") and info["type"] != "hidden":
            assert info["label"], f"a field without a label: {where}"
        if wanted(info):
            return info
    raise AssertionError(f"not reached by Tab on {page.url}")


def test_the_application_form_with_errors_keyboard_and_confirmation(visitor, programme):
    person = visitor("anonymous")
    page = person.page
    person.goto("/medverka/bidrag/")
    assert "Mötesplatsbidraget" in person.text() and "Huvudmeny" not in person.text()
    with page.expect_navigation():
        page.get_by_role("link", name="Ansök om Mötesplatsbidraget").click()
    person.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Ansök om Mötesplatsbidraget"

    # Sent empty: the summary takes focus and links to the fields, each error stands at its field.
    person.submit(page.get_by_role("button", name="Skicka ansökan"), status=422)
    summary = page.get_by_role("alert")
    assert summary.is_visible()
    assert page.evaluate("() => document.activeElement.classList.contains('error-summary')")
    assert "Föreningens namn:" in summary.inner_text()
    for name in (
        "association_name",
        "organisation_number",
        "contact_email",
        "amount_applied",
        "extra_malgrupp",
    ):
        assert page.locator(f"#id_{name}_error").is_visible(), name
    assert page.locator("#id_association_name").get_attribute("aria-invalid") == "true"
    assert not Application.objects.exists()

    # Corrected with the keyboard only: from the summary by Tab through every field to the button, Enter sends.
    answers = {
        "id_association_name": "Föreningen Mötesplats",
        "id_organisation_number": "802000-1239",
        "id_contact_name": "Kim Kontakt",
        "id_contact_email": "kim@example.org",
        "id_contact_phone": "",
        "id_description": "Språkcafé varje tisdag.",
        "id_amount_applied": "12000",
        "id_extra_malgrupp": "Vuxna som är nya i kommunen",
    }
    for field_id, value in answers.items():
        _tab_to(page, lambda info, field_id=field_id: info["id"] == field_id)
        page.keyboard.press("Control+A")
        page.keyboard.type(value)
    _tab_to(page, lambda info: info["tag"] == "button" and info["text"] == "Skicka ansökan")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    person.check()
    assert page.url.endswith("/medverka/bidrag/tack/")
    assert page.get_by_role("heading", level=1).inner_text() == "Tack för ansökan"
    application = Application.objects.get()
    assert application.association_name == "Föreningen Mötesplats" and application.confirmed_at is None

    # The link in the e-mail: its page shows a button, and only the button confirms.
    link = re.search(r"(/medverka/bidrag/bekrafta/[^/\s]+/)", mail.outbox[-1].body).group(1)
    person.goto(link)
    assert application.reference in person.text()
    person.submit(page.get_by_role("button", name="Bekräfta ansökan"))
    assert page.get_by_role("heading", level=1).inner_text() == "Ansökan är bekräftad"
    application.refresh_from_db()
    assert application.confirmed_at is not None
    person.goto("/medverka/bidrag/bekrafta/" + "A" * 43 + "/", status=404)
    assert page.get_by_role("heading", level=1).inner_text() == "Länken fungerar inte"


def test_the_form_in_easy_swedish_and_english(visitor, programme):
    person = visitor("anonymous")
    page = person.page
    person.goto(f"/medverka/bidrag/{programme.public_id}/?lang=lattsvenska")
    assert page.get_by_role("heading", level=1).inner_text() == "Sök bidrag: Mötesplatsbidraget"
    assert "Pengarna kallas bidrag." in person.text()
    assert page.get_by_label("Hur mycket pengar vill ni ha?").is_visible()
    person.submit(page.get_by_role("button", name="Skicka ansökan"), status=422)
    assert "Något är fel. Rätta det och skicka igen." in page.get_by_role("alert").inner_text()
    assert page.locator("#id_contact_email_error").is_visible()
    page.get_by_label("Föreningens namn").fill("Lätta föreningen")
    page.get_by_label("Föreningens organisations-nummer").fill("802000-1239")
    page.get_by_label("Ditt namn").fill("Kim Kontakt")
    page.get_by_label("Din e-post").fill("kim@example.org")
    page.get_by_label("Vad vill ni göra med pengarna?").fill("Promenader.")
    page.get_by_label("Hur mycket pengar vill ni ha?").fill("3000")
    page.get_by_label("Vilka vänder ni er till?").fill("Alla")
    person.submit(page.get_by_role("button", name="Skicka ansökan"))
    assert "Klicka på länken. Då är ansökan klar." in person.text()
    assert Application.objects.get().association_name == "Lätta föreningen"

    person.goto(f"/medverka/bidrag/{programme.public_id}/")
    person.submit(page.get_by_role("button", name="English"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Svenska").is_visible()
    assert page.locator("#id_association_name").is_visible()

    phone = visitor("anonymous", width=390, height=800)
    phone.goto(f"/medverka/bidrag/{programme.public_id}/")
    assert not layout_problems(phone.page)


def test_the_report_back_by_the_decisions_link(visitor, paid):
    person = visitor("anonymous")
    page = person.page
    path = f"/medverka/bidrag/aterrapport/{REPORT_TOKEN}/"
    person.goto(path)
    assert page.get_by_role("heading", level=1).inner_text() == "Återrapport för BID-E2E-0001"
    person.submit(page.get_by_role("button", name="Skicka återrapporten"), status=422)
    assert page.get_by_role("alert").is_visible()
    assert page.locator("#id_report_text_error").is_visible()
    page.locator("#id_report_text").fill("Tolv träffar med språkcafé.")
    page.locator("#id_report_money_used").fill("7500")
    page.locator("#id_p_women_0").fill("4")
    person.submit(page.get_by_role("button", name="Skicka återrapporten"))
    assert page.get_by_role("heading", level=1).inner_text() == "Tack för återrapporten"
    paid.refresh_from_db()
    assert paid.status == Application.Status.REPORTED and paid.report_money_used == 7500
    person.goto(path, status=404)  # the link has done its work
