"""The organisation of a generated data set: for every municipality the units the process template needs
(departments, teams, the external actors) and a few staff users, and in the benchmark municipality the
documented benchmark logins. How big each municipality is (`_weights`) is decided here too: it sizes the staff,
and the runner sends households in the same proportions.

Made through the ORM (a few thousand rows), before the bulk load, with its own random generator, so that the
households do not depend on how many units and users a second run finds already made.
"""

from __future__ import annotations

import math
import random
import uuid
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from etablera.access.models import AuditEvent
from etablera.demo.generate.common import (
    BENCH_MUNICIPALITY,
    BENCH_PASSWORD,
    GENERATED,
    USERNAME_PREFIX,
    BenchLogin,
    _Place,
    _Staff,
    _words,
)
from etablera.demo.generate.writing import _n, _Progress
from etablera.organisation.models import Membership, Municipality, Role, Unit, User
from etablera.reception import services as reception_services
from etablera.reception import tasks_generation
from etablera.reception.models import TemplateStep

# The largest municipalities receive many more than the median one (relative weights; the rest are drawn).
LARGE_MUNICIPALITIES = {
    "0180": 25.0,  # Stockholm
    "1480": 16.0,  # Göteborg
    "1280": 12.0,  # Malmö
    "0380": 6.0,  # Uppsala
    "0580": 5.0,  # Linköping
    "1880": 5.0,  # Örebro
    "1980": 5.0,  # Västerås
    "1283": 4.5,  # Helsingborg
    "0581": 4.5,  # Norrköping
    "0680": 4.5,  # Jönköping
    "2480": 4.0,  # Umeå
    "1281": 4.0,  # Lund
    "0484": 3.5,  # Eskilstuna
}
BENCH_PERCENTILE = 0.8  # the benchmark municipality's size among the others

STAFF_FIRST = _words(
    "Anna Eva Maria Karin Sara Emma Elin Linnea Johanna Sofia Erik Lars Anders Johan Per Karl Mikael Fredrik "
    "Oskar Jonas Amira Dragana Ahmed Mehmet"
)
STAFF_LAST = _words(
    "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson Pettersson Jonsson "
    "Lindberg Lindqvist Holm Berg Sjöberg Ekström Forsberg Öberg Hussein Kovačević Yilmaz"
)

K, F = Unit.Kind, Unit.Function


@dataclass(frozen=True)
class UnitSpec:
    key: str  # stable key for users and the benchmark logins
    name: str
    kind: str
    function: str
    parent: str = ""  # key of the parent unit
    staff: tuple[int, int] = (0, 0)  # caseworkers: (minimum, maximum by size)


UNITS: tuple[UnitSpec, ...] = (
    UnitSpec("klk", "Kommunledningskontoret", K.DEPARTMENT, F.ADMINISTRATION),
    UnitSpec("soc", "Socialförvaltningen", K.DEPARTMENT, F.SOCIAL_SERVICES),
    UnitSpec("utb", "Utbildningsförvaltningen", K.DEPARTMENT, F.SCHOOL),
    UnitSpec("av", "Arbetsmarknads- och vuxenutbildningsförvaltningen", K.DEPARTMENT, F.LABOUR_MARKET),
    UnitSpec("mottagning", "Integrationsenheten", K.TEAM, F.RECEPTION, "klk", (2, 8)),
    UnitSpec("bostad", "Bostadsenheten", K.TEAM, F.HOUSING, "klk", (1, 3)),
    UnitSpec("forsorjning", "Försörjningsstöd", K.TEAM, F.SOCIAL_SERVICES, "soc", (1, 4)),
    UnitSpec("skola", "Mottagningsenheten för nyanlända elever", K.TEAM, F.SCHOOL, "utb", (1, 3)),
    UnitSpec("sfi", "SFI", K.TEAM, F.SFI, "av", (1, 3)),
    UnitSpec("arbete", "Arbetsmarknadsenheten", K.TEAM, F.LABOUR_MARKET, "av", (1, 3)),
    UnitSpec("so", "Samhällsorientering", K.TEAM, F.CIVIC_ORIENTATION, "av", (1, 1)),
    UnitSpec("kultur", "Kultur och fritid", K.TEAM, F.CULTURE_LEISURE, "klk", (1, 1)),
    UnitSpec("migrationsverket", "Migrationsverket", K.EXTERNAL, F.MIGRATION_AGENCY),
    UnitSpec("af", "Arbetsförmedlingen", K.EXTERNAL, F.EMPLOYMENT_SERVICE),
    UnitSpec("fk", "Försäkringskassan", K.EXTERNAL, F.SOCIAL_INSURANCE),
    UnitSpec("region", "Regionen", K.EXTERNAL, F.REGION),
    UnitSpec("bostadsbolag", "Bostadsbolaget", K.EXTERNAL, F.HOUSING_COMPANY),
)


BENCH_LOGINS: tuple[BenchLogin, ...] = (
    BenchLogin(
        "bench.mottagning", "Karin", "Lindqvist", "mottagning", Role.CASEWORKER, "handläggare, mottagningen"
    ),
    BenchLogin(
        "bench.samordnare", "Johan", "Ekström", "mottagning", Role.COORDINATOR, "samordnare, mottagningen"
    ),
    BenchLogin("bench.sfi", "Sara", "Mahmoud", "sfi", Role.CASEWORKER, "handläggare, SFI"),
    BenchLogin("bench.skola", "Erik", "Johansson", "skola", Role.CASEWORKER, "handläggare, skolan"),
    BenchLogin("bench.statistik", "Lena", "Forsberg", "klk", Role.STATISTICS, "statistik (bara siffror)"),
    BenchLogin("bench.admin", "Anders", "Sjöberg", "mottagning", Role.ADMINISTRATOR, "administratör"),
)


def _unit_name(spec: UnitSpec, municipality: Municipality) -> str:
    if spec.key == "region":
        return f"Regionen i {municipality.county.name}"
    if spec.key == "bostadsbolag":
        return f"Bostadsbolaget i {municipality.name}"
    return spec.name


def _weights(municipalities: list[Municipality], rng: random.Random) -> dict[str, float]:
    weights = {}
    for m in municipalities:
        drawn = min(3.0, rng.lognormvariate(0.0, 0.7))  # below the large cities
        weights[m.code] = LARGE_MUNICIPALITIES.get(m.code, drawn)
    others = sorted(w for code, w in weights.items() if code not in LARGE_MUNICIPALITIES)
    if BENCH_MUNICIPALITY in weights and others:
        weights[BENCH_MUNICIPALITY] = others[min(len(others) - 1, int(BENCH_PERCENTILE * len(others)))]
    return weights


def _ensure_organisation(
    places: dict[str, _Place], rng: random.Random, progress: _Progress
) -> dict[str, int]:
    """Units and staff for every municipality: looked up by name, created when missing (so a second run and
    existing demo units are reused). Users are named gen-<code>-<unit>-<n>; the benchmark logins bench.*."""
    made = {"enheter": 0, "användare": 0, "medlemskap": 0}
    existing = {(u.municipality_id, u.name): u for u in Unit.objects.all()}
    for kind_pass in (("DEPARTMENT", "EXTERNAL"), ("TEAM",)):
        new = []
        for place in places.values():
            m = place.municipality
            for spec in UNITS:
                if spec.kind not in kind_pass:
                    continue
                name = _unit_name(spec, m)
                unit = existing.get((m.pk, name))
                if unit is None:
                    parent = place.units.get(spec.parent) if spec.parent else None
                    unit = Unit(
                        municipality=m,
                        name=name,
                        kind=spec.kind,
                        function=spec.function,
                        parent=parent,
                        email=f"{spec.key}.{m.code}@example.org" if spec.kind != K.EXTERNAL else "",
                    )
                    new.append(unit)
                place.units[spec.key] = unit
        Unit.objects.bulk_create(new, batch_size=500)
        made["enheter"] += len(new)
    if connection.vendor != "postgresql" and made["enheter"]:
        # Not every backend returns the new primary keys from bulk_create: read them back by name.
        fresh = {(u.municipality_id, u.name): u for u in Unit.objects.all()}
        for place in places.values():
            for key, unit in place.units.items():
                if unit.pk is None:
                    place.units[key] = fresh[(place.municipality.pk, unit.name)]

    wanted: list[tuple[str, str, str, Unit, str]] = []  # username, first, last, unit, role
    for place in places.values():
        m = place.municipality
        size = place.weight
        for spec in UNITS:
            low, high = spec.staff
            if not high:
                continue
            count = max(low, min(high, round(low + math.log2(1 + size) * (high - low) / 3)))
            for n in range(1, count + 1):
                wanted.append(
                    (
                        f"{USERNAME_PREFIX}{m.code}-{spec.key}-{n}",
                        rng.choice(STAFF_FIRST),
                        rng.choice(STAFF_LAST),
                        place.units[spec.key],
                        Role.CASEWORKER,
                    )
                )
        for key, role in (
            ("mottagning", Role.COORDINATOR),
            ("mottagning", Role.UNIT_MANAGER),
            ("klk", Role.STATISTICS),
        ):
            wanted.append(
                (
                    f"{USERNAME_PREFIX}{m.code}-{role.lower().replace('_', '')}",
                    rng.choice(STAFF_FIRST),
                    rng.choice(STAFF_LAST),
                    place.units[key],
                    role,
                )
            )
        if m.code == BENCH_MUNICIPALITY:
            for login in BENCH_LOGINS:
                wanted.append(
                    (login.username, login.first_name, login.last_name, place.units[login.unit], login.role)
                )

    have = {u.username: u for u in User.objects.filter(username__in=[w[0] for w in wanted])}
    bench_names = {login.username for login in BENCH_LOGINS}
    new_users = []
    for username, first, last, _unit, _role in wanted:
        if username in have:
            continue
        if username in bench_names:
            password = make_password(BENCH_PASSWORD)
        else:
            # Unusable (Django's "!" prefix), but deterministic, so two runs with one seed write the same rows.
            password = "!" + uuid.UUID(int=rng.getrandbits(128)).hex
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@example.org",
            password=password,
            is_active=True,
        )
        new_users.append(user)
    User.objects.bulk_create(new_users, batch_size=500)
    made["användare"] = len(new_users)
    users = {u.username: u for u in User.objects.filter(username__in=[w[0] for w in wanted])}
    have_memberships = set(
        Membership.objects.filter(user__in=users.values()).values_list("user_id", "unit_id", "role")
    )
    memberships = []
    for username, _first, _last, unit, role in wanted:
        user = users[username]
        if (user.pk, unit.pk, role) not in have_memberships:
            memberships.append(Membership(user=user, unit=unit, role=role))
            have_memberships.add((user.pk, unit.pk, role))
    Membership.objects.bulk_create(memberships, batch_size=500)
    made["medlemskap"] = len(memberships)
    if new_users:
        now = timezone.now()
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    at=now,
                    actor=None,
                    action=AuditEvent.Action.CREATE,
                    channel=AuditEvent.Channel.CLI,
                    object_type="User",
                    object_id=str(users[u.username].pk),
                    summary=f"Användare {u.username} skapad (genererade data)",
                    changes={GENERATED: True},
                )
                for u in new_users
            ],
            batch_size=500,
        )
    progress.note(
        f"organisation: {_n(made['enheter'])} nya enheter, {_n(made['användare'])} nya användare "
        f"i {len(places)} kommuner"
    )
    return made


def _staff_of(places: dict[str, _Place]) -> None:
    """Who works where (from the database, so reused and new staff alike), and each municipality's template."""
    by_unit: dict[int, list[_Staff]] = {}
    coordinators: dict[int, _Staff] = {}
    rows = (
        Membership.objects.filter(unit__municipality__code__in=list(places))
        .select_related("user")
        .order_by("user__username", "pk")
    )
    for membership in rows:
        user = membership.user
        staff = _Staff(user.pk, user.username, user.get_full_name() or user.username)
        if membership.role == Role.CASEWORKER:
            by_unit.setdefault(membership.unit_id, []).append(staff)
        elif membership.role == Role.COORDINATOR:
            coordinators.setdefault(membership.unit_id, staff)
    templates: dict[int, list[TemplateStep]] = {}
    for place in places.values():
        m = place.municipality
        # As tasks_generation.build_tasks: a team before its department (teams sort after departments and win).
        units = sorted(
            (u for u in Unit.objects.filter(municipality=m, is_active=True)), key=lambda u: (u.kind, u.pk)
        )
        for unit in units:
            if unit.kind == Unit.Kind.TEAM or unit.function not in place.units_by_function:
                place.units_by_function[unit.function] = unit
        try:
            place.reception_unit = reception_services._reception_unit(m)  # the unit receive_household uses
        except ValidationError:
            place.reception_unit = None
        place.workers = {unit.pk: by_unit.get(unit.pk, []) for unit in units}
        if place.reception_unit is not None:
            place.registrars = place.workers.get(place.reception_unit.pk, [])
            place.coordinator = coordinators.get(place.reception_unit.pk) or (
                place.registrars[0] if place.registrars else None
            )
        template = tasks_generation.template_for(m)
        if template is not None:
            if template.pk not in templates:
                templates[template.pk] = list(template.steps.all())
            place.template_name = template.name
            place.steps = templates[template.pk]
