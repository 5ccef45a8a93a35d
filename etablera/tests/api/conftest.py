from etablera.testing.api_fixtures import *  # noqa: F403 (the API fixtures, shared by every domain's API tests)
