"""Saving a person's choice of notices (their own only)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from etablera.access.audit import log_event
from etablera.access.models import AuditEvent
from etablera.notices import kinds
from etablera.notices.models import NoticePreference


@transaction.atomic
def save_preference(user, *, frequency: str, wanted: set[str]) -> NoticePreference:
    if frequency not in NoticePreference.Frequency.values:
        raise ValidationError({"frequency": _("Välj hur ofta du vill få e-post.")})
    known = {kind.key for kind in kinds.all_kinds()}
    unknown = wanted - known
    if unknown:
        raise ValidationError({"kinds": _("Okänt slag av avisering.")})
    preference, _created = NoticePreference.objects.select_for_update().get_or_create(user=user)
    preference.frequency = frequency
    preference.muted = sorted(known - wanted)
    preference.updated_at = timezone.now()
    preference.save()
    log_event(
        user,
        AuditEvent.Action.UPDATE,
        object_type="NoticePreference",
        summary=f"Aviseringar: {frequency}, avstängda {', '.join(preference.muted) or 'inga'}",
    )
    return preference
