"""The volunteers' test data: a volunteer of Nyköping at any step (pages, API and services tests share it)."""

import datetime as dt

import pytest
from django.utils import timezone

from etablera.volunteers import services
from etablera.volunteers.models import Volunteer


@pytest.fixture
def make_volunteer(nykoping):
    """A volunteer of Nyköping at `status`, made through the public sign-up and confirmation where it matters."""

    def make(name="Vera Volontär", email="vera@example.org", status=Volunteer.Status.APPROVED, **fields):
        volunteer = Volunteer.objects.create(
            municipality=fields.pop("municipality", nykoping),
            name=name,
            email=email,
            offers=fields.pop("offers", ",LANGUAGE_FRIEND,"),
            languages=fields.pop("languages", ",ar,sv,"),
            area=fields.pop("area", "Brandholmen"),
            status=status,
            consent_text=services.consent_in_force("sv"),
            consent_at=timezone.now() - dt.timedelta(days=1),
            **fields,
        )
        return volunteer

    return make
