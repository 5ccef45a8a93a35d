"""The mapping (kartläggning) and its parts."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from etablera.establishment.models.common import TEXT, _actor, _municipality
from etablera.rules import ssyk
from etablera.rules.deadlines import Deadline

# --- the mapping (kartläggning) --------------------------------------------------------------------------------------


class Assessment(models.Model):
    """A person's mapping: education, work, languages, goals and needs. One per person."""

    class Status(models.TextChoices):
        STARTED = "STARTED", _("Påbörjad")
        COMPLETED = "COMPLETED", _("Klar")

    class Literacy(models.TextChoices):
        UNKNOWN = "", _("Inte bedömt")
        NONE = "NONE", _("Kan inte läsa och skriva")
        BASIC = "BASIC", _("Läser och skriver lite")
        GOOD = "GOOD", _("Läser och skriver")

    class DrivingLicence(models.TextChoices):
        UNKNOWN = "", _("Inte bedömt")
        NONE = "NONE", _("Inget körkort")
        FOREIGN = "FOREIGN", _("Utländskt körkort")
        SWEDISH = "SWEDISH", _("Svenskt körkort")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="assessment", verbose_name=_("person")
    )
    municipality = _municipality()
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.STARTED)
    due_date = models.DateField(_("klar senast"), null=True, blank=True)
    due_rule = models.JSONField(_("regel för datumet"), default=dict, blank=True)
    literacy = models.CharField(
        _("läs- och skrivförmåga"), max_length=10, choices=Literacy.choices, blank=True
    )
    driving_licence = models.CharField(
        _("körkort"), max_length=10, choices=DrivingLicence.choices, blank=True
    )
    goals = models.TextField(_("mål och önskemål"), max_length=TEXT, blank=True)
    needs = models.TextField(_("behov av stöd, och från vem"), max_length=TEXT, blank=True)
    completed_on = models.DateField(_("klar"), null=True, blank=True)
    completed_by = _actor()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kartläggning")
        verbose_name_plural = _("kartläggningar")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="COMPLETED", completed_on__isnull=False)
                | Q(status="STARTED", completed_on__isnull=True),
                name="assessment_completed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Kartläggning {self.person}"

    @property
    def due_deadline(self) -> Deadline | None:
        """The stored date's explanation (rules.establishment), in the reader's language."""
        return Deadline.from_json(self.due_rule) if self.due_rule else None


class Education(models.Model):
    class Level(models.TextChoices):
        NONE = "NONE", _("Ingen skolgång")
        PRIMARY_SHORT = "PRIMARY_SHORT", _("Grundskola kortare än nio år")
        PRIMARY = "PRIMARY", _("Grundskola nio år eller motsvarande")
        UPPER_SECONDARY = "UPPER_SECONDARY", _("Gymnasium")
        POST_SECONDARY_SHORT = "POST_SECONDARY_SHORT", _("Eftergymnasial utbildning kortare än tre år")
        POST_SECONDARY = "POST_SECONDARY", _("Eftergymnasial utbildning tre år eller längre")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="educations")
    level = models.CharField(_("nivå"), max_length=20, choices=Level.choices)
    years = models.PositiveSmallIntegerField(_("antal år"), null=True, blank=True)
    field = models.CharField(_("inriktning"), max_length=200, blank=True)
    country = models.CharField(_("land"), max_length=100, blank=True)
    validation_wanted = models.BooleanField(_("vill få utbildningen bedömd eller validerad"), default=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("utbildning")
        verbose_name_plural = _("utbildningar")
        constraints = [
            models.CheckConstraint(
                condition=Q(years__isnull=True) | Q(years__lte=30), name="education_years_at_most_30"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.field}".strip()


class WorkExperience(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="work_experiences")
    ssyk_code = models.CharField(_("yrkeskod (SSYK 2012)"), max_length=4)
    occupation = models.CharField(_("yrke"), max_length=200, blank=True)
    years = models.PositiveSmallIntegerField(_("antal år"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("arbetslivserfarenhet")
        verbose_name_plural = _("arbetslivserfarenheter")
        constraints = [
            models.CheckConstraint(
                condition=Q(years__isnull=True) | Q(years__lte=60), name="work_experience_years_at_most_60"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ssyk_code} {self.occupation}".strip()

    @property
    def major_group(self) -> str | None:
        """The code's SSYK 2012 major group (rules.ssyk), in the reader's language."""
        name = ssyk.major_group(self.ssyk_code)
        return gettext(name) if name else None


class LanguageSkill(models.Model):
    class Level(models.TextChoices):
        MOTHER_TONGUE = "MOTHER_TONGUE", _("Modersmål")
        FLUENT = "FLUENT", _("Flytande")
        GOOD = "GOOD", _("Goda kunskaper")
        BASIC = "BASIC", _("Grundläggande")
        NONE = "NONE", _("Inga kunskaper")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("språk"), max_length=100)
    level = models.CharField(_("nivå"), max_length=15, choices=Level.choices)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("språkkunskap")
        verbose_name_plural = _("språkkunskaper")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "language"], name="language_once_per_assessment")
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.get_level_display()}"


class HealthAssessment(models.Model):
    """Health and capacity (section HEALTH): only the region's units and those a consent names see it."""

    class Capacity(models.TextChoices):
        UNKNOWN = "", _("Inte bedömt")
        FULL = "FULL", _("Heltid")
        PART = "PART", _("Deltid")
        LIMITED = "LIMITED", _("Begränsad")
        NONE = "NONE", _("Ingen just nu")

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="health")
    health = models.TextField(_("hälsa"), max_length=TEXT, blank=True)
    capacity = models.CharField(_("förmåga"), max_length=10, choices=Capacity.choices, blank=True)
    capacity_hours = models.PositiveSmallIntegerField(_("timmar per vecka"), null=True, blank=True)
    adjustments = models.TextField(_("anpassningar"), max_length=TEXT, blank=True)
    updated_by = _actor()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hälsa och förmåga")
        verbose_name_plural = _("hälsa och förmåga")
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity_hours__isnull=True) | Q(capacity_hours__lte=60),
                name="health_capacity_hours_at_most_60",
            )
        ]

    def __str__(self) -> str:
        return f"Hälsa och förmåga {self.assessment_id}"


class ChildAssessment(models.Model):
    """A child's pedagogical, social and health mapping, the placement recommendation and the handover to the
    school (section SCHOOL)."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="child")
    pedagogical = models.TextField(_("pedagogisk kartläggning"), max_length=TEXT, blank=True)
    social = models.TextField(_("social kartläggning"), max_length=TEXT, blank=True)
    health = models.TextField(_("hälsokartläggning"), max_length=TEXT, blank=True)
    placement_recommendation = models.CharField(_("rekommenderad placering"), max_length=500, blank=True)
    school = models.CharField(_("skola"), max_length=200, blank=True)
    handover_on = models.DateField(_("överlämnad till skolan"), null=True, blank=True)
    updated_by = _actor()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kartläggning av barn")
        verbose_name_plural = _("kartläggningar av barn")

    def __str__(self) -> str:
        return f"Kartläggning av barn {self.assessment_id}"
