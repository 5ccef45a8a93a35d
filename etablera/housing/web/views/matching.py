"""Matchning (run the matching, the latest run against first come first served, accept or reject each proposal)
and Importera bostäder (a dry run of the housing company's file, then confirm). The algorithm, the checks and the
audit events are the housing app's (matching_services, importers); these views parse and render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from etablera.access.guards import housing_required, municipalities_where
from etablera.access.policy import capabilities
from etablera.background import services as background
from etablera.housing import jobs, matching_services, selectors
from etablera.housing.importers import import_units
from etablera.housing.web.forms import AcceptProposalForm, RejectProposalForm, RunMatchingForm, UnitImportForm
from etablera.transitions import StateConflict
from etablera.web.forms import attach_errors
from etablera.web.import_view import ImportPage
from etablera.web.pages import page


def _summary_labels() -> dict[str, str]:
    """Keys of the run's summary (what the optimum and first come, first served achieved) in the table's order."""
    return {
        "housed": _("Hushåll som får bostad"),
        "housed_on_time": _("varav före sista dag"),
        "deadlines_missed": _("Hushåll som missar sin sista dag"),
        "overcrowded_left": _("Hushåll som blir trångbodda"),
        "empty_bedrooms": _("Tomma sovrum"),
        "monthly_cost": _("Kostnad per månad (kr)"),
        "wishes_met": _("Uppfyllda önskemål"),
    }


def _housing_municipalities(user):
    return municipalities_where(user, capabilities(user).housing_municipality_ids)


def _chosen_municipality(request, municipalities):
    code = request.GET.get("kommun", "")
    for municipality in municipalities:
        if municipality.code == code:
            return municipality
    return municipalities[0] if municipalities else None


def _matching_url(municipality) -> str:
    return reverse("housing_matching") + "?" + urlencode({"kommun": municipality.code})


def _summary(run) -> list[dict]:
    if run is None:
        return []
    optimal, fcfs = run.summary.get("optimal", {}), run.summary.get("fcfs", {})
    labels = _summary_labels()
    return [
        {"label": labels[key], "optimal": optimal.get(key), "fcfs": fcfs.get(key), "key": key}
        for key in labels
        if key in optimal or key in fcfs
    ]


def _matching_page(request, municipality=None, bound=None):
    municipalities = _housing_municipalities(request.user)
    municipality = municipality or _chosen_municipality(request, municipalities)
    run = selectors.latest_run(request.user, municipality.pk) if municipality else None
    proposals = selectors.open_proposals(request.user, run)
    bound = bound or {}
    for proposal in proposals:
        proposal.accept_form = bound.get(("accept", proposal.pk)) or AcceptProposalForm(
            prefix=f"acceptera-{proposal.pk}"
        )
        proposal.reject_form = bound.get(("reject", proposal.pk)) or RejectProposalForm(
            prefix=f"avboj-{proposal.pk}"
        )
    return page(
        request,
        "housing/matching.html",
        {
            "municipality": municipality,
            "municipalities": municipalities,
            "run_form": RunMatchingForm(municipalities=municipalities),
            "run": run,
            "summary": _summary(run),
            "proposals": proposals,
            "bound_forms": list(bound.values()),
        },
        nav="housing",
    )


@housing_required
@require_GET
def housing_matching(request):
    return _matching_page(request)


@housing_required
@require_POST
def housing_matching_run(request):
    municipalities = _housing_municipalities(request.user)
    if request.POST.get("omfattning") == "alla" and len(municipalities) > 1:
        # Every municipality of the user's at once (a county's coordinator): long work, so on the worker, one
        # municipality after another; its page shows how far it has come (housing/jobs.py).
        job = background.start(user=request.user, kind=jobs.KIND, parameters=jobs.parameters(municipalities))
        return redirect("background_job", job.public_id)
    form = RunMatchingForm(request.POST, municipalities=municipalities)
    if not form.is_valid():
        return redirect("housing_matching")
    municipality = form.chosen_municipality
    run = matching_services.run_matching(actor=request.user, municipality=municipality)
    messages.success(
        request,
        _(
            "Matchningen är klar: %(proposals)s förslag för %(households)s väntande hushåll och %(units)s lediga bostäder."
        )
        % {"proposals": run.proposals.count(), "households": run.households, "units": run.units},
    )
    return redirect(_matching_url(municipality))


@housing_required
@require_POST
def housing_proposal_accept(request, proposal_id: int):
    proposal = selectors.get_proposal_for_user(request.user, proposal_id)
    form = AcceptProposalForm(request.POST, prefix=f"acceptera-{proposal.pk}")
    if form.is_valid():
        try:
            accepted = matching_services.accept_proposal(
                actor=request.user, proposal=proposal, **form.cleaned_data
            )
        except StateConflict as conflict:  # decided by someone else a moment ago: the list as it now is
            messages.error(request, conflict.detail)
            return redirect(_matching_url(proposal.run.municipality))
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Förslaget är accepterat och ett utkast till kontrakt är sparat."))
            return redirect("housing_contract_detail", accepted.contract.public_id)
    return _matching_page(request, proposal.run.municipality, {("accept", proposal.pk): form})


@housing_required
@require_POST
def housing_proposal_reject(request, proposal_id: int):
    proposal = selectors.get_proposal_for_user(request.user, proposal_id)
    form = RejectProposalForm(request.POST, prefix=f"avboj-{proposal.pk}")
    if form.is_valid():
        try:
            matching_services.reject_proposal(
                actor=request.user, proposal=proposal, reason=form.cleaned_data["reject_reason"]
            )
        except StateConflict as conflict:
            messages.error(request, conflict.detail)
            return redirect(_matching_url(proposal.run.municipality))
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Förslaget är avböjt. Samma hushåll och bostad föreslås inte igen."))
            return redirect(_matching_url(proposal.run.municipality))
    return _matching_page(request, proposal.run.municipality, {("reject", proposal.pk): form})


# --- import -----------------------------------------------------------------------------------------------------


def _outcome_labels() -> dict[str, str]:
    return {"created": _("Ny"), "updated": _("Ändras"), "unchanged": _("Oförändrad")}


class UnitImport(ImportPage):
    """The housing company's file, imported into one of the user's municipalities (chosen, or the only one)."""

    template, nav = "housing/import.html", "housing"
    session_key, url_name, done_url_name = "etablera_housing_import", "housing_unit_import", "housing_units"
    done = gettext_lazy(
        "Importen är klar: %(created)s nya, %(updated)s ändrade och %(unchanged)s oförändrade bostäder."
    )
    refusal_at_file = True

    def form(self, request, *args, **kwargs):
        return UnitImportForm(*args, municipalities=_housing_municipalities(request.user), **kwargs)

    def kept(self, form):
        return {"municipality": form.chosen_municipality.pk}

    def restored(self, request, stored):
        if self._municipality(request, stored["municipality"]) is None:  # the user's memberships changed
            return _("Du har inte längre behörighet att importera bostäder i kommunen.")
        return {"municipality": stored["municipality"]}

    def run(self, request, data, kept, *, dry_run):
        municipality = self._municipality(request, kept["municipality"])
        return import_units(data, actor=request.user, municipality=municipality, dry_run=dry_run)

    def context(self, request, kept, result):
        labels = _outcome_labels()
        outcomes = (
            [
                {"row": row, "reference": ref, "outcome": labels.get(outcome, outcome)}
                for row, ref, outcome in result.outcomes
            ]
            if result is not None and result.ok
            else []
        )
        municipality = self._municipality(request, kept["municipality"]) if kept else None
        return {"outcomes": outcomes, "municipality": municipality}

    @staticmethod
    def _municipality(request, pk):
        return next((m for m in _housing_municipalities(request.user) if m.pk == pk), None)


IMPORT_PAGE = UnitImport()


@housing_required
@require_http_methods(["GET", "POST"])
def housing_unit_import(request):
    return IMPORT_PAGE.handle(request)
