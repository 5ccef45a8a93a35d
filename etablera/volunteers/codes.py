"""The volunteers' offers and languages as codes: an offer by its English code name, a language by its ISO 639
code (639-1 where there is one, 639-3 otherwise: Dari `prs`). Kept in one text column as `,sv,ar,` — the commas at
both ends let a filter ask `contains=",ar,"` the same way on SQLite and PostgreSQL, without a JSON lookup that only
PostgreSQL has."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Offer(models.TextChoices):
    LANGUAGE_FRIEND = "LANGUAGE_FRIEND", _("Språkvän")
    HOMEWORK = "HOMEWORK", _("Läxhjälp")
    JOB_MENTOR = "JOB_MENTOR", _("Jobbmentor")
    SPORTS = "SPORTS", _("Idrott och fritid")
    DRIVING = "DRIVING", _("Övningskörning")


# The languages the forms offer (the common languages of newcomers in Sweden and Swedish/English), ISO 639.
LANGUAGES: tuple[tuple[str, str], ...] = (
    ("sv", _("svenska")),
    ("en", _("engelska")),
    ("ar", _("arabiska")),
    ("prs", _("dari")),
    ("fa", _("persiska")),
    ("ps", _("pashto")),
    ("ti", _("tigrinja")),
    ("so", _("somaliska")),
    ("uk", _("ukrainska")),
    ("ru", _("ryska")),
    ("ku", _("kurdiska")),
    ("tr", _("turkiska")),
    ("am", _("amhariska")),
    ("fr", _("franska")),
    ("es", _("spanska")),
    ("de", _("tyska")),
    ("bs", _("bosniska")),
    ("pl", _("polska")),
)
LANGUAGE_NAMES = dict(LANGUAGES)
OFFER_NAMES = dict(Offer.choices)


def pack(codes) -> str:
    """[\"sv\", \"ar\"] → \",sv,ar,\" (sorted, duplicates gone); nothing → \"\"."""
    found = sorted({code for code in codes if code})
    return f",{','.join(found)}," if found else ""


def unpack(value: str) -> list[str]:
    return [code for code in (value or "").split(",") if code]


def language_names(value: str) -> str:
    return ", ".join(str(LANGUAGE_NAMES.get(code, code)) for code in unpack(value))


def offer_names(value: str) -> str:
    return ", ".join(str(OFFER_NAMES.get(code, code)) for code in unpack(value))
