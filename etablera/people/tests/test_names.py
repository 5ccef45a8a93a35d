"""The search key of a name (people/names.py, decision 0009): accents, case and spacing don't matter, and the person's
key follows every save of the names."""

from __future__ import annotations

import pytest

from etablera.people.models import Person
from etablera.people.names import person_name_key, search_key
from etablera.testing.factories import PersonFactory


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Sjögren", "sjogren"),
        ("SJOGREN", "sjogren"),
        ("José  Núñez", "jose nunez"),
        ("Ødegård", "odegard"),
        ("Straße", "strasse"),
        ("Łukasz", "lukasz"),
        ("Ærø", "aero"),
        ("  Åsa\tÄlv ", "asa alv"),
        ("محمد", "محمد"),
        ("", ""),
    ],
)
def test_the_search_key(typed, key):
    assert search_key(typed) == key


@pytest.mark.django_db
def test_the_person_key_follows_the_names():
    person = PersonFactory(first_name="Zoë", last_name="Sjögren")
    assert Person.objects.get(pk=person.pk).name_key == "zoe sjogren"
    person.last_name = "Åberg"
    person.save(update_fields=["last_name"])
    assert Person.objects.get(pk=person.pk).name_key == person_name_key("Zoë", "Åberg") == "zoe aberg"
