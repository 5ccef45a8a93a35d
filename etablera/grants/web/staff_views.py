"""The staff's pages of grants (issue #17), behind civil_required: the programmes (list, create, change, open and
close), a programme's applications, an application (assess, decide, pay, register a report back), the CSV export,
and the report of grants decided and reported per association and programme. A state change that someone else made
first is shown as a message with the application as it now is."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from etablera.access.audit import log_event
from etablera.access.guards import civil_required, municipalities_where
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities
from etablera.grants import selectors, visibility
from etablera.grants.models import GrantProgramme
from etablera.grants.services import decisions, programmes
from etablera.grants.web.forms import AssessForm, DecisionForm, PaymentForm, ProgrammeForm, ReportForm
from etablera.money.models import FundingYear
from etablera.rules.grants import age_bands
from etablera.transitions import StateConflict
from etablera.web.exports import safe_cell
from etablera.web.forms import attach_errors
from etablera.web.pages import page

NAV = "grants"


def _pots(municipality_id):
    return FundingYear.objects.filter(municipality_id=municipality_id, model=FundingYear.Model.POT)


@civil_required
@require_GET
def programme_list(request):
    rows = selectors.programmes_for_user(request.user)
    return page(request, "grants/programmes.html", {"programmes": rows}, nav=NAV)


@civil_required
@require_http_methods(["GET", "POST"])
def programme_create(request):
    user = request.user
    municipalities = municipalities_where(user, visibility.handled_municipality_ids(capabilities(user)))
    municipality = municipalities[0]
    form = ProgrammeForm(request.POST or None, pots=_pots(municipality.pk))
    if request.method == "POST" and form.is_valid():
        try:
            programme = programmes.create_programme(user, municipality=municipality, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Programmet är sparat som utkast."))
            return redirect("grants_programme", public_id=programme.public_id)
    status = 422 if request.method == "POST" else 200
    return page(
        request, "grants/programme_form.html", {"form": form, "programme": None}, nav=NAV, status=status
    )


@civil_required
@require_http_methods(["GET", "POST"])
def programme_edit(request, public_id):
    programme = selectors.get_programme_for_user(request.user, public_id)
    form = ProgrammeForm(
        request.POST or None,
        initial=ProgrammeForm.initial_for(programme),
        pots=_pots(programme.municipality_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            programmes.update_programme(request.user, programme, **form.cleaned_data)
        except ValidationError as error:  # a StateConflict too, at its field
            attach_errors(error, form)
        else:
            messages.success(request, _("Programmet är sparat."))
            return redirect("grants_programme", public_id=programme.public_id)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "programme": programme}
    return page(request, "grants/programme_form.html", context, nav=NAV, status=status)


@civil_required
@require_POST
def programme_status(request, public_id):
    programme = selectors.get_programme_for_user(request.user, public_id)
    status = request.POST.get("status", "")
    try:
        programmes.set_programme_status(request.user, programme, status=status)
    except StateConflict as conflict:
        messages.error(request, conflict.detail)
    else:
        messages.success(
            request, _("Programmet är nu: %(status)s.") % {"status": programme.get_status_display()}
        )
    return redirect("grants_programme", public_id=programme.public_id)


@civil_required
@require_GET
def programme_detail(request, public_id):
    programme = selectors.get_programme_for_user(request.user, public_id)
    applications = selectors.applications_for(request.user, programme)
    context = {
        "programme": programme,
        "applications": applications,
        "granted": decisions.granted_total(programme),
        "statuses": GrantProgramme.Status,
    }
    return page(request, "grants/programme.html", context, nav=NAV)


CSV_COLUMNS = (
    ("reference", "Diarienummer"),
    ("association_name", "Förening"),
    ("organisation_number", "Organisationsnummer"),
    ("status_display", "Status"),
    ("amount_applied", "Sökt (kr)"),
    ("amount_granted", "Beviljat (kr)"),
    ("decision_reasons", "Motivering"),
    ("conditions", "Villkor"),
    ("decided_at", "Beslutad"),
    ("paid_on", "Utbetald"),
    ("paid_amount", "Utbetalt (kr)"),
    ("report_deadline", "Återrapport senast"),
    ("report_submitted_at", "Återrapport inkom"),
    ("report_money_used", "Använt (kr)"),
    ("participants", "Deltagare"),
)


@civil_required
@require_GET
def programme_export(request, public_id):
    """The applications and decisions for the municipality's records: the associations, no contact person."""
    programme = selectors.get_programme_for_user(request.user, public_id)
    rows = selectors.applications_for(request.user, programme, log=False)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="bidrag-{programme.public_id}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([title for _name, title in CSV_COLUMNS])
    for application in rows:
        values = {
            "status_display": application.get_status_display(),
            "participants": application.participant_total() if application.report_submitted_at else "",
            "decided_at": timezone.localtime(application.decided_at).date() if application.decided_at else "",
            "report_submitted_at": (
                timezone.localtime(application.report_submitted_at).date()
                if application.report_submitted_at
                else ""
            ),
        }
        writer.writerow(
            [
                safe_cell(values[name] if name in values else getattr(application, name))
                for name, _t in CSV_COLUMNS
            ]
        )
    log_event(
        request.user,
        AuditEvent.Action.EXPORT,
        object_type="GrantProgramme",
        summary=f"Export av ansökningar {programme.name} ({len(rows)})",
        municipality_code=programme.municipality.code,
    )
    return response


def _application_page(request, application, *, status=200, **forms):
    today = timezone.localdate()
    caps = capabilities(request.user)
    context = {
        "application": application,
        "programme": application.programme,
        "may_decide": visibility.decides(caps, application.municipality_id),
        "assess_form": forms.get("assess_form") or AssessForm(initial={"assessment": application.assessment}),
        "decision_form": forms.get("decision_form")
        or DecisionForm(initial={"amount_granted": application.amount_applied}),
        "payment_form": forms.get("payment_form")
        or PaymentForm(initial={"paid_on": today, "amount": application.amount_granted}),
        "report_form": forms.get("report_form") or ReportForm(bands=age_bands(today)),
        "bands": age_bands(today),
        "Status": application.Status,
    }
    return page(request, "grants/application.html", context, nav=NAV, status=status)


@civil_required
@require_GET
def application_detail(request, public_id):
    application = selectors.get_application_for_user(request.user, public_id)
    return _application_page(request, application)


def _act(request, public_id, form_class, form_key, action, success, **form_kwargs):
    application = selectors.get_application_for_user(request.user, public_id)
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            action(application, form)
        except StateConflict as conflict:
            messages.error(request, conflict.detail)
            return redirect("grants_application", public_id=application.public_id)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, success)
            return redirect("grants_application", public_id=application.public_id)
    return _application_page(request, application, status=422, **{form_key: form})


@civil_required
@require_POST
def application_assess(request, public_id):
    def action(application, form):
        decisions.assess(request.user, application, assessment=form.cleaned_data["assessment"])

    return _act(request, public_id, AssessForm, "assess_form", action, _("Bedömningen är sparad."))


@civil_required
@require_POST
def application_decide(request, public_id):
    def action(application, form):
        data = form.cleaned_data
        decisions.decide(
            request.user,
            application,
            granted=data["outcome"] == "grant",
            amount_granted=data["amount_granted"],
            reasons=data["reasons"],
            conditions=data["conditions"],
            report_deadline=data["report_deadline"],
            base_url=request.build_absolute_uri("/"),
        )

    return _act(
        request, public_id, DecisionForm, "decision_form", action, _("Beslutet är sparat och skickat.")
    )


@civil_required
@require_POST
def application_pay(request, public_id):
    def action(application, form):
        decisions.pay(request.user, application, **form.cleaned_data)

    return _act(request, public_id, PaymentForm, "payment_form", action, _("Utbetalningen är registrerad."))


@civil_required
@require_POST
def application_report(request, public_id):
    def action(application, form):
        decisions.register_report(request.user, application, form.service_values())

    bands = age_bands(timezone.localdate())
    return _act(
        request, public_id, ReportForm, "report_form", action, _("Återrapporten är registrerad."), bands=bands
    )


@civil_required
@require_GET
def report(request):
    result = selectors.decided_and_reported(request.user)
    return page(request, "grants/report.html", {"report": result}, nav=NAV)
