"""A person's moves to another municipality (issue #15): /personer/<id>/flytt/ — the moves recorded and a form to
record one, for the controller and the integration unit of the person's municipality. A move within 24 months of
reception sends the schablon's later instalments to the new municipality. 404 for a person the user does not see."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from etablera.access.guards import money_required
from etablera.access.policy import capabilities, get_for_user
from etablera.money.services import relocations
from etablera.organisation.models import Municipality
from etablera.people.models import Person
from etablera.web.forms import attach_errors, date_field
from etablera.web.pages import page


class RelocationForm(forms.Form):
    to_municipality = forms.ModelChoiceField(
        label=gettext_lazy("Flyttade till kommun"),
        queryset=Municipality.objects.order_by("name"),
        to_field_name="code",
    )
    moved_on = date_field(gettext_lazy("Flyttdatum (folkbokförd i den nya kommunen)"), required=True)


@money_required
@require_http_methods(["GET", "POST"])
def money_relocation(request, public_id):
    person = get_for_user(request.user, Person.objects.all(), public_id=public_id)
    can_record = person.municipality_id in capabilities(request.user).money_manage_municipality_ids
    form = RelocationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied(_("Flyttar registreras av kommunen där personen är folkbokförd."))
        if form.is_valid():
            try:
                relocations.record_relocation(
                    request.user,
                    person,
                    form.cleaned_data["to_municipality"].code,
                    form.cleaned_data["moved_on"],
                )
            except ValidationError as error:
                attach_errors(error, form)
            else:
                messages.success(request, _("Flytten är registrerad. Beräkna årets ersättningar igen."))
                return redirect("money_relocation", public_id=person.public_id)
        status = 400
    return page(
        request,
        "money/relocation.html",
        {
            "person": person,
            "moves": relocations.moves_of(request.user, person),
            "form": form,
            "can_record": can_record,
        },
        nav="money",
        status=status,
    )


urlpatterns = [path("personer/<uuid:public_id>/flytt/", money_relocation, name="money_relocation")]
