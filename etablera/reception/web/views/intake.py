"""Households coming in without a full anvisning (issue #11): the members of an anvisning registered without them
("Lägg till medlemmar" on the anvisning's page), and a self-settled household (EBO) registered by the reception unit
when it is folkbokförd ("Registrera hushåll i eget boende"), which opens the same reception as an arrival."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from etablera.access.guards import municipalities_where, reception_required
from etablera.access.policy import capabilities
from etablera.people.models import Category
from etablera.reception import selectors, services
from etablera.reception.models import Assignment
from etablera.reception.web.forms import AddMembersForm, MemberFormSet, SelfSettledForm
from etablera.reception.web.views.assignments import _member_input
from etablera.transitions import StateConflict
from etablera.web.forms import attach_errors
from etablera.web.pages import page


def _changed_rows(formset) -> list:
    return [f for f in formset.forms if f.has_changed() and f.cleaned_data]


@reception_required
@require_http_methods(["GET", "POST"])
def assignment_members(request, assignment_id: int):
    assignment = selectors.get_assignment_for_user(request.user, assignment_id)
    data = request.POST if request.method == "POST" else None
    form = AddMembersForm(data)
    formset = MemberFormSet(data, prefix="members")
    current = assignment.household.memberships.count() if assignment.household_id else 0
    if assignment.status != Assignment.Status.ASSIGNED:
        messages.error(request, _("Medlemmar läggs bara till en anvisning som väntar på ankomst."))
        return redirect("assignment_detail", assignment.pk)
    if assignment.municipality_id not in capabilities(request.user).reception_municipality_ids:
        raise PermissionDenied(_("Du har inte behörighet att registrera mottagande i denna kommun."))
    if data is not None and form.is_valid() and formset.is_valid():
        rows = _changed_rows(formset)
        try:
            outcome = services.add_members(
                actor=request.user,
                assignment=assignment,
                members=[_member_input(f.cleaned_data, assignment.category) for f in rows],
                household_name=form.cleaned_data["household_name"],
            )
        except StateConflict as conflict:
            messages.error(request, conflict.detail)
            return redirect("assignment_detail", assignment.pk)
        except ValidationError as error:
            attach_errors(error, form, rows_key="members", rows=rows)
        else:
            added = outcome.created + outcome.linked
            messages.success(
                request,
                ngettext(
                    "%(count)s person har lagts till i hushållet.",
                    "%(count)s personer har lagts till i hushållet.",
                    added,
                )
                % {"count": added},
            )
            return redirect("assignment_detail", assignment.pk)
    return page(
        request,
        "reception/assignments/members.html",
        {"assignment": assignment, "form": form, "formset": formset, "current": current},
        nav="assignments",
    )


@reception_required
@require_http_methods(["GET", "POST"])
def self_settled_create(request):
    caps = capabilities(request.user)
    municipalities = municipalities_where(request.user, caps.reception_municipality_ids)
    data = request.POST if request.method == "POST" else None
    form = SelfSettledForm(
        data, municipalities=municipalities, initial={"registered_date": timezone.localdate()}
    )
    formset = MemberFormSet(data, prefix="members")
    if data is not None and form.is_valid() and formset.is_valid():
        rows = _changed_rows(formset)
        try:
            case = services.register_self_settled_household(
                actor=request.user,
                municipality=form.chosen_municipality,
                household_name=form.cleaned_data["household_name"],
                members=[_member_input(f.cleaned_data, Category.SELF_SETTLED) for f in rows],
                registered_date=form.cleaned_data["registered_date"],
            )
        except ValidationError as error:
            # people.services names the household's name `name`; on this form it is `household_name`.
            errors = {("household_name" if k == "name" else k): v for k, v in error.message_dict.items()}
            attach_errors(ValidationError(errors), form, rows_key="members", rows=rows)
        else:
            count = case.tasks.count()
            messages.success(
                request,
                ngettext(
                    "Hushållet i eget boende är registrerat och mottagandet öppnat. %(count)s uppgifter har "
                    "skapats.",
                    "Hushållet i eget boende är registrerat och mottagandet öppnat. %(count)s uppgifter har "
                    "skapats.",
                    count,
                )
                % {"count": count},
            )
            return redirect("household_detail", case.household.public_id)
    return page(
        request,
        "reception/households/self_settled.html",
        {"form": form, "formset": formset},
        nav="households",
    )
