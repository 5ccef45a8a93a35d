"""`etablera import_payments --municipality 0480 FILE.csv` (issue #15): payments received, from the finance system
or Migrationsverket's payment specification; every row validated, then all saved or nothing.

The format and error codes are in docs/import-formats.md ("Inbetalningar"). Exit code 0 when the file was imported
(or, with --dry-run, would be), 1 when it has errors (then nothing is saved), 2 for a wrong command line (an
unknown municipality code). Runs as the system: any person a row names.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from etablera.access.audit import channel
from etablera.access.models import AuditEvent
from etablera.money.importers import import_payments, label
from etablera.organisation.models import Municipality
from etablera.reception.importers.command import add_common_arguments, read_file, write_result


class Command(BaseCommand):
    help = (
        "Importerar inbetalningar (statlig ersättning som kommunen har fått) från en CSV-fil i UTF-8, komma- eller "
        "semikolonavgränsad, för en kommun. Alla rader kontrolleras först; finns ett enda fel sparas ingenting. "
        "Samma fil igen lägger inte till något. Formatet beskrivs i docs/import-formats.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--municipality", required=True, help="kommunkoden (t.ex. 0480) för kommunen som fått pengarna"
        )
        add_common_arguments(parser)

    def handle(self, *args, **options):
        municipality = self._municipality(options["municipality"])
        path = options["file"]
        data = read_file(path)
        with channel(AuditEvent.Channel.CLI):
            result = import_payments(data, municipality=municipality, dry_run=options["dry_run"])
        title = f"{label()} {municipality.name} ({Path(path).name})"
        write_result(self, result, output=options["format"], title=title)

    @staticmethod
    def _municipality(code: str) -> Municipality:
        code = code.strip()
        code = code.zfill(4) if code.isdigit() and len(code) == 3 else code
        municipality = Municipality.objects.filter(code=code).first()
        if municipality is None:
            raise CommandError(
                f"Okänd kommunkod: {code[:10]}. Kommunkoden har fyra siffror, t.ex. 0480.", returncode=2
            )
        return municipality
