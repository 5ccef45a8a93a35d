"""The forms of finding things (issue #11): the household search and the anvisningar list's filters and search.

A name or an identity number is personal data and travels only in the body of a POST; the list's filters (year,
status, category) and a reference are not, so they may stand in the address and be bookmarked."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from etablera import limits
from etablera.people.models import Category
from etablera.reception.models import Assignment

REFERENCE = Assignment._meta.get_field("reference").max_length
MAX_PAGE = 100_000


class HouseholdSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Sök hushåll"),
        required=False,
        max_length=limits.SEARCH,
        help_text=_(
            "Namn på hushållet eller en person i det (minst två tecken), ett personnummer, samordningsnummer "
            "eller dossiernummer som personen har eller har haft, eller anvisningens referens."
        ),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
    )


class AssignmentFilterForm(forms.Form):
    """The list's filters and its reference search, by GET; the page number goes with them."""

    ar = forms.TypedChoiceField(label=_("Kommuntal år"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)
    kategori = forms.ChoiceField(label=_("Kategori"), required=False)
    referens = forms.CharField(
        label=_("Referens"),
        required=False,
        max_length=REFERENCE,
        help_text=_("Hela eller en del, till exempel 000123."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ar"].choices = [("", _("Alla år"))] + [(y, str(y)) for y in years]
        self.fields["status"].choices = [("", _("Alla"))] + list(Assignment.Status.choices)
        self.fields["kategori"].choices = [("", _("Alla kategorier"))] + [
            c for c in Category.choices if c[0] != Category.SELF_SETTLED
        ]

    def filters(self) -> dict:
        """The selector's keyword arguments (nothing filtered when the form is unbound or wrong)."""
        if not (self.is_bound and self.is_valid()):
            return {}
        data = self.cleaned_data
        return {
            "year": data["ar"],
            "status": data["status"] or None,
            "category": data["kategori"] or None,
            "reference": data["referens"].strip(),
        }

    def page_number(self) -> int:
        """The page asked for (`sida`), read apart from the filters: a page that is no number ("abc", "0", "²") is
        the first, one past MAX_PAGE the last there is (the selector stops at the last page) — an old or edited
        link keeps its filters, which a field of the form that failed would have dropped with it."""
        value = str(self.data.get("sida", "")) if self.is_bound else ""
        digits = value.lstrip("0") if value.isascii() and value.isdigit() else ""
        if not digits:
            return 1
        return MAX_PAGE if len(digits) > len(str(MAX_PAGE)) else min(int(digits), MAX_PAGE)


class AssignmentNameSearchForm(forms.Form):
    """A member's name, by POST: it never stands in the address."""

    namn = forms.CharField(
        label=_("Namn på en person i hushållet"),
        required=False,
        max_length=limits.SEARCH,
        help_text=_("Accenter och stora eller små bokstäver spelar ingen roll."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
    )

    def name(self) -> str:
        return self.cleaned_data["namn"].strip() if self.is_bound and self.is_valid() else ""
