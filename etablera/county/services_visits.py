"""Writes of the municipality visits (kommunbesök, issue #16): the county board plans a visit, the municipality
answers the question template before it (drafts, then sent), the board records the visit held with its notes, and
the follow-ups agreed there.

Who may: the county board of the visit's county plans, records and follows up (policy.Capabilities.county_ids); the
visited municipality's administrators and unit managers answer (`answer_municipality_ids` below — the people who
speak for the municipality's work, not a caseworker). Every service validates first, then asks permission, then
writes and logs. The texts are about the municipality's work, never about a person: the forms say so.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities
from etablera.county.models import (
    VISIT_ANSWER,
    VISIT_NOTE,
    Answer,
    FollowUp,
    Visit,
    VisitNote,
    VisitQuestion,
    VisitTemplate,
)
from etablera.organisation.models import County, Municipality, Role
from etablera.transitions import StateConflict, lock

YEARS = (2016, 2100)
NOT_COUNTY = gettext_lazy("Kommunbesöken planeras och följs upp av Länsstyrelsen i länet.")
NOT_MUNICIPALITY = gettext_lazy(
    "Frågorna besvaras av kommunens administratörer och enhetschefer i den kommun som besöks."
)
# Who can move a visit on, and from which states.
ANSWERABLE = {Visit.Status.PLANNED}
HOLDABLE = {Visit.Status.PLANNED, Visit.Status.ANSWERED}


# --- who may ------------------------------------------------------------------------------------------------------


def answer_municipality_ids(user) -> set[int]:
    """The municipalities whose visit questions the user answers: where the user is administrator or unit manager.
    Kept here rather than in access/policy.py while the visits are the only use."""
    caps = capabilities(user)
    managers = {m.unit.municipality_id for m in caps.memberships if m.role == Role.UNIT_MANAGER}
    return caps.admin_municipality_ids | managers


def may_answer(user, visit: Visit) -> bool:
    return visit.municipality_id in answer_municipality_ids(user)


def is_county_board(user, county_id: int) -> bool:
    return county_id in capabilities(user).county_ids


def _require_county(actor, county_id: int) -> None:
    if not is_county_board(actor, county_id):
        raise PermissionDenied(NOT_COUNTY)


def _require_answer(actor, visit: Visit) -> None:
    if not may_answer(actor, visit):
        raise PermissionDenied(NOT_MUNICIPALITY)


def _who(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


# --- validation ---------------------------------------------------------------------------------------------------


def _text(errors: dict, key: str, value, limit: int, *, required: str | None = None) -> str:
    """`value` stripped, or an error at `key`: too long, or empty where `required` says what to write."""
    text = value.strip() if isinstance(value, str) else ""
    if required and not text:
        errors[key] = required
    elif len(text) > limit:
        errors[key] = _("Högst %(limit)s tecken.") % {"limit": limit}
    return text


def _date(errors: dict, key: str, value, *, required: str | None = None) -> dt.date | None:
    if value is None or value == "":
        if required:
            errors[key] = required
        return None
    if not isinstance(value, dt.date):
        errors[key] = _("Ange ett datum (ÅÅÅÅ-MM-DD).")
        return None
    return value


def template_for(county: County) -> VisitTemplate | None:
    """The county's own template if it has one, else the county boards' common one."""
    return (
        VisitTemplate.objects.filter(county=county).first()
        or VisitTemplate.objects.filter(county=None).order_by("pk").first()
    )


# --- the county board: plan ---------------------------------------------------------------------------------------


def clean_visit(*, county: County, municipality: Municipality | None, year, planned_on) -> None:
    errors: dict = {}
    if municipality is None:
        errors["municipality"] = _("Välj kommunen som ska besökas.")
    elif municipality.county_id != county.pk:
        errors["municipality"] = _("%(name)s ligger inte i %(county)s.") % {
            "name": municipality.name,
            "county": county.name,
        }
    if not isinstance(year, int) or isinstance(year, bool) or not YEARS[0] <= year <= YEARS[1]:
        errors["year"] = _("Ange ett år från %(first)s till %(last)s.") % {
            "first": YEARS[0],
            "last": YEARS[1],
        }
    planned = _date(errors, "planned_on", planned_on, required=_("Ange dagen för besöket."))
    if planned and "year" not in errors and planned.year != year:
        errors["planned_on"] = _("Besöket ska ligga under %(year)s.") % {"year": year}
    if (
        "municipality" not in errors
        and "year" not in errors
        and Visit.objects.filter(county=county, municipality=municipality, year=year).exists()
    ):
        errors["municipality"] = _("%(name)s har redan ett kommunbesök %(year)s.") % {
            "name": municipality.name,
            "year": year,
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def plan_visit(*, actor, county: County, municipality: Municipality | None, year, planned_on) -> Visit:
    """A visit planned for a municipality of the county, with the county's question template."""
    clean_visit(county=county, municipality=municipality, year=year, planned_on=planned_on)
    _require_county(actor, county.pk)
    template = template_for(county)
    if template is None:
        raise ValidationError({"municipality": _("Det finns ingen frågemall för kommunbesök.")})
    visit = Visit.objects.create(
        county=county,
        municipality=municipality,
        year=year,
        template=template,
        planned_on=planned_on,
        created_by=_who(actor),
    )
    log_change(
        actor,
        AuditEvent.Action.CREATE,
        visit,
        f"Kommunbesök {year} planerat {planned_on.isoformat()}",
        {"after": {"planned_on": planned_on.isoformat(), "template": template.pk}},
    )
    return visit


# --- the municipality: answer -------------------------------------------------------------------------------------


def answer_key(question: VisitQuestion) -> str:
    """The field an answer's error is at: the form's field for the question."""
    return f"q{question.number}"


def clean_answers(visit: Visit, answers: dict, *, complete: bool) -> dict[int, str]:
    """The answers by question id, stripped; `answers` maps a question's id (or the question) to its text. With
    `complete` (the answers are sent) every question needs an answer."""
    questions = {q.pk: q for q in visit.template.questions.all()}
    given = {getattr(key, "pk", key): value for key, value in answers.items()}
    errors: dict = {}
    unknown = set(given) - set(questions)
    if unknown:
        errors["__all__"] = _("Svaren hör inte till besökets frågemall.")
    cleaned = {}
    for pk, question in questions.items():
        if pk not in given and not complete:
            continue
        required = _("Svara på frågan innan svaren skickas.") if complete else None
        cleaned[pk] = _text(errors, answer_key(question), given.get(pk, ""), VISIT_ANSWER, required=required)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _conflict_answered(visit: Visit) -> StateConflict:
    if visit.status == Visit.Status.ANSWERED:
        return StateConflict(_("Svaren är redan skickade till Länsstyrelsen och kan inte ändras."))
    return StateConflict(
        _("Besöket är redan %(status)s, så svaren kan inte ändras.")
        % {"status": visit.get_status_display().lower()}
    )


def _write_answers(actor, visit: Visit, cleaned: dict[int, str]) -> int:
    """Each changed answer saved; the number changed."""
    existing = {a.question_id: a for a in Answer.objects.filter(visit=visit)}
    now = timezone.now()
    changed = 0
    for pk, text in cleaned.items():
        answer = existing.get(pk)
        if answer is not None and answer.text == text:
            continue
        if answer is None and not text:
            continue
        if answer is None:
            answer = Answer(visit=visit, question_id=pk)
        answer.text, answer.answered_by, answer.answered_at = text, _who(actor), now
        answer.save()
        changed += 1
    return changed


@transaction.atomic
def save_answers(*, actor, visit: Visit, answers: dict) -> int:
    """A draft: the answers saved as they are, the visit still planned. Returns how many answers changed."""
    cleaned = clean_answers(visit, answers, complete=False)
    _require_answer(actor, visit)
    lock(visit)
    if visit.status not in ANSWERABLE:
        raise _conflict_answered(visit)
    changed = _write_answers(actor, visit, cleaned)
    if changed:
        log_change(actor, AuditEvent.Action.UPDATE, visit, f"Svar inför kommunbesök sparade ({changed})")
    return changed


@transaction.atomic
def submit_answers(*, actor, visit: Visit, answers: dict) -> Visit:
    """The answers saved and sent to the county board: every question answered, the visit planned → answered."""
    cleaned = clean_answers(visit, answers, complete=True)
    _require_answer(actor, visit)
    lock(visit)
    if visit.status not in ANSWERABLE:
        raise _conflict_answered(visit)
    _write_answers(actor, visit, cleaned)
    visit.status, visit.submitted_by, visit.submitted_at = Visit.Status.ANSWERED, _who(actor), timezone.now()
    visit.save(update_fields=["status", "submitted_by", "submitted_at"])
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        visit,
        "Svar inför kommunbesök skickade till Länsstyrelsen",
        {"before": {"status": Visit.Status.PLANNED}, "after": {"status": Visit.Status.ANSWERED}},
    )
    return visit


# --- the county board: the visit held, notes, follow-ups ----------------------------------------------------------


@transaction.atomic
def record_held(*, actor, visit: Visit, held_on, note: str = "") -> Visit:
    """The visit held on `held_on` (not in the future), with the notes from it if any: planned or answered → held.
    The municipality can no longer change its answers."""
    errors: dict = {}
    day = _date(errors, "held_on", held_on, required=_("Ange dagen då besöket genomfördes."))
    if day and day > timezone.localdate():
        errors["held_on"] = _("Dagen kan inte ligga i framtiden.")
    text = _text(errors, "note", note, VISIT_NOTE)
    if errors:
        raise ValidationError(errors)
    _require_county(actor, visit.county_id)
    lock(visit)
    if visit.status not in HOLDABLE:
        raise StateConflict(
            _("Besöket är redan %(status)s.") % {"status": visit.get_status_display().lower()}
        )
    before = visit.status
    visit.status, visit.held_on = Visit.Status.HELD, day
    visit.save(update_fields=["status", "held_on"])
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        visit,
        f"Kommunbesök genomfört {day.isoformat()}",
        {"before": {"status": before}, "after": {"status": Visit.Status.HELD, "held_on": day.isoformat()}},
    )
    if text:
        _note(actor, visit, text)
    return visit


def _note(actor, visit: Visit, text: str) -> VisitNote:
    note = VisitNote.objects.create(visit=visit, text=text, created_by=_who(actor))
    log_change(actor, AuditEvent.Action.CREATE, note, "Anteckning från kommunbesök")
    return note


@transaction.atomic
def add_note(*, actor, visit: Visit, text: str) -> VisitNote:
    errors: dict = {}
    cleaned = _text(errors, "text", text, VISIT_NOTE, required=_("Skriv anteckningen."))
    if errors:
        raise ValidationError(errors)
    _require_county(actor, visit.county_id)
    lock(visit)
    if visit.status == Visit.Status.CLOSED:
        raise StateConflict(_("Besöket är avslutat."), field="text")
    return _note(actor, visit, cleaned)


@transaction.atomic
def add_follow_up(
    *, actor, visit: Visit, what: str, by_municipality: bool = False, responsible: str = "", due_on=None
) -> FollowUp:
    """Something to follow up after the visit, the municipality or someone named in words responsible."""
    errors: dict = {}
    text = _text(
        errors,
        "what",
        what,
        FollowUp._meta.get_field("what").max_length,
        required=_("Skriv vad som ska följas upp."),
    )
    who = _text(errors, "responsible", responsible, FollowUp._meta.get_field("responsible").max_length)
    if not by_municipality and not who and "responsible" not in errors:
        errors["responsible"] = _("Ange vem som ansvarar, eller kryssa i att kommunen ansvarar.")
    due = _date(errors, "due_on", due_on)
    if errors:
        raise ValidationError(errors)
    _require_county(actor, visit.county_id)
    lock(visit)
    if visit.status != Visit.Status.HELD:
        raise StateConflict(
            _("Uppföljningspunkter läggs till när besöket är genomfört och inte avslutat."), field="what"
        )
    follow_up = FollowUp.objects.create(
        visit=visit,
        what=text,
        by_municipality=bool(by_municipality),
        responsible=who,
        due_on=due,
        created_by=_who(actor),
    )
    log_change(
        actor,
        AuditEvent.Action.CREATE,
        follow_up,
        "Uppföljningspunkt efter kommunbesök",
        {"after": {"due_on": due.isoformat() if due else None, "by_municipality": bool(by_municipality)}},
    )
    return follow_up


@transaction.atomic
def close_follow_up(*, actor, follow_up: FollowUp, done_on) -> FollowUp:
    errors: dict = {}
    day = _date(errors, "done_on", done_on, required=_("Ange dagen då det blev klart."))
    if day and day > timezone.localdate():
        errors["done_on"] = _("Dagen kan inte ligga i framtiden.")
    if errors:
        raise ValidationError(errors)
    _require_county(actor, follow_up.visit.county_id)
    lock(follow_up)
    if follow_up.done_on is not None:
        raise StateConflict(
            _("Punkten är redan klar (%(day)s).") % {"day": follow_up.done_on.isoformat()}, field="done_on"
        )
    follow_up.done_on = day
    follow_up.save(update_fields=["done_on"])
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        follow_up,
        f"Uppföljningspunkt klar {day.isoformat()}",
        {"after": {"done_on": day.isoformat()}},
    )
    return follow_up


@transaction.atomic
def close_visit(*, actor, visit: Visit) -> Visit:
    """The visit and its follow-up done with: held → closed. Nothing more is written to it."""
    _require_county(actor, visit.county_id)
    lock(visit)
    if visit.status != Visit.Status.HELD:
        raise StateConflict(_("Bara ett genomfört besök kan avslutas."))
    visit.status = Visit.Status.CLOSED
    visit.save(update_fields=["status"])
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        visit,
        "Kommunbesök avslutat",
        {"before": {"status": Visit.Status.HELD}, "after": {"status": Visit.Status.CLOSED}},
    )
    return visit
