"""CSV imports of the minors domain (issue #14): placements from the social-services system
(docs/import-formats.md "Placeringar"). The reception imports' reading, row errors and run
(reception/importers/base.py): every row validated by the services themselves, then written all-or-nothing in one
transaction, one audit event; a file imported twice changes nothing the second time.

With an `actor` (the API or a page) every row must be about a child whose case the actor keeps (social services of
the case's municipality); the command line runs as the system (actor None)."""

from __future__ import annotations

import functools
import importlib

from django.utils.translation import gettext_lazy as _

from etablera.reception.importers.base import ImportResult, run_import

# The modules by name, imported when used: each part of the domain keeps its own importer.
KINDS = {
    "placements": ("etablera.minors.importers.placements", _("Placeringar")),
}


def import_file(kind: str, data: bytes, *, actor=None, dry_run: bool = False) -> ImportResult:
    module = importlib.import_module(KINDS[kind][0])
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
