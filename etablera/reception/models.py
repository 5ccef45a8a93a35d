"""Quotas (kommuntal), assignments (anvisningar), reception cases, process templates and tasks."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from etablera.access.sections import Section
from etablera.organisation.models import TASK_FUNCTION_CHOICES, Municipality, Unit
from etablera.people.models import Category, Household, Person
from etablera.rules import Deadline


class MunicipalQuota(models.Model):
    """Kommuntal: how many assigned newcomers a municipality must receive in a year (bosättningslagen 7 §)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="quotas", verbose_name=_("kommun")
    )
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(2016), MaxValueValidator(2100)]
    )
    quota = models.PositiveIntegerField(_("kommuntal"))
    note = models.CharField(_("anteckning"), max_length=200, blank=True)

    class Meta:
        ordering = ["-year", "municipality__code"]
        verbose_name = _("kommuntal")
        verbose_name_plural = pgettext_lazy("plural", "kommuntal")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="quota_unique_year"),
            models.CheckConstraint(condition=models.Q(quota__gte=0), name="quota_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}: {self.quota}"


class MonthlyQuota(models.Model):
    """An optional split of the kommuntal per month, agreed with Migrationsverket."""

    quota = models.ForeignKey(MunicipalQuota, on_delete=models.CASCADE, related_name="months")
    month = models.PositiveSmallIntegerField(
        _("månad"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    count = models.PositiveIntegerField(_("antal"))

    class Meta:
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(fields=["quota", "month"], name="monthly_quota_unique"),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="monthly_quota_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quota} – månad {self.month}: {self.count}"


class Assignment(models.Model):
    """Anvisning: Migrationsverket's decision assigning a household to the municipality.

    `person_count` is how many persons the decision assigns; it is what counts against the kommuntal.
    """

    class Status(models.TextChoices):
        ASSIGNED = "ASSIGNED", _("Anvisad")
        RECEIVED = "RECEIVED", _("Mottagen (avräknad)")
        CANCELLED = "CANCELLED", _("Avbruten")

    reference = models.CharField(_("Migrationsverkets referens"), max_length=40, unique=True)
    # No index of its own: (municipality, quota_year, status) below begins with it and serves the same lookups; every
    # index is one more write for each anvisning an import inserts.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("kommun"),
        db_index=False,
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("hushåll"),
    )
    category = models.CharField(_("kategori"), max_length=30, choices=Category.choices)
    person_count = models.PositiveSmallIntegerField(_("antal personer"), validators=[MinValueValidator(1)])
    quota_year = models.PositiveSmallIntegerField(_("avräknas mot kommuntal år"))
    decision_date = models.DateField(_("beslutsdatum"))
    latest_reception_date = models.DateField(_("sista mottagningsdag"))
    latest_reception_rule = models.JSONField(_("förklaring av sista mottagningsdag"), default=dict)
    # The day the household is expected, when the reception unit knows it (travel booked): the tasks before
    # arrival count from it, else from the latest reception date.
    planned_arrival_date = models.DateField(_("planerad ankomst"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ASSIGNED)
    received_date = models.DateField(_("mottagningsdatum"), null=True, blank=True)
    cancelled_date = models.DateField(_("avbrutet datum"), null=True, blank=True)
    cancel_reason = models.CharField(_("skäl till avbrott"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["latest_reception_date", "reference"]
        verbose_name = _("anvisning")
        verbose_name_plural = _("anvisningar")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latest_reception_date__gte=models.F("decision_date")),
                name="assignment_latest_after_decision",
            ),
            models.CheckConstraint(
                condition=models.Q(received_date__isnull=True)
                | models.Q(received_date__gte=models.F("decision_date")),
                name="assignment_received_after_decision",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="RECEIVED") | models.Q(received_date__isnull=False),
                name="assignment_received_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="CANCELLED") | models.Q(cancelled_date__isnull=False),
                name="assignment_cancelled_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(person_count__gte=1), name="assignment_persons_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "quota_year", "status"]),
            # The quota report's sums (and any lookup by year and municipality: the index begins with them), read from the index alone on PostgreSQL (docs/performance.md); the category
            # is there for the report's exclusion of self-settled (EBO) anvisningar (issue #11).
            models.Index(
                fields=["quota_year", "municipality"],
                include=["decision_date", "status", "received_date", "person_count", "category"],
                name="assignment_quota_report_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def latest_reception_deadline(self) -> Deadline | None:
        return Deadline.from_json(self.latest_reception_rule) if self.latest_reception_rule else None


class ProcessTemplate(models.Model):
    """The steps a municipality takes when it receives a household. A template without municipality is the national
    default that every municipality starts from."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="templates",
        verbose_name=_("kommun"),
    )
    name = models.CharField(_("namn"), max_length=200)
    is_active = models.BooleanField(_("aktiv"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality__code", "name"]
        verbose_name = _("processmall")
        verbose_name_plural = _("processmallar")

    def __str__(self) -> str:
        return self.name


class TemplateStep(models.Model):
    class Scope(models.TextChoices):
        HOUSEHOLD = "HOUSEHOLD", _("En gång per hushåll")
        MEMBER = "MEMBER", _("För varje person som uppfyller villkoren")

    class Anchor(models.TextChoices):
        DECISION = "DECISION", _("Beslut om anvisning")
        # Before arrival: created when the anvisning is registered, counted from the planned arrival date, else the
        # latest reception date (a negative number of days is that many days before).
        PLANNED = "PLANNED", _("Planerad ankomst (annars sista mottagningsdag)")
        ARRIVAL = "ARRIVAL", _("Ankomst (kommunmottagen)")

    class Rule(models.TextChoices):
        NONE = "", _("Antal dagar enligt mallen")
        CHILD_ASSESSMENT = "school.child_assessment", _("Kartläggning av barn (tre veckor)")

    template = models.ForeignKey(ProcessTemplate, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    responsible_function = models.CharField(
        _("ansvarig enhet (ansvarsområde)"), max_length=30, choices=TASK_FUNCTION_CHOICES
    )
    scope = models.CharField(_("gäller"), max_length=10, choices=Scope.choices, default=Scope.HOUSEHOLD)
    anchor = models.CharField(_("räknas från"), max_length=10, choices=Anchor.choices, default=Anchor.ARRIVAL)
    offset_days = models.IntegerField(_("antal dagar"), default=0)
    rule = models.CharField(_("regel"), max_length=40, choices=Rule.choices, blank=True, default="")
    # Conditions (all that are set must hold). Ages are at the arrival date.
    min_age = models.PositiveSmallIntegerField(_("från ålder"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("till och med ålder"), null=True, blank=True)
    categories = models.JSONField(_("endast kategorier"), default=list, blank=True)
    requires_children = models.BooleanField(_("endast hushåll med barn"), default=False)
    establishment_age_only = models.BooleanField(_("endast etableringsålder (20–65 år)"), default=False)

    class Meta:
        ordering = ["template", "order", "pk"]
        verbose_name = _("steg")
        verbose_name_plural = pgettext_lazy("plural", "steg")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_age__isnull=True)
                | models.Q(max_age__isnull=True)
                | models.Q(min_age__lte=models.F("max_age")),
                name="step_age_range",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ReceptionCase(models.Model):
    """Mottagande: opened when the household arrives (on its anvisning, or as self-settled without one); holds the
    tasks of the first period."""

    class Status(models.TextChoices):
        OPEN = "OPEN", _("Pågående")
        CLOSED = "CLOSED", _("Avslutat")

    assignment = models.OneToOneField(
        Assignment, on_delete=models.PROTECT, null=True, blank=True, related_name="reception_case"
    )
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="reception_cases")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="reception_cases")
    arrival_date = models.DateField(_("ankomstdatum"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_date = models.DateField(_("avslutat"), null=True, blank=True)
    template_name = models.CharField(_("processmall"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-arrival_date"]
        verbose_name = _("mottagande")
        verbose_name_plural = _("mottaganden")
        indexes = [
            models.Index(fields=["municipality", "status"]),
            # A municipality's open cases alone: the policy's involvement test ("a task of my unit in an open case",
            # access.visibility.reception) reads them without touching the table, and without the rest of the
            # country's open cases (docs/performance.md, "The involvement's open cases").
            models.Index(
                fields=["municipality", "id"],
                condition=models.Q(status="OPEN"),
                name="reception_case_open_idx",
            ),
            # The cases of some municipalities that arrived in a period: the follow-up's figures of a county or the
            # country (followup/sources.py, the establishment's cohort) read a year's arrivals without the heap
            # rows of the other years (docs/performance.md, "Follow-up and the county").
            models.Index(fields=["municipality", "arrival_date"], name="reception_case_arrival_idx"),
        ]

    def __str__(self) -> str:
        return f"Mottagande {self.household} {self.arrival_date}"

    @property
    def is_self_settled(self) -> bool:
        """A self-settled household (EBO) is received without an anvisning: its arrival date is the day it was
        folkbokförd (services/self_settled.py). Every case received on an anvisning has one."""
        return self.assignment_id is None


class Task(models.Model):
    class Status(models.TextChoices):
        OPEN = "OPEN", _("Att göra")
        DONE = "DONE", _("Klar")
        NOT_APPLICABLE = "NOT_APPLICABLE", _("Ej aktuell")

    # A task before arrival hangs on the anvisning alone until the household is received; then on its case too.
    case = models.ForeignKey(
        ReceptionCase, on_delete=models.CASCADE, null=True, blank=True, related_name="tasks"
    )
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, null=True, blank=True, related_name="tasks"
    )
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="tasks")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks")
    step = models.ForeignKey(
        TemplateStep, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="tasks")
    title = models.CharField(_("uppgift"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    # Indexed with the case and the household (Meta.indexes), not on its own.
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name=_("ansvarig enhet"),
        db_index=False,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_tasks",
        verbose_name=_("handläggare"),
    )
    section = models.CharField(_("del"), max_length=10, choices=Section.choices, default=Section.BASIC)
    due_date = models.DateField(_("senast"))
    due_rule = models.JSONField(_("förklaring av datum"), default=dict)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    not_applicable_reason = models.CharField(_("skäl"), max_length=300, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("uppgift")
        verbose_name_plural = _("uppgifter")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="NOT_APPLICABLE") | ~models.Q(not_applicable_reason=""),
                name="task_not_applicable_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(case__isnull=False) | models.Q(assignment__isnull=False),
                name="task_has_case_or_assignment",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "status", "due_date"]),
            models.Index(fields=["assignee", "status", "due_date"]),
            models.Index(fields=["municipality", "status", "due_date"]),
            # Involvement: "a task of one of the user's units in this household" is asked per household by every
            # list of a unit outside the reception (restrict()); with both columns it is one index probe.
            models.Index(fields=["household", "unit"], name="task_household_unit_idx"),
            # The other way round: every household a unit has a task in, with the task's case — what the
            # involvement test asks once for a whole list (a hashed subplan), answered from the index alone.
            models.Index(fields=["unit", "case", "household"], name="task_unit_case_household_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def deadline(self) -> Deadline | None:
        return Deadline.from_json(self.due_rule) if self.due_rule else None

    def is_overdue(self, today: dt.date) -> bool:
        return self.status == self.Status.OPEN and self.due_date < today


class TaskEvent(models.Model):
    """What happened to a task, by whom and when: created, assigned, done, not applicable, reopened, note."""

    class Kind(models.TextChoices):
        CREATED = "CREATED", _("Skapad")
        REASSIGNED = "REASSIGNED", _("Ny ansvarig")
        TAKEN = "TAKEN", _("Tagen")
        DUE_CHANGED = "DUE_CHANGED", _("Nytt datum")
        CONDITION_CHANGED = "CONDITION_CHANGED", _("Villkor ändrat")
        DONE = "DONE", _("Klarmarkerad")
        NOT_APPLICABLE = "NOT_APPLICABLE", _("Markerad ej aktuell")
        REOPENED = "REOPENED", _("Återöppnad")
        NOTE = "NOTE", _("Anteckning")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class CaseEvent(models.Model):
    """A household's timeline: assignment registered, arrival, tasks done, notes."""

    class Kind(models.TextChoices):
        ASSIGNED = "ASSIGNED", _("Anvisning registrerad")
        RECEIVED = "RECEIVED", _("Hushållet mottaget")
        CANCELLED = "CANCELLED", _("Anvisningen avbruten")
        TASK_DONE = "TASK_DONE", _("Uppgift klar")
        TASK_NOT_APPLICABLE = "TASK_NOT_APPLICABLE", _("Uppgift ej aktuell")
        TASK_REASSIGNED = "TASK_REASSIGNED", _("Uppgift flyttad")
        TASK_REOPENED = "TASK_REOPENED", _("Uppgift återöppnad")
        NOTE = "NOTE", _("Anteckning")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    text = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["household", "at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"
