"""The server process settles after start-up (web/process.py): what the start-up made is frozen, out of the garbage
collector's walks, and later objects are still collected."""

import gc

from etablera.web.process import freeze_start_up, warm_up


def test_the_start_up_is_frozen_and_later_garbage_is_still_collected():
    try:
        frozen = freeze_start_up(warm_up)
        # Django and Etablera's modules, at the least. Not equal to the count afterwards: a frozen object that
        # loses its last reference is still freed (by reference counting), and the count drops with it.
        assert frozen > 10_000
        assert 10_000 < gc.get_freeze_count() <= frozen

        class Cycle:
            pass

        made = Cycle()
        made.me = made  # a reference cycle: only the collector frees it
        del made
        assert gc.collect() > 0
        assert not any(isinstance(o, Cycle) for o in gc.get_objects())
    finally:
        gc.unfreeze()  # the rest of the test process as it was


def test_the_wsgi_module_freezes_its_start_up():
    import importlib

    import etablera.wsgi

    try:
        gc.unfreeze()
        importlib.reload(etablera.wsgi)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


def test_a_worker_starts_without_the_libraries_only_a_matching_or_a_pdf_needs():
    """Issue #19: each web worker under 250 MB. scipy.optimize (54 MB) and fpdf2 with fontTools and Pillow (32 MB)
    are imported when a worker first runs a matching or makes a PDF, not when it starts: a fresh process that loads
    the WSGI application — every URL, view and export module — holds neither."""
    import os
    import subprocess
    import sys

    script = (
        "import sys, etablera.wsgi; "
        "print(sorted(m for m in ('scipy', 'fpdf', 'fontTools', 'PIL') if m in sys.modules))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "etablera.settings"}
    env.pop("DATABASE_URL", None)  # the settings' embedded default; nothing is queried
    loaded = subprocess.run(  # noqa: S603 — our own interpreter and code
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True, timeout=120
    )
    assert loaded.stdout.strip() == "[]"
