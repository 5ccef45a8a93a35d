from etablera.testing.page_fixtures import *  # noqa: F403 (a received family, for tests that need other units involved)
