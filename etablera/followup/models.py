"""Reference data for the follow-up (issue #16): the population per municipality and year, the denominator of
"received per 1 000 inhabitants". Shipped in data/population.csv (loaded by migration 0002) and imported for newer
years with `etablera import_population FILE` (followup/importers.py). No personal data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from etablera.organisation.models import Municipality


class Population(models.Model):
    """Folkmängd den 31 december (SCB, table BE0101N1) for a municipality and year."""

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("Officiell siffra")
        UNVERIFIED = "unverified", _("Ej kontrollerad")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="populations", verbose_name=_("kommun")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    population = models.PositiveIntegerField(_("folkmängd 31 december"))
    source = models.CharField(_("källa"), max_length=300)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.IN_FORCE)

    class Meta:
        ordering = ["municipality__code", "year"]
        verbose_name = _("folkmängd")
        verbose_name_plural = _("folkmängder")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="population_once_per_year"),
            models.CheckConstraint(condition=models.Q(population__gt=0), name="population_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}: {self.population}"
