"""`etablera demo`: load the fictional demo data (idempotent) and print the address and the demo logins. The address
is the server's (`--address`, which `make demo` sets from its HOST and PORT), so the banner names the port the demo
really serves on."""

from django.core.management.base import BaseCommand

from etablera.access.audit import channel
from etablera.access.models import AuditEvent
from etablera.demo import data, services


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


# The keys etablera.reception.sodermanland2017.load() returns, in Swedish.
SODERMANLAND_LABELS = {
    "quotas": "kommuntal",
    "quotas_created": "nya kommuntal",
    "assignments": "anvisningar",
    "assignments_created": "nya anvisningar",
}


def _details(counts: dict | None) -> str:
    if not counts:
        return ""
    return ": " + ", ".join(f"{value} {SODERMANLAND_LABELS.get(key, key)}" for key, value in counts.items())


class Command(BaseCommand):
    help = (
        "Läser in påhittade demodata: Nyköpings enheter och användare, årets kommuntal, hushåll och "
        "uppgifter i alla lägen, och Södermanlands siffror för 2017. Kan köras flera gånger; det som "
        "finns ändras inte."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-sodermanland",
            action="store_true",
            help="Hoppa över Södermanlands siffror för 2017 (tusentals anvisningar i hela landet).",
        )
        parser.add_argument(
            "--address",
            default=data.ADDRESS,
            help=f"Adressen som demoservern svarar på, för utskriften (förval {data.ADDRESS}; make demo anger sin).",
        )

    def handle(self, *args, **options):
        with channel(AuditEvent.Channel.CLI):
            result = services.load_demo(sodermanland=not options["skip_sodermanland"])
        write = self.stdout.write

        write(self.style.MIGRATE_HEADING("Etablera – demodata (allt är påhittat)"))
        if result.changed:
            made = ", ".join(f"{count} {label}" for label, count in result.created.items())
            write(self.style.SUCCESS(f"Skapat nu: {made}."))
        else:
            write(self.style.SUCCESS("Demodata fanns redan – ingenting ändrades."))

        s = result.status
        cancelled = _plural(s["cancelled"], "avbruten", "avbrutna")
        write(
            f"Nyköping {result.year}: kommuntal {s['quota']}. Anvisningar: {s['received']} mottagna, "
            f"{s['assigned']} väntar på mottagande, {s['cancelled']} {cancelled}. "
            f"Uppgifter: {s['open']} att göra (varav {s['overdue']} försenade), {s['done']} klara, "
            f"{s['not_applicable']} ej aktuella."
        )
        if result.sodermanland_status == "missing":
            write(
                f"Södermanlands siffror för 2017 laddades inte: modulen {services.SODERMANLAND_MODULE} saknas."
            )
        elif result.sodermanland_status == "skipped":
            write("Södermanlands siffror för 2017 hoppades över (--skip-sodermanland).")
        else:
            write(f"Södermanlands siffror för 2017 är inlästa{_details(result.sodermanland)}.")

        address = (
            options["address"].rstrip("/") + "/"
        )  # the server's own address: `make demo PORT=…` names it
        write("")
        write(self.style.MIGRATE_HEADING(f"Öppna {address} och logga in som någon av dessa:"))
        width = max((len(login.username) for login in result.logins), default=10)
        for login in result.logins:
            write(
                f"  {login.username:<{width}}  {login.role} i {login.unit}, {login.municipality} "
                f"({login.full_name})"
            )
        write(f"Lösenord för alla: {self.style.SUCCESS(data.PASSWORD)}")
        write("(Lösenordet sätts bara när användaren skapas; ändrar du det behålls ditt.)")
        write(f"API-dokumentation: {address}api/v1/docs")
        write(
            f"Django-admin ({address}admin/) är för driften, inte för kommunens användare: "
            "skapa ett eget konto med `etablera createsuperuser`."
        )
