"""The forms of the municipality visits' pages (kommunbesök, issue #16). Limits are the models'; the services check
every field again and their errors are put back at these fields (web.forms.attach_errors)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from etablera.county.models import NO_PERSONAL_DATA, VISIT_ANSWER, VISIT_NOTE, FollowUp
from etablera.county.services_visits import answer_key
from etablera.web.forms import date_field, mark_required


class PlanVisitForm(forms.Form):
    municipality = forms.ChoiceField(label=_("Kommun"))
    planned_on = date_field(_("Datum för besöket"))

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", _("Välj kommun"))] + [
            (m.code, m.name) for m in municipalities
        ]


class HeldForm(forms.Form):
    held_on = date_field(_("Besöket genomfördes"))
    note = forms.CharField(
        label=_("Anteckningar från besöket"),
        max_length=VISIT_NOTE,
        required=False,
        help_text=NO_PERSONAL_DATA,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Ny anteckning"),
        max_length=VISIT_NOTE,
        help_text=NO_PERSONAL_DATA,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class FollowUpForm(forms.Form):
    what = forms.CharField(
        label=_("Vad ska följas upp"),
        max_length=FollowUp._meta.get_field("what").max_length,
        help_text=NO_PERSONAL_DATA,
    )
    by_municipality = forms.BooleanField(label=_("Kommunen ansvarar"), required=False)
    responsible = forms.CharField(
        label=_("Annan ansvarig"),
        max_length=FollowUp._meta.get_field("responsible").max_length,
        required=False,
        help_text=FollowUp._meta.get_field("responsible").help_text,
    )
    due_on = date_field(_("Klart senast"), required=False)


class DoneForm(forms.Form):
    done_on = date_field(_("Klart den"))


class AnswersForm(forms.Form):
    """One text field per question of the visit's template, named as the service names its errors (q1, q2, …)."""

    def __init__(self, *args, questions=(), initial_answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_answers = initial_answers or {}
        self.questions = {}
        for question in questions:
            name = answer_key(question)
            self.questions[name] = question
            self.fields[name] = forms.CharField(
                label=f"{question.number}. {question.text}",
                max_length=VISIT_ANSWER,
                required=False,
                initial=initial_answers.get(question.pk, ""),
                help_text=NO_PERSONAL_DATA,
                widget=forms.Textarea(attrs={"rows": 5}),
            )
            mark_required(self, name)

    def answers(self) -> dict:
        """The answers by question id, for the services."""
        return {question.pk: self.cleaned_data.get(name, "") for name, question in self.questions.items()}
