"""What the establishment models share."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

TEXT = 2000  # a free text of the mapping or the plan
SHORT = 300


def _person(related_name: str):
    return models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name=related_name, verbose_name=_("person")
    )


def _municipality():
    return models.ForeignKey(
        "organisation.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("kommun")
    )


def _actor():
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
