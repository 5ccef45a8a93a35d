"""The pages of the register's changes (issue #11): a person's birth date; a household's members added later,
leaving (moved out, dead), split, merged and its anchor person; possible duplicates and their merge.

Who may change what is the policy's, checked again by the services: the reception unit and the administrators of
the municipality (as the person's "Ändra"). A user who sees but may not change gets 403, one who does not see 404.
No address is shown on any of these pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from etablera.access.guards import persons_required
from etablera.access.policy import capabilities
from etablera.people import services
from etablera.people.duplicates import duplicate_pairs, possible_duplicates_of
from etablera.people.models import HouseholdMember, Person
from etablera.people.selectors import (
    birth_date_changes,
    household_for_change,
    households_for_user,
    person_for_change,
    persons_for_user,
)
from etablera.people.services.editing import NOT_EDITOR
from etablera.people.services.households import PersonInput
from etablera.people.web.household_forms import (
    AddMemberForm,
    AnchorForm,
    BirthDateForm,
    LeaveForm,
    MergeHouseholdsForm,
    MergePersonsForm,
    SplitForm,
)
from etablera.transitions import StateConflict
from etablera.web.forms import attach_errors
from etablera.web.pages import page

CANDIDATES = 200  # persons offered in a list to choose from


def _members(household) -> list[Person]:
    return [
        m.person
        for m in HouseholdMember.objects.filter(household=household)
        .select_related("person")
        .order_by("person__birth_date", "pk")
    ]


def _by_id(persons, value):
    return next((p for p in persons if str(p.public_id) == value), None)


def _household_url(household) -> str:
    return reverse("household_detail", args=[household.public_id]) + "#register"


# --- birth date -----------------------------------------------------------------------------------------------------


@persons_required
@require_http_methods(["GET", "POST"])
def person_birth_date(request, public_id):
    person = person_for_change(request.user, public_id)
    form = BirthDateForm(
        request.POST or None,
        initial={"version": person.updated_at.isoformat(), "new_date": person.birth_date},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_birth_date(
                actor=request.user,
                person=person,
                kind=form.cleaned_data["kind"],
                new_date=form.cleaned_data["new_date"],
                decided_on=form.cleaned_data["decided_on"],
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except StateConflict as conflict:
            messages.error(request, conflict.detail)
            return redirect("person_birth_date", public_id=person.public_id)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Födelsedatumet är ändrat. Det tidigare finns kvar i historiken."))
            return redirect("person_detail", public_id=person.public_id)
    return page(
        request,
        "people/birth_date.html",
        {"person": person, "form": form, "changes": birth_date_changes(request.user, person)},
        nav="households",
    )


# --- household changes ----------------------------------------------------------------------------------------------


def _render(request, template, household, **context):
    return page(request, template, {"household": household, **context}, nav="households")


@persons_required
@require_http_methods(["GET", "POST"])
def household_add_member(request, public_id):
    household = household_for_change(request.user, public_id)
    members = _members(household)
    candidates = list(
        persons_for_user(request.user)
        .filter(municipality=household.municipality, deceased_on=None, household_memberships=None)
        .order_by("last_name", "first_name", "pk")[:CANDIDATES]
    )
    form = AddMemberForm(request.POST or None, candidates=candidates, members=members)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = _by_id(candidates, data["existing"])
        new = None
        if person is None:
            new = PersonInput(
                first_name=data["first_name"],
                last_name=data["last_name"],
                category=data["category"],
                relation=data["relation"],
                identity_number_type=data["identity_number_type"],
                identity_number=data["identity_number"],
                birth_date=data["birth_date"],
                sex=data["sex"],
            )
            # The check before a person is added: the same number, or the same name and birth date.
            probe = Person(
                first_name=new.first_name,
                last_name=new.last_name,
                birth_date=new.birth_date,
                identity_number=new.identity_number.replace("-", "").replace(" ", ""),
            )
            duplicates = possible_duplicates_of(request.user, probe)
        if duplicates and not request.POST.get("trots_dubblett"):
            form.add_error(
                None,
                _(
                    "Det finns redan en person som kan vara samma. Välj den i listan, eller bekräfta att det är en ny person."
                ),
            )
        else:
            try:
                services.add_member(
                    actor=request.user,
                    household=household,
                    relation=data["relation"],
                    person=person,
                    data=new,
                    joined_on=data["joined_on"],
                    anchor=_by_id(members, data["anchor"]),
                )
            except StateConflict as conflict:
                form.add_error(None, conflict.detail)
            except ValidationError as error:
                attach_errors(error, form)
            else:
                messages.success(request, _("Personen är tillagd i hushållet."))
                return redirect(_household_url(household))
    return _render(request, "people/household_add_member.html", household, form=form, duplicates=duplicates)


@persons_required
@require_http_methods(["GET", "POST"])
def household_member_leaves(request, public_id):
    household = household_for_change(request.user, public_id)
    members = _members(household)
    form = LeaveForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            services.remove_member(
                actor=request.user,
                household=household,
                person=_by_id(members, form.cleaned_data["person"]),
                reason=form.cleaned_data["reason"],
                on_date=form.cleaned_data["on_date"],
            )
        except StateConflict as conflict:
            form.add_error(None, conflict.detail)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Ändringen är sparad. Personen finns kvar bland tidigare medlemmar."))
            return redirect(_household_url(household))
    return _render(request, "people/household_leave.html", household, form=form)


@persons_required
@require_http_methods(["GET", "POST"])
def household_split(request, public_id):
    household = household_for_change(request.user, public_id)
    members = _members(household)
    form = SplitForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.split_household(
                actor=request.user,
                household=household,
                persons=[p for p in members if str(p.public_id) in form.cleaned_data["persons"]],
                name=form.cleaned_data["name"],
                on_date=form.cleaned_data["on_date"],
            )
        except StateConflict as conflict:
            form.add_error(None, conflict.detail)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Hushållet är delat."))
            return redirect(_household_url(new))
    return _render(request, "people/household_split.html", household, form=form)


@persons_required
@require_http_methods(["GET", "POST"])
def household_merge(request, public_id):
    household = household_for_change(request.user, public_id)
    others = list(
        households_for_user(request.user)
        .filter(municipality=household.municipality)
        .exclude(pk=household.pk)
        .order_by("name", "pk")[:CANDIDATES]
    )
    form = MergeHouseholdsForm(request.POST or None, households=others)
    if request.method == "POST" and form.is_valid():
        other = next((h for h in others if str(h.public_id) == form.cleaned_data["other"]), None)
        if other is None:
            form.add_error("other", _("Välj hushåll."))
        else:
            try:
                services.merge_households(
                    actor=request.user, kept=household, removed=other, on_date=form.cleaned_data["on_date"]
                )
            except StateConflict as conflict:
                form.add_error(None, conflict.detail)
            except ValidationError as error:
                attach_errors(error, form)
            else:
                messages.success(request, _("Hushållen är sammanslagna."))
                return redirect(_household_url(household))
    return _render(request, "people/household_merge.html", household, form=form)


@persons_required
@require_http_methods(["GET", "POST"])
def household_anchor(request, public_id):
    household = household_for_change(request.user, public_id)
    persons = list(
        persons_for_user(request.user)
        .filter(municipality=household.municipality, deceased_on=None)
        .order_by("last_name", "first_name", "pk")[:CANDIDATES]
    )
    form = AnchorForm(
        request.POST or None,
        persons=persons,
        initial={"anchor": str(household.anchor_person.public_id) if household.anchor_person else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_anchor(
                actor=request.user, household=household, anchor=_by_id(persons, form.cleaned_data["anchor"])
            )
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Anknytningspersonen är ändrad."))
            return redirect(_household_url(household))
    return _render(request, "people/household_anchor.html", household, form=form)


# --- duplicates -----------------------------------------------------------------------------------------------------


@persons_required
@require_GET
def duplicates_list(request):
    if not capabilities(request.user).reception_municipality_ids:
        raise PermissionDenied(NOT_EDITOR)
    return page(request, "people/duplicates.html", {"pairs": duplicate_pairs(request.user)}, nav="households")


@persons_required
@require_http_methods(["GET", "POST"])
def person_merge(request, public_id):
    person = person_for_change(request.user, public_id)
    candidates = possible_duplicates_of(request.user, person)
    chosen = request.GET.get("dubblett", "")
    form = MergePersonsForm(request.POST or None, candidates=candidates, initial={"duplicate": chosen})
    if request.method == "POST" and form.is_valid():
        duplicate = _by_id(candidates, form.cleaned_data["duplicate"])
        if duplicate is None:
            form.add_error("duplicate", _("Välj den person som är en dubblett."))
        else:
            try:
                services.merge_persons(
                    actor=request.user, kept=person, duplicate=duplicate, reason=form.cleaned_data["reason"]
                )
            except PermissionDenied as denied:
                form.add_error(None, str(denied))
            except ValidationError as error:
                attach_errors(error, form)
            else:
                messages.success(request, _("Personerna är sammanförda. Dubbletten är borttagen."))
                return redirect("person_detail", public_id=person.public_id)
    return page(
        request,
        "people/person_merge.html",
        {"person": person, "form": form, "candidates": candidates},
        nav="households",
    )
