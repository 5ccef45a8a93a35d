"""`etablera import_allocation_criteria FILE.csv`: the allocation model's criteria, all rows or none.

The format is in docs/allocation.md. Exit code 0 when the file was imported (or, with --dry-run, would be), 1 when it
has errors (then nothing is saved).
"""

from __future__ import annotations

from etablera.county.importers import LABEL, import_criteria
from etablera.reception.importers.command import SingleImportCommand


class Command(SingleImportCommand):
    help = (
        "Importerar fördelningsmodellens underlag (befolkning, arbetsmarknad, asylsökande, tidigare mottagande) per "
        "kommun och år från en CSV-fil i UTF-8. Alla rader kontrolleras först; finns ett enda fel sparas ingenting. "
        "Formatet beskrivs i docs/allocation.md."
    )
    run_import = staticmethod(import_criteria)

    @staticmethod
    def label() -> str:
        return LABEL
