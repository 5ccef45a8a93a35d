"""The pages that keep a person's register data true (issue #11): "Ändra" (the plain data and contact, the address,
protected identity) and "Identitetsnummer och uppehållstillstånd" (the current and former numbers, a new number,
the residence permit decisions).

Who may change what is the policy's (access.policy.can_edit_person), checked by the services; a user who sees the
person but may not change them gets 403, one who does not see them 404 (the selectors). A protected person's
address is never put into a form or a page here: the address form starts empty for them, and the only way to see
it stays the person page's reveal with a stated reason.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from etablera.access.audit import log_read
from etablera.access.guards import persons_required
from etablera.people import services
from etablera.people.selectors import may_see_person, person_for_change, person_register
from etablera.people.services.editing import NOT_EDITOR
from etablera.people.services.identity_numbers import DuplicateIdentityNumber
from etablera.people.web.register_forms import (
    AddressEditForm,
    IdentityNumberForm,
    PersonEditForm,
    ProtectionForm,
    ResidencePermitForm,
)
from etablera.transitions import StateConflict
from etablera.web.forms import attach_errors
from etablera.web.pages import page

DETAIL_FIELDS = tuple(PersonEditForm.base_fields.keys() - {"version"})


def _version(person) -> str:
    return person.updated_at.isoformat()


def _edit_forms(person, **bound):
    version = {"version": _version(person)}
    details = {name: getattr(person, name) for name in DETAIL_FIELDS}
    # A masked address is never put into the form: it starts empty and a new address replaces the old whole.
    address = (
        {}
        if person.address_masked
        else {
            "street": person.address_street,
            "postal_code": person.address_postal_code,
            "city": person.address_city,
        }
    )
    return {
        "details_form": bound.get("details_form") or PersonEditForm(initial={**details, **version}),
        "address_edit_form": bound.get("address_edit_form")
        or AddressEditForm(initial={**address, **version}),
        "protection_form": bound.get("protection_form")
        or ProtectionForm(initial={"level": person.protected_identity, **version}),
    }


def _render_edit(request, person, *, status=200, **bound):
    return page(
        request,
        "people/edit.html",
        {"person": person, **_edit_forms(person, **bound)},
        nav="households",
        status=status,
    )


def _to(name, person, anchor=""):
    return redirect(reverse(name, args=[person.public_id]) + (f"#{anchor}" if anchor else ""))


def _conflict(request, person, conflict: StateConflict, name="person_edit"):
    """Someone else changed the person first: the page again as it now is, with the message."""
    messages.error(request, conflict.detail)
    return _to(name, person)


@persons_required
@require_http_methods(["GET", "POST"])
def person_edit(request, public_id):
    person = person_for_change(request.user, public_id)
    if request.method == "GET":
        return _render_edit(request, person)
    form = PersonEditForm(request.POST)
    if form.is_valid():
        changes = {name: form.cleaned_data[name] for name in DETAIL_FIELDS}
        try:
            services.update_person(
                actor=request.user, person=person, changes=changes, version=form.cleaned_data["version"]
            )
        except StateConflict as conflict:
            return _conflict(request, person, conflict)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Personens uppgifter är sparade."))
            return _to("person_detail", person)
    return _render_edit(request, person, details_form=form)


@persons_required
@require_POST
def person_address_set(request, public_id):
    person = person_for_change(request.user, public_id)
    form = AddressEditForm(request.POST)
    if form.is_valid():
        try:
            services.set_address(
                actor=request.user,
                person=person,
                street=form.cleaned_data["street"],
                postal_code=form.cleaned_data["postal_code"],
                city=form.cleaned_data["city"],
                version=form.cleaned_data["version"],
            )
        except StateConflict as conflict:
            return _conflict(request, person, conflict)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Adressen är sparad."))
            return _to("person_detail", person, "adress")
    # A rejected address is shown back only as typed by this user (never the stored one).
    return _render_edit(request, person, address_edit_form=form)


@persons_required
@require_POST
def person_protection(request, public_id):
    person = person_for_change(request.user, public_id)
    form = ProtectionForm(request.POST)
    if form.is_valid():
        try:
            services.set_protected_identity(
                actor=request.user,
                person=person,
                level=form.cleaned_data["level"],
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except StateConflict as conflict:
            return _conflict(request, person, conflict)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Skyddade personuppgifter är ändrade."))
            return _to("person_detail", person)
    return _render_edit(request, person, protection_form=form)


# --- identity numbers and residence permits -------------------------------------------------------------------------


def _render_register(request, data, *, status=200, revealed=False, **bound):
    person = data.person
    context = {"data": data, "person": person, "revealed": revealed}
    if data.may_edit:
        context["number_form"] = bound.get("number_form") or IdentityNumberForm(
            initial={"version": _version(person), "identity_number_type": person.identity_number_type}
        )
        context["permit_form"] = bound.get("permit_form") or ResidencePermitForm()
    context["duplicate"] = bound.get("duplicate")
    return page(request, "people/register.html", context, nav="households", status=status)


@persons_required
@require_http_methods(["GET", "POST"])
def person_register_page(request, public_id):
    data = person_register(request.user, public_id)
    revealed = False
    if request.method == "POST":
        # "Visa": every number in full, on request only (by POST, never in an address); logged.
        if request.POST.get("visa") != str(data.person.public_id):
            raise Http404
        log_read(request.user, data.person, "Visade fullständiga identitetsnummer (nuvarande och tidigare)")
        revealed = True
    return _render_register(request, data, revealed=revealed)


@persons_required
@require_POST
def person_identity_number(request, public_id):
    data = person_register(request.user, public_id)
    if not data.may_edit:
        raise PermissionDenied(NOT_EDITOR)
    form = IdentityNumberForm(request.POST)
    duplicate = None
    if form.is_valid():
        try:
            services.change_identity_number(
                actor=request.user,
                person=data.person,
                number_type=form.cleaned_data["identity_number_type"],
                number=form.cleaned_data["identity_number"],
                version=form.cleaned_data["version"],
            )
        except StateConflict as conflict:
            return _conflict(request, data.person, conflict, "person_register")
        except DuplicateIdentityNumber as error:
            attach_errors(error, form)
            # Offered as a possible duplicate only to a user who may see that person; the number is not repeated.
            if may_see_person(request.user, error.holder):
                duplicate = error.holder
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(
                request, _("Identitetsnumret är ändrat. Det tidigare numret finns kvar i historiken.")
            )
            return _to("person_register", data.person)
    return _render_register(request, data, number_form=form, duplicate=duplicate)


@persons_required
@require_POST
def person_residence_permit(request, public_id):
    data = person_register(request.user, public_id)
    if not data.may_edit:
        raise PermissionDenied(NOT_EDITOR)
    form = ResidencePermitForm(request.POST)
    if form.is_valid():
        try:
            services.record_residence_permit(
                actor=request.user,
                person=data.person,
                kind=form.cleaned_data["kind"],
                decided_on=form.cleaned_data["decided_on"],
                valid_from=form.cleaned_data["valid_from"],
                valid_until=form.cleaned_data["valid_until"],
            )
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Beslutet om uppehållstillstånd är registrerat."))
            return _to("person_register", data.person, "uppehallstillstand")
    return _render_register(request, data, permit_form=form)
