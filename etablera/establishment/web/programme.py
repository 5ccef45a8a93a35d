"""The person's establishment page after the plan (/personer/<id>/etablering/program/, POST): record or change the
programme, end it with a reason; record or change the SFI enrolment, an interruption, its completion; civic
orientation; the status of a month. Each action is one service of establishment.services.programme (it locks the
row, validates in Swedish at the field, and refuses what is already ended with a StateConflict, shown as a message);
everyone who sees the person may keep these records (services.common.require_sees_person), as the page says."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from etablera.access.guards import persons_required
from etablera.establishment import services
from etablera.establishment.selectors import establishment_page
from etablera.establishment.web.programme_forms import PROGRAMME_FORMS
from etablera.establishment.web.views import _run


@persons_required
@require_POST
def programme_action(request, public_id):
    data = establishment_page(request.user, public_id)
    action = request.POST.get("action", "")
    form_class = PROGRAMME_FORMS.get(action)
    if form_class is None:
        raise Http404
    user, person = request.user, data.person
    period, enrolment = data.running_programme, data.open_sfi
    if (action == "programslut" and period is None) or (
        action in ("uppehall", "sfiklar") and enrolment is None
    ):
        raise Http404
    form = form_class(request.POST)
    actions = {
        "program": (
            "program",
            lambda c: services.record_programme(actor=user, person=person, **c),
            _("Etableringsprogrammet är sparat."),
        ),
        "programslut": (
            "program",
            lambda c: services.end_programme(
                actor=user,
                period=period,
                actual_end=c["actual_end"],
                reason=c["end_reason"],
                note=c["end_note"],
            ),
            _("Etableringsprogrammet är avslutat."),
        ),
        "sfi": (
            "sfi",
            lambda c: services.record_sfi(actor=user, person=person, **c),
            _("SFI-anmälan är sparad."),
        ),
        "uppehall": (
            "sfi",
            lambda c: services.add_sfi_interruption(actor=user, enrolment=enrolment, **c),
            _("Uppehållet är registrerat."),
        ),
        "sfiklar": (
            "sfi",
            lambda c: services.complete_sfi(
                actor=user, enrolment=enrolment, on=c["completed_on"], completed=c["completed"]
            ),
            _("SFI är avslutad."),
        ),
        "so": (
            "samhallsorientering",
            lambda c: services.record_civic_orientation(actor=user, person=person, **c),
            _("Samhällsorienteringen är sparad."),
        ),
        "manad": (
            "status",
            lambda c: services.set_monthly_status(actor=user, person=person, **c),
            _("Status för månaden är sparad."),
        ),
    }
    anchor, call, done = actions[action]
    return _run(request, data, form, anchor, call, done)
