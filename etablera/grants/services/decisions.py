"""What staff do with an application: assess it (caseworkers of civil society), decide it (their unit managers),
register the payment and a report back that came by letter. Each change reads its row again under a lock and is
refused with a Swedish message when someone else changed the application first (etablera/transitions.py); a
decision locks the programme too, so two decisions at once cannot together pass the budget."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.grants import mail
from etablera.grants.models import Application, GrantProgramme
from etablera.grants.services.common import check_civil, check_decider
from etablera.grants.tokens import new_token
from etablera.transitions import StateConflict, by_whom, lock

Status = Application.Status
# The applications whose granted amounts count against the programme's budget.
COUNTED = (Status.GRANTED, Status.PAID, Status.REPORTED)


def _refuse(application: Application, doing: str) -> StateConflict:
    who = by_whom(application.decided_by or application.assessed_by, application.updated_at)
    return StateConflict(
        f"Ansökan {application.reference} är {application.get_status_display().lower()}{who} "
        f"och kan inte {doing} nu."
    )


def _text(errors: dict, name: str, value: str, required: str = "") -> str:
    value = (value or "").strip()
    limit = Application._meta.get_field(name).max_length
    if len(value) > limit:
        errors[name] = f"Högst {limit} tecken."
    elif required and not value:
        errors[name] = required
    return value


def granted_total(programme: GrantProgramme, *, excluding: Application | None = None) -> int:
    rows = Application.objects.filter(programme=programme, status__in=COUNTED)
    if excluding is not None:
        rows = rows.exclude(pk=excluding.pk)
    return rows.aggregate(total=Sum("amount_granted"))["total"] or 0


@transaction.atomic
def assess(actor, application: Application, *, assessment: str) -> Application:
    check_civil(actor, application.municipality_id)
    errors: dict[str, str] = {}
    assessment = _text(errors, "assessment", assessment, "Skriv bedömningen.")
    if errors:
        raise ValidationError(errors)
    lock(application)
    if application.confirmed_at is None:
        raise StateConflict("Ansökan är inte bekräftad av den sökande ännu.")
    if application.status not in (Status.SUBMITTED, Status.UNDER_ASSESSMENT):
        raise _refuse(application, "bedömas")
    application.assessment = assessment
    application.status = Status.UNDER_ASSESSMENT
    application.assessed_by = actor
    application.assessed_at = timezone.now()
    application.save()
    log_change(actor, AuditEvent.Action.UPDATE, application, f"Ansökan {application.reference} bedömd")
    return application


def decide(
    actor,
    application: Application,
    *,
    granted: bool,
    amount_granted: int | None = None,
    reasons: str = "",
    conditions: str = "",
    report_deadline: dt.date | None = None,
    base_url: str | None = None,
) -> Application:
    """Grant (an amount no more than applied for, within what is left of the budget) or reject; the decision is
    e-mailed to the contact person, a grant with the link to report back."""
    check_decider(actor, application.municipality_id)
    errors: dict[str, str] = {}
    reasons = _text(errors, "decision_reasons", reasons, "Skriv motiveringen.")
    conditions = _text(errors, "conditions", conditions)
    if granted:
        if amount_granted is None or amount_granted < 1:
            errors["amount_granted"] = "Ange beviljat belopp i hela kronor."
        elif amount_granted > application.amount_applied:
            errors["amount_granted"] = (
                f"Beviljat belopp kan inte vara mer än det sökta, {application.amount_applied} kr."
            )
        if report_deadline is None:
            errors["report_deadline"] = "Ange när återrapporten ska vara inne."
        elif report_deadline < timezone.localdate():
            errors["report_deadline"] = "Datumet för återrapporten har redan passerat."
    if errors:
        raise ValidationError(errors)
    token = None
    with transaction.atomic():
        programme = lock(application.programme)  # the budget: one decision of the programme at a time
        lock(application)
        if application.status != Status.UNDER_ASSESSMENT:
            raise _refuse(application, "beslutas")
        if granted:
            left = programme.budget - granted_total(programme, excluding=application)
            if amount_granted > left:
                raise ValidationError(
                    {
                        "amount_granted": f"Budgeten räcker inte: {max(left, 0)} kr återstår av {programme.budget} kr."
                    }
                )
            token, hashed = new_token()
            application.status = Status.GRANTED
            application.amount_granted = amount_granted
            application.report_deadline = report_deadline
            application.report_token_hash = hashed
        else:
            application.status = Status.REJECTED
            application.amount_granted = None
        application.decision_reasons = reasons
        application.conditions = conditions
        application.decided_by = actor
        application.decided_at = timezone.now()
        application.save()
        log_change(
            actor,
            AuditEvent.Action.UPDATE,
            application,
            f"Beslut {application.reference}: {application.get_status_display().lower()}",
            {"status": application.status, "amount_granted": application.amount_granted},
        )
    if application.contact_email:
        mail.send_decision(application, token, base_url)
    return application


@transaction.atomic
def pay(
    actor, application: Application, *, paid_on: dt.date, amount: int, reference: str = ""
) -> Application:
    check_civil(actor, application.municipality_id)
    errors: dict[str, str] = {}
    reference = _text(errors, "payment_reference", reference)
    if paid_on is None:
        errors["paid_on"] = "Ange utbetalningsdagen."
    if amount is None or amount < 1:
        errors["amount"] = "Ange utbetalt belopp i hela kronor."
    lock(application)
    if application.status != Status.GRANTED:
        raise _refuse(application, "betalas ut")
    if amount is not None and application.amount_granted is not None and amount > application.amount_granted:
        errors["amount"] = f"Mer än det beviljade beloppet, {application.amount_granted} kr."
    if errors:
        raise ValidationError(errors)
    application.status = Status.PAID
    application.paid_on = paid_on
    application.paid_amount = amount
    application.payment_reference = reference
    application.paid_by = actor
    application.save()
    log_change(actor, AuditEvent.Action.UPDATE, application, f"Utbetalning {application.reference}")
    return application


def register_report(actor, application: Application, values: dict) -> Application:
    """A report back that came by letter or e-mail, registered by staff."""
    from etablera.grants.services.public import record_report

    check_civil(actor, application.municipality_id)
    return record_report(application, values, actor=actor)
