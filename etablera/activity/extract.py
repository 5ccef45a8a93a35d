"""The person's activity-requirement records for the register extract (access/extract/content.py, GDPR art. 15):
the months of försörjningsstöd that named them, exemptions, capacity assessments, the plans, deviations and their
assessment, the week (participations with attendance), placements offered and held, the job coach and the job
profile — everything, as the extract shows all that is kept about the person."""

from __future__ import annotations

import datetime as dt
from typing import Any

from etablera.activity.models import (
    CapacityAssessment,
    Deviation,
    Exemption,
    JobCoachAssignment,
    JobProfile,
    Participation,
    Placement,
    PlacementOffer,
    RequirementPlan,
    SupportMonth,
)

COVERED = (
    "activity.SupportMonth",
    "activity.Exemption",
    "activity.CapacityAssessment",
    "activity.RequirementPlan",
    "activity.Deviation",
    "activity.Participation",
    "activity.Placement",
    "activity.PlacementOffer",
    "activity.JobCoachAssignment",
    "activity.JobProfile",
)


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _choice(obj, name: str) -> dict[str, str]:
    return {"code": getattr(obj, name), "label": str(getattr(obj, f"get_{name}_display")())}


def _hours(value) -> str:
    return f"{value:f}" if value is not None else ""


def activity_extract(person) -> dict[str, Any]:
    participations = (
        Participation.objects.filter(person=person)
        .select_related("activity", "placement")
        .prefetch_related("attendance")
        .order_by("starts_on", "pk")
    )
    profile = JobProfile.objects.filter(person=person).first()
    return {
        "support_months": [
            {"month": m.month.strftime("%Y-%m"), "amount": m.amount, "source": _choice(m, "source")}
            for m in SupportMonth.objects.filter(persons=person).order_by("month")
        ],
        "exemptions": [
            {
                "ground": _choice(e, "ground"),
                "valid_from": _date(e.valid_from),
                "valid_until": _date(e.valid_until),
                "note": e.note,
            }
            for e in Exemption.objects.filter(person=person).order_by("valid_from", "pk")
        ],
        "capacity": [
            {
                "hours_per_week": _hours(c.hours_per_week),
                "valid_from": _date(c.valid_from),
                "valid_until": _date(c.valid_until),
                "assessor": c.assessor,
                "reason": c.reason,
                "section": _choice(c, "section"),
            }
            for c in CapacityAssessment.objects.filter(person=person).order_by("valid_from", "pk")
        ],
        "plans": [
            {
                "drawn_up_on": _date(p.drawn_up_on),
                "hours_per_week": _hours(p.hours_per_week),
                "job_seeking_hours": _hours(p.job_seeking_hours),
                "content": p.content,
                "follow_up_on": _date(p.follow_up_on),
                "status": _choice(p, "status"),
                "closed_on": _date(p.closed_on),
                "closed_reason": p.closed_reason,
            }
            for p in RequirementPlan.objects.filter(person=person).order_by("drawn_up_on", "pk")
        ],
        "deviations": [
            {
                "kind": _choice(d, "kind"),
                "occurred_on": _date(d.occurred_on),
                "description": d.description,
                "status": _choice(d, "status"),
                "assessment": d.assessment,
                "assessed_on": _date(d.assessed_on),
                "decision_reference": d.decision_reference,
            }
            for d in Deviation.objects.filter(person=person).order_by("occurred_on", "pk")
        ],
        "participations": [
            {
                "kind": _choice(p, "kind"),
                "what": p.activity.name
                if p.activity
                else (p.placement.title if p.placement else p.description),
                "hours_per_week": _hours(p.hours_per_week),
                "starts_on": _date(p.starts_on),
                "ends_on": _date(p.ends_on),
                "attendance": [
                    {
                        "week": _date(a.week),
                        "hours_attended": _hours(a.hours_attended),
                        "hours_absent": _hours(a.hours_absent),
                        "absence_reason": _choice(a, "absence_reason"),
                        "note": a.note,
                    }
                    for a in sorted(p.attendance.all(), key=lambda a: a.week)
                ],
            }
            for p in participations
        ],
        "placements": [
            {
                "title": p.title,
                "employer": p.employer.name,
                "starts_on": _date(p.starts_on),
                "ends_on": _date(p.ends_on),
                "state": _choice(p, "state"),
                "outcome": _choice(p, "outcome"),
                "employer_follow_up": p.employer_follow_up,
            }
            for p in Placement.objects.filter(participant=person)
            .select_related("employer")
            .order_by("starts_on")
        ],
        "offers": [
            {
                "placement": o.placement.title,
                "offered_on": _date(o.offered_on),
                "status": _choice(o, "status"),
                "answered_on": _date(o.answered_on),
                "decline_reason": o.decline_reason,
            }
            for o in PlacementOffer.objects.filter(person=person)
            .select_related("placement")
            .order_by("offered_on")
        ],
        "job_coaches": [
            {
                "coach": j.coach.get_full_name() or j.coach.username,
                "assigned_on": _date(j.assigned_on),
                "first_contact_due": _date(j.first_contact_due),
                "first_contact_on": _date(j.first_contact_on),
                "ended_on": _date(j.ended_on),
            }
            for j in JobCoachAssignment.objects.filter(person=person)
            .select_related("coach")
            .order_by("assigned_on")
        ],
        "job_profile": None
        if profile is None
        else {
            "wished_ssyk": list(profile.wished_ssyk),
            "travel": _choice(profile, "travel"),
            "wishes": profile.wishes,
        },
    }
