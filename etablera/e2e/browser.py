"""What the browser tests share: a person in a browser tab whose every page is checked with axe-core.

`Visitor.goto()` and `Visitor.submit()` wait for the page and then run axe on it: a serious or critical violation
fails the test there, naming the rule, the elements and the page. The pages run under the site's own
Content-Security-Policy (axe comes in through the DevTools protocol, not as a script of the page), and anything the
policy refuses fails the test as well. The pages checked are collected in `CHECKED` so that the run can say what it
covered (conftest.py prints it at the end).
"""

from __future__ import annotations

import functools
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = HERE.parents[1] / "docs" / "screenshots"
PASSWORD = "korrekt-häst-batteri"  # noqa: S105 (etablera.testing.factories.UserFactory's, fictional)
BLOCKING = ("serious", "critical")

# role -> set of page paths (ids replaced by {id}) that axe checked
CHECKED: dict[str, set[str]] = defaultdict(set)
# (role, path pattern, shape) already checked in this run: the same kind of page in the same shape is not checked
# again (axe takes up to a second on a long table; the suite must stay quick on two cores).
_SEEN: set[tuple[str, str, str]] = set()

# What a page is made of, as far as axe's findings could differ between two pages of one kind: which kinds of
# heading, form, field, table, badge, message and disclosure it has (not their text or number).
_SHAPE = """() => Array.from(new Set(Array.from(document.querySelectorAll(
  'h1,h2,h3,h4,form,fieldset,input,select,textarea,button,table,details,[role],.badge,.message,.error-summary'
)).map(e => [e.tagName, e.type || '', e.getAttribute('role') || '', e.className || ''].join(':')))).sort().join('|')"""

_AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\\s+/g, ' '))
  }));
}"""


@functools.cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8") + "\n;void 0"


def screenshots_wanted() -> bool:
    return os.environ.get("ETABLERA_SCREENSHOTS", "") not in ("", "0")


def path_pattern(url: str) -> str:
    """/hushall/3f2c…/ → /hushall/{id}/ so that the summary counts kinds of page, not rows."""
    path = re.sub(r"^https?://[^/]+", "", url).split("?")[0].split("#")[0]
    path = re.sub(r"/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/", "/{id}/", path)
    return re.sub(r"/\d+/", "/{id}/", path)


@dataclass
class Visitor:
    """One person (`role` names them in messages) in their own browser context."""

    page: object
    base_url: str
    role: str
    axe: bool = True
    checked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def __post_init__(self):
        # The tests run under the site's own Content-Security-Policy: anything it refuses shows up here.
        self.page.on(
            "console", lambda message: message.type == "error" and self.console_errors.append(message.text)
        )

    # --- moving around ----------------------------------------------------------------------------------------

    def goto(self, path: str, *, status: int = 200):
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.status == status, (
            f"{self.role}: {path} answered {response.status if response else None}, expected {status}"
        )
        self.check()
        return response

    def submit(self, button, *, status: int = 200):
        """Click a submit button (or press Enter on it) and wait for the page it leads to."""
        with self.page.expect_navigation() as navigation:
            button.click()
        response = navigation.value
        assert response is not None and response.status == status, (
            f"{self.role}: {self.page.url} answered {response.status if response else None}, expected {status}"
        )
        self.check()
        return response

    def menu(self, name: str):
        """A link of the main menu, by its text."""
        return self.page.get_by_role("navigation", name="Huvudmeny").get_by_role(
            "link", name=name, exact=True
        )

    def login(self, username: str, password: str = PASSWORD):
        self.goto("/logga-in/")
        self.page.get_by_label("Användarnamn").fill(username)
        self.page.get_by_label("Lösenord").fill(password)
        return self.submit(self.page.get_by_role("button", name="Logga in"))

    # --- checks -----------------------------------------------------------------------------------------------

    def check(self):
        """axe-core on the page as it is now: no serious or critical violation; and nothing the CSP refused."""
        refused = [text for text in self.console_errors if "Content Security Policy" in text]
        assert not refused, f"{self.role} on {self.page.url}: the CSP refused {refused}"
        if not self.axe:
            return
        pattern = path_pattern(self.page.url)
        key = (self.role, pattern, self.page.evaluate(_SHAPE))
        if key in _SEEN:
            return
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            # Evaluated through the DevTools protocol, which the page's CSP (script-src 'self') does not govern;
            # a <script> element with axe inline would be refused, as it should be.
            self.page.evaluate(_axe_source())
        violations = [v for v in self.page.evaluate(_AXE_RUN) if v["impact"] in BLOCKING]
        CHECKED[self.role].add(pattern)
        self.checked.append(pattern)
        if not violations:
            _SEEN.add(key)
        assert not violations, f"axe as {self.role} on {pattern}:\n" + "\n".join(
            f"  {v['impact']} {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in violations
        )

    def text(self) -> str:
        """Everything on the page a person could read or a screen reader could announce, markup included."""
        return self.page.content()

    def screenshot(self, name: str, *, full_page: bool = False, max_height: int = 1600) -> None:
        """docs/screenshots/NAME when ETABLERA_SCREENSHOTS is set; a full page is cut at `max_height` pixels."""
        if not screenshots_wanted():
            return
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        clip = None
        if full_page:
            height = self.page.evaluate("() => document.documentElement.scrollHeight")
            width = self.page.viewport_size["width"]
            clip = {"x": 0, "y": 0, "width": width, "height": min(height, max_height)}
        self.page.screenshot(path=str(SCREENSHOTS / name), full_page=full_page, clip=clip)
