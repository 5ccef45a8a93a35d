"""`etablera import quotas|assignments|members|housing-units FILE.csv`: validate every row, then save all or nothing.

The formats and error codes are in docs/import-formats.md. Exit code 0 when the file was imported (or, with
--dry-run, would be), 1 when it has errors (then nothing is saved).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from etablera.access.audit import channel
from etablera.access.models import AuditEvent
from etablera.organisation.models import Municipality
from etablera.reception.importers import KINDS, import_file, label

HOUSING_UNITS = "housing-units"


class Command(BaseCommand):
    help = (
        "Importerar kommuntal (quotas), anvisningar (assignments), anvisningarnas hushållsmedlemmar (members) eller "
        "bostäder (housing-units) från en CSV-fil "
        "i UTF-8, komma- eller "
        "semikolonavgränsad. Alla rader kontrolleras först; finns ett enda fel sparas ingenting. Formaten beskrivs "
        "i docs/import-formats.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "kind",
            choices=[*sorted(KINDS), HOUSING_UNITS],
            help="quotas = kommuntal, assignments = anvisningar, members = hushållsmedlemmar, housing-units = bostäder",
        )
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
        parser.add_argument(
            "--municipality",
            help="bostäder: kommunkoden (t.ex. 0480) för rader utan kolumnen kommunkod",
        )

    def handle(self, *args, **options):
        kind, path, output = options["kind"], options["file"], options["format"]
        data = self._read(path)
        with channel(AuditEvent.Channel.CLI):
            if kind == HOUSING_UNITS:
                from etablera.housing.importers import LABEL, import_units

                municipality = self._municipality(options["municipality"])
                result = import_units(data, municipality=municipality, dry_run=options["dry_run"])
                name = LABEL
            else:
                if options["municipality"]:
                    raise CommandError("--municipality gäller bara housing-units.", returncode=2)
                result = import_file(kind, data, dry_run=options["dry_run"])
                name = label(kind)
        if output == "json":
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(result.summary_sv(f"{name} ({Path(path).name})"))
        if result.errors:
            raise CommandError(
                f"Importen innehåller {len(result.errors)} fel; ingenting har sparats.", returncode=1
            )

    @staticmethod
    def _municipality(code: str | None):
        if not code:
            return None
        code = code.zfill(4) if code.isdigit() and len(code) == 3 else code
        municipality = Municipality.objects.filter(code=code).first()
        if municipality is None:
            raise CommandError(
                f"Okänd kommunkod: {code}. Kommunkoden har fyra siffror, t.ex. 0480.", returncode=2
            )
        return municipality

    @staticmethod
    def _read(path: str) -> bytes:
        if path == "-":
            return sys.stdin.buffer.read()
        try:
            return Path(path).read_bytes()
        except FileNotFoundError as error:
            raise CommandError(f"Filen {path} finns inte.") from error
        except IsADirectoryError as error:
            raise CommandError(f"{path} är en mapp, inte en fil.") from error
        except PermissionError as error:
            raise CommandError(f"Filen {path} går inte att läsa (behörighet saknas).") from error
