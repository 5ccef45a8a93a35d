"""The person's week: what fills the planned hours (an activity, a placement, job seeking, part-time work, SFI),
the hours attended and absences with their reasons week by week, and the job coach assigned."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etablera.activity.models.common import HOURS, SHORT, _actor, _municipality, _person, _unit


class Participation(models.Model):
    """One line of the weekly plan: planned hours a week of one thing, for a period."""

    class Kind(models.TextChoices):
        ACTIVITY = "ACTIVITY", _("Aktivitet")
        PLACEMENT = "PLACEMENT", _("Praktik")
        JOB_SEEKING = "JOB_SEEKING", _("Jobbsökande")
        WORK = "WORK", _("Arbete (deltid)")
        SFI = "SFI", _("SFI")
        OTHER = "OTHER", _("Annat")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = _person("participations")
    municipality = _municipality()
    kind = models.CharField(_("slag"), max_length=12, choices=Kind.choices)
    activity = models.ForeignKey(
        "activity.Activity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("aktivitet"),
    )
    placement = models.ForeignKey(
        "activity.Placement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("praktikplats"),
    )
    description = models.CharField(_("beskrivning"), max_length=SHORT, blank=True)
    hours_per_week = models.DecimalField(_("planerade timmar i veckan"), **HOURS)
    starts_on = models.DateField(_("från"))
    ends_on = models.DateField(_("till och med"), null=True, blank=True)
    # Who records attendance: the activity's or the placement's unit, or the job coach's.
    unit = _unit(_("närvaro registreras av"), null=False)
    created_by = _actor()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["person_id", "starts_on", "pk"]
        verbose_name = _("planerad aktivitet")
        verbose_name_plural = _("planerade aktiviteter")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0) & Q(hours_per_week__lte=40),
                name="participation_hours_in_week",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="participation_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(kind="ACTIVITY", activity__isnull=False, placement__isnull=True)
                | Q(kind="PLACEMENT", placement__isnull=False, activity__isnull=True)
                | (~Q(kind__in=["ACTIVITY", "PLACEMENT"]) & Q(activity__isnull=True, placement__isnull=True)),
                name="participation_kind_matches",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "starts_on"]),
            models.Index(fields=["municipality", "starts_on"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.hours_per_week} h"


class Attendance(models.Model):
    """One week of one participation: the hours attended and the hours absent, with the reason."""

    class AbsenceReason(models.TextChoices):
        NONE = "", _("Ingen frånvaro")
        SICK = "SICK", _("Sjuk")
        CHILD_SICK = "CHILD_SICK", _("Vård av sjukt barn")
        APPOINTMENT = "APPOINTMENT", _("Myndighetsbesök eller vårdbesök")
        OTHER_ACCEPTED = "OTHER_ACCEPTED", _("Annat anmält skäl")
        NO_REASON = "NO_REASON", _("Inget anmält skäl")

    class Source(models.TextChoices):
        MANUAL = "MANUAL", _("Registrerad för hand")
        IMPORT = "IMPORT", _("Import")

    participation = models.ForeignKey(
        Participation,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("planerad aktivitet"),
    )
    week = models.DateField(_("vecka"), help_text=_("Veckans måndag."))
    hours_attended = models.DecimalField(_("närvarande timmar"), **HOURS)
    hours_absent = models.DecimalField(_("frånvarande timmar"), **HOURS, default=0)
    absence_reason = models.CharField(
        _("skäl till frånvaro"), max_length=15, choices=AbsenceReason.choices, blank=True
    )
    note = models.CharField(_("anteckning"), max_length=SHORT, blank=True)
    source = models.CharField(_("källa"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    recorded_by = _actor()
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["participation_id", "-week"]
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")
        constraints = [
            models.UniqueConstraint(fields=["participation", "week"], name="attendance_once_a_week"),
            models.CheckConstraint(condition=Q(week__week_day=2), name="attendance_week_is_monday"),
            models.CheckConstraint(
                condition=Q(hours_attended__gte=0) & Q(hours_absent__gte=0),
                name="attendance_hours_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(hours_absent=0, absence_reason="")
                | (Q(hours_absent__gt=0) & ~Q(absence_reason="")),
                name="attendance_absence_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["week"])]

    def __str__(self):
        return f"{self.week} {self.hours_attended} h"


class JobCoachAssignment(models.Model):
    """A job coach for a person, with the first contact due within the local deadline (Trelleborg's three days)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = _person("job_coach_assignments")
    municipality = _municipality()
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("jobbcoach")
    )
    unit = _unit(_("jobbcoachens enhet"), null=False)
    assigned_on = models.DateField(_("tilldelad"))
    first_contact_due = models.DateField(_("första kontakt senast"))
    first_contact_rule = models.JSONField(_("regel för datumet"), default=dict, blank=True)
    first_contact_on = models.DateField(_("första kontakt"), null=True, blank=True)
    ended_on = models.DateField(_("avslutad"), null=True, blank=True)
    created_by = _actor()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["person_id", "-assigned_on", "-pk"]
        verbose_name = _("jobbcoach")
        verbose_name_plural = _("jobbcoacher")
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(ended_on__isnull=True), name="one_job_coach_at_a_time"
            ),
            models.CheckConstraint(
                condition=Q(first_contact_on__isnull=True) | Q(first_contact_on__gte=F("assigned_on")),
                name="job_coach_contact_after_assigned",
            ),
        ]
        indexes = [models.Index(fields=["coach", "ended_on"])]

    def __str__(self):
        return f"{self.coach_id} {self.assigned_on}"
