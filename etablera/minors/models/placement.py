"""Placements (where the child lives: HVB, family home, emergency home, supported housing, exit housing, own flat) and
representatives (god man, särskilt förordnad vårdnadshavare). The child's placements form a history; at most one runs
at a time."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from etablera.minors.models.case import SHORT, TEXT, ChildCase, OnCase, _actor
from etablera.rules import minors as rules


class Placement(OnCase, models.Model):
    class Kind(models.TextChoices):
        HVB = rules.HVB, _("HVB-hem")
        FAMILY_HOME = rules.FAMILY_HOME, _("Familjehem")
        EMERGENCY_HOME = rules.EMERGENCY_HOME, _("Jourhem")
        SUPPORTED_HOUSING = rules.SUPPORTED_HOUSING, _("Stödboende")
        EXIT_HOUSING = rules.EXIT_HOUSING, _("Utslussboende")
        OWN_FLAT = rules.OWN_FLAT, _("Egen lägenhet")

    class EndReason(models.TextChoices):
        PLANNED = "PLANNED", _("Planerad flytt")
        BREAKDOWN = "BREAKDOWN", _("Sammanbrott")
        MOVED = "MOVED", _("Flyttat till annan kommun")
        ADULT = "ADULT", _("Fyllt 18 år")
        RESPONSIBILITY_ENDED = "RESPONSIBILITY_ENDED", _("Kommunens ansvar upphört")
        OTHER = "OTHER", _("Annat")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(ChildCase, on_delete=models.CASCADE, related_name="placements")
    kind = models.CharField(_("placeringsform"), max_length=20, choices=Kind.choices)
    provider = models.CharField(_("utförare"), max_length=SHORT)
    # A placement in the municipality's own housing (exit housing, own flat) uses the housing module's unit.
    housing_unit = models.ForeignKey(
        "housing.HousingUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(_("placeringsbeslut"))
    starts_on = models.DateField(_("från"))
    ends_on = models.DateField(_("till"), null=True, blank=True)
    cost_per_day = models.DecimalField(_("kostnad per dygn (kr)"), max_digits=9, decimal_places=2)
    special_reasons = models.TextField(_("särskilda skäl"), blank=True, max_length=TEXT)
    end_reason = models.CharField(_("skäl till avslut"), max_length=20, choices=EndReason.choices, blank=True)
    # The identifier in the social-services system, for an idempotent import of placements.
    external_id = models.CharField(_("id i verksamhetssystemet"), max_length=64, blank=True)
    created_by = _actor()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["case", "starts_on"], name="placement_case_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="placement_end_after_start",
            ),
            models.CheckConstraint(condition=Q(cost_per_day__gte=0), name="placement_cost_not_negative"),
            models.CheckConstraint(
                condition=Q(decided_on__lte=F("starts_on")), name="placement_decided_before_start"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True, end_reason="") | Q(ends_on__isnull=False),
                name="placement_end_reason_with_end",
            ),
            models.UniqueConstraint(
                fields=["case", "external_id"],
                condition=~Q(external_id=""),
                name="placement_external_id_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.provider}"


class Guardian(OnCase, models.Model):
    """A legal representative: a god man (lag 2005:429, appointed by the överförmyndare; ends at 18 or when a
    specially appointed custodian is appointed) or a särskilt förordnad vårdnadshavare (the board applies after a
    residence permit)."""

    class Kind(models.TextChoices):
        GOOD_MAN = "GOOD_MAN", _("God man")
        APPOINTED_CUSTODIAN = "APPOINTED_CUSTODIAN", _("Särskilt förordnad vårdnadshavare")

    class EndReason(models.TextChoices):
        ADULT = "ADULT", _("Barnet har fyllt 18 år")
        CUSTODIAN = "CUSTODIAN", _("Särskilt förordnad vårdnadshavare utsedd")
        REPLACED = "REPLACED", _("Ny företrädare")
        OTHER = "OTHER", _("Annat")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(ChildCase, on_delete=models.CASCADE, related_name="guardians")
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("namn"), max_length=SHORT)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-post"), max_length=SHORT, blank=True)
    applied_on = models.DateField(_("ansökan"), null=True, blank=True)
    appointed_on = models.DateField(_("förordnad"), null=True, blank=True)
    ended_on = models.DateField(_("upphörde"), null=True, blank=True)
    end_reason = models.CharField(_("skäl"), max_length=12, choices=EndReason.choices, blank=True)
    created_by = _actor()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-appointed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(appointed_on__isnull=True)
                | Q(applied_on__isnull=True)
                | Q(appointed_on__gte=F("applied_on")),
                name="guardian_appointed_after_application",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(appointed_on__isnull=False, ended_on__gte=F("appointed_on")),
                name="guardian_ended_after_appointment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"
