"""Forms for the administration pages (issue #9, finding 7). As every page form, they parse and label; the rules
and the Swedish messages are the organisation services', put back at the field by `attach_errors`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from etablera import limits
from etablera.organisation.models import Membership, Role, Unit, User


def _text(field: str, label, **kwargs) -> forms.CharField:
    # The column's limit as the input's maxlength; the service says it again in Swedish if it is passed.
    return forms.CharField(
        label=label, required=False, max_length=User._meta.get_field(field).max_length, **kwargs
    )


def _flag(field: str) -> forms.BooleanField:
    model_field = Membership._meta.get_field(field)
    return forms.BooleanField(label=model_field.verbose_name, help_text=model_field.help_text, required=False)


class MembershipForm(forms.Form):
    """A membership's role and the two explicit authorisations."""

    role = forms.ChoiceField(label=_("Roll"), choices=Role.choices)
    may_view_protected_address = _flag("may_view_protected_address")
    may_produce_register_extract = _flag("may_produce_register_extract")


class UnitMembershipForm(MembershipForm):
    """A membership in a unit of one of the administrator's municipalities."""

    unit = forms.ModelChoiceField(label=_("Enhet"), queryset=Unit.objects.none(), empty_label="—")
    field_order = ["unit", "role", "may_view_protected_address", "may_produce_register_extract"]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()


class AccountForm(UnitMembershipForm):
    username = _text("username", _("Användarnamn"))
    first_name = _text("first_name", _("Förnamn"))
    last_name = _text("last_name", _("Efternamn"))
    email = _text("email", _("E-post"))
    password = forms.CharField(
        label=_("Startlösenord (valfritt)"),
        required=False,
        max_length=limits.PASSWORD,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Lämna tomt för ett konto som bara loggar in med kommunens inloggning (OpenID Connect). "
            "Ett lösenord måste uppfylla lösenordsreglerna."
        ),
    )
    field_order = [
        "username",
        "first_name",
        "last_name",
        "email",
        "unit",
        "role",
        "may_view_protected_address",
        "may_produce_register_extract",
        "password",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].show_required = True
