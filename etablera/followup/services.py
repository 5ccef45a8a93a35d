"""Writes of the follow-up's reference data (issue #16). The population is public statistics, not personal data: the
import (importers.py) logs one audit event with its counts, as every import does."""

from __future__ import annotations

from etablera.followup.models import Population
from etablera.organisation.models import Municipality


def set_population(
    *, municipality: Municipality, year: int, population: int, source: str, status: str
) -> str:
    """Create or update the municipality's population for the year; 'created', 'updated' or 'unchanged' (the same
    figure and source again changes nothing)."""
    values = {"population": population, "source": source, "status": status}
    existing = Population.objects.select_for_update().filter(municipality=municipality, year=year).first()
    if existing is None:
        Population.objects.create(municipality=municipality, year=year, **values)
        return "created"
    if all(getattr(existing, name) == value for name, value in values.items()):
        return "unchanged"
    for name, value in values.items():
        setattr(existing, name, value)
    existing.save(update_fields=list(values))
    return "updated"
