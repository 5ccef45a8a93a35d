"""The municipality's activities catalogue: what can fill the hours the requirement demands — language cafés, work
training, study circles, SFI at extra hours, associations' activities — with places, schedule, place and hours."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etablera.activity.models.common import HOURS, SHORT, TEXT, _actor, _municipality, _unit


class Activity(models.Model):
    class Kind(models.TextChoices):
        LANGUAGE_CAFE = "LANGUAGE_CAFE", _("Språkcafé")
        WORK_TRAINING = "WORK_TRAINING", _("Arbetsträning")
        STUDY_CIRCLE = "STUDY_CIRCLE", _("Studiecirkel")
        SFI_EXTRA = "SFI_EXTRA", _("SFI på extra tider")
        JOB_SEEKING = "JOB_SEEKING", _("Jobbsökaraktivitet")
        ASSOCIATION = "ASSOCIATION", _("Förenings aktivitet")
        OTHER = "OTHER", _("Annan aktivitet")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = _municipality()
    unit = _unit(_("ansvarig enhet"), null=False)
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("slag"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("beskrivning"), max_length=TEXT, blank=True)
    organiser = models.CharField(_("arrangör"), max_length=200, blank=True, help_text=_("T.ex. en förening."))
    place = models.CharField(_("plats"), max_length=SHORT)
    postcode = models.CharField(_("postnummer"), max_length=5, blank=True)
    schedule = models.CharField(_("schema"), max_length=SHORT, help_text=_("T.ex. ”mån och ons 9–12”."))
    hours_per_week = models.DecimalField(_("timmar i veckan"), **HOURS)
    places = models.PositiveSmallIntegerField(_("antal platser"))
    languages = models.JSONField(
        _("språk"), default=list, blank=True
    )  # ISO 639 codes the activity is held in
    language_support = models.BooleanField(_("språkstöd finns"), default=False)
    starts_on = models.DateField(_("startar"))
    ends_on = models.DateField(_("slutar"), null=True, blank=True)
    active = models.BooleanField(_("aktiv"), default=True)
    created_by = _actor()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0) & Q(hours_per_week__lte=40), name="activity_hours_in_week"
            ),
            models.CheckConstraint(condition=Q(places__gt=0), name="activity_has_places"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="activity_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "active"])]

    def __str__(self):
        return self.name
