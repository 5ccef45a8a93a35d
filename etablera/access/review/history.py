"""A person's own access history: who read or changed what about them and their household, in plain Swedish for
the person (the access history page and the register extract)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etablera.access.models import AuditEvent
from etablera.access.review.reviewers import about_person_q
from etablera.organisation.models import Membership
from etablera.people.models import Person

ACTION_PHRASES = {
    AuditEvent.Action.VIEW: _("läste"),
    AuditEvent.Action.LIST: _("såg i en lista eller ett sökresultat"),
    AuditEvent.Action.CREATE: _("registrerade"),
    AuditEvent.Action.UPDATE: _("ändrade"),
    AuditEvent.Action.DELETE: _("tog bort eller gallrade"),
    AuditEvent.Action.EXPORT: _("lämnade ut eller exporterade"),
    AuditEvent.Action.IMPORT: _("importerade"),
}

SUBJECT_PHRASES = {
    "Person": _("dina personuppgifter"),
    "Household": _("uppgifter om ditt hushåll"),
    "Task": _("en uppgift i ditt ärende"),
    "Assignment": _("anvisningen från Migrationsverket"),
    "ReceptionCase": _("ditt mottagande"),
    "Consent": _("ditt samtycke"),
    "Note": _("en anteckning om dig"),
    "BreakGlassAccess": _("uppgifter om ditt hushåll (nödåtkomst)"),
    "RegisterExtract": _("ett registerutdrag om dig"),
    "AccessLog": _("uppgifter om vem som har läst om dig"),
}


@dataclass
class HistoryRow:
    at: dt.datetime
    who: str
    units: list[str]
    what: str
    break_glass: bool


def describe_for_person(event: AuditEvent) -> str:
    """What happened, in plain Swedish for the person: 'läste dina personuppgifter'."""
    verb = ACTION_PHRASES.get(event.action, event.get_action_display())
    subject = SUBJECT_PHRASES.get(event.object_type, _("uppgifter om dig"))
    text = f"{verb} {subject}"
    return text[:1].upper() + text[1:]


HISTORY_LIMIT = 5000


def access_history(user, person: Person) -> tuple[list[HistoryRow], bool]:
    """Who read or changed what about the person and their household, newest first: (rows, cut_off)."""
    events = list(
        AuditEvent.objects.filter(about_person_q(person))
        .exclude(
            action__in=[AuditEvent.Action.LOGIN, AuditEvent.Action.LOGIN_FAILED, AuditEvent.Action.LOGOUT]
        )
        .select_related("actor")
        .order_by("-at", "-pk")[: HISTORY_LIMIT + 1]
    )
    cut_off = len(events) > HISTORY_LIMIT
    events = events[:HISTORY_LIMIT]
    actor_ids = {e.actor_id for e in events if e.actor_id}
    units: dict[int, list[str]] = {}
    for user_id, unit_name in (
        Membership.objects.filter(user_id__in=actor_ids, unit__municipality_id=person.municipality_id)
        .order_by("unit__name")
        .values_list("user_id", "unit__name")
    ):
        if unit_name not in units.setdefault(user_id, []):
            units[user_id].append(unit_name)
    rows = []
    for event in events:
        if event.actor_id is not None:
            who = event.actor_display  # as named then: a later rename does not rewrite the history
        elif event.channel == AuditEvent.Channel.CLI:
            who = str(_("Systemförvaltningen (kommandorad)"))
        else:
            who = str(_("Systemet (automatiskt)"))
        rows.append(
            HistoryRow(
                at=timezone.localtime(event.at),
                who=who,
                units=units.get(event.actor_id, []),
                what=describe_for_person(event),
                break_glass=event.break_glass or event.basis == "BREAK_GLASS",
            )
        )
    return rows, cut_off
