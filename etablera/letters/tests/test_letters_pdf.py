"""Every letter in every language, as PDF: the text read back out of the PDF is what the catalogue says, in logical
order for Arabic script, and Ethiopic script set in the Noto Ethiopic face."""

from __future__ import annotations

import io
import unicodedata

import pypdf
import pytest
from django.utils import translation

from etablera.letters import languages, render, selectors, texts
from etablera.letters.models import LetterTranslation

# Sentences without digits or Latin words, so that the check is about the script and its direction alone. (pypdf
# orders the glyphs of a line by position, and a lam-yeh ligature ("لى" in "الأولى") comes out ahead of its word:
# the PDF is right, the extraction is not — sentences with that ligature are left out of the comparison.)
KEY_SENTENCES = (texts.NEXT_STEPS[1], texts.NEXT_STEPS[2], texts.HELP_LINES[0], texts.HELP_HEADING)


def _normalise(text: str) -> str:
    # A zero-width non-joiner (Persian "می‌") shapes the glyphs and has no glyph of its own: the PDF keeps none.
    text = unicodedata.normalize("NFC", text).replace("\u200c", "")
    return " ".join(text.split())


def _pdf(rendered) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(render.pdf(rendered)))


def _text(reader) -> str:
    return _normalise(" ".join(page.extract_text() for page in reader.pages))


def _fonts(reader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def _catalogue(code: str, text) -> str:
    with translation.override(code):
        return _normalise(str(text))


@pytest.mark.parametrize("code", languages.CODES)
def test_it_writes_the_welcome_letter_in_every_language(code, family, meeting):
    members = selectors._members(family)
    reader = _pdf(render.welcome_html(family, members, [meeting], code))
    text = _text(reader)
    for sentence in KEY_SENTENCES:
        assert _catalogue(code, sentence) in text
    assert _catalogue(code, texts.NEXT_HEADING) in text or code in ("ar", "fa", "prs")
    assert "2026-12-14" in text
    if code != "sv":
        # The notice stands alone in its paragraph: extraction by position puts an RTL line's final stop first.
        assert _catalogue(code, texts.DRAFT_NOTICE).rstrip(".።") in text
        assert _catalogue("sv", texts.DRAFT_NOTICE) in text
    else:
        assert _catalogue("sv", texts.DRAFT_NOTICE) not in text
    if code in ("ar", "fa", "prs"):
        assert any("NotoSansArabic" in name.replace("-", "") for name in _fonts(reader))
    if code == "ti":
        assert any("NotoSansEthiopic" in name.replace("-", "") for name in _fonts(reader))


@pytest.mark.parametrize("code", languages.CODES)
def test_it_writes_the_invitation_in_every_language(code, family, meeting):
    reader = _pdf(render.invitation_html(meeting, selectors.participants(meeting), code))
    text = _text(reader)
    assert _catalogue(code, texts.INVITATION_INTRO) in text
    assert _catalogue(code, texts.CANNOT_COME) in text
    # The booked interpreter, named in the interpreter's own language and script.
    assert _normalise(languages.get("ti").native) in text
    assert "09:30" in text


def test_it_translates_for_real_and_not_to_swedish(family, meeting):
    """The catalogues are compiled and read: an Arabic letter is not the Swedish one."""
    assert _catalogue("ar", texts.MEETINGS_HEADING) == "مواعيدكم الأولى"
    assert _catalogue("ti", texts.MEETINGS_HEADING) == "ቀዳሞት ቆጸራታትኩም"
    assert _catalogue(languages.EASY_SWEDISH, texts.CONTACTS_HEADING) == "Personer ni kan prata med"
    text = _text(_pdf(render.welcome_html(family, [], [meeting], "ar")))
    assert "سيحصل الأطفال على مكان في الروضة أو المدرسة." in text
    assert str(texts.NEXT_STEPS[1]) not in text


def test_a_reviewed_language_drops_the_draft_notice(family, meeting):
    LetterTranslation.objects.create(language="so", reviewed=True, reviewed_by="Översättare")
    text = _text(_pdf(render.welcome_html(family, [], [meeting], "so")))
    assert _catalogue("so", texts.DRAFT_NOTICE) not in text
    assert _catalogue("sv", texts.DRAFT_NOTICE) not in text


def test_the_letters_never_show_a_persons_address_or_number(family, meeting):
    from etablera.people.models import ProtectedIdentity

    person = family.members.first()
    person.address_street = "Hemliga vägen 7"
    person.identity_number_type = "PERSONNUMMER"
    person.identity_number = "19860101-1234"
    person.protected_identity = ProtectedIdentity.choices[-1][0]
    person.save()
    members = selectors._members(family)
    for rendered in (
        render.welcome_html(family, members, [meeting], "sv"),
        render.invitation_html(meeting, members, "sv"),
    ):
        assert "Hemliga vägen" not in rendered.html
        assert "1234" not in rendered.html
        assert "Hemliga vägen" not in _text(_pdf(rendered))
    assert b"Hemliga" not in render.ics(meeting)
