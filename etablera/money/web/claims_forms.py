"""The claim register's forms (issue #15): the list's filters, a claim registered by hand, and a claim's status with
its dates, amounts, reference and note. Each text field has its column's limit; the rules are the service's
(money/services/claims.py), whose errors come back at these fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from etablera.money.models import Claim
from etablera.money.models.claims import TEXT
from etablera.money.selectors_claims import MAX_DAYS
from etablera.money.services.claims import STEP_DATES
from etablera.web.forms import date_field

OPTIONAL = {"required": False}
ALL = [("", gettext_lazy("Alla"))]


def _limit(name: str) -> int:
    return Claim._meta.get_field(name).max_length


def _municipality_choices(municipalities) -> list[tuple[str, str]]:
    return [(m.code, m.name) for m in municipalities]


def _amount(label, help_text=""):
    # Checked by the service (0–100 000 000 kr), so that its Swedish message stands at the field.
    return forms.IntegerField(label=label, required=False, help_text=help_text)


class ClaimFilterForm(forms.Form):
    """The list's filters, read from the query string (Swedish names). A municipality is chosen only by a user of
    several."""

    kommun = forms.ChoiceField(label=gettext_lazy("Kommun"), required=False)
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=ALL + Claim.Status.choices, required=False
    )
    ersattning = forms.ChoiceField(
        label=gettext_lazy("Ersättning"), choices=ALL + Claim.Kind.choices, required=False
    )
    inom = forms.IntegerField(
        label=gettext_lazy("Sista dag inom (dagar)"),
        min_value=0,
        max_value=MAX_DAYS,
        required=False,
        help_text=gettext_lazy("Bara ansökningar att söka med sista dag inom så många dagar."),
    )

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        if len(municipalities) > 1:
            self.fields["kommun"].choices = ALL + _municipality_choices(municipalities)
        else:
            del self.fields["kommun"]


class ClaimForm(forms.Form):
    """A claim registered by hand."""

    municipality = forms.ChoiceField(label=gettext_lazy("Kommun"))
    kind = forms.ChoiceField(label=gettext_lazy("Ersättning"), choices=Claim.Kind.choices)
    title = forms.CharField(
        label=gettext_lazy("Benämning"),
        max_length=_limit("title"),
        help_text=gettext_lazy(
            "Vad ansökan gäller, till exempel ”Särskilda kostnader, hösten 2025”. Inga namn."
        ),
    )
    deadline = date_field(
        gettext_lazy("Sök senast"),
        help_text=gettext_lazy("Sista dagen enligt beslutet eller föreskriften som gäller ersättningen."),
    )
    period_start = date_field(gettext_lazy("Period från"), **OPTIONAL)
    period_end = date_field(gettext_lazy("Period till"), **OPTIONAL)
    amount_claimed = _amount(
        gettext_lazy("Belopp att söka (kr)"), gettext_lazy("Hela kronor, om det är känt.")
    )
    reference = forms.CharField(
        label=gettext_lazy("Migrationsverkets ärendenummer"), max_length=_limit("reference"), **OPTIONAL
    )
    note = forms.CharField(
        label=gettext_lazy("Anteckning"),
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Inga namn eller personnummer."),
        **OPTIONAL,
    )

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        if len(municipalities) > 1:
            self.fields["municipality"].choices = _municipality_choices(municipalities)
        else:
            del self.fields["municipality"]


class ClaimStatusForm(forms.Form):
    """A claim's next step (or the same status, to change the amounts, reference and note). `expected_status` is
    the status the page showed: if someone else has changed it since, the change is refused."""

    prefix = "andra"
    expected_status = forms.CharField(widget=forms.HiddenInput, max_length=_limit("status"))
    status = forms.ChoiceField(label=gettext_lazy("Status"))
    applied_on = date_field(gettext_lazy("Sökt den"), **OPTIONAL)
    decided_on = date_field(gettext_lazy("Beslut den"), **OPTIONAL)
    paid_on = date_field(gettext_lazy("Utbetald den"), **OPTIONAL)
    amount_claimed = _amount(gettext_lazy("Sökt belopp (kr)"))
    amount_granted = _amount(gettext_lazy("Beviljat belopp (kr)"))
    reference = forms.CharField(
        label=gettext_lazy("Migrationsverkets ärendenummer"), max_length=_limit("reference"), **OPTIONAL
    )
    note = forms.CharField(
        label=gettext_lazy("Anteckning"),
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Inga namn eller personnummer."),
        **OPTIONAL,
    )

    def __init__(self, *args, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Claim.Status.choices)
        self.fields["status"].choices = [(s, labels[s]) for s in statuses]
        for name, steps in STEP_DATES.items():  # only the dates of the steps the claim can be in next
            if not set(statuses) & set(steps):
                del self.fields[name]

    @classmethod
    def for_claim(cls, claim: Claim, statuses, data=None):
        initial = {
            "expected_status": claim.status,
            "status": claim.status,
            **{
                name: getattr(claim, name)
                for name in (
                    "applied_on",
                    "decided_on",
                    "paid_on",
                    "amount_claimed",
                    "amount_granted",
                    "reference",
                    "note",
                )
            },
        }
        return cls(data, initial=initial, statuses=statuses)

    def arguments(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("expected_status", "status")}
