"""How a server process settles after start-up, before it serves requests.

`freeze_start_up()` moves every object the start-up made (the modules, Django's registries, the URL resolver, the
templates and translation catalogues that a first request loads) out of the garbage collector's reach, with
`gc.freeze()`. Those objects live as long as the process; without the freeze, every collection of the oldest
generation walked all of them again. Measured on the minors' list at national scale (docs/performance.md): one
request in eighteen ran such a collection, 110 ms on top of a 73 ms page, and that was the list's whole p95 tail.
After the freeze the same collections take a few milliseconds.

It is called by etablera/wsgi.py (each gunicorn worker imports it) and by the benchmark runner, which measures the
pages in its own process and must settle the same way a server does.
"""

from __future__ import annotations

import gc


def freeze_start_up(warm=None) -> int:
    """Run `warm()` (requests that load what a first request loads), collect, and freeze what is left. Returns
    the number of objects frozen."""
    if warm is not None:
        warm()
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def warm_up() -> None:
    """Load what a first request would: the URL resolver and the translation catalogues of every language."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 — populates the resolver
    get_resolver()._populate()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):  # activating a language loads its catalogue
            pass
