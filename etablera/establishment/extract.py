"""The person's establishment records for the register extract (access/extract/content.py, GDPR art. 15): the
mapping with its health and child parts, the plans, the programme, SFI, civic orientation and the monthly status —
everything, as the extract shows all that is kept about the person."""

from __future__ import annotations

import datetime as dt
from typing import Any

from etablera.establishment.models import (
    Assessment,
    CivicOrientation,
    IndividualPlan,
    MonthlyStatus,
    ProgrammePeriod,
    SfiEnrolment,
)

COVERED = (
    "establishment.Assessment",
    "establishment.IndividualPlan",
    "establishment.ProgrammePeriod",
    "establishment.SfiEnrolment",
    "establishment.CivicOrientation",
    "establishment.MonthlyStatus",
)


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _choice(obj, name: str) -> dict[str, str]:
    return {"code": getattr(obj, name), "label": str(getattr(obj, f"get_{name}_display")())}


def _assessment(person) -> dict[str, Any] | None:
    a = (
        Assessment.objects.filter(person=person)
        .select_related("health", "child")
        .prefetch_related("educations", "work_experiences", "languages")
        .first()
    )
    if a is None:
        return None
    health = getattr(a, "health", None) if hasattr(a, "health") else None
    child = getattr(a, "child", None) if hasattr(a, "child") else None
    return {
        "status": _choice(a, "status"),
        "due_date": _date(a.due_date),
        "completed_on": _date(a.completed_on),
        "literacy": _choice(a, "literacy"),
        "driving_licence": _choice(a, "driving_licence"),
        "goals": a.goals,
        "needs": a.needs,
        "educations": [
            {
                "level": _choice(e, "level"),
                "years": e.years,
                "field": e.field,
                "country": e.country,
                "validation_wanted": e.validation_wanted,
            }
            for e in a.educations.all()
        ],
        "work_experiences": [
            {"ssyk_code": w.ssyk_code, "occupation": w.occupation, "years": w.years}
            for w in a.work_experiences.all()
        ],
        "languages": [{"language": s.language, "level": _choice(s, "level")} for s in a.languages.all()],
        "health": None
        if health is None
        else {
            "health": health.health,
            "capacity": _choice(health, "capacity"),
            "capacity_hours": health.capacity_hours,
            "adjustments": health.adjustments,
        },
        "child": None
        if child is None
        else {
            "pedagogical": child.pedagogical,
            "social": child.social,
            "health": child.health,
            "placement_recommendation": child.placement_recommendation,
            "school": child.school,
            "handover_on": _date(child.handover_on),
        },
    }


def establishment_extract(person) -> dict[str, Any]:
    plans = (
        IndividualPlan.objects.filter(person=person)
        .select_related("responsible_unit")
        .prefetch_related("goals", "interventions__unit", "meetings")
        .order_by("started_on", "pk")
    )
    civic = CivicOrientation.objects.filter(person=person).first()
    return {
        "assessment": _assessment(person),
        "plans": [
            {
                "kind": _choice(p, "kind"),
                "status": _choice(p, "status"),
                "started_on": _date(p.started_on),
                "municipality_responsibility": p.municipality_responsibility,
                "region_responsibility": p.region_responsibility,
                "responsible": p.responsible_unit.name if p.responsible_unit_id else p.responsible_name,
                "revision": p.revision,
                "closed_on": _date(p.closed_on),
                "closed_outcome": _choice(p, "closed_outcome"),
                "closed_reason": p.closed_reason,
                "next_meeting_on": _date(p.next_meeting_on),
                "goals": [
                    {
                        "area": _choice(g, "area"),
                        "description": g.description,
                        "target_date": _date(g.target_date),
                        "status": _choice(g, "status"),
                    }
                    for g in p.goals.all()
                ],
                "interventions": [
                    {
                        "by": i.unit.name if i.unit_id else i.external_actor,
                        "what": i.what,
                        "from": _date(i.start_date),
                        "to": _date(i.end_date),
                        "hours_per_week": str(i.hours_per_week) if i.hours_per_week is not None else None,
                        "status": _choice(i, "status"),
                        "outcome": i.outcome,
                    }
                    for i in p.interventions.all()
                ],
                "meetings": [
                    {
                        "held_on": _date(m.held_on),
                        "agreed_actions": m.agreed_actions,
                        "revise_plan": m.revise_plan,
                    }
                    for m in p.meetings.all()
                ],
            }
            for p in plans
        ],
        "programme": [
            {
                "referral_date": _date(p.referral_date),
                "plan_date": _date(p.plan_date),
                "start_date": _date(p.start_date),
                "planned_end": _date(p.planned_end),
                "actual_end": _date(p.actual_end),
                "end_reason": _choice(p, "end_reason"),
            }
            for p in ProgrammePeriod.objects.filter(person=person).order_by("referral_date", "pk")
        ],
        "sfi": [
            {
                "enrolled_on": _date(e.enrolled_on),
                "start_date": _date(e.start_date),
                "course": e.course,
                "study_path": e.study_path,
                "hours_per_week": e.hours_per_week,
                "status": _choice(e, "status"),
                "completed_on": _date(e.completed_on),
                "interruptions": [
                    {"from": _date(i.start_date), "to": _date(i.end_date), "reason": i.reason}
                    for i in e.interruptions.all()
                ],
            }
            for e in SfiEnrolment.objects.filter(person=person)
            .prefetch_related("interruptions")
            .order_by("pk")
        ],
        "civic_orientation": None
        if civic is None
        else {
            "start_date": _date(civic.start_date),
            "language": civic.language,
            "hours": civic.hours,
            "completed_on": _date(civic.completed_on),
        },
        "monthly_status": [
            {"month": m.month.strftime("%Y-%m"), "status": _choice(m, "status"), "note": m.note}
            for m in MonthlyStatus.objects.filter(person=person).order_by("month")
        ],
    }
