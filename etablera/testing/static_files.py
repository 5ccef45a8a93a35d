"""WhiteNoise's list of the static files, made once per test process instead of once per test client (issue #19, the
suite's time).

Django's test client loads the middleware anew for its first request, and WhiteNoise's middleware — with
WHITENOISE_USE_FINDERS, as in settings.py — walks every app's static folder and reads each file's size and time
then: some 18 ms a client, and the suite makes thousands of clients (the stored-text walk one per page: a sixth of
its time). The files do not change while the tests run, so the first walk's entries are kept, per settings that
decide what the finders find, and given to every later middleware. Production is unchanged: a server process makes
its middleware once.
"""

from __future__ import annotations

from django.conf import settings
from whitenoise.middleware import WhiteNoiseMiddleware

_walk = WhiteNoiseMiddleware.add_files_from_finders
_found: dict[tuple, dict] = {}


def _key(middleware: WhiteNoiseMiddleware) -> tuple:
    return (
        middleware.static_prefix,
        tuple(settings.INSTALLED_APPS),
        tuple(map(str, settings.STATICFILES_DIRS)),
        tuple(settings.STATICFILES_FINDERS),
    )


def add_files_from_finders_once(middleware: WhiteNoiseMiddleware) -> None:
    key = _key(middleware)
    if key not in _found:
        before = dict(middleware.files)
        _walk(middleware)
        _found[key] = {url: file for url, file in middleware.files.items() if before.get(url) is not file}
    middleware.files.update(_found[key])


def pytest_configure(config):
    WhiteNoiseMiddleware.add_files_from_finders = add_files_from_finders_once
