"""The tests' WhiteNoise keeps the static files it found (etablera/testing/static_files.py): a second middleware
does not walk the folders again, and gets the same files; a setting that changes what the finders find walks again;
and a test client still serves a static file."""

from __future__ import annotations

from unittest import mock

from django.contrib.staticfiles import finders
from whitenoise.middleware import WhiteNoiseMiddleware

from etablera.testing import static_files


def _middleware():
    return WhiteNoiseMiddleware(lambda request: None)


def test_the_second_middleware_gets_the_files_without_walking_the_folders(settings):
    first = _middleware()
    assert WhiteNoiseMiddleware.add_files_from_finders is static_files.add_files_from_finders_once
    with mock.patch.object(finders, "get_finders", wraps=finders.get_finders) as walked:
        second = _middleware()
    assert walked.call_count == 0
    assert second.files.keys() == first.files.keys() and "/static/etablera/etablera.css" in second.files

    settings.STATICFILES_DIRS = []  # the project's own folder left out: etablera.css is no longer found
    with mock.patch.object(finders, "get_finders", wraps=finders.get_finders) as walked:
        third = _middleware()
    assert walked.call_count == 1 and "/static/etablera/etablera.css" not in third.files


def test_a_test_client_serves_a_static_file(client):
    response = client.get("/static/etablera/etablera.css")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/css")
    assert b"".join(response.streaming_content)
