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
