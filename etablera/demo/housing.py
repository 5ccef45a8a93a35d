"""The demo's housing (issue #5): Nyköping's homes, the households' contracts and needs, the history behind the
chart, and one matching run — so that every housing page has something true to show.

All fictional. As everywhere in the demo, writes go through the services (etablera.housing.services), so the
audit log and the statuses are real; only dates a person would have entered long ago (a need's registration)
are then moved back to the simulated day. Idempotent: a home is recognised by its reference, a household that has
a contract or a need is left alone, and the matching runs only when Nyköping has never been matched.

The seeds speak here: a family of five in transitional housing for months (Gnesta: families that do not fit the
free flats), a hotel room at about 45 000 kr a month while a villa costs 12 000 (Eskilstuna), a reunified family
living overcrowded with its anchor person (the self-settled), and a young person in stödboende who turns 18.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from etablera.housing import services, status
from etablera.housing.matching_services import run_matching
from etablera.housing.models import Contract, HousingNeed, HousingUnit, MatchRun
from etablera.organisation.models import Municipality, User
from etablera.people.models import Household

NYKOPING = "0480"
U, L = HousingUnit.Kind, HousingUnit.Landlord


@dataclass(frozen=True)
class HomeSpec:
    reference: str
    street: str
    postal_code: str
    area: str
    kind: str
    rooms: int
    bedrooms: int
    monthly_cost: int | None
    landlord: str = L.HOUSING_COMPANY
    landlord_name: str = "Nyköpingshem"
    nightly_cost: int | None = None
    capacity: int = 1
    accessible: bool = False
    near: tuple[str, ...] = ()
    free_in_days: int | None = 0  # available from (days from today); None: no date given
    floor_area: int | None = None
    notes: str = ""


HOMES: tuple[HomeSpec, ...] = (
    # Where the received households live (the same invented streets as their addresses in demo/data.py).
    HomeSpec("NH-1107", "Lärkbergsgatan 7", "611 34", "Brandkärr", U.FLAT, 2, 1, 6200, near=("TRANSPORT",)),
    HomeSpec(
        "NK-GB-22",
        "Tranbärsvägen 22 B",
        "611 46",
        "Arnö",
        U.TRANSITIONAL,
        4,
        3,
        9500,
        landlord=L.MUNICIPALITY,
        landlord_name="Nyköpings kommun",
        near=("SCHOOL",),
        notes="Genomgångsbostad för familjer i väntan på eget kontrakt.",
    ),
    HomeSpec(
        "NH-2203", "Ekbackens gränd 3", "611 38", "Oppeby", U.FLAT, 2, 1, 5900, near=("SFI", "TRANSPORT")
    ),
    HomeSpec(
        "NK-MOD-15",
        "Sjöbrisvägen 15",
        "611 62",
        "Stenkulla",
        U.MODULE,
        2,
        1,
        7100,
        landlord=L.MUNICIPALITY,
        landlord_name="Nyköpings kommun",
    ),
    HomeSpec(
        "HS-STENKULLA-4",
        "Stenkullavägen 41 A",
        "611 55",
        "Stenkulla",
        U.HOTEL,
        2,
        2,
        None,
        landlord=L.PRIVATE,
        landlord_name="Hotell Stenkulla (påhittat)",
        nightly_cost=1480,
        accessible=True,
        notes="Hotellrum med två sovrum, bokas per natt.",
    ),
    HomeSpec(
        "NH-3409", "Kopparslagargränd 9", "611 31", "Väster", U.FLAT, 3, 2, 8300, near=("SCHOOL", "TRANSPORT")
    ),
    HomeSpec(
        "NK-RUM-2",
        "Lindåsgatan 2",
        "611 44",
        "Harg",
        U.SHARED_ROOM,
        1,
        1,
        3900,
        landlord=L.MUNICIPALITY,
        landlord_name="Nyköpings kommun",
        capacity=4,
        near=("WORK",),
        notes="Fyra rum med gemensamt kök.",
    ),
    HomeSpec(
        "NK-STOD-ANG",
        "Ängsgårdsvägen 4",
        "611 37",
        "Ängsgården",
        U.SUPPORTED,
        6,
        6,
        14500,
        landlord=L.MUNICIPALITY,
        landlord_name="Nyköpings kommun",
        capacity=6,
        notes="Stödboende för unga 16–20 år.",
    ),
    # Free or soon free: what the matching has to work with.
    HomeSpec(
        "NH-4114",
        "Brunnsgatan 14",
        "611 32",
        "Centrum",
        U.FLAT,
        4,
        3,
        11200,
        near=("SCHOOL", "TRANSPORT"),
        floor_area=92,
    ),
    HomeSpec("NH-4205", "Hagbyvägen 5", "611 47", "Arnö", U.FLAT, 2, 1, 6400, free_in_days=20, floor_area=54),
    HomeSpec(
        "NH-4330",
        "Idbäcksvägen 30",
        "611 41",
        "Idbäcken",
        U.FLAT,
        3,
        2,
        8600,
        accessible=True,
        near=("SFI", "TRANSPORT"),
        free_in_days=45,
        floor_area=74,
        notes="Hiss och tillgänglighetsanpassat badrum.",
    ),
    HomeSpec(
        "NH-4408", "Oppebyvägen 8", "611 38", "Oppeby", U.FLAT, 3, 2, 8900, near=("SCHOOL",), floor_area=71
    ),
    HomeSpec(
        "PV-ARNO-2",
        "Påhittade villavägen 2",
        "611 49",
        "Arnö",
        U.HOUSE,
        5,
        4,
        12000,
        landlord=L.PRIVATE,
        landlord_name="Privat hyresvärd (påhittad)",
        near=("SCHOOL",),
        free_in_days=30,
        floor_area=118,
        notes="Villa som hyrs ut i andra hand via kommunen.",
    ),
    HomeSpec("NH-4501", "Västra Storgatan 51", "611 31", "Centrum", U.FLAT, 1, 1, 5100, near=("SFI", "WORK")),
    HomeSpec(
        "NK-MOD-17",
        "Sjöbrisvägen 17",
        "611 62",
        "Stenkulla",
        U.MODULE,
        3,
        2,
        7800,
        landlord=L.MUNICIPALITY,
        landlord_name="Nyköpings kommun",
    ),
)


@dataclass(frozen=True)
class StaySpec:
    """A household's contract (from its arrival day unless `start_days_ago`), and its housing need."""

    reference: str  # the anvisning of the household
    home: str | None  # None: no contract (lives with relatives, or not yet arrived)
    kind: str = Contract.Kind.SECOND_HAND
    payer: str = Contract.Payer.HOUSEHOLD
    ends_in_days: int | None = None
    need: bool = True  # register a housing need (temporary homes, waiting households)
    reason: str = HousingNeed.Reason.ASSIGNMENT
    wishes: tuple[str, ...] = ()
    accessible: bool = False
    current_bedrooms: int | None = None
    preferred_area: str = ""
    house_by_days: int | None = None  # an entered date instead of the anvisning's latest reception date
    note: str = ""


C, P, N = Contract.Kind, Contract.Payer, HousingNeed.Reason

STAYS: tuple[StaySpec, ...] = (
    StaySpec("DEMO-ANV-001", "NH-1107", need=False),
    StaySpec(
        "DEMO-ANV-002",
        "NK-GB-22",
        kind=C.TEMPORARY,
        payer=P.MUNICIPALITY,
        wishes=("SCHOOL",),
        note="Familjen på fem väntar på en fyrarummare; skolan ligger nära genomgångsbostaden.",
    ),
    StaySpec("DEMO-ANV-003", "NH-2203", need=False),
    StaySpec(
        "DEMO-ANV-004",
        "NK-MOD-15",
        kind=C.TEMPORARY,
        ends_in_days=50,
        wishes=("SFI",),
        note="Modulbostaden ska lämnas när bygglovet löper ut.",
    ),
    StaySpec(
        "DEMO-ANV-005",
        "HS-STENKULLA-4",
        kind=C.PER_NIGHT,
        payer=P.MUNICIPALITY,
        accessible=True,
        note="Halyna (67) behöver hiss. Hotellet kostar omkring 45 000 kr i månaden.",
    ),
    StaySpec(
        "DEMO-ANV-006",
        None,
        reason=N.OVERCROWDED,
        current_bedrooms=1,
        wishes=("SCHOOL",),
        note="Bor hos anknytningspersonen i en tvåa: tre personer till i ett sovrum.",
    ),
    StaySpec("DEMO-ANV-007", "NH-3409", need=False),
    StaySpec("DEMO-ANV-008", "NK-RUM-2", kind=C.TEMPORARY, ends_in_days=80, wishes=("WORK",)),
    StaySpec("DEMO-ANV-009", None, wishes=("SCHOOL",), note="Stor familj: sex personer, fyra barn."),
    StaySpec("DEMO-ANV-010", None, wishes=("SFI",)),
    StaySpec("DEMO-ANV-011", None, wishes=("SFI", "TRANSPORT")),
    StaySpec("DEMO-ANV-012", None, wishes=("SCHOOL",), note="Sista mottagningsdag har passerat."),
    StaySpec("DEMO-ANV-013", None, preferred_area="Centrum"),
    StaySpec(
        "DEMO-ANV-015",
        "NK-STOD-ANG",
        kind=C.TEMPORARY,
        payer=P.SOCIAL_SERVICES,
        reason=N.LEAVING_PLACEMENT,
        house_by_days=75,
        wishes=("SFI",),
        note="Fyller 18 om två och en halv månad; utslussning planeras.",
    ),
)


def _household(reference: str) -> Household | None:
    return Household.objects.filter(assignments__reference=reference).first()


def _arrival(household: Household) -> dt.date | None:
    case = household.reception_cases.order_by("arrival_date").first()
    return case.arrival_date if case else None


def _ensure_homes(municipality: Municipality, today: dt.date) -> dict[str, HousingUnit]:
    homes = {}
    for spec in HOMES:
        existing = HousingUnit.objects.filter(municipality=municipality, reference=spec.reference).first()
        if existing is not None:
            homes[spec.reference] = existing
            continue
        data = services.UnitInput(
            reference=spec.reference,
            address_street=spec.street,
            address_postal_code=spec.postal_code,
            address_city="Nyköping",
            area=spec.area,
            landlord=spec.landlord,
            landlord_name=spec.landlord_name,
            kind=spec.kind,
            rooms=spec.rooms,
            bedrooms=spec.bedrooms,
            floor_area=spec.floor_area,
            monthly_cost=spec.monthly_cost,
            nightly_cost=spec.nightly_cost,
            capacity=spec.capacity,
            accessible=spec.accessible,
            near=list(spec.near),
            available_from=None
            if spec.free_in_days is None
            else today + dt.timedelta(days=spec.free_in_days),
            notes=spec.notes,
        )
        homes[spec.reference], _ = services.save_unit(actor=None, municipality=municipality, data=data)
    return homes


def _ensure_stays(homes: dict[str, HousingUnit], today: dt.date, actor: User | None) -> None:
    for spec in STAYS:
        household = _household(spec.reference)
        if household is None or household.housing_contracts.exists():
            continue
        arrival = _arrival(household)
        need = HousingNeed.objects.filter(household=household).first()
        # The anvisning opened a need already (housing.services.open_need_for_assignment); what the housing officer
        # knows of the household is written over it once. A need that already says it is left alone.
        if spec.need and (need is None or (need.wishes, need.note) != (list(spec.wishes), spec.note)):
            services.set_housing_need(
                actor=actor,
                household=household,
                reason=spec.reason,
                house_by=today + dt.timedelta(days=spec.house_by_days) if spec.house_by_days else None,
                needs_accessible=spec.accessible,
                wishes=list(spec.wishes),
                preferred_area=spec.preferred_area,
                current_bedrooms=spec.current_bedrooms,
                note=spec.note,
            )
            # Registered when the household was assigned (or arrived), not on the day the demo was loaded.
            decided = (
                household.assignments.order_by("decision_date")
                .values_list("decision_date", flat=True)
                .first()
            )
            registered = min(d for d in (decided, arrival, today) if d is not None)
            HousingNeed.objects.filter(household=household).update(registered_date=registered)
        if spec.home is None or arrival is None:
            continue
        services.create_contract(
            actor=actor,
            household=household,
            unit=homes[spec.home],
            kind=spec.kind,
            start_date=arrival,
            end_date=today + dt.timedelta(days=spec.ends_in_days) if spec.ends_in_days else None,
            payer=spec.payer,
            nightly_cost=homes[spec.home].nightly_cost,
            sign=True,
        )


def _ensure_history(municipality: Municipality, today: dt.date) -> None:
    """Fortnightly figures for the last half year, worked out from the contracts as they were, for the chart."""
    from etablera.housing.models import HousingStatusSnapshot

    if HousingStatusSnapshot.objects.filter(municipality=municipality).exists():
        return
    for weeks in range(26, 0, -2):
        status.snapshot_housing_status(
            on=today - dt.timedelta(weeks=weeks), municipality_ids=[municipality.pk]
        )


def _ensure_matching(municipality: Municipality, actor: User | None) -> None:
    if MatchRun.objects.filter(municipality=municipality).exists():
        return
    run_matching(actor=actor, municipality=municipality)


def load_housing(today: dt.date, users: dict[str, User]) -> None:
    """Create whatever of the demo's housing is missing (called from etablera.demo.services.load_demo)."""
    municipality = Municipality.objects.get(code=NYKOPING)
    actor = users.get("bostad")
    homes = _ensure_homes(municipality, today)
    _ensure_stays(homes, today, actor)
    status.refresh_housing_statuses(on=today, municipality=municipality)
    _ensure_history(municipality, today)
    _ensure_matching(municipality, actor)
