"""The municipality visits' pages (kommunbesök, issue #16).

The county board (guards.county_required):
- /lan/besok/: the county's visits of a year, and a visit planned for a municipality not yet visited that year.
- /lan/besok/<id>/: one visit — the municipality's answers once sent, the visit recorded as held with its notes,
  notes added, follow-ups added and marked done, the visit closed.
- /lan/besok/jamfor/: the answers side by side, one row per question, one column per municipality.

The municipality (its administrators and unit managers, services_visits.answer_municipality_ids):
- /kommunbesok/: its visits.
- /kommunbesok/<id>/svara/: the questions answered before the visit, saved as a draft or sent to the county board.

No person is on any of these pages. A visit the user may not read is 404; a write the user may not make is 403
(the services check again)."""

from __future__ import annotations

from functools import wraps
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from etablera.access.guards import county_required
from etablera.county import selectors_visits as selectors
from etablera.county import services_visits as services
from etablera.county.models import FollowUp, Visit, VisitQuestion
from etablera.county.selectors import counties_of, require_county
from etablera.county.web.visits_forms import (
    AnswersForm,
    DoneForm,
    FollowUpForm,
    HeldForm,
    NoteForm,
    PlanVisitForm,
)
from etablera.organisation.models import County
from etablera.transitions import StateConflict
from etablera.web.forms import attach_errors
from etablera.web.pages import page


def answers_required(view):
    """The municipality's visit pages: its administrators and unit managers."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not services.answer_municipality_ids(request.user):
            raise PermissionDenied(services.NOT_MUNICIPALITY)
        return view(request, *args, **kwargs)

    return wrapper


def _county(request) -> County:
    code = (request.GET.get("lan") or request.POST.get("lan") or "")[:2]
    county = get_object_or_404(County, code=code) if code else counties_of(request.user)[0]
    require_county(request.user, county)
    return county


def _year(request) -> int:
    raw = request.GET.get("ar") or request.POST.get("ar") or ""
    year = int(raw) if raw.isdigit() else timezone.localdate().year
    return year if services.YEARS[0] <= year <= services.YEARS[1] else timezone.localdate().year


# --- the county board ---------------------------------------------------------------------------------------------


@county_required
@require_http_methods(["GET", "POST"])
def county_visits(request):
    county, year = _county(request), _year(request)
    candidates = selectors.unvisited(county, year)
    form = PlanVisitForm(request.POST or None, municipalities=candidates)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            municipality = next((m for m in candidates if m.code == form.cleaned_data["municipality"]), None)
            try:
                visit = services.plan_visit(
                    actor=request.user,
                    county=county,
                    municipality=municipality,
                    year=year,
                    planned_on=form.cleaned_data["planned_on"],
                )
            except ValidationError as error:
                attach_errors(error, form)
            else:
                messages.success(
                    request, _("Besöket i %(name)s är planerat.") % {"name": visit.municipality.name}
                )
                return redirect("county_visit", pk=visit.pk)
        status = 422
    return page(
        request,
        "county/visits.html",
        {
            "county": county,
            "counties": counties_of(request.user),
            "year": year,
            "years": selectors.visit_years(county, timezone.localdate().year),
            "visits": selectors.county_visits(request.user, county, year),
            "form": form,
        },
        nav="county",
        status=status,
    )


AREA_ORDER = {value: index for index, value in enumerate(VisitQuestion.Area.values)}


def _grouped(rows):
    """Question rows grouped by area (in the areas' order, each once), by number within an area. The template's
    numbering is the seed's, which moves between areas; the numbers stay as they are."""
    ordered = sorted(rows, key=lambda row: (AREA_ORDER.get(row.question.area, 99), row.question.number))
    return [
        (area, list(items))
        for area, items in groupby(ordered, key=lambda row: row.question.get_area_display())
    ]


def _visit_page(request, visit, forms: dict, status=200):
    done, today = forms.get("done", {}), timezone.localdate()
    return page(
        request,
        "county/visits_detail.html",
        {
            "visit": visit,
            "areas": _grouped(selectors.questions_and_answers(visit, for_county=True)),
            "sent": visit.status in selectors.SENT,
            "notes": selectors.notes(visit),
            "follow_ups": [
                (item, done.get(item.pk) or DoneForm(prefix=f"done{item.pk}", initial={"done_on": today}))
                for item in selectors.follow_ups(visit)
            ],
            "held_form": forms.get("held") or HeldForm(prefix="held"),
            "note_form": forms.get("note") or NoteForm(prefix="note"),
            "follow_up_form": forms.get("follow_up") or FollowUpForm(prefix="follow"),
            "may_hold": visit.status in services.HOLDABLE,
            "held": visit.status == Visit.Status.HELD,
            "closed": visit.status == Visit.Status.CLOSED,
        },
        nav="county",
        status=status,
    )


@county_required
@require_http_methods(["GET", "POST"])
def county_visit(request, pk: int):
    visit = selectors.visit_for_county(request.user, pk)
    if request.method == "GET":
        return _visit_page(request, visit, {})
    action = request.POST.get("action", "")
    forms = {
        "held": (
            HeldForm,
            "held",
            lambda data: services.record_held(actor=request.user, visit=visit, **data),
        ),
        "note": (NoteForm, "note", lambda data: services.add_note(actor=request.user, visit=visit, **data)),
        "follow_up": (
            FollowUpForm,
            "follow",
            lambda data: services.add_follow_up(actor=request.user, visit=visit, **data),
        ),
    }
    done = {
        "held": _("Besöket är registrerat som genomfört."),
        "note": _("Anteckningen är sparad."),
        "follow_up": _("Uppföljningspunkten är sparad."),
    }
    try:
        if action == "close":
            services.close_visit(actor=request.user, visit=visit)
            messages.success(request, _("Besöket är avslutat."))
            return redirect("county_visit", pk=visit.pk)
        if action == "done":
            follow_up = get_object_or_404(FollowUp, pk=request.POST.get("follow_up", "0"), visit=visit)
            form = DoneForm(request.POST, prefix=f"done{follow_up.pk}")
            if form.is_valid():
                try:
                    services.close_follow_up(actor=request.user, follow_up=follow_up, **form.cleaned_data)
                except ValidationError as error:
                    if isinstance(error, StateConflict):
                        raise
                    attach_errors(error, form)
                else:
                    messages.success(request, _("Punkten är markerad som klar."))
                    return redirect("county_visit", pk=visit.pk)
            return _visit_page(request, visit, {"done": {follow_up.pk: form}}, status=422)
        if action not in forms:
            raise PermissionDenied(_("Okänd åtgärd."))
        form_class, prefix, call = forms[action]
        form = form_class(request.POST, prefix=prefix)
        if form.is_valid():
            try:
                call(form.cleaned_data)
            except ValidationError as error:
                if isinstance(error, StateConflict):
                    raise
                attach_errors(error, form)
            else:
                messages.success(request, done[action])
                return redirect("county_visit", pk=visit.pk)
        return _visit_page(request, visit, {action: form}, status=422)
    except StateConflict as conflict:
        messages.error(request, conflict.detail)
        return redirect("county_visit", pk=visit.pk)


@county_required
@require_GET
def county_visits_compare(request):
    county, year = _county(request), _year(request)
    return page(
        request,
        "county/visits_compare.html",
        {
            "data": selectors.comparison(request.user, county, year),
            "counties": counties_of(request.user),
            "years": selectors.visit_years(county, timezone.localdate().year),
        },
        nav="county",
    )


# --- the municipality ---------------------------------------------------------------------------------------------


@answers_required
@require_GET
def municipality_visits(request):
    return page(
        request,
        "county/visits_municipality.html",
        {"visits": selectors.municipality_visits(request.user)},
        nav="municipality_visits",
    )


def _answer_page(request, visit, form, status=200):
    rows = selectors.questions_and_answers(visit, for_county=False)
    fields = {name: form[name] for name in form.fields}
    areas = [
        (area, [fields[services.answer_key(row.question)] for row in items]) for area, items in _grouped(rows)
    ]
    return page(
        request,
        "county/visits_answer.html",
        {
            "visit": visit,
            "form": form,
            "areas": areas,
            "rows": rows,
            "open": visit.status in services.ANSWERABLE,
        },
        nav="municipality_visits",
        status=status,
    )


@answers_required
@require_http_methods(["GET", "POST"])
def municipality_visit_answer(request, pk: int):
    visit = selectors.visit_for_municipality(request.user, pk)
    # in the order the page shows them (by area), so that the error summary follows the page
    questions = sorted(visit.template.questions.all(), key=lambda q: (AREA_ORDER.get(q.area, 99), q.number))
    if request.method == "GET":
        initial = {a.question_id: a.text for a in visit.answers.all()}
        form = AnswersForm(questions=questions, initial_answers=initial)
        return _answer_page(request, visit, form)
    form = AnswersForm(request.POST, questions=questions)
    if form.is_valid():
        submit = "submit" in request.POST
        try:
            if submit:
                services.submit_answers(actor=request.user, visit=visit, answers=form.answers())
            else:
                services.save_answers(actor=request.user, visit=visit, answers=form.answers())
        except StateConflict as conflict:
            messages.error(request, conflict.detail)
            return redirect("municipality_visit_answer", pk=visit.pk)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            if submit:
                messages.success(request, _("Svaren är skickade till Länsstyrelsen."))
                return redirect("municipality_visits")
            messages.success(
                request, _("Svaren är sparade som utkast. De skickas först när du väljer Skicka.")
            )
            return redirect("municipality_visit_answer", pk=visit.pk)
    return _answer_page(request, visit, form, status=422)


urlpatterns = [
    path("lan/besok/", county_visits, name="county_visits"),
    path("lan/besok/jamfor/", county_visits_compare, name="county_visits_compare"),
    path("lan/besok/<int:pk>/", county_visit, name="county_visit"),
    path("kommunbesok/", municipality_visits, name="municipality_visits"),
    path("kommunbesok/<int:pk>/svara/", municipality_visit_answer, name="municipality_visit_answer"),
]
