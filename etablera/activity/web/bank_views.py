"""The praktikplatsbank's employer pages (issue #13), for those who work with the requirement
(`activity_municipality_ids`); the labour-market unit and administrators keep them (`employer_municipality_ids`).

GET  /arbete/arbetsgivare/          the employers, with their open and filled placements; a form to add one
POST /arbete/arbetsgivare/          add an employer
GET  /arbete/arbetsgivare/<id>/     one employer: contacts and supervisors, placements, the forms
POST /arbete/arbetsgivare/<id>/     action=update | contact | placement
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from etablera.access.guards import municipalities_where
from etablera.access.policy import capabilities
from etablera.activity.selectors import bank as selectors
from etablera.activity.services import employers as services
from etablera.activity.services import placements as placement_services
from etablera.activity.web import bank_forms as bf
from etablera.web.forms import attach_errors
from etablera.web.pages import page


def bank_required(view):
    """The bank's pages: those who work with the requirement read them (the selectors show their municipality's);
    others get 403, with who keeps the bank."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not capabilities(request.user).activity_municipality_ids:
            raise PermissionDenied(
                _(
                    "Praktikplatsbanken används av arbetsmarknadsenheten, socialtjänsten och mottagningsenheten."
                )
            )
        return view(request, *args, **kwargs)

    return wrapper


def keeper_municipality(user):
    """The municipality where the user keeps the bank (the first, for a user with several), or None."""
    keeps = municipalities_where(user, capabilities(user).employer_municipality_ids)
    return keeps[0] if keeps else None


@bank_required
@require_http_methods(["GET", "POST"])
def employer_list(request):
    municipality = keeper_municipality(request.user)
    form = bf.EmployerForm()
    if request.method == "POST":
        if municipality is None:
            raise PermissionDenied(_("Arbetsgivare läggs till av arbetsmarknadsenheten."))
        form = bf.EmployerForm(request.POST)
        if form.is_valid():
            try:
                employer = services.create_employer(
                    actor=request.user, municipality=municipality, **form.cleaned_data
                )
            except ValidationError as error:
                attach_errors(error, form)
            else:
                messages.success(request, _("Arbetsgivaren är tillagd."))
                return redirect("activity_employer", public_id=employer.public_id)
    return page(
        request,
        "activity/bank/employers.html",
        {
            "employers": list(selectors.employers(request.user)[:500]),
            "form": form,
            "may_keep": municipality is not None,
        },
        nav="placements",
    )


@bank_required
@require_http_methods(["GET", "POST"])
def employer_detail(request, public_id):
    employer = selectors.get_employer(request.user, public_id)
    may_keep = services.may_keep_bank(request.user, employer.municipality_id)
    contacts = list(employer.contacts.all())
    supervisors = [c for c in contacts if c.is_supervisor]
    forms = {
        "update": bf.EmployerForm(initial={n: getattr(employer, n) for n in services.EMPLOYER_FIELDS}),
        "contact": bf.ContactForm(),
        "placement": bf.PlacementForm(supervisors=supervisors),
    }
    if request.method == "POST":
        if not may_keep:
            raise PermissionDenied(_("Arbetsgivare och praktikplatser hanteras av arbetsmarknadsenheten."))
        action = request.POST.get("action", "")
        if action not in forms:
            messages.error(request, _("Okänd åtgärd."))
            return redirect("activity_employer", public_id=employer.public_id)
        form = {
            "update": lambda: bf.EmployerForm(request.POST),
            "contact": lambda: bf.ContactForm(request.POST),
            "placement": lambda: bf.PlacementForm(request.POST, supervisors=supervisors),
        }[action]()
        forms[action] = form
        if form.is_valid():
            try:
                if action == "update":
                    services.update_employer(actor=request.user, employer=employer, **form.cleaned_data)
                    done = _("Arbetsgivaren är ändrad.")
                elif action == "contact":
                    services.add_contact(actor=request.user, employer=employer, **form.cleaned_data)
                    done = _("Kontaktpersonen är tillagd.")
                else:
                    placement = placement_services.create_placement(
                        actor=request.user, employer=employer, **form.values()
                    )
                    messages.success(request, _("Praktikplatsen är tillagd."))
                    return redirect("activity_placement", public_id=placement.public_id)
            except ValidationError as error:
                attach_errors(error, form)
            else:
                messages.success(request, done)
                return redirect("activity_employer", public_id=employer.public_id)
    placements = selectors.show_participants(request.user, employer.placements.all(), "Arbetsgivare")
    return page(
        request,
        "activity/bank/employer.html",
        {
            "employer": employer,
            "contacts": contacts,
            "placements": placements,
            "forms": forms,
            "may_keep": may_keep,
        },
        nav="placements",
    )
