"""The person page: basic data, households, the address (masked for protected identities), consents and section
notes, with the forms that record and withdraw a consent, add a note and — for the authorised, with a reason —
show a protected address. Every rule is in the services and the policy; these views parse and render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from etablera.access import selectors as access
from etablera.access import services
from etablera.access.guards import persons_required
from etablera.access.register_extract import may_produce
from etablera.access.selectors import ConsentState
from etablera.people.selectors import person_page, reveal_person_identity_number
from etablera.people.web.forms import ConsentForm, PersonNoteForm, RevealAddressForm, WithdrawConsentForm
from etablera.transitions import StateConflict
from etablera.web.forms import attach_errors
from etablera.web.pages import page


def _withdraw_form(consent, data=None) -> WithdrawConsentForm:
    return WithdrawConsentForm(data, prefix=f"aterkalla-{consent.public_id.hex[:12]}")


def _render(request, data, *, status: int = 200, **context):
    """The person page with fresh forms, or with the bound form that failed (passed in `context`)."""
    failed = context.get("withdraw_forms", {})
    for consent in data.consents:
        consent.withdraw_form = failed.get(consent.pk) or _withdraw_form(consent)
        consent.can_withdraw = consent.pk in failed or consent.state in (
            ConsentState.ACTIVE,
            ConsentState.NOT_STARTED,
        )
    context.setdefault(
        "consent_form", ConsentForm(units=data.consent_units, initial={"given_date": timezone.localdate()})
    )
    context.setdefault("note_form", PersonNoteForm(sections=data.sections))
    if data.may_reveal_address:
        context.setdefault("address_form", RevealAddressForm())
    return page(
        request,
        "people/detail.html",
        {
            "data": data,
            "person": data.person,
            "ConsentState": ConsentState,
            # the registrar's way to the extract; the extract page itself decides again (access/register_extract.py)
            "may_produce_extract": may_produce(request.user, data.person),
            **context,
        },
        nav="households",
        status=status,
    )


def _back(person, anchor: str = ""):
    return redirect(reverse("person_detail", args=[person.public_id]) + (f"#{anchor}" if anchor else ""))


@persons_required
@require_http_methods(["GET", "POST"])
def person_detail(request, public_id):
    data = person_page(request.user, public_id)
    revealed_number = ""
    if request.method == "POST":
        # "Visa": the full identity number, on request only (by POST, so it is never in an address); logged.
        if request.POST.get("visa") != str(data.person.public_id):
            raise Http404
        revealed_number = reveal_person_identity_number(request.user, data.person)
    return _render(request, data, revealed_number=revealed_number)


@persons_required
@require_POST
def person_address(request, public_id):
    """A protected address, for an authorised user who states why; shown in this response only (the page is
    never cached) and logged with the reason."""
    data = person_page(request.user, public_id)
    form = RevealAddressForm(request.POST)
    address = None
    if form.is_valid():
        try:
            address = services.reveal_protected_address(
                actor=request.user, person=data.person, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            attach_errors(error, form)
    return _render(request, data, address_form=form, revealed_address=address)


@persons_required
@require_POST
def consent_create(request, public_id):
    data = person_page(request.user, public_id)
    form = ConsentForm(request.POST, units=data.consent_units)
    if form.is_valid():
        cleaned = form.cleaned_data
        try:
            services.record_consent(
                actor=request.user,
                person=data.person,
                units=list(cleaned["units"]),
                sections=cleaned["sections"],
                purpose=cleaned["purpose"],
                given_date=cleaned["given_date"],
                valid_until=cleaned["valid_until"],
                method=cleaned["method"],
                given_by=cleaned["given_by"],
                guardian_name=cleaned["guardian_name"],
                method_note=cleaned["method_note"],
                document_reference=cleaned["document_reference"],
            )
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Samtycket är registrerat."))
            return _back(data.person, "samtycken")
    return _render(request, data, consent_form=form)


@persons_required
@require_POST
def consent_withdraw(request, public_id, consent_id):
    data = person_page(request.user, public_id)
    consent = access.get_consent_for_user(request.user, consent_id, person=data.person)
    form = _withdraw_form(consent, request.POST)
    if form.is_valid():
        try:
            services.withdraw_consent(actor=request.user, consent=consent, note=form.cleaned_data["note"])
        except StateConflict as conflict:  # withdrawn by someone else first: the consents as they now are
            messages.error(request, conflict.detail)
            return _back(data.person, "samtycken")
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Samtycket är återkallat."))
            if access.can_see_person(request.user, data.person):
                return _back(data.person, "samtycken")
            # The consent was this user's only way to the person: their access ended with it.
            messages.info(request, _("Du har inte längre tillgång till personen."))
            return redirect("household_search")
    return _render(request, data, withdraw_forms={consent.pk: form})


@persons_required
@require_POST
def note_create(request, public_id):
    data = person_page(request.user, public_id)
    form = PersonNoteForm(request.POST, sections=data.sections)
    if form.is_valid():
        try:
            services.add_note(
                actor=request.user,
                person=data.person,
                section=form.cleaned_data["section"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Anteckningen är sparad."))
            return _back(data.person, "anteckningar")
    return _render(request, data, note_form=form)
