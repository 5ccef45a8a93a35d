"""CSV imports of the establishment phase (issue #12): the status per month and SFI enrolments
(docs/import-formats.md). The reception imports' reading, row errors and run (reception/importers/base.py): every
row validated by the services themselves, then written all-or-nothing in one transaction, one audit event.

With an `actor` (the API or a page) every row must be about a person the actor may change (sees); the command line
runs as the system (actor None)."""

from __future__ import annotations

import functools

from django.utils.translation import gettext_lazy as _

from etablera.establishment.importers import monthly, sfi
from etablera.reception.importers.base import ImportResult, run_import

KINDS = {
    "monthly-status": (monthly, _("Status per månad")),
    "sfi": (sfi, _("SFI-anmälningar")),
}


def import_file(kind: str, data: bytes, *, actor=None, dry_run: bool = False) -> ImportResult:
    module, _label = KINDS[kind]
    return run_import(
        kind=kind,
        data=data,
        read=module.read,
        plan=functools.partial(module.plan, actor=actor),
        write=module.write,
        actor=actor,
        dry_run=dry_run,
    )


def label(kind: str) -> str:
    return str(KINDS[kind][1])


__all__ = ["KINDS", "ImportResult", "import_file", "label"]
