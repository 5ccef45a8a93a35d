"""Administration: a municipal administrator's accounts and memberships (issue #9, finding 7).

The Django admin is for the service's operators; a municipality's administrators manage their own units' accounts
here. The selectors show only the administrator's municipalities; the organisation services check again."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from etablera.access.policy import capabilities
from etablera.organisation import selectors, services
from etablera.organisation.models import Unit
from etablera.organisation.web.forms import AccountForm, MembershipForm, UnitMembershipForm
from etablera.transitions import StateConflict
from etablera.web.forms import attach_errors
from etablera.web.pages import page

FLAGS = services.FLAGS


def administrator_required(view):
    """Only a municipality's administrators; what they see and change is their own municipality's."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not capabilities(request.user).is_administrator:
            raise PermissionDenied(_("Konton och medlemskap hanteras av kommunens administratörer."))
        return view(request, *args, **kwargs)

    return wrapper


def _units(request):
    return (
        Unit.objects.municipal()
        .filter(municipality_id__in=capabilities(request.user).admin_municipality_ids, is_active=True)
        .order_by("municipality__name", "name")
    )


def _is_operator(account) -> bool:
    return account.is_staff or account.is_superuser


@administrator_required
@require_GET
def administration(request):
    return page(
        request,
        "organisation/administration/list.html",
        {"units": selectors.administered_units(request.user)},
        nav="admin",
    )


@administrator_required
@require_http_methods(["GET", "POST"])
def account_create(request):
    form = AccountForm(request.POST or None, units=_units(request))
    if request.method == "POST" and form.is_valid():
        try:
            account = services.create_account(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Kontot är skapat."))
            return redirect("account_detail", account.pk)
    return page(request, "organisation/administration/create.html", {"form": form}, nav="admin")


def _detail(request, account, memberships, *, bound=None, add_form=None, status=200):
    """The account page, with one form per membership (`bound` is the one just sent with its errors)."""
    forms = []
    for membership in memberships:
        if bound is not None and bound.membership_id == membership.pk:
            forms.append((membership, bound))
        else:
            initial = {"role": membership.role, **{flag: getattr(membership, flag) for flag in FLAGS}}
            forms.append((membership, MembershipForm(initial=initial, prefix=f"m{membership.pk}")))
    return page(
        request,
        "organisation/administration/account.html",
        {
            "account": account,
            "operator": _is_operator(account),
            "forms": forms,
            "add_form": add_form or UnitMembershipForm(units=_units(request), prefix="ny"),
            "elsewhere": selectors.has_roles_elsewhere(request.user, account),
            "is_self": account.pk == request.user.pk,
        },
        nav="admin",
        status=status,
    )


@administrator_required
@require_GET
def account_detail(request, user_id: int):
    account, memberships = selectors.administered_account(request.user, user_id)
    return _detail(request, account, memberships)


@administrator_required
@require_POST
def membership_update(request, membership_id: int):
    membership = selectors.administered_membership(request.user, membership_id)
    form = MembershipForm(request.POST, prefix=f"m{membership.pk}")
    form.membership_id = membership.pk
    if form.is_valid():
        try:
            services.update_membership(actor=request.user, membership=membership, **form.cleaned_data)
        except StateConflict as conflict:
            messages.error(request, conflict.detail)
            return redirect("administration")  # the account may have no membership here left to show
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Medlemskapet är sparat."))
            return redirect("account_detail", membership.user_id)
    account, memberships = selectors.administered_account(request.user, membership.user_id)
    return _detail(request, account, memberships, bound=form, status=400)


@administrator_required
@require_POST
def membership_add(request, user_id: int):
    account, memberships = selectors.administered_account(request.user, user_id)
    form = UnitMembershipForm(request.POST, units=_units(request), prefix="ny")
    if form.is_valid():
        try:
            services.add_membership(actor=request.user, user=account, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Medlemskapet är tillagt."))
            return redirect("account_detail", account.pk)
    return _detail(request, account, memberships, add_form=form, status=400)


@administrator_required
@require_POST
def membership_remove(request, membership_id: int):
    membership = selectors.administered_membership(request.user, membership_id)
    try:
        services.remove_membership(actor=request.user, membership=membership)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("account_detail", membership.user_id)
    messages.success(request, _("Medlemskapet är borttaget."))
    if membership.user.memberships.filter(
        unit__municipality_id__in=capabilities(request.user).admin_municipality_ids
    ).exists():
        return redirect("account_detail", membership.user_id)
    return redirect("administration")  # nothing of the account is left here to show


def _set_active(request, user_id: int, service, done: str):
    account, _memberships = selectors.administered_account(request.user, user_id)
    try:
        service(actor=request.user, user=account)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("account_detail", account.pk)


@administrator_required
@require_POST
def account_deactivate(request, user_id: int):
    return _set_active(request, user_id, services.deactivate_account, _("Kontot är inaktiverat."))


@administrator_required
@require_POST
def account_reactivate(request, user_id: int):
    return _set_active(request, user_id, services.reactivate_account, _("Kontot är aktiverat igen."))
