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

from etablera.access.audit import log_event, log_list
from etablera.access.guards import municipalities_where, persons_required
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities, restrict
from etablera.minors import homes, selectors, services
from etablera.minors.models import ChildCase, Placement
from etablera.minors.web import forms as f
from etablera.people.models import Household, Person
from etablera.transitions import StateConflict
from etablera.web.exports import CONTENT_TYPES
from etablera.web.exports import safe_cell as export_cell
from etablera.web.forms import attach_errors
from etablera.web.pages import page

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


def list_titles(today: dt.date) -> dict[str, str]:
    """The lists' titles, with how far ahead each looks (selectors.window_days: the municipality's parameters)."""

    def days(kind: str) -> dict:
        return {"days": selectors.window_days(kind, today)}

    return {
        "all": _("Alla, efter nästa datum"),
        "reports": _("Anmälan om fortsatt ansvar inom %(days)s dagar") % days("REPORT"),
        "adult": _("Fyller 18 inom %(days)s dagar") % days("ADULT"),
        "placements_ending": _("Placeringar som slutar inom %(days)s dagar") % days("PLACEMENT_ENDS"),
        "young_adults": _("Unga vuxna 18–20 år"),
    }


# The lists' tabs: a kind of date within its window (or overdue), or the young adults.
_WITHIN = {"reports": "REPORT", "adult": "ADULT", "placements_ending": "PLACEMENT_ENDS"}


def _chosen(rows, chosen: str, today: dt.date):
    if chosen in _WITHIN:
        kind = _WITHIN[chosen]
        days = selectors.window_days(kind, today)
        return [r for r in rows if r.due_within(kind, today, days)]
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
    title = list_titles(today)[chosen]
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
    titles = list_titles(today)
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


def _forms(request, data, bound=None) -> dict:
    case = data.case
    initial = {name: getattr(case, name) for name in services.case.FACTS}
    bound = bound or {}
    made = {
        "arende": f.CaseForm(initial=initial),
        "avsluta": f.EndPlacementForm(),
        "foretradare": f.GuardianForm(),
        "upphor": f.EndGuardianForm(),
        "anmalan": f.ReportForm(initial={"sent_on": timezone.localdate()}),
        "beslut": f.After18Form(),
        "besok": f.VisitForm(initial={"visited_on": timezone.localdate()}),
        "efterforskning": f.TracingForm(),
        "utfall": f.SettleTracingForm(),
        "anhorig": f.RelativeForm(initial={"noted_on": timezone.localdate()}),
        "bort": f.UnlinkRelativeForm(),
        "avslut": f.CloseForm(),
    }
    if "placering" not in bound:  # its homes to choose are a query: only when the form is shown
        units = homes.units_to_choose(request.user, case) if data.may_write else ()
        made["placering"] = f.PlacementForm(units=units)
    made.update(bound)
    return made


def _render(request, data, bound=None, status=200):
    homes.mark_placement_homes(request.user, data.person, data.placements)
    return page(
        request,
        "minors/child.html",
        {
            "data": data,
            "person": data.person,
            "case": data.case,
            "forms": _forms(request, data, bound),
            "anchored": _relatives(request.user, data),
        },
        nav="minors",
        status=status,
    )


def _relatives(user, data) -> list[Household]:
    """Sets `household_seen` on each linked relative (whether the user may open the household), and returns the
    households not linked yet whose anchor (anknytningsperson) is the child, with their anvisningar — the links a
    caseworker is likely to make next. Only households the user sees; those shown are logged."""
    ids = {r.household_id for r in data.relatives}
    seen = restrict(user, Household.objects.all())
    linked = set(seen.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    for relative in data.relatives:
        relative.household_seen = relative.household_id in linked
    if not data.may_write:
        return []
    anchored = list(
        seen.filter(anchor_person=data.person)
        .exclude(pk__in=ids)
        .select_related("municipality")
        .prefetch_related("assignments")
        .order_by("name", "pk")
    )
    log_list(user, anchored, "Barnärendet: hushåll med barnet som anknytningsperson")
    return anchored


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


def _on_record(request, data, form: f.RecordForm, service):
    """_run for a form about one record of the case: the record its hidden field names, found on this case (one no
    longer there is the form's `gone` error), is given to `service` with the form's other fields."""

    def call(cleaned):
        record = _one(form.model, data.case, cleaned[form.record])
        if record is None:
            raise ValidationError({form.gone_field: form.gone} if form.gone_field else form.gone)
        service(request.user, record, **form.arguments())

    return _run(request, data, form, form.section, call, form.done)


# The forms of the child's page by their `action`, and the service each calls: with the case and the form's fields,
# or, for a RecordForm, with the record the form names (_on_record).
ACTIONS = {
    "case": (f.CaseForm, services.update_case),
    "placement": (f.PlacementForm, services.add_placement),
    "end_placement": (f.EndPlacementForm, services.end_placement),
    "guardian": (f.GuardianForm, services.add_guardian),
    "end_guardian": (f.EndGuardianForm, services.end_guardian),
    "report": (f.ReportForm, services.record_report_sent),
    "after_18": (f.After18Form, services.decide_after_18),
    "visit": (f.VisitForm, services.record_visit),
    "tracing": (f.TracingForm, services.record_tracing),
    "settle_tracing": (f.SettleTracingForm, services.settle_tracing),
    "relative": (f.RelativeForm, services.link_relative),
    "unlink_relative": (f.UnlinkRelativeForm, services.unlink_relative),
    "close": (f.CloseForm, services.close_case),
}


@persons_required
@require_POST
def minors_child_action(request, public_id):
    """One form of the child's page, named by `action`."""
    data = selectors.child_page(request.user, public_id)
    if not data.may_write:
        raise PermissionDenied(_("Barnärendet hanteras av socialtjänsten i den ansvariga kommunen."))
    user, case, post = request.user, data.case, request.POST
    if post.get("action", "") not in ACTIONS:
        messages.error(request, _("Okänd åtgärd."))
        return _back(data.person, "arende")
    form_class, service = ACTIONS[post["action"]]
    if issubclass(form_class, f.RecordForm):
        return _on_record(request, data, form_class(post), service)
    if form_class is f.PlacementForm:  # its choice of homes is the user's
        form = f.PlacementForm(post, units=homes.units_to_choose(user, case))
    else:
        form = form_class(post)
    extra = (
        {"placement": data.running} if form_class is f.VisitForm else {}
    )  # a visit is to where the child lives
    return _run(request, data, form, form.section, lambda d: service(user, case, **extra, **d), form.done)


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
