from django import forms
from django.utils.translation import gettext_lazy as _

from etablera.reminders.models import Channel, OutgoingMessage
from etablera.web.forms import DateInput


class ConsentForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Kanal"),
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Välj sms eller e-post."),
            "invalid_choice": _("Välj sms eller e-post."),
        },
    )


class OutboxFilter(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alla")), *OutgoingMessage.Status.choices]
    )
    channel = forms.ChoiceField(label=_("Kanal"), required=False, choices=[("", _("Alla")), *Channel.choices])
    day_from = forms.DateField(
        label=_("Möten från"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Skriv ÅÅÅÅ-MM-DD.")},
    )
    day_to = forms.DateField(
        label=_("Möten till och med"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Skriv ÅÅÅÅ-MM-DD.")},
    )
