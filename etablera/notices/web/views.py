"""/aviseringar/: a person's notices (counts with links, and the consents to their units that run out soon),
/aviseringar/antal/ (the total, for the header's badge), /aviseringar/installningar/ (what and how often)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from etablera.notices import kinds, selectors, services
from etablera.notices.web.forms import PreferenceForm
from etablera.web.pages import page


@login_required
@never_cache
@require_GET
def notices(request):
    today = timezone.localdate()
    preference = selectors.preference_for(request.user)
    items = selectors.notices_for(request.user, today, preference=preference)
    consents = []
    if "consents_expiring" not in preference.muted:
        consents = selectors.expiring_consents_with_persons(request.user, today)
    return page(
        request,
        "notices/notices.html",
        {"items": items, "consents": consents, "preference": preference},
        nav="notices",
    )


@login_required
@never_cache
@require_GET
def notices_count(request):
    return JsonResponse({"total": selectors.total_for(request.user)})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def notice_settings(request):
    preference = selectors.preference_for(request.user)
    known = [kind.key for kind in kinds.all_kinds()]
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            try:
                services.save_preference(
                    request.user,
                    frequency=form.cleaned_data["frequency"],
                    wanted=set(form.cleaned_data["kinds"]),
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Dina val är sparade."))
                return redirect("notices")
    else:
        form = PreferenceForm(
            initial={
                "frequency": preference.frequency,
                "kinds": [key for key in known if key not in preference.muted],
            }
        )
    return page(request, "notices/settings.html", {"form": form}, nav="notices")
