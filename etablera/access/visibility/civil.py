"""Who sees the register of civil society (issue #17) — the civil domain's visibility rule.

Associations and other actors, what they offer, their agreements, activities and the network's meetings are the
municipality's records about organisations: those who work with civil society there see them
(`civil_municipality_ids`: the integration unit, culture and leisure, administrators), no other unit. An
association's contact persons are persons outside the register and are seen by the same users only, as the
association's part. Nothing here brings a unit into a household (no `involvement`)."""

from __future__ import annotations

from etablera.access.visibility.base import Rule
from etablera.civil.models import (
    Agreement,
    Association,
    AssociationActivity,
    ContactPerson,
    FollowUp,
    NetworkMeeting,
    Offer,
)


def _by_municipality(path: str) -> Rule:
    def visible(reach, queryset):
        return queryset.filter(**{f"{path}municipality_id__in": reach.caps.civil_municipality_ids})

    # The same answer for a reception-only user: the municipality alone decides.
    return Rule(
        visible,
        reception_only=lambda caps, queryset: queryset.filter(
            **{f"{path}municipality_id__in": caps.civil_municipality_ids}
        ),
    )


RULES = {
    Association: _by_municipality(""),
    ContactPerson: _by_municipality("association__"),
    Offer: _by_municipality("association__"),
    Agreement: _by_municipality("association__"),
    AssociationActivity: _by_municipality("association__"),
    NetworkMeeting: _by_municipality(""),
    FollowUp: _by_municipality("meeting__"),
}
