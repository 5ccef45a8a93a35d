"""What the activity requirement's models share."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

TEXT = 2000  # a free text: a plan's content, an assessment
SHORT = 300
HOURS = {"max_digits": 4, "decimal_places": 1}  # hours a week, 0.0–999.9 (the services keep them to a week)


def _person(related_name: str):
    return models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name=related_name, verbose_name=_("person")
    )


def _municipality():
    return models.ForeignKey(
        "organisation.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("kommun")
    )


def _unit(verbose_name, *, null: bool = True):
    return models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=null,
        blank=null,
        related_name="+",
        verbose_name=verbose_name,
    )


def _actor():
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
