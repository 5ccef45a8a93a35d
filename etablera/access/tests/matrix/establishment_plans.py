"""The rows for the plan's life and the caseload of plans (issue #12), and the probes of a plan's involvement.

The plan's POSTs (close, next meeting, an intervention's or a goal's status) and API writes answer everyone who sees
the person (owner, consent, admin, protected), 404 to the colleague and the outsider. The caseload of plans (page and
GET /plans) is every signed-in user's own list; asked for all they see, it holds H's (or P's) person's plan for those
who see the person, by name only — the marker scan reads it.

The probes: a plan of H's person (P's for the protected role) with an intervention by the colleague's unit, after the
household's reception case has closed — the colleague is then involved and sees the person, the household and the
establishment record; once the plan is closed, it no longer does (404 as before). Their answers are scanned for the
protected markers like every row's."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from etablera.access.tests.matrix.cases import API_SIGNED_IN_200, SIGNED_IN_200, Case, api, expect, page

SEES_H_POST = expect(302, colleague=404, outsider=404, anonymous=302)
API_WRITE = expect(200, colleague=404, outsider=404, anonymous=401)
# The colleague's unit gives an intervention in the plan: it sees the person while the plan runs.
INVOLVED = expect(200, outsider=404, anonymous=302)
API_INVOLVED = expect(200, outsider=404, anonymous=401)
# The plan closed: back to who sees H without it.
NOT_INVOLVED = expect(200, colleague=404, outsider=404, anonymous=302)


def _today():
    return timezone.localdate()


def _plan(w):
    from etablera.establishment import services
    from etablera.establishment.models import IndividualPlan

    plan = IndividualPlan.objects.filter(person=w.person).exclude(status="CLOSED").first()
    return plan or services.create_plan(
        actor=None, person=w.person, started_on=_today() - dt.timedelta(days=30)
    )


def _intervention(w):
    from etablera.establishment import services

    plan = _plan(w)
    return plan.interventions.filter(status="PLANNED").first() or services.add_intervention(
        actor=None, plan=plan, what="Läxhjälp", start_date=_today(), external_actor="Föreningen"
    )


def _goal(w):
    from etablera.establishment import services

    plan = _plan(w)
    return plan.goals.filter(status="OPEN").first() or services.add_goal(
        actor=None, plan=plan, area="SOCIAL", description="Förening"
    )


def _person_url(w, rest=""):
    return f"/personer/{w.person.public_id}/etablering/{rest}"


def _involve_colleague(w, *, close_plan: bool = False):
    """A plan with the colleague's unit's intervention, the reception case closed (and the plan, if asked)."""
    from etablera.establishment import services
    from etablera.reception.models import ReceptionCase

    plan = _plan(w)
    colleague_unit = w.users["colleague"].memberships.first().unit
    services.add_intervention(
        actor=None, plan=plan, what="Samtalsstöd", start_date=_today(), unit=colleague_unit
    )
    ReceptionCase.objects.filter(household=w.household).update(
        status=ReceptionCase.Status.CLOSED, closed_date=_today()
    )
    if close_plan:
        services.close_plan(actor=None, plan=plan, outcome="GOALS_REACHED")


def _involved(url):
    def build(w):
        _involve_colleague(w)
        return url(w)

    return build


def _after_close(url):
    def build(w):
        _involve_colleague(w, close_plan=True)
        return url(w)

    return build


ESTABLISHMENT_PLANS: list[Case] = [
    page(
        "establishment_plans",
        lambda w: (_plan(w), "/etablering/planer/?visa=all")[1],
        SIGNED_IN_200,
    ),
    page(
        "establishment_plan_close",
        lambda w: _person_url(w, "plan/avsluta/"),
        SEES_H_POST,
        method="post",
        body=lambda w: {"plan": str(_plan(w).public_id), "avsluta-outcome": "GOALS_REACHED"},
    ),
    page(
        "establishment_plan_next_meeting",
        lambda w: (_plan(w), _person_url(w, "plan/nasta-mote/"))[1],
        SEES_H_POST,
        method="post",
        body=lambda w: {
            "action": "plan",
            "nastamote-next_meeting_on": (_today() + dt.timedelta(days=14)).isoformat(),
        },
    ),
    page(
        "establishment_intervention_status",
        lambda w: _person_url(w, f"plan/insatser/{_intervention(w).pk}/status/"),
        SEES_H_POST,
        method="post",
        body=lambda w: {f"insatsstatus{_intervention(w).pk}-status": "ONGOING"},
    ),
    page(
        "establishment_goal_status",
        lambda w: _person_url(w, f"plan/mal/{_goal(w).pk}/status/"),
        SEES_H_POST,
        method="post",
        body=lambda w: {"status": "REACHED"},
    ),
    api("get", "/plans", lambda w: (_plan(w), "/plans?scope=all")[1], API_SIGNED_IN_200),
    api(
        "post",
        "/establishment/plans/{public_id}/close",
        lambda w: f"/establishment/plans/{_plan(w).public_id}/close",
        API_WRITE,
        body=lambda w: {"outcome": "NOT_NEEDED"},
    ),
    api(
        "post",
        "/establishment/plans/{public_id}/revision",
        lambda w: f"/establishment/plans/{_revisable(w).public_id}/revision",
        API_WRITE,
        body=lambda w: {"note": "Ny inriktning"},
    ),
    api(
        "patch",
        "/establishment/plans/{public_id}/interventions/{intervention_id}",
        lambda w: f"/establishment/plans/{_plan(w).public_id}/interventions/{_intervention(w).pk}",
        API_WRITE,
        body=lambda w: {"status": "ONGOING"},
    ),
    api(
        "patch",
        "/establishment/plans/{public_id}/goals/{goal_id}",
        lambda w: f"/establishment/plans/{_plan(w).public_id}/goals/{_goal(w).pk}",
        API_WRITE,
        body=lambda w: {"status": "REACHED"},
    ),
    api(
        "put",
        "/establishment/plans/{public_id}/next-meeting",
        lambda w: f"/establishment/plans/{_plan(w).public_id}/next-meeting",
        API_WRITE,
        body=lambda w: {"next_meeting_on": (_today() + dt.timedelta(days=14)).isoformat()},
    ),
]


def _revisable(w):
    """The plan marked for revision by a meeting (as the system)."""
    from etablera.establishment import services

    plan = _plan(w)
    if plan.status != "REVISE":
        services.record_meeting(actor=None, plan=plan, held_on=_today(), revise_plan=True)
    return plan


PLAN_PROBES: list[Case] = [
    page(
        "person_establishment (a plan's unit)",
        _involved(lambda w: _person_url(w)),
        INVOLVED,
    ),
    page(
        "person_detail (a plan's unit)",
        _involved(lambda w: f"/personer/{w.person.public_id}/"),
        INVOLVED,
    ),
    page(
        "household_detail (a plan's unit)",
        _involved(lambda w: f"/hushall/{w.household.public_id}/"),
        INVOLVED,
    ),
    api(
        "get",
        "/persons/{public_id}/establishment (a plan's unit)",
        _involved(lambda w: f"/persons/{w.person.public_id}/establishment"),
        API_INVOLVED,
    ),
    page(
        "person_establishment (the plan closed)",
        _after_close(lambda w: _person_url(w)),
        NOT_INVOLVED,
    ),
]
