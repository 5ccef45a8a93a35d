"""Due dates for reception tasks.

Most due dates are local policy: the municipality's process template says "within N days of arrival" (or, before
arrival, "N days before the planned arrival"). A few steps follow a named rule instead (a parameter key such as
`school.child_assessment_weeks`), so that the rule's source is shown and a policy change is one dated row.

No task is made already overdue unless a rule of law says so (`not_overdue`): a local date that has passed when
the task is created becomes the creation day, saying so; a legal date that has passed stays, saying that it had
passed when the household was registered.

Texts are catalogue messages (deadlines.Deadline.make), shown in the reader's language.
"""

from __future__ import annotations

import datetime as dt

from etablera.rules.deadlines import Deadline, gettext_noop
from etablera.rules.parameters import parameter

# What a step's days count from. PLANNED is the planned arrival date; LATEST stands in for it while none is known.
ANCHOR_LABELS = {
    "DECISION": gettext_noop("Beslut om anvisning"),
    "ARRIVAL": gettext_noop("Ankomst (kommunmottagen)"),
    "PLANNED": gettext_noop("Planerad ankomst"),
    "LATEST": gettext_noop("Sista mottagningsdag (ingen planerad ankomst angiven)"),
    "JOINED": gettext_noop("Kom till hushållet"),
}

# Rules a template step can follow instead of a plain number of days: key -> (parameter key, days per unit).
STEP_RULES = {
    "school.child_assessment": ("school.child_assessment_weeks", 7),
}

AFTER = gettext_noop("%(anchor)s %(date)s + %(days)s dagar = %(due)s.")
BEFORE = gettext_noop("%(anchor)s %(date)s − %(days)s dagar = %(due)s.")
TEMPLATE_SOURCE = gettext_noop("Kommunens processmall ”%(template)s” (lokal rutin)")
TEMPLATE_SOURCE_UNNAMED = gettext_noop("Kommunens processmall (lokal rutin)")
MOVED_TO_TODAY = gettext_noop(
    "Mallens datum %(due)s hade redan passerat när uppgiften skapades, så uppgiften fick datumet %(today)s "
    "(ingen lagstadgad frist)."
)
LEGAL_PASSED = gettext_noop(
    "Fristen hade redan passerat när hushållet registrerades %(today)s (till exempel en sent registrerad "
    "ankomst); datumet följer regeln."
)

# Every sentence a task's deadline explanation is made of (what reads a stored explanation back: reception's
# event_texts). A rule's own description (STEP_RULES' parameters) is not a message and is shown as it is.
EXPLANATIONS = (AFTER, BEFORE, MOVED_TO_TODAY, LEGAL_PASSED)


def _arithmetic(anchor: str, anchor_date: dt.date, days: int, due: dt.date) -> list:
    return [
        BEFORE if days < 0 else AFTER,
        {
            "anchor": ANCHOR_LABELS[anchor],
            "date": anchor_date.isoformat(),
            "days": abs(days),
            "due": due.isoformat(),
        },
    ]


def task_deadline(
    *,
    title: str,
    anchor: str,
    anchor_date: dt.date,
    offset_days: int,
    rule_key: str = "",
    template_name: str = "",
) -> Deadline:
    """The due date of a template step counted from `anchor_date` (`anchor` a key of ANCHOR_LABELS)."""
    anchor_label = ANCHOR_LABELS[anchor]
    if rule_key:
        parameter_key, days_per_unit = STEP_RULES[rule_key]
        p = parameter(parameter_key, anchor_date)
        days = p.value * days_per_unit
        due = anchor_date + dt.timedelta(days=days)
        return Deadline.make(
            date=due,
            rule=rule_key,
            title=[title, {}],
            explanation=[_arithmetic(anchor, anchor_date, days, due), [p.description, {}]],
            source=[p.source, {}],
            status="local" if p.local else p.status,
            based_on={anchor_label: anchor_date},
        )
    due = anchor_date + dt.timedelta(days=offset_days)
    source = (
        [TEMPLATE_SOURCE, {"template": template_name}] if template_name else [TEMPLATE_SOURCE_UNNAMED, {}]
    )
    return Deadline.make(
        date=due,
        rule="template.step",
        title=[title, {}],
        explanation=[_arithmetic(anchor, anchor_date, offset_days, due)],
        source=source,
        status="local",
        based_on={anchor_label: anchor_date},
    )


def not_overdue(deadline: Deadline, today: dt.date) -> Deadline:
    """A deadline for a task created `today`: never already passed, unless a rule of law put it there — then it
    stays and says that it had passed when the household was registered."""
    if deadline.date >= today:
        return deadline
    if deadline.legal:
        return deadline.with_note([LEGAL_PASSED, {"today": today.isoformat()}])
    return deadline.with_note(
        [MOVED_TO_TODAY, {"due": deadline.date.isoformat(), "today": today.isoformat()}], date=today
    )
