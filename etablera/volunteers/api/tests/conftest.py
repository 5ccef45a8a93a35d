from etablera.testing.api_fixtures import *  # noqa: F403
