"""What an association does without an account: apply (and confirm the e-mail address by its link), and report
back by the link in the decision. Nothing here reads the register; the association is linked to the register's entry
by its organisation number, which the applicant does not see."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from stdnum import exceptions as stdnum_errors
from stdnum.se import orgnr

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.civil.models import Association
from etablera.grants import mail
from etablera.grants.models import Application, GrantProgramme
from etablera.grants.tokens import new_token, token_hash
from etablera.rules.grants import EXTRA_ANSWER_MAX, age_bands
from etablera.transitions import StateConflict, lock

TEXT_FIELDS = ("association_name", "contact_name", "contact_email", "contact_phone", "description")
MAX_AMOUNT = 100_000_000
SEXES = ("women", "men", "other")
MAX_PARTICIPANTS = 100_000


def normalise_orgnr(raw: str) -> str:
    """NNNNNN-NNNN, or ValueError with a Swedish message."""
    raw = (raw or "").strip()
    if not raw:
        raise ValueError("Ange föreningens organisationsnummer.")
    if len(raw) > 13:
        raise ValueError("Organisationsnumret får vara högst 13 tecken.")
    digits = orgnr.compact(raw)
    if len(digits) == 12 and digits.startswith("16"):
        digits = digits[2:]
    try:
        return orgnr.format(orgnr.validate(digits))
    except stdnum_errors.InvalidChecksum as error:
        raise ValueError("Organisationsnumret stämmer inte: kontrollsiffran är fel.") from error
    except stdnum_errors.ValidationError as error:
        raise ValueError("Organisationsnumret ska ha tio siffror, till exempel 802000-1239.") from error


def clean_application(programme: GrantProgramme, values: dict) -> dict:
    errors: dict[str, str] = {}
    cleaned = {name: (values.get(name) or "").strip() for name in TEXT_FIELDS}
    required = {
        "association_name": "Ange föreningens namn.",
        "contact_name": "Ange kontaktpersonens namn.",
        "contact_email": "Ange en e-postadress.",
        "description": "Beskriv vad ni vill göra med bidraget.",
    }
    for name in TEXT_FIELDS:
        limit = Application._meta.get_field(name).max_length
        if len(cleaned[name]) > limit:
            errors[name] = f"Högst {limit} tecken."
        elif not cleaned[name] and name in required:
            errors[name] = required[name]
    if "contact_email" not in errors:
        try:
            validate_email(cleaned["contact_email"])
        except ValidationError:
            errors["contact_email"] = "Skriv e-postadressen som namn@exempel.se."
    try:
        cleaned["organisation_number"] = normalise_orgnr(values.get("organisation_number", ""))
    except ValueError as error:
        errors["organisation_number"] = str(error)
    amount = values.get("amount_applied")
    if amount is None or not 1 <= amount <= MAX_AMOUNT:
        errors["amount_applied"] = "Ange sökt belopp i hela kronor, minst 1 krona."
    cleaned["amount_applied"] = amount
    answers = {}
    for field in programme.extra_fields:
        answer = (values.get("answers", {}).get(field["name"]) or "").strip()
        key = f"extra_{field['name']}"
        if len(answer) > min(field["max_length"], EXTRA_ANSWER_MAX):
            errors[key] = f"Högst {field['max_length']} tecken."
        elif field["required"] and not answer:
            errors[key] = "Svara på frågan."
        answers[field["name"]] = answer
    cleaned["answers"] = answers
    if errors:
        raise ValidationError(errors)
    return cleaned


def _next_reference(municipality_id: int, year: int) -> str:
    prefix = f"BID-{year}-"
    references = Application.objects.filter(
        municipality_id=municipality_id, reference__startswith=prefix
    ).values_list("reference", flat=True)
    number = max(
        (int(r.removeprefix(prefix)) for r in references if r.removeprefix(prefix).isdigit()), default=0
    )
    return f"{prefix}{number + 1:04d}"


def submit_application(*, programme: GrantProgramme, base_url: str, **values) -> Application:
    """Register an application (unconfirmed) and send the confirmation e-mail with its reference."""
    today = timezone.localdate()
    cleaned = clean_application(programme, values)
    token, hashed = new_token()
    for attempt in range(3):
        try:
            with transaction.atomic():
                lock(programme)
                if not programme.accepts_on(today):
                    raise StateConflict("Programmet tar inte emot ansökningar just nu.", field="__all__")
                association = Association.objects.filter(
                    municipality_id=programme.municipality_id,
                    organisation_number=cleaned["organisation_number"],
                ).first()
                application = Application.objects.create(
                    programme=programme,
                    municipality_id=programme.municipality_id,
                    reference=_next_reference(programme.municipality_id, today.year),
                    association=association,
                    confirm_token_hash=hashed,
                    **cleaned,
                )
                log_change(None, AuditEvent.Action.CREATE, application, f"Ansökan {application.reference}")
            break
        except IntegrityError:  # another programme of the municipality took the number first
            if attempt == 2:
                raise
    mail.send_confirmation(application, token, base_url)
    return application


def application_by_confirm_token(token: str) -> Application | None:
    if not token or len(token) > 100:
        return None
    return (
        Application.objects.select_related("programme").filter(confirm_token_hash=token_hash(token)).first()
    )


@transaction.atomic
def confirm_application(application: Application) -> Application:
    lock(application)
    if application.confirmed_at is None:
        application.confirmed_at = timezone.now()
        application.save(update_fields=["confirmed_at", "updated_at"])
        log_change(None, AuditEvent.Action.UPDATE, application, f"Ansökan {application.reference} bekräftad")
    return application


def application_by_report_token(token: str) -> Application | None:
    if not token or len(token) > 100:
        return None
    return Application.objects.select_related("programme").filter(report_token_hash=token_hash(token)).first()


def clean_report(values: dict, on) -> dict:
    errors: dict[str, str] = {}
    text = (values.get("report_text") or "").strip()
    limit = Application._meta.get_field("report_text").max_length
    if not text:
        errors["report_text"] = "Beskriv vad som gjordes."
    elif len(text) > limit:
        errors["report_text"] = f"Högst {limit} tecken."
    money = values.get("report_money_used")
    if money is None or not 0 <= money <= MAX_AMOUNT:
        errors["report_money_used"] = "Ange använt belopp i hela kronor."
    participants: dict[str, dict[str, int]] = {}
    for sex in SEXES:
        participants[sex] = {}
        for band in age_bands(on):
            count = (values.get("participants") or {}).get(sex, {}).get(band) or 0
            if not isinstance(count, int) or not 0 <= count <= MAX_PARTICIPANTS:
                errors["participants"] = "Ange antal deltagare som heltal, 0 eller fler."
                count = 0
            participants[sex][band] = count
    if errors:
        raise ValidationError(errors)
    return {"report_text": text, "report_money_used": money, "report_participants": participants}


def record_report(application: Application, values: dict, *, actor=None) -> Application:
    """The report back: from the association's link (no actor) or registered by staff from a letter (actor)."""
    cleaned = clean_report(values, timezone.localdate())
    with transaction.atomic():
        lock(application)
        if application.status == Application.Status.REPORTED:
            raise StateConflict("Återrapporten har redan kommit in.", field="__all__")
        if application.status != Application.Status.PAID:
            raise StateConflict(
                "Återrapporten kan lämnas när bidraget är utbetalt; ansökan är "
                f"{application.get_status_display().lower()}.",
                field="__all__",
            )
        for name, value in cleaned.items():
            setattr(application, name, value)
        application.status = Application.Status.REPORTED
        application.report_submitted_at = timezone.now()
        application.report_received_by = actor
        application.report_token_hash = ""  # the link has done its work
        application.save()
        log_change(actor, AuditEvent.Action.UPDATE, application, f"Återrapport {application.reference}")
    return application
