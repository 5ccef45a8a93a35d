"""Grants to associations (issue #17, etablera/grants/): the public application's rate limit, the reminder before a
report back is due, the age bands of the report's participants, and the form's limits. All local policy: the
municipality's own rules for its grants (bidragsregler), which it may change."""

from __future__ import annotations

import datetime as dt
import re

from etablera.rules.parameters import parameter_value

# The extra questions a programme's form may ask: a few short answers, each with its own length limit.
EXTRA_FIELDS_MAX = 10
EXTRA_ANSWER_MAX = 2000
EXTRA_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def application_limit(on: dt.date) -> tuple[int, dt.timedelta]:
    """At most this many applications per sender address within the window: enough for an association that sends
    to two programmes and corrects a mistake, too few for a script (local policy; the form is public)."""
    return (
        parameter_value("grants.application_posts", on),
        dt.timedelta(minutes=parameter_value("grants.application_window_minutes", on)),
    )


def reminder_days(on: dt.date) -> int:
    """Days before the report back is due that the association's contact person is reminded by e-mail."""
    return parameter_value("grants.reminder_days", on)


def age_bands(on: dt.date) -> tuple[str, ...]:
    """The age bands the report back counts participants by (as the municipality's leisure statistics do)."""
    return tuple(parameter_value("grants.age_bands", on))


def clean_extra_fields(value) -> list[dict]:
    """A programme's extra questions as a list of {name, label, max_length, required}, or ValueError with a Swedish
    message saying what is wrong."""
    if not isinstance(value, list):
        raise ValueError("De extra frågorna ska vara en lista.")
    if len(value) > EXTRA_FIELDS_MAX:
        raise ValueError(f"Högst {EXTRA_FIELDS_MAX} extra frågor.")
    cleaned, names = [], set()
    for number, item in enumerate(value, start=1):
        if not isinstance(item, dict) or set(item) - {"name", "label", "max_length", "required"}:
            raise ValueError(f"Fråga {number}: ska ha namn, etikett, maxlängd och obligatorisk.")
        name = str(item.get("name", "")).strip()
        label = str(item.get("label", "")).strip()
        if not EXTRA_NAME.match(name):
            raise ValueError(
                f"Fråga {number}: namnet ska vara högst 40 tecken, små bokstäver a–z, siffror och understreck."
            )
        if name in names:
            raise ValueError(f"Fråga {number}: namnet {name} finns redan.")
        if not label or len(label) > 200:
            raise ValueError(f"Fråga {number}: ange en etikett på högst 200 tecken.")
        max_length = item.get("max_length")
        if (
            isinstance(max_length, bool)
            or not isinstance(max_length, int)
            or not 1 <= max_length <= EXTRA_ANSWER_MAX
        ):
            raise ValueError(
                f"Fråga {number}: maxlängden ska vara ett heltal mellan 1 och {EXTRA_ANSWER_MAX}."
            )
        required = item.get("required", False)
        if not isinstance(required, bool):
            raise ValueError(f"Fråga {number}: obligatorisk ska vara ja eller nej.")
        names.add(name)
        cleaned.append({"name": name, "label": label, "max_length": max_length, "required": required})
    return cleaned
