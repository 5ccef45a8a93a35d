"""Entitlement: one amount the state owes a municipality, as the rules compute it (money/services/entitlements.py).

The lines are computed, not typed: a recomputation replaces a municipality's lines for a year, so each line holds
what explains it — the rule's rate, the dates, the age band, the person or placement — and the page renders the
explanation from it the way a deadline explains itself."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etablera.money.models.common import Kind, municipality_fk


class Entitlement(models.Model):
    # No index of its own on the municipality or the person: the indexes (municipality, month, kind) and (person,
    # kind) below begin with them and serve the same lookups, and every index is written a million times a year's
    # computation (docs/performance.md "Money": 28.8 s → 24.4 s without the two).
    municipality = municipality_fk(verbose_name=_("kommun som har rätt till beloppet"), db_index=False)
    kind = models.CharField(_("ersättning"), max_length=20, choices=Kind.choices)
    month = models.DateField(_("utbetalningsmånad"), help_text=_("Månadens första dag."))
    amount = models.IntegerField(_("belopp (kr)"))
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
        db_index=False,
    )
    placement = models.ForeignKey(
        "minors.Placement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("placering"),
    )
    category = models.CharField(_("kategori"), max_length=30, blank=True)
    received_on = models.DateField(_("mottagen"), null=True, blank=True)
    received_in = municipality_fk(verbose_name=_("mottagande kommun"))
    instalment = models.PositiveSmallIntegerField(_("delbetalning"), null=True, blank=True)
    band = models.CharField(_("åldersgrupp"), max_length=10, blank=True)
    rate = models.IntegerField(_("belopp enligt regeln (kr)"))
    share = models.PositiveIntegerField(_("andel (hundradels procent)"), null=True, blank=True)
    days = models.PositiveSmallIntegerField(_("dygn"), null=True, blank=True)
    estimated = models.BooleanField(
        _("uppskattat"), default=False, help_text=_("Årets belopp saknas: beräknat med det senast kända.")
    )
    computed_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["month", "kind", "pk"]
        verbose_name = _("beräknad ersättning")
        verbose_name_plural = _("beräknade ersättningar")
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="money_entitlement_first_day"),
            models.UniqueConstraint(
                fields=["person", "instalment"],
                condition=Q(kind="SCHABLON"),
                name="money_schablon_instalment_once",
            ),
            models.UniqueConstraint(
                fields=["person"], condition=Q(kind="INITIAL_COSTS"), name="money_initial_costs_once"
            ),
            models.UniqueConstraint(
                fields=["placement", "month"], condition=Q(kind="MINORS_DAYS"), name="money_minors_month_once"
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "month", "kind"]),
            models.Index(fields=["person", "kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.month:%Y-%m} {self.amount} kr"
