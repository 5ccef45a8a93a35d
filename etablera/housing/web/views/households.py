"""Boende for one household: register or change its housing need, close it, draft a contract, and one contract
(sign, end, cancel a draft). The rules and permissions are the housing services'; these views parse and render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from etablera.access.guards import housing_required
from etablera.housing import selectors, services
from etablera.housing.web.forms import (
    CancelDraftForm,
    CloseNeedForm,
    ContractForm,
    EndContractForm,
    HousingNeedForm,
)
from etablera.rules.deadlines import Deadline
from etablera.transitions import StateConflict
from etablera.web.forms import attach_errors
from etablera.web.pages import page


def _house_by_help(data) -> str:
    deadline = data.default_house_by
    if deadline is None:
        return _("Lämna tomt om hushållet inte har någon anvisning att vänta på, eller ange ett datum.")
    return _("Lämna tomt för att använda anvisningens sista mottagningsdag, %(date)s.") % {
        "date": deadline.date.isoformat()
    }


def _need_page(request, data, form, close_form=None):
    need = data.housing.need
    return page(
        request,
        "housing/need_form.html",
        {
            "data": data,
            "household": data.household,
            "housing": data.housing,
            "need": need,
            "form": form,
            "close_form": close_form or CloseNeedForm(),
            "stored_rule": Deadline.from_json(need.house_by_rule) if need and need.house_by_rule else None,
        },
        nav="housing",
    )


@housing_required
@require_http_methods(["GET", "POST"])
def household_housing_need(request, public_id):
    data = selectors.housing_need_page(request.user, public_id)
    if request.method != "POST":
        form = HousingNeedForm(
            initial=HousingNeedForm.initial_for(data.housing.need), house_by_help=_house_by_help(data)
        )
        return _need_page(request, data, form)
    form = HousingNeedForm(request.POST, house_by_help=_house_by_help(data))
    if form.is_valid():
        try:
            services.set_housing_need(actor=request.user, household=data.household, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Bostadsbehovet är sparat."))
            return redirect("household_detail", data.household.public_id)
    return _need_page(request, data, form)


@housing_required
@require_POST
def household_housing_need_close(request, public_id):
    data = selectors.housing_need_page(request.user, public_id)
    close_form = CloseNeedForm(request.POST)
    if close_form.is_valid():
        try:
            services.close_housing_need(
                actor=request.user, household=data.household, note=close_form.cleaned_data["note"]
            )
        except ValidationError as error:
            attach_errors(error, close_form)
        else:
            messages.success(request, _("Bostadsbehovet är avslutat."))
            return redirect("household_detail", data.household.public_id)
    form = HousingNeedForm(
        initial=HousingNeedForm.initial_for(data.housing.need), house_by_help=_house_by_help(data)
    )
    return _need_page(request, data, form, close_form)


@housing_required
@require_http_methods(["GET", "POST"])
def household_contract_create(request, public_id):
    data = selectors.housing_need_page(request.user, public_id, with_units=True)
    if request.method != "POST":
        form = ContractForm(units=data.units, initial={"start_date": timezone.localdate()})
    else:
        form = ContractForm(request.POST, units=data.units)
        if form.is_valid():
            try:
                contract = services.create_contract(
                    actor=request.user, household=data.household, **form.cleaned_data
                )
            except ValidationError as error:
                attach_errors(error, form)
            else:
                messages.success(
                    request, _("Utkastet till kontrakt är sparat. Bostaden är reserverad för hushållet.")
                )
                return redirect("housing_contract_detail", contract.public_id)
    return page(
        request,
        "housing/contract_form.html",
        {"data": data, "household": data.household, "housing": data.housing, "form": form},
        nav="housing",
    )


def _contract_page(request, contract, **bound):
    today = timezone.localdate()
    forms = {
        "end_form": EndContractForm(initial={"end_date": contract.end_date or today}),
        "cancel_form": CancelDraftForm(),
        **bound,
    }
    return page(
        request,
        "housing/contract_detail.html",
        {
            "contract": contract,
            "planned_end": Deadline.from_json(contract.planned_end_rule)
            if contract.planned_end_rule
            else None,
            **forms,
        },
        nav="housing",
    )


@housing_required
@require_GET
def housing_contract_detail(request, public_id):
    return _contract_page(request, selectors.get_contract_for_user(request.user, public_id))


@housing_required
@require_POST
def housing_contract_sign(request, public_id):
    contract = selectors.get_contract_for_user(request.user, public_id)
    try:
        services.sign_contract(actor=request.user, contract=contract)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Kontraktet är registrerat som undertecknat."))
    return redirect("housing_contract_detail", contract.public_id)


@housing_required
@require_POST
def housing_contract_end(request, public_id):
    contract = selectors.get_contract_for_user(request.user, public_id)
    form = EndContractForm(request.POST)
    if form.is_valid():
        try:
            services.end_contract(
                actor=request.user,
                contract=contract,
                end_date=form.cleaned_data["end_date"],
                reason=form.cleaned_data["end_reason"],
                note=form.cleaned_data["end_note"],
            )
        except StateConflict as conflict:  # changed by someone else first: show the contract as it is
            messages.error(request, conflict.detail)
            return redirect("housing_contract_detail", contract.public_id)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Kontraktet är avslutat."))
            return redirect("housing_contract_detail", contract.public_id)
    return _contract_page(request, contract, end_form=form)


@housing_required
@require_POST
def housing_contract_cancel(request, public_id):
    contract = selectors.get_contract_for_user(request.user, public_id)
    form = CancelDraftForm(request.POST)
    if form.is_valid():
        try:
            services.cancel_draft(actor=request.user, contract=contract, note=form.cleaned_data["end_note"])
        except StateConflict as conflict:
            messages.error(request, conflict.detail)
            return redirect("housing_contract_detail", contract.public_id)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Utkastet är makulerat. Bostaden är ledig igen."))
            return redirect("household_detail", contract.household.public_id)
    return _contract_page(request, contract, cancel_form=form)
