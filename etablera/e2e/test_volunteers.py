"""The volunteers' public sign-up /medverka/ (issue #17) in a real browser, checked with axe-core
(browser.Visitor): the form, its errors at their fields, the thanks page, easy Swedish and English, the
confirmation link from the e-mail, and the layout on a phone. Also the staff's volunteer pages with the demo."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from etablera.demo import data as demo_data
from etablera.e2e.layout import layout_problems
from etablera.testing import demo  # the demo, written back after this process's first load
from etablera.volunteers.models import Match, Volunteer


@pytest.fixture
def demo_site(transactional_db):
    demo.load_demo()


def test_the_public_sign_up_has_no_serious_violation(visitor, demo_site):
    person = visitor("anonymous")
    person.goto("/medverka/?kommun=0480")
    assert person.page.get_by_role("heading", level=1).inner_text() == "Bli volontär eller språkvän"
    assert "Huvudmeny" not in person.text()
    person.submit(person.page.get_by_role("button", name="Skicka anmälan"))
    assert person.page.get_by_role("alert").is_visible()
    assert "Välj minst en sak du vill göra." in person.text()
    person.page.locator("#id_name").fill("Test Testsson")
    person.page.locator("#id_email").fill("test@example.org")
    person.page.get_by_label("Språkvän", exact=True).check()
    person.page.get_by_label("arabiska", exact=True).check()
    person.page.locator("#id_consent").check()
    person.submit(person.page.get_by_role("button", name="Skicka anmälan"))
    assert "Tack för din anmälan" in person.text()
    link = re.search(r"(/medverka/bekrafta/[^/\s]+/)", mail.outbox[-1].body).group(1)
    person.goto(link)
    person.submit(person.page.get_by_role("button", name="Bekräfta"))
    assert Volunteer.objects.get(email="test@example.org").status == Volunteer.Status.CONFIRMED
    person.goto("/medverka/bekrafta/" + "A" * 43 + "/", status=404)
    person.goto("/medverka/?lang=lattsvenska")
    assert "Vill du hjälpa någon som är ny i Sverige?" in person.text()
    person.submit(person.page.get_by_role("button", name="English"))
    assert person.page.locator("html").get_attribute("lang") == "en"
    phone = visitor("anonymous", width=390, height=800)
    phone.goto("/medverka/")
    assert not layout_problems(phone.page)


def test_the_staff_volunteer_pages_have_no_serious_violation(visitor, demo_site):
    person = visitor("reception")
    person.login("handlaggare", demo_data.PASSWORD)
    person.goto("/civilsamhallet/volontarer/")
    assert "Anna Berg" in person.text()
    anna = Volunteer.objects.get(email="anna.berg@example.org")
    person.goto(f"/civilsamhallet/volontarer/{anna.public_id}/")
    person.goto("/civilsamhallet/volontarer/rapport/")
    person.goto("/civilsamhallet/matchningar/")
    match = Match.objects.get()
    person.goto(f"/civilsamhallet/matchningar/{match.public_id}/")
    person.goto(f"/civilsamhallet/matchningar/onskan/{match.wish.public_id}/")
