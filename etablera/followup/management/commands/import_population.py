"""`etablera import_population FILE.csv [--dry-run] [--format text|json]` (issue #16): the population per municipality
and year (SCB, table BE0101N1, folkmängd 31 december) in the format of etablera/followup/data/population.csv. Every
row is checked first; with one error nothing is saved (exit code 1). The same file twice changes nothing."""

from __future__ import annotations

from etablera.followup.importers import import_population, label
from etablera.reception.importers.command import SingleImportCommand


class Command(SingleImportCommand):
    help = (
        "Importerar folkmängd per kommun och år (SCB, tabell BE0101N1, folkmängd 31 december) från en CSV-fil i "
        "UTF-8 med kolumnerna municipality_code, year, population, source och valfritt municipality, county_code "
        "och status. Alla rader kontrolleras först; finns ett enda fel sparas ingenting. Samma fil igen ändrar "
        "ingenting."
    )
    run_import = staticmethod(import_population)
    label = staticmethod(label)
