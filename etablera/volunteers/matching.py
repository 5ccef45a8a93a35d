"""Ranked proposals of volunteers for a newcomer's wish, each explained criterion by criterion. A pure function:
the caller (selectors.proposals) gives plain values, so the ranking is tested on hand-checked cases without a
database, and a person always chooses — the ranking only orders the list.

Points (the explanation shows each):
  offers      the volunteer offers something the wish asks for: +40; nothing in common → not proposed at all
  languages   a language in common: +20 for the first, +5 for each further one (Swedish counts: a language friend
              practises Swedish, but a shared first language helps at the start)
  area        the same area (case and spaces ignored): +20; unknown on either side: 0
  kind        a family wish and a volunteer who takes families, or an individual wish: +10; a family wish and a
              volunteer who does not: −30 (kept in the list, last)
  load        −10 for each match the volunteer already has running (Flen's group matching: a volunteer may have
              several households, but the ones with fewer come first)
Ties go to the volunteer who signed up first (the lower id).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_noop

OFFER_POINTS = 40
FIRST_LANGUAGE_POINTS = 20
MORE_LANGUAGE_POINTS = 5
AREA_POINTS = 20
KIND_POINTS = 10
FAMILY_MISMATCH_POINTS = -30
LOAD_POINTS = -10


@dataclass(frozen=True)
class WishFacts:
    offers: frozenset[str]
    languages: frozenset[str]
    area: str
    family: bool


@dataclass(frozen=True)
class VolunteerFacts:
    id: int
    offers: frozenset[str]
    languages: frozenset[str]
    area: str
    takes_families: bool
    running_matches: int


@dataclass(frozen=True)
class Criterion:
    key: str
    points: int
    message: str  # a Swedish msgid with %(name)s placeholders, translated when shown
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Proposal:
    volunteer_id: int
    score: int
    offers: tuple[str, ...]
    criteria: tuple[Criterion, ...]


def _area(value: str) -> str:
    return " ".join((value or "").lower().split())


def assess(wish: WishFacts, volunteer: VolunteerFacts) -> Proposal | None:
    """The proposal for one volunteer, or None when they offer nothing the wish asks for."""
    offers = tuple(sorted(wish.offers & volunteer.offers))
    if not offers:
        return None
    criteria = [
        Criterion(
            "offers",
            OFFER_POINTS,
            gettext_noop("Erbjuder det som önskas: %(offers)s"),
            {"offers": list(offers)},
        )
    ]
    shared = sorted(wish.languages & volunteer.languages)
    if shared:
        points = FIRST_LANGUAGE_POINTS + MORE_LANGUAGE_POINTS * (len(shared) - 1)
        criteria.append(
            Criterion(
                "languages", points, gettext_noop("Gemensamma språk: %(languages)s"), {"languages": shared}
            )
        )
    else:
        criteria.append(Criterion("languages", 0, gettext_noop("Inget gemensamt språk")))
    wish_area, volunteer_area = _area(wish.area), _area(volunteer.area)
    if not wish_area or not volunteer_area:
        criteria.append(Criterion("area", 0, gettext_noop("Område okänt")))
    elif wish_area == volunteer_area:
        criteria.append(
            Criterion("area", AREA_POINTS, gettext_noop("Samma område: %(area)s"), {"area": volunteer.area})
        )
    else:
        criteria.append(
            Criterion("area", 0, gettext_noop("Annat område: %(area)s"), {"area": volunteer.area})
        )
    if not wish.family:
        criteria.append(Criterion("kind", KIND_POINTS, gettext_noop("Enskild person")))
    elif volunteer.takes_families:
        criteria.append(
            Criterion("kind", KIND_POINTS, gettext_noop("Familj, och volontären kan ta emot en familj"))
        )
    else:
        criteria.append(
            Criterion(
                "kind",
                FAMILY_MISMATCH_POINTS,
                gettext_noop("Familj, men volontären vill ha en enskild person"),
            )
        )
    load = volunteer.running_matches
    criteria.append(
        Criterion(
            "load", LOAD_POINTS * load, gettext_noop("Pågående matchningar: %(count)s"), {"count": load}
        )
    )
    return Proposal(
        volunteer_id=volunteer.id,
        score=sum(criterion.points for criterion in criteria),
        offers=offers,
        criteria=tuple(criteria),
    )


def rank(wish: WishFacts, volunteers) -> list[Proposal]:
    """Every volunteer who offers something wished for, best first (ties: the lower id first)."""
    found = [proposal for volunteer in volunteers if (proposal := assess(wish, volunteer)) is not None]
    return sorted(found, key=lambda proposal: (-proposal.score, proposal.volunteer_id))
