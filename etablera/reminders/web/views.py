"""/paminnelser/ (the outbox of the persons the user sees, filtered by status, channel and day; addresses masked),
"Skicka om" for a failed message, and a person's reminder page (consent per channel, why a reminder would not go,
the messages sent). Permissions and rules are the selectors' and services'; these views parse and render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from etablera.access.guards import persons_required
from etablera.reminders import selectors, services
from etablera.reminders.web.forms import ConsentForm, OutboxFilter
from etablera.web.forms import attach_errors
from etablera.web.pages import page


@persons_required
@require_GET
def outbox(request):
    form = OutboxFilter(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.outbox(request.user, **{key: value for key, value in filters.items() if value})
    listing = Paginator(rows, 50).get_page(request.GET.get("sida"))
    selectors.log_page(request.user, listing.object_list)
    return page(request, "reminders/outbox.html", {"form": form, "listing": listing}, nav="reminders")


@persons_required
@require_POST
def resend(request, public_id):
    message = selectors.message_for_user(request.user, public_id)
    try:
        services.resend(actor=request.user, message=message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Påminnelsen skickas om."))
    return redirect("reminders_outbox")


@persons_required
@require_http_methods(["GET", "POST"])
def person_reminders(request, public_id):
    data = selectors.person_reminders(request.user, public_id)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.give_consent(
                actor=request.user, person=data.person, channel=form.cleaned_data["channel"]
            )
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Samtycket till påminnelser är sparat."))
            return redirect("reminders_person", data.person.public_id)
    return page(request, "reminders/person.html", {"data": data, "person": data.person, "form": form})


@persons_required
@require_POST
def consent_withdraw(request, public_id, consent_id):
    data = selectors.person_reminders(request.user, public_id)
    consent = next((c for c in data.consents if c.public_id == consent_id), None)
    if consent is None:
        raise Http404
    try:
        services.withdraw_consent(actor=request.user, consent=consent)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Samtycket till påminnelser är återkallat."))
    return redirect("reminders_person", data.person.public_id)
