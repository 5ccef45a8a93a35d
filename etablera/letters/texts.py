"""The fixed texts of the letters. Swedish is the source; each language's text is in its translation catalogue
(etablera/locale/<locale>/LC_MESSAGES/django.po), read under `translation.override(code)` when a letter is
rendered. The tests compare the text extracted from the PDF with these, as the catalogue gives them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

DRAFT_NOTICE = _("Maskinöversättning, ännu inte granskad av en kvalificerad översättare.")

WELCOME_TITLE = _("Välkommen till %(municipality)s")
GREETING = _("Hej %(names)s!")
WELCOME_INTRO = _(
    "Ni har kommit till %(municipality)s. Kommunen hjälper er att komma i gång med livet i Sverige."
)
CONTACTS_HEADING = _("Era kontaktpersoner")
NO_CONTACTS = _("Kommunens mottagning kontaktar er.")
MEETINGS_HEADING = _("Era första möten")
NO_MEETINGS = _("Vi skickar en kallelse när ett möte är bokat.")
NEXT_HEADING = _("Det här händer nu")
NEXT_STEPS = (
    _("Ni får hjälp att skriva in er på Arbetsförmedlingen och att börja läsa svenska på SFI."),
    _("Barnen får plats i förskola eller skola."),
    _("Ni får erbjudande om en hälsoundersökning."),
)
HELP_HEADING = _("Vart ni vänder er")
HELP_LINES = (
    _("Om ni har frågor, kontakta mottagningen i kommunen."),
    _("Ring 112 vid en nödsituation. Ring 1177 om ni behöver råd om vård."),
)
REGARDS = _("Med vänliga hälsningar")

INVITATION_TITLE = _("Kallelse: %(kind)s")
INVITATION_INTRO = _("Ni är välkomna till ett möte.")
DATE = _("Datum")
TIME = _("Tid")
PLACE = _("Plats")
INTERPRETER = _("Tolk")
INTERPRETER_BOOKED = _("Vi har bokat en tolk på %(language)s.")
INTERPRETER_TO_BOOK = _("Vi bokar en tolk på %(language)s.")
CANNOT_COME = _("Om ni inte kan komma, kontakta oss så snart som möjligt.")
