from etablera.money.tests.conftest import *  # noqa: F403
