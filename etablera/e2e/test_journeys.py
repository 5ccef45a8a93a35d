"""The main journeys in a real browser, as the people who make them: sign in, import anvisningar, register an
arrival, work the tasks, read the quota report; and a user who must not see a household finds no trace of it.
Every page on the way is checked with axe-core (browser.Visitor)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from etablera.organisation.models import Unit
from etablera.reception import services
from etablera.reception.models import Assignment, Task
from etablera.testing.factories import HouseholdFactory


def _days_ago(days: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=days)).isoformat()


def _received(alice, household, reference, *, decided=30, arrived=10):
    assignment = services.create_assignment(
        actor=alice,
        municipality=household.municipality,
        reference=reference,
        category="ASSIGNED_FROM_FACILITY",
        decision_date=timezone.localdate() - dt.timedelta(days=decided),
        household=household,
    )
    return services.receive_household(
        actor=alice, assignment=assignment, arrival_date=timezone.localdate() - dt.timedelta(days=arrived)
    )


def test_signing_in(visitor, alice):
    person = visitor("anonymous")
    person.goto("/uppgifter/")  # not signed in: the login page, which remembers where to go
    assert "/logga-in/" in person.page.url

    person.page.get_by_label("Användarnamn").fill("alice")
    person.page.get_by_label("Lösenord").fill("fel-lösenord")
    person.submit(person.page.get_by_role("button", name="Logga in"))
    alert = person.page.get_by_role("alert")
    assert "Ange ett korrekt användarnamn och lösenord" in alert.inner_text()

    person.page.get_by_label("Lösenord").fill("korrekt-häst-batteri")
    person.submit(person.page.get_by_role("button", name="Logga in"))
    assert person.page.url.endswith("/uppgifter/")
    assert person.page.get_by_role("heading", level=1).inner_text() == "Mina uppgifter"
    assert "Alice" in person.page.locator(".user-menu").inner_text()

    person.submit(person.page.get_by_role("button", name="Logga ut"))
    assert "/logga-in/" in person.page.url


def test_importing_anvisningar(visitor, alice, nykoping):
    header = "referens;kommunkod;kategori;beslutsdatum;antal_personer;status;mottagningsdatum\n"
    broken = header + f"IMP-1;0480;ABO;{_days_ago(20)};3;;\nIMP-2;0480;okänd;{_days_ago(10)};två;;\n"
    good = (
        header
        + f"IMP-1;0480;ABO;{_days_ago(20)};3;;\n"
        + f"IMP-2;0480;kvotflykting;{_days_ago(40)};5;mottagen;{_days_ago(5)}\n"
        + f"IMP-3;0480;anhörig;{_days_ago(3)};1;anvisad;\n"
    )
    person = visitor("reception")
    person.login("alice")
    person.submit(person.menu("Anvisningar"))
    person.submit(person.page.get_by_role("link", name="Importera anvisningar"))

    # A file with errors: every error by row, announced, and nothing saved.
    file_input = person.page.get_by_label("CSV-fil")
    file_input.set_input_files({"name": "fel.csv", "mimeType": "text/csv", "buffer": broken.encode()})
    person.submit(person.page.get_by_role("button", name="Förhandsgranska"))
    alert = person.page.get_by_role("alert")
    assert "Filen har 2 fel. Ingenting har sparats." in alert.inner_text()
    errors = person.page.get_by_role("table", name="Fel i fel.csv").inner_text()
    assert "unknown_category" in errors and "invalid_number" in errors
    assert not Assignment.objects.exists()

    # The corrected file: a preview that saves nothing, then the import.
    person.page.get_by_label("CSV-fil").set_input_files(
        {"name": "anvisningar.csv", "mimeType": "text/csv", "buffer": good.encode()}
    )
    person.submit(person.page.get_by_role("button", name="Förhandsgranska"))
    preview = person.page.get_by_role("region", name="Förhandsgranskning av anvisningar.csv").inner_text()
    assert "Nya anvisningar\n3" in preview or "Nya anvisningar\t3" in preview
    assert not Assignment.objects.exists()

    person.submit(person.page.get_by_role("button", name="Importera", exact=True))
    assert person.page.url.endswith("/anvisningar/")
    assert "Importen är klar: 3 nya, 0 ändrade och 0 oförändrade anvisningar." in person.page.inner_text(
        "main"
    )
    listing = person.page.get_by_role("table").inner_text()
    assert all(reference in listing for reference in ("IMP-1", "IMP-2", "IMP-3"))
    assert Assignment.objects.get(reference="IMP-2").status == Assignment.Status.RECEIVED


def test_registering_an_anvisning_and_the_arrival(visitor, alice, nykoping):
    person = visitor("reception")
    person.login("alice")
    person.goto("/anvisningar/ny/")

    # Nothing filled in: the errors are summarised at the top, announced, and link to their fields.
    person.submit(person.page.get_by_role("button", name="Registrera anvisningen"))
    summary = person.page.get_by_role("alert")
    assert "Migrationsverkets referens" in summary.inner_text()
    assert summary.get_by_role("link").first.get_attribute("href").startswith("#id_")

    page = person.page
    page.get_by_label("Migrationsverkets referens").fill("MIG-E2E-0001")
    page.get_by_label("Kategori").select_option("RESETTLED")
    page.get_by_label("Beslutsdatum").fill(_days_ago(12))
    page.get_by_label("Hushållets benämning").fill("Familjen Webbläsare")
    page.fill("#id_members-0-first_name", "Amira")
    page.fill("#id_members-0-last_name", "Webbläsare")
    page.fill("#id_members-0-birth_date", "1988-04-02")
    page.fill("#id_members-1-first_name", "Sami")
    page.fill("#id_members-1-last_name", "Webbläsare")
    page.select_option("#id_members-1-relation", "CHILD")
    page.fill("#id_members-1-birth_date", (timezone.localdate() - dt.timedelta(days=9 * 365)).isoformat())
    person.submit(page.get_by_role("button", name="Registrera anvisningen"))
    assert "Anvisningen MIG-E2E-0001 är registrerad med 2 personer." in page.inner_text("main")
    assert page.get_by_role("heading", level=1).inner_text() == "Anvisning MIG-E2E-0001"

    page.get_by_label("Ankomstdatum (kommunmottagen)").fill(_days_ago(1))
    person.submit(page.get_by_role("button", name="Registrera ankomst"))
    assert "/hushall/" in page.url
    assert "Ankomsten är registrerad och anvisningen avräknad." in page.inner_text("main")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Familjen Webbläsare")
    assignment = Assignment.objects.get(reference="MIG-E2E-0001")
    assert assignment.status == Assignment.Status.RECEIVED
    tasks = Task.objects.filter(household=assignment.household)
    assert tasks.count() > 5
    # The household page lists the tasks that were created, the child's school among them.
    assert tasks.filter(person__first_name="Sami").exists()
    assert tasks.filter(person__first_name="Sami").first().title in page.inner_text("main")


def test_working_the_tasks(visitor, alice, bob, units, nykoping):
    case = _received(
        alice,
        HouseholdFactory.with_members([35, 6], municipality=nykoping, name="Familjen Uppgift"),
        "MIG-E2E-T",
    )
    reception = units[Unit.Function.RECEPTION]
    first, second, third = Task.objects.filter(case=case, unit=reception, status=Task.Status.OPEN).order_by(
        "pk"
    )[:3]

    person = visitor("reception")
    person.login("alice")
    person.submit(person.menu("Enhetens uppgifter"))

    # Complete: from the unit's list, with a note.
    person.submit(person.page.get_by_role("link", name=first.title).first)
    person.page.get_by_label("Anteckning (frivillig)").fill("Klart vid hembesöket.")
    person.submit(person.page.get_by_role("button", name="Markera som klar"))
    first.refresh_from_db()
    assert first.status == Task.Status.DONE
    assert "Klart vid hembesöket." in person.page.inner_text("main")

    # Not applicable: without a reason first (the error is announced), then with one.
    person.goto(f"/uppgifter/{second.pk}/")
    person.submit(person.page.get_by_role("button", name="Markera som inte aktuell"))
    assert person.page.get_by_role("alert").is_visible()
    second.refresh_from_db()
    assert second.status == Task.Status.OPEN
    person.page.get_by_label("Skäl till att uppgiften inte är aktuell").fill("Familjen har redan ordnat det.")
    person.submit(person.page.get_by_role("button", name="Markera som inte aktuell"))
    second.refresh_from_db()
    assert second.status == Task.Status.NOT_APPLICABLE

    # Reassign to SFI: the SFI caseworker now has it in the unit's list.
    person.goto(f"/uppgifter/{third.pk}/")
    person.page.get_by_label("Ny ansvarig enhet").select_option(label="SFI")
    person.submit(person.page.get_by_role("button", name="Lämna över"))
    third.refresh_from_db()
    assert third.unit == units[Unit.Function.SFI]

    colleague = visitor("colleague")
    colleague.login("bob")
    colleague.submit(colleague.menu("Enhetens uppgifter"))
    assert colleague.page.get_by_role("link", name=third.title).count() >= 1
    colleague.submit(colleague.page.get_by_role("link", name=third.title).first)
    assert colleague.page.get_by_role("heading", level=1).inner_text() == third.title


def test_reading_the_quota_report(visitor, alice, stina, nykoping, enkoping):
    year = timezone.localdate().year
    services.set_quota(actor=None, municipality=nykoping, year=year, quota=40)
    household = HouseholdFactory.with_members([30], municipality=nykoping, name="Familjen Kvot")
    _received(alice, household, "MIG-E2E-Q1", decided=40, arrived=5)
    services.create_assignment(
        actor=None,
        municipality=nykoping,
        reference="MIG-E2E-Q2",
        category="FAMILY_REUNIFICATION",
        decision_date=timezone.localdate() - dt.timedelta(days=3),
        person_count=3,
    )

    person = visitor("statistics")
    person.login("stina")
    assert person.page.url.endswith("/oversikt/")  # statistics starts at the figures
    person.submit(person.menu("Kommuntal"))
    page = person.page
    page.get_by_role("spinbutton", name="År", exact=True).fill(str(year))  # not the table named "… års …"
    page.get_by_label("Län", exact=True).select_option("04")
    page.get_by_label("Kommun", exact=True).select_option("0480")
    person.submit(page.get_by_role("button", name="Visa"))

    table = page.get_by_role("table")
    assert f"{year} års kommuntal" in table.locator("caption").inner_text()
    row = table.get_by_role("row", name="Nyköping").inner_text().split("\t")
    assert [cell.strip() for cell in row] == ["Nyköping", "40", "4", "1", "39"]
    # The report has no personal data: not even the name of the household that was counted.
    assert "Familjen Kvot" not in page.content()


@pytest.mark.parametrize("who", ["bob", "charlie", "stina"])
def test_a_user_who_must_not_see_a_household_finds_no_trace_of_it(
    visitor, who, alice, bob, charlie, stina, nykoping
):
    """A household of one child has no SFI task, so SFI (bob) may not see it; nor may Enköping (charlie) or the
    statistics role (stina). Whatever page they can reach, neither the household's nor the child's name is on it,
    and its addresses answer the same 404 as a page that does not exist."""
    secret = _received(
        alice,
        HouseholdFactory.with_members([10], municipality=nykoping, name="Familjen Hemlighet"),
        "MIG-E2E-S",
    )
    secret.household.members.update(first_name="Zelmira", last_name="Hemlighetsdotter")
    # A household bob does see (an adult: SFI has a task), so that his pages are not simply empty.
    _received(
        alice, HouseholdFactory.with_members([40], municipality=nykoping, name="Familjen Synlig"), "MIG-E2E-V"
    )
    hidden_task = Task.objects.filter(case=secret).order_by("pk").first()
    secrets = ("Hemlighet", "Zelmira", str(secret.household.public_id), "MIG-E2E-S")

    def assert_no_trace(where, *, asked_for=""):
        text = person.text().replace(f'name="next" type="hidden" value="{asked_for}"', "")
        assert not [s for s in secrets if s in text], f"{who} sees a trace of the household on {where}"

    person = visitor({"bob": "colleague", "charlie": "outsider", "stina": "statistics"}[who])
    person.login(who)
    assert_no_trace(person.page.url)
    shown = ""
    for link in person.page.get_by_role("navigation", name="Huvudmeny").get_by_role("link").all():
        href = link.get_attribute("href")
        person.goto(href)
        assert_no_trace(href)
        shown += person.text()
    if who == "bob":
        assert "Familjen Synlig" in shown  # the pages do show households, just not this one

    if who != "stina":  # statistics has no household search
        for query in ("Hemlighet", "Zelmira"):
            person.goto("/hushall/")
            person.page.get_by_label("Sök hushåll").fill(query)
            person.submit(person.page.get_by_role("button", name="Sök", exact=True))
            assert "Inga hushåll som du har tillgång till matchar" in person.page.inner_text("main")
            assert str(secret.household.public_id) not in person.text()

    for path in (f"/hushall/{secret.household.public_id}/", f"/uppgifter/{hidden_task.pk}/"):
        if who == "stina":
            person.goto(path)  # statistics is sent to the overview before anything is looked up
            assert person.page.url.endswith("/oversikt/")
        else:
            person.goto(path, status=404)
            assert person.page.get_by_role("heading", level=1).inner_text() == "Sidan finns inte"
        # The address they typed comes back only in the language switch's "next" field.
        assert_no_trace(path, asked_for=path)
