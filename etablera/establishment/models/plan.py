"""The individual plan or SIP, its goals, interventions and follow-up meetings."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etablera.establishment.models.common import SHORT, TEXT, _actor, _municipality, _person
from etablera.rules.deadlines import Deadline

# --- the individual plan and SIP -------------------------------------------------------------------------------------


class IndividualPlan(models.Model):
    """One plan per person across units; a SIP (SoL 2 kap. 7 §, HSL 16 kap. 4 §) needs the person's consent."""

    class Kind(models.TextChoices):
        PLAN = "PLAN", _("Individuell plan")
        SIP = "SIP", _("Samordnad individuell plan (SIP)")

    class Status(models.TextChoices):
        ACTIVE = "ACTIVE", _("Pågår")
        REVISE = "REVISE", _("Ska revideras")
        CLOSED = "CLOSED", _("Avslutad")

    class Outcome(models.TextChoices):
        """Why the plan was closed: what came of it."""

        GOALS_REACHED = "GOALS_REACHED", _("Målen är uppnådda")
        WORK_OR_STUDIES = "WORK_OR_STUDIES", _("Personen arbetar eller studerar")
        MOVED = "MOVED", _("Personen har flyttat från kommunen")
        DECLINED = "DECLINED", _("Personen vill inte längre ha planen")
        NOT_NEEDED = "NOT_NEEDED", _("Planen behövs inte längre")
        OTHER = "OTHER", _("Annat skäl")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = _person("individual_plans")
    municipality = _municipality()
    kind = models.CharField(_("slag"), max_length=5, choices=Kind.choices, default=Kind.PLAN)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    consent = models.ForeignKey(
        "access.Consent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("samtycke"),
    )
    need_known_on = models.DateField(_("behovet blev känt"), null=True, blank=True)
    start_due = models.DateField(_("upprättas senast"), null=True, blank=True)
    start_due_rule = models.JSONField(_("regel för datumet"), default=dict, blank=True)
    started_on = models.DateField(_("upprättad"))
    municipality_responsibility = models.TextField(_("kommunen ansvarar för"), max_length=TEXT, blank=True)
    region_responsibility = models.TextField(_("regionen ansvarar för"), max_length=TEXT, blank=True)
    responsible_unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("huvudansvarig enhet"),
    )
    responsible_name = models.CharField(_("huvudansvarig"), max_length=200, blank=True)
    revision = models.PositiveSmallIntegerField(_("version"), default=1)
    revised_on = models.DateField(_("reviderad"), null=True, blank=True)
    revision_note = models.CharField(_("vad som ändrades"), max_length=SHORT, blank=True)
    closed_on = models.DateField(_("avslutad"), null=True, blank=True)
    closed_reason = models.CharField(_("skäl till avslut"), max_length=SHORT, blank=True)
    closed_outcome = models.CharField(_("utfall"), max_length=20, choices=Outcome.choices, blank=True)
    next_meeting_on = models.DateField(_("nästa uppföljningsmöte"), null=True, blank=True)
    # The next follow-up, by the municipality's routine or the meeting planned (rules.plan_follow_up), stored with
    # its explanation so that the caseload can sort and filter by it; empty once the plan is closed.
    follow_up_due = models.DateField(_("nästa uppföljning senast"), null=True, blank=True)
    follow_up_rule = models.JSONField(_("regel för uppföljningen"), default=dict, blank=True)
    created_by = _actor()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("individuell plan")
        verbose_name_plural = _("individuella planer")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="PLAN") | Q(consent__isnull=False), name="plan_sip_has_consent"
            ),
            models.CheckConstraint(
                condition=Q(status="CLOSED", closed_on__isnull=False)
                | (~Q(status="CLOSED") & Q(closed_on__isnull=True)),
                name="plan_closed_has_date",
            ),
            models.UniqueConstraint(
                fields=["person"], condition=~Q(status="CLOSED"), name="one_open_plan_per_person"
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "status", "follow_up_due"], name="plan_follow_up_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.person}"

    @property
    def start_deadline(self) -> Deadline | None:
        """The stored date's explanation (rules.establishment), in the reader's language."""
        return Deadline.from_json(self.start_due_rule) if self.start_due_rule else None

    @property
    def follow_up_deadline(self) -> Deadline | None:
        """The next follow-up's explanation (rules.plan_follow_up), in the reader's language."""
        return Deadline.from_json(self.follow_up_rule) if self.follow_up_rule else None


class PlanGoal(models.Model):
    class Area(models.TextChoices):
        LANGUAGE = "LANGUAGE", _("Språk")
        WORK_STUDIES = "WORK_STUDIES", _("Arbete eller studier")
        HOUSING = "HOUSING", _("Boende")
        HEALTH = "HEALTH", _("Hälsa")
        SOCIAL = "SOCIAL", _("Socialt")

    class Status(models.TextChoices):
        OPEN = "OPEN", _("Pågår")
        REACHED = "REACHED", _("Uppnått")
        NOT_REACHED = "NOT_REACHED", _("Inte uppnått")
        CANCELLED = "CANCELLED", _("Strukits")

    plan = models.ForeignKey(IndividualPlan, on_delete=models.CASCADE, related_name="goals")
    area = models.CharField(_("område"), max_length=15, choices=Area.choices)
    description = models.CharField(_("mål"), max_length=500)
    target_date = models.DateField(_("måldatum"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["target_date", "pk"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self) -> str:
        return self.description


class Intervention(models.Model):
    """An insats of the plan: given by one of the municipality's units or by an external actor (Arbetsförmedlingen,
    the region, an association) — one of the two."""

    class Status(models.TextChoices):
        PLANNED = "PLANNED", _("Planerad")
        ONGOING = "ONGOING", _("Pågår")
        DONE = "DONE", _("Avslutad")
        CANCELLED = "CANCELLED", _("Avbruten")

    plan = models.ForeignKey(IndividualPlan, on_delete=models.CASCADE, related_name="interventions")
    goal = models.ForeignKey(
        PlanGoal, on_delete=models.SET_NULL, null=True, blank=True, related_name="interventions"
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enhet"),
    )
    external_actor = models.CharField(_("extern aktör"), max_length=200, blank=True)
    what = models.CharField(_("insats"), max_length=SHORT)
    start_date = models.DateField(_("från"))
    end_date = models.DateField(_("till"), null=True, blank=True)
    hours_per_week = models.DecimalField(
        _("timmar per vecka"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    outcome = models.TextField(_("resultat"), max_length=TEXT, blank=True)

    class Meta:
        ordering = ["start_date", "pk"]
        verbose_name = _("insats")
        verbose_name_plural = _("insatser")
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(external_actor=""))
                | (Q(unit__isnull=True) & ~Q(external_actor="")),
                name="intervention_unit_or_external_actor",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="intervention_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__isnull=True)
                | (Q(hours_per_week__gte=0) & Q(hours_per_week__lte=60)),
                name="intervention_hours_0_to_60",
            ),
        ]

    def __str__(self) -> str:
        return self.what


class PlanMeeting(models.Model):
    """A follow-up meeting: what was agreed, and whether the plan is not working and must be revised."""

    plan = models.ForeignKey(IndividualPlan, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("datum"))
    participants = models.CharField(_("deltagare"), max_length=500, blank=True)
    agreed_actions = models.TextField(_("överenskommet"), max_length=TEXT, blank=True)
    revise_plan = models.BooleanField(_("planen fungerar inte och ska revideras"), default=False)
    recorded_by = _actor()
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("uppföljningsmöte")
        verbose_name_plural = _("uppföljningsmöten")

    def __str__(self) -> str:
        return f"Uppföljning {self.held_on}"
