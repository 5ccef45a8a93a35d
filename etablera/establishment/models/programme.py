"""Arbetsförmedlingen's establishment programme, SFI and civic orientation, and the status per month."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etablera.establishment.models.common import SHORT, _actor, _municipality, _person
from etablera.rules.deadlines import Deadline


class ProgrammePeriod(models.Model):
    """The programme (lag 2017:584): referral, plan, start, planned end (24 months), actual end and why."""

    class EndReason(models.TextChoices):
        WORK = "WORK", _("Arbete")
        STUDIES = "STUDIES", _("Studier")
        TIME_OUT = "TIME_OUT", _("Programtiden är slut")
        PARENTAL_LEAVE = "PARENTAL_LEAVE", _("Föräldraledighet")
        SICK = "SICK", _("Sjukdom")
        MOVED = "MOVED", _("Flyttat")
        OTHER = "OTHER", _("Annat")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = _person("programme_periods")
    municipality = _municipality()
    referral_date = models.DateField(_("anvisad till programmet"))
    plan_date = models.DateField(_("etableringsplan upprättad"), null=True, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    planned_end = models.DateField(_("planerat slut"), null=True, blank=True)
    planned_end_rule = models.JSONField(_("regel för datumet"), default=dict, blank=True)
    actual_end = models.DateField(_("faktiskt slut"), null=True, blank=True)
    end_reason = models.CharField(_("skäl till slut"), max_length=15, choices=EndReason.choices, blank=True)
    end_note = models.CharField(_("anteckning om slutet"), max_length=SHORT, blank=True)
    updated_by = _actor()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-referral_date", "-pk"]
        verbose_name = _("etableringsprogram")
        verbose_name_plural = _("etableringsprogram")
        constraints = [
            models.CheckConstraint(
                condition=Q(plan_date__isnull=True) | Q(plan_date__gte=F("referral_date")),
                name="programme_plan_after_referral",
            ),
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | (Q(start_date__isnull=False) & Q(planned_end__gt=F("start_date"))),
                name="programme_planned_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True, end_reason="")
                | (Q(actual_end__isnull=False, start_date__isnull=False) & ~Q(end_reason="")),
                name="programme_end_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True) | Q(actual_end__gte=F("start_date")),
                name="programme_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(actual_end__isnull=True),
                name="one_running_programme_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Etableringsprogram {self.person}"

    @property
    def planned_end_deadline(self) -> Deadline | None:
        """The stored date's explanation (rules.establishment), in the reader's language."""
        return Deadline.from_json(self.planned_end_rule) if self.planned_end_rule else None


class SfiEnrolment(models.Model):
    """SFI (svenska för invandrare): courses A–D on study paths 1–3 (path 1 starts at A, path 2 at B, path 3 at C)."""

    class Course(models.TextChoices):
        A = "A", _("Kurs A")
        B = "B", _("Kurs B")
        C = "C", _("Kurs C")
        D = "D", _("Kurs D")

    class StudyPath(models.IntegerChoices):
        ONE = 1, _("Studieväg 1")
        TWO = 2, _("Studieväg 2")
        THREE = 3, _("Studieväg 3")

    class Status(models.TextChoices):
        ENROLLED = "ENROLLED", _("Anmäld")
        STUDYING = "STUDYING", _("Studerar")
        INTERRUPTED = "INTERRUPTED", _("Uppehåll")
        COMPLETED = "COMPLETED", _("Klar")
        ENDED = "ENDED", _("Avslutad utan att bli klar")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = _person("sfi_enrolments")
    municipality = _municipality()
    enrolled_on = models.DateField(_("anmäld"))
    start_date = models.DateField(_("start"), null=True, blank=True)
    course = models.CharField(_("kurs"), max_length=1, choices=Course.choices)
    study_path = models.PositiveSmallIntegerField(_("studieväg"), choices=StudyPath.choices)
    hours_per_week = models.PositiveSmallIntegerField(_("timmar per vecka"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ENROLLED)
    completed_on = models.DateField(_("avslutad"), null=True, blank=True)
    updated_by = _actor()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-enrolled_on", "-pk"]
        verbose_name = _("SFI-anmälan")
        verbose_name_plural = _("SFI-anmälningar")
        constraints = [
            models.CheckConstraint(
                condition=Q(study_path=1, course__in=["A", "B", "C", "D"])
                | Q(study_path=2, course__in=["B", "C", "D"])
                | Q(study_path=3, course__in=["C", "D"]),
                name="sfi_course_on_its_study_path",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["COMPLETED", "ENDED"], completed_on__isnull=False)
                | (~Q(status__in=["COMPLETED", "ENDED"]) & Q(completed_on__isnull=True)),
                name="sfi_completed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__isnull=True) | Q(hours_per_week__lte=40),
                name="sfi_hours_at_most_40",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=~Q(status__in=["COMPLETED", "ENDED"]),
                name="one_open_sfi_enrolment_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"SFI {self.course} {self.person}"


class SfiInterruption(models.Model):
    enrolment = models.ForeignKey(SfiEnrolment, on_delete=models.CASCADE, related_name="interruptions")
    start_date = models.DateField(_("från"))
    end_date = models.DateField(_("till"), null=True, blank=True)
    reason = models.CharField(_("skäl"), max_length=SHORT, blank=True)

    class Meta:
        ordering = ["start_date", "pk"]
        verbose_name = _("uppehåll i SFI")
        verbose_name_plural = _("uppehåll i SFI")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="sfi_interruption_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"Uppehåll {self.start_date}"


class CivicOrientation(models.Model):
    """Samhällsorientering: one per person."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="civic_orientation", verbose_name=_("person")
    )
    municipality = _municipality()
    start_date = models.DateField(_("start"), null=True, blank=True)
    language = models.CharField(_("språk"), max_length=100, blank=True)
    hours = models.PositiveSmallIntegerField(_("timmar"), null=True, blank=True)
    completed_on = models.DateField(_("klar"), null=True, blank=True)
    updated_by = _actor()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("samhällsorientering")
        verbose_name_plural = _("samhällsorienteringar")
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True)
                | Q(start_date__isnull=False, completed_on__gte=F("start_date")),
                name="civic_orientation_completed_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"Samhällsorientering {self.person_id}"


class MonthlyStatus(models.Model):
    """What the person did in a month (the first day of the month stands for it); one per person and month."""

    class Status(models.TextChoices):
        WORK = "WORK", _("Arbete")
        STUDIES = "STUDIES", _("Studier")
        PROGRAMME = "PROGRAMME", _("Etableringsprogrammet")
        SFI = "SFI", _("SFI")
        PARENTAL_LEAVE = "PARENTAL_LEAVE", _("Föräldraledig")
        SICK = "SICK", _("Sjukskriven")
        SOCIAL_ASSISTANCE = "SOCIAL_ASSISTANCE", _("Försörjningsstöd")
        OTHER = "OTHER", _("Annat")

    person = _person("monthly_statuses")
    municipality = _municipality()
    month = models.DateField(_("månad"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    note = models.CharField(_("anteckning"), max_length=SHORT, blank=True)
    recorded_by = _actor()
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("status per månad")
        verbose_name_plural = _("status per månad")
        constraints = [
            models.UniqueConstraint(fields=["person", "month"], name="one_status_per_person_and_month")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.get_status_display()}"
