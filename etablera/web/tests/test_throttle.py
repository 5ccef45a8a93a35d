from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from etablera.web import throttle
from etablera.web.models import ThrottleHit

pytestmark = pytest.mark.django_db


def _request(address):
    return RequestFactory().post("/medverka/", REMOTE_ADDR=address)


def test_allows_up_to_the_limit_per_sender_and_scope():
    window = timedelta(hours=1)
    assert [throttle.allow(_request("10.0.0.1"), "signup", limit=3, window=window) for _ in range(4)] == [
        True,
        True,
        True,
        False,
    ]
    # Another sender, and the same sender on another form, have their own counts.
    assert throttle.allow(_request("10.0.0.2"), "signup", limit=3, window=window)
    assert throttle.allow(_request("10.0.0.1"), "grant", limit=3, window=window)


def test_the_window_passes_and_the_address_is_not_stored():
    window = timedelta(hours=1)
    assert throttle.allow(_request("10.0.0.9"), "signup", limit=1, window=window)
    assert not throttle.allow(_request("10.0.0.9"), "signup", limit=1, window=window)
    ThrottleHit.objects.update(at=timezone.now() - timedelta(hours=2))
    assert throttle.allow(_request("10.0.0.9"), "signup", limit=1, window=window)
    assert ThrottleHit.objects.count() == 1
    assert "10.0.0.9" not in ThrottleHit.objects.get().key
