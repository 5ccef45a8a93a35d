"""`etablera import monthly-status|sfi FILE.csv` (issue #12): validate every row, then save all or nothing.

The formats and error codes are in docs/import-formats.md. Exit code 0 when the file was imported (or, with
--dry-run, would be), 1 when it has errors (then nothing is saved). Runs as the system: any person.
"""

from __future__ import annotations

from etablera.establishment.importers import KINDS, import_file, label
from etablera.reception.importers.command import ImportCommand


class Command(ImportCommand):
    help = (
        "Importerar status per månad (monthly-status) eller SFI-anmälningar (sfi) från en CSV-fil i UTF-8, komma- "
        "eller semikolonavgränsad. Alla rader kontrolleras först; finns ett enda fel sparas ingenting. Formaten "
        "beskrivs i docs/import-formats.md."
    )
    kinds = KINDS
    kind_help = "monthly-status eller sfi"
    run_import = staticmethod(import_file)
    label = staticmethod(label)
