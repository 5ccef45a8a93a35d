"""The layout checks of the browser tests: a page at a phone's width and at a laptop's (issue #11).

At `PHONE` (390 CSS pixels, a common phone) no page may scroll sideways: `document.documentElement.scrollWidth`
stays within the window (WCAG 2.1 1.4.10 reflow). A data table may scroll, but only inside its own box, and that box
must be reachable and named for a keyboard and a screen reader (tabindex="0", role="region" and a name: axe's
scrollable-region-focusable). At `LAPTOP` (1280) the header's menu wraps onto lines instead of running out of the
window or over its neighbours: every link, button and the user's name lie inside the window, none overlaps another,
and no link is broken over two lines.

`layout_problems(page)` looks at the page at both widths (it resizes the tab, which re-lays the page out without
loading it again, so a sweep visits each page once) and returns what is wrong in words; an empty list is a pass.
"""

from __future__ import annotations

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}

# The elements that stick out of the window at this width and are not inside a box that scrolls them: the deepest
# ones, named by tag, id and class, so that the message points at the culprit rather than at <body>.
_OVERFLOW = """() => {
  const width = window.innerWidth;
  const excess = document.documentElement.scrollWidth - width;
  if (excess <= 0) return null;
  const clipped = e => {
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
    }
    return false;
  };
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
  const wide = Array.from(document.body.querySelectorAll('*'))
    .filter(e => e.getBoundingClientRect().right > width + 0.5 && !clipped(e));
  const deepest = wide.filter(e => !wide.some(other => other !== e && e.contains(other)));
  return {excess, culprits: deepest.slice(0, 6).map(e => name(e) + ' (' + Math.round(e.getBoundingClientRect().right) + 'px)')};
}"""

# Boxes that scroll sideways right now, and whether a keyboard can reach them and a screen reader name them.
_SCROLL_BOXES = """() => Array.from(document.body.querySelectorAll('*')).filter(e => {
  const o = getComputedStyle(e).overflowX;
  return (o === 'auto' || o === 'scroll') && e.scrollWidth > e.clientWidth + 1;
}).map(e => {
  const labelledby = (e.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
    .map(id => document.getElementById(id)).filter(Boolean).map(l => l.textContent.trim()).join(' ');
  return {
    box: e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : ''),
    tabindex: e.getAttribute('tabindex'), role: e.getAttribute('role'),
    name: (e.getAttribute('aria-label') || '').trim() || labelledby,
  };
}).filter(b => b.tabindex !== '0' || b.role !== 'region' || !b.name)"""

# The header's links, buttons and the user's name as laid out now: text and boxes (one per line the text is on).
_HEADER = """() => Array.from(document.querySelectorAll(
  '.site-header a:not(.skip-link), .site-header button, .site-header summary, .site-header .user-menu > span'
)).filter(e => e.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true})).map(e => ({
  text: e.innerText.trim().replace(/\\s+/g, ' '),
  link: e.tagName === 'A' && !!e.closest('nav'),
  lines: new Set(Array.from(e.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top))).size,
  box: (({left, top, right, bottom}) => ({left, top, right, bottom}))(e.getBoundingClientRect()),
  width: window.innerWidth,
}))"""


_OPEN_MENU = """() => {
  const menu = document.querySelector('.site-header details:not([open])');
  if (menu) menu.open = true;
  return !!menu;
}"""
_CLOSE_MENU = "() => { document.querySelector('.site-header details').open = false; }"


def _overlap(a: dict, b: dict) -> bool:
    # Half a pixel of tolerance: neighbouring boxes may share an edge after rounding.
    return min(a["right"], b["right"]) - max(a["left"], b["left"]) > 0.5 and (
        min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.5
    )


def header_problems(page) -> list[str]:
    """The header at the tab's present width: everything inside the window, nothing overlapping, no link broken."""
    items = page.evaluate(_HEADER)
    problems = []
    for item in items:
        box = item["box"]
        if box["left"] < -0.5 or box["right"] > item["width"] + 0.5:
            problems.append(
                f"“{item['text']}” runs out of the window ({box['left']:.0f}–{box['right']:.0f}px)"
            )
        if item["link"] and item["lines"] > 1:
            problems.append(f"the menu link “{item['text']}” is broken over {item['lines']} lines")
    for i, first in enumerate(items):
        for second in items[i + 1 :]:
            if _overlap(first["box"], second["box"]):
                problems.append(f"“{first['text']}” overlaps “{second['text']}”")
    return problems


def phone_problems(page) -> list[str]:
    """The page at the tab's present (narrow) width: no sideways scroll, and every scrolling box reachable."""
    problems = []
    overflow = page.evaluate(_OVERFLOW)
    if overflow:
        problems.append(
            f"scrolls sideways by {overflow['excess']}px; sticking out: {', '.join(overflow['culprits']) or '?'}"
        )
    for box in page.evaluate(_SCROLL_BOXES):
        problems.append(
            f"{box['box']} scrolls sideways but lacks "
            + ", ".join(
                what
                for what, missing in (
                    ('tabindex="0"', box["tabindex"] != "0"),
                    ('role="region"', box["role"] != "region"),
                    ("a name (aria-label or aria-labelledby)", not box["name"]),
                )
                if missing
            )
        )
    return problems


def layout_problems(page) -> list[str]:
    """The page at a laptop's width (the header) and at a phone's (reflow); the tab is left at the laptop's width."""
    problems = [f"at {LAPTOP['width']}px: {p}" for p in header_problems(page)]
    page.set_viewport_size(PHONE)
    try:
        problems += [f"at {PHONE['width']}px: {p}" for p in phone_problems(page)]
        # The menu is a disclosure on a phone: look at it open too (as a tap on its summary would leave it).
        if page.evaluate(_OPEN_MENU):
            problems += [f"at {PHONE['width']}px, the menu open: {p}" for p in header_problems(page)]
            if page.evaluate(_OVERFLOW):
                problems.append(f"at {PHONE['width']}px, the menu open: the page scrolls sideways")
            page.evaluate(_CLOSE_MENU)
    finally:
        page.set_viewport_size(LAPTOP)
    return problems
