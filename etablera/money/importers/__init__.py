"""CSV imports of the money domain (issue #15): payments received, from the finance system or Migrationsverket's
payment specification (docs/import-formats.md "Inbetalningar"). The reception imports' reading, row errors and run
(reception/importers/base.py): every row validated with the services' own rules, then written all-or-nothing in
one transaction, one audit event; a file imported twice adds nothing the second time.

A payments file is about one municipality, named beside the file. With an `actor` (the API or a page) the actor
must keep that municipality's money records; the command line runs as the system (actor None)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from etablera.money.importers.payments import PAYMENT_ERROR_CODES, import_payments
from etablera.reception.importers.base import ImportResult

LABEL = _("Inbetalningar")


def label() -> str:
    return str(LABEL)


__all__ = ["LABEL", "PAYMENT_ERROR_CODES", "ImportResult", "import_payments", "label"]
