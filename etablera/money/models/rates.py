"""What an administrator enters: a rate for a year the built-in rules don't know (the schablon for 2025, the next
prisbasbelopp), and a person's move to another municipality within the 24 months that share the schablon."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etablera.money.models.common import actor, municipality_fk


class Rate(models.Model):
    """A dated rate entered by an administrator, with its source. It is `unverified` until someone checks it against
    the law (status IN_FORCE); either way it takes precedence over a built-in version of the same key that is older.
    The value's shape is the built-in parameter's: {"under": kr, "over": kr} for the schablon, kronor otherwise."""

    class Key(models.TextChoices):
        SCHABLON = "money.schablon", _("Schablonersättning per person")
        PRISBASBELOPP = "money.prisbasbelopp", _("Prisbasbelopp")
        MINORS_PER_DAY = "money.minors_per_day", _("Ensamkommande barn, ersättning per dygn")

    class Status(models.TextChoices):
        UNVERIFIED = "unverified", _("Inte kontrollerad")
        IN_FORCE = "in_force", _("Kontrollerad mot författningen")

    key = models.CharField(_("belopp"), max_length=40, choices=Key.choices)
    effective_from = models.DateField(_("gäller från"))
    value = models.JSONField(_("värde"))
    source = models.CharField(_("källa"), max_length=300)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.UNVERIFIED)
    entered_by = actor(verbose_name=_("angiven av"))
    entered_at = models.DateTimeField(_("angiven"), default=timezone.now, editable=False)
    verified_by = actor(verbose_name=_("kontrollerad av"))
    verified_at = models.DateTimeField(_("kontrollerad"), null=True, blank=True)

    class Meta:
        ordering = ["key", "-effective_from"]
        verbose_name = _("angivet belopp")
        verbose_name_plural = _("angivna belopp")
        constraints = [models.UniqueConstraint(fields=["key", "effective_from"], name="money_rate_once")]

    def __str__(self) -> str:
        return f"{self.get_key_display()} {self.effective_from}"


class Relocation(models.Model):
    """A received person moved to another municipality (folkbokförd there). Within 24 months of reception, the
    schablon's instalments after the month of the move go to the new municipality (förordning 2010:1122)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="relocations", verbose_name=_("person")
    )
    from_municipality = municipality_fk(verbose_name=_("från kommun"))
    to_municipality = municipality_fk(verbose_name=_("till kommun"))
    moved_on = models.DateField(_("flyttdatum"))
    recorded_by = actor()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["person_id", "moved_on"]
        verbose_name = _("flytt till annan kommun")
        verbose_name_plural = _("flyttar till annan kommun")
        constraints = [
            models.UniqueConstraint(fields=["person", "moved_on"], name="money_relocation_once_a_day"),
            models.CheckConstraint(
                condition=~Q(from_municipality=F("to_municipality")), name="money_relocation_elsewhere"
            ),
        ]
        indexes = [models.Index(fields=["to_municipality", "moved_on"])]

    def __str__(self) -> str:
        return f"{self.from_municipality_id} → {self.to_municipality_id} {self.moved_on}"
