"""A task's title in the user's language (issue #11): a stored title is Swedish, the national default template's
step titles have English in the catalogue. No models here, so the event texts can use it without a cycle."""

from __future__ import annotations

from django.utils.translation import gettext

from etablera.reception.default_template import DEFAULT_STEPS

NATIONAL_TITLES = frozenset(row[0] for row in DEFAULT_STEPS)
SEPARATOR = ": "


def display_title(title: str) -> str:
    """A stored title ("<step title>" or "<step title>: <first name>", in Swedish) with the national default
    template's step title in the active language (gettext gives the same text back when the catalogue has none).
    Only the national titles are looked up — marked with gettext_noop in reception/default_template.py — so a
    municipality's own title stays as typed, even one that happens to be a word of the interface ("Status"); the
    name after the colon stays too. No query: the title alone decides."""
    if title in NATIONAL_TITLES:
        return gettext(title)
    # The step's title may hold a colon itself ("Ta emot hushållet: hämtning, …"): try each one from the right.
    cut = title.rfind(SEPARATOR)
    while cut > 0:
        step, name = title[:cut], title[cut + len(SEPARATOR) :]
        if step in NATIONAL_TITLES:
            return f"{gettext(step)}{SEPARATOR}{name}"
        cut = title.rfind(SEPARATOR, 0, cut)
    return title
