"""`etablera import quotas|assignments|members|housing-units FILE.csv`: validate every row, then save all or nothing.

The formats and error codes are in docs/import-formats.md. Exit code 0 when the file was imported (or, with
--dry-run, would be), 1 when it has errors (then nothing is saved).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from etablera.access.audit import channel
from etablera.access.models import AuditEvent
from etablera.organisation.models import Municipality
from etablera.reception.importers import KINDS, import_file, label
from etablera.reception.importers.command import add_common_arguments, read_file, write_result

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
        add_common_arguments(parser)
        parser.add_argument(
            "--municipality",
            help="bostäder: kommunkoden (t.ex. 0480) för rader utan kolumnen kommunkod",
        )

    def handle(self, *args, **options):
        kind, path, output = options["kind"], options["file"], options["format"]
        data = read_file(path)
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
        write_result(self, result, output=output, title=f"{name} ({Path(path).name})")

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
