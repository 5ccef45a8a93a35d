from etablera.testing.page_fixtures import *  # noqa: F403
