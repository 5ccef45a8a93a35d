"""Försörjningsstöd as Etablera knows it: a month of support per household, with the amount and the persons it
covers, imported each month from the social-services system or entered by hand. The decisions themselves live in
that system; Etablera keeps what the activity requirement needs to know who is covered and from when (section
SOCIAL)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etablera.activity.models.common import _actor, _municipality


class SupportMonth(models.Model):
    class Source(models.TextChoices):
        IMPORT = "IMPORT", _("Import från verksamhetssystemet")
        MANUAL = "MANUAL", _("Registrerad för hand")

    household = models.ForeignKey(
        "people.Household", on_delete=models.CASCADE, related_name="support_months", verbose_name=_("hushåll")
    )
    municipality = _municipality()
    month = models.DateField(_("månad"), help_text=_("Månadens första dag."))
    amount = models.PositiveIntegerField(_("belopp (kr)"))
    persons = models.ManyToManyField(
        "people.Person", related_name="support_months", verbose_name=_("personer som omfattas")
    )
    source = models.CharField(_("källa"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    created_by = _actor()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["household_id", "-month"]
        verbose_name = _("månad med försörjningsstöd")
        verbose_name_plural = _("månader med försörjningsstöd")
        constraints = [
            models.UniqueConstraint(fields=["household", "month"], name="support_month_once"),
            models.CheckConstraint(condition=Q(month__day=1), name="support_month_first_day"),
        ]
        indexes = [models.Index(fields=["municipality", "month"])]

    def __str__(self):
        return f"{self.household_id} {self.month:%Y-%m}"
