from etablera.activity.tests.conftest import *  # noqa: F403 (the page fixtures, rita, sara, adult, child)
from etablera.testing.api_fixtures import api  # noqa: F401
