"""Payment: money received from the state, as the finance system or Migrationsverket's payment specification has
it (imported, or entered by hand), matched against what was expected for the same month and kind."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etablera.money.models.common import Kind, actor, municipality_fk


class Payment(models.Model):
    class Source(models.TextChoices):
        IMPORT = "IMPORT", _("Import")
        MANUAL = "MANUAL", _("Registrerad för hand")

    municipality = municipality_fk()
    kind = models.CharField(_("ersättning"), max_length=20, choices=Kind.choices)
    month = models.DateField(_("avser månad"), help_text=_("Månadens första dag."))
    paid_on = models.DateField(_("betalningsdag"))
    amount = models.IntegerField(_("belopp (kr)"), help_text=_("Negativt för en återbetalning."))
    reference = models.CharField(_("verifikation"), max_length=60, blank=True)
    description = models.CharField(_("text"), max_length=200, blank=True)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    claim = models.ForeignKey(
        "money.Claim",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="payments",
        verbose_name=_("ansökan"),
    )
    source = models.CharField(_("källa"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    # A digest of the imported row (money/importers/payments.py): the same file again adds nothing.
    import_key = models.CharField(max_length=64, null=True, blank=True, editable=False)
    created_by = actor()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-paid_on", "pk"]
        verbose_name = _("inbetalning")
        verbose_name_plural = _("inbetalningar")
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="money_payment_first_day"),
            models.UniqueConstraint(fields=["municipality", "import_key"], name="money_payment_import_once"),
        ]
        indexes = [models.Index(fields=["municipality", "month", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.paid_on} {self.amount} kr"
