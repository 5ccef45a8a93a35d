"""Stored text is shown as text everywhere (issue #9, finding 6).

Every free-text field of the permission matrix's household H (names, references, notes, task notes and reasons,
consent purposes, the break-glass reason, homes, contracts, needs, proposals, audit summaries, user and unit names)
holds markup, a template expression and a formula prefix. Then the owner and the administrator walk every URL and
API operation of the matrix (its rows come from the URL resolver and the OpenAPI document, so a new page is walked
as soon as it has a row there, and fails here if nobody can reach it with content), submit every form they are shown
with hostile values, and fetch every download a page links to. Pages must never contain the markup unescaped,
exports must defuse every formula cell, PDFs must set the text literally, and the API answers JSON only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from urllib.parse import urljoin

import pytest
from django.db import transaction

from etablera.access import services as access_services
from etablera.access.sections import Section
from etablera.access.tests.matrix import CASES
from etablera.access.tests.matrix.urls import api_operations, web_url_names
from etablera.access.tests.matrix.world import (
    clients_for,  # new clients signed in as a role
    worlds,  # noqa: F401 — `worlds` is a fixture
)
from etablera.activity.models import SupportMonth
from etablera.housing import services as housing
from etablera.housing.models import HousingUnit, MatchProposal, MatchRun
from etablera.organisation.models import ApiToken, Membership, Unit
from etablera.people.models import Category, HouseholdMember, Person
from etablera.reception import services
from etablera.reception.models import Task
from etablera.testing import hostile as h
from etablera.testing.factories import PersonFactory
from etablera.web.exports import safe_cell

# The owner (reception) and the administrator; and social services (issue #13), who alone reach the activity
# requirement's pages: the world's household H has a month of försörjningsstöd, which makes it theirs to see.
# And the county board (issue #16), who alone reaches the county's pages — and is walked through those only.
WALKERS = ("owner", "admin", "social", "county")
COUNTY_ONLY = "county_"  # the county board's URL names begin so
# PDFs that hold figures and no person (issue #16), also when made in the background (issue #18).
FIGURES_ONLY_PDFS = {"followup_board_report", "background_job_file"}

# Pages that show the household's, person's or home's text: each must show the escaped markup to at least one walker
# (else the walk proves nothing about it).
MUST_SHOW = {
    "my_tasks",
    "unit_tasks",
    "task_detail",
    "household_detail",
    "assignment_list",
    "assignment_detail",
    "person_detail",
    "access_log",
    "access_history",
    "break_glass_review",
    "housing_queue",
    "housing_units",
    "housing_unit_detail",
    "housing_contracts_ending",
    "housing_contract_detail",
    "housing_matching",
    "housing_temporary",
    "housing_young_adults",
    "household_housing_need",
    # The administrator's pages list the accounts by name (issue #9, finding 7).
    "administration",
    "account_detail",
}


# Pages whose downloads (CSV and Excel, or PDF and JSON) must have been fetched and checked.
DOWNLOADS = {
    "quota_report",
    "access_log",
    "access_history",
    "register_extract",
    "housing_queue",
    "housing_units",
    "housing_contracts_ending",
    "housing_temporary",
    "housing_young_adults",
}


@dataclasses.dataclass
class Hostile:
    world: object
    break_glass: object


def _fill(model, pk, **values):
    model.objects.filter(pk=pk).update(**values)


@pytest.fixture
def stored(worlds, alice, sigrid, lena, today, monkeypatch):  # noqa: F811 — the matrix's fixture
    """The matrix's household H with hostile text in every field a person types."""
    world = worlds["H"]
    users = world.users
    household, person = world.household, world.person
    users["social"] = sigrid
    users["county"] = lena
    month = SupportMonth.objects.create(
        household=household, municipality=household.municipality, month=today.replace(day=1), amount=9000
    )
    month.persons.add(person)
    # Names of accounts and units come from the identity provider or the operators: shown as text all the same.
    for role, prefix in (("owner", "@SUM(A1)"), ("colleague", "+1+1"), ("admin", "-2+3")):
        _fill(type(users[role]), users[role].pk, last_name=h.hostile(prefix, 150))
    # The owner may reveal protected addresses (the reveal page is one of the page kinds walked).
    Membership.objects.filter(user=alice).update(may_view_protected_address=True)
    # The administrator produces register extracts for data subjects (finding 2: a permission of its own).
    Membership.objects.filter(user=users["admin"]).update(may_produce_register_extract=True)
    consent_unit = world.consent.units.first()
    _fill(Unit, consent_unit.pk, name=h.hostile("=1", 200))

    # A control character as well: openpyxl refuses to write one, so an export must drop it rather than fail.
    _fill(type(household), household.pk, name=h.hostile(h.FORMULAS[0], 190) + h.CONTROL)
    _fill(
        Person,
        person.pk,
        first_name=f"+1+1 {h.MARKDOWN} {h.SCRIPT}",
        last_name=f"{h.IMG} {h.BRACES}{h.CONTROL}",
        languages=h.SCRIPT,
        interpreter_language="@SUM(A1)",
        citizenship=h.BRACES,
    )
    Person.objects.filter(household_memberships__household=household).exclude(pk=person.pk).update(
        last_name=h.hostile("-2+3", 100)
    )
    # A young person in a placement turns 18 within the year: the young adults' list and its export.
    young = PersonFactory(
        municipality=household.municipality,
        first_name="-2+3",
        last_name=h.hostile("\t=1", 100),
        birth_date=dt.date(today.year - 18, today.month, 1) + dt.timedelta(days=40),
        category=Category.UNACCOMPANIED_MINOR,
    )
    HouseholdMember.objects.create(household=household, person=young, relation=HouseholdMember.Relation.CHILD)

    assignment = household.assignments.get()
    _fill(type(assignment), assignment.pk, reference="+1+1" + h.SCRIPT)
    _fill(type(world.pending), world.pending.pk, reference="-2+3" + h.SCRIPT)
    _fill(type(world.pending.household), world.pending.household_id, name=h.hostile("@SUM(A1)", 200))
    cancelled = services.create_assignment(
        actor=alice,
        municipality=household.municipality,
        reference="@" + h.SCRIPT,
        category="FAMILY_REUNIFICATION",
        decision_date=today - dt.timedelta(days=3),
        person_count=2,
    )
    services.cancel_assignment(
        actor=alice, assignment=cancelled, cancelled_date=today, reason=h.hostile("+1+1")
    )

    Task.objects.filter(household=household).update(
        title=h.hostile("=1", 200), description=h.hostile(h.FORMULAS[0])
    )
    tasks = list(
        Task.objects.filter(household=household, person=None).exclude(pk=world.task.pk).order_by("pk")
    )
    services.add_task_note(actor=alice, task=Task.objects.get(pk=world.task.pk), text=h.hostile("@SUM(A1)"))
    services.complete_task(actor=alice, task=tasks[0], note=h.hostile("+1+1"))
    services.mark_not_applicable(actor=alice, task=tasks[1], reason=h.hostile("-2+3"))

    _fill(
        type(world.consent),
        world.consent.pk,
        purpose=h.hostile("=1"),
        method_note=h.hostile("+1+1"),
        document_reference="@" + h.SCRIPT,
    )
    withdrawn = access_services.record_consent(
        actor=alice,
        person=person,
        units=[consent_unit],
        sections=[Section.BASIC],
        purpose=h.hostile("-2+3"),
        given_date=today,
        method="ORAL",
        method_note=h.hostile("=1"),
        given_by="GUARDIAN",
        guardian_name=h.hostile("\t=1", 200),
    )
    access_services.withdraw_consent(actor=alice, consent=withdrawn, note=h.hostile("@SUM(A1)"))
    access_services.add_note(actor=alice, person=person, section=Section.BASIC, text=h.hostile("=1"))
    break_glass = access_services.open_break_glass(
        actor=users["colleague"], household=household, reason=h.hostile("+1+1 Akut, behöver nå familjen")
    )

    _homes(world, alice, today)
    return Hostile(world=world, break_glass=break_glass)


def _homes(world, alice, today):
    """The matrix's homes (found again by their references) and one more, with hostile text; a need, contracts
    and proposals of H."""
    household, municipality = world.household, world.municipality

    def home(reference, kind="FLAT", **extra):
        return HousingUnit.objects.create(
            municipality=municipality,
            reference=reference,
            address_street=h.hostile(h.FORMULAS[0], 200),
            address_postal_code="611 30",
            address_city=h.BRACES,
            area=h.hostile("@SUM(A1)", 100),
            landlord="PRIVATE",
            landlord_name=h.hostile("+1+1", 200),
            kind=kind,
            rooms=3,
            bedrooms=2,
            monthly_cost=8000,
            accessibility_note=h.hostile("-2+3", 200),
            notes=h.hostile("\t=1"),
            available_from=today,
            **extra,
        )

    free, active, draft = home("MATRIS-LEDIG"), home("MATRIS-AKTIV", "MODULE"), home("MATRIS-UTKAST")
    # Exactly a formula (or a number-like sum) in a cell of its own, as a spreadsheet would read it.
    other = home("-2+3")
    HousingUnit.objects.filter(pk=other.pk).update(
        address_street="\t=1", address_postal_code="", address_city="", area="+1+1", landlord_name="@SUM(A1)"
    )

    housing.set_housing_need(
        actor=alice,
        household=household,
        preferred_area=h.hostile("=1", 100),
        bedrooms_override=3,
        bedrooms_override_reason=h.hostile("+1+1", 200),
        note=h.hostile("-2+3"),
    )
    housing.create_contract(
        actor=alice,
        household=household,
        unit=active,
        kind="TEMPORARY",
        start_date=today - dt.timedelta(days=10),
        end_date=today + dt.timedelta(days=30),
        payer="HOUSEHOLD",
        note=h.hostile("@SUM(A1)"),
        sign=True,
    )
    cancelled = housing.create_contract(
        actor=alice,
        household=household,
        unit=other,
        kind="SECOND_HAND",
        start_date=today + dt.timedelta(days=2),
        end_date=today + dt.timedelta(days=30),
        payer="HOUSEHOLD",
    )
    housing.cancel_draft(actor=alice, contract=cancelled, note=h.hostile("+1+1"))
    housing.create_contract(
        actor=alice,
        household=household,
        unit=draft,
        kind="SECOND_HAND",
        start_date=today + dt.timedelta(days=1),
        end_date=today + dt.timedelta(days=30),
        payer="HOUSEHOLD",
        note=h.hostile("=1"),
    )
    run = MatchRun.objects.get_or_create(municipality=municipality, on_date=today)[0]  # the matrix's run
    MatchProposal.objects.create(
        run=run, household=household, unit=free, move_in=today + dt.timedelta(days=60), explanation=["Passar"]
    )
    MatchProposal.objects.create(
        run=run,
        household=household,
        unit=other,
        move_in=today + dt.timedelta(days=60),
        explanation=["Passar"],
        status=MatchProposal.Status.REJECTED,
        reject_reason=h.hostile("-2+3"),
    )


# --- the walk -----------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Walk:
    problems: list = dataclasses.field(default_factory=list)  # (role, where, what)
    shown: set = dataclasses.field(default_factory=set)  # page kinds that showed the escaped markup
    filled: set = dataclasses.field(default_factory=set)  # URL names and operations answered with content
    files: dict = dataclasses.field(default_factory=dict)  # (page kind, content type) → cells or text
    forms: set = dataclasses.field(default_factory=set)  # forms already submitted with hostile values


def _cases(stored: Hostile):
    """The matrix's rows; the break-glass review marks a real nödåtkomst rather than a missing one."""
    for case in CASES:
        if case.key == "break_glass_mark_reviewed":
            case = dataclasses.replace(
                case, url=lambda w: f"/logg/nodatkomst/{stored.break_glass.pk}/granskad/"
            )
        yield case


def _send(client, case, world):
    url = case.url(world)
    body = case.body(world) if case.body else {}
    if case.api:
        if case.method == "get":
            return client.get(url)
        return getattr(client, case.method)(url, json.dumps(body), content_type="application/json")
    if case.method == "get":
        return client.get(url, follow=True)
    return getattr(client, case.method)(url, body, follow=True)


def _path(response) -> str:
    return response.request["PATH_INFO"]


def _check_file(walk: Walk, role: str, key: str, response):
    kind = response["Content-Type"].split(";")[0]
    where = f"{key} download {response.request['PATH_INFO']}?{response.request.get('QUERY_STRING', '')}"
    if response.status_code != 200:
        walk.problems.append((role, where, f"status {response.status_code}"))
        return
    if kind == "text/csv":
        cells = h.csv_cells(response.content)
    elif kind.endswith("spreadsheetml.sheet"):
        cells = h.xlsx_cells(response.content)
    elif kind == "application/pdf":
        text = h.pdf_text(response.content)
        walk.files[(key, kind)] = text
        # fpdf2 sets the name as typed: markdown would drop the marks, HTML mode the tag. (A PDF of figures only,
        # such as the board report, names no person: nothing typed reaches it.)
        if key not in FIGURES_ONLY_PDFS and "**fet**__kursiv__<script>alert(1)</script>" not in text:
            walk.problems.append((role, where, "the person's name is not set literally in the PDF"))
        return
    elif kind == "application/json":
        walk.files[(key, kind)] = json.loads(response.content)
        return
    elif kind == "text/calendar":
        # An appointment's .ics (issue #18): plain text that calendars read, escaped by icalendar; kept for the scan.
        walk.files[(key, kind)] = response.content.decode()
        return
    else:
        walk.problems.append((role, where, f"unexpected download type {kind}"))
        return
    walk.files[(key, kind)] = cells
    for cell in cells:
        if h.dangerous(cell) or str(cell).startswith("FORMULA:"):
            walk.problems.append((role, where, f"formula cell {cell!r}"))


def _check_page(walk: Walk, role: str, key: str, response, client_for):
    html = response.content.decode()
    for excerpt in h.raw_markup(html):
        walk.problems.append((role, f"{key} {_path(response)}", f"unescaped: {excerpt!r}"))
    if h.ESCAPED_SCRIPT in html:
        walk.shown.add(key)
    page = h.parse_page(html)
    for href in page.downloads:
        download = client_for().get(urljoin(_path(response), href))
        _check_file(walk, role, key, download)
    for form in page.forms:
        action = urljoin(_path(response), form["action"] or _path(response))
        # Once per form, whoever is shown it: what a form echoes does not depend on who sends it.
        signature = (form["method"], action.split("?")[0], tuple(sorted(form["fields"])))
        if signature in walk.forms or not form["fields"]:
            continue
        walk.forms.add(signature)
        values = {name: h.hostile("=1") if value is None else value for name, value in form["fields"].items()}
        for button in form["buttons"] or [None]:
            _submit(walk, role, key, client_for, form["method"], action, values, button)


def _submit(walk: Walk, role: str, key: str, client_for, method: str, action: str, values: dict, button):
    """A form sent with hostile values in every field a person fills in: what comes back (the form again with its
    errors, the page it leads to, or a file) is checked as any other answer."""
    where = f"{key}: form to {action}"
    with transaction.atomic():
        client = client_for()
        send = client.post if method == "post" else client.get
        answer = send(action, {**values, **dict([button] if button else [])}, follow=True)
        if answer.status_code >= 500:
            walk.problems.append((role, where, f"status {answer.status_code}"))
        elif "attachment" in answer.get("Content-Disposition", ""):
            _check_file(walk, role, key, answer)
        elif "text/html" in answer.get("Content-Type", ""):
            for excerpt in h.raw_markup(answer.content.decode()):
                walk.problems.append((role, where, f"unescaped: {excerpt!r}"))
        transaction.set_rollback(True)


def _check_api(walk: Walk, role: str, key: str, response):
    kind = response.get("Content-Type", "")
    if not response.content:
        return  # nothing was produced (a 405 from the router, say)
    if not kind.startswith("application/json"):
        walk.problems.append((role, key, f"API answered {kind or 'nothing'} ({response.status_code})"))
        return
    json.loads(response.content)  # data, never HTML
    if response.get("X-Content-Type-Options") != "nosniff":
        walk.problems.append((role, key, "API answer without X-Content-Type-Options: nosniff"))


def _walk(stored: Hostile) -> Walk:
    world, walk = stored.world, Walk()
    tokens = {user.pk: ApiToken.issue(user=user, name="text")[1] for user in world.users.values()}
    for role in WALKERS:
        # One sign-in per walker, a new client with its session for every case, download and form.
        new_client = clients_for(role, world, tokens)
        for case in _cases(stored):
            if role == "county" and not case.key.startswith(COUNTY_ONLY):
                continue
            with transaction.atomic():

                def client_for(new_client=new_client):
                    client = new_client()
                    client.raise_request_exception = False  # a 500 is reported with the rest, not raised
                    return client

                response = _send(client_for(), case, world)
                if response.status_code >= 500:
                    walk.problems.append((role, case.key, f"status {response.status_code}"))
                elif response.status_code < 400 or case.api:  # an API answer of any kind is JSON to check
                    walk.filled.add(case.key)
                if case.api:
                    _check_api(walk, role, case.key, response)
                elif "attachment" in response.get("Content-Disposition", ""):
                    _check_file(walk, role, case.key, response)
                elif "text/html" in response.get("Content-Type", ""):
                    _check_page(walk, role, case.key, response, client_for)
                if not case.api and case.method != "get":
                    # The page that holds the form, if the URL has one: its forms are sent with hostile values.
                    form_page = client_for().get(case.url(world))
                    if form_page.status_code == 200 and "text/html" in form_page.get("Content-Type", ""):
                        _check_page(walk, role, case.key, form_page, client_for)
                transaction.set_rollback(True)
    return walk


def test_every_page_export_and_answer_shows_stored_text_as_text(stored, monkeypatch):
    # The PDFs in the core font, whose text stream can be read back (an embedded font writes glyph numbers).
    monkeypatch.setattr("etablera.access.pdf.font_dir", lambda: None)
    every = web_url_names() | api_operations()

    walk = _walk(stored)

    wrong = [f"{role}: {where}: {what}" for role, where, what in walk.problems]
    if missing := every - {case.key for case in CASES}:
        wrong.append(f"give these a row in the permission matrix: {sorted(missing)}")
    if unreached := every - walk.filled:
        wrong.append(
            f"no walker reached these with an answer to check; give the walk a user who may: {sorted(unreached)}"
        )
    if unshown := MUST_SHOW - walk.shown:
        wrong.append(f"the hostile text never reached: {sorted(unshown)}")
    # The downloads were there and held the defused values (else the checks above prove nothing).
    kinds = {kind for _key, kind in walk.files}
    if not (
        {"text/csv", "application/pdf", "application/json"} <= kinds and any("sheet" in k for k in kinds)
    ):
        wrong.append(f"a kind of download was not fetched: {sorted(kinds)}")
    cells = {cell for value in walk.files.values() if isinstance(value, list) for cell in value}
    household_name = h.hostile(h.FORMULAS[0], 190)
    if not any(isinstance(c, str) and c.startswith("'" + household_name) for c in cells):
        wrong.append("the household's name (a HYPERLINK formula) is in no export, defused")
    for defused in ("'-2+3", "'\t=1", "'+1+1", "'@SUM(A1)"):
        if defused not in cells:
            wrong.append(f"{defused!r} (a home's own cell) is in no export")
    if undownloaded := DOWNLOADS - {key for key, _kind in walk.files}:
        wrong.append(f"no download was fetched from {sorted(undownloaded)}")
    pdfs = {key for key, kind in walk.files if kind == "application/pdf"}
    if not {"access_history", "register_extract"} <= pdfs:
        wrong.append(f"PDFs fetched only from {sorted(pdfs)}")
    assert not wrong, "\n".join(wrong)


# --- the pieces, one by one ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [*h.FORMULAS, " =1+1", "-2+3", h.hostile(h.FORMULAS[0])])
def test_a_formula_is_defused_in_csv_and_excel(value):
    import tablib

    cell = safe_cell(value + h.CONTROL)
    assert cell.startswith("'") and h.CONTROL not in cell
    dataset = tablib.Dataset([cell], headers=["Namn"])
    assert h.csv_cells(dataset.export("csv").encode()) == ["Namn", cell]
    header, excel = h.xlsx_cells(dataset.export("xlsx"))
    assert excel.startswith("'") and not h.dangerous(excel)  # a text cell, not a formula (CR is stored as LF)


@pytest.mark.parametrize("value", ["Amal Testsson", "12", "", None, 3, -3])
def test_plain_text_and_numbers_are_left_as_they_are(value):
    assert safe_cell(value) == value


def test_a_pdf_sets_hostile_text_literally_in_either_font(monkeypatch):
    from etablera.access import pdf

    name = f"+1+1 {h.MARKDOWN} {h.SCRIPT}"
    blocks = [
        pdf.Facts([("Namn", name + h.CONTROL)]),
        pdf.Paragraph(h.hostile(h.FORMULAS[0]) + " <b>fet</b> [länk](http://x)"),
        pdf.Table(["Vem", "Vad"], [[h.IMG, h.BRACES + h.CONTROL]]),
    ]
    assert pdf.render(name, blocks).startswith(b"%PDF")  # the server's font (DejaVu Sans when installed)
    monkeypatch.setattr(pdf, "font_dir", lambda: None)
    text = h.pdf_text(pdf.render(name, blocks))  # the core font, whose text can be read back
    for literal in (name, h.IMG, h.BRACES, "<b>fet</b>[länk](http://x)"):
        assert literal.replace(" ", "") in text


def test_no_template_or_document_turns_stored_text_into_markup():
    """Escaping is the default everywhere; these are the ways to switch it off, and none is used on stored text.
    mark_safe is only used on HTML that format_html has built (each such line says so)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    found = []
    for path in root.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        found += [f"{path}: {word}" for word in ("|safe", "autoescape off", "safeseq") if word in text]
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "e2e" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "write_html(" in line or "markdown=True" in line:
                found.append(f"{path}:{number}: fpdf2 markup mode")
            if "mark_safe(" in line and "import" not in line and "noqa: S308" not in line:
                found.append(f"{path}:{number}: mark_safe without the reason why it is safe")
    assert not found, "\n".join(found)
