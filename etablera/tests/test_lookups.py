"""field__any=ids (etablera/lookups.py): the same rows as __in, on a field, a primary key and a foreign key, with
one array parameter on PostgreSQL, and nothing for an empty list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from etablera.organisation.models import Municipality, Unit


@pytest.mark.django_db
def test_any_is_in_with_one_parameter():
    ids = list(Municipality.objects.order_by("pk").values_list("pk", flat=True)[:40])
    assert set(Municipality.objects.filter(pk__any=ids)) == set(Municipality.objects.filter(pk__in=ids))
    codes = ["0480", "0381", "9999"]
    assert sorted(Municipality.objects.filter(code__any=codes).values_list("code", flat=True)) == [
        "0381",
        "0480",
    ]
    assert not Municipality.objects.filter(pk__any=[]).exists()
    with CaptureQueriesContext(connection) as captured:
        list(Unit.objects.filter(municipality_id__any=ids))
        list(Unit.objects.filter(municipality__any=ids))
    if connection.vendor == "postgresql":
        assert all("= ANY(" in query["sql"] for query in captured.captured_queries)
