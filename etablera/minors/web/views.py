"""The pages of unaccompanied minors and young adults (issue #14), for social services: the list by next legal date
(/barn/, with the counts per kind of placement, CSV and Excel), the placements and their cost in a month
(/barn/placeringar/), and the child's page (/personer/<id>/barn/) with the forms its owners keep it by.

Only staff of social services reach the lists (403 for others); the child's page is 404 for anyone who does not see
the case (section SOCIAL). The selectors and services check again."""

from __future__ import annotations

import datetime as dt
from functools import wraps

import tablib
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from etablera.access.audit import log_event
from etablera.access.guards import municipalities_where, persons_required
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities, restrict
from etablera.minors import selectors, services
from etablera.minors.models import ChildCase, Guardian, Placement, TracingRequest
from etablera.minors.web import forms as f
from etablera.people.models import Person
from etablera.transitions import StateConflict
from etablera.web.exports import CONTENT_TYPES
from etablera.web.exports import safe_cell as export_cell
from etablera.web.forms import attach_errors
from etablera.web.pages import page

SOON = {"adult": 90, "placements_ending": 30}  # days ahead the lists look (reports: selectors.SOON_DAYS)
LISTS = ("all", "reports", "adult", "placements_ending", "young_adults")


def social_services_required(view):
    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not capabilities(request.user).social_services_municipality_ids:
            raise PermissionDenied(_("Ensamkommande barn och unga vuxna hanteras av socialtjänsten."))
        return view(request, *args, **kwargs)

    return wrapper


def _municipality(request):
    municipalities = municipalities_where(
        request.user, capabilities(request.user).social_services_municipality_ids
    )
    code = request.GET.get("kommun", "")
    return next((m for m in municipalities if m.code == code), municipalities[0]), municipalities


def list_titles() -> dict[str, str]:
    return {
        "all": _("Alla, efter nästa datum"),
        "reports": _("Anmälan om fortsatt ansvar inom tre veckor"),
        "adult": _("Fyller 18 inom 90 dagar"),
        "placements_ending": _("Placeringar som slutar inom 30 dagar"),
        "young_adults": _("Unga vuxna 18–20 år"),
    }


def _within(row, kind: str, days: int, today: dt.date) -> bool:
    return any(d.kind == kind and (d.date - today).days <= days for d in row.dates)


def _chosen(rows, chosen: str, today: dt.date):
    if chosen == "reports":
        return [r for r in rows if r.report_due_soon]
    if chosen == "adult":
        return [r for r in rows if _within(r, "ADULT", SOON["adult"], today)]
    if chosen == "placements_ending":
        return [r for r in rows if _within(r, "PLACEMENT_ENDS", SOON["placements_ending"], today)]
    if chosen == "young_adults":
        return [r for r in rows if r.age is not None and r.age >= 18]
    return rows


def _kind_counts(rows) -> list[tuple[str, int]]:
    counts = {kind: 0 for kind in Placement.Kind.values}
    none = 0
    for row in rows:
        if row.running is None:
            none += 1
        else:
            counts[row.running.kind] += 1
    labels = dict(Placement.Kind.choices)
    return [(str(labels[kind]), n) for kind, n in counts.items()] + [(_("Ingen placering"), none)]


def _export(request, rows, chosen, municipality, fmt, today):
    title = list_titles()[chosen]
    dataset = tablib.Dataset(
        headers=[_("Namn"), _("Född"), _("Ålder"), _("Placering"), _("Nästa datum"), _("Vad")],
        title=title[:31],
    )
    for row in rows:
        nxt = row.next
        dataset.append(
            [
                export_cell(value)
                for value in (
                    row.person.full_name,
                    row.person.birth_date.isoformat() if row.person.birth_date else "",
                    row.age if row.age is not None else "",
                    row.running.get_kind_display() if row.running else "",
                    nxt.date.isoformat() if nxt else "",
                    nxt.deadline.shown().title if nxt else "",
                )
            ]
        )
    log_event(
        request.user,
        AuditEvent.Action.EXPORT,
        object_type="ChildCase",
        summary=f"Ensamkommande: {title} {today.isoformat()}, {len(rows)} personer, som {fmt}",
        municipality_code=municipality.code,
    )
    response = HttpResponse(dataset.export(fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="ensamkommande-{chosen}-{today.isoformat()}.{fmt}"'
    )
    return response


@social_services_required
@require_GET
def minors_list(request):
    municipality, municipalities = _municipality(request)
    today = timezone.localdate()
    chosen = request.GET.get("lista", "all")
    if chosen not in LISTS:
        chosen = "all"
    rows = selectors.children(request.user, municipality.pk, today)
    shown = _chosen(rows, chosen, today)
    fmt = request.GET.get("format", "")
    if fmt in CONTENT_TYPES:
        return _export(request, shown, chosen, municipality, fmt, today)
    titles = list_titles()
    return page(
        request,
        "minors/list.html",
        {
            "municipality": municipality,
            "municipalities": municipalities,
            "chosen": chosen,
            "title": titles[chosen],
            "tabs": [(name, titles[name], len(_chosen(rows, name, today))) for name in LISTS],
            "rows": shown,
            "kinds": _kind_counts(rows),
            "today": today,
        },
        nav="minors",
    )


def _month(text: str, today: dt.date) -> dt.date:
    try:
        year, month = (int(part) for part in text.split("-", 1))
        return dt.date(year, month, 1)
    except (ValueError, TypeError):
        return today.replace(day=1)


@social_services_required
@require_GET
def minors_placements(request):
    municipality, municipalities = _municipality(request)
    today = timezone.localdate()
    month = _month(request.GET.get("manad", ""), today)
    costs = selectors.placement_costs(request.user, municipality.pk, month)
    fmt = request.GET.get("format", "")
    if fmt in CONTENT_TYPES:
        dataset = tablib.Dataset(
            headers=[
                _("Namn"),
                _("Placeringsform"),
                _("Utförare"),
                _("Dygn"),
                _("Kostnad per dygn"),
                _("Kostnad"),
            ],
            title=f"{month:%Y-%m}",
        )
        for row in costs.rows:
            dataset.append(
                [
                    export_cell(v)
                    for v in (
                        row.person.full_name,
                        row.placement.get_kind_display(),
                        row.placement.provider,
                        row.days,
                        str(row.placement.cost_per_day),
                        str(row.cost),
                    )
                ]
            )
        log_event(
            request.user,
            AuditEvent.Action.EXPORT,
            object_type="Placement",
            summary=f"Placeringar och kostnad {month:%Y-%m}, {len(costs.rows)} rader, som {fmt}",
            municipality_code=municipality.code,
        )
        response = HttpResponse(dataset.export(fmt), content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="placeringar-{month:%Y-%m}.{fmt}"'
        return response
    labels = dict(Placement.Kind.choices)
    return page(
        request,
        "minors/placements.html",
        {
            "municipality": municipality,
            "municipalities": municipalities,
            "costs": costs,
            "kinds": [(labels[k], *v) for k, v in costs.by_kind.items()],
            "previous": (month - dt.timedelta(days=1)).replace(day=1),
            "next": (month + dt.timedelta(days=32)).replace(day=1),
        },
        nav="minors",
    )


# --- the child's page -----------------------------------------------------------------------------------------------


def _forms(data, bound=None) -> dict:
    case = data.case
    initial = {name: getattr(case, name) for name in services.case.FACTS}
    made = {
        "arende": f.CaseForm(initial=initial),
        "placering": f.PlacementForm(),
        "avsluta": f.EndPlacementForm(),
        "foretradare": f.GuardianForm(),
        "upphor": f.EndGuardianForm(),
        "anmalan": f.ReportForm(initial={"sent_on": timezone.localdate()}),
        "beslut": f.After18Form(),
        "besok": f.VisitForm(initial={"visited_on": timezone.localdate()}),
        "efterforskning": f.TracingForm(),
        "utfall": f.SettleTracingForm(),
        "avslut": f.CloseForm(),
    }
    made.update(bound or {})
    return made


def _render(request, data, bound=None, status=200):
    return page(
        request,
        "minors/child.html",
        {"data": data, "person": data.person, "case": data.case, "forms": _forms(data, bound)},
        nav="minors",
        status=status,
    )


@persons_required
@require_GET
def minors_child(request, public_id):
    return _render(request, selectors.child_page(request.user, public_id))


def _back(person, anchor):
    return redirect(reverse("minors_child", args=[person.public_id]) + f"#{anchor}")


def _run(request, data, form, anchor, call, done):
    if not form.is_valid():
        return _render(request, data, bound={form.prefix: form}, status=422)
    try:
        call(form.cleaned_data)
    except StateConflict as conflict:
        messages.error(request, conflict.detail)
        return _back(data.person, anchor)
    except ValidationError as error:
        attach_errors(error, form)
        return _render(request, data, bound={form.prefix: form}, status=422)
    messages.success(request, done)
    return _back(data.person, anchor)


def _one(model, case, public_id):
    return model.objects.filter(case=case, public_id=public_id).first()


@persons_required
@require_POST
def minors_child_action(request, public_id):
    """One form of the child's page, named by `action`."""
    data = selectors.child_page(request.user, public_id)
    if not data.may_write:
        raise PermissionDenied(_("Barnärendet hanteras av socialtjänsten i den ansvariga kommunen."))
    user, case, post = request.user, data.case, request.POST
    action = post.get("action", "")
    if action == "case":
        return _run(
            request,
            data,
            f.CaseForm(post),
            "arende",
            lambda d: services.update_case(user, case, **d),
            _("Uppgifterna är sparade."),
        )
    if action == "placement":
        return _run(
            request,
            data,
            f.PlacementForm(post),
            "placeringar",
            lambda d: services.add_placement(user, case, **d),
            _("Placeringen är registrerad."),
        )
    if action == "end_placement":
        form = f.EndPlacementForm(post)

        def end(d):
            placement = _one(Placement, case, d["placement"])
            if placement is None:
                raise ValidationError({"ends_on": _("Placeringen finns inte längre.")})
            services.end_placement(user, placement, ends_on=d["ends_on"], reason=d["end_reason"])

        return _run(request, data, form, "placeringar", end, _("Placeringen är avslutad."))
    if action == "guardian":
        return _run(
            request,
            data,
            f.GuardianForm(post),
            "foretradare",
            lambda d: services.add_guardian(user, case, **d),
            _("Företrädaren är registrerad."),
        )
    if action == "end_guardian":
        form = f.EndGuardianForm(post)

        def end_guardian(d):
            guardian = _one(Guardian, case, d["guardian"])
            if guardian is None:
                raise ValidationError({"ended_on": _("Företrädaren finns inte längre.")})
            services.end_guardian(user, guardian, ended_on=d["ended_on"], reason=d["end_reason"])

        return _run(request, data, form, "foretradare", end_guardian, _("Uppdraget är avslutat."))
    if action == "report":
        return _run(
            request,
            data,
            f.ReportForm(post),
            "datum",
            lambda d: services.record_report_sent(user, case, **d),
            _("Anmälan är registrerad som skickad."),
        )
    if action == "after_18":
        return _run(
            request,
            data,
            f.After18Form(post),
            "datum",
            lambda d: services.decide_after_18(user, case, **d),
            _("Beslutet är registrerat."),
        )
    if action == "visit":
        return _run(
            request,
            data,
            f.VisitForm(post),
            "besok",
            lambda d: services.record_visit(user, case, placement=data.running, **d),
            _("Besöket är registrerat."),
        )
    if action == "tracing":
        return _run(
            request,
            data,
            f.TracingForm(post),
            "efterforskning",
            lambda d: services.record_tracing(user, case, **d),
            _("Efterforskningen är registrerad."),
        )
    if action == "settle_tracing":
        form = f.SettleTracingForm(post)

        def settle(d):
            tracing = _one(TracingRequest, case, d["tracing"])
            if tracing is None:
                raise ValidationError({"outcome": _("Efterforskningen finns inte längre.")})
            services.settle_tracing(user, tracing, outcome=d["outcome"], closed_on=d["closed_on"])

        return _run(request, data, form, "efterforskning", settle, _("Efterforskningen är avslutad."))
    if action == "close":
        return _run(
            request,
            data,
            f.CloseForm(post),
            "avslut",
            lambda d: services.close_case(user, case, **d),
            _("Barnärendet är avslutat."),
        )
    messages.error(request, _("Okänd åtgärd."))
    return _back(data.person, "arende")


@persons_required
@require_http_methods(["GET", "POST"])
def minors_open(request, public_id):
    """Open the child's case for a person the user sees (social services of the person's municipality)."""
    person = (
        restrict(request.user, Person.objects.select_related("municipality"))
        .filter(public_id=public_id)
        .first()
    )
    if person is None:
        raise Http404
    if person.municipality_id not in capabilities(request.user).social_services_municipality_ids:
        raise PermissionDenied(_("Barnärendet öppnas av socialtjänsten i personens kommun."))
    if ChildCase.objects.filter(person=person).exists():
        return redirect("minors_child", public_id=person.public_id)
    form = f.CaseForm(request.POST or None, initial={"asylum_status": ChildCase.AsylumStatus.SEEKING})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.open_case(request.user, person, **form.cleaned_data)
            except ValidationError as error:
                attach_errors(error, form)
            else:
                messages.success(request, _("Barnärendet är öppnat."))
                return redirect("minors_child", public_id=person.public_id)
        status = 422
    return page(request, "minors/open.html", {"person": person, "form": form}, nav="minors", status=status)
