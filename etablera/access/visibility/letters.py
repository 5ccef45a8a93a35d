"""Who sees the appointments of the letters app (issue #18): whoever sees the household — the reception view,
involvement, break-glass or consent — as with the housing records. Appointments open no involvement of their own."""

from __future__ import annotations

from etablera.access.visibility.base import Rule
from etablera.letters.models import Appointment


def _with_household(reach, queryset):
    return queryset.filter(household__in=reach.households())


def _reception_only(caps, queryset):
    return queryset.filter(household__municipality_id__in=caps.reception_municipality_ids)


RULES = {Appointment: Rule(_with_household, _reception_only)}
