"""`etablera import_allocation_criteria FILE.csv`: the allocation model's criteria, all rows or none.

The format is in docs/allocation.md. Exit code 0 when the file was imported (or, with --dry-run, would be), 1 when it
has errors (then nothing is saved).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from etablera.access.audit import channel
from etablera.access.models import AuditEvent
from etablera.county.importers import LABEL, import_criteria
from etablera.reception.importers.command import add_common_arguments, read_file, write_result


class Command(BaseCommand):
    help = (
        "Importerar fördelningsmodellens underlag (befolkning, arbetsmarknad, asylsökande, tidigare mottagande) per "
        "kommun och år från en CSV-fil i UTF-8. Alla rader kontrolleras först; finns ett enda fel sparas ingenting. "
        "Formatet beskrivs i docs/allocation.md."
    )

    def add_arguments(self, parser):
        add_common_arguments(parser)

    def handle(self, *args, **options):
        path = options["file"]
        data = read_file(path)
        with channel(AuditEvent.Channel.CLI):
            result = import_criteria(data, dry_run=options["dry_run"])
        write_result(self, result, output=options["format"], title=f"{LABEL} ({Path(path).name})")
