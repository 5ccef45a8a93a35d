"""`etablera import support-months|attendance FILE.csv` (issue #13): validate every row, then save all or nothing.

The formats and error codes are in docs/import-formats.md. Exit code 0 when the file was imported (or, with
--dry-run, would be), 1 when it has errors (then nothing is saved). Runs as the system: any person.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from etablera.access.audit import channel
from etablera.access.models import AuditEvent
from etablera.activity.importers import KINDS, import_file, label


class Command(BaseCommand):
    help = (
        "Importerar försörjningsstöd per månad (support-months) eller närvaro per vecka (attendance) från en CSV-fil i UTF-8, komma- "
        "eller semikolonavgränsad. Alla rader kontrolleras först; finns ett enda fel sparas ingenting. Formaten "
        "beskrivs i docs/import-formats.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS), help="support-months eller attendance")
        parser.add_argument("file", help="CSV-filen; - läser från standard in")
        parser.add_argument(
            "--format",
            choices=["text", "json"],
            default="text",
            help="text = sammanfattning på svenska (standard), json = {created, updated, unchanged, errors}",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="kontrollera och räkna, men spara ingenting"
        )

    def handle(self, *args, **options):
        kind, path = options["kind"], options["file"]
        data = self._read(path)
        with channel(AuditEvent.Channel.CLI):
            result = import_file(kind, data, dry_run=options["dry_run"])
        if options["format"] == "json":
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(result.summary_sv(f"{label(kind)} ({Path(path).name})"))
        if result.errors:
            raise CommandError(
                f"Importen innehåller {len(result.errors)} fel; ingenting har sparats.", returncode=1
            )

    @staticmethod
    def _read(path: str) -> bytes:
        if path == "-":
            return sys.stdin.buffer.read()
        try:
            return Path(path).read_bytes()
        except FileNotFoundError as error:
            raise CommandError(f"Filen {path} finns inte.") from error
        except (IsADirectoryError, PermissionError) as error:
            raise CommandError(f"Filen {path} går inte att läsa.") from error
