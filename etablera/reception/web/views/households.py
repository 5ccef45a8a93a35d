"""Hushåll: the household page (members, anvisning, reception, tasks, timeline)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from etablera.access import selectors as access
from etablera.access.guards import persons_required
from etablera.access.policy import Basis, can_manage_housing, capabilities
from etablera.access.sections import Section
from etablera.housing import selectors as housing_selectors
from etablera.people.selectors import household_register, reveal_identity_number
from etablera.reception import selectors
from etablera.reception import services as reception_services
from etablera.reception.models import ReceptionCase, Task
from etablera.web.pages import page


@persons_required
@require_http_methods(["GET", "POST"])
def household_detail(request, public_id):
    data = selectors.household_page(request.user, public_id)
    revealed = {}
    if request.method == "POST":
        # "Visa": the full identity number of one member, on request only; the selector logs that it was shown.
        try:
            person_id = uuid.UUID(request.POST.get("visa", ""))
        except ValueError as error:
            raise Http404 from error
        if person_id not in {member.person.public_id for member in data.members}:
            raise Http404  # a member the user does not see (the household is seen through another's consent)
        person = reveal_identity_number(request.user, data.household, person_id)
        revealed[person.pk] = person.identity_number_display
    # Addresses: none of anyone in a household with a protected identity (nor of a member who shares another
    # household with one); the person page shows a protected address to the authorised, for a stated reason.
    masked = (
        {m.person_id for m in data.members}
        if data.has_protected_member
        else access.address_masked_ids([m.person for m in data.members])
    )
    for member in data.members:
        member.revealed_number = revealed.get(member.person_id, "")
        member.address_masked = member.person_id in masked
    groups = [
        (status, label, [t for t in data.tasks if t.status == status])
        for status, label in Task.Status.choices
    ]
    return page(
        request,
        "reception/households/detail.html",
        {
            "data": data,
            "household": data.household,
            "task_groups": groups,
            "notes_by_person": _notes_by_person(data),
            "break_glass": (
                access.active_break_glass(request.user, data.household)
                if data.basis == Basis.BREAK_GLASS
                else None
            ),
            # The housing section only for those who keep housing in the household's municipality.
            "housing": (
                housing_selectors.household_housing(request.user, data.household)
                if can_manage_housing(request.user, data.household.municipality_id)
                else None
            ),
            # The people register's panel: former members, the household's history, links to its changes.
            "register": household_register(request.user, data.household),
            "may_close_case": (
                data.case is not None
                and data.case.status == ReceptionCase.Status.OPEN
                and data.household.municipality_id in capabilities(request.user).reception_municipality_ids
            ),
        },
        nav="households",
    )


def _notes_by_person(data) -> list[tuple]:
    """[(person, [(section label, [notes])])] in the order of the members and of the sections."""
    by_person: dict[int, dict[str, list]] = {}
    for note in data.notes:
        by_person.setdefault(note.person_id, {}).setdefault(note.section, []).append(note)
    grouped = []
    for member in data.members:
        sections = by_person.get(member.person_id)
        if sections:
            grouped.append(
                (
                    member.person,
                    [(label, sections[value]) for value, label in Section.choices if value in sections],
                )
            )
    return grouped


@persons_required
@require_POST
def household_close_case(request, public_id):
    """Avsluta mottagandet (reception staff): ends the other units' access through their tasks."""
    household = selectors.get_household_for_user(request.user, public_id)
    case = (
        selectors.reception_cases_for_user(request.user)
        .filter(household=household, status=ReceptionCase.Status.OPEN)
        .order_by("-arrival_date")
        .first()
    )
    if case is None:
        raise Http404
    try:
        reception_services.close_reception_case(actor=request.user, case=case)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Mottagandet är avslutat."))
    return redirect("household_detail", household.public_id)
