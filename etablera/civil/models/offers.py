"""What an association offers newcomers: a kind of activity, the languages it is held in (ISO 639-1 codes, as the
activities catalogue keeps them, so that both are searched alike), where, and for whom."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etablera.civil.models.associations import Association


class Offer(models.Model):
    class Kind(models.TextChoices):
        LANGUAGE_CAFE = "LANGUAGE_CAFE", _("Språkcafé och samtalsträning")
        HOMEWORK = "HOMEWORK", _("Läxhjälp")
        SPORTS = "SPORTS", _("Idrott och motion")
        CULTURE = "CULTURE", _("Kultur och skapande")
        STUDY = "STUDY", _("Studiecirkel")
        MEETING_PLACE = "MEETING_PLACE", _("Mötesplats")
        GUIDANCE = "GUIDANCE", _("Samhällsvägledning och rådgivning")
        OTHER = "OTHER", _("Annat")

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="offers", verbose_name=_("förening eller aktör")
    )
    kind = models.CharField(_("slag"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("beskrivning"), max_length=2000, blank=True)
    languages = models.JSONField(_("språk"), default=list, blank=True)  # ISO 639-1 codes
    venues = models.CharField(_("platser"), max_length=300, blank=True)
    target_groups = models.CharField(_("målgrupper"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("erbjudande")
        verbose_name_plural = _("erbjudanden")

    def __str__(self):
        return self.get_kind_display()
