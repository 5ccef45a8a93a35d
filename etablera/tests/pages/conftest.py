from etablera.testing.page_fixtures import *  # noqa: F403 (the page fixtures, shared by every domain's page tests)
