"""The placements' pages (issue #13): the list the employers' contact staff work from, one placement with its
offers and answers, and the offer that the matching proposals post.

GET  /arbete/praktikplatser/                 open, offered and filled (filters by state and SSYK); ?format=csv|xlsx
GET  /arbete/praktikplatser/<id>/            one placement: its offers and their answers, the actions its state has
POST /arbete/praktikplatser/<id>/            action=withdraw | end | follow_up | accept | decline | withdraw_offer
POST /arbete/praktikplatser/<id>/erbjud/     offer it: `person` (the person's public id) and optional `explanation`
                                             (a JSON list of catalogue messages); back to the placement with a message

Each POST calls one service of activity.services.placements, which locks the placement and refuses what someone
else did first (a StateConflict, shown as a message).
"""

from __future__ import annotations

import json
import uuid
from urllib.parse import urlencode

import tablib
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from etablera.access.audit import log_event
from etablera.access.models import AuditEvent
from etablera.activity.models import Placement
from etablera.activity.selectors import bank as selectors
from etablera.activity.services import employers as employer_services
from etablera.activity.services import placements as services
from etablera.activity.web import bank_forms as bf
from etablera.activity.web.bank_views import bank_required
from etablera.transitions import StateConflict
from etablera.web.exports import CONTENT_TYPES, safe_cell
from etablera.web.forms import attach_errors
from etablera.web.pages import page

EXPLANATION_INPUT = 10_000  # characters of the posted JSON
FORM_KEYS = {bf.EndForm: "end", bf.FollowUpForm: "follow_up", bf.DeclineForm: "decline"}


def _filters(query) -> selectors.PlacementFilters:
    state = query.get("status", "")
    code = query.get("ssyk", "").strip()
    return selectors.PlacementFilters(
        state=state if state in Placement.State.values else "",
        ssyk=code if code.isascii() and code.isdigit() and len(code) <= 4 else "",
    )


def _export(user, rows, fmt: str) -> HttpResponse:
    headers = [
        _("Benämning"),
        _("Arbetsgivare"),
        _("Organisationsnummer"),
        _("SSYK"),
        _("Status"),
        _("Startar"),
        _("Slutar"),
        _("Timmar i veckan"),
        _("Deltagare"),
        _("Utfall"),
    ]
    dataset = tablib.Dataset(headers=headers, title=_("Praktikplatser"))
    for p in rows:
        values = (
            p.title,
            p.employer.name,
            p.employer.organisation_number,
            p.ssyk,
            str(p.get_state_display()),
            p.starts_on.isoformat(),
            p.ends_on.isoformat(),
            str(p.hours_per_week),
            p.participant_shown.full_name if p.participant_shown else "",
            str(p.get_outcome_display()) if p.outcome else "",
        )
        dataset.append([safe_cell(v) for v in values])
    log_event(
        user,
        AuditEvent.Action.EXPORT,
        object_type="Placement",
        summary=f"Praktikplatser, {len(rows)} rader, som {fmt}",
    )
    response = HttpResponse(dataset.export(fmt), content_type=CONTENT_TYPES[fmt])
    name = f"praktikplatser-{timezone.localdate().isoformat()}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@bank_required
@require_http_methods(["GET"])
def placement_list(request):
    filters = _filters(request.GET)
    fmt = request.GET.get("format", "")
    limit = selectors.EXPORT_ROWS if fmt in CONTENT_TYPES else selectors.PAGE_SIZE * 4
    rows = selectors.show_participants(
        request.user, selectors.placements(request.user, filters)[:limit], "Praktikplatser"
    )
    if fmt in CONTENT_TYPES:
        return _export(request.user, rows, fmt)
    kept = {k: v for k, v in (("status", filters.state), ("ssyk", filters.ssyk)) if v}
    return page(
        request,
        "activity/bank/placements.html",
        {
            "placements": rows,
            "filter_form": bf.PlacementFilterForm(initial={"status": filters.state, "ssyk": filters.ssyk}),
            "downloads": [
                (label, urlencode({**kept, "format": f})) for label, f in (("CSV", "csv"), ("Excel", "xlsx"))
            ],
        },
        nav="placements",
    )


def _render(request, public_id, bound=None):
    data = selectors.placement_page(request.user, public_id)
    placement = data.placement
    forms = {"end": bf.EndForm(), "follow_up": bf.FollowUpForm(), "decline": bf.DeclineForm()}
    forms.update(bound or {})
    return page(
        request,
        "activity/bank/placement.html",
        {
            "data": data,
            "placement": placement,
            "forms": forms,
            "may_keep": employer_services.may_keep_bank(request.user, placement.municipality_id),
            "may_offer": services.may_offer(request.user, placement.municipality_id),
            "open_offer": next((o for o in data.offers if o.status == "OFFERED"), None),
        },
        nav="placements",
    )


def _back(placement):
    return redirect("activity_placement", public_id=placement.public_id)


@bank_required
@require_http_methods(["GET", "POST"])
def placement_detail(request, public_id):
    if request.method == "GET":
        return _render(request, public_id)
    placement = selectors.get_placement(request.user, public_id)
    action = request.POST.get("action", "")
    user = request.user
    form = None
    try:
        if action == "withdraw":
            services.withdraw_placement(actor=user, placement=placement)
            done = _("Praktikplatsen är återtagen.")
        elif action == "end":
            form = bf.EndForm(request.POST)
            if not form.is_valid():
                return _render(request, public_id, {"end": form})
            services.end_placement(actor=user, placement=placement, **form.cleaned_data)
            done = _("Praktiken är avslutad.")
        elif action == "follow_up":
            form = bf.FollowUpForm(request.POST)
            if not form.is_valid():
                return _render(request, public_id, {"follow_up": form})
            services.record_follow_up(
                actor=user,
                placement=placement,
                text=form.cleaned_data["employer_follow_up"],
                on=form.cleaned_data["followed_up_on"],
            )
            done = _("Uppföljningen är sparad.")
        elif action in ("accept", "decline", "withdraw_offer"):
            offer = selectors.get_offer(user, _uuid(request.POST.get("offer", "")))
            if offer.placement_id != placement.pk:
                raise PermissionDenied(_("Erbjudandet hör inte till praktikplatsen."))
            if action == "accept":
                services.accept_offer(actor=user, offer=offer)
                done = _("Personen tackade ja. Praktiken är inlagd i personens veckoplan.")
            elif action == "decline":
                form = bf.DeclineForm(request.POST)
                if not form.is_valid():
                    return _render(request, public_id, {"decline": form})
                services.decline_offer(actor=user, offer=offer, reason=form.cleaned_data["decline_reason"])
                done = _("Personen tackade nej. Praktikplatsen är ledig igen.")
            else:
                services.withdraw_offer(actor=user, offer=offer)
                done = _("Erbjudandet är återtaget. Praktikplatsen är ledig igen.")
        else:
            messages.error(request, _("Okänd åtgärd."))
            return _back(placement)
    except StateConflict as conflict:
        messages.error(request, conflict.detail)
        return _back(placement)
    except ValidationError as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
            return _back(placement)
        attach_errors(error, form)
        return _render(request, public_id, {FORM_KEYS[type(form)]: form})
    messages.success(request, done)
    return _back(placement)


def _uuid(value: str):
    try:
        return uuid.UUID(value.strip()[:40])
    except ValueError:
        return uuid.UUID(int=0)  # found by no one: a 404


def _explanation(raw: str) -> list:
    if not raw.strip():
        return []
    if len(raw) > EXPLANATION_INPUT:
        raise ValidationError(
            {"explanation": _("Förklaringen är för lång: högst %(n)s tecken.") % {"n": EXPLANATION_INPUT}}
        )
    try:
        value = json.loads(raw)
    except ValueError:
        raise ValidationError(
            {"explanation": _("Förklaringen kunde inte läsas: skicka en JSON-lista.")}
        ) from None
    if not isinstance(value, list):
        raise ValidationError({"explanation": _("Förklaringen ska vara en JSON-lista.")})
    return value


@bank_required
@require_POST
def placement_offer(request, public_id):
    """Offer the placement to the person the matching proposed (or anyone the user sees)."""
    placement = selectors.get_placement(request.user, public_id)
    person = selectors.offerable_person(request.user, _uuid(request.POST.get("person", "")))
    try:
        if person is None:
            raise ValidationError({"person": _("Välj en person som du har tillgång till.")})
        explanation = _explanation(request.POST.get("explanation", ""))
        services.offer_placement(request.user, placement, person, explanation=explanation)
    except StateConflict as conflict:
        messages.error(request, conflict.detail)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Praktikplatsen är erbjuden till %(name)s.") % {"name": person.full_name})
    return _back(placement)
