"""Who may open which page: every page per role (STYLE.md rule 8).

alice   reception caseworker in Nyköping: every household of Nyköping
bob     SFI caseworker in Nyköping: only households where SFI owns a task
carol   administrator in Nyköping: also the process templates
stina   statistics: figures only, never persons
charlie caseworker in Enköping: nothing of Nyköping's
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

OK, REDIRECT, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404


@pytest.fixture
def housing(alice, received, flat, today):
    """Issue #5: the received family waits for a home, with a draft contract for the flat."""
    from etablera.housing import services as housing_services

    housing_services.set_housing_need(actor=alice, household=received.household)
    contract = housing_services.create_contract(
        actor=alice,
        household=received.household,
        unit=flat,
        kind="SECOND_HAND",
        start_date=today,
        payer="HOUSEHOLD",
    )
    return {"unit": flat, "contract": contract, "household": received.household}


@pytest.fixture
def pages(received, sfi_task, reception_task, child_household, housing, alice):
    """name -> URL, for every page of the site that takes a GET."""
    child_task = child_household.tasks.order_by("pk").first()
    member = received.household.memberships.order_by("pk").first().person
    unit, household = housing["unit"], housing["household"]
    return {
        "home": reverse("home"),
        "my_tasks": reverse("my_tasks"),
        "unit_tasks": reverse("unit_tasks"),
        "plans": reverse("establishment_plans") + "?visa=all",
        "sfi_task": reverse("task_detail", args=[sfi_task.pk]),
        "reception_task": reverse("task_detail", args=[reception_task.pk]),
        "child_task": reverse("task_detail", args=[child_task.pk]),
        "household_search": reverse("household_search") + "?q=Familjen",
        "family": reverse("household_detail", args=[received.household.public_id]),
        "child_household": reverse("household_detail", args=[child_household.public_id]),
        "assignment_list": reverse("assignment_list"),
        "assignment_create": reverse("assignment_create"),
        "assignment_import": reverse("assignment_import"),
        "establishment_import": reverse("establishment_import"),  # issue #12: whoever works in a unit
        "assignment": reverse("assignment_detail", args=[received.assignment.pk]),
        "overview": reverse("overview"),
        "quota_report": reverse("quota_report"),
        "template_list": reverse("template_list"),
        "access_log": reverse("access_log"),
        "access_history": reverse("access_history", args=[member.public_id]),
        "register_extract": reverse("register_extract", args=[member.public_id]),
        "register_extract_lookup": reverse("register_extract_lookup"),
        "break_glass_review": reverse("break_glass_review"),
        "retention_dry_run": reverse("retention_dry_run"),
        # Issue #3: the person page (a member of the received family, and the child bob has no task for) and
        # nödåtkomst.
        "person": reverse("person_detail", args=[member.public_id]),
        "child_person": reverse("person_detail", args=[child_household.members.get().public_id]),
        "break_glass": reverse("break_glass"),
        # Issue #5: the housing pages.
        "housing_queue": reverse("housing_queue"),
        "housing_units": reverse("housing_units"),
        "housing_unit_create": reverse("housing_unit_create"),
        "housing_unit_import": reverse("housing_unit_import"),
        "housing_unit": reverse("housing_unit_detail", args=[unit.pk]),
        "housing_unit_edit": reverse("housing_unit_edit", args=[unit.pk]),
        "housing_contracts_ending": reverse("housing_contracts_ending"),
        "housing_contract": reverse("housing_contract_detail", args=[housing["contract"].public_id]),
        "housing_matching": reverse("housing_matching"),
        "housing_temporary": reverse("housing_temporary"),
        "housing_young_adults": reverse("housing_young_adults"),
        "household_housing_need": reverse("household_housing_need", args=[household.public_id]),
        "household_contract_create": reverse("household_contract_create", args=[household.public_id]),
        # Issue #9: the administration pages (alice's account, an account of Nyköping).
        "administration": reverse("administration"),
        "account_create": reverse("account_create"),
        "account_detail": reverse("account_detail", args=[alice.pk]),
    }


# The access log review, a person's access history, break-glass review and gallring: unit managers and
# administrators (carol) only. The register extract: only those explicitly authorised (none of these users).
LOG_REVIEW_FORBIDDEN = dict.fromkeys(
    [
        "access_log",
        "access_history",
        "register_extract",
        "register_extract_lookup",
        "break_glass_review",
        "retention_dry_run",
    ],
    FORBIDDEN,
)

# The housing pages: the housing unit, the reception unit and administrators; the statistics role reads the figures
# of the temporary housing page only; the outsider has its own (empty) lists and none of Nyköping's objects.
HOUSING_LISTS = [
    "housing_queue",
    "housing_units",
    "housing_unit_create",
    "housing_unit_import",
    "housing_contracts_ending",
    "housing_matching",
    "housing_young_adults",
]
HOUSING_OBJECTS = [
    "housing_unit",
    "housing_unit_edit",
    "housing_contract",
    "household_housing_need",
    "household_contract_create",
]
HOUSING_FORBIDDEN = dict.fromkeys([*HOUSING_LISTS, *HOUSING_OBJECTS], FORBIDDEN)

# The administration pages: a municipality's administrators (carol) only.
ADMINISTRATION_FORBIDDEN = dict.fromkeys(["administration", "account_create", "account_detail"], FORBIDDEN)

EXPECTED = {
    "alice": {
        "home": REDIRECT,
        "template_list": FORBIDDEN,
        **LOG_REVIEW_FORBIDDEN,
        **ADMINISTRATION_FORBIDDEN,
    },
    "bob": {
        "home": REDIRECT,
        "child_task": NOT_FOUND,
        "child_household": NOT_FOUND,
        "child_person": NOT_FOUND,
        "assignment_list": FORBIDDEN,
        "assignment_create": FORBIDDEN,
        "assignment_import": FORBIDDEN,
        "assignment": FORBIDDEN,
        "template_list": FORBIDDEN,
        **LOG_REVIEW_FORBIDDEN,
        **ADMINISTRATION_FORBIDDEN,
        **HOUSING_FORBIDDEN,
        "housing_temporary": FORBIDDEN,
    },
    # The register extract takes its own authorisation, which carol has not (issue #9): her role is not enough.
    "carol": {"home": REDIRECT, "register_extract": FORBIDDEN, "register_extract_lookup": FORBIDDEN},
    "stina": {
        "home": REDIRECT,
        "my_tasks": REDIRECT,
        "unit_tasks": REDIRECT,
        "plans": REDIRECT,
        "sfi_task": REDIRECT,
        "reception_task": REDIRECT,
        "child_task": REDIRECT,
        "household_search": REDIRECT,
        "family": REDIRECT,
        "child_household": REDIRECT,
        "person": REDIRECT,
        "child_person": REDIRECT,
        "break_glass": REDIRECT,
        "establishment_import": REDIRECT,
        "assignment_list": FORBIDDEN,
        "assignment_create": FORBIDDEN,
        "assignment_import": FORBIDDEN,
        "assignment": FORBIDDEN,
        "template_list": FORBIDDEN,
        **LOG_REVIEW_FORBIDDEN,
        **ADMINISTRATION_FORBIDDEN,
        **HOUSING_FORBIDDEN,
    },
    "charlie": {
        "home": REDIRECT,
        "sfi_task": NOT_FOUND,
        "reception_task": NOT_FOUND,
        "child_task": NOT_FOUND,
        "family": NOT_FOUND,
        "child_household": NOT_FOUND,
        "person": NOT_FOUND,
        "child_person": NOT_FOUND,
        "assignment": NOT_FOUND,
        "template_list": FORBIDDEN,
        **LOG_REVIEW_FORBIDDEN,
        **ADMINISTRATION_FORBIDDEN,
        **dict.fromkeys(HOUSING_OBJECTS, NOT_FOUND),
    },
}


@pytest.mark.parametrize("username", list(EXPECTED))
def test_every_page_answers_each_role_as_the_policy_says(username, request, client, pages):
    client.force_login(request.getfixturevalue(username))
    answers = {name: client.get(url).status_code for name, url in pages.items()}
    expected = {name: EXPECTED[username].get(name, OK) for name in pages}
    assert answers == expected


def test_anonymous_visitors_are_sent_to_the_login_page(client, pages):
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name


def test_the_start_page_sends_staff_to_their_tasks_and_statistics_to_the_overview(client, alice, stina):
    client.force_login(alice)
    assert client.get("/")["Location"] == reverse("my_tasks")
    client.force_login(stina)
    assert client.get("/")["Location"] == reverse("overview")


def test_the_statistics_role_sees_no_person_in_the_search(client, stina, received):
    client.force_login(stina)
    response = client.get(reverse("household_search") + "?q=Familjen", follow=True)
    assert received.household.name not in response.content.decode()


def test_the_forbidden_page_is_in_swedish(client, bob):
    client.force_login(bob)
    response = client.get(reverse("assignment_list"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Du saknar behörighet" in page
    assert "Anvisningar hanteras av mottagningsenheten." in page


def test_the_menu_marks_the_current_page_and_hides_what_the_role_cannot_use(client, alice, stina):
    client.force_login(alice)
    page = client.get(reverse("unit_tasks")).content.decode()
    assert f'<a href="{reverse("unit_tasks")}" aria-current="page">' in page
    assert reverse("template_list") not in page
    client.force_login(stina)
    page = client.get(reverse("overview")).content.decode()
    assert reverse("my_tasks") not in page
    assert reverse("assignment_list") not in page


def test_pages_about_persons_are_not_cached(client, alice, received):
    client.force_login(alice)
    response = client.get(reverse("household_detail", args=[received.household.public_id]))
    assert "no-store" in response["Cache-Control"]


def test_a_missing_or_forbidden_page_is_a_swedish_404(client, charlie, received):
    client.force_login(charlie)
    response = client.get(reverse("household_detail", args=[received.household.public_id]))
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


@pytest.mark.parametrize("username", ["alice", "carol"])
def test_every_page_has_one_h1_and_every_field_a_label(username, request, client, pages, received, sfi_task):
    user = request.getfixturevalue(username)
    client.force_login(user)
    urls = dict(pages)
    urls["template"] = reverse("template_list")
    urls["login"] = reverse("login")
    for name, url in urls.items():
        if name == "login":
            client.logout()
        response = client.get(url, follow=True)
        if response.status_code != 200:
            continue
        page = response.content.decode()
        assert page.count("<h1") == 1, name
        ids = re.findall(
            r'<(?:input|select|textarea)\b(?![^>]*type="(?:hidden|submit)")[^>]*\bid="([^"]+)"', page
        )
        for field_id in ids:
            assert f'<label for="{field_id}"' in page, (name, field_id)
        for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", page):
            if 'type="hidden"' in tag or 'type="submit"' in tag:
                continue
            assert ' id="' in tag, (name, tag)  # a field without an id cannot have a label
