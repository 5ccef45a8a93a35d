"""The activity requirement per person (section SOCIAL unless said): recorded exemptions, the assessed capacity, the
social services' plan, and deviations — a refusal or absence without acceptable reason — that social services
assess. A decision to reduce or refuse support is made and signed by a person in the social-services system; a
deviation only records that it was referred there, by whom and the decision's reference."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etablera.activity.models.common import HOURS, SHORT, TEXT, _actor, _municipality, _person, _unit
from etablera.rules import activity as rules


class Exemption(models.Model):
    """A ground for not being covered, with its period (the grounds by age are not recorded: the birth date says)."""

    class Ground(models.TextChoices):
        SCHOOL = rules.SCHOOL, _("18–20 år och går i gymnasieskolan")
        FULL_TIME_WORK = rules.FULL_TIME_WORK, _("Arbetar heltid")
        FULL_TIME_STUDIES = rules.FULL_TIME_STUDIES, _("Studerar heltid")
        AF_PROGRAMME = rules.AF_PROGRAMME, _("Deltar på heltid i ett program hos Arbetsförmedlingen")
        SICKNESS = rules.SICKNESS, _("Har sjukpenning, sjukersättning eller aktivitetsersättning")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = _person("activity_exemptions")
    municipality = _municipality()
    ground = models.CharField(_("skäl"), max_length=20, choices=Ground.choices)
    valid_from = models.DateField(_("gäller från"))
    valid_until = models.DateField(_("gäller till och med"), null=True, blank=True)
    note = models.CharField(_("anteckning"), max_length=SHORT, blank=True)
    created_by = _actor()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["person_id", "-valid_from"]
        verbose_name = _("undantag från aktivitetskravet")
        verbose_name_plural = _("undantag från aktivitetskravet")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="exemption_until_after_from",
            )
        ]

    def __str__(self):
        return f"{self.get_ground_display()} {self.valid_from}"

    def period(self) -> rules.ExemptionPeriod:
        return rules.ExemptionPeriod(self.ground, self.valid_from, self.valid_until)


class CapacityAssessment(models.Model):
    """The hours a week a person can be active, as assessed, for a period (SOCIAL, or HEALTH when the region
    assessed it)."""

    class Section(models.TextChoices):
        SOCIAL = "SOCIAL", _("Socialtjänst")
        HEALTH = "HEALTH", _("Hälsa")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = _person("capacity_assessments")
    municipality = _municipality()
    hours_per_week = models.DecimalField(_("timmar i veckan"), **HOURS)
    valid_from = models.DateField(_("gäller från"))
    valid_until = models.DateField(_("gäller till och med"), null=True, blank=True)
    assessor = models.CharField(_("bedömd av"), max_length=200)
    reason = models.TextField(_("skäl"), max_length=TEXT)
    section = models.CharField(
        _("uppgiftsslag"), max_length=10, choices=Section.choices, default=Section.SOCIAL
    )
    created_by = _actor()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["person_id", "-valid_from", "-pk"]
        verbose_name = _("bedömning av förmåga")
        verbose_name_plural = _("bedömningar av förmåga")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=0) & Q(hours_per_week__lte=168), name="capacity_hours_in_week"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="capacity_until_after_from",
            ),
        ]

    def __str__(self):
        return f"{self.hours_per_week} h {self.valid_from}"


class RequirementPlan(models.Model):
    """The social services' individual plan for the requirement: the hours, the time for job seeking, and how it
    is followed up. One running plan per person; a plan is revised by closing it and drawing up the next."""

    class Status(models.TextChoices):
        ACTIVE = "ACTIVE", _("Gäller")
        CLOSED = "CLOSED", _("Avslutad")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = _person("requirement_plans")
    municipality = _municipality()
    unit = _unit(_("socialtjänstens enhet"), null=False)
    individual_plan = models.ForeignKey(
        "establishment.IndividualPlan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("individuell plan i etableringen"),
    )
    drawn_up_on = models.DateField(_("upprättad"))
    hours_per_week = models.DecimalField(_("krav, timmar i veckan"), **HOURS)
    job_seeking_hours = models.DecimalField(_("varav jobbsökande, timmar i veckan"), **HOURS, default=0)
    content = models.TextField(_("planens innehåll"), max_length=TEXT)
    follow_up_on = models.DateField(_("följs upp senast"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    closed_on = models.DateField(_("avslutad"), null=True, blank=True)
    closed_reason = models.CharField(_("skäl till avslut"), max_length=SHORT, blank=True)
    created_by = _actor()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["person_id", "-drawn_up_on", "-pk"]
        verbose_name = _("plan för aktivitetskravet")
        verbose_name_plural = _("planer för aktivitetskravet")
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="ACTIVE"), name="one_active_requirement_plan"
            ),
            models.CheckConstraint(
                condition=Q(job_seeking_hours__lte=F("hours_per_week")), name="requirement_job_seeking_within"
            ),
            models.CheckConstraint(
                condition=Q(status="ACTIVE", closed_on__isnull=True)
                | Q(status="CLOSED", closed_on__isnull=False),
                name="requirement_plan_closed_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.drawn_up_on} {self.get_status_display()}"


class Deviation(models.Model):
    """A refusal or absence without acceptable reason, reported by whoever saw it and assessed by social services.
    The assessment says whether the reason was acceptable; if not, the matter is referred to a decision that a
    person makes in the social-services system — never here."""

    class Kind(models.TextChoices):
        REFUSED_ACTIVITY = "REFUSED_ACTIVITY", _("Avböjde en anvisad aktivitet")
        DECLINED_PLACEMENT = "DECLINED_PLACEMENT", _("Tackade nej till en praktikplats")
        ABSENCE = "ABSENCE", _("Frånvaro utan anmält skäl")
        LEFT_ACTIVITY = "LEFT_ACTIVITY", _("Avbröt en aktivitet")
        OTHER = "OTHER", _("Annat")

    class Status(models.TextChoices):
        TO_ASSESS = "TO_ASSESS", _("Ska bedömas")
        ACCEPTABLE = "ACCEPTABLE", _("Godtagbart skäl")
        REFERRED = "REFERRED", _("Inget godtagbart skäl – lämnad till beslut")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = _person("activity_deviations")
    municipality = _municipality()
    kind = models.CharField(_("slag"), max_length=20, choices=Kind.choices)
    occurred_on = models.DateField(_("datum"))
    description = models.TextField(_("vad som hände"), max_length=TEXT)
    participation = models.ForeignKey(
        "activity.Participation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deviations",
        verbose_name=_("aktivitet"),
    )
    reported_by = _actor()
    reported_unit = _unit(_("rapporterad av enhet"))
    reported_at = models.DateTimeField(default=timezone.now, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.TO_ASSESS)
    assessment = models.TextField(_("bedömning"), max_length=TEXT, blank=True)
    assessed_by = _actor()
    assessed_on = models.DateField(_("bedömd"), null=True, blank=True)
    decision_reference = models.CharField(
        _("beslutets diarienummer i socialtjänstens system"), max_length=100, blank=True
    )

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("avvikelse")
        verbose_name_plural = _("avvikelser")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="TO_ASSESS", assessed_on__isnull=True)
                | (~Q(status="TO_ASSESS") & Q(assessed_on__isnull=False) & ~Q(assessment="")),
                name="deviation_assessed_has_date_and_text",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.occurred_on}"
