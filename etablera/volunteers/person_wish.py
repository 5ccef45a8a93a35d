"""What the person page says about a newcomer's wish for a volunteer (issue #17): the public ids of the person's
open wish and of its running match, as subqueries the page's own person query carries — so the link "Önskar en
volontär / språkvän" (or the line that one is already open) costs the page no query of its own. Imports only this
domain's models: the register's selectors import it."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from etablera.volunteers.models import Match, NewcomerWish

OPEN = (NewcomerWish.Status.WAITING, NewcomerWish.Status.MATCHED)
RUNNING = (Match.Status.PROPOSED, Match.Status.STARTED)


def open_wish_annotations() -> dict:
    """For a Person queryset: `volunteer_wish_id`, the public id of the person's newest open wish (waiting or
    matched) in their municipality, and `volunteer_match_id`, the public id of the newest running match of one of
    those wishes (None when there is none)."""
    wishes = NewcomerWish.objects.filter(
        person=OuterRef("pk"), municipality_id=OuterRef("municipality_id"), status__in=OPEN
    ).order_by("-created_at", "-pk")
    matches = Match.objects.filter(
        wish__person=OuterRef("pk"),
        wish__municipality_id=OuterRef("municipality_id"),
        wish__status__in=OPEN,
        status__in=RUNNING,
    ).order_by("-created_at", "-pk")
    return {
        "volunteer_wish_id": Subquery(wishes.values("public_id")[:1]),
        "volunteer_match_id": Subquery(matches.values("public_id")[:1]),
    }
