"""axe-core on every kind of page each role can reach, with the demo data (households in every state, protected
identity, consents, notes, Södermanland's 2017 figures): no serious or critical violation (WCAG 2.1 AA, EN 301 549).

The journeys (test_journeys.py) and the keyboard run check the pages they pass through as well, form errors
included; this sweep follows every link a role is shown, so that a page no journey visits is checked too.
"""

from __future__ import annotations

from collections import Counter

import pytest

from etablera.demo import data as demo_data
from etablera.demo import services as demo
from etablera.e2e.browser import path_pattern

# role -> the demo user who has it (etablera demo prints them)
ROLES = {
    "reception": "handlaggare",
    "manager": "enhetschef",
    "colleague": "sfi",
    "admin": "admin",
    "statistics": "statistik",
    "housing": "bostad",
    "outsider": "enkoping",
}
PER_KIND = 1  # pages of one kind visited per role (the journeys visit more, in other states)
MAX_PAGES = 60
SKIP = ("/static/", "/api/", "/admin/", "/i18n/", "/logga-ut/")

_LINKS = """() => Array.from(document.querySelectorAll('a[href]'))
  .filter(a => !a.hasAttribute('download'))
  .map(a => a.getAttribute('href'))"""


@pytest.fixture
def demo_site(transactional_db):
    """The demo without Södermanland's 2017 figures (thousands of anvisningar; only the screenshots need them)."""
    demo.load_demo(sodermanland=False)


def _crawl(person, start: str) -> list[str]:
    """Breadth-first over the links the role is shown, a few pages of each kind."""
    queue, seen, visited, per_kind = [start], {start}, [], Counter()
    while queue and len(visited) < MAX_PAGES:
        path = queue.pop(0)
        kind = path_pattern(path)
        if per_kind[kind] >= PER_KIND:
            continue
        per_kind[kind] += 1
        person.goto(path)
        visited.append(path)
        for href in person.page.evaluate(_LINKS):
            href = href.split("#")[0]
            if not href.startswith("/") or href.startswith(SKIP) or "format=" in href or href in seen:
                continue
            seen.add(href)
            queue.append(href)
    return visited


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_a_role_can_reach_has_no_serious_violation(visitor, demo_site, role):
    person = visitor(role)
    person.login(ROLES[role], demo_data.PASSWORD)
    visited = _crawl(person, person.page.url.removeprefix(person.base_url))

    kinds = {path_pattern(path) for path in visited}
    assert "/oversikt/" in kinds and "/rapporter/kommuntal/" in kinds
    if role in ("reception", "manager", "colleague", "admin", "outsider", "housing"):
        assert {"/uppgifter/", "/uppgifter/enhet/", "/hushall/"} <= kinds
    if role in ("reception", "admin", "outsider"):
        assert {"/anvisningar/", "/anvisningar/ny/", "/anvisningar/import/", "/anvisningar/{id}/"} <= kinds
    if role == "admin":
        assert {"/mallar/", "/mallar/{id}/"} <= kinds
    if role in ("reception", "manager", "colleague"):
        assert {"/hushall/{id}/", "/uppgifter/{id}/"} <= kinds
    if role in ("housing", "reception", "admin"):
        assert {"/boende/", "/boende/bostader/", "/boende/kontrakt/", "/boende/tillfalligt/"} <= kinds
    if role == "housing":
        assert {
            "/boende/bostader/{id}/",
            "/boende/matchning/",
            "/boende/unga-vuxna/",
            "/hushall/{id}/boende/",
        } <= kinds
    if role == "statistics":
        assert "/boende/tillfalligt/" in kinds


def test_the_pages_outside_the_menu_in_english_and_on_a_narrow_screen(visitor, demo_site):
    """The login page and its error, the 404 and 403 pages, the quota report of a county, the pages in English
    (lang="en"), and reflow at 320 CSS pixels (WCAG 1.4.10: only a data table may scroll sideways, in its box)."""
    person = visitor("anonymous")
    person.goto("/logga-in/")
    person.page.get_by_label("Användarnamn").fill("handlaggare")
    person.page.get_by_label("Lösenord").fill("fel")
    person.submit(person.page.get_by_role("button", name="Logga in"))
    assert person.page.get_by_role("alert").is_visible()
    person.goto("/finns-inte/", status=404)

    colleague = visitor("colleague")
    colleague.login("sfi", demo_data.PASSWORD)
    colleague.goto("/anvisningar/", status=403)
    colleague.goto("/mallar/", status=403)
    colleague.goto("/rapporter/kommuntal/?year=2017&county=04&municipality=&as_of=2017-08-14")
    assert colleague.page.get_by_role("table").count() == 1

    english = visitor("reception")
    english.login("handlaggare", demo_data.PASSWORD)
    english.submit(english.page.get_by_role("button", name="English"))
    for name in ("My unit's tasks", "Households", "Overview"):
        english.submit(english.page.get_by_role("navigation").get_by_role("link", name=name, exact=True))
        assert english.page.locator("html").get_attribute("lang") == "en"

    narrow = visitor("reception", width=320, height=640)
    narrow.login("handlaggare", demo_data.PASSWORD)
    for path in ("/uppgifter/", "/uppgifter/enhet/", "/anvisningar/", "/anvisningar/ny/", "/oversikt/"):
        narrow.goto(path)
        overflow = narrow.page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than a 320px screen"


def test_the_checks_find_what_they_look_for(visitor, live_server):
    """The harness itself: axe really runs, and a serious violation fails the test that meets it; the pages run
    under the site's CSP, and a script it refuses fails the test too."""
    person = visitor("anonymous")
    person.goto("/logga-in/")
    person.page.evaluate("() => document.querySelector('main').append(document.createElement('button'))")
    with pytest.raises(AssertionError, match="button-name"):
        person.check()

    person.goto("/logga-in/")
    with person.page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        person.page.evaluate(
            "() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';"
            " document.body.append(s); }"
        )
    with pytest.raises(AssertionError, match="the CSP refused"):
        person.check()
