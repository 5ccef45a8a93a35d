"""CSV imports of kommuntal, anvisningar and their household members (docs/import-formats.md): every row validated
with the same clean_* functions the services use, then written all-or-nothing in one transaction, with one audit
event per import."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from etablera.access.policy import capabilities
from etablera.reception.importers import assignments, members, quotas
from etablera.reception.importers.base import ImportResult, RowError, run_import, safe_cell
from etablera.reception.importers.codes import ERROR_CODES

KINDS = {
    "quotas": (quotas, _("Kommuntal")),
    "assignments": (assignments, _("Anvisningar")),
    "members": (members, _("Hushållsmedlemmar")),
}


class _ReportingRows(list):
    """A table's rows that report `progress(rows gone through, rows)` every `every` rows of each pass over them and at
    the end of one: a background import's progress (reception/jobs.py). The importer's rules see the same rows."""

    def __init__(self, rows, progress: Callable[[int, int], None], every: int):
        super().__init__(rows)
        self._progress, self._every = progress, max(1, every)

    def __iter__(self):
        total = len(self)
        for index, item in enumerate(super().__iter__(), start=1):
            yield item  # reported after the importer has checked the row, when it asks for the next
            if index % self._every == 0 or index == total:
                self._progress(index, total)


def import_file(
    kind: str,
    data: bytes,
    *,
    actor=None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    every: int = 500,
) -> ImportResult:
    """Import `data` (the bytes of a CSV file) as `kind` ('quotas', 'assignments' or 'members').

    With an `actor` (an import from a page or the API) every row must be about a municipality where the actor
    registers reception, and a reference already used elsewhere is not described: each row that is not is an error
    (`not_permitted`) listed with all the file's other errors, and nothing is written. The command line runs as the
    system (actor None) and may import for any municipality.

    `progress(rows checked, rows)` is told every `every` rows while the rows are checked (a background job's progress,
    reception/jobs.py); the rules and the result are the same with it or without."""
    module, _ = KINDS[kind]
    plan = module.plan
    if actor is not None:
        plan = functools.partial(module.plan, permitted=capabilities(actor).reception_municipality_ids)
    if progress is not None:
        checked = plan

        def plan(table):
            return checked(dataclasses.replace(table, rows=_ReportingRows(table.rows, progress, every)))

    return run_import(
        kind=kind,
        data=data,
        read=module.read,
        plan=plan,
        write=module.write,
        actor=actor,
        dry_run=dry_run,
        write_many=getattr(module, "write_many", None),
    )


def label(kind: str) -> str:
    return str(KINDS[kind][1])


__all__ = ["ERROR_CODES", "KINDS", "ImportResult", "RowError", "import_file", "label", "safe_cell"]
