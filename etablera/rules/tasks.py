"""Due dates for reception tasks.

Most due dates are local policy: the municipality's process template says "within N days of arrival". A few steps
follow a named rule instead (a parameter key such as `school.child_assessment_weeks`), so that the rule's source is
shown and a policy change is one dated row.
"""

from __future__ import annotations

import datetime as dt

from etablera.rules.deadlines import Deadline
from etablera.rules.parameters import parameter

ANCHOR_LABELS = {"DECISION": "Beslut om anvisning", "ARRIVAL": "Ankomst (kommunmottagen)"}

# Rules a template step can follow instead of a plain number of days: key -> (parameter key, days per unit).
STEP_RULES = {
    "school.child_assessment": ("school.child_assessment_weeks", 7),
}


def task_deadline(
    *,
    title: str,
    anchor: str,
    anchor_date: dt.date,
    offset_days: int,
    rule_key: str = "",
    template_name: str = "",
) -> Deadline:
    anchor_label = ANCHOR_LABELS[anchor]
    if rule_key:
        parameter_key, days_per_unit = STEP_RULES[rule_key]
        p = parameter(parameter_key, anchor_date)
        days = p.value * days_per_unit
        due = anchor_date + dt.timedelta(days=days)
        return Deadline(
            date=due,
            rule=rule_key,
            title=title,
            explanation=f"{anchor_label} {anchor_date.isoformat()} + {days} dagar = {due.isoformat()}. {p.description}",
            source=p.source,
            status="local" if p.local else p.status,
            based_on={anchor_label: anchor_date},
        )
    due = anchor_date + dt.timedelta(days=offset_days)
    return Deadline(
        date=due,
        rule="template.step",
        title=title,
        explanation=f"{anchor_label} {anchor_date.isoformat()} + {offset_days} dagar = {due.isoformat()}.",
        source=f"Kommunens processmall{f' ”{template_name}”' if template_name else ''} (lokal rutin)",
        status="local",
        based_on={anchor_label: anchor_date},
    )
