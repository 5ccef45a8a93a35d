"""The week's pages (issue #13):

/aktivitetskrav/deltagare/                     "Mina deltagare": the persons whose participation one of the user's
                                               units records, and those the user coaches — planned and attended
                                               hours of the week (?vecka=2026-W50), below plan, first contact due.
/personer/<id>/aktivitetskrav/vecka/           the person's week: participations with the last weeks' attendance,
                                               the job coach, and (POST) a new participation, hours, an end, the
                                               coach's assignment, first contact and end, a deviation to report.

The week is BASIC: whoever sees the person sees it; who may change it is the services' (week.require_week_writer)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from etablera.access.guards import persons_required
from etablera.access.policy import capabilities, restrict
from etablera.activity.models import Activity, Placement
from etablera.activity.selectors import week as selectors
from etablera.activity.services import job_coach, week
from etablera.activity.web import week_forms as forms
from etablera.rules import activity as rules
from etablera.transitions import StateConflict
from etablera.web.forms import attach_errors
from etablera.web.pages import page


def week_links(url: str, monday: dt.date) -> dict:
    """The week shown, and the links to the week before and after."""
    return {
        "week": rules.week_label(monday),
        "monday": monday,
        "sunday": monday + dt.timedelta(days=6),
        "previous_url": f"{url}?vecka={rules.week_label(monday - dt.timedelta(weeks=1))}",
        "next_url": f"{url}?vecka={rules.week_label(monday + dt.timedelta(weeks=1))}",
    }


@persons_required
@require_GET
def activity_participants(request):
    monday = selectors.parse_week(request.GET.get("vecka"))
    rows = selectors.my_participants(request.user, monday)
    return page(
        request,
        "activity/week/participants.html",
        {"rows": rows, **week_links(reverse("activity_participants"), monday)},
        nav="activity_participants",
    )


# --- the person's week ----------------------------------------------------------------------------------------------


def _choices(user, person):
    activities = list(
        restrict(user, Activity.objects.all()).filter(municipality_id=person.municipality_id, active=True)
    )
    placements = list(
        restrict(user, Placement.objects.all()).filter(
            municipality_id=person.municipality_id,
            state__in=(Placement.State.OPEN, Placement.State.OFFERED, Placement.State.FILLED),
        )
    )
    return activities, placements


def _forms(user, data, bound: dict | None = None) -> dict:
    bound = bound or {}
    activities, placements = _choices(user, data.person)
    running = [line.participation for line in data.lines]
    made = {
        "participation_form": forms.ParticipationForm(activities=activities, placements=placements),
        "coach_form": forms.CoachForm(coaches=job_coach.coach_choices(data.person.municipality_id)),
        "contact_form": forms.ContactForm(initial={"first_contact_on": timezone.localdate()}),
        "coach_end_form": forms.CoachEndForm(initial={"ended_on": timezone.localdate()}),
        "deviation_form": forms.DeviationForm(participations=running),
    }
    made.update(bound)
    return made


def _render(request, data, bound: dict | None = None, status: int = 200):
    caps = capabilities(request.user)
    url = reverse("activity_participation_add", args=[data.person.public_id])
    return page(
        request,
        "activity/week/person.html",
        {
            "data": data,
            "person": data.person,
            "may_plan": data.person.municipality_id in caps.activity_municipality_ids,
            "first_contact_overdue": data.coach is not None
            and data.coach.first_contact_on is None
            and data.coach.first_contact_due < timezone.localdate(),
            **week_links(url, data.monday),
            **_forms(request.user, data, bound),
        },
        nav="activity_participants",
        status=status,
    )


def _back(data, anchor: str = ""):
    url = reverse("activity_participation_add", args=[data.person.public_id])
    return redirect(f"{url}?vecka={rules.week_label(data.monday)}{'#' + anchor if anchor else ''}")


def _line(data, public_id):
    for line in data.lines:
        if line.participation.public_id == public_id:
            return line.participation
    raise Http404


def _run(request, data, form, name: str, call, done: str, anchor: str):
    if not form.is_valid():
        return _render(request, data, {name: form}, status=400)
    try:
        call(form.cleaned_data)
    except StateConflict as conflict:
        messages.error(request, conflict.detail)
        return _back(data, anchor)
    except ValidationError as error:
        attach_errors(error, form)
        return _render(request, data, {name: form}, status=400)
    except PermissionDenied as denied:
        raise denied
    messages.success(request, done)
    return _back(data, anchor)


def _add(request, data):
    user, person = request.user, data.person
    activities, placements = _choices(user, person)
    form = forms.ParticipationForm(request.POST, activities=activities, placements=placements)

    def call(c):
        week.add_participation(
            user,
            person,
            kind=c["kind"],
            hours_per_week=c["hours_per_week"],
            starts_on=c["starts_on"],
            ends_on=c["ends_on"],
            activity=form.activities.get(c["activity"]),
            placement=form.placements.get(c["placement"]),
            description=c["description"],
        )

    return _run(request, data, form, "participation_form", call, _("Det planerade är sparat."), "planerat")


def _hours(request, data):
    form = forms.HoursForm(request.POST)
    return _run(
        request,
        data,
        form,
        "hours_form",
        lambda c: week.change_hours(
            request.user, _line(data, c["participation"]), hours_per_week=c["hours_per_week"]
        ),
        _("Timmarna är ändrade."),
        "planerat",
    )


def _end(request, data):
    form = forms.EndForm(request.POST)
    return _run(
        request,
        data,
        form,
        "end_form",
        lambda c: week.end_participation(request.user, _line(data, c["participation"]), ends_on=c["ends_on"]),
        _("Det planerade är avslutat."),
        "planerat",
    )


def _coach(request, data):
    form = forms.CoachForm(request.POST, coaches=job_coach.coach_choices(data.person.municipality_id))
    return _run(
        request,
        data,
        form,
        "coach_form",
        lambda c: job_coach.assign_job_coach(
            request.user, data.person, coach=form.coaches.get(c["coach"]), assigned_on=c["assigned_on"]
        ),
        _("Jobbcoachen är tilldelad."),
        "jobbcoach",
    )


def _contact(request, data):
    if data.coach is None:
        raise Http404
    return _run(
        request,
        data,
        forms.ContactForm(request.POST),
        "contact_form",
        lambda c: job_coach.record_first_contact(request.user, data.coach, on=c["first_contact_on"]),
        _("Den första kontakten är registrerad."),
        "jobbcoach",
    )


def _coach_end(request, data):
    if data.coach is None:
        raise Http404
    return _run(
        request,
        data,
        forms.CoachEndForm(request.POST),
        "coach_end_form",
        lambda c: job_coach.end_job_coach(request.user, data.coach, on=c["ended_on"]),
        _("Jobbcoachen är avslutad."),
        "jobbcoach",
    )


def _deviation(request, data):
    # Written by the requirement's part (social services assess it); imported here so the week needs it only
    # when a deviation is reported.
    from etablera.activity.services.deviations import report_deviation

    form = forms.DeviationForm(request.POST, participations=[line.participation for line in data.lines])
    return _run(
        request,
        data,
        form,
        "deviation_form",
        lambda c: report_deviation(
            request.user,
            data.person,
            kind=c["kind"],
            occurred_on=c["occurred_on"],
            description=c["description"],
            participation=form.participations.get(c["participation"]),
        ),
        _("Avvikelsen är rapporterad till socialtjänsten, som bedömer den."),
        "avvikelse",
    )


ACTIONS = {
    "participation": _add,
    "hours": _hours,
    "end": _end,
    "coach": _coach,
    "contact": _contact,
    "coach_end": _coach_end,
    "deviation": _deviation,
}


@persons_required
@require_http_methods(["GET", "POST"])
def person_activity_week(request, public_id):
    """GET shows the week; POST changes it (`action`; without one, a new participation — as other pages post)."""
    monday = selectors.parse_week(request.GET.get("vecka") or request.POST.get("vecka"))
    data = selectors.person_week(request.user, public_id, monday)
    if request.method == "GET":
        return _render(request, data)
    action = ACTIONS.get(request.POST.get("action") or "participation")
    if action is None:
        raise Http404
    return action(request, data)
