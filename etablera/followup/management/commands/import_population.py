"""`etablera import_population FILE.csv [--dry-run] [--format text|json]` (issue #16): the population per municipality
and year (SCB, table BE0101N1, folkmängd 31 december) in the format of etablera/followup/data/population.csv. Every
row is checked first; with one error nothing is saved (exit code 1). The same file twice changes nothing."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from etablera.access.audit import channel
from etablera.access.models import AuditEvent
from etablera.followup.importers import import_population, label
from etablera.reception.importers.command import add_common_arguments, read_file, write_result


class Command(BaseCommand):
    help = (
        "Importerar folkmängd per kommun och år (SCB, tabell BE0101N1, folkmängd 31 december) från en CSV-fil i "
        "UTF-8 med kolumnerna municipality_code, year, population, source och valfritt municipality, county_code "
        "och status. Alla rader kontrolleras först; finns ett enda fel sparas ingenting. Samma fil igen ändrar "
        "ingenting."
    )

    def add_arguments(self, parser):
        add_common_arguments(parser)

    def handle(self, *args, **options):
        path = options["file"]
        data = read_file(path)
        with channel(AuditEvent.Channel.CLI):
            result = import_population(data, dry_run=options["dry_run"])
        write_result(self, result, output=options["format"], title=f"{label()} ({Path(path).name})")
