"""The national default process template: the common steps of PROCESS.md. Municipalities copy and adapt it.

Each row: (title, responsible function, scope, anchor, offset days, conditions, description).
"""

DEFAULT_TEMPLATE_NAME = "Standardmall för mottagande"

H, M = "HOUSEHOLD", "MEMBER"
DEC, ARR = "DECISION", "ARRIVAL"

DEFAULT_STEPS = [
    ("Planera hämtning och boka tolk", "RECEPTION", H, DEC, 30, {},
     "Bestäm tid och plats för hämtning (t.ex. flygplats) och boka tolk på hushållets språk."),
    ("Bostadskontrakt klart", "HOUSING", H, DEC, 45, {},
     "Bostad matchad mot hushållets storlek och kontrakt skrivet (tillfälligt eller permanent). Möblering ordnad."),
    ("Ta emot hushållet: hämtning, nycklar och visning av bostaden", "RECEPTION", H, ARR, 0, {},
     "Hämta hushållet, lämna nycklar och visa hur bostaden fungerar."),
    ("Informationsmöte med tolk", "RECEPTION", H, ARR, 7, {},
     "Information om kommunen, rättigheter och skyldigheter och vad som händer de första veckorna."),
    ("Registrering hos socialtjänsten (stöd under glappet)", "SOCIAL_SERVICES", H, ARR, 3, {},
     "Ansökan om försörjningsstöd tills etableringsersättning betalas ut."),
    ("Folkbokföring och id-kort hos Skatteverket", "RECEPTION", M, ARR, 7, {},
     "Anmälan om folkbokföring och ansökan om id-kort."),
    ("Bankkonto", "RECEPTION", H, ARR, 14, {}, "Stöd att öppna bankkonto."),
    ("Anmälan till Försäkringskassan", "RECEPTION", H, ARR, 14, {},
     "Barnbidrag, bostadsbidrag och andra förmåner hushållet kan ha rätt till."),
    ("Inskrivning hos Arbetsförmedlingen (etableringsprogrammet)", "LABOUR_MARKET", M, ARR, 14,
     {"establishment_age_only": True}, "För personer 20–65 år: inskrivning och etableringsplan."),
    ("Anmälan till SFI", "SFI", M, ARR, 30, {"min_age": 16}, "Anmälan till svenska för invandrare."),
    ("Kartläggning av barnet (pedagogisk, medicinsk, social)", "SCHOOL", M, ARR, 21,
     {"min_age": 6, "max_age": 17, "rule": "school.child_assessment"},
     "Kartläggning på mottagningsenheten för nyanlända innan barnet tas emot på sin skola."),
    ("Skolplacering", "SCHOOL", M, ARR, 30, {"min_age": 6, "max_age": 17}, "Placering i förskoleklass eller skola."),
    ("Förskoleplats", "SCHOOL", M, ARR, 30, {"min_age": 1, "max_age": 5}, "Erbjudande om plats i förskola."),
    ("Hälsoundersökning erbjuds", "REGION", M, ARR, 30, {},
     "Regionen erbjuder hälsoundersökning; kommunen ser till att erbjudandet når fram."),
    ("Samhällsorientering", "CIVIC_ORIENTATION", M, ARR, 60, {"establishment_age_only": True},
     "Anmälan till samhällsorientering på modersmålet."),
    ("Kontakt med bibliotek och föreningar", "CULTURE_LEISURE", H, ARR, 60, {},
     "Introduktion till bibliotek, föreningsliv och språkvänner."),
]
