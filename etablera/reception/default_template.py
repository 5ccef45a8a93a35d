"""The national default process template: the common steps of PROCESS.md. Municipalities copy and adapt it.

Each row: (title, responsible function, scope, anchor, offset days, conditions, description).

The steps counted from the planned arrival (PLANNED; negative days are before it) are the tasks before arrival:
created when the anvisning is registered with its household, the rest when the household arrives
(reception/tasks_generation.py). Migration 0008 puts them in a national default written before they existed.
"""

from django.utils.translation import gettext_noop

DEFAULT_TEMPLATE_NAME = "Standardmall för mottagande"

H, M = "HOUSEHOLD", "MEMBER"
DEC, ARR, PLANNED = "DECISION", "ARRIVAL", "PLANNED"

BEFORE_ARRIVAL_STEPS = [
    (
        gettext_noop("Planera hämtning och boka tolk"),
        "RECEPTION",
        H,
        PLANNED,
        -7,
        {},
        "Bestäm tid och plats för hämtning (t.ex. flygplats) och boka tolk på hushållets språk.",
    ),
    (
        gettext_noop("Bostadskontrakt klart"),
        "HOUSING",
        H,
        PLANNED,
        -7,
        {},
        "Bostad matchad mot hushållets storlek och kontrakt skrivet (tillfälligt eller permanent). Möblering ordnad.",
    ),
    (
        gettext_noop("Informera skola, SFI och Arbetsförmedlingen om ankomsten"),
        "RECEPTION",
        H,
        PLANNED,
        -14,
        {},
        "Berätta för de enheter som tar emot hushållet (skola och förskola, SFI, arbetsmarknadsenheten och "
        "Arbetsförmedlingen) när hushållet kommer och hur många som behöver plats.",
    ),
]

DEFAULT_STEPS = [
    *BEFORE_ARRIVAL_STEPS,
    (
        gettext_noop("Ta emot hushållet: hämtning, nycklar och visning av bostaden"),
        "RECEPTION",
        H,
        ARR,
        0,
        {},
        "Hämta hushållet, lämna nycklar och visa hur bostaden fungerar.",
    ),
    (
        gettext_noop("Informationsmöte med tolk"),
        "RECEPTION",
        H,
        ARR,
        7,
        {},
        "Information om kommunen, rättigheter och skyldigheter och vad som händer de första veckorna.",
    ),
    (
        gettext_noop("Registrering hos socialtjänsten (stöd under glappet)"),
        "SOCIAL_SERVICES",
        H,
        ARR,
        3,
        {},
        "Ansökan om försörjningsstöd tills etableringsersättning betalas ut.",
    ),
    (
        gettext_noop("Folkbokföring och id-kort hos Skatteverket"),
        "RECEPTION",
        M,
        ARR,
        7,
        {},
        "Anmälan om folkbokföring och ansökan om id-kort.",
    ),
    (gettext_noop("Bankkonto"), "RECEPTION", H, ARR, 14, {}, "Stöd att öppna bankkonto."),
    (
        gettext_noop("Anmälan till Försäkringskassan"),
        "RECEPTION",
        H,
        ARR,
        14,
        {},
        "Barnbidrag, bostadsbidrag och andra förmåner hushållet kan ha rätt till.",
    ),
    (
        gettext_noop("Inskrivning hos Arbetsförmedlingen (etableringsprogrammet)"),
        "LABOUR_MARKET",
        M,
        ARR,
        14,
        {"establishment_age_only": True},
        "För personer 20–65 år: inskrivning och etableringsplan.",
    ),
    (
        gettext_noop("Anmälan till SFI"),
        "SFI",
        M,
        ARR,
        30,
        {"min_age": 16},
        "Anmälan till svenska för invandrare.",
    ),
    (
        gettext_noop("Kartläggning av barnet (pedagogisk, medicinsk, social)"),
        "SCHOOL",
        M,
        ARR,
        21,
        {"min_age": 6, "max_age": 17, "rule": "school.child_assessment"},
        "Kartläggning på mottagningsenheten för nyanlända innan barnet tas emot på sin skola.",
    ),
    (
        gettext_noop("Skolplacering"),
        "SCHOOL",
        M,
        ARR,
        30,
        {"min_age": 6, "max_age": 17},
        "Placering i förskoleklass eller skola.",
    ),
    (
        gettext_noop("Förskoleplats"),
        "SCHOOL",
        M,
        ARR,
        30,
        {"min_age": 1, "max_age": 5},
        "Erbjudande om plats i förskola.",
    ),
    (
        gettext_noop("Hälsoundersökning erbjuds"),
        "REGION",
        M,
        ARR,
        30,
        {},
        "Regionen erbjuder hälsoundersökning; kommunen ser till att erbjudandet når fram.",
    ),
    (
        gettext_noop("Samhällsorientering"),
        "CIVIC_ORIENTATION",
        M,
        ARR,
        60,
        {"establishment_age_only": True},
        "Anmälan till samhällsorientering på modersmålet.",
    ),
    (
        gettext_noop("Kontakt med bibliotek och föreningar"),
        "CULTURE_LEISURE",
        H,
        ARR,
        60,
        {},
        "Introduktion till bibliotek, föreningsliv och språkvänner.",
    ),
]
