"""Assignment and reception: bosättningslagen (2016:38) and förordning (2016:39)."""

from __future__ import annotations

import datetime as dt
import functools

from etablera.rules.dates import add_months
from etablera.rules.deadlines import Deadline, gettext_noop
from etablera.rules.parameters import Parameter, parameter

RESETTLED = "RESETTLED"
TITLE = gettext_noop("Sista mottagningsdag")
DECISION_DATE = gettext_noop("Beslutsdatum")
DEFAULT_DATE = gettext_noop("Beslut om anvisning %(decision)s + %(months)s månader = %(date)s.")
RESETTLED_LATER = gettext_noop("För kvotflyktingar får Migrationsverket ange ett senare datum.")
STATED_DATE = gettext_noop(
    "Datumet %(latest)s är angivet i anvisningen från Migrationsverket (beslut %(decision)s; regelns standard "
    "vore %(default)s)."
)
# Every sentence of the explanations below (what reads a stored explanation back: reception's event_texts).
EXPLANATIONS = (DEFAULT_DATE, RESETTLED_LATER, STATED_DATE)


class ReceptionRuleError(ValueError):
    """A date that the law does not allow; the message is Swedish and meant for the user."""


def latest_reception_date(decision_date: dt.date, category: str) -> Deadline:
    """Default latest reception date: at most two months after the decision on assignment.

    Förordning (2016:39) 10 §: the anvisning states the date by which the municipality must receive the person, at
    most two months after the decision; for resettled refugees (kvotflyktingar) Migrationsverket may set a later date,
    so for them this is only the default and a later date is accepted (see `check_latest_reception_date`).
    """
    return _latest_reception_date(
        decision_date, category, parameter("reception.latest_reception_months", decision_date)
    )


# Kept per (decision date, category, the parameter's version): an import of 100 000 anvisningar asks for the same
# few hundred deadlines, and making one was a tenth of a row's validation. The version is part of the key, so a
# changed parameter (a law change as data) is never answered from the cache. The deadline is frozen and its messages
# are shared, as Deadline.shown() shares them: nothing changes them (with_note and as_json make new ones).
@functools.lru_cache(maxsize=4096)
def _latest_reception_date(decision_date: dt.date, category: str, p: Parameter) -> Deadline:
    date = add_months(decision_date, p.value)
    explanation = [
        [DEFAULT_DATE, {"decision": decision_date.isoformat(), "months": p.value, "date": date.isoformat()}]
    ]
    if category == RESETTLED:
        explanation.append([RESETTLED_LATER, {}])
    return Deadline.make(
        date=date,
        rule="reception.latest_reception_date",
        title=[TITLE, {}],
        explanation=explanation,
        source=[p.source, {}],
        status=p.status,
        based_on={DECISION_DATE: decision_date},
    )


def check_latest_reception_date(decision_date: dt.date, latest: dt.date, category: str) -> Deadline:
    """Validate a latest reception date stated in an anvisning and explain it.

    Not before the decision; not more than two months after it, except for resettled refugees (2016:39 10 §).
    """
    default = latest_reception_date(decision_date, category)
    if latest < decision_date:
        raise ReceptionRuleError("Sista mottagningsdag kan inte vara före beslutsdatum.")
    if latest > default.date and category != RESETTLED:
        raise ReceptionRuleError(
            f"Sista mottagningsdag får vara högst två månader efter beslutet ({default.date.isoformat()}); "
            "ett senare datum får bara anges för kvotflyktingar."
        )
    if latest == default.date:
        return default
    return Deadline.make(
        date=latest,
        rule="reception.latest_reception_date.stated",
        title=[TITLE, {}],
        explanation=[
            [
                STATED_DATE,
                {
                    "latest": latest.isoformat(),
                    "decision": decision_date.isoformat(),
                    "default": default.date.isoformat(),
                },
            ]
        ],
        source=[default.source, {}],
        status=default.status,
        based_on={DECISION_DATE: decision_date},
    )


def check_received_date(decision_date: dt.date, received: dt.date, today: dt.date) -> None:
    """A household cannot be received before it was assigned, nor in the future."""
    if received < decision_date:
        raise ReceptionRuleError("Mottagningsdatum kan inte vara före beslutsdatum för anvisningen.")
    if received > today:
        raise ReceptionRuleError("Mottagningsdatum kan inte ligga i framtiden.")


def remaining_to_count(quota: int, counted: int) -> int:
    """Kvar att avräkna = max(0, kommuntal − avräknade) (Migrationsverket's quota overview, seed 002)."""
    return max(0, quota - counted)
