"""Claim (ansökan om ersättning): compensation the municipality gets only if it applies, with the deadline it must
apply by. Etablera opens the ones it can foresee (the quarter's minors' days, a resettled household's initial costs);
staff add the rest. Nothing may expire unseen: the overdue list is every claim still to apply for past its date."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etablera.money.models.common import actor, municipality_fk

TEXT = 2000


class Claim(models.Model):
    class Kind(models.TextChoices):
        RESETTLED_INITIAL = "RESETTLED_INITIAL", _("Initiala kostnader för vidarebosatta")
        MINORS_QUARTER = "MINORS_QUARTER", _("Ensamkommande barn, kvartal")
        HEALTH_CARE = "HEALTH_CARE", _("Hälso- och sjukvård, särskilda kostnader")
        SPECIAL_COSTS = "SPECIAL_COSTS", _("Särskilda kostnader (sjukdom, funktionsnedsättning)")
        OTHER = "OTHER", _("Annan ersättning")

    class Status(models.TextChoices):
        TO_APPLY = "TO_APPLY", _("Att söka")
        APPLIED = "APPLIED", _("Sökt")
        GRANTED = "GRANTED", _("Beviljad")
        PAID = "PAID", _("Utbetald")
        REFUSED = "REFUSED", _("Avslagen")

    municipality = municipality_fk()
    kind = models.CharField(_("ersättning"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("benämning"), max_length=200)
    household = models.ForeignKey(
        "people.Household",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hushåll"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    period_start = models.DateField(_("period från"), null=True, blank=True)
    period_end = models.DateField(_("period till"), null=True, blank=True)
    deadline = models.DateField(_("sök senast"))
    deadline_rule = models.JSONField(_("förklaring av sista dag"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.TO_APPLY)
    amount_claimed = models.PositiveIntegerField(_("sökt belopp (kr)"), null=True, blank=True)
    amount_granted = models.PositiveIntegerField(_("beviljat belopp (kr)"), null=True, blank=True)
    applied_on = models.DateField(_("sökt den"), null=True, blank=True)
    decided_on = models.DateField(_("beslut den"), null=True, blank=True)
    paid_on = models.DateField(_("utbetald den"), null=True, blank=True)
    reference = models.CharField(_("Migrationsverkets ärendenummer"), max_length=40, blank=True)
    note = models.TextField(_("anteckning"), max_length=TEXT, blank=True)
    # Set on a claim Etablera opened itself ("minors:2024Q1", "resettled:<household>"), so opening again is a no-op.
    auto_key = models.CharField(max_length=80, null=True, blank=True, editable=False)
    created_by = actor()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("ansökan om ersättning")
        verbose_name_plural = _("ansökningar om ersättning")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "auto_key"], name="money_claim_auto_once"),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True) | Q(period_start__lte=models.F("period_end")),
                name="money_claim_period_order",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status", "deadline"])]

    def __str__(self) -> str:
        return self.title
