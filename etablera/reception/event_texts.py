"""What a task's history and a household's timeline say, in the reader's language (issue #11).

The services write an event's text in Swedish — the history is kept as it was written, as the audit log is, and
the hiding of a section's words (selectors/tasks.py) reads its shape — made from the catalogue messages below with
their values: `TASK_DONE % {"title": task.title}` is "Anmälan till SFI: Hodan: klar". A page shows the text with
`shown(text)`: it finds the message the text was made from and renders that message's translation with the same
values, each value as it is shown elsewhere — a task's title with the national step's part in the reader's
language (selectors.tasks.display_title), a rule's label through the catalogue, a date, a name, a unit or a
reference as it is. What a user wrote after " – " (a completion note, a reason) stays as written.

A task's CREATED and DUE_CHANGED events hold a deadline's explanation as the rules wrote it (rules.tasks,
rules.reception): it is read sentence by sentence against those rules' messages. A text, or a sentence, that no
message matches (a municipality's own words, a shape older than this module) is shown as stored: nothing is lost,
and rows written before read as they did. No query.
"""

from __future__ import annotations

import functools
import re

from django.utils.translation import get_language, gettext

from etablera.reception.task_titles import display_title
from etablera.rules import reception as reception_rules
from etablera.rules import tasks as task_rules
from etablera.rules.deadlines import gettext_noop

# --- a task's life (services/tasks.py), in its history and, for most, in the household's timeline ---------------
TASK_DONE = gettext_noop("%(title)s: klar")
TASK_NOT_APPLICABLE = gettext_noop("%(title)s: ej aktuell")
TASK_REOPENED = gettext_noop("%(title)s: återöppnad")
TASK_HANDED_OVER = gettext_noop("%(title)s: ansvar %(before)s → %(after)s")
TASK_TAKEN = gettext_noop("%(title)s: tagen av %(user)s")
TASK_ASSIGNED = gettext_noop("%(title)s: handläggare %(before)s → %(after)s")
TASK_ASSIGNED_FIRST = gettext_noop("%(title)s: handläggare ingen → %(after)s")
TASK_NOT_APPLICABLE_BIRTH = gettext_noop("%(title)s: ej aktuell efter ändrat födelsedatum")
# What a user wrote follows the text after this (services/tasks.py _record).
WRITTEN = " – "

# --- a task made (services/cases.py write_new_tasks): what made it, then the sentence its date had, if any -------
CREATED = gettext_noop("Skapad från processmallen")
CREATED_BEFORE_ARRIVAL = gettext_noop(
    "Skapad från processmallen när anvisningen registrerades (före ankomst)"
)
CREATED_JOINED = gettext_noop("Skapad från processmallen när %(name)s kom till hushållet %(date)s")
CREATED_BIRTH_DATE = gettext_noop("Skapad efter ändrat födelsedatum")

# --- a date that followed a change (services/task_updates.py) ---------------------------------------------------
DUE_CHANGED = gettext_noop("Nytt datum %(date)s (var %(old)s): %(why)s")
PLANNED_ARRIVAL_CHANGED = gettext_noop("planerad ankomst ändrad till %(date)s.")
PLANNED_ARRIVAL_CLEARED = gettext_noop("planerad ankomst ändrad till ingen (sista mottagningsdag gäller).")
BIRTH_DATE_CHANGED = gettext_noop("Födelsedatum ändrat från %(before)s till %(after)s.")
UNKNOWN_DATE = "okänt"  # a birth date not known before or after the change (a value of BIRTH_DATE_CHANGED)

# --- the household's timeline (services/assignments.py, members.py, task_updates.py, cases.py) -------------------
ASSIGNMENT_REGISTERED = gettext_noop("Anvisning %(reference)s, sista mottagningsdag %(date)s")
PLANNED_ARRIVAL_SET = gettext_noop("Planerad ankomst för anvisning %(reference)s: %(date)s")
PLANNED_ARRIVAL_NONE = gettext_noop(
    "Planerad ankomst för anvisning %(reference)s: ingen (sista mottagningsdag gäller)"
)
CASE_CLOSED = gettext_noop("Mottagandet avslutat %(date)s")

# How each value is matched in a stored text: dates and numbers exactly, a deadline's sentences to the end, the
# rest as little as the message's fixed words allow.
_DATE = r"\d{4}-\d\d-\d\d"
_PATTERNS = {
    "date": _DATE,
    "old": _DATE,
    "due": _DATE,
    "today": _DATE,
    "decision": _DATE,
    "latest": _DATE,
    "default": _DATE,
    "days": r"\d+",
    "months": r"\d+",
    "why": r".+",
}
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _regex(msgid: str, *, written: bool = False, stop: bool = False) -> re.Pattern:
    """The stored texts `msgid` makes; `written`: what a user wrote may follow the dash; `stop`: a full stop may
    follow (a text that ends a sentence among others, as a task's CREATED text before its date's note)."""
    parts, at = [], 0
    for match in _PLACEHOLDER.finditer(msgid):
        parts.append(re.escape(msgid[at : match.start()]))
        name = match.group(1)
        parts.append(f"(?P<{name}>{_PATTERNS.get(name, r'.+?')})")
        at = match.end()
    parts.append(re.escape(msgid[at:]))
    tail = f"(?:{re.escape(WRITTEN)}(?P<written>.*))?" if written else ""
    tail += r"(?P<stop>\.)?" if stop else ""
    return re.compile("".join(parts) + tail, re.DOTALL)


def _title(value: str) -> str:
    return display_title(value)


def _sentences(value: str) -> str:
    """Sentences joined by spaces (a deadline's explanation, what changed a date), each in the reader's language."""
    return " ".join(_render(_SENTENCES, sentence) or sentence for sentence in re.split(r"(?<=\.) ", value))


def _birth_date(value: str) -> str:
    return gettext("Okänt").lower() if value == UNKNOWN_DATE else value


# How a value is shown: a title as titles are, a rule's label through the catalogue, sentences one by one.
_VALUES = {
    "title": _title,
    "anchor": gettext,
    "why": _sentences,
}
_BIRTH_VALUES = {"before": _birth_date, "after": _birth_date}

# The sentences of the rules' explanations (the deadline messages), of what made a task and what changed a date.
_SENTENCES = [
    *(
        (_regex(msgid), msgid)
        for msgid in (
            *task_rules.EXPLANATIONS,
            *reception_rules.EXPLANATIONS,
            PLANNED_ARRIVAL_CLEARED,
            PLANNED_ARRIVAL_CHANGED,
            BIRTH_DATE_CHANGED,
        )
    ),
    *(
        (_regex(msgid, stop=True), msgid)
        for msgid in (CREATED_BEFORE_ARRIVAL, CREATED_JOINED, CREATED_BIRTH_DATE, CREATED)
    ),
]
# Whole texts, the more particular first (a title may hold a colon; a user's words follow a dash).
_TEXTS = [
    *((_regex(msgid, written=True), msgid) for msgid in (TASK_DONE, TASK_NOT_APPLICABLE)),
    *(
        (_regex(msgid), msgid)
        for msgid in (
            TASK_NOT_APPLICABLE_BIRTH,
            TASK_REOPENED,
            TASK_ASSIGNED_FIRST,
            TASK_ASSIGNED,
            TASK_HANDED_OVER,
            TASK_TAKEN,
            ASSIGNMENT_REGISTERED,
            PLANNED_ARRIVAL_NONE,
            PLANNED_ARRIVAL_SET,
            CASE_CLOSED,
            DUE_CHANGED,
        )
    ),
]
# A user's own words: a note on a task (TaskEvent NOTE; the timeline's notes are the services' texts, passed
# without their kind) and an anvisning's cancellation reason. Shown as written.
_AS_WRITTEN = frozenset({"NOTE", "CANCELLED"})


def _render(shapes, text: str) -> str | None:
    for regex, msgid in shapes:
        match = regex.fullmatch(text)
        if match is None:
            continue
        values = match.groupdict()
        written, stop = values.pop("written", None), values.pop("stop", None)
        how = _BIRTH_VALUES if msgid == BIRTH_DATE_CHANGED else _VALUES
        shown = {name: how.get(name, str)(value) for name, value in values.items()}
        try:
            result = gettext(msgid) % shown
        except (KeyError, TypeError, ValueError):  # a translation that lost a value: the Swedish still works
            result = msgid % shown
        return f"{result}{stop or ''}" + (f"{WRITTEN}{written}" if written is not None else "")
    return None


def shown(text: str, kind: str = "") -> str:
    """A stored event text (of a TaskEvent or CaseEvent of `kind`) in the reader's language: a whole text this
    module's messages made, else sentence by sentence (a task's CREATED text and its date's note); what a user
    wrote (a note, a cancellation's reason) and anything no message made, as stored."""
    if not text or kind in _AS_WRITTEN:
        return text
    return _shown(get_language(), text)


# The same few texts come back on every timeline ("Uppgift klar: Boka mottagningssamtal"), and matching one against
# the messages' patterns and translating its values takes 100–200 µs — most of the household page's timeline. What a
# text shows depends only on the text and the language (the catalogue does not change while the process runs), so
# the result is kept per both, for as many texts as a few busy days' timelines hold.
@functools.lru_cache(maxsize=8192)
def _shown(language: str | None, text: str) -> str:
    return _render(_TEXTS, text) or _sentences(text)
