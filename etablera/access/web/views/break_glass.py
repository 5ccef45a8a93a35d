"""Nödåtkomst: open a household outside one's access in an emergency, by the person's full identity number and a
stated reason. Nothing of the household is shown until the grant is made; the grant is time-limited, marked in
the log and reviewed by the unit manager. The number is sent by POST and never stands in an address."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from etablera.access import selectors as access
from etablera.access import services
from etablera.access.guards import persons_required
from etablera.access.web.forms import BreakGlassForm
from etablera.rules.parameters import parameter_value
from etablera.web.forms import attach_errors
from etablera.web.pages import page


@persons_required
@require_http_methods(["GET", "POST"])
def break_glass(request):
    form = BreakGlassForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            match = access.find_for_break_glass(request.user, form.cleaned_data["identity_number"])
            grants = [
                services.open_break_glass(
                    actor=request.user, household=household, reason=form.cleaned_data["reason"]
                )
                for household in match.to_open
            ]
        except ValidationError as error:
            attach_errors(error, form)
        else:
            if grants:
                until = formats.time_format(timezone.localtime(grants[0].expires_at), "H:i")
                messages.warning(
                    request, _("Nödåtkomst öppnad till %(time)s. Skälet är loggat.") % {"time": until}
                )
            else:
                messages.info(request, _("Du har redan tillgång till hushållet; ingen nödåtkomst behövdes."))
            if len(match.households) > 1:
                messages.info(
                    request,
                    _(
                        "Personen ingår i %(n)s hushåll. Nödåtkomsten gäller alla; sök på namnet för att se dem."
                    )
                    % {"n": len(match.households)},
                )
            return redirect("household_detail", match.household.public_id)
    return page(
        request,
        "access/break_glass/form.html",
        {"form": form, "minutes": parameter_value("access.break_glass_minutes", timezone.localdate())},
        nav="households",
    )
