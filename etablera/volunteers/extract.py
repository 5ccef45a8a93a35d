"""A newcomer's wishes for a volunteer and their matches, for the register extract (access/extract/content.py,
GDPR art. 15). The volunteer is named by first name only: the extract is the newcomer's, not the volunteer's."""

from __future__ import annotations

import datetime as dt
from typing import Any

from etablera.volunteers.models import NewcomerWish

COVERED = ("volunteers.NewcomerWish",)


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def volunteers_extract(person) -> list[dict[str, Any]]:
    wishes = (
        NewcomerWish.objects.filter(person=person)
        .prefetch_related("matches__volunteer", "matches__follow_ups")
        .order_by("created_at")
    )
    out = []
    for wish in wishes:
        out.append(
            {
                "registered": _date(wish.created_at.date()),
                "kind": str(wish.get_kind_display()),
                "languages": wish.language_names,
                "offers": wish.offer_names,
                "area": wish.area,
                "note": wish.note,
                "status": str(wish.get_status_display()),
                "consent": {
                    "given_by": wish.consent_given_by,
                    "method": str(wish.get_consent_method_display()),
                    "date": _date(wish.consent_date),
                },
                "matches": [
                    {
                        "volunteer": (match.volunteer.name.split() or [""])[0],
                        "offer": str(match.get_offer_display()),
                        "status": str(match.get_status_display()),
                        "contact_consent_by": match.contact_consent_by,
                        "contact_consent_date": _date(match.contact_consent_date),
                        "started": _date(match.started_at),
                        "ended": _date(match.ended_at),
                        "end_reason": str(match.get_end_reason_display()) if match.end_reason else "",
                        "end_note": match.end_note,
                        "follow_ups": [
                            {"date": _date(f.date), "outcome": str(f.get_outcome_display()), "note": f.note}
                            for f in match.follow_ups.all()
                        ],
                    }
                    for match in wish.matches.all()
                ],
            }
        )
    return out
