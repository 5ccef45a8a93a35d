"""Appointments with a household (information meeting, SFI introduction, …) and the review state of each letter
language. The letters themselves are not stored: they are rendered from the appointments, the household and the
translation catalogues when asked for."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etablera.letters import languages
from etablera.organisation.models import Unit
from etablera.people.models import Household, Person


class Appointment(models.Model):
    class Kind(models.TextChoices):
        INFORMATION = "INFORMATION", _("Informationsmöte")
        SFI_INTRODUCTION = "SFI_INTRODUCTION", _("Introduktion till SFI")
        HEALTH_EXAMINATION = "HEALTH_EXAMINATION", _("Hälsoundersökning")
        PLAN_MEETING = "PLAN_MEETING", _("Möte om planen")
        OTHER = "OTHER", _("Annat möte")

    class InterpreterStatus(models.TextChoices):
        NOT_NEEDED = "NOT_NEEDED", _("Behövs inte")
        TO_BOOK = "TO_BOOK", _("Ska bokas")
        BOOKED = "BOOKED", _("Bokad")
        CONFIRMED = "CONFIRMED", _("Bekräftad")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="appointments", verbose_name=_("hushåll")
    )
    persons = models.ManyToManyField(
        Person, blank=True, related_name="appointments", verbose_name=_("deltagare i hushållet")
    )
    kind = models.CharField(_("typ av möte"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("datum"))
    start_time = models.TimeField(_("börjar"))
    end_time = models.TimeField(_("slutar"))
    # The place of the meeting (an office, the health centre) — never a person's own address.
    place_name = models.CharField(_("plats"), max_length=200)
    place_address = models.CharField(_("platsens adress"), max_length=200, blank=True)
    responsible_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarig enhet"),
    )
    staff_names = models.CharField(_("personal som deltar"), max_length=300, blank=True)
    interpreter_language = models.CharField(
        _("tolkspråk"), max_length=20, choices=languages.CHOICES, blank=True
    )
    interpreter_status = models.CharField(
        _("tolk"), max_length=12, choices=InterpreterStatus.choices, default=InterpreterStatus.NOT_NEEDED
    )
    notes = models.TextField(_("anteckningar"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "start_time", "pk"]
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")), name="appointment_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["household", "date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date.isoformat()}"


class LetterTranslation(models.Model):
    """Whether a qualified translator has checked a language's letter texts. Until then every letter in it says it
    is a machine draft: a draft is never passed off as checked."""

    language = models.CharField(_("språk"), max_length=20, choices=languages.CHOICES, unique=True)
    reviewed = models.BooleanField(_("granskad"), default=False)
    reviewed_by = models.CharField(_("granskad av"), max_length=200, blank=True)
    reviewed_at = models.DateTimeField(_("granskad"), null=True, blank=True)
    note = models.CharField(_("anteckning"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["language"]
        verbose_name = _("översättning av brev")
        verbose_name_plural = _("översättningar av brev")

    def __str__(self) -> str:
        return self.language
