"""What every page form shares: the date input, required marks, and errors put back at their fields.

Knows no domain; each domain's forms are in `etablera/<domain>/web/forms.py` (docs/architecture.md)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy


class DateInput(forms.DateInput):
    """A native date picker; the value is ISO (ÅÅÅÅ-MM-DD), which is also how Swedes write dates."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def mark_required(form: forms.BaseForm, *names: str) -> None:
    """Fields the service requires although the form lets them through empty (so that every error, the form's
    and the service's, shows in one round): marked with the asterisk and aria-required."""
    for name in names:
        form.fields[name].show_required = True
        form.fields[name].widget.attrs["aria-required"] = "true"


def date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), **kwargs)


def attach_errors(error: ValidationError, form: forms.Form, *, rows_key: str = "", rows: list | None = None):
    """Put a service's ValidationError on the form fields it names.

    Keys that are not fields of `form` become errors of the form as a whole. With `rows_key` (e.g. "members"),
    keys "members.<n>.<field>" go to `rows[n - 1]` (n counts from 1, as the services count).
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for key, messages in error.message_dict.items():
        target, field_name = form, key
        if rows_key and rows is not None and key.startswith(f"{rows_key}."):
            _prefix, number, field_name = key.split(".", 2)
            index = int(number) - 1
            if 0 <= index < len(rows):
                target = rows[index]
            else:
                field_name = None
        if field_name not in target.fields:
            field_name = None
        target.add_error(field_name, list(messages))


# --- import of anvisningar (issue #4) ---------------------------------------------------------------------------

IMPORT_MAX_BYTES = 2 * 1024 * 1024


class CsvFileForm(forms.Form):
    """The file field of an import page (web/import_view.py): a CSV file of at most IMPORT_MAX_BYTES. A page that
    asks more (what the file holds, the municipality) adds its fields in a subclass, and may give the file its own
    label and help (`file_label`, `file_help`: e.g. which command imports a larger file)."""

    file = forms.FileField(
        label=gettext_lazy("CSV-fil"),
        help_text=gettext_lazy(
            "Sparad som CSV UTF-8, med komma eller semikolon och en rubrikrad. Högst 2 MB."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )
    file_label = None
    file_help = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.file_label:
            self.fields["file"].label = self.file_label
        if self.file_help:
            self.fields["file"].help_text = self.file_help

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise ValidationError(gettext("Filen är för stor: högst 2 MB."))
        return upload
