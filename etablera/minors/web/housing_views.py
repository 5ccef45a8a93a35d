"""The child's page's button "Öppna bostadsbehov" (issue #14): social services open the young person's housing need
in the housing domain, once (minors.services.housing.open_housing_need). POST only; the answer is the child's page
again with a message saying what was opened, or why not.

404 for anyone who does not see the child's case (section SOCIAL); 403 for someone who sees it without being social
services of the responsible municipality (the service's refusal)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from etablera.access.guards import persons_required
from etablera.minors.selectors import child_case
from etablera.minors.services.housing import open_housing_need
from etablera.transitions import StateConflict

ANCHOR = "bostadsbehov"


@persons_required
@require_POST
def minors_housing_need(request, public_id):
    case = child_case(request.user, public_id)
    try:
        need = open_housing_need(request.user, case)
    except StateConflict as conflict:
        messages.error(request, conflict.detail)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Bostadsbehovet är öppnat: %(status)s. Bostadsenheten ser det i sin kö.")
            % {"status": need.get_status_display().lower()},
        )
    return redirect(reverse("minors_child", args=[case.person.public_id]) + f"#{ANCHOR}")
