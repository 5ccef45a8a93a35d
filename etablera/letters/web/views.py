"""The letters' pages: a household's appointments (list, book, change), the welcome letter and an invitation as a
print page and as PDF, the .ics file, and the administrators' review state of each language. Permissions and rules
are the selectors' and services'; these views parse and render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from etablera.access.guards import administrator_required, persons_required
from etablera.letters import languages, render, selectors, services
from etablera.letters.web.forms import AppointmentForm, ReviewForm
from etablera.web.forms import attach_errors
from etablera.web.pages import page


def _language(code: str) -> str:
    if code not in languages.CODES:
        raise Http404
    return code


def _default_language(members) -> str:
    for person in members:
        code = languages.default_for(person)
        if code != "sv":
            return code
    return "sv"


@persons_required
@require_GET
def household_appointments(request, public_id):
    data = selectors.household_letters(request.user, public_id)
    return page(
        request,
        "letters/appointments.html",
        {
            "data": data,
            "household": data.household,
            "languages": languages.LANGUAGES,
            "default_language": _default_language(data.members),
            "translations": selectors.translations(),
        },
    )


def _form_page(request, data, form, appointment=None):
    return page(
        request,
        "letters/appointment_form.html",
        {"household": data.household, "form": form, "appointment": appointment},
    )


def _values(form) -> tuple[dict, list]:
    values = dict(form.cleaned_data)
    persons = list(values.pop("persons") or [])
    return values, persons


@persons_required
@require_http_methods(["GET", "POST"])
def appointment_create(request, public_id):
    data = selectors.household_letters(request.user, public_id)
    if request.method != "POST":
        form = AppointmentForm(household=data.household, members=data.members)
        return _form_page(request, data, form)
    form = AppointmentForm(request.POST, household=data.household, members=data.members)
    if form.is_valid():
        values, persons = _values(form)
        try:
            services.create_appointment(
                actor=request.user, household=data.household, persons=persons, **values
            )
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Mötet är bokat."))
            return redirect("letters_household", data.household.public_id)
    return _form_page(request, data, form)


@persons_required
@require_http_methods(["GET", "POST"])
def appointment_edit(request, public_id):
    appointment = selectors.appointment_for_user(request.user, public_id)
    data = selectors.household_letters(request.user, appointment.household.public_id)
    if request.method != "POST":
        form = AppointmentForm(
            initial=AppointmentForm.initial_for(appointment), household=data.household, members=data.members
        )
        return _form_page(request, data, form, appointment)
    form = AppointmentForm(request.POST, household=data.household, members=data.members)
    if form.is_valid():
        values, persons = _values(form)
        try:
            services.update_appointment(
                actor=request.user, appointment=appointment, persons=persons, **values
            )
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Mötet är ändrat."))
            return redirect("letters_household", data.household.public_id)
    return _form_page(request, data, form, appointment)


def _pdf_response(rendered, filename: str) -> HttpResponse:
    response = HttpResponse(render.pdf(rendered), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@persons_required
@require_GET
def welcome_letter(request, public_id, language):
    code = _language(language)
    data = selectors.household_letters(request.user, public_id, "Välkomstbrev")
    links = {
        "back_url": reverse("letters_household", args=[public_id]),
        "pdf_url": reverse("letters_welcome_pdf", args=[public_id, code]),
    }
    rendered = render.welcome_html(
        data.household, data.members, data.appointments, code, for_print=True, links=links
    )
    return HttpResponse(rendered.html)


@persons_required
@require_GET
def welcome_letter_pdf(request, public_id, language):
    code = _language(language)
    data = selectors.household_letters(request.user, public_id, "Välkomstbrev")
    rendered = render.welcome_html(data.household, data.members, data.appointments, code)
    return _pdf_response(rendered, f"valkomstbrev-{code}.pdf")


@persons_required
@require_GET
def invitation(request, public_id, language):
    code = _language(language)
    appointment = selectors.appointment_for_user(request.user, public_id, "Kallelse")
    links = {
        "back_url": reverse("letters_household", args=[appointment.household.public_id]),
        "pdf_url": reverse("letters_invitation_pdf", args=[public_id, code]),
    }
    rendered = render.invitation_html(
        appointment, selectors.participants(appointment), code, for_print=True, links=links
    )
    return HttpResponse(rendered.html)


@persons_required
@require_GET
def invitation_pdf(request, public_id, language):
    code = _language(language)
    appointment = selectors.appointment_for_user(request.user, public_id, "Kallelse")
    rendered = render.invitation_html(appointment, selectors.participants(appointment), code)
    return _pdf_response(rendered, f"kallelse-{code}.pdf")


@persons_required
@require_GET
def appointment_ics(request, public_id):
    appointment = selectors.appointment_for_user(request.user, public_id, "Möte i kalender")
    response = HttpResponse(render.ics(appointment), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mote.ics"'
    return response


@administrator_required
@require_http_methods(["GET", "POST"])
def translations(request):
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_review(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Översättningens status är sparad."))
            return redirect("letters_translations")
    rows = selectors.translations()
    return page(
        request,
        "letters/translations.html",
        {
            "form": form,
            "rows": [
                (language, rows.get(language.code))
                for language in languages.LANGUAGES
                if language.code != "sv"
            ],
        },
    )
