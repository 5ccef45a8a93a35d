"""The permission matrix has a row for every URL and every API operation, and none for one that is gone: the rows
are checked against the URL resolver and the OpenAPI document, so a new page or endpoint without a row fails."""

from etablera.access.tests.matrix import CASES
from etablera.access.tests.matrix.urls import api_operations, web_url_names


def test_every_url_and_operation_has_a_row():
    keys = {case.key for case in CASES}
    missing = (web_url_names() | api_operations()) - keys
    assert not missing, f"add these to the permission matrix: {sorted(missing)}"
    extra = keys - web_url_names() - api_operations()
    assert not extra, f"rows for URLs that no longer exist: {sorted(extra)}"
