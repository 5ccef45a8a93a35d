"""The forms of grants: the public application (with the programme's extra questions and a honeypot), the report
back, and the staff's programme, assessment, decision and payment. Every text has a max_length; the services check
again and put their errors at the field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from etablera.grants.models import Application, GrantProgramme
from etablera.grants.services.public import MAX_AMOUNT, MAX_PARTICIPANTS, SEXES
from etablera.grants.web import easy as easy_swedish
from etablera.rules.grants import EXTRA_ANSWER_MAX

HONEYPOT = "webbplats"  # a field people never see (hidden by the stylesheet) and bots fill in
AMOUNT_ERRORS = {"invalid": _("Skriv beloppet i hela kronor, bara siffror.")}
SEX_LABELS = {
    "women": _("Kvinnor och flickor"),
    "men": _("Män och pojkar"),
    "other": _("Annat eller vill inte uppge"),
}


def _limit(model, name):
    return model._meta.get_field(name).max_length


class ApplicationForm(forms.Form):
    association_name = forms.CharField(
        label=_("Föreningens namn"), max_length=_limit(Application, "association_name")
    )
    organisation_number = forms.CharField(
        label=_("Organisationsnummer"), max_length=13, help_text=_("Tio siffror, till exempel 802000-1234.")
    )
    contact_name = forms.CharField(label=_("Kontaktperson"), max_length=_limit(Application, "contact_name"))
    contact_email = forms.EmailField(
        label=_("E-post"),
        max_length=254,
        help_text=_("Hit skickar vi en länk för att bekräfta ansökan, och sedan beslutet."),
        error_messages={"invalid": _("Skriv e-postadressen som namn@exempel.se.")},
    )
    contact_phone = forms.CharField(label=_("Telefon"), max_length=30, required=False)
    description = forms.CharField(
        label=_("Vad vill ni göra med bidraget?"),
        max_length=_limit(Application, "description"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    amount_applied = forms.IntegerField(
        label=_("Sökt belopp (kr)"), min_value=1, max_value=MAX_AMOUNT, error_messages=AMOUNT_ERRORS
    )
    webbplats = forms.CharField(
        label=_("Lämna det här fältet tomt"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, programme: GrantProgramme, easy: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if easy:
            easy_swedish.relabel(self)
        self.extra_names = []
        for extra in programme.extra_fields:
            name = f"extra_{extra['name']}"
            limit = min(extra["max_length"], EXTRA_ANSWER_MAX)
            widget = forms.Textarea(attrs={"rows": 3}) if limit > 200 else forms.TextInput()
            self.fields[name] = forms.CharField(
                label=extra["label"], max_length=limit, required=extra["required"], widget=widget
            )
            self.extra_names.append((name, extra["name"]))
        # The honeypot last, out of the way.
        self.fields[HONEYPOT] = self.fields.pop(HONEYPOT)

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT))

    def service_values(self) -> dict:
        values = {
            name: self.cleaned_data.get(name)
            for name in (
                "association_name",
                "organisation_number",
                "contact_name",
                "contact_email",
                "contact_phone",
                "description",
                "amount_applied",
            )
        }
        values["answers"] = {key: self.cleaned_data.get(name, "") for name, key in self.extra_names}
        return values


class ReportForm(forms.Form):
    report_text = forms.CharField(
        label=_("Vad gjordes med bidraget?"),
        max_length=_limit(Application, "report_text"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    report_money_used = forms.IntegerField(
        label=_("Använt belopp (kr)"), min_value=0, max_value=MAX_AMOUNT, error_messages=AMOUNT_ERRORS
    )

    def __init__(self, *args, bands: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.bands = bands
        self.table = []
        for sex in SEXES:
            cells = []
            for index, band in enumerate(bands):
                name = f"p_{sex}_{index}"
                self.fields[name] = forms.IntegerField(
                    label=f"{SEX_LABELS[sex]}, {band}",
                    min_value=0,
                    max_value=MAX_PARTICIPANTS,
                    required=False,
                    error_messages={"invalid": _("Skriv antalet som ett heltal.")},
                    widget=forms.NumberInput(attrs={"class": "input--short"}),
                )
                cells.append(name)
            self.table.append((SEX_LABELS[sex], [self[name] for name in cells]))

    def service_values(self) -> dict:
        participants = {
            sex: {band: self.cleaned_data.get(f"p_{sex}_{i}") or 0 for i, band in enumerate(self.bands)}
            for sex in SEXES
        }
        return {
            "report_text": self.cleaned_data["report_text"],
            "report_money_used": self.cleaned_data["report_money_used"],
            "participants": participants,
        }


EXTRA_HELP = _(
    "En fråga per rad: namn | fråga | högsta antal tecken | ja eller nej (obligatorisk). Namnet med små bokstäver "
    "a–z, siffror och understreck, till exempel: malgrupp | Vilka vänder sig aktiviteten till? | 500 | ja"
)


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=_limit(GrantProgramme, "name"))
    criteria = forms.CharField(
        label=_("Kriterier"),
        max_length=_limit(GrantProgramme, "criteria"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Visas för föreningarna på den öppna sidan."),
    )
    budget = forms.IntegerField(
        label=_("Budget (kr)"), min_value=0, max_value=10**10, error_messages=AMOUNT_ERRORS
    )
    opens_on = forms.DateField(label=_("Ansökan öppnar"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(
        label=_("Sista ansökningsdag"), widget=forms.DateInput(attrs={"type": "date"})
    )
    extra_fields = forms.CharField(
        label=_("Extra frågor i formuläret"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=EXTRA_HELP,
    )
    funding_year = forms.ModelChoiceField(
        label=_("Central pott"),
        required=False,
        queryset=None,
        help_text=_("Året ur schablonen som bidragen betalas ur, när kommunen fördelar den som en pott."),
    )

    def __init__(self, *args, pots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funding_year"].queryset = pots

    def clean_extra_fields(self):
        rows = []
        for number, line in enumerate(self.cleaned_data["extra_fields"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if (
                len(parts) != 4
                or not parts[2].isdigit()
                or parts[3].lower() not in ("ja", "nej", "yes", "no")
            ):
                raise forms.ValidationError(
                    _("Rad %(number)s: skriv namn | fråga | högsta antal tecken | ja eller nej.")
                    % {"number": number}
                )
            rows.append(
                {
                    "name": parts[0],
                    "label": parts[1],
                    "max_length": int(parts[2]),
                    "required": parts[3].lower() in ("ja", "yes"),
                }
            )
        return rows

    @staticmethod
    def initial_for(programme: GrantProgramme) -> dict:
        lines = [
            f"{f['name']} | {f['label']} | {f['max_length']} | {'ja' if f['required'] else 'nej'}"
            for f in programme.extra_fields
        ]
        return {
            "name": programme.name,
            "criteria": programme.criteria,
            "budget": programme.budget,
            "opens_on": programme.opens_on,
            "closes_on": programme.closes_on,
            "extra_fields": "\n".join(lines),
            "funding_year": programme.funding_year_id,
        }


class AssessForm(forms.Form):
    assessment = forms.CharField(
        label=_("Bedömning"),
        max_length=_limit(Application, "assessment"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DecisionForm(forms.Form):
    OUTCOMES = [("grant", _("Bevilja")), ("reject", _("Avslå"))]
    outcome = forms.ChoiceField(label=_("Beslut"), choices=OUTCOMES, widget=forms.RadioSelect)
    amount_granted = forms.IntegerField(
        label=_("Beviljat belopp (kr)"),
        min_value=1,
        max_value=MAX_AMOUNT,
        required=False,
        error_messages=AMOUNT_ERRORS,
    )
    reasons = forms.CharField(
        label=_("Motivering"),
        max_length=_limit(Application, "decision_reasons"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    conditions = forms.CharField(
        label=_("Villkor"),
        max_length=_limit(Application, "conditions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    report_deadline = forms.DateField(
        label=_("Återrapport senast"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("Utbetald den"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.IntegerField(
        label=_("Belopp (kr)"), min_value=1, max_value=MAX_AMOUNT, error_messages=AMOUNT_ERRORS
    )
    reference = forms.CharField(label=_("Betalningsreferens"), max_length=100, required=False)
