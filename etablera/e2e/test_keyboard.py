"""The main journey with the keyboard only (Tab, Shift+Tab, Enter, Space and typing): sign in, register an arrival,
mark a task not applicable. At every stop the focused element shows a visible focus indicator (an outline or a
box shadow from the stylesheet) and every field reached has a label; the skip link leads into the main content,
and a form with errors moves focus to its summary (role="alert"), whose links lead to the fields."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from etablera.e2e.browser import PASSWORD
from etablera.organisation.models import Unit
from etablera.reception import services
from etablera.reception.models import Task
from etablera.testing.factories import HouseholdFactory

MAX_TABS = 80

_FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  const r = e.getBoundingClientRect();
  const labelled = e.labels && e.labels.length ? Array.from(e.labels).map(l => l.innerText.trim()).join(' ') : '';
  return {
    tag: e.tagName.toLowerCase(), id: e.id, type: e.type || '', role: e.getAttribute('role') || '',
    text: (e.innerText || '').trim().replace(/\\s+/g, ' ').slice(0, 100),
    label: labelled || e.getAttribute('aria-label') || '',
    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
    shadow: s.boxShadow !== 'none',
    visible: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth,
  };
}"""


class Keyboard:
    def __init__(self, person):
        self.person = person
        self.page = person.page
        self.stops = 0

    def focused(self) -> dict | None:
        return self.page.evaluate(_FOCUSED)

    def assert_focus_visible(self, info: dict) -> None:
        where = f"{info['tag']}#{info['id']} “{info['text'] or info['label']}” on {self.page.url}"
        assert info["visible"], f"the focused element is off screen: {where}"
        assert info["outline"] or info["shadow"], f"no visible focus indicator: {where}"
        if info["tag"] in ("input", "select", "textarea") and info["type"] != "hidden":
            assert info["label"], f"a field without a label: {where}"

    def tab_to(self, wanted, *, backwards: bool = False) -> dict:
        """Press Tab until `wanted(info)` is true, checking every element that takes focus on the way."""
        for _ in range(MAX_TABS):
            self.page.keyboard.press("Shift+Tab" if backwards else "Tab")
            info = self.focused()
            if info is None:
                continue
            self.stops += 1
            self.assert_focus_visible(info)
            if wanted(info):
                return info
        raise AssertionError(f"no element found by keyboard on {self.page.url}")

    def tab_to_text(self, text: str, **kwargs) -> dict:
        return self.tab_to(lambda info: info["text"] == text, **kwargs)

    def tab_to_field(self, label: str) -> dict:
        return self.tab_to(lambda info: info["label"].startswith(label))

    def press(self, key: str) -> None:
        """A key that leads to another page (Enter on a link, Space on a submit button): wait for it, check it."""
        with self.page.expect_navigation():
            self.page.keyboard.press(key)
        self.person.check()


def test_the_main_journey_by_keyboard_only(visitor, alice, units, nykoping):
    household = HouseholdFactory.with_members([33, 4], municipality=nykoping, name="Familjen Tangent")
    services.create_assignment(
        actor=alice,
        municipality=nykoping,
        reference="MIG-KEY-0001",
        category="ASSIGNED_FROM_FACILITY",
        decision_date=timezone.localdate() - dt.timedelta(days=14),
        household=household,
    )
    person = visitor("reception")
    keys = Keyboard(person)
    page = person.page
    person.goto("/logga-in/")

    # Sign in: the user name field has focus from the start. A wrong password first: the error takes focus.
    info = keys.focused()
    assert info["id"] == "id_username"
    keys.assert_focus_visible(info)
    page.keyboard.type("alice")
    keys.tab_to_field("Lösenord")
    page.keyboard.type("fel-lösenord")
    keys.press("Enter")
    summary = page.get_by_role("alert")
    assert "Ange ett korrekt användarnamn och lösenord" in summary.inner_text()
    assert page.evaluate("() => document.activeElement.classList.contains('error-summary')")
    keys.tab_to_field("Lösenord")
    page.keyboard.type(PASSWORD)
    keys.press("Enter")
    assert page.url.endswith("/uppgifter/")

    # To the anvisningar through the menu. There, the first Tab reaches the skip link, which then shows; Enter
    # moves focus to the main content, so that the next Tab lands in it and not in the menu.
    keys.tab_to_text("Anvisningar")
    keys.press("Enter")
    info = keys.tab_to(lambda info: True)
    assert info["text"] == "Hoppa till innehållet"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    info = keys.tab_to(lambda info: True)
    assert info["text"] == "Ny anvisning"

    # The anvisning, and its arrival (the date is today already).
    keys.tab_to_text("MIG-KEY-0001")
    keys.press("Enter")
    keys.tab_to_field("Ankomstdatum")
    keys.tab_to_text("Registrera ankomst")
    keys.press("Space")
    assert "Ankomsten är registrerad" in page.get_by_role("status").inner_text()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Familjen Tangent")

    # A task of the household: marked not applicable without a reason, the error summary links to the field.
    task = (
        Task.objects.filter(household=household, person=None, unit=units[Unit.Function.RECEPTION])
        .order_by("due_date", "pk")
        .first()
    )
    keys.tab_to_text(task.title)
    keys.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == task.title
    keys.tab_to_text("Markera som inte aktuell")
    keys.press("Space")
    summary = page.get_by_role("alert")
    assert summary.is_visible()
    assert page.evaluate("() => document.activeElement.classList.contains('error-summary')")
    keys.tab_to(lambda info: info["tag"] == "a" and "Skäl till att uppgiften inte är aktuell" in info["text"])
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "id_ejaktuell-reason"
    page.keyboard.type("Familjen ordnar det själv.")
    keys.tab_to_text("Markera som inte aktuell")
    keys.press("Enter")
    task.refresh_from_db()
    assert task.status == Task.Status.NOT_APPLICABLE
    assert task.not_applicable_reason == "Familjen ordnar det själv."
    assert keys.stops > 20  # the run really went through the pages by Tab
