from etablera.minors.tests.conftest import *  # noqa: F403 (the page fixtures, child, case, sigrid, alice, charlie)
from etablera.testing.api_fixtures import api  # noqa: F401
