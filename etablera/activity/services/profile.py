"""The person's job profile (issue #13): the occupations they wish to work in (SSYK 2012 codes, checked with
rules.ssyk), how far they can travel, and their other wishes — what the matching reads beside the mapping.

Who writes: staff who work with the requirement in the person's municipality (`activity_municipality_ids`) and see
the person, as for the week. One profile per person: the first write creates it, later ones change it (the person's
row is locked so two writers never create two)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities, restrict
from etablera.activity.models import JobProfile
from etablera.people.models import Person
from etablera.rules import ssyk
from etablera.transitions import lock

MAX_WISHED = 5  # wished occupations: a few, so that each weighs
WISHES = JobProfile._meta.get_field("wishes").max_length


def may_edit_profile(actor, person: Person) -> bool:
    return actor is None or person.municipality_id in capabilities(actor).activity_municipality_ids


def require_profile_writer(actor, person: Person) -> None:
    if actor is None:
        return
    if not restrict(actor, Person.objects.filter(pk=person.pk)).exists():
        raise PermissionDenied("Du har inte behörighet till personen.")
    if not may_edit_profile(actor, person):
        raise PermissionDenied(
            "Önskemål om arbete skrivs av socialtjänsten, arbetsmarknadsenheten, mottagningsenheten eller en "
            "administratör."
        )


def parse_codes(text: str) -> list[str]:
    """'5321, 9111' or one a line: the codes as written, in order, without repeats."""
    codes: list[str] = []
    for part in text.replace(",", " ").replace(";", " ").split():
        if part not in codes:
            codes.append(part)
    return codes


def clean_profile(*, wished_ssyk, travel: str, wishes: str) -> dict:
    errors: dict[str, str] = {}
    codes = [str(code).strip() for code in (wished_ssyk or ())]
    codes = list(dict.fromkeys(code for code in codes if code))
    wrong = [code[:10] for code in codes if not ssyk.is_code(code)]
    if wrong:
        errors["wished_ssyk"] = (
            f"Ange yrken som SSYK-koder med fyra siffror, t.ex. 5321. Fel: {', '.join(wrong[:3])}."
        )
    elif len(codes) > MAX_WISHED:
        errors["wished_ssyk"] = f"Högst {MAX_WISHED} önskade yrken."
    if travel not in JobProfile.Travel.values:
        errors["travel"] = "Välj hur långt personen kan resa."
    wishes = (wishes or "").strip()
    if len(wishes) > WISHES:
        errors["wishes"] = f"Högst {WISHES} tecken."
    if errors:
        raise ValidationError(errors)
    return {"wished_ssyk": codes, "travel": travel, "wishes": wishes}


@transaction.atomic
def set_job_profile(*, actor, person: Person, wished_ssyk, travel: str, wishes: str = "") -> JobProfile:
    """Create or change the person's job profile; the change goes to the audit log."""
    require_profile_writer(actor, person)
    values = clean_profile(wished_ssyk=wished_ssyk, travel=travel, wishes=wishes)
    lock(person)  # one writer at a time per person: the profile is created once
    profile = JobProfile.objects.filter(person=person).first()
    if profile is None:
        profile = JobProfile.objects.create(
            person=person, municipality_id=person.municipality_id, updated_by=actor, **values
        )
        log_change(actor, AuditEvent.Action.CREATE, profile, "Önskemål om arbete", values)
        return profile
    changes = {
        name: {"before": getattr(profile, name), "after": value}
        for name, value in values.items()
        if getattr(profile, name) != value
    }
    if not changes:
        return profile
    for name, value in values.items():
        setattr(profile, name, value)
    profile.updated_by = actor
    profile.updated_at = timezone.now()
    profile.save(update_fields=[*values, "updated_by", "updated_at"])
    log_change(actor, AuditEvent.Action.UPDATE, profile, "Önskemål om arbete ändrade", changes)
    return profile
