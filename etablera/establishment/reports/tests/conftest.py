from etablera.establishment.tests.conftest import *  # noqa: F403 (the page fixtures and rita, sara, adult, child)
