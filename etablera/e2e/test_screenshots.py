"""The screenshots in README.md and docs/user-guide.sv.md, taken from the demo data (all fictional):
`make screenshots` (ETABLERA_SCREENSHOTS=1) writes them to docs/screenshots/. Every page is checked with axe on
the way, as in the other browser tests."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from etablera.demo import data as demo_data
from etablera.demo import services as demo
from etablera.e2e.browser import screenshots_wanted
from etablera.e2e.layout import LAPTOP, PHONE
from etablera.people.models import Household, Person
from etablera.reception.models import Assignment, Task

pytestmark = pytest.mark.skipif(
    not screenshots_wanted(), reason="screenshots are taken by `make screenshots` (ETABLERA_SCREENSHOTS=1)"
)

WIDTH, HEIGHT = 1200, 760


def _import_file() -> bytes:
    today = timezone.localdate()
    rows = [
        ("MIG-2026-004101", "ABO", 12, 4),
        ("MIG-2026-004102", "kvotflykting", 9, 6),
        ("MIG-2026-004103", "anhörig", 5, 1),
        ("MIG-2026-004104", "anhörig", 2, 3),
    ]
    lines = ["referens;kommunkod;kategori;beslutsdatum;antal_personer"]
    lines += [f"{ref};0480;{cat};{today - dt.timedelta(days=days)};{n}" for ref, cat, days, n in rows]
    return ("\n".join(lines) + "\n").encode()


def test_the_screenshots(visitor, transactional_db):
    demo.load_demo()
    person = visitor("reception", width=WIDTH, height=HEIGHT)
    page = person.page

    person.goto("/logga-in/")
    page.get_by_label("Användarnamn").fill("handlaggare")
    person.screenshot("login.png")
    person.login("handlaggare", demo_data.PASSWORD)

    # Mina uppgifter with the first explanation of a due date opened.
    page.locator("details.why summary").first.click()
    person.screenshot("my-tasks.png")

    household = Household.objects.get(name="Familjen Haddad")
    person.goto(f"/hushall/{household.public_id}/")
    person.screenshot("household.png", full_page=True)
    # On a phone and on a laptop (issue #11): Mina uppgifter and the household, the screen as it first looks.
    for size in (PHONE, LAPTOP):
        page.set_viewport_size(size)
        person.screenshot(f"household-{size['width']}.png")
        person.goto("/uppgifter/")
        person.screenshot(f"my-tasks-{size['width']}.png")
        person.goto(f"/hushall/{household.public_id}/")
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})

    task = (
        Task.objects.filter(household=household, status=Task.Status.OPEN).order_by("due_date", "pk").first()
    )
    person.goto(f"/uppgifter/{task.pk}/")
    person.screenshot("task.png", full_page=True)

    person.goto("/anvisningar/")
    person.screenshot("assignments.png")

    waiting = (
        Assignment.objects.filter(
            status=Assignment.Status.ASSIGNED, household__isnull=False, municipality__code="0480"
        )
        .order_by("latest_reception_date")
        .first()
    )
    person.goto(f"/anvisningar/{waiting.pk}/")
    person.screenshot("assignment-arrival.png", full_page=True)

    # The planned arrival (issue #11): the date the journey is booked for, which the tasks before arrival follow.
    page.get_by_label("Planerad ankomst").fill(
        str(min(waiting.latest_reception_date, timezone.localdate() + dt.timedelta(days=10)))
    )
    person.submit(page.get_by_role("button", name="Spara planerad ankomst"))
    page.evaluate("() => document.getElementById('rubrik-fore-ankomst').scrollIntoView()")
    person.screenshot("assignment-planned-arrival.png")

    # The anvisningar list filtered (issue #11): this year's anvisningar that wait for their arrival.
    person.goto(f"/anvisningar/?ar={timezone.localdate().year}&status=ASSIGNED")
    person.screenshot("assignments-filtered.png")

    # The household search's hits (issue #11): enough to tell households apart, never a number.
    person.goto("/hushall/")
    page.get_by_label("Sök hushåll").fill("familjen")
    person.submit(page.get_by_role("button", name="Sök"))
    person.screenshot("household-search.png")

    # The household's composition (issue #11): former members and the household's history.
    person.goto(f"/hushall/{household.public_id}/")
    page.evaluate("() => document.getElementById('register').scrollIntoView()")
    person.screenshot("household-register.png")

    person.goto("/anvisningar/import/")
    page.get_by_label("CSV-fil").set_input_files(
        {"name": "anvisningar-november.csv", "mimeType": "text/csv", "buffer": _import_file()}
    )
    person.submit(page.get_by_role("button", name="Förhandsgranska"))
    assert page.get_by_role("button", name="Importera", exact=True).is_visible()
    person.screenshot("assignment-import.png", full_page=True)

    person.goto("/oversikt/")
    person.screenshot("overview.png", full_page=True)

    # Södermanland 2017 as of 14 August, reproduced from the individual anvisningar.
    person.goto("/rapporter/kommuntal/?year=2017&county=04&as_of=2017-08-14")
    assert "Nyköping" in page.get_by_role("table").inner_text()
    person.screenshot("quota-report.png", full_page=True)

    person.submit(page.get_by_role("button", name="English"))
    assert page.locator("html").get_attribute("lang") == "en"
    person.goto("/uppgifter/")
    person.screenshot("my-tasks-en.png")

    # The unit's tasks with take and assign (issue #11), and the caseload per caseworker, as the unit manager.
    manager = visitor("manager", width=WIDTH, height=HEIGHT)
    manager.login("enhetschef", demo_data.PASSWORD)
    manager.goto("/uppgifter/enhet/?handlaggare=ingen")
    manager.page.locator('input[name="uppgift"]').first.check()
    manager.screenshot("unit-tasks.png", full_page=True, max_height=1200)
    manager.goto("/uppgifter/arbetsbelastning/")
    manager.screenshot("caseload.png", full_page=True)

    # Boende (issue #5), as the housing caseworker: the queue, the matching and what temporary housing costs.
    housing = visitor("housing", width=WIDTH, height=HEIGHT)
    housing.login("bostad", demo_data.PASSWORD)
    housing.goto("/boende/")
    housing.page.locator("details.why summary").first.click()
    housing.screenshot("housing-queue.png", full_page=True)
    housing.goto("/boende/matchning/")
    housing.screenshot("housing-matching.png", full_page=True)
    housing.goto("/boende/tillfalligt/")
    housing.screenshot("housing-temporary.png", full_page=True)
    haddad = Household.objects.get(name="Familjen Haddad")
    housing.goto(f"/hushall/{haddad.public_id}/boende/")
    housing.screenshot("housing-need.png", full_page=True)


def test_the_establishment_screenshots(visitor, transactional_db):
    """The establishment phase (issue #12): Khaled's plan across units and his programme with the timeline, Rania's
    SIP, the unit's plans, the programmes that end, and the cohort outcomes as the statistics role."""
    demo.load_demo()
    person = visitor("reception", width=WIDTH, height=HEIGHT)
    page = person.page
    person.login("handlaggare", demo_data.PASSWORD)

    haddad = Household.objects.get(name="Familjen Haddad")
    khaled = haddad.members.get(first_name="Khaled")
    rania = haddad.members.get(first_name="Rania")
    page.set_viewport_size({"width": WIDTH, "height": 1100})
    person.goto(f"/personer/{khaled.public_id}/etablering/")
    page.evaluate("() => document.getElementById('plan').scrollIntoView()")
    person.screenshot("establishment-plan.png")
    page.evaluate("() => document.getElementById('program').scrollIntoView()")
    person.screenshot("establishment-programme.png")
    person.goto(f"/personer/{rania.public_id}/etablering/")
    page.evaluate("() => document.getElementById('plan').scrollIntoView()")
    person.screenshot("establishment-sip.png")
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})

    person.goto("/etablering/planer/")
    person.screenshot("establishment-plans.png", full_page=True)
    person.goto("/etablering/program-slutar/")
    person.screenshot("establishment-programme-ending.png", full_page=True)

    statistics = visitor("statistics", width=WIDTH, height=HEIGHT)
    statistics.login("statistik", demo_data.PASSWORD)
    # The demo's cohorts came four and three years ago; by sex, so that most cells have five persons or more.
    year = timezone.localdate().year
    statistics.goto(f"/etablering/utfall/?kommun=0480&kohort={year - 4}&till={year - 3}&dela=sex")
    statistics.screenshot("establishment-outcomes.png", full_page=True, max_height=1800)


def test_the_activity_screenshots(visitor, transactional_db):
    """The activity requirement (issue #13): social services' list of who is covered and Yohannes's requirement,
    his week, the proposals for Samuel, the placements and "Räcker utbudet?" — each page checked with axe."""
    demo.load_demo()
    yohannes = Person.objects.get(first_name="Yohannes")
    samuel = Person.objects.get(first_name="Samuel")

    social = visitor("social", width=WIDTH, height=HEIGHT)
    social.login("soc", demo_data.PASSWORD)
    social.goto("/aktivitetskrav/")
    social.screenshot("activity-requirement.png", full_page=True)
    social.goto(f"/personer/{yohannes.public_id}/aktivitetskrav/")
    social.screenshot("activity-person.png", full_page=True, max_height=1800)

    labour = visitor("labour", width=WIDTH, height=HEIGHT)
    labour.login("arbetsmarknad", demo_data.PASSWORD)
    labour.goto(f"/personer/{yohannes.public_id}/aktivitetskrav/vecka/")
    labour.screenshot("activity-week.png", full_page=True, max_height=1800)
    labour.goto(f"/personer/{samuel.public_id}/aktivitetskrav/forslag/")
    labour.screenshot("activity-proposals.png", full_page=True, max_height=1800)
    labour.goto("/arbete/praktikplatser/")
    labour.screenshot("activity-placements.png", full_page=True)
    labour.goto("/aktivitetskrav/utbud/")
    labour.screenshot("activity-offer.png", full_page=True, max_height=1800)


def test_the_minors_screenshots(visitor, transactional_db):
    """Unaccompanied minors (issue #14): social services' list by next legal date, Mustafa's page (placements,
    representatives, the next dates with "why this date", his plan) and the placements with their cost — each page
    checked with axe."""
    demo.load_demo()
    mustafa = Person.objects.get(first_name="Mustafa", category="UNACCOMPANIED_MINOR")

    social = visitor("social", width=WIDTH, height=HEIGHT)
    social.login("soc", demo_data.PASSWORD)
    social.goto("/barn/")
    social.page.locator("details.why summary").first.click()
    social.screenshot("minors-list.png", full_page=True, max_height=1800)
    social.goto(f"/personer/{mustafa.public_id}/barn/")
    social.screenshot("minors-child.png", full_page=True, max_height=2400)
    social.goto("/barn/placeringar/")
    social.screenshot("minors-placements.png", full_page=True, max_height=1800)


def test_the_money_screenshots(visitor, transactional_db):
    """Money (issue #15): the controller's year per month (chart and table), the reconciliation of payments with
    the missing one first, the claims with the one about to expire, and the forecast; and the reception's view of
    last month's costs per household (names only for those it sees) — each page checked with axe."""
    demo.load_demo()
    last_month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")

    controller = visitor("controller", width=WIDTH, height=HEIGHT)
    controller.login("ekonomi", demo_data.PASSWORD)
    controller.goto("/ersattning/")
    controller.screenshot("money-overview.png", full_page=True, max_height=1800)
    controller.goto("/ersattning/inbetalningar/")
    controller.screenshot("money-payments.png", full_page=True, max_height=1800)
    controller.goto("/ersattning/ansokningar/")
    controller.screenshot("money-claims.png", full_page=True, max_height=1800)
    controller.goto("/ersattning/prognos/")
    controller.screenshot("money-forecast.png", full_page=True, max_height=1800)

    reception = visitor("reception", width=WIDTH, height=HEIGHT)
    reception.login("handlaggare", demo_data.PASSWORD)
    reception.goto(f"/ersattning/kostnader/{last_month}/")
    reception.screenshot("money-costs.png", full_page=True, max_height=1400)


def test_the_letters_screenshots(visitor, transactional_db):
    """Letters in the newcomer's language (issue #18): DEMO-ANV-001's welcome letter in Arabic (right to left) and
    in Tigrinya (Ethiopic script), as the print page shows them — each page checked with axe."""
    demo.load_demo()
    household = Household.objects.get(assignments__reference="DEMO-ANV-001")
    reception = visitor("reception", width=WIDTH, height=HEIGHT)
    reception.login("handlaggare", demo_data.PASSWORD)
    reception.goto(f"/hushall/{household.public_id}/moten/")
    reception.screenshot("letters-household.png", full_page=True, max_height=1400)
    reception.goto(f"/hushall/{household.public_id}/valkomstbrev/ar/")
    reception.screenshot("letters-welcome-ar.png", full_page=True, max_height=1800)
    reception.goto(f"/hushall/{household.public_id}/valkomstbrev/ti/")
    reception.screenshot("letters-welcome-ti.png", full_page=True, max_height=1800)


def test_the_civil_society_screenshots(visitor, transactional_db):
    """Civil society (issue #17) and the staff's notices (issue #18): the overview, an association, a network
    meeting, the volunteers, Rania's wish with its ranked proposals, the grant programmes and the public sign-up;
    the notices page and the administrator's schedule — each page checked with axe."""
    from etablera.civil.models import Association, NetworkMeeting
    from etablera.volunteers.models import NewcomerWish

    demo.load_demo()
    reception = visitor("reception", width=WIDTH, height=HEIGHT)
    reception.login("handlaggare", demo_data.PASSWORD)
    reception.goto("/civilsamhallet/")
    reception.screenshot("civil-overview.png", full_page=True, max_height=1400)
    association = Association.objects.get(name="Nyköpings Idrottsklubb")
    reception.goto(f"/civilsamhallet/foreningar/{association.public_id}/")
    reception.screenshot("civil-association.png", full_page=True, max_height=1800)
    meeting = NetworkMeeting.objects.order_by("-held_on").first()
    reception.goto(f"/civilsamhallet/natverk/{meeting.public_id}/")
    reception.screenshot("civil-meeting.png", full_page=True, max_height=1400)
    reception.goto("/civilsamhallet/volontarer/")
    reception.screenshot("volunteers-list.png", full_page=True, max_height=1400)
    wish = NewcomerWish.objects.filter(status=NewcomerWish.Status.WAITING).order_by("pk").first()
    reception.goto(f"/civilsamhallet/matchningar/onskan/{wish.public_id}/")
    reception.screenshot("volunteers-proposals.png", full_page=True, max_height=1800)
    reception.goto("/civilsamhallet/bidrag/")
    reception.screenshot("grants-programmes.png", full_page=True, max_height=1400)
    reception.goto("/aviseringar/")
    reception.screenshot("notices.png", full_page=True, max_height=1400)

    resident = visitor("resident", width=WIDTH, height=HEIGHT)
    resident.goto("/medverka/?kommun=0480")
    resident.screenshot("volunteers-sign-up.png", full_page=True, max_height=1800)

    admin = visitor("admin", width=WIDTH, height=HEIGHT)
    admin.login("admin", demo_data.PASSWORD)
    admin.goto("/bakgrund/schema/")
    admin.screenshot("schedule.png", full_page=True, max_height=1400)
