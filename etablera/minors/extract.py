"""The child's case for the register extract (access/extract/content.py, GDPR art. 15): the case, its placements,
representatives, follow-up visits, tracing of parents and relatives linked — everything kept about the person as
an unaccompanied minor or young adult."""

from __future__ import annotations

import datetime as dt
from typing import Any

from etablera.minors.models import ChildCase

COVERED = (
    "minors.ChildCase",
    "minors.Placement",
    "minors.Guardian",
    "minors.TracingRequest",
    "minors.FollowUpVisit",
    "minors.RelativeLink",
)


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _choice(obj, name: str) -> dict[str, str]:
    return {"code": getattr(obj, name), "label": str(getattr(obj, f"get_{name}_display")())}


def _municipality(m) -> str:
    return m.name if m is not None else ""


def minors_extract(person) -> dict[str, Any] | None:
    case = (
        ChildCase.objects.filter(person=person)
        .select_related(
            "municipality", "arrival_municipality", "assigned_municipality", "residing_municipality"
        )
        .first()
    )
    if case is None:
        return None
    return {
        "case": {
            "municipality": _municipality(case.municipality),
            "arrival_municipality": _municipality(case.arrival_municipality),
            "assigned_municipality": _municipality(case.assigned_municipality),
            "residing_municipality": _municipality(case.residing_municipality),
            "arrived_on": _date(case.arrived_on),
            "asylum_status": _choice(case, "asylum_status"),
            "permit_decided_on": _date(case.permit_decided_on),
            "investigation_started_on": _date(case.investigation_started_on),
            "investigation_decided_on": _date(case.investigation_decided_on),
            "report_sent_on": _date(case.report_sent_on),
            "after_18": _choice(case, "after_18"),
            "after_18_decided_on": _date(case.after_18_decided_on),
            "young_adult_plan": case.young_adult_plan,
            "care_plan": case.care_plan,
            "care_plan_updated_on": _date(case.care_plan_updated_on),
            "status": _choice(case, "status"),
            "closed_on": _date(case.closed_on),
            "closed_reason": case.closed_reason,
        },
        "placements": [
            {
                "kind": _choice(p, "kind"),
                "provider": p.provider,
                "decided_on": _date(p.decided_on),
                "starts_on": _date(p.starts_on),
                "ends_on": _date(p.ends_on),
                "end_reason": _choice(p, "end_reason") if p.end_reason else None,
                "cost_per_day": f"{p.cost_per_day:f}",
                "special_reasons": p.special_reasons,
            }
            for p in case.placements.order_by("starts_on", "pk")
        ],
        "guardians": [
            {
                "kind": _choice(g, "kind"),
                "name": g.name,
                "phone": g.phone,
                "email": g.email,
                "applied_on": _date(g.applied_on),
                "appointed_on": _date(g.appointed_on),
                "ended_on": _date(g.ended_on),
            }
            for g in case.guardians.order_by("pk")
        ],
        "visits": [
            {"visited_on": _date(v.visited_on), "note": v.note} for v in case.visits.order_by("visited_on")
        ],
        "tracing": [
            {
                "requested_on": _date(t.requested_on),
                "via": t.via,
                "outcome": _choice(t, "outcome"),
                "closed_on": _date(t.closed_on),
                "note": t.note,
            }
            for t in case.tracing_requests.order_by("requested_on")
        ],
        "relatives": [
            {"relation": r.relation, "household": r.household.name, "noted_on": _date(r.noted_on)}
            for r in case.relatives.select_related("household").order_by("pk")
        ],
    }
