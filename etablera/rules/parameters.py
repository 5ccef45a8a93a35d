"""Dated rule parameters with their sources (shared/domain/RULES.md).

A parameter is looked up for a date: the newest version whose `effective_from` is on or before that date wins.
Status says how sure we are: `in_force`, `proposed` (a bill or referral, not yet law) or `unverified` (a secondary
source). Values marked `local` are municipal policy that a municipality may override.

The module is over 600 lines because it is one table: every rate and period in one place, each with its source, is
what a reviewer checking the law reads top to bottom; split by domain it would be harder to audit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

IN_FORCE = "in_force"
PROPOSED = "proposed"
UNVERIFIED = "unverified"


@dataclass(frozen=True)
class Parameter:
    key: str
    value: Any
    effective_from: dt.date
    status: str
    source: str
    description: str
    local: bool = False


_EPOCH = dt.date(2016, 3, 1)  # bosättningslagen (2016:38) came into force on 2016-03-01

PARAMETERS: tuple[Parameter, ...] = (
    Parameter(
        key="reception.latest_reception_months",
        value=2,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Förordning (2016:39) om mottagande av vissa nyanlända invandrare för bosättning, 10 §",
        description="Sista mottagningsdag: högst två månader efter beslutet om anvisning.",
    ),
    Parameter(
        key="reception.replacement_years",
        value=1,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Förordning (2016:39) 10 a §",
        description="En anvisning som inte används får ersättas inom samma kommuntal, senast året därpå.",
    ),
    Parameter(
        key="establishment.min_age",
        value=20,
        effective_from=dt.date(2018, 1, 1),
        status=IN_FORCE,
        source="Lag (2017:584) om ansvar för etableringsinsatser för vissa nyanlända invandrare; Arbetsförmedlingen",
        description="Etableringsprogrammet gäller från 20 års ålder.",
    ),
    Parameter(
        key="establishment.max_age_exclusive",
        value=66,
        effective_from=dt.date(2018, 1, 1),
        status=IN_FORCE,
        source="Arbetsförmedlingen (äldre sidor anger 65 år)",
        description="Etableringsprogrammet gäller till men inte med 66 års ålder.",
    ),
    Parameter(
        key="school.child_assessment_weeks",
        value=3,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Ekerö kommuns riktlinjer för mottagande av nyanlända barn (seed 000), lokal policy",
        description="Kartläggning (pedagogisk, medicinsk, social) inom tre veckor innan barnet tas emot på skolenheten.",
        local=True,
    ),
    Parameter(
        key="minors.continued_responsibility_notice_weeks",
        value=3,
        effective_from=dt.date(2020, 10, 1),
        status=IN_FORCE,
        source="Migrationsverket, rutin för fortsatt ansvar efter 18 år (sedan 2020-10-01)",
        description="Anmälan om fortsatt ansvar senast tre veckor före 18-årsdagen.",
    ),
    Parameter(
        key="housing.establishment_housing_months",
        value=36,
        effective_from=dt.date(2027, 1, 1),
        status=PROPOSED,
        source="Prop. 2025/26:215 (etableringsboende), föreslaget ikraftträdande 2027-01-01",
        description="Kommunen ordnar etableringsboende i högst 36 månader.",
    ),
    Parameter(
        key="housing.max_persons_per_bedroom",
        value=2,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Trångboddhetsnorm (norm 2): högst två personer per sovrum, kök och vardagsrum oräknade; "
        "kommunens riktlinjer för bostadsförmedling (lokal policy)",
        description="Högst två personer per sovrum; kök och vardagsrum räknas inte som sovrum.",
        local=True,
    ),
    Parameter(
        key="housing.children_share_with_adults",
        value=False,
        effective_from=_EPOCH,
        status=UNVERIFIED,
        source="Kommunens riktlinjer för bostadsförmedling (lokal policy)",
        description="Barn under 18 delar inte sovrum med vuxna när behovet av sovrum räknas.",
        local=True,
    ),
    Parameter(
        key="housing.temporary_contract_months",
        value=24,
        effective_from=_EPOCH,
        status=UNVERIFIED,
        source="Kommunens riktlinjer för tillfälliga bostäder (lokal policy; seed 004: tidsbegränsade kontrakt "
        "på 1–2 år i Uppsala och Västerås)",
        description="Tidsbegränsade kontrakt utan besittningsskydd löper i två år.",
        local=True,
    ),
    Parameter(
        key="housing.nights_per_month",
        value=365 / 12,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Kalendern: 365 nätter per år fördelade på tolv månader",
        description="Ett pris per natt räknas om till kostnad per månad med 30,4 nätter.",
    ),
    Parameter(
        key="housing.ending_soon_days",
        value=90,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Kommunens rutin för bostadsplanering (lokal policy)",
        description="Kontrakt som slutar inom 90 dagar och bostäder som blir lediga inom 90 dagar visas.",
        local=True,
    ),
    Parameter(
        key="housing.matching_horizon_days",
        value=90,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Kommunens rutin för bostadsplanering (lokal policy)",
        description="Matchningen föreslår bostäder som blir lediga inom 90 dagar.",
        local=True,
    ),
    Parameter(
        key="housing.empty_bedroom_cost",
        value=3000,
        effective_from=_EPOCH,
        status=UNVERIFIED,
        source="Kommunens rutin för bostadsplanering (lokal policy): ungefärlig hyra för ett sovrum per månad",
        description="Ett tomt sovrum räknas i matchningen som 3 000 kr i månaden som inte kommer till nytta.",
        local=True,
    ),
    Parameter(
        key="housing.young_adult_horizon_months",
        value=12,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Kommunens rutin för planering av boende för unga vuxna (lokal policy; seed 000, 002)",
        description="Unga som fyller 18 eller 21 inom tolv månader visas för bostadsplaneringen.",
        local=True,
    ),
    Parameter(
        key="minors.responsibility_end_age",
        value=21,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Socialtjänstlagen (2001:453) 5 kap. 1 § (insatser till 21 år); seed 000 (Ekerö)",
        description="Kommunens ansvar för boende, skola och stöd för ensamkommande gäller till 21 år.",
    ),
    Parameter(
        key="access.break_glass_minutes",
        value=60,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Kommunens rutin för nödåtkomst (lokal policy); jfr HSLF-FS 2016:40 4 kap. om spärrar och loggkontroll",
        description="Nödåtkomst till ett hushåll gäller i 60 minuter och granskas sedan av enhetschefen.",
        local=True,
    ),
    Parameter(
        key="adulthood.age",
        value=18,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Föräldrabalken (1949:381) 9 kap. 1 §",
        description="Myndighetsålder.",
    ),
    # --- establishment (issue #12: etablera/rules/establishment.py) ---
    Parameter(
        key="establishment.assessment_weeks",
        value=3,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Ekerö kommuns rutin för mottagande (seed 000): kartläggning inom tre veckor från ankomsten, "
        "lokal policy",
        description="Kartläggningen (utbildning, arbete, språk, mål och behov) görs inom tre veckor från ankomsten.",
        local=True,
    ),
    Parameter(
        key="establishment.programme_months",
        value=24,
        effective_from=dt.date(2018, 1, 1),
        status=IN_FORCE,
        source="Förordning (2017:820) om etableringsinsatser för vissa nyanlända invandrare; Arbetsförmedlingen",
        description="Etableringsprogrammet pågår normalt i 24 månader.",
    ),
    Parameter(
        key="establishment.sip_days",
        value=14,
        effective_from=_EPOCH,
        status=UNVERIFIED,
        source="Socialtjänstlagen (2001:453) 2 kap. 7 § och hälso- och sjukvårdslagen (2017:30) 16 kap. 4 § "
        "(”utan dröjsmål”); antalet dagar är kommunens rutin (lokal policy)",
        description="En SIP ska upprättas utan dröjsmål; kommunens rutin räknar med högst 14 dagar från att behovet "
        "blev känt.",
        local=True,
    ),
    # --- establishment outcomes and the programme's end (issue #12: etablera/establishment/reports/) ---
    Parameter(
        key="establishment.ending_soon_days",
        value=(90, 60, 30),
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Riksrevisionen 2014 (glappet: kommunen betalar försörjningsstöd när etableringsersättningen saknas); "
        "kommunens rutin för planering inför programmets slut (lokal policy)",
        description="Socialtjänsten ser i förväg vilka vars program slutar inom 90, 60 eller 30 dagar (90 om inget "
        "annat väljs).",
        local=True,
    ),
    Parameter(
        key="establishment.outcome_follow_up_days",
        value=90,
        effective_from=_EPOCH,
        status=UNVERIFIED,
        source="Kolada, nyckeltalet ”Nyanlända i arbete eller studier 90 dagar efter etableringsuppdraget (%)” "
        "(N00973, ej kontrollerat)",
        description="Status i arbete eller studier följs upp för månaden som innehåller dagen 90 dagar efter "
        "programmets slut.",
    ),
    Parameter(
        key="establishment.outcome_age_bands",
        value=((20, 24), (25, 39), (40, 54), (55, 65)),
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Lag (2017:584): programåldern 20 till 65 år; indelningen i åldersgrupper är kommunens val för "
        "uppföljningen (lokal policy)",
        description="Utfallet redovisas efter ålder vid ankomsten: 20–24, 25–39, 40–54 och 55–65 år.",
        local=True,
    ),
    # --- follow-up: indicators and board reports (issue #16: etablera/followup/) ---
    Parameter(
        key="followup.min_cell",
        value=5,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Kommunens rutin för statistik ur personregister (lokal policy; röjandekontroll, jfr OSL 21 kap. "
        "och 26 kap. 1 §; SCB och Socialstyrelsen redovisar inte celler under 3–5 personer)",
        description="Ett tal som lämnar registret och bygger på färre än fem personer visas som –, och så gör en "
        "annan cell som annars skulle avslöja det genom en skillnad mot summan: en så liten grupp i en kommun kan "
        "kännas igen av grannar och kollegor.",
        local=True,
    ),
    Parameter(
        key="followup.self_support_years",
        value=(2, 3, 5),
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Kommunens uppföljning av etableringen (lokal policy; jfr SCB:s etableringsstatistik efter "
        "vistelsetid)",
        description="Andelen med egen försörjning följs upp två, tre och fem år efter ankomsten.",
        local=True,
    ),
    Parameter(
        key="followup.age_bands",
        value=((0, 19), (20, 24), (25, 39), (40, 54), (55, 65), (66, 120)),
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Programåldern 20–65 år (lag 2017:584) med utfallets åldersgrupper; barn och unga och 66 år och "
        "äldre var för sig (lokal policy)",
        description="Mottagna redovisas efter ålder vid ankomsten: 0–19, 20–24, 25–39, 40–54, 55–65 och 66 år och "
        "äldre.",
        local=True,
    ),
    Parameter(
        key="establishment.plan_follow_up_months",
        value=3,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Lokal rutin: den individuella planen följs upp på ett möte minst var tredje månad (lokal policy)",
        description="En plan som pågår följs upp senast tre månader efter det senaste uppföljningsmötet (eller "
        "efter att planen upprättades), eller tidigare om ett möte är planerat.",
        local=True,
    ),
    # --- gallring and log review (issue #3: etablera/rules/retention.py, etablera/access/review.py) ---
    Parameter(
        key="retention.social_services_years",
        value=5,
        effective_from=dt.date(2002, 1, 1),
        status=IN_FORCE,
        source="Socialtjänstlagen (2001:453) 12 kap. 1 §; socialtjänstförordningen (2001:937) 7 kap. 2 § "
        "(kontrollera hänvisningen mot socialtjänstlagen 2025:400)",
        description="Personakter gallras fem år efter sista anteckningen; gallringen ska vara genomförd under "
        "det kalenderår som följer.",
    ),
    Parameter(
        key="retention.research_birth_days",
        value=(5, 15, 25),
        effective_from=dt.date(2002, 1, 1),
        status=IN_FORCE,
        source="Socialtjänstlagen (2001:453) 12 kap. 2 §; socialtjänstförordningen (2001:937) 7 kap. 2 §",
        description="Uppgifter om personer födda den 5, 15 eller 25 i en månad bevaras för forskning.",
    ),
    Parameter(
        key="retention.basic_years",
        value=5,
        effective_from=_EPOCH,
        status=UNVERIFIED,
        source="Kommunens dokumenthanteringsplan (lokal policy); som socialtjänstens personakter",
        description="Anteckningar med grunduppgifter för mottagandet gallras fem år efter sista anteckningen.",
        local=True,
    ),
    Parameter(
        key="retention.school_years",
        value=5,
        effective_from=_EPOCH,
        status=UNVERIFIED,
        source="Kommunens dokumenthanteringsplan för utbildningsnämnden (lokal policy)",
        description="Anteckningar om skola gallras fem år efter sista anteckningen.",
        local=True,
    ),
    Parameter(
        key="retention.establishment_years",
        value=5,
        effective_from=_EPOCH,
        status=UNVERIFIED,
        source="Kommunens dokumenthanteringsplan (lokal policy): kartläggning, individuell plan och SIP, "
        "etableringsprogram, SFI och status per månad som socialtjänstens personakt, socialtjänstlagen "
        "(2001:453) 12 kap. 1 §",
        description="Etableringens uppgifter om en person gallras fem år efter sista anteckningen, med hushållets "
        "akt; så länge en plan eller ett program pågår är ärendet pågående.",
        local=True,
    ),
    Parameter(
        key="retention.health_years",
        value=10,
        effective_from=dt.date(2008, 7, 1),
        status=IN_FORCE,
        source="Patientdatalagen (2008:355) 3 kap. 17 § (journalhandlingar bevaras minst tio år)",
        description="Hälsoanteckningar bevaras tio år efter sista anteckningen.",
    ),
    Parameter(
        key="log_review.many_persons_count",
        value=20,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Kommunens rutin för logguppföljning (lokal policy); jfr HSLF-FS 2016:40 4 kap. 9 §",
        description="Logguppföljningen flaggar en användare som läser fler än 20 olika personer inom tidsfönstret.",
        local=True,
    ),
    Parameter(
        key="log_review.many_persons_minutes",
        value=10,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Kommunens rutin för logguppföljning (lokal policy); jfr HSLF-FS 2016:40 4 kap. 9 §",
        description="Tidsfönstret för flaggan ”många personer på kort tid”: tio minuter.",
        local=True,
    ),
    # --- background work (issue #18: etablera/background/, rules/background.py) ---
    Parameter(
        key="background.result_days",
        value=7,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Kommunens eget beslut (lokal policy); uppgiftsminimering, dataskyddsförordningen (EU) 2016/679 "
        "art. 5.1 c och e",
        description="En fil som tagits fram i bakgrunden (till exempel rapporten till nämnden som pdf) sparas i sju "
        "dagar efter att jobbet blev klart och gallras sedan.",
        local=True,
    ),
    # --- grants to associations (issue #17: etablera/grants/, rules/grants.py, rules/retention.py) ---
    Parameter(
        key="grants.application_posts",
        value=5,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Kommunens eget beslut (lokal policy): skydd av det öppna ansökningsformuläret mot missbruk",
        description="Högst fem ansökningar om bidrag per avsändaradress inom tidsfönstret.",
        local=True,
    ),
    Parameter(
        key="grants.application_window_minutes",
        value=60,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Kommunens eget beslut (lokal policy)",
        description="Tidsfönstret för gränsen på ansökningar om bidrag: en timme.",
        local=True,
    ),
    Parameter(
        key="grants.reminder_days",
        value=14,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Kommunens bidragsregler (lokal policy)",
        description="Föreningens kontaktperson påminns med e-post fjorton dagar innan återrapporten ska vara inne.",
        local=True,
    ),
    Parameter(
        key="grants.age_bands",
        value=("0–12", "13–17", "18–25", "26–64", "65–"),
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Kommunens bidragsregler (lokal policy); åldersgrupper som i kommunens fritidsstatistik",
        description="Återrapportens deltagare räknas per kön och åldersgrupp.",
        local=True,
    ),
    Parameter(
        key="retention.grant_unconfirmed_days",
        value=30,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Dataskyddsförordningen (EU) 2016/679 art. 5.1 c och e (uppgiftsminimering, lagringsbegränsning); "
        "en ansökan vars e-postadress aldrig bekräftades har inte kommit in som ärende (kommunens beslut)",
        description="En ansökan om bidrag som inte bekräftats via e-post raderas efter 30 dagar.",
        local=True,
    ),
    Parameter(
        key="retention.grant_rejected_years",
        value=2,
        effective_from=_EPOCH,
        status=UNVERIFIED,
        source="Arkivlagen (1990:782) 10 §; kommunens dokumenthanteringsplan (gallringsbeslut för avslagna "
        "och återtagna bidragsansökningar, lokal policy); dataskyddsförordningen art. 5.1 e",
        description="Kontaktpersonens namn, e-post och telefon i en avslagen eller återtagen ansökan gallras två år "
        "efter beslutet; ansökan och beslutet finns kvar.",
        local=True,
    ),
    Parameter(
        key="retention.grant_contact_years",
        value=2,
        effective_from=_EPOCH,
        status=UNVERIFIED,
        source="Arkivlagen (1990:782) 3 och 10 §§; kommunens dokumenthanteringsplan (beviljade bidrag bevaras som "
        "kommunens handlingar, lokal policy); dataskyddsförordningen art. 5.1 c och e",
        description="En beviljad ansökan bevaras; kontaktpersonens e-post och telefon tas bort två år efter "
        "återrapporten (eller utbetalningen om ingen återrapport kommit).",
        local=True,
    ),
    # --- volunteers and language friends (issue #17: etablera/volunteers/, rules/volunteers.py) ---
    Parameter(
        key="volunteers.signups_per_hour",
        value=5,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Kommunens eget beslut (lokal policy): skydd mot missbruk av det öppna formuläret",
        description="Högst fem anmälningar som volontär per timme från samma avsändaradress.",
        local=True,
    ),
    Parameter(
        key="volunteers.confirm_days",
        value=7,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Kommunens eget beslut (lokal policy)",
        description="Länken för att bekräfta e-postadressen gäller i sju dagar.",
        local=True,
    ),
    Parameter(
        key="volunteers.renewal_months",
        value=12,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Dataskyddsförordningen (EU) 2016/679 art. 5.1 d och e samt art. 7 (samtycket ska gälla uppdraget "
        "och uppgifterna vara aktuella); kommunens eget beslut (lokal policy)",
        description="En godkänd volontär bekräftar en gång om året att hen vill vara kvar; e-post med en länk "
        "skickas tolv månader efter bekräftelsen eller den senaste förnyelsen.",
        local=True,
    ),
    Parameter(
        key="volunteers.renewal_grace_days",
        value=30,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Kommunens eget beslut (lokal policy): tid att svara på brevet om förnyelse",
        description="En volontär som inte förnyat inom 30 dagar efter att förnyelsen skulle ske blir vilande "
        "(föreslås inte längre för matchning); uppgifterna gallras enligt retention.volunteer_inactive_years.",
        local=True,
    ),
    Parameter(
        key="retention.volunteer_unconfirmed_days",
        value=30,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Dataskyddsförordningen (EU) 2016/679 art. 5.1 c och e (uppgiftsminimering, lagringsminimering); "
        "kommunens dokumenthanteringsplan (lokal policy)",
        description="En anmälan som volontär som inte bekräftats raderas 30 dagar efter anmälan.",
        local=True,
    ),
    Parameter(
        key="retention.volunteer_inactive_years",
        value=2,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Dataskyddsförordningen art. 5.1 e och art. 6.1 a (samtycket gäller uppdraget, inte för alltid); "
        "kommunens dokumenthanteringsplan (lokal policy)",
        description="En volontär utan pågående matchning som inte förnyat sin anmälan på två år raderas.",
        local=True,
    ),
    Parameter(
        key="retention.volunteer_match_note_years",
        value=2,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Dataskyddsförordningen art. 5.1 e; kommunens dokumenthanteringsplan (lokal policy): uppföljningens "
        "anteckningar är arbetsmaterial av tillfällig betydelse",
        description="Anteckningarna om en avslutad matchning och dess uppföljningar töms två år efter avslutet.",
        local=True,
    ),
    # --- the register of civil society (issue #17: etablera/civil/, rules/retention.py) ---
    Parameter(
        key="retention.civil_contact_years",
        value=2,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Dataskyddsförordningen (EU) 2016/679 art. 5.1 e (lagringsbegränsning); kommunens "
        "dokumenthanteringsplan (lokal policy): kontaktuppgifterna behövs så länge samverkan pågår",
        description="En förenings kontaktpersoner tas bort två år efter att föreningen lämnade nätverket; "
        "föreningen finns kvar i registret.",
        local=True,
    ),
    # --- messages to staff (issue #18: etablera/notices/, rules/notices.py) ---
    Parameter(
        key="notices.consent_warning_days",
        value=30,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Kommunens rutin (lokal policy); samtycket gäller bara till och med sista dagen, offentlighets- och "
        "sekretesslagen (2009:400) 12 kap. 2 §",
        description="Ett samtycke som går ut visas för enheterna det gäller trettio dagar före sista dagen, så att "
        "personen kan tillfrågas igen i tid.",
        local=True,
    ),
    # --- reminders to newcomers (issue #18: etablera/reminders/, rules/reminders.py) ---
    Parameter(
        key="reminders.lead_days",
        value=1,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Kommunens rutin (lokal policy)",
        description="En påminnelse om ett möte skickas dagen före mötet.",
        local=True,
    ),
    Parameter(
        key="retention.reminder_days",
        value=30,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Dataskyddsförordningen (EU) 2016/679 art. 5.1 c och e (uppgiftsminimering, lagringsminimering); "
        "kommunens rutin",
        description="Mottagarens nummer eller adress och texten i en påminnelse tas bort trettio dagar efter att "
        "den skickades; att den skickades finns kvar.",
        local=True,
    ),
    # --- the activity requirement in försörjningsstödet (issue #13; RULES.md "Activity requirement") -------------
    Parameter(
        key="activity.requirement_months",
        value=3,
        effective_from=dt.date(2026, 7, 1),
        status=PROPOSED,
        source="Lagrådsremiss Aktivitetskrav för vissa biståndsmottagare (december 2025); Ds 2024:29 föreslog två "
        "månader",
        description="Aktivitetskravet gäller den som har fått försörjningsstöd minst tre månader i följd.",
    ),
    Parameter(
        key="activity.first_support_month",
        value=dt.date(2026, 10, 1),
        effective_from=dt.date(2026, 7, 1),
        status=PROPOSED,
        source="Lagrådsremiss Aktivitetskrav för vissa biståndsmottagare (december 2025): ikraftträdande 2026-07-01, "
        "tillämpas första gången på bistånd för oktober 2026",
        description="Kravet gäller försörjningsstöd från och med oktober 2026.",
    ),
    Parameter(
        key="activity.full_time_hours",
        value=40,
        effective_from=dt.date(2026, 7, 1),
        status=PROPOSED,
        source="Lagrådsremiss Aktivitetskrav för vissa biståndsmottagare (december 2025): normalt heltid",
        description="Kravet gäller normalt heltid, cirka 40 timmar i veckan, minskat till personens förmåga.",
    ),
    Parameter(
        key="activity.school_age_exclusive",
        value=21,
        effective_from=dt.date(2026, 7, 1),
        status=PROPOSED,
        source="Lagrådsremiss Aktivitetskrav för vissa biståndsmottagare (december 2025): undantag för 18–20-åringar "
        "i gymnasieskolan",
        description="Den som är 18–20 år och går i gymnasieskolan omfattas inte.",
    ),
    Parameter(
        key="activity.pension_age",
        value=67,
        effective_from=dt.date(2026, 1, 1),
        status=UNVERIFIED,
        source="Riktålder för pension 2026 (socialförsäkringsbalken 2 kap. 10 a §), 67 år",
        description="Den som har nått pensionsåldern omfattas inte av aktivitetskravet.",
    ),
    Parameter(
        key="activity.job_coach_first_contact_days",
        value=3,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Trelleborgsmodellen: kontakt med en jobbcoach inom tre dagar (seed 002), lokal policy",
        description="Jobbcoachens första kontakt med deltagaren inom tre dagar från tilldelningen.",
        local=True,
    ),
    Parameter(
        key="activity.attendance_follow_up_share",
        value=80,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Kommunens rutin för uppföljning av närvaro (lokal policy)",
        description="Närvaro under 80 procent av de planerade timmarna en vecka följs upp.",
        local=True,
    ),
    # Unaccompanied minors (issue #14); the notice before the 18th birthday and the end at 21 are above.
    Parameter(
        key="minors.care_responsibility_age",
        value=18,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Föräldrabalken 6 kap.; lag (2005:429) om god man för ensamkommande barn; seed 000 (Ekerö)",
        description="Socialnämndens ansvar för vård, trygghet och fostran, och god mans uppdrag, gäller till 18 år.",
    ),
    Parameter(
        key="minors.supported_housing_min_age",
        value=16,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="SKR:s och IVO:s vägledning om stödboende för barn och unga 16–20 år",
        description="Stödboende kan ges från 16 år; den som är 16–17 år bara om det finns särskilda skäl.",
    ),
    # How far ahead the lists of children look (issue #14): the municipality's routine, as housing.ending_soon_days.
    Parameter(
        key="minors.report_due_soon_days",
        value=21,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Kommunens rutin för listorna över ensamkommande barn (lokal policy; anmälan ska vara gjord senast "
        "tre veckor före 18-årsdagen)",
        description="Listan visar anmälningar om fortsatt ansvar som ska vara gjorda inom 21 dagar eller är sena.",
        local=True,
    ),
    Parameter(
        key="minors.turning_adult_soon_days",
        value=90,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Kommunens rutin för listorna över ensamkommande barn (lokal policy)",
        description="Listan visar barn som fyller 18 inom 90 dagar.",
        local=True,
    ),
    Parameter(
        key="minors.placement_ending_soon_days",
        value=30,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Kommunens rutin för listorna över ensamkommande barn (lokal policy)",
        description="Listan visar placeringar som slutar inom 30 dagar.",
        local=True,
    ),
    Parameter(
        key="minors.placement_follow_up_weeks",
        value=6,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Kommunens rutin för uppföljning av placerade barn (lokal policy)",
        description="Socialtjänsten besöker ett placerat barn minst var sjätte vecka.",
        local=True,
    ),
    Parameter(
        key="minors.housing_need_lead_months",
        value=6,
        effective_from=_EPOCH,
        status=IN_FORCE,
        source="Kommunens rutin för unga vuxnas boende (lokal policy; seed 000, 002)",
        description="Bostadsbehovet öppnas senast sex månader innan kommunens ansvar för den unges boende upphör.",
        local=True,
    ),
    Parameter(
        key="minors.upper_secondary_age",
        value=16,
        effective_from=_EPOCH,
        status=UNVERIFIED,
        source="Skollagen (2010:800) 17 kap. (introduktionsprogram, språkintroduktion); Skolverkets stöd för "
        "mottagande av nyanlända",
        description="En nyanländ som fyllt 16 år tas emot i gymnasieskolans introduktionsprogram "
        "(språkintroduktion), inte i grundskolan.",
    ),
    # State compensation (issue #15; RULES.md "State compensation"). The schablon is keyed by the reception date:
    # the amount of the year the person was received (förordning 2010:1122 11 §, "för personer som mottagits ...").
    *(
        Parameter(
            key="money.schablon",
            value={"under": under, "over": over},
            effective_from=dt.date(year, 1, 1),
            status=status,
            source=source,
            description="Schablonersättning per mottagen person (kr), under och över åldersgränsen.",
        )
        for year, under, over, status, source in (
            (2016, 125_000, 78_200, IN_FORCE, "Förordning (2010:1122) 11 §, i lydelse enligt SFS 2015:883"),
            (2017, 126_400, 79_100, IN_FORCE, "Förordning (2010:1122) 11 §, i lydelse enligt SFS 2016:1205"),
            (2018, 133_200, 80_300, UNVERIFIED, "Förordning (2010:1122) 11 §; regeringens pressmeddelande"),
            (2019, 142_600, 82_100, IN_FORCE, "Förordning (2010:1122) 11 §, i lydelse enligt SFS 2018:2122"),
            (2020, 146_100, 82_100, UNVERIFIED, "Förordning (2010:1122) 11 §; Migrationsverket"),
            (2021, 149_600, 84_000, UNVERIFIED, "Förordning (2010:1122) 11 §; regeringen"),
            (2022, 151_800, 85_200, UNVERIFIED, "Förordning (2010:1122) 11 §; Migrationsverket"),
            (
                2023,
                165_000,
                92_600,
                UNVERIFIED,
                "Förordning (2010:1122) 11 §; Migrationsverkets webbsida (årtalet okontrollerat)",
            ),
        )
    ),
    Parameter(
        key="money.schablon_known_until",
        value=dt.date(2024, 12, 31),
        effective_from=dt.date(2016, 1, 1),
        status=UNVERIFIED,
        source="RULES.md: beloppen för 2025 och senare är inte kända här; en administratör anger dem",
        description="Sista mottagningsdag som de inbyggda schablonbeloppen gäller för. Mottagna senare beräknas med "
        "det belopp en administratör har angett för året, annars uppskattat med det senast kända.",
    ),
    Parameter(
        key="money.schablon_band_age",
        value=65,
        effective_from=dt.date(2016, 1, 1),
        status=IN_FORCE,
        source="Förordning (2010:1122) 11 §",
        description="Den lägre schablonen gäller den som fyllt 65 år.",
    ),
    Parameter(
        key="money.schablon_band_age",
        value=66,
        effective_from=dt.date(2023, 1, 1),
        status=UNVERIFIED,
        source="Migrationsverket (gränsen följer riktåldern för pension, 66 år från 2023)",
        description="Den lägre schablonen gäller den som fyllt 66 år.",
    ),
    Parameter(
        key="money.schablon_instalments",
        value=24,
        effective_from=dt.date(2016, 1, 1),
        status=UNVERIFIED,
        source="Förordning (2010:1122) 13 §; Migrationsverkets utbetalningsplan (inte kontrollerad)",
        description="Schablonen betalas i lika delar månadsvis under två år, från månaden efter mottagandet; "
        "åldersgruppen avgörs av åldern vid utgången av månaden före utbetalningen.",
    ),
    Parameter(
        key="money.move_share_months",
        value=24,
        effective_from=dt.date(2016, 1, 1),
        status=UNVERIFIED,
        source="Förordning (2010:1122) 13 §",
        description="Flyttar personen till en annan kommun inom 24 månader från mottagandet, går de delbetalningar "
        "som återstår efter flyttmånaden till den nya kommunen.",
    ),
    Parameter(
        key="money.initial_costs_from",
        value=dt.date(2024, 7, 1),
        effective_from=dt.date(2024, 7, 1),
        status=IN_FORCE,
        source="Förordning (2010:1122), ändrad genom SFS 2024:335 (ersättning för initiala kostnader)",
        description="Ersättning för initiala kostnader för personer mottagna från och med 1 juli 2024, som andel "
        "av prisbasbeloppet.",
    ),
    Parameter(
        key="money.initial_costs_shares",
        # Basis points of the prisbasbelopp (1745 = 17,45 %), by how the person came and age at reception.
        value={
            "ASSIGNED": [[0, 1745], [20, 3490], [66, 2182]],
            "SELF_SETTLED": [[0, 524], [20, 698], [66, 0]],
        },
        effective_from=dt.date(2024, 7, 1),
        status=IN_FORCE,
        source="Förordning (2010:1122), ändrad genom SFS 2024:335; RULES.md",
        description="Anvisade: under 20 år 17,45 %, 20–65 år 34,90 %, 66 år och äldre 21,82 % av prisbasbeloppet; "
        "egenbosatta: under 20 år 5,24 %, 20–65 år 6,98 %.",
    ),
    Parameter(
        key="money.prisbasbelopp",
        value=57_300,
        effective_from=dt.date(2024, 1, 1),
        status=IN_FORCE,
        source="Förordning (2023:700) om prisbasbelopp för år 2024",
        description="Prisbasbeloppet enligt socialförsäkringsbalken 2 kap. 6–7 §§.",
    ),
    Parameter(
        key="money.prisbasbelopp",
        value=58_800,
        effective_from=dt.date(2025, 1, 1),
        status=UNVERIFIED,
        source="Prisbasbelopp för år 2025 (SCB; ej kontrollerad mot förordningen)",
        description="Prisbasbeloppet enligt socialförsäkringsbalken 2 kap. 6–7 §§.",
    ),
    Parameter(
        key="money.prisbasbelopp",
        value=59_200,
        effective_from=dt.date(2026, 1, 1),
        status=UNVERIFIED,
        source="Prisbasbelopp för år 2026 (SCB; ej kontrollerad mot förordningen)",
        description="Prisbasbeloppet enligt socialförsäkringsbalken 2 kap. 6–7 §§.",
    ),
    Parameter(
        key="money.minors_per_day",
        value=1_350,
        effective_from=dt.date(2017, 7, 1),
        status=IN_FORCE,
        source="Förordning (2017:193) om statlig ersättning för ensamkommande barn och unga, 7 §",
        description="Schablonersättning per dygn för ett placerat ensamkommande barn (kr).",
    ),
    Parameter(
        key="money.minors_per_day",
        value=1_000,
        effective_from=dt.date(2024, 1, 1),
        status=UNVERIFIED,
        source="Förordning (2017:193) 7 §, ändrad från 2024; RULES.md",
        description="Schablonersättning per dygn för ett placerat ensamkommande barn (kr).",
    ),
    Parameter(
        key="money.minors_claim_days_after_quarter",
        value=[1, 7],
        effective_from=dt.date(2017, 7, 1),
        status=UNVERIFIED,
        source="Migrationsverkets föreskrifter (MIGRFS 2017:8) 29 §",
        description="Ansökan om ersättning för ensamkommande barn per kvartal: senast den 7:e i månaden efter "
        "kvartalet.",
    ),
    Parameter(
        key="money.claims_due_soon_days",
        value=30,
        effective_from=dt.date(2016, 1, 1),
        status=IN_FORCE,
        source="Kommunens rutin",
        description="Ansökningar om ersättning som ska in inom så många dagar visas som snart förfallna.",
        local=True,
    ),
    Parameter(
        key="money.resettled_initial_claim_months",
        value=12,
        effective_from=dt.date(2016, 1, 1),
        status=UNVERIFIED,
        source="Förordning (2010:1122) 20 § och 37 §; RULES.md",
        description="Ansökan om ersättning för initiala kostnader för vidarebosatta (kvotflyktingar) ska komma in "
        "inom ett år från mottagandet.",
    ),
    # The allocation model (issue #16: etablera/rules/county.py, etablera/county/). No official formula is published:
    # the weights are the 2019 example of RULES.md, used for every year until a better source is entered here.
    Parameter(
        key="county.allocation_weights",
        # Percent. The first three weigh the municipality's share of the county; the last two say how much of each
        # earlier received newcomer and unaccompanied minor is deducted (100 = one place per person).
        value={
            "labour_market": 43,
            "population": 37,
            "asylum_seekers": 20,
            "earlier_newcomers": 100,
            "earlier_minors": 100,
        },
        effective_from=_EPOCH,
        status=UNVERIFIED,
        source="Lag (2016:38) 7 § och förordning (2016:39) 6 §: kriterierna arbetsmarknad, befolkningens storlek, "
        "tidigare mottagande av nyanlända och ensamkommande barn samt asylsökande i kommunen; ingen officiell formel "
        "eller viktning är publicerad. Vikterna är RULES.md:s okontrollerade exempel för 2019 (arbetsmarknad 43 %, "
        "befolkning 37 %, asylsökande 20 %); avdraget för tidigare mottagande är antaget",
        description="Fördelningsmodellens vikter i procent: arbetsmarknad, befolkning och asylsökande ger kommunens "
        "andel; tidigare mottagna nyanlända och ensamkommande barn dras av (100 = en plats per person).",
    ),
    Parameter(
        key="county.earlier_reception_years",
        value=2,
        effective_from=_EPOCH,
        status=UNVERIFIED,
        source="Förordning (2016:39) 6 § (tidigare mottagande); hur många år som räknas är inte publicerat (antaget)",
        description="Tidigare mottagande räknas ur Etableras register för de två kalenderår som föregår året.",
    ),
)


class UnknownParameter(KeyError):
    pass


# The versions of every key, oldest first, built once per PARAMETERS tuple: the lists call the rules for every row,
# and a scan of the whole tuple per call was a measurable share of their time. Keyed by the tuple's identity, so a
# test that replaces PARAMETERS (a law change as data) gets a fresh index.
_index: tuple[tuple[Parameter, ...] | None, dict[str, list[Parameter]]] = (None, {})


def _versions(key: str) -> list[Parameter]:
    global _index
    source, versions = _index
    if source is not PARAMETERS:
        versions = {}
        for p in sorted(PARAMETERS, key=lambda p: p.effective_from):
            versions.setdefault(p.key, []).append(p)
        _index = (PARAMETERS, versions)
    return versions.get(key, [])


def parameter(key: str, on: dt.date) -> Parameter:
    """The version of `key` in effect on `on`; the earliest known version before any is in effect."""
    versions = _versions(key)
    if not versions:
        raise UnknownParameter(key)
    current = versions[0]
    for version in versions:
        if version.effective_from <= on:
            current = version
    return current


def parameter_value(key: str, on: dt.date) -> Any:
    return parameter(key, on).value
