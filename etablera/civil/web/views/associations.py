"""The register's pages (issue #17), for those who work with civil society (`civil_required`).

GET  /civilsamhallet/                          the overview: counts, the next follow-ups, links to every part
GET  /civilsamhallet/foreningar/               the associations, searched by name, kind and language; ?format=csv
GET  /civilsamhallet/foreningar/ny/            a form to add one (POST adds)
GET  /civilsamhallet/foreningar/<id>/          one association: contacts, offers, agreements, activities, meetings
POST /civilsamhallet/foreningar/<id>/          action=contact | offer | agreement | activity | remove_contact |
                                               remove_offer | leave | rejoin
GET  /civilsamhallet/foreningar/<id>/andra/    change it (POST saves)
GET  /civilsamhallet/foreningar/<id>/kontakter/<pk>/andra/   change a contact person (POST saves)
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from etablera.access.guards import civil_required
from etablera.activity.selectors.bank import free_places
from etablera.civil import selectors
from etablera.civil.services import activities as activity_services
from etablera.civil.services import agreements as agreement_services
from etablera.civil.services import associations as services
from etablera.civil.services import contacts as contact_services
from etablera.civil.web import exports
from etablera.civil.web import forms as cf
from etablera.civil.web.views.common import civil_municipality, link_if_there
from etablera.transitions import StateConflict
from etablera.web.forms import attach_errors
from etablera.web.pages import page

NAV = "civil"


@civil_required
@require_GET
def overview(request):
    return page(
        request,
        "civil/overview.html",
        {
            "overview": selectors.overview(request.user),
            "volunteers_link": link_if_there("/civilsamhallet/volontarer/"),
            "grants_link": link_if_there("/civilsamhallet/bidrag/"),
        },
        nav=NAV,
    )


def _filters(form) -> selectors.AssociationFilters:
    if not form.is_valid():
        return selectors.AssociationFilters()
    data = form.cleaned_data
    active = {"1": True, "0": False, "all": None}.get(data["active"] or "1", True)
    return selectors.AssociationFilters(
        q=data["q"].strip(), kind=data["kind"], language=data["language"].strip().lower(), active=active
    )


@civil_required
@require_GET
def association_list(request):
    form = cf.SearchForm(request.GET or None)
    queryset = selectors.associations(request.user, _filters(form))
    if request.GET.get("format") == "csv":
        rows = list(queryset[: selectors.EXPORT_ROWS])
        return exports.associations_csv(request.user, rows, selectors.languages_of(rows))
    rows = list(queryset[: selectors.PAGE_SIZE])
    languages = selectors.languages_of(rows)
    for row in rows:
        row.offered_languages = languages.get(row.pk, [])
    query = request.GET.copy()
    query["format"] = "csv"
    return page(
        request,
        "civil/associations.html",
        {
            "associations": rows,
            "form": form,
            "csv_query": query.urlencode(),
            "may_keep": civil_municipality(request.user) is not None,
        },
        nav=NAV,
    )


@civil_required
@require_http_methods(["GET", "POST"])
def association_new(request):
    municipality = civil_municipality(request.user)
    if municipality is None:
        raise PermissionDenied(_("Föreningar läggs till av integrationsenheten och kultur och fritid."))
    form = cf.AssociationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            association = services.create_association(
                actor=request.user, municipality=municipality, **form.cleaned_data
            )
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Föreningen är tillagd i registret."))
            return redirect("civil_association", public_id=association.public_id)
    return page(request, "civil/association_form.html", {"form": form, "association": None}, nav=NAV)


@civil_required
@require_http_methods(["GET", "POST"])
def association_edit(request, public_id):
    association = selectors.get_association_plain(request.user, public_id)
    initial = {name: getattr(association, name) for name in services.ASSOCIATION_FIELDS}
    form = cf.AssociationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_association(actor=request.user, association=association, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Föreningen är ändrad."))
            return redirect("civil_association", public_id=association.public_id)
    return page(request, "civil/association_form.html", {"form": form, "association": association}, nav=NAV)


@civil_required
@require_http_methods(["GET", "POST"])
def contact_edit(request, public_id, pk):
    """Change a contact person's name, role, e-mail or phone: the same form and limits as adding one."""
    contact = selectors.read_contact(request.user, public_id, pk)
    association = contact.association
    initial = {name: getattr(contact, name) for name in contact_services.CONTACT_FIELDS}
    form = cf.ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            contact_services.update_contact(actor=request.user, contact=contact, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Kontaktpersonen är ändrad."))
            return redirect(reverse("civil_association", args=[association.public_id]) + "#kontakter")
    return page(
        request,
        "civil/contact_form.html",
        {"form": form, "contact": contact, "association": association},
        nav=NAV,
    )


FORMS = {
    "contact": cf.ContactForm,
    "offer": cf.OfferForm,
    "agreement": cf.AgreementForm,
    "activity": cf.ActivityForm,
}


def _act(request, association, action: str, form) -> str:
    """Carry out a form's action; the success message."""
    user, data = request.user, form.cleaned_data
    if action == "contact":
        contact_services.add_contact(actor=user, association=association, **data)
        return _("Kontaktpersonen är tillagd.")
    if action == "offer":
        contact_services.add_offer(actor=user, association=association, **data)
        return _("Erbjudandet är tillagt.")
    if action == "agreement":
        agreement_services.add_agreement(actor=user, association=association, **data)
        return _("Överenskommelsen är tillagd.")
    activity_services.create_association_activity(actor=user, association=association, **data)
    return _("Aktiviteten är tillagd i aktivitetskatalogen.")


def _act_without_form(request, association, action: str) -> str | None:
    user = request.user
    if action == "leave":
        services.leave_network(actor=user, association=association)
        return _("Föreningen har lämnat nätverket.")
    if action == "rejoin":
        services.rejoin_network(actor=user, association=association)
        return _("Föreningen är med i nätverket igen.")
    if action in ("remove_contact", "remove_offer"):
        try:
            pk = int(request.POST.get("id", ""))
        except ValueError:
            return None
        if action == "remove_contact":
            contact = selectors.get_contact(user, association, pk)
            contact_services.remove_contact(actor=user, contact=contact)
            return _("Kontaktpersonen är borttagen.")
        offer = selectors.get_offer(user, association, pk)
        contact_services.remove_offer(actor=user, offer=offer)
        return _("Erbjudandet är borttaget.")
    return None


@civil_required
@require_http_methods(["GET", "POST"])
def association_detail(request, public_id):
    forms = {name: form_class() for name, form_class in FORMS.items()}
    if request.method == "POST":
        association = selectors.get_association_plain(request.user, public_id)
        action = request.POST.get("action", "")
        try:
            if action in FORMS:
                form = FORMS[action](request.POST)
                forms[action] = form
                done = _act(request, association, action, form) if form.is_valid() else None
            else:
                done = _act_without_form(request, association, action)
                if done is None:
                    messages.error(request, _("Okänd åtgärd."))
                    return redirect("civil_association", public_id=association.public_id)
        except StateConflict as error:
            messages.error(request, error.detail)
            return redirect("civil_association", public_id=association.public_id)
        except ValidationError as error:
            if action in FORMS:
                attach_errors(error, forms[action])
            else:
                messages.error(request, " ".join(error.messages))
                return redirect("civil_association", public_id=association.public_id)
        else:
            if done is not None:
                messages.success(request, done)
                return redirect("civil_association", public_id=association.public_id)
    association = selectors.get_association(request.user, public_id)
    activities = [link.activity for link in association.activities.all()]
    for activity in activities:
        activity.free = free_places(activity)
    return page(
        request,
        "civil/association.html",
        {
            "association": association,
            "contacts": list(association.contacts.all()),
            "offers": list(association.offers.all()),
            "agreements": list(association.agreements.all()),
            "activities": activities,
            "meetings": list(association.meetings.all()),
            "forms": forms,
        },
        nav=NAV,
    )
