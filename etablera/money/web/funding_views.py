"""The pot and the split of the schablon (issue #15): where the municipality's compensation goes.

- /ersattning/fordelning/: the year — its model and budget (the form to set them up), the figures (budget, applied,
  granted, spent, left), a bar chart with its table beside it per applicant or per recipient, the applications
  (the pot) or the shares (the split), and the year as CSV or Excel.
- /ersattning/fordelning/ansokan/ny/: an application to the pot registered.
- /ersattning/fordelning/ansokan/<id>/: one application, with the forms to decide it and to report back.
- /ersattning/fordelning/andelar/: a share added or removed (POST).

Everyone with the money pages reads (money_required); the controller, the integration unit and administrators write
(policy.money_manage_municipality_ids): a reader gets 403 on every POST. An application of another municipality is
404. The pages name units and associations, never persons."""

from __future__ import annotations

import datetime as dt

import tablib
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from etablera.access.audit import log_event
from etablera.access.guards import money_required, municipalities_where
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities
from etablera.money import selectors_funding as selectors
from etablera.money.models import FundingYear, PotApplication
from etablera.money.services import funding as services
from etablera.money.web.funding_forms import (
    ApplicationForm,
    DecisionForm,
    FundingYearForm,
    ReportForm,
    ShareForm,
)
from etablera.transitions import StateConflict
from etablera.web.exports import CONTENT_TYPES, safe_cell
from etablera.web.forms import attach_errors
from etablera.web.pages import page

Status = PotApplication.Status
# The chart: a row per applicant (or recipient) with up to three bars, the names in the left margin.
WIDTH, LEFT, RIGHT, TOP, BAR, GAP = 720, 210, 12, 8, 12, 14
LABEL_CHARS = 24


def _municipality(request, ids):
    """The municipality chosen by `kommun` among the user's `ids` (the first otherwise); 403 for none."""
    municipalities = municipalities_where(request.user, ids)
    if not municipalities:
        raise PermissionDenied(_("Du kan läsa fördelningen men inte ändra den."))
    code = request.POST.get("kommun", "") or request.GET.get("kommun", "")
    return next((m for m in municipalities if m.code == code), municipalities[0]), municipalities


def _managed(request):
    return _municipality(request, capabilities(request.user).money_manage_municipality_ids)


def _year(request, today: dt.date) -> int:
    try:
        year = int(request.POST.get("ar", "") or request.GET.get("ar", ""))
    except ValueError:
        return today.year
    return year if services.FIRST_YEAR <= year <= today.year + 2 else today.year


def _funding_url(municipality, year: int) -> str:
    return f"{reverse('money_funding')}?kommun={municipality.code}&ar={year}"


# --- the chart -------------------------------------------------------------------------------------------------------


def _bar(kind: str, label: str, value: int, x_scale: float, y: float) -> dict:
    return {
        "kind": kind,  # outline (budget or applied), filled (granted or the share), striped (spent, not distributed)
        "x": LEFT,
        "y": f"{y:.1f}",
        "width": f"{max(value, 0) * x_scale:.1f}",
        "height": BAR,
        "title": f"{label}: {number_format(value, force_grouping=True)} kr",
    }


def chart(data: selectors.FundingSummary) -> dict:
    """The bars of the year: for the pot the year (budget, granted, spent) and each applicant (applied, granted,
    spent); for the split the budget, each recipient's amount and what is not distributed."""
    if data.is_pot:
        groups = [(_("Hela året"), [("outline", _("Budget"), data.budget)])]
        groups[0][1].extend([("filled", _("Beviljat"), data.granted), ("striped", _("Använt"), data.spent)])
        for row in data.applicants:
            groups.append(
                (
                    row.label,
                    [
                        ("outline", _("Sökt"), row.applied),
                        ("filled", _("Beviljat"), row.granted),
                        ("striped", _("Använt"), row.spent),
                    ],
                )
            )
    else:
        groups = [(_("Budget"), [("outline", _("Budget"), data.budget)])]
        groups += [(r.label, [("filled", _("Belopp"), r.amount)]) for r in data.recipients]
        groups.append((_("Ej fördelat"), [("striped", _("Ej fördelat"), data.undistributed)]))
    top = max([1, *(value for _label, bars in groups for _kind, _name, value in bars)])
    x_scale = (WIDTH - LEFT - RIGHT) / top
    rows, y = [], TOP
    for label, bars in groups:
        short = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
        drawn = [
            _bar(kind, f"{label}, {name}", value, x_scale, y + i * BAR)
            for i, (kind, name, value) in enumerate(bars)
        ]
        rows.append({"label": short, "y": f"{y + len(bars) * BAR / 2 + 5:.1f}", "bars": drawn})
        y += len(bars) * BAR + GAP
    return {"rows": rows, "height": int(y + TOP), "label_x": LEFT - 8}


# --- the year --------------------------------------------------------------------------------------------------------


def _render(request, municipality, municipalities, year, *, setup_form=None, share_form=None, status=200):
    user = request.user
    data = selectors.summary(user, municipality.pk, year)
    may_write = municipality.pk in capabilities(user).money_manage_municipality_ids
    if may_write and setup_form is None:
        initial = {"model": FundingYear.Model.POT}
        if data is not None:
            initial = {k: getattr(data.funding_year, k) for k in ("model", "budget", "note")}
        setup_form = FundingYearForm(initial=initial)
    if may_write and share_form is None and data is not None and not data.is_pot:
        share_form = ShareForm(units=selectors.units_of(municipality.pk))
    today = timezone.localdate()
    return page(
        request,
        "money/funding.html",
        {
            "municipality": municipality,
            "municipalities": municipalities,
            "year": year,
            "years": list(range(today.year + 2, services.FIRST_YEAR - 1, -1)),
            "set_up": selectors.years_set_up(user, municipality.pk),
            "data": data,
            "chart": chart(data) if data is not None else None,
            "may_write": may_write,
            "setup_form": setup_form if may_write else None,
            "share_form": share_form if may_write else None,
        },
        nav="money",
        status=status,
    )


def _export(request, municipality, data: selectors.FundingSummary, fmt: str):
    year = data.funding_year.year
    if data.is_pot:
        headers = [_("Sökande"), _("Syfte"), _("Period från"), _("Period till"), _("Status")]
        headers += [
            _("Sökt (kr)"),
            _("Beviljat (kr)"),
            _("Använt (kr)"),
            _("Beslut den"),
            _("Återrapporterad den"),
        ]
        rows = [
            [
                selectors.applicant_label(a),
                a.purpose,
                a.period_start.isoformat(),
                a.period_end.isoformat(),
                a.get_status_display(),
                a.amount_applied,
                a.amount_granted if a.amount_granted is not None else "",
                a.spent if a.spent is not None else "",
                a.decided_on.isoformat() if a.decided_on else "",
                a.reported_on.isoformat() if a.reported_on else "",
            ]
            for a in data.applications
        ]
        rows.append([_("Budget"), "", "", "", "", "", data.budget, "", "", ""])
    else:
        headers = [_("Mottagare"), _("Andel (%)"), _("Belopp (kr)")]
        rows = [[r.label, str(r.percent), r.amount] for r in data.recipients]
        rows.append([_("Ej fördelat"), str(services.MAX_PERCENT - data.percent_total), data.undistributed])
        rows.append([_("Budget"), "100.00", data.budget])
    dataset = tablib.Dataset(headers=headers, title=_("Fördelning %(year)s") % {"year": year})
    for row in rows:
        dataset.append([safe_cell(value) for value in row])
    log_event(
        request.user,
        AuditEvent.Action.EXPORT,
        object_type="money.FundingYear",
        object_id=str(data.funding_year.pk),
        summary=f"Fördelning av schablonen {year}, {len(rows)} rader, som {fmt}",
        municipality_code=municipality.code,
    )
    response = HttpResponse(dataset.export(fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="fordelning-{municipality.code}-{year}.{fmt}"'
    return response


@money_required
@require_http_methods(["GET", "POST"])
def money_funding(request):
    user = request.user
    today = timezone.localdate()
    if request.method == "POST":
        municipality, managed = _managed(request)
        year = _year(request, today)
        form = FundingYearForm(request.POST)
        if form.is_valid():
            try:
                services.set_up_year(user, municipality=municipality, year=year, **form.cleaned_data)
            except (
                ValidationError
            ) as error:  # a StateConflict too: the model that cannot change, at its field
                attach_errors(error, form)
            else:
                messages.success(request, _("Fördelningen för %(year)s är sparad.") % {"year": year})
                return redirect(_funding_url(municipality, year))
        return _render(request, municipality, managed, year, setup_form=form, status=422)
    municipality, municipalities = _municipality(request, capabilities(user).money_municipality_ids)
    year = _year(request, today)
    fmt = request.GET.get("format", "")
    if fmt in CONTENT_TYPES:
        data = selectors.summary(user, municipality.pk, year)
        if data is None:
            messages.error(request, _("%(year)s har ingen fördelning att ladda ner.") % {"year": year})
            return redirect(_funding_url(municipality, year))
        return _export(request, municipality, data, fmt)
    return _render(request, municipality, municipalities, year)


# --- the pot ---------------------------------------------------------------------------------------------------------


@money_required
@require_http_methods(["GET", "POST"])
def money_funding_application_new(request):
    municipality, _managed_ones = _managed(request)
    year = _year(request, timezone.localdate())
    funding_year = selectors.funding_year(request.user, municipality.pk, year)
    if funding_year is None or funding_year.model != FundingYear.Model.POT:
        messages.error(
            request, _("%(year)s har ingen central pott att söka ur. Lägg upp året först.") % {"year": year}
        )
        return redirect(_funding_url(municipality, year))
    form = ApplicationForm(request.POST or None, units=selectors.units_of(municipality.pk))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                application = services.apply(request.user, funding_year=funding_year, **form.cleaned_data)
            except ValidationError as error:
                attach_errors(error, form)
            else:
                messages.success(request, _("Ansökan är registrerad."))
                return redirect("money_funding_application", pk=application.pk)
        status = 422
    return page(
        request,
        "money/funding_application_new.html",
        {"form": form, "funding_year": funding_year, "municipality": municipality},
        nav="money",
        status=status,
    )


def _forms(application, may_write, data=None, action=""):
    decision = report = None
    if may_write and application.status == Status.APPLIED:
        initial = {"expected_status": application.status, "status": Status.GRANTED}
        decision = DecisionForm(data if action == "decide" else None, initial=initial)
    if may_write and application.status == Status.GRANTED:
        initial = {"expected_status": application.status, "spent": application.amount_granted}
        report = ReportForm(data if action == "report" else None, initial=initial)
    return decision, report


def _render_application(request, application, decision, report, status=200):
    return page(
        request,
        "money/funding_application.html",
        {
            "application": application,
            "funding_year": application.funding_year,
            "municipality": application.funding_year.municipality,
            "applicant": selectors.applicant_label(application),
            "decision_form": decision,
            "report_form": report,
        },
        nav="money",
        status=status,
    )


@money_required
@require_http_methods(["GET", "POST"])
def money_funding_application(request, pk: int):
    user = request.user
    if request.method == "POST":
        _managed(request)  # a reader is refused before anything is looked up
    application = selectors.application_for_user(user, pk)
    may_write = application.funding_year.municipality_id in capabilities(user).money_manage_municipality_ids
    if request.method == "GET":
        return _render_application(request, application, *_forms(application, may_write))
    if not may_write:
        raise PermissionDenied(services.not_yours())
    action = request.POST.get("action", "")
    decision, report = _forms(application, may_write, request.POST, action)
    form, prefix = (decision, DecisionForm.prefix) if action == "decide" else (report, ReportForm.prefix)
    if form is None or request.POST.get(f"{prefix}-expected_status") != application.status:
        messages.error(request, _("Ansökan har ändrats sedan sidan visades. Här är den som den är nu."))
        return redirect("money_funding_application", pk=application.pk)
    if form.is_valid():
        values = dict(form.cleaned_data)
        try:
            if action == "decide":
                services.decide(user, application, **values)
            else:
                services.report_back(user, application, **values)
        except StateConflict as conflict:  # someone else was first: show the application as it is now
            messages.error(request, conflict.detail)
            return redirect("money_funding_application", pk=application.pk)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(
                request, _("Ansökan är sparad: %(status)s.") % {"status": application.get_status_display()}
            )
            return redirect("money_funding_application", pk=application.pk)
    return _render_application(request, application, decision, report, status=422)


# --- the split -------------------------------------------------------------------------------------------------------


@money_required
@require_POST
def money_funding_shares(request):
    user = request.user
    municipality, managed = _managed(request)
    year = _year(request, timezone.localdate())
    back = redirect(_funding_url(municipality, year))
    funding_year = selectors.funding_year(user, municipality.pk, year)
    if funding_year is None:
        messages.error(request, _("Lägg upp %(year)s med fast fördelning först.") % {"year": year})
        return back
    if request.POST.get("action") == "remove":
        try:
            share = selectors.share_for_user(user, funding_year, int(request.POST.get("share", "")))
        except ValueError:
            share = None
        if share is None:
            messages.error(request, _("Andelen finns inte, eller är redan borttagen."))
            return back
        try:
            services.remove_share(user, share)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Andelen är borttagen."))
        return back
    form = ShareForm(request.POST, units=selectors.units_of(municipality.pk))
    if form.is_valid():
        try:
            services.add_share(user, funding_year=funding_year, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Andelen är tillagd."))
            return back
    return _render(request, municipality, managed, year, share_form=form, status=422)


urlpatterns = [
    path("ersattning/fordelning/", money_funding, name="money_funding"),
    path(
        "ersattning/fordelning/ansokan/ny/",
        money_funding_application_new,
        name="money_funding_application_new",
    ),
    path(
        "ersattning/fordelning/ansokan/<int:pk>/", money_funding_application, name="money_funding_application"
    ),
    path("ersattning/fordelning/andelar/", money_funding_shares, name="money_funding_shares"),
]
