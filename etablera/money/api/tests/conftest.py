from etablera.money.tests.conftest import *  # noqa: F403
from etablera.testing.api_fixtures import api  # noqa: F401
