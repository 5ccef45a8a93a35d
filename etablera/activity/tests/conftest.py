"""The activity requirement's tests: the received family of etablera/testing/page_fixtures.py (and the
establishment's rita and sara, the adult and the child). Each part of the domain adds its own people and records in
its tests (or in a fixture module beside them), not here, so that the parts stay out of each other's way."""

from etablera.establishment.tests.conftest import *  # noqa: F403
