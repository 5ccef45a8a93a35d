"""Easy Swedish (lättläst) for the application form, `?lang=lattsvenska` as on the volunteers' public pages: fixed
Swedish texts, not the gettext catalogue — they are a third version of the page, not a translation of the Swedish
one, and a translator must not turn them into English. The page's own texts are in the templates under
`{% if easy_swedish %}`; the form's labels and hints are here, since the form makes its fields.

Written the way lättläst texts are: short sentences, one thing in each, everyday words, "du" and "ni", the word
"bidrag" explained the first time. The messages about errors are the plain Swedish ones the form already gives."""

from __future__ import annotations

from django.utils import translation

EASY = "lattsvenska"

# field name -> (label, hint or "")
FIELDS = {
    "association_name": ("Föreningens namn", ""),
    "organisation_number": (
        "Föreningens organisations-nummer",
        "Numret har tio siffror. Till exempel 802000-1234.",
    ),
    "contact_name": ("Ditt namn", "Du är kontakt för ansökan. Vi hör av oss till dig."),
    "contact_email": (
        "Din e-post",
        "Vi skickar ett mejl till dig. Klicka på länken i mejlet. Sedan får du beslutet i ett mejl.",
    ),
    "contact_phone": ("Ditt telefon-nummer", "Du behöver inte skriva telefon-nummer."),
    "description": ("Vad vill ni göra med pengarna?", "Skriv vad ni ska göra. Skriv vem det är för."),
    "amount_applied": ("Hur mycket pengar vill ni ha?", "Skriv bara siffror. Till exempel 5000."),
}


def wanted(request) -> bool:
    """The visitor asked for easy Swedish: in the address, or in the form they sent from the easy page."""
    return request.GET.get("lang") == EASY or request.POST.get("lang") == EASY


def use(request) -> bool:
    """Easy Swedish for this request if it was asked for: it is Swedish, so the page's language is Swedish too
    (the field errors and the page's lang attribute), whatever language the visitor chose before."""
    easy = wanted(request)
    if easy:
        translation.activate("sv")
        request.LANGUAGE_CODE = "sv"
    return easy


def relabel(form) -> None:
    for name, (label, hint) in FIELDS.items():
        if name in form.fields:
            form.fields[name].label = label
            form.fields[name].help_text = hint
