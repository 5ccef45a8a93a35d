"""The housing pages (issue #5) in a real browser with the demo data: every kind of page, its forms' errors and the
matching, checked with axe-core (browser.Visitor); the chart's page on a narrow screen; the statistics role sees
the figures and no household; and the housing officer's main journey by keyboard alone."""

from __future__ import annotations

import pytest

from etablera.demo import data as demo_data
from etablera.housing.models import Contract, HousingNeed, HousingUnit
from etablera.testing import demo  # the demo, written back after this process's first load


@pytest.fixture
def demo_site(transactional_db):
    demo.load_demo()


def test_every_housing_page_and_its_errors_have_no_serious_violation(visitor, demo_site):
    person = visitor("housing")
    person.login("bostad", demo_data.PASSWORD)
    person.submit(person.menu("Boende"))
    assert person.page.get_by_role("heading", level=1).inner_text() == "Bostadskö"
    for path in (
        "/boende/bostader/",
        "/boende/bostader/?visa=all",
        "/boende/kontrakt/",
        "/boende/tillfalligt/",
        "/boende/unga-vuxna/",
        "/boende/bostader/import/",
    ):
        person.goto(path)

    unit = HousingUnit.objects.filter(is_active=True).order_by("pk").first()
    person.goto(f"/boende/bostader/{unit.pk}/")
    person.goto(f"/boende/bostader/{unit.pk}/andra/")
    person.goto("/boende/bostader/ny/")
    person.submit(person.page.get_by_role("button", name="Registrera bostaden"))
    assert person.page.get_by_role("alert").is_visible()  # the error summary, each error at its field

    need = HousingNeed.objects.filter(status=HousingNeed.Status.WAITING).order_by("pk").first()
    household = need.household.public_id
    person.goto(f"/hushall/{household}/")
    person.goto(f"/hushall/{household}/boende/")
    person.page.get_by_label("Antal sovrum enligt bedömning (frivilligt)").fill("4")
    person.submit(person.page.get_by_role("button", name="Spara bostadsbehovet"))
    assert "Ange skäl när antalet sovrum avviker från normen." in person.text()
    person.goto(f"/hushall/{household}/kontrakt/ny/")
    person.submit(person.page.get_by_role("button", name="Spara utkast till kontrakt"))
    assert person.page.get_by_role("alert").is_visible()

    contract = Contract.objects.filter(
        status=Contract.Status.ACTIVE, household__housing_need__status="TEMPORARY"
    )
    person.goto(f"/boende/kontrakt/{contract.order_by('pk').first().public_id}/")

    person.goto("/boende/matchning/")
    person.submit(person.page.get_by_role("button", name="Kör matchningen"))
    assert "Först till kvarn" in person.text()


def test_the_chart_page_reflows_on_a_narrow_screen(visitor, demo_site):
    narrow = visitor("housing", width=320, height=640)
    narrow.login("bostad", demo_data.PASSWORD)
    for path in ("/boende/", "/boende/tillfalligt/", "/boende/bostader/"):
        narrow.goto(path)
        overflow = narrow.page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than a 320px screen"


def test_statistics_sees_the_figures_and_no_household(visitor, demo_site):
    person = visitor("statistics")
    person.login("statistik", demo_data.PASSWORD)
    person.submit(person.menu("Boende"))
    assert person.page.url.endswith("/boende/tillfalligt/")
    assert person.page.locator("svg.chart").count() == 1
    assert person.page.get_by_role("heading", name="Hushållen").count() == 0
    person.goto("/boende/", status=403)


def test_the_housing_officer_registers_a_need_by_keyboard(visitor, demo_site):
    """From the queue to a household's need and back, with Tab and Enter only; focus visible at every stop."""
    person = visitor("housing")
    person.login("bostad", demo_data.PASSWORD)
    person.goto("/boende/")
    link = person.page.locator("table a[href$='/boende/']").first
    href = link.get_attribute("href")
    for _ in range(80):  # Tab until the first "Bostadsbehov" link of the queue has focus
        person.page.keyboard.press("Tab")
        if person.page.evaluate("() => document.activeElement.getAttribute('href')") == href:
            break
    else:
        pytest.fail("the queue's first need link is not reachable by Tab")
    outline = person.page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    with person.page.expect_navigation():
        person.page.keyboard.press("Enter")
    person.check()
    person.page.get_by_label("Önskat område (frivilligt)").focus()
    person.page.keyboard.type("Centrum")
    button = person.page.get_by_role("button", name="Spara bostadsbehovet")
    button.focus()
    with person.page.expect_navigation():
        person.page.keyboard.press("Enter")
    person.check()
    assert "Bostadsbehovet är sparat." in person.text()
