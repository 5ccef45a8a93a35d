"""`etablera compute_entitlements --year 2024 [--municipality 0480]`: compute (again) a year's entitlement lines
for one municipality or the whole country (issue #15; money/services/entitlements.py). Idempotent: the year's lines
are replaced. Prints the lines and amounts per kind and the time it took."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from etablera.access.audit import channel
from etablera.access.models import AuditEvent
from etablera.money.services.entitlements import compute
from etablera.organisation.models import Municipality
from etablera.web.exports import safe_cell


class Command(BaseCommand):
    help = "Beräkna ett års statliga ersättningar (schablon, initiala kostnader, ensamkommande barns dygn)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None, help="Året (standard: i år).")
        parser.add_argument(
            "--municipality", default="", help="Kommunkoden, t.ex. 0480 (standard: hela landet)."
        )

    def handle(self, *args, **options):
        year = options["year"] or timezone.localdate().year
        if not 2016 <= year <= 2100:
            raise CommandError("Året ska vara 2016 eller senare.")
        ids = None
        code = (options["municipality"] or "").strip()
        if code:
            municipality = Municipality.objects.filter(code=code.zfill(4) if code.isdigit() else code).first()
            if municipality is None:
                raise CommandError(f"Okänd kommunkod: {safe_cell(code[:20])}. Kommunkoden har fyra siffror.")
            ids = [municipality.pk]
        with channel(AuditEvent.Channel.CLI):
            result = compute(year, ids)
        for kind, lines in sorted(result.lines.items()):
            self.stdout.write(f"{kind:<15}{lines:>10} rader{result.amounts[kind]:>16} kr")
        if result.estimated:
            self.stdout.write(f"Uppskattade rader (årets belopp saknas): {result.estimated}")
        self.stdout.write(f"Klart på {result.seconds:.1f} s.")
