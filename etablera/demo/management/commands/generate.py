"""`etablera generate`: påhittade data i nationell skala för prestandamätning (etablera/demo/generate/)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from etablera.access.audit import channel
from etablera.access.models import AuditEvent
from etablera.demo import generate
from etablera.demo.generate import housing


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"Ogiltigt datum: {text} (ÅÅÅÅ-MM-DD)") from error


class Command(BaseCommand):
    help = (
        "Skapar påhittade data för alla 290 kommuner (enheter, personal, kommuntal, hushåll, anvisningar, "
        "mottaganden, uppgifter och loggposter), samma data för samma frö. Skriver i bulk (COPY på PostgreSQL) "
        "och visar förloppet på stderr. Vägrar köra om genererade data redan finns, utom med --reset."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed", type=int, default=generate.DEFAULT_SEED, help="Frö (standard %(default)s)."
        )
        parser.add_argument(
            "--persons",
            type=int,
            default=None,
            help=f"Ungefär så många personer (standard {generate.DEFAULT_PERSONS:,}).".replace(",", " "),
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=None,
            help="Andel av den nationella mängden, t.ex. 0.002 för 2 000 personer (i stället för --persons).",
        )
        parser.add_argument(
            "--years",
            type=int,
            default=generate.DEFAULT_YEARS,
            help="Antal år bakåt, t.o.m. i år (standard 10).",
        )
        parser.add_argument("--today", type=_date, default=None, help="Dagens datum för data (ÅÅÅÅ-MM-DD).")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Ta först bort tidigare genererade data (inte loggposterna: loggen går inte att ändra).",
        )
        parser.add_argument(
            "--housing-only",
            action="store_true",
            help="Lägg bara till boende (bostäder, bostadsbehov, kontrakt) i redan genererade data; "
            "gör ingenting om genererade bostäder finns (etablera/demo/generate/housing.py).",
        )
        parser.add_argument(
            "--activity-only",
            action="store_true",
            help="Lägg bara till aktivitetskravet (försörjningsstöd, aktiviteter, praktikplatser, närvaro) i redan "
            "genererade data; gör ingenting om det finns (etablera/demo/generate/activity.py).",
        )
        parser.add_argument(
            "--minors-only",
            action="store_true",
            help="Lägg bara till ensamkommande barn (barnärenden, placeringar, gode män, besök) i redan genererade "
            "data; gör ingenting om de finns (etablera/demo/generate/minors.py).",
        )
        parser.add_argument("--quiet", action="store_true", help="Inga förloppsrader.")
        parser.add_argument(
            "--no-analyze", action="store_true", help="Hoppa över VACUUM ANALYZE efteråt (PostgreSQL)."
        )

    def handle(self, *args, **options):
        if options["housing_only"]:
            return self._housing(options)
        if options["activity_only"]:
            return self._activity(options)
        if options["minors_only"]:
            return self._minors(options)
        if options["persons"] is not None and options["scale"] is not None:
            raise CommandError("Ange antingen --persons eller --scale, inte båda.")
        persons = options["persons"]
        if options["scale"] is not None:
            persons = max(1, round(generate.DEFAULT_PERSONS * options["scale"]))
        settings = generate.Options(
            seed=options["seed"],
            persons=persons or generate.DEFAULT_PERSONS,
            years=options["years"],
            today=options["today"],
            reset=options["reset"],
            analyze=not options["no_analyze"],
            progress=None if options["quiet"] else self.stderr,
        )
        try:
            with channel(AuditEvent.Channel.CLI):
                summary = generate.generate(settings)
        except generate.GenerateRefused as error:
            raise CommandError(str(error)) from error
        write = self.stdout.write
        write(self.style.MIGRATE_HEADING("Etablera – genererade data (allt är påhittat)"))
        if summary.reset:
            removed = ", ".join(f"{generate._n(n)} {label}" for label, n in summary.reset.items() if n)
            write(
                f"Borttaget först: {removed or 'ingenting'}. Tidigare genererade loggposter finns kvar (märkta)."
            )
        write(
            f"Frö {summary.seed}, år {summary.years[0]}–{summary.years[1]}, {summary.backend}: "
            f"{generate._n(summary.persons)} personer i {generate._n(summary.households)} hushåll, "
            f"{generate._n(summary.rows)} rader på {summary.seconds:.0f} s "
            f"({generate._n(summary.rows / max(summary.seconds, 0.001))} rader/s), högst "
            f"{summary.peak_mb:.0f} MB minne."
        )
        for label, count in summary.counts.items():
            write(f"  {label:<22} {generate._n(count):>12}")
        n = generate._n
        state = generate.state_counts(summary.today)
        write(
            f"Anvisningar: {n(state['received'])} mottagna, {n(state['pending'])} väntar på mottagande "
            f"(varav {n(state['pending_late'])} efter sista mottagningsdag), {n(state['cancelled'])} avbrutna. "
            f"Mottaganden: {n(state['cases_open'])} pågående, {n(state['cases_closed'])} avslutade."
        )
        write(
            f"Uppgifter: {n(state['open'])} att göra, {n(state['overdue'])} försenade, {n(state['done'])} klara, "
            f"{n(state['not_applicable'])} ej aktuella."
        )
        if summary.bench_municipality:
            write("")
            write(
                self.style.MIGRATE_HEADING(
                    f"Inloggningar för mätningar i {summary.bench_municipality} "
                    f"(lösenord {generate.BENCH_PASSWORD}):"
                )
            )
            for login in summary.bench_logins:
                write(f"  {login.username:<18} {login.description}")
            write("Övrig genererad personal (gen-…) har inget användbart lösenord.")

    def _activity(self, options):
        from etablera.demo.generate import activity

        settings = activity.ActivityOptions(
            seed=options["seed"], today=options["today"], progress=None if options["quiet"] else self.stderr
        )
        try:
            summary = activity.generate_activity(settings)
        except activity.ActivityRefused as error:
            raise CommandError(str(error)) from error
        if summary.skipped:
            self.stdout.write("Genererat aktivitetskrav finns redan: ingenting gjort.")
            return
        if not options["no_analyze"]:
            activity.analyze()
        self.stdout.write(
            f"Aktivitetskravet i {summary.municipalities} kommuner: {generate._n(summary.rows)} rader på "
            f"{summary.seconds:.1f} s, högst {generate.peak_memory_mb():.0f} MB minne."
        )
        for label, count in summary.counts.items():
            self.stdout.write(f"  {label:<22} {generate._n(count):>12}")

    def _minors(self, options):
        from etablera.demo.generate import minors

        settings = minors.MinorsOptions(
            seed=options["seed"], today=options["today"], progress=None if options["quiet"] else self.stderr
        )
        try:
            summary = minors.generate_minors(settings)
        except minors.MinorsRefused as error:
            raise CommandError(str(error)) from error
        if summary.skipped:
            self.stdout.write("Genererade barnärenden finns redan: ingenting gjort.")
            return
        if not options["no_analyze"]:
            minors.analyze()
        self.stdout.write(
            f"Ensamkommande barn i {summary.municipalities} kommuner: {generate._n(summary.rows)} rader på "
            f"{summary.seconds:.1f} s, högst {generate.peak_memory_mb():.0f} MB minne."
        )
        for label, count in summary.counts.items():
            self.stdout.write(f"  {label:<22} {generate._n(count):>12}")

    def _housing(self, options):
        settings = housing.HousingOptions(
            seed=options["seed"], today=options["today"], progress=None if options["quiet"] else self.stderr
        )
        try:
            summary = housing.generate_housing(settings)
        except housing.HousingRefused as error:
            raise CommandError(str(error)) from error
        if summary.skipped:
            self.stdout.write("Genererade bostäder finns redan: ingenting gjort.")
            return
        if not options["no_analyze"]:
            housing.analyze()
        self.stdout.write(
            f"Boende i {summary.municipalities} kommuner: {generate._n(summary.rows)} rader på "
            f"{summary.seconds:.1f} s, högst {generate.peak_memory_mb():.0f} MB minne."
        )
        for label, count in summary.counts.items():
            self.stdout.write(f"  {label:<22} {generate._n(count):>12}")
        login = housing.BENCH_HOUSING_LOGIN
        self.stdout.write(f"  {login.username:<18} {login.description} (lösenord {generate.BENCH_PASSWORD})")
