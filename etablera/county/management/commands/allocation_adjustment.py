"""`etablera allocation_adjustment --county 04 --year 2018 --municipality 0484 --kommuntal 0 --reason "..."`.

Records the county board's adjustment of a municipality's kommuntal (a fixed figure and its reason; docs/allocation.md,
step 7) through the service, or removes it with --remove. The next `etablera allocate` applies it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from etablera.access.audit import channel
from etablera.access.models import AuditEvent
from etablera.county.models import Adjustment
from etablera.county.services import record_adjustment, remove_adjustment
from etablera.organisation.models import County, Municipality


class Command(BaseCommand):
    help = "Registrerar (eller tar bort) länsstyrelsens justering av en kommuns kommuntal, med skäl."

    def add_arguments(self, parser):
        parser.add_argument("--county", required=True, help="länskoden, t.ex. 04")
        parser.add_argument("--year", required=True, type=int, help="kommuntalsåret")
        parser.add_argument("--municipality", required=True, help="kommunkoden, t.ex. 0484")
        parser.add_argument("--kommuntal", type=int, help="det fasta kommuntalet")
        parser.add_argument("--reason", default="", help="skälet till justeringen")
        parser.add_argument("--remove", action="store_true", help="ta bort justeringen")

    def handle(self, *args, **options):
        county = County.objects.filter(code=options["county"].zfill(2)).first()
        if county is None:
            raise CommandError(f"Okänd länskod: {options['county']}.", returncode=2)
        municipality = Municipality.objects.filter(code=options["municipality"].zfill(4)).first()
        if municipality is None:
            raise CommandError(f"Okänd kommunkod: {options['municipality']}.", returncode=2)
        with channel(AuditEvent.Channel.CLI):
            if options["remove"]:
                found = Adjustment.objects.filter(
                    county=county, municipality=municipality, year=options["year"]
                ).first()
                if found is None:
                    raise CommandError("Det finns ingen sådan justering.", returncode=1)
                remove_adjustment(actor=None, adjustment=found)
                self.stdout.write(f"Justeringen för {municipality.name} {options['year']} är borttagen.")
                return
            if options["kommuntal"] is None:
                raise CommandError("Ange --kommuntal (eller --remove).", returncode=2)
            try:
                adjustment, outcome = record_adjustment(
                    actor=None,
                    county=county,
                    year=options["year"],
                    municipality=municipality,
                    kommuntal=options["kommuntal"],
                    reason=options["reason"],
                )
            except ValidationError as error:
                messages = "; ".join(
                    f"{field}: {' '.join(texts)}" for field, texts in error.message_dict.items()
                )
                raise CommandError(messages, returncode=1) from error
        shown = {"created": "registrerad", "updated": "ändrad", "unchanged": "oförändrad"}[outcome]
        self.stdout.write(
            f"Justering {shown}: {municipality.name} {adjustment.year} får kommuntal {adjustment.kommuntal}."
        )
