"""axe-core on every kind of page each role can reach, with the demo data (households in every state, protected
identity, consents, notes, Södermanland's 2017 figures): no serious or critical violation (WCAG 2.1 AA, EN 301 549).

The journeys (test_journeys.py) and the keyboard run check the pages they pass through as well, form errors
included; this sweep follows every link a role is shown, so that a page no journey visits is checked too. Each page
it visits is also laid out at a laptop's width and a phone's (layout.py: the header at 1280px, no sideways scroll
at 390px), by resizing the tab rather than walking the site twice.
"""

from __future__ import annotations

from collections import Counter

import pytest

from etablera.demo import data as demo_data
from etablera.e2e.browser import path_pattern
from etablera.e2e.layout import LAPTOP, PHONE, header_problems, layout_problems, phone_problems
from etablera.testing import demo  # the demo, written back after this process's first load

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
MAX_PAGES = (
    100  # the menu grows with each domain (#16: county visits, follow-up; #17, #18: civil society, notices)
)
SKIP = ("/static/", "/api/", "/admin/", "/i18n/", "/logga-ut/")

_LINKS = """() => Array.from(document.querySelectorAll('a[href]'))
  .filter(a => !a.hasAttribute('download'))
  .map(a => a.getAttribute('href'))"""


@pytest.fixture
def demo_site(transactional_db):
    """The demo without Södermanland's 2017 figures (thousands of anvisningar; only the screenshots need them)."""
    demo.load_demo()


def _crawl(person, start: str, problems: list[str]) -> list[str]:
    """Breadth-first over the links the role is shown, a few pages of each kind; each page is checked with axe and
    laid out at a laptop's width and a phone's (layout.py), what is wrong with the layout added to `problems`."""
    queue, seen, visited, per_kind = [start], {start}, [], Counter()
    while queue and len(visited) < MAX_PAGES:
        path = queue.pop(0)
        kind = path_pattern(path)
        if per_kind[kind] >= PER_KIND:
            continue
        per_kind[kind] += 1
        person.goto(path)
        visited.append(path)
        problems += [f"{path}: {problem}" for problem in layout_problems(person.page)]
        for href in person.page.evaluate(_LINKS):
            href = href.split("#")[0]
            if not href.startswith("/") or href.startswith(SKIP) or "format=" in href or href in seen:
                continue
            seen.add(href)
            queue.append(href)
    return visited


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_a_role_can_reach_has_no_serious_violation(visitor, demo_site, role):
    person = visitor(role, **LAPTOP)
    person.login(ROLES[role], demo_data.PASSWORD)
    problems: list[str] = []
    visited = _crawl(person, person.page.url.removeprefix(person.base_url), problems)
    assert not problems, f"the layout as {role}:\n  " + "\n  ".join(problems)

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
    (lang="en"), and reflow at 320 CSS pixels (WCAG 1.4.10: only a data table may scroll sideways, in its box); all
    of them laid out at a laptop's width and a phone's, the English menu of an administrator (the longest) too."""
    problems: list[str] = []
    person = visitor("anonymous", **LAPTOP)
    person.goto("/logga-in/")
    person.page.get_by_label("Användarnamn").fill("handlaggare")
    person.page.get_by_label("Lösenord").fill("fel")
    person.submit(person.page.get_by_role("button", name="Logga in"))
    assert person.page.get_by_role("alert").is_visible()
    problems += [f"the login page with its error: {p}" for p in layout_problems(person.page)]
    person.goto("/finns-inte/", status=404)
    problems += [f"404: {p}" for p in layout_problems(person.page)]

    colleague = visitor("colleague", **LAPTOP)
    colleague.login("sfi", demo_data.PASSWORD)
    colleague.goto("/anvisningar/", status=403)
    problems += [f"403: {p}" for p in layout_problems(colleague.page)]
    colleague.goto("/mallar/", status=403)
    colleague.goto("/rapporter/kommuntal/?year=2017&county=04&municipality=&as_of=2017-08-14")
    assert colleague.page.get_by_role("table").count() == 1
    problems += [f"the county's quota report: {p}" for p in layout_problems(colleague.page)]

    for role, username in (("reception", "handlaggare"), ("admin", "admin")):
        english = visitor(role, **LAPTOP)
        english.login(username, demo_data.PASSWORD)
        english.submit(english.page.get_by_role("button", name="English"))
        for name in ("My unit's tasks", "Households", "Overview"):
            english.submit(english.page.get_by_role("navigation").get_by_role("link", name=name, exact=True))
            assert english.page.locator("html").get_attribute("lang") == "en"
            problems += [f"{role} in English, {name}: {p}" for p in layout_problems(english.page)]
            if role == "admin":
                break  # the menu is the point here; the pages are the reception's
    assert not problems, "the layout:\n  " + "\n  ".join(problems)

    narrow = visitor("reception", width=320, height=640)
    narrow.login("handlaggare", demo_data.PASSWORD)
    for path in ("/uppgifter/", "/uppgifter/enhet/", "/anvisningar/", "/anvisningar/ny/", "/oversikt/"):
        narrow.goto(path)
        assert not phone_problems(narrow.page), f"{path} at 320px: {phone_problems(narrow.page)}"


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


def test_the_layout_checks_find_what_they_look_for(visitor, live_server):
    """The harness of layout.py: a page wider than a phone, a scrolling box a keyboard cannot reach and a header
    whose parts overlap or run out of the window are each reported; the page as it is passes."""
    person = visitor("anonymous", axe=False, **LAPTOP)
    person.goto("/logga-in/")
    assert layout_problems(person.page) == []
    page = person.page
    # Styles set through the CSSOM: the site's CSP refuses style attributes in markup, not these.
    page.evaluate(
        """() => {
      const wide = document.createElement('p'); wide.style.width = '600px'; wide.className = 'too-wide';
      const box = document.createElement('div'); box.style.overflowX = 'auto'; box.className = 'unreachable';
      const inner = document.createElement('div'); inner.style.width = '900px'; box.append(inner);
      wide.textContent = inner.textContent = 'Text';  // an empty box adds nothing to what the page can scroll
      document.querySelector('main').append(wide, box);
      const english = document.querySelector('.lang-switch button');
      english.style.position = 'fixed'; english.style.left = '0'; english.style.top = '0';
    }"""
    )
    problems = "\n".join(layout_problems(page))
    assert f"at {PHONE['width']}px: scrolls sideways by 226px; sticking out: p.too-wide (616px)" in problems
    assert 'div.unreachable scrolls sideways but lacks tabindex="0", role="region", a name' in problems
    assert f"at {LAPTOP['width']}px: “Etablera” overlaps “English”" in problems
    page.evaluate("() => { document.querySelector('.lang-switch button').style.left = '1270px'; }")
    assert "“English” runs out of the window" in "\n".join(header_problems(page))

    page.evaluate(
        """() => {
      document.querySelector('p.too-wide').remove();
      const box = document.querySelector('div.unreachable');
      box.tabIndex = 0; box.setAttribute('role', 'region'); box.setAttribute('aria-label', 'En tabell');
    }"""
    )
    page.set_viewport_size(PHONE)
    assert phone_problems(page) == []
