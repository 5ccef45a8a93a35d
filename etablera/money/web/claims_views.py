"""The claims pages of the money domain (issue #15): the register of compensation the municipality must apply for.

- /ersattning/ansokningar/: the list — overdue first ("Försenade — ingen ansökan gjord"), then those due soon, then
  the rest — with filters, CSV and Excel, and the button that opens the claims Etablera foresees.
- /ersattning/ansokningar/ny/: a claim registered by hand.
- /ersattning/ansokningar/<id>/: one claim, with the form for its next step.

Everyone with the money pages reads (money_required); the controller's and the integration unit's staff and
administrators write (policy.money_manage_municipality_ids): the others get 403 on every POST. A claim of another
municipality is 404. The pages show no person's name; a household is a link only for a user who sees it."""

from __future__ import annotations

import tablib
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from etablera.access.audit import log_event
from etablera.access.guards import money_required, municipalities_where
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities
from etablera.money import selectors_claims as selectors
from etablera.money.services import claims as services
from etablera.money.web.claims_forms import ClaimFilterForm, ClaimForm, ClaimStatusForm
from etablera.transitions import StateConflict
from etablera.web.exports import CONTENT_TYPES, safe_cell
from etablera.web.forms import attach_errors
from etablera.web.pages import page

NOT_YOURS = services.NOT_YOURS


def _managed(request) -> list:
    """The municipalities whose claims the user keeps; 403 for a user who keeps none (reads only)."""
    found = municipalities_where(request.user, capabilities(request.user).money_manage_municipality_ids)
    if not found:
        raise PermissionDenied(_("Du kan läsa ansökningarna men inte ändra dem."))
    return found


def _chosen(municipalities, code: str):
    return next((m for m in municipalities if m.code == code), municipalities[0])


# --- the list ------------------------------------------------------------------------------------------------------


def _filters(form: ClaimFilterForm, municipalities) -> tuple[selectors.ClaimFilters, int]:
    """The selector's filters from a valid form (an invalid one filters nothing), and the "due soon" window."""
    if not form.is_valid():
        return selectors.ClaimFilters(), selectors.due_soon_days()
    data = form.cleaned_data
    code = data.get("kommun") or ""
    municipality = next((m for m in municipalities if m.code == code), None)
    days = data.get("inom")
    return (
        selectors.ClaimFilters(
            municipality_id=municipality.pk if municipality else None,
            status=data.get("status") or "",
            kind=data.get("ersattning") or "",
            due_within=days,
        ),
        selectors.due_soon_days() if days is None else days,
    )


def _yes_no(value: bool) -> str:
    return _("Ja") if value else _("Nej")


def _export(request, found, fmt: str, today, municipalities):
    dataset = tablib.Dataset(
        headers=[
            _("Kommun"),
            _("Ersättning"),
            _("Benämning"),
            _("Period från"),
            _("Period till"),
            _("Sök senast"),
            _("Försenad"),
            _("Status"),
            _("Sökt belopp (kr)"),
            _("Beviljat belopp (kr)"),
            _("Sökt den"),
            _("Beslut den"),
            _("Utbetald den"),
            _("Migrationsverkets ärendenummer"),
        ],
        title=_("Ansökningar om ersättning")[:31],
    )

    def day(value):
        return value.isoformat() if value else ""

    for row in found:
        claim = row.claim
        dataset.append(
            [
                safe_cell(value)
                for value in (
                    claim.municipality.code,
                    claim.get_kind_display(),
                    claim.title,
                    day(claim.period_start),
                    day(claim.period_end),
                    day(claim.deadline),
                    _yes_no(row.overdue),
                    claim.get_status_display(),
                    claim.amount_claimed if claim.amount_claimed is not None else "",
                    claim.amount_granted if claim.amount_granted is not None else "",
                    day(claim.applied_on),
                    day(claim.decided_on),
                    day(claim.paid_on),
                    claim.reference,
                )
            ]
        )
    log_event(
        request.user,
        AuditEvent.Action.EXPORT,
        object_type="Claim",
        summary=f"Ansökningar om ersättning {today.isoformat()}, {len(found)} rader, som {fmt}",
        municipality_code=municipalities[0].code if len(municipalities) == 1 else "",
    )
    response = HttpResponse(dataset.export(fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="ansokningar-{today.isoformat()}.{fmt}"'
    return response


@money_required
@require_GET
def money_claims(request):
    user = request.user
    today = timezone.localdate()
    caps = capabilities(user)
    municipalities = municipalities_where(user, caps.money_municipality_ids)
    form = ClaimFilterForm(request.GET or None, municipalities=municipalities)
    filters, days = _filters(form, municipalities)
    found = selectors.rows(user, list(selectors.claims(user, filters, today)), today)
    fmt = request.GET.get("format", "")
    if fmt in CONTENT_TYPES:
        return _export(request, found, fmt, today, municipalities)
    query = request.GET.copy()
    query.pop("format", None)
    managed = municipalities_where(user, caps.money_manage_municipality_ids)
    return page(
        request,
        "money/claims_list.html",
        {
            "form": form,
            "sections": selectors.sections(found, today, days),
            "days": days,
            "count": len(found),
            "overdue_count": selectors.overdue_count(user, today),
            "query": query.urlencode(),
            "managed": managed,
            "several": len(municipalities) > 1,
        },
        nav="money",
    )


@money_required
@require_POST
def money_claims_open_foreseen(request):
    """Open the claims Etablera foresees (the minors' quarters, the resettled households' initial costs)."""
    managed = _managed(request)
    municipality = _chosen(managed, request.POST.get("kommun", ""))
    created = services.open_foreseen_claims(municipality, timezone.localdate(), actor=request.user)
    if created:
        messages.success(
            request,
            _("%(n)s nya ansökningar att söka har öppnats i %(name)s.")
            % {"n": len(created), "name": municipality.name},
        )
    else:
        messages.info(request, _("Inga nya ansökningar: de som Etablera kan förutse finns redan."))
    return redirect("money_claims")


# --- one claim -----------------------------------------------------------------------------------------------------


@money_required
@require_http_methods(["GET", "POST"])
def money_claim_new(request):
    managed = _managed(request)
    form = ClaimForm(request.POST or None, municipalities=managed)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            municipality = _chosen(managed, data.pop("municipality", ""))
            try:
                claim = services.open_claim(
                    request.user,
                    municipality,
                    data.pop("kind"),
                    data.pop("title"),
                    data.pop("deadline"),
                    **data,
                )
            except ValidationError as error:
                attach_errors(error, form)
            else:
                messages.success(request, _("Ansökan är registrerad."))
                return redirect("money_claim_detail", pk=claim.pk)
        status = 422
    return page(request, "money/claims_new.html", {"form": form}, nav="money", status=status)


def _render_detail(request, row, form, status=200):
    return page(
        request,
        "money/claims_detail.html",
        {
            "row": row,
            "claim": row.claim,
            "form": form,
            "terminal": not services.TRANSITIONS[row.claim.status],
        },
        nav="money",
        status=status,
    )


@money_required
@require_http_methods(["GET", "POST"])
def money_claim_detail(request, pk: int):
    user = request.user
    today = timezone.localdate()
    if request.method == "POST":
        _managed(request)  # a reader is refused before anything is looked up
    row = selectors.claim_row(user, pk, today)
    claim = row.claim
    may_write = claim.municipality_id in capabilities(user).money_manage_municipality_ids
    statuses = services.allowed_statuses(claim)
    if request.method == "GET":
        form = ClaimStatusForm.for_claim(claim, statuses) if may_write else None
        return _render_detail(request, row, form)
    if not may_write:
        raise PermissionDenied(NOT_YOURS)
    if request.POST.get(f"{ClaimStatusForm.prefix}-expected_status") != claim.status:
        # The claim has moved on since the page was read (someone else changed it): show it as it is now.
        messages.error(
            request, _("Någon annan har ändrat ansökan sedan sidan visades. Här är den som den är nu.")
        )
        return redirect("money_claim_detail", pk=claim.pk)
    form = ClaimStatusForm.for_claim(claim, statuses, data=request.POST)
    if not form.is_valid():
        return _render_detail(request, row, form, status=422)
    try:
        services.change_status(
            user,
            claim,
            form.cleaned_data["status"],
            expected_status=form.cleaned_data["expected_status"],
            **form.arguments(),
        )
    except StateConflict as conflict:
        messages.error(request, conflict.detail)
        return redirect("money_claim_detail", pk=claim.pk)
    except ValidationError as error:
        attach_errors(error, form)
        return _render_detail(request, row, form, status=422)
    messages.success(request, _("Ansökan är sparad: %(status)s.") % {"status": claim.get_status_display()})
    return redirect("money_claim_detail", pk=claim.pk)


urlpatterns = [
    path("ersattning/ansokningar/", money_claims, name="money_claims"),
    path("ersattning/ansokningar/ny/", money_claim_new, name="money_claim_new"),
    path(
        "ersattning/ansokningar/oppna-forutsedda/",
        money_claims_open_foreseen,
        name="money_claims_open_foreseen",
    ),
    path("ersattning/ansokningar/<int:pk>/", money_claim_detail, name="money_claim_detail"),
]
