"""`etablera allocate --county 04 --year 2018 --lanstal 205 [--format table|json|csv] [--weights ...] [--save]`.

Runs the allocation model (docs/allocation.md) on the county's criteria for the year and its adjustments, and shows
each municipality's way through it beside the published kommuntal. Writes nothing unless --save is given, which
stores the adjusted kommuntal as the year's MunicipalQuota rows. Exit code 2 when the run cannot be made.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from etablera.access.audit import channel
from etablera.access.models import AuditEvent
from etablera.county.allocation import AllocationError
from etablera.county.report import as_csv, as_table, run
from etablera.county.services import save_as_kommuntal
from etablera.organisation.models import County
from etablera.rules.county import WeightsError, parse_weights, weights_for


class Command(BaseCommand):
    help = (
        "Fördelar ett länstal på länets kommuner med fördelningsmodellen (arbetsmarknad, befolkning, asylsökande, "
        "avdrag för tidigare mottagande) och länsstyrelsens justeringar. Visar varje steg och beslutade kommuntal."
    )

    def add_arguments(self, parser):
        parser.add_argument("--county", required=True, help="länskoden, t.ex. 04")
        parser.add_argument("--year", required=True, type=int, help="kommuntalsåret")
        parser.add_argument("--lanstal", required=True, type=int, help="länstalet som ska fördelas")
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")
        parser.add_argument(
            "--weights",
            default="",
            help="vikter i procent för den här körningen, t.ex. labour_market=40,population=40,asylum_seekers=20",
        )
        parser.add_argument("--save", action="store_true", help="spara resultatet som årets kommuntal")

    def handle(self, *args, **options):
        county = County.objects.filter(code=options["county"].zfill(2)).first()
        if county is None:
            raise CommandError(f"Okänd länskod: {options['county']}.", returncode=2)
        year = options["year"]
        if not 2016 <= year <= 2100:
            raise CommandError("Ange ett år från 2016 till 2100.", returncode=2)
        try:
            weights = weights_for(year)
            if options["weights"]:
                weights = parse_weights(options["weights"], weights)
            found = run(county, year, options["lanstal"], weights)
        except (AllocationError, WeightsError) as error:
            raise CommandError(str(error), returncode=2) from error
        data = found.as_json()
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        elif options["format"] == "csv":
            self.stdout.write(as_csv(data), ending="")
        else:
            self.stdout.write(as_table(data))
        if options["save"]:
            with channel(AuditEvent.Channel.CLI):
                outcomes = save_as_kommuntal(actor=None, county=county, year=year, result=found.result)
            self.stderr.write(
                "Sparat som kommuntal {year}: {created} nya, {updated} ändrade, {unchanged} oförändrade.".format(
                    year=year, **outcomes
                )
            )
