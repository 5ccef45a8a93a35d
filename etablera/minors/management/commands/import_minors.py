"""`etablera import placements FILE.csv` (issue #14): validate every row, then save all or nothing.

The format and error codes are in docs/import-formats.md ("Placeringar"). Exit code 0 when the file was imported
(or, with --dry-run, would be), 1 when it has errors (then nothing is saved). Runs as the system: any child with an
open case.
"""

from __future__ import annotations

from etablera.minors.importers import KINDS, import_file, label
from etablera.reception.importers.command import ImportCommand


class Command(ImportCommand):
    help = (
        "Importerar placeringar av ensamkommande barn (placements) från socialtjänstens verksamhetssystem, en "
        "CSV-fil i UTF-8, komma- eller semikolonavgränsad. Alla rader kontrolleras först; finns ett enda fel "
        "sparas ingenting. Formatet beskrivs i docs/import-formats.md."
    )
    kinds = KINDS
    kind_help = "placements"
    run_import = staticmethod(import_file)
    label = staticmethod(label)
