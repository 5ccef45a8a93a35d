from etablera.minors.tests.conftest import *  # noqa: F403
