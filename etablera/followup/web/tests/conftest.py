from etablera.establishment.tests.conftest import *  # noqa: F403 (the page fixtures: stina, carol, alice, ...)
