"""What the money domain's models share: the kinds of amount, and the actor and municipality fields every domain declares
the same way (organisation/fields.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from etablera.organisation.fields import actor, municipality_fk

__all__ = ["Kind", "actor", "municipality_fk"]


class Kind(models.TextChoices):
    """What an expected or received amount is for (förordning 2010:1122 and 2017:193)."""

    SCHABLON = "SCHABLON", _("Schablonersättning")
    INITIAL_COSTS = "INITIAL_COSTS", _("Initiala kostnader")
    MINORS_DAYS = "MINORS_DAYS", _("Ensamkommande barn, per dygn")
    CLAIM = "CLAIM", _("Sökt ersättning")
    OTHER = "OTHER", _("Övrigt")
