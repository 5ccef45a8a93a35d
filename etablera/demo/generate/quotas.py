"""Kommuntal in a generated data set: ten years of them, each set from the municipality's own flow (about the
persons it was assigned that year), marked with the note QUOTA_NOTE. Written at the end of each year of the run,
after the year's households; a municipality's kommuntal that exists already is left alone.
"""

from __future__ import annotations

import datetime as dt

from etablera.demo.generate.common import Rows, _Place
from etablera.reception.models import MunicipalQuota

QUOTA_NOTE = "GEN: genererat kommuntal (påhittat)"


class Quotas(Rows):
    """Kommuntal per municipality and year."""

    TABLES = (("quotas", "kommuntal", MunicipalQuota, "id municipality_id year quota note"),)

    def _prepare(self) -> None:
        super()._prepare()
        self.existing_quotas: dict[int, set[int]] = {}
        for municipality_id, year in MunicipalQuota.objects.values_list("municipality_id", "year"):
            self.existing_quotas.setdefault(year, set()).add(municipality_id)

    def _end_of_year(self, places: dict[str, _Place], year: int) -> None:
        super()._end_of_year(places, year)
        self._year_quotas(places, year)

    def _year_quotas(self, places: dict[str, _Place], year: int) -> None:
        """Kommuntal from each municipality's flow: about the persons it was assigned, a few at zero (2016:39 6 §
        allows it); this year's from the share of the year gone."""
        rng = self.rng
        existing = self.existing_quotas.get(year, set())
        elapsed = 1.0
        if year == self.today.year:
            elapsed = ((self.today - dt.date(year, 1, 1)).days + 1) / 365
        for place in places.values():
            m = place.municipality
            assigned = place.persons.get(year, 0)
            quota = 0 if rng.random() < 0.02 else int(round(assigned / elapsed * rng.uniform(0.85, 1.15)))
            if m.pk in existing:
                continue
            self.quotas.rows.append((self.quotas.take_ids(), m.pk, year, quota, QUOTA_NOTE))
