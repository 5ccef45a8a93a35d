from django import forms
from django.utils.translation import gettext_lazy as _

from etablera.notices import kinds
from etablera.notices.models import NoticePreference


class PreferenceForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Sammanfattning med e-post"),
        choices=NoticePreference.Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Välj hur ofta du vill få e-post."),
            "invalid_choice": _("Välj ett av valen."),
        },
    )
    kinds = forms.MultipleChoiceField(
        label=_("Det här vill jag få veta"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Det du väljer bort visas varken här eller i e-posten."),
        error_messages={"invalid_choice": _("Välj bland valen.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = [(kind.key, kind.title) for kind in kinds.all_kinds()]
