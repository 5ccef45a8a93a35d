"""The form of a name that search compares: without accents, case or extra spaces, so that "Sjögren", "SJOGREN"
and "sjogren" find each other, as do "José" and "Jose" (issue #11). Stored on the person (Person.name_key) so the
database compares plain text on SQLite and PostgreSQL alike, and an index can answer it."""

from __future__ import annotations

import unicodedata


def search_key(text: str) -> str:
    """Lower case, accents and other combining marks removed, runs of white space made one space."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # ß, æ, ø and ł have no decomposition; casefold turns ß into ss, the others are spelled out by hand.
    plain = plain.casefold().translate(_LETTERS)
    return " ".join(plain.split())


_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ı": "i"})


def person_name_key(first_name: str, last_name: str) -> str:
    return search_key(f"{first_name} {last_name}")
