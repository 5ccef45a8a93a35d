"""The letters' languages: the codes the CLI and the pages take, the catalogue each is read from, the script's
direction and the font that shapes it, and the default for a person from the languages they registered.

Easy Swedish (lättläst svenska) has no language code of its own. `sv-lattlast` is ours: a well-formed BCP 47 tag
(a variant subtag of 5–8 letters), which Django accepts (`check_for_language`) and reads from the locale directory
`sv_Lattlast` (`to_locale`). See docs_letters.md for the choice.
"""

from __future__ import annotations

from dataclasses import dataclass

EASY_SWEDISH = "sv-lattlast"


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in Swedish, for the staff's menus
    native: str  # in the language itself, for the letter's own heading
    rtl: bool = False
    font: str = "Noto Sans"


LANGUAGES: tuple[Language, ...] = (
    Language("sv", "svenska", "Svenska"),
    Language(EASY_SWEDISH, "lättläst svenska", "Lättläst svenska"),
    Language("en", "engelska", "English"),
    Language("ar", "arabiska", "العربية", rtl=True, font="Noto Sans Arabic"),
    Language("fa", "persiska", "فارسی", rtl=True, font="Noto Sans Arabic"),
    Language("prs", "dari", "دری", rtl=True, font="Noto Sans Arabic"),
    Language("ti", "tigrinja", "ትግርኛ", font="Noto Sans Ethiopic"),
    Language("so", "somaliska", "Soomaali"),
    Language("uk", "ukrainska", "Українська"),
)
BY_CODE = {language.code: language for language in LANGUAGES}
CODES = tuple(BY_CODE)
CHOICES = [(language.code, f"{language.name} ({language.native})") for language in LANGUAGES]

# How people register a language (people.Person.languages, interpreter_language): Swedish names, in any case.
_BY_SWEDISH_NAME = {
    "svenska": "sv",
    "lättläst svenska": EASY_SWEDISH,
    "engelska": "en",
    "arabiska": "ar",
    "persiska": "fa",
    "farsi": "fa",
    "dari": "prs",
    "tigrinja": "ti",
    "tigrinska": "ti",
    "somaliska": "so",
    "ukrainska": "uk",
}


def code_for_name(name: str) -> str | None:
    """The letter language for a registered language name ("Arabiska" → "ar"), or None when there is none."""
    return _BY_SWEDISH_NAME.get(name.strip().lower())


def default_for(person) -> str:
    """The interpreter language first (it is the one the person asked to be spoken to in), then the registered
    languages in their order; Swedish when none of them has a letter."""
    names = [person.interpreter_language, *person.languages.split(",")]
    for name in names:
        code = code_for_name(name or "")
        if code:
            return code
    return "sv"


def get(code: str) -> Language:
    return BY_CODE[code]
