"""Issue #11, the day's work on the pages: "Ta uppgiften" on a task and on the lists, assigning to a colleague of
the unit, several at once from the unit's list, its filters, order and pages, the caseload for the unit manager,
and task titles in English."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from etablera.organisation.models import Role, Unit
from etablera.reception import services, task_titles
from etablera.reception.models import Task, TaskEvent
from etablera.reception.selectors import tasks as task_selectors
from etablera.testing.factories import HouseholdFactory, UserFactory


@pytest.fixture
def anna(units):
    return UserFactory.with_role("anna", units[Unit.Function.RECEPTION], Role.CASEWORKER, first_name="Anna")


@pytest.fixture
def reception_tasks(received, units):
    return Task.objects.filter(household=received.household, unit=units[Unit.Function.RECEPTION]).order_by(
        "pk"
    )


def _rows(page: str) -> int:
    return page.count('<th scope="row"><a href="/uppgifter/')


# --- taking one ---------------------------------------------------------------------------------------------------


def test_ta_uppgiften_on_the_task_page(client, alice, reception_tasks):
    task = reception_tasks.first()
    client.force_login(alice)
    page = client.get(reverse("task_detail", args=[task.pk])).content.decode()
    assert f'action="/uppgifter/{task.pk}/ta/"' in page and "Ta uppgiften" in page
    response = client.post(reverse("task_take", args=[task.pk]), follow=True)
    page = response.content.decode()
    assert "Du har tagit uppgiften" in page
    assert f'action="/uppgifter/{task.pk}/ta/"' not in page  # it is mine now
    task.refresh_from_db()
    assert task.assignee == alice
    assert "Tagen" in page  # the history


def test_a_task_taken_meanwhile_is_refused_with_a_message(client, alice, anna, reception_tasks):
    task = reception_tasks.first()
    services.reassign_task(actor=anna, task=task, unit=task.unit, assignee=anna)
    client.force_login(alice)
    page = client.post(reverse("task_take", args=[task.pk]), follow=True).content.decode()
    assert f"Uppgiften har redan tagits av {anna}." in page
    assert Task.objects.get(pk=task.pk).assignee == anna


def test_ta_uppgiften_from_my_list_goes_back_to_it(client, alice, reception_tasks):
    task = reception_tasks.first()
    client.force_login(alice)
    page = client.get(reverse("my_tasks")).content.decode()
    assert f'action="/uppgifter/{task.pk}/ta/"' in page
    response = client.post(reverse("task_take", args=[task.pk]), {"next": "/uppgifter/"})
    assert response.status_code == 302 and response["Location"] == "/uppgifter/"
    response = client.post(reverse("task_take", args=[task.pk]), {"next": "https://example.org/"})
    assert response["Location"] == f"/uppgifter/{task.pk}/"  # never off the site


def test_assigning_on_the_task_page_offers_only_the_unit_s_staff(client, alice, anna, bob, reception_tasks):
    task = reception_tasks.first()
    client.force_login(alice)
    page = client.get(reverse("task_detail", args=[task.pk])).content.decode()
    form = page.split(f'action="/uppgifter/{task.pk}/tilldela/"')[1].split("</form>")[0]
    assert str(anna) in form and str(alice) in form and str(bob) not in form
    response = client.post(reverse("task_assign", args=[task.pk]), {"tilldela-assignee": bob.pk})
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    response = client.post(
        reverse("task_assign", args=[task.pk]), {"tilldela-assignee": anna.pk}, follow=True
    )
    assert "Uppgiften har fått ny handläggare." in response.content.decode()
    assert Task.objects.get(pk=task.pk).assignee == anna


# --- several at once ----------------------------------------------------------------------------------------------


def test_taking_several_at_once_from_the_unit_list(client, alice, reception_tasks):
    first, second = list(reception_tasks[:2])
    client.force_login(alice)
    page = client.get(reverse("unit_tasks")).content.decode()
    assert f'name="uppgift" value="{first.pk}" form="uppgifter-flera"' in page
    response = client.post(
        reverse("unit_tasks_bulk"),
        {"uppgift": [first.pk, second.pk], "action": "take", "next": "/uppgifter/enhet/?sortera=hushall"},
    )
    assert response.status_code == 302 and response["Location"] == "/uppgifter/enhet/?sortera=hushall"
    assert set(Task.objects.filter(assignee=alice).values_list("pk", flat=True)) == {first.pk, second.pk}
    assert "2 uppgifter har ändrats." in client.get(response["Location"]).content.decode()


def test_one_task_no_longer_open_refuses_the_whole_action_naming_it(client, alice, anna, reception_tasks):
    first, second = list(reception_tasks[:2])
    services.complete_task(actor=anna, task=second)
    client.force_login(alice)
    page = client.post(
        reverse("unit_tasks_bulk"),
        {"uppgift": [first.pk, second.pk], "action": "assign", "assignee": anna.pk},
        follow=True,
    ).content.decode()
    assert f"”{second.title}” (Familjen Exempel): Uppgiften är redan klarmarkerad av {anna}" in page
    assert "Ingen av uppgifterna har ändrats." in page
    assert not TaskEvent.objects.filter(kind=TaskEvent.Kind.REASSIGNED).exists()


def test_a_bulk_action_without_tasks_or_caseworker_says_so_at_the_field(client, alice, reception_tasks, bob):
    client.force_login(alice)
    response = client.post(reverse("unit_tasks_bulk"), {"action": "assign"})
    assert response.status_code == 422
    assert "Välj minst en uppgift." in response.content.decode()
    response = client.post(
        reverse("unit_tasks_bulk"),
        {"uppgift": [reception_tasks.first().pk], "action": "assign", "assignee": bob.pk},
    )
    assert response.status_code == 422 and "Välj ett giltigt alternativ" in response.content.decode()
    assert not Task.objects.filter(assignee__isnull=False).exists()


# --- filters, order, pages ----------------------------------------------------------------------------------------


def test_the_unit_list_filters_by_due_kind_household_and_caseworker(
    client, alice, anna, reception_tasks, received, child_household, today
):
    tasks = list(reception_tasks)
    Task.objects.filter(pk__in=[t.pk for t in tasks]).update(due_date=today + dt.timedelta(days=30))
    Task.objects.filter(pk=tasks[0].pk).update(due_date=today - dt.timedelta(days=1), assignee=anna)
    Task.objects.filter(pk=tasks[1].pk).update(due_date=today + dt.timedelta(days=2))
    client.force_login(alice)

    def shown(only_family=True, **query):
        page = client.get(reverse("unit_tasks"), query).content.decode()
        wanted = tasks if only_family else Task.objects.all()
        return {t.pk for t in wanted if f'href="/uppgifter/{t.pk}/"' in page}

    assert shown(sista="forsenade") == {tasks[0].pk}
    assert shown(sista="vecka") == {tasks[1].pk}
    assert tasks[0].pk not in shown(sista="senare") and tasks[2].pk in shown(sista="senare")
    assert shown(handlaggare=anna.pk) == {tasks[0].pk}
    assert tasks[0].pk not in shown(handlaggare="ingen") and tasks[1].pk in shown(handlaggare="ingen")
    assert shown(False) & set(child_household.tasks.values_list("pk", flat=True))  # both households listed
    family_only = shown(False, hushall=str(received.household.public_id))
    assert family_only == {t.pk for t in tasks}
    step = tasks[2].step
    expected = set(Task.objects.filter(step=step, unit=tasks[2].unit).values_list("pk", flat=True))
    assert shown(False, typ=step.pk) == expected and tasks[2].pk in expected
    # What an old or edited link holds that the list does not take is left out, not an error.
    assert shown(False, hushall="inte-ett-id", sista="igår") == shown(False)


def test_the_household_filter_is_the_public_id_and_no_name_is_in_the_url(client, alice, received):
    client.force_login(alice)
    page = client.get(reverse("unit_tasks")).content.decode()
    assert f'<option value="{received.household.public_id}">Familjen Exempel</option>' in page
    assert "?hushall=Familjen" not in page


def test_the_unit_list_sorts_by_household_and_caseworker(
    client, alice, anna, reception_tasks, child_household
):
    Task.objects.filter(pk=reception_tasks.first().pk).update(assignee=anna)
    client.force_login(alice)
    by_household = client.get(reverse("unit_tasks"), {"sortera": "hushall"}).content.decode()
    table = by_household.split("<tbody>")[1]
    assert table.rindex(">Familjen Exempel<") < table.index(">Hushållet Barn<")  # F before H
    by_caseworker = client.get(reverse("unit_tasks"), {"sortera": "handlaggare"}).content.decode()
    table = by_caseworker.split("<tbody>")[1]
    assert table.index(str(anna)) > table.index("Ingen")  # untaken first, then by name


def test_the_unit_list_pages_and_costs_the_same_for_one_row_as_for_many(
    client, alice, received, nykoping, today, django_assert_max_num_queries
):
    client.force_login(alice)
    with django_assert_max_num_queries(12):
        client.get(reverse("unit_tasks"), {"handlaggare": "ingen", "sortera": "handlaggare"})
    for number in range(6):
        household = HouseholdFactory.with_members([40, 38, 9], municipality=nykoping)
        assignment = services.create_assignment(
            actor=alice,
            municipality=nykoping,
            reference=f"MIG-2026-PAGE{number}",
            category="ASSIGNED_FROM_FACILITY",
            decision_date=today - dt.timedelta(days=30),
            household=household,
        )
        services.receive_household(actor=alice, assignment=assignment, arrival_date=today)
    total = Task.objects.filter(unit__memberships__user=alice, status="OPEN").count()
    assert total > task_selectors.PER_PAGE
    with django_assert_max_num_queries(12):
        page = client.get(reverse("unit_tasks"), {"handlaggare": "ingen", "sortera": "handlaggare"})
    page = page.content.decode()
    assert _rows(page) == task_selectors.PER_PAGE
    assert f"{total} öppna uppgifter matchar." in page
    assert "sida=2" in page and "handlaggare=ingen" in page
    second = client.get(reverse("unit_tasks"), {"handlaggare": "ingen", "sortera": "handlaggare", "sida": 2})
    assert _rows(second.content.decode()) == min(task_selectors.PER_PAGE, total - task_selectors.PER_PAGE)


def test_a_page_that_is_no_page_keeps_the_unit_lists_filters(client, alice, reception_tasks):
    client.force_login(alice)
    filtered = client.get(reverse("unit_tasks"), {"handlaggare": "ingen", "sortera": "handlaggare"})
    for sida in ("abc", "0", "²", "٣", "9" * 5000):
        response = client.get(
            reverse("unit_tasks"), {"handlaggare": "ingen", "sortera": "handlaggare", "sida": sida}
        )
        assert response.status_code == 200, sida[:10]
        page = response.content.decode()
        assert _rows(page) == _rows(filtered.content.decode()), sida[:10]
        assert '<option value="ingen" selected>' in page and '<option value="handlaggare" selected>' in page


# --- the caseload -------------------------------------------------------------------------------------------------


def test_the_unit_manager_sees_the_caseload_per_caseworker(client, maria, alice, reception_tasks, today):
    Task.objects.filter(pk=reception_tasks.first().pk).update(
        assignee=alice, due_date=today - dt.timedelta(days=1)
    )
    client.force_login(maria)
    page = client.get(reverse("task_caseload")).content.decode()
    assert "Mottagningsenheten" in page
    row = page.split(f'<th scope="row">{alice}</th>')[1].split("</tr>")[0]
    assert row.count('<td class="num">1</td>') == 2  # one open, one overdue
    assert "Ingen handläggare" in page and "<svg" in page and "Familjen" not in page
    assert 'href="/uppgifter/arbetsbelastning/"' in client.get(reverse("unit_tasks")).content.decode()


def test_a_caseworker_is_refused_the_caseload(client, alice):
    client.force_login(alice)
    assert client.get(reverse("task_caseload")).status_code == 403
    assert 'href="/uppgifter/arbetsbelastning/"' not in client.get(reverse("unit_tasks")).content.decode()


def _menu(page: str) -> str:
    return page.split('<nav class="site-nav"')[1].split("</nav>")[0]


def test_the_caseload_is_in_the_menu_of_unit_managers_and_administrators_only(
    client, maria, carol, alice, stina
):
    link = 'href="/uppgifter/arbetsbelastning/"'
    for user in (maria, carol):
        client.force_login(user)
        assert link in _menu(client.get(reverse("my_tasks")).content.decode()), user
        caseload = _menu(client.get(reverse("task_caseload")).content.decode())
        assert f'{link} aria-current="page"' in caseload  # the menu marks where the user is
        assert 'href="/uppgifter/enhet/" aria-current' not in caseload
    for user, status in ((alice, 403), (stina, 302)):  # a caseworker; statistics, sent to the figures
        client.force_login(user)
        assert link not in client.get(reverse("overview")).content.decode(), user
        assert client.get(reverse("task_caseload")).status_code == status


# --- titles in English --------------------------------------------------------------------------------------------


def test_task_titles_of_the_national_template_follow_the_language(
    client, alice, reception_tasks, monkeypatch
):
    """The catalogue is the lead's: here two titles are translated as it will translate them."""
    catalogue = {"Bankkonto": "Bank account"}
    monkeypatch.setattr(task_titles, "gettext", lambda text: catalogue.get(text, text))
    bank = reception_tasks.get(title="Bankkonto")
    Task.objects.filter(pk=reception_tasks.exclude(pk=bank.pk).first().pk).update(title="Vårt eget steg")
    client.force_login(alice)
    for url in (reverse("unit_tasks"), reverse("my_tasks"), reverse("task_detail", args=[bank.pk])):
        page = client.get(url).content.decode()
        assert ">Bank account<" in page and ">Bankkonto<" not in page.replace("<dd>Bankkonto</dd>", ""), url
    assert "Vårt eget steg" in client.get(reverse("unit_tasks")).content.decode()
    household = client.get(reverse("household_detail", args=[bank.household.public_id])).content.decode()
    assert "Bank account" in household
